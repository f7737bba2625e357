import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { loadForPage } from "@/app/_lib/page-guard";
import { type MergeableClaim, shorten } from "@/lib/adjudication-merge";
import { makeTarget } from "@/lib/anchoring";
import type { ClaimDto, ClaimTarget } from "@/lib/claim-schema";
import { createOffsetIndex } from "@/lib/offsets";
import { DEFAULT_VERDICT, labelOf, type Taxonomy } from "@/lib/taxonomy";
import { labelFor, REVIEW_STATUS_LABELS } from "@/lib/vocabularies";
import { type AnnotationWorkspace, getAnnotationWorkspace } from "@/server/articles";
import { roleCan } from "@/server/authz";
import { listArticleClaims } from "@/server/claims";
import { type AssignmentItem, listAssignments } from "@/server/team/assignments";
import { AdjudicationProvider, CloseArticleButton, MergeBar, PromoteButton, SelectClaim, WriteGoldForm } from "./_components/adjudication-controls";
import styles from "./adjudicate.module.css";

export const metadata: Metadata = { title: "Adjudicate · Claimwork" };

type SentenceRow = {
  index: number;
  number: number;
  text: string;
  /** The whole sentence as a claim target, for "Write new gold claim" (null for an empty span). */
  target: ClaimTarget | null;
  byAnnotator: Map<string, ClaimDto[]>;
  gold: ClaimDto[];
};

const DATE_FORMAT = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short" });

/** Reviewers and admins only; everyone else (members or not) gets the 404 page. */
async function load(id: string): Promise<{ workspace: AnnotationWorkspace; claims: ClaimDto[]; assignments: AssignmentItem[] }> {
  return loadForPage(id, async ({ actor, db }) => {
    const workspace = await getAnnotationWorkspace(db, actor, id);
    if (!roleCan(workspace.role, "adjudicate")) notFound();
    const [claims, assignments] = await Promise.all([listArticleClaims(db, actor, id), listAssignments(db, actor, id)]);
    return { workspace, claims, assignments };
  });
}

export default async function AdjudicatePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { workspace, claims, assignments } = await load(id);
  const { article, taxonomy, projectName, closure, isBlind } = workspace;
  const submittedCount = assignments.filter((a) => a.status === "submitted").length;
  const index = createOffsetIndex(article.text);

  // listArticleClaims leaves out deleted claims; gold claims get their own column.
  const annotatorClaims = claims.filter((c) => !c.isGold);
  const goldClaims = claims.filter((c) => c.isGold);
  const annotators = [...new Map(annotatorClaims.map((c) => [c.authorId, { id: c.authorId, name: c.authorName }])).values()].sort(
    (a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id),
  );
  const claimCounts = new Map<string, number>();
  for (const c of annotatorClaims) claimCounts.set(c.authorId, (claimCounts.get(c.authorId) ?? 0) + 1);

  const rows: SentenceRow[] = article.sentences.map((s, i) => ({
    index: s.index,
    number: i + 1,
    text: index.slice(s.start, s.end),
    target: s.end > s.start ? makeTarget(index, index.toUtf16(s.start), index.toUtf16(s.end)) : null,
    byAnnotator: new Map(),
    gold: [],
  }));
  /** Positions (in `rows`) of the sentences a claim overlaps; a quote between sentences goes with the one before it. */
  const placeOf = (claim: ClaimDto): number[] => {
    const { start, end } = claim.target;
    const hits = article.sentences.flatMap((s, i) => (s.start < end && s.end > start ? [i] : []));
    if (hits.length || rows.length === 0) return hits;
    let before = 0;
    article.sentences.forEach((s, i) => {
      if (s.start <= start) before = i;
    });
    return [before];
  };
  const spanOf = new Map<string, number[]>();
  for (const claim of claims) {
    const at = placeOf(claim);
    spanOf.set(claim.id, at);
    for (const i of at) {
      const row = rows[i]!;
      if (claim.isGold) row.gold.push(claim);
      else row.byAnnotator.set(claim.authorId, [...(row.byAnnotator.get(claim.authorId) ?? []), claim]);
    }
  }
  const spanNote = (claimId: string): string | null => {
    const at = spanOf.get(claimId) ?? [];
    return at.length > 1 ? `spans sentences ${at[0]! + 1}–${at.at(-1)! + 1}` : null;
  };

  const mergeable: MergeableClaim[] = annotatorClaims.map((c) => ({
    id: c.id,
    start: c.target.start,
    end: c.target.end,
    authorName: c.authorName,
    exact: c.target.exact,
  }));

  return (
    <main className={`page ${styles.wide}`}>
      <p className="row" style={{ justifyContent: "space-between" }}>
        <Link href={`/projects/${article.projectId}`} style={{ flex: "none" }}>
          ← {projectName}
        </Link>
        <Link href={`/articles/${article.id}`} style={{ flex: "none" }}>
          Open the article
        </Link>
      </p>
      <h1>Adjudicate: {article.title}</h1>
      <p className="muted">
        {annotators.length} annotator{annotators.length === 1 ? "" : "s"} · {annotatorClaims.length} claim
        {annotatorClaims.length === 1 ? "" : "s"} · {goldClaims.length} gold claim{goldClaims.length === 1 ? "" : "s"}
      </p>
      <section
        className="card row"
        aria-label="Article status"
        data-testid="article-status"
        style={{ justifyContent: "space-between", marginBottom: "0.75rem" }}
      >
        <p style={{ margin: 0 }}>
          {closure ? (
            <>
              <span className="badge">Closed</span> on {DATE_FORMAT.format(closure.closedAt)}
              {closure.closedByName ? ` by ${closure.closedByName}` : ""}. Annotation has ended
              {isBlind ? "; annotators see everyone’s claims and the gold claims" : ""}.
            </>
          ) : (
            <>
              <span className="badge">Open</span>{" "}
              {assignments.length === 0
                ? "Nobody is assigned."
                : `${submittedCount} of ${assignments.length} assignee${assignments.length === 1 ? "" : "s"} submitted.`}{" "}
              {isBlind
                ? "Blind project: annotators see only their own work (and no gold claims) until you close the article."
                : "Close the article when adjudication is done: annotation on it then ends."}
            </>
          )}
        </p>
        <CloseArticleButton articleId={article.id} isClosed={closure !== null} isBlind={isBlind} />
      </section>
      {annotators.length === 0 && (
        <p className="empty" data-testid="adjudicate-empty">
          Nobody has annotated this article yet. You can still write gold claims sentence by sentence below.
        </p>
      )}

      <AdjudicationProvider articleId={article.id} articleText={article.text} claims={mergeable}>
        <MergeBar canMerge={annotators.length > 0} />
        <div className={styles.scroller}>
          <table className={styles.table} aria-label="Claims by sentence">
            <caption className="muted" style={{ textAlign: "left", padding: "0.5rem" }}>
              Each row is a sentence of the article; each column shows one annotator&apos;s claims on it, and the last column the gold standard.
            </caption>
            <thead>
              <tr>
                <th scope="col">Sentence</th>
                {annotators.map((a) => (
                  <th scope="col" key={a.id}>
                    {a.name} <span className="muted">({claimCounts.get(a.id) ?? 0})</span>
                  </th>
                ))}
                <th scope="col" className={styles.goldColumn}>
                  Gold
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.index} data-testid="adjudicate-sentence">
                  <th scope="row">
                    <span className={styles.sentenceNumber}>Sentence {row.number}</span>
                    {row.text}
                  </th>
                  {annotators.map((a) => {
                    const cell = row.byAnnotator.get(a.id) ?? [];
                    return (
                      <td key={a.id}>
                        {cell.length === 0 ? (
                          <span className={styles.none}>
                            <span aria-hidden="true">—</span>
                            <span className={styles.srOnly}>no claim</span>
                          </span>
                        ) : (
                          <ul className={styles.cellList}>
                            {cell.map((claim) => (
                              <ClaimCard key={claim.id} claim={claim} taxonomy={taxonomy} spanNote={spanNote(claim.id)} />
                            ))}
                          </ul>
                        )}
                      </td>
                    );
                  })}
                  <td className={styles.goldColumn}>
                    {row.gold.length > 0 && (
                      <ul className={styles.cellList}>
                        {row.gold.map((claim) => (
                          <ClaimCard key={claim.id} claim={claim} taxonomy={taxonomy} spanNote={spanNote(claim.id)} />
                        ))}
                      </ul>
                    )}
                    {row.target && (
                      <WriteGoldForm
                        sentenceNumber={row.number}
                        target={row.target}
                        claimTypes={taxonomy.claimTypes}
                        verdicts={taxonomy.verdicts}
                        defaultVerdict={
                          taxonomy.verdicts.some((v) => v.key === DEFAULT_VERDICT) ? DEFAULT_VERDICT : (taxonomy.verdicts[0]?.key ?? DEFAULT_VERDICT)
                        }
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </AdjudicationProvider>
    </main>
  );
}

/** One claim in a cell: quote, labels, speaker, sources; annotators' claims get the select box and Promote. */
function ClaimCard({ claim, taxonomy, spanNote }: { claim: ClaimDto; taxonomy: Taxonomy; spanNote: string | null }) {
  const quote = shorten(claim.target.exact, 200);
  const who = claim.isGold ? `gold claim by ${claim.authorName}` : `${claim.authorName}'s claim`;
  return (
    <li className={`${styles.claim} ${claim.isGold ? styles.gold : ""}`} data-testid={claim.isGold ? "gold-claim" : "annotator-claim"}>
      {claim.isGold ? (
        <span className="badge gold">Gold</span>
      ) : (
        <span className={`badge status-${claim.status}`}>{labelFor(REVIEW_STATUS_LABELS, claim.status)}</span>
      )}
      <p className={styles.quote} title={claim.target.exact.length > quote.length ? claim.target.exact : undefined}>
        “{quote}”
      </p>
      <dl className={styles.meta}>
        <dt>Claim type</dt>
        <dd>{claim.claimType ? labelOf(taxonomy.claimTypes, claim.claimType) : "no type"}</dd>
        <dt>Verdict</dt>
        <dd>verdict: {labelOf(taxonomy.verdicts, claim.verdict)}</dd>
        <dt>Speaker</dt>
        <dd>{claim.speaker ? `speaker: ${claim.speaker}` : "no speaker"}</dd>
        <dt>Sources</dt>
        <dd>
          {claim.sources.length} source{claim.sources.length === 1 ? "" : "s"}
        </dd>
        {claim.isGold && (
          <>
            <dt>Adjudicated by</dt>
            <dd>by {claim.authorName}</dd>
          </>
        )}
        {spanNote && (
          <>
            <dt>Extent</dt>
            <dd>{spanNote}</dd>
          </>
        )}
      </dl>
      {claim.normalizedClaim && <p className={styles.meta}>Normalised: {claim.normalizedClaim}</p>}
      {!claim.isGold && (
        <div className={styles.actions}>
          <SelectClaim claimId={claim.id} label={`Select ${who} “${shorten(claim.target.exact, 50)}” for merging`} />
          <PromoteButton claimId={claim.id} label={`Promote ${who} “${shorten(claim.target.exact, 50)}” to gold`} />
        </div>
      )}
    </li>
  );
}
