"use client";

import { useState } from "react";

/** A form's problems by field, each shown beside its field. */
export type FieldProblems<F extends string> = Partial<Record<F, string>>;

/**
 * The per-field problems of a form, as the account forms show them: set after
 * a submit (the first field with a problem takes the focus) and cleared for a
 * field as soon as it changes.
 */
export function useFieldProblems<F extends string>(order: readonly F[]) {
  const [problems, setProblems] = useState<FieldProblems<F>>({});
  return {
    problems,
    clear: () => setProblems({}),
    show(form: HTMLFormElement, fields: FieldProblems<F>) {
      setProblems(fields);
      const first = order.find((field) => fields[field]);
      const input = first ? form.elements.namedItem(first) : null;
      if (input instanceof HTMLElement) input.focus();
    },
    edited(field: F) {
      if (problems[field]) setProblems((current) => ({ ...current, [field]: undefined }));
    },
  };
}

/** The ids a field's `aria-describedby` names: its problem's (when it has one) and any hints. */
export function describedBy(field: string, problem: string | undefined, ...others: string[]): string | undefined {
  return [problem ? `${field}-error` : "", ...others].filter(Boolean).join(" ") || undefined;
}

/** A field's problem, under the id `describedBy` names. */
export function FieldProblem({ field, problem }: { field: string; problem: string | undefined }) {
  return problem ? (
    <p className="error" id={`${field}-error`}>
      {problem}
    </p>
  ) : null;
}
