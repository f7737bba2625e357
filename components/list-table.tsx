import type { ReactNode } from "react";

/** One column of a list table: its header, and what each row shows under it. */
export type ListColumn<Row> = {
  header: ReactNode;
  /** Figures: the header and every cell get the `num` class (right-aligned, tabular digits). */
  isNumeric?: boolean;
  cell: (row: Row) => ReactNode;
};

type Props<Row> = {
  /** The table's accessible name (tests and screen readers find the table by it). */
  label: string;
  /** A `false` entry is a column this viewer does not get (`canAssign && { … }`). */
  columns: ReadonlyArray<ListColumn<NoInfer<Row>> | false>;
  rows: readonly Row[];
  rowKey: (row: Row, index: number) => string | number;
  /** A visible title above the table. */
  caption?: string;
  /** Shown in place of the table when there are no rows; without it an empty table is drawn. */
  empty?: string;
};

/**
 * The `list` table every page draws: a header row, then one row per item. Holds no
 * data and no state, so server pages and client forms both render it.
 */
export function ListTable<Row>({ label, columns: maybeColumns, rows, rowKey, caption, empty }: Props<Row>) {
  if (empty !== undefined && rows.length === 0) return <p className="empty">{empty}</p>;
  const columns = maybeColumns.filter((column): column is ListColumn<Row> => column !== false);
  const numClass = (column: ListColumn<Row>) => (column.isNumeric ? "num" : undefined);
  return (
    // The wrapper scrolls a wide table on its own, so a narrow screen never scrolls the page sideways (WCAG 1.4.10
    // exempts tables); focusable and named, so a keyboard can scroll it too (WCAG 2.1.1; axe: scrollable-region-focusable).
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard to be scrolled by it
    <section className="table-scroll" aria-label={label} tabIndex={0}>
      <table className="list" aria-label={label}>
        {caption !== undefined && <caption style={{ textAlign: "left" }}>{caption}</caption>}
        <thead>
          <tr>
            {columns.map((column, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a table's columns are fixed for the render; their place is who they are
              <th key={i} className={numClass(column)}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={rowKey(row, index)}>
              {columns.map((column, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: as for the header cells
                <td key={i} className={numClass(column)}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
