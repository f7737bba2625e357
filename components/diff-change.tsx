import type { RevisionDiffSegment } from "@/lib/revision-diff";

/**
 * One added or removed piece of a word-level diff (lib/revision-diff.ts): underlined or struck through
 * (`<ins>`, `<del>`, styled by `.revision-diff`), and said in words first, since screen readers announce
 * neither element. `word` is the interface's word for the change ("added", "hinzugefügt").
 */
export function DiffChange({ kind, text, word }: { kind: Exclude<RevisionDiffSegment["kind"], "same">; text: string; word: string }) {
  const Tag = kind === "added" ? "ins" : "del";
  return (
    <Tag>
      <span className="sr-only">{`[${word}] `}</span>
      {text}
    </Tag>
  );
}
