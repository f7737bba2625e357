import { useFormatter } from "next-intl";

/**
 * A moment as the pages show it, in the interface's language and the
 * configured time zone ("3. März 2025, 14:05" / "3 Mar 2025, 14:05"), inside
 * a machine-readable <time>. `precision`: the article list wants minutes, the
 * activity log seconds. Works in server and client components alike.
 */
export function DateTime({ value, precision = "minutes" }: { value: Date | string; precision?: "minutes" | "seconds" }) {
  const format = useFormatter();
  const date = typeof value === "string" ? new Date(value) : value;
  return (
    <time dateTime={date.toISOString()}>
      {format.dateTime(date, { dateStyle: "medium", timeStyle: precision === "seconds" ? "medium" : "short" })}
    </time>
  );
}
