import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { useTranslations } from "next-intl";
import { getFormatter, getTranslations } from "next-intl/server";
import { cache } from "react";
import { loadForPage } from "@/app/_lib/page-guard";
import { DateTime } from "@/components/date-time";
import { useTaxonomyLabel } from "@/components/taxonomy-label";
import { parseSentenceView, type SentenceView } from "@/lib/adjudication-agreed";
import { type MergeableClaim, shorten } from "@/lib/adjudication-merge";
import type { ClaimDto } from "@/lib/claim-schema";
import { createOffsetIndex } from "@/lib/offsets";
import type { Taxonomy } from "@/lib/taxonomy";
import { type AnnotationWorkspace, getAnnotationWorkspace } from "@/server/articles";
import { roleCan } from "@/server/authz";
import { listArticleClaims } from "@/server/claims";
import { type AgreementOverview, getAgreementOverview } from "@/server/team/adjudication";
import { type AssignmentItem, listAssignments } from "@/server/team/assignments";
import {
  AcceptAgreedButton,
  AdjudicationProvider,
  CloseArticleButton,
  EditThenPromote,
  MergeBar,
  PromoteButton,
  SelectClaim,
  WriteGoldForm,
} from "./_components/adjudication-controls";
import { SentenceViewSwitch, sentenceViewHref } from "./_components/sentence-view-switch";
import styles from "./adjudicate.module.css";

type SentenceRow = {
  index: number;
  number: number;
  text: string;
  /** The sentence in code points, for "Write new gold claim" (which offers no form on an empty one). */
  start: number;
  end: number;
  /** Disputed or agreed among the submitted annotators; null when that cannot be told (fewer than two, or not annotatable). */
  agreement: "disputed" | "agreed" | null;
  byAnnotator: Map<string, ClaimDto[]>;
  gold: ClaimDto[];
};

/**
 * Reviewers and admins only; everyone else (members or not) gets the 404 page.
 * Cached for the request, so the title and the page load it once.
 */
const load = cache(
  async (id: string): Promise<{ workspace: AnnotationWorkspace; claims: ClaimDto[]; assignments: AssignmentItem[]; overview: AgreementOverview }> => {
    return loadForPage(id, async ({ actor, db }) => {
      const workspace = await getAnnotationWorkspace(db, actor, id);
      if (!roleCan(workspace.role, "adjudicate")) notFound();
      const [claims, assignments, overview] = await Promise.all([
        listArticleClaims(db, actor, id),
        listAssignments(db, actor, id),
        getAgreementOverview(db, actor, id),
      ]);
      return { workspace, claims, assignments, overview };
    });
  },
);

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const [{ workspace }, t] = await Promise.all([load((await params).id), getTranslations("review.adjudicate")]);
  return { title: t("title", { title: workspace.article.title }) };
}

export default async function AdjudicatePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id } = await params;
  const [{ workspace, claims, assignments, overview }, t, format, query] = await Promise.all([
    load(id),
    getTranslations("review.adjudicate"),
    getFormatter(),
    searchParams,
  ]);
  // A hand-edited ?show= falls back to the default (all sentences); so does "disputed" when nothing can be compared.
  const view: SentenceView = overview.isComparable ? parseSentenceView(query.show) : "all";
  const { article, taxonomy, projectName, closure, isBlind } = workspace;
  const submittedCount = assignments.filter((a) => a.status === "submitted").length;
  const index = createOffsetIndex(article.text);

  // listArticleClaims leaves out deleted claims; gold claims get their own column. The columns are the
  // article's assigned annotators (a reviewer's own stray claim is not a column of independent work); an
  // article nobody was assigned (someone annotating alone) shows everyone who claimed.
  const assigned = new Map(assignments.map((a) => [a.userId, { id: a.userId, name: a.userName }]));
  const isColumnWork = (c: ClaimDto) => !c.isGold && (assigned.size === 0 || assigned.has(c.authorId));
  const annotatorClaims = claims.filter(isColumnWork);
  const strayCount = claims.filter((c) => !c.isGold && !isColumnWork(c)).length;
  const goldClaims = claims.filter((c) => c.isGold);
  const annotators = [
    ...(assigned.size > 0 ? assigned : new Map(annotatorClaims.map((c) => [c.authorId, { id: c.authorId, name: c.authorName }]))).values(),
  ].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  const claimCounts = new Map<string, number>();
  for (const c of annotatorClaims) claimCounts.set(c.authorId, (claimCounts.get(c.authorId) ?? 0) + 1);

  const disputed = new Set(overview.disputed);
  const agreed = new Set(overview.agreed);
  const rows: SentenceRow[] = article.sentences.map((s) => ({
    index: s.index,
    // The stored index, counted from 0 as every export counts sentences (and the agreement drill-down links here by it).
    number: s.index,
    text: index.slice(s.start, s.end),
    start: s.start,
    end: s.end,
    agreement: disputed.has(s.index) ? "disputed" : agreed.has(s.index) ? "agreed" : null,
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
    // Numbered as the rows are (from 0), not by position in the list.
    return at.length > 1 ? t("spansSentences", { from: rows[at[0]!]!.number, to: rows[at.at(-1)!]!.number }) : null;
  };

  const shownRows = view === "disputed" ? rows.filter((r) => r.agreement === "disputed") : rows;

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
          {t("openArticle")}
        </Link>
      </p>
      <h1>{t("title", { title: article.title })}</h1>
      <p className="muted">{t("counts", { annotators: annotators.length, claims: annotatorClaims.length, gold: goldClaims.length })}</p>
      {strayCount > 0 && <p className="muted">{t("strayClaims", { count: strayCount })}</p>}
      <p className="muted">{t("numbering")}</p>
      <section
        className="card row"
        aria-label={t("statusRegion")}
        data-testid="article-status"
        style={{ justifyContent: "space-between", marginBottom: "0.75rem" }}
      >
        <p style={{ margin: 0 }}>
          {closure ? (
            <>
              {t.rich(closure.closedByName ? "closedBy" : "closed", {
                badge: (chunks) => <span className="badge">{chunks}</span>,
                date: () => <DateTime value={closure.closedAt} />,
                name: closure.closedByName ?? "",
              })}{" "}
              {isBlind ? t("endedBlind") : t("ended")}
            </>
          ) : (
            <>
              <span className="badge">{t("open")}</span>{" "}
              {assignments.length === 0 ? t("nobodyAssigned") : t("submittedOf", { submitted: submittedCount, total: assignments.length })}{" "}
              {isBlind ? t("blindHint") : t("closeHint")}
            </>
          )}
        </p>
        <CloseArticleButton articleId={article.id} isClosed={closure !== null} isBlind={isBlind} />
      </section>
      {annotators.length === 0 && (
        <p className="empty" data-testid="adjudicate-empty">
          {t("empty")}
        </p>
      )}
      {overview.isComparable ? (
        <div className={styles.viewBar}>
          <SentenceViewSwitch articleId={article.id} view={view} disputedCount={overview.disputed.length} allCount={rows.length} />
          <p className="muted" style={{ margin: 0 }}>
            {t("viewHint", { annotators: overview.annotatorCount })}
          </p>
          <AcceptAgreedButton
            articleId={article.id}
            count={overview.toAccept}
            annotatorCount={overview.annotatorCount}
            already={overview.alreadyGold}
          />
        </div>
      ) : (
        annotators.length > 0 && <p className="muted">{t("notComparable", { count: overview.annotatorCount })}</p>
      )}
      {view === "disputed" && shownRows.length === 0 && (
        <p className="empty" data-testid="adjudicate-no-disputed">
          {t("noDisputed", { annotators: overview.annotatorCount })} <Link href={sentenceViewHref(article.id, "all")}>{t("showAll")}</Link>
        </p>
      )}

      <AdjudicationProvider articleId={article.id} articleText={article.text} claims={mergeable}>
        <MergeBar canMerge={annotators.length > 0} />
        <div className={styles.scroller}>
          <table className={styles.table} aria-label={t("table")}>
            <caption className="muted" style={{ textAlign: "left", padding: "0.5rem" }}>
              {t("caption")}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t("sentence")}</th>
                {annotators.map((a) => (
                  <th scope="col" key={a.id}>
                    {a.name}{" "}
                    <span className="muted" title={t("annotatorClaims", { count: claimCounts.get(a.id) ?? 0 })}>
                      ({format.number(claimCounts.get(a.id) ?? 0)})
                    </span>
                  </th>
                ))}
                <th scope="col" className={styles.goldColumn}>
                  {t("gold")}
                </th>
              </tr>
            </thead>
            <tbody>
              {shownRows.map((row) => (
                <tr key={row.index} id={`sentence-${row.index}`} data-testid="adjudicate-sentence" data-agreement={row.agreement ?? undefined}>
                  <th scope="row">
                    <span className={styles.sentenceNumber}>
                      {t("sentenceNumber", { number: row.number })}
                      {row.agreement && (
                        <>
                          {" "}
                          <span className={`badge ${row.agreement === "disputed" ? styles.disputed : styles.agreed}`}>
                            {row.agreement === "disputed" ? t("disputedBadge") : t("agreedBadge")}
                          </span>
                        </>
                      )}
                    </span>
                    {row.text}
                  </th>
                  {annotators.map((a) => {
                    const cell = row.byAnnotator.get(a.id) ?? [];
                    return (
                      <td key={a.id}>
                        {cell.length === 0 ? (
                          <span className={styles.none}>
                            <span aria-hidden="true">—</span>
                            <span className={styles.srOnly}>{t("noClaim")}</span>
                          </span>
                        ) : (
                          <ul className={styles.cellList}>
                            {cell.map((claim) => (
                              <ClaimCard
                                key={claim.id}
                                claim={claim}
                                taxonomy={taxonomy}
                                spanNote={spanNote(claim.id)}
                                editKey={`claim:${claim.id}:${row.index}`}
                                projectId={article.projectId}
                                articleLanguage={article.language ?? undefined}
                              />
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
                    {row.end > row.start && (
                      <WriteGoldForm
                        sentenceNumber={row.number}
                        sentence={{ start: row.start, end: row.end }}
                        taxonomy={taxonomy}
                        projectId={article.projectId}
                        articleLanguage={article.language ?? undefined}
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
function ClaimCard({
  claim,
  taxonomy,
  spanNote,
  editKey,
  projectId,
  articleLanguage,
}: {
  claim: ClaimDto;
  taxonomy: Taxonomy;
  spanNote: string | null;
  /** For an annotator's claim: the page-unique key of its "Edit, then promote" form. */
  editKey?: string;
  projectId?: string;
  articleLanguage?: string;
}) {
  const t = useTranslations("review.adjudicate");
  const tVocab = useTranslations("vocab");
  const label = useTaxonomyLabel();
  const quote = shorten(claim.target.exact, 200);
  const named = { name: claim.authorName, quote: shorten(claim.target.exact, 50) };
  return (
    <li className={`${styles.claim} ${claim.isGold ? styles.gold : ""}`} data-testid={claim.isGold ? "gold-claim" : "annotator-claim"}>
      {claim.isGold ? (
        <span className="badge gold">{t("gold")}</span>
      ) : (
        <span className={`badge status-${claim.status}`}>{tVocab(`reviewStatus.${claim.status}`)}</span>
      )}
      <p className={styles.quote} title={claim.target.exact.length > quote.length ? claim.target.exact : undefined}>
        “{quote}”
      </p>
      <dl className={styles.meta}>
        <dt>{t("claimType")}</dt>
        <dd>{claim.claimType ? label("claimTypes", taxonomy.claimTypes, claim.claimType) : t("noType")}</dd>
        <dt>{t("verdict")}</dt>
        <dd>{t("verdictValue", { verdict: label("verdicts", taxonomy.verdicts, claim.verdict) })}</dd>
        <dt>{t("speaker")}</dt>
        <dd>{claim.speaker ? t("speakerValue", { speaker: claim.speaker }) : t("noSpeaker")}</dd>
        <dt>{t("sources")}</dt>
        <dd>{t("sourceCount", { count: claim.sources.length })}</dd>
        {claim.isGold && (
          <>
            <dt>{t("adjudicatedBy")}</dt>
            <dd>{t("byName", { name: claim.authorName })}</dd>
          </>
        )}
        {spanNote && (
          <>
            <dt>{t("extent")}</dt>
            <dd>{spanNote}</dd>
          </>
        )}
      </dl>
      {claim.normalizedClaim && <p className={styles.meta}>{t("normalised", { claim: claim.normalizedClaim })}</p>}
      {!claim.isGold && (
        <div className={styles.actions}>
          <SelectClaim claimId={claim.id} label={t("selectForMerge", named)} />
          <PromoteButton claimId={claim.id} label={t("promoteToGold", named)} />
        </div>
      )}
      {!claim.isGold && editKey && (
        <EditThenPromote
          claim={claim}
          formKey={editKey}
          label={t("editThenPromoteForm", named)}
          taxonomy={taxonomy}
          projectId={projectId}
          articleLanguage={articleLanguage}
        />
      )}
    </li>
  );
}
