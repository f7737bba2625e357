import type { FormHTMLAttributes } from "react";

type Props = Omit<FormHTMLAttributes<HTMLFormElement>, "onSubmit"> & {
  /** Handed the form itself, to read its fields or reset it. */
  onSubmit: (form: HTMLFormElement) => void | Promise<void>;
};

/**
 * A form that script sends: the browser's own submit (a page load) never happens.
 * Takes a handler, so only client components render it.
 */
export function ScriptForm({ onSubmit, ...formProps }: Props) {
  return (
    <form
      {...formProps}
      onSubmit={(event) => {
        event.preventDefault();
        void onSubmit(event.currentTarget);
      }}
    />
  );
}
