import type { useFormatter } from "next-intl";

type NumberFormatter = Pick<ReturnType<typeof useFormatter>, "number">;

/** An agreement figure to two decimals in the interface's language ("0.48", "0,48"); "—" where it cannot be computed. */
export function formatScore(format: NumberFormatter, value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : format.number(value, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}
