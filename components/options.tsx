/** The `<option>`s of a select, one per entry: `key` is the value sent, `label` the words shown. */
export function Options({ entries }: { entries: ReadonlyArray<{ key: string; label: string }> }) {
  return entries.map((entry) => (
    <option key={entry.key} value={entry.key}>
      {entry.label}
    </option>
  ));
}
