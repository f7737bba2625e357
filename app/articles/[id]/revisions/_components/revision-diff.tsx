import { getTranslations } from "next-intl/server";
import { DiffChange } from "@/components/diff-change";
import { codePointLength } from "@/lib/offsets";
import type { RevisionDiffSegment } from "@/lib/revision-diff";

/** Unchanged text longer than this is shown by its ends only, so a long article's few changes can be found. */
const KEEP_WHOLE = 600;
/** How much of a long unchanged stretch is shown at each end (UTF-16 units, cut at a space where there is one). */
const KEEP_END = 200;

function head(text: string): string {
  const cut = text.lastIndexOf(" ", KEEP_END);
  return text.slice(0, cut > KEEP_END / 2 ? cut : KEEP_END);
}

function tail(text: string): string {
  const from = text.length - KEEP_END;
  const cut = text.indexOf(" ", from);
  return text.slice(cut !== -1 && cut < from + KEEP_END / 2 ? cut : from);
}

/**
 * A word-level diff between two revisions, as text: added words underlined
 * (`<ins>`), removed ones struck through (`<del>`) — each also said in words
 * to screen readers, which announce neither — and long unchanged stretches shortened to their ends.
 */
export async function RevisionDiff({ segments, from, to }: { segments: readonly RevisionDiffSegment[]; from: number; to: number }) {
  const t = await getTranslations("revisions.diff");
  const count = (kind: RevisionDiffSegment["kind"]) => segments.filter((s) => s.kind === kind).reduce((n, s) => n + codePointLength(s.text), 0);
  const added = count("added");
  const removed = count("removed");
  if (added === 0 && removed === 0) return <p className="empty">{t("same")}</p>;
  return (
    <>
      <p role="status">{t("summary", { from, to, added, removed })}</p>
      <p className="muted">{t("legend")}</p>
      <div className="card revision-diff" data-testid="revision-diff" style={{ whiteSpace: "pre-wrap" }}>
        {segments.map((segment, i) => {
          const key = `${i}:${segment.kind}`;
          if (segment.kind !== "same") return <DiffChange key={key} kind={segment.kind} text={segment.text} word={t(segment.kind)} />;
          if (segment.text.length <= KEEP_WHOLE) return <span key={key}>{segment.text}</span>;
          const start = i === 0 ? "" : head(segment.text);
          const end = i === segments.length - 1 ? "" : tail(segment.text);
          const hidden = codePointLength(segment.text) - codePointLength(start) - codePointLength(end);
          return (
            <span key={key}>
              {start}
              <span className="muted">{`\n${t("unchanged", { count: hidden })}\n`}</span>
              {end}
            </span>
          );
        })}
      </div>
    </>
  );
}
