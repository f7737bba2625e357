import type { Metadata } from "next";
import Link from "next/link";
import { loadForPage } from "@/app/_lib/page-guard";
import { getClaimPage } from "@/server/claim-page";

export const metadata: Metadata = { title: "Claim · Claimwork" };

/**
 * A claim's own page, at the IRI the exports give it (W3C annotation `id`,
 * ClaimReview `url`): the quote in its context, the assessment and the
 * evidence, and a way into the article. 404 for anyone who may not see it.
 */
export default async function ClaimPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { claim, article, taxonomy } = await loadForPage(id, ({ actor, db }) => getClaimPage(db, actor, id));
  const typeLabel = taxonomy.claimTypes.find((t) => t.key === claim.claimType)?.label ?? claim.claimType;
  const verdictLabel = taxonomy.verdicts.find((v) => v.key === claim.verdict)?.label ?? claim.verdict;
  const stanceLabel = (key: string) => taxonomy.stances.find((s) => s.key === key)?.label ?? key;
  const lang = article.language ?? undefined;
  return (
    <main className="page narrow">
      <p className="muted">
        Claim in <Link href={`/articles/${article.id}`}>{article.title}</Link>
        {claim.isGold ? " · gold" : ""} · {claim.status.replace("_", " ")} · by {claim.authorName}
      </p>
      <h1>{claim.normalizedClaim || "Claim"}</h1>
      <blockquote className="card" lang={lang} data-testid="claim-quote">
        <span className="muted">…{claim.target.prefix}</span>
        <mark>{claim.target.exact}</mark>
        <span className="muted">{claim.target.suffix}…</span>
      </blockquote>
      <dl className="card">
        <dt>Type</dt>
        <dd>{typeLabel ?? "—"}</dd>
        <dt>Check-worthiness</dt>
        <dd>{claim.checkWorthiness ?? "—"}</dd>
        <dt>Speaker</dt>
        <dd>{claim.speaker || "—"}</dd>
        <dt>Verdict</dt>
        <dd>{verdictLabel}</dd>
        {claim.rationale && (
          <>
            <dt>Rationale</dt>
            <dd style={{ whiteSpace: "pre-wrap" }}>{claim.rationale}</dd>
          </>
        )}
        {claim.tags.length > 0 && (
          <>
            <dt>Tags</dt>
            <dd>{claim.tags.join(", ")}</dd>
          </>
        )}
      </dl>
      {claim.sources.length > 0 && (
        <section aria-labelledby="sources-heading">
          <h2 id="sources-heading">Sources</h2>
          <ol>
            {claim.sources.map((source) => (
              <li key={source.id}>
                {/^https?:\/\//i.test(source.url) ? (
                  <a href={source.url} rel="noopener noreferrer nofollow">
                    {source.title || source.url}
                  </a>
                ) : (
                  source.title || source.url
                )}{" "}
                <span className="badge">{stanceLabel(source.stance)}</span>
                {source.publisher && <span className="muted"> · {source.publisher}</span>}
                {source.excerpt && <blockquote>{source.excerpt}</blockquote>}
              </li>
            ))}
          </ol>
        </section>
      )}
      <p>
        <Link href={`/articles/${article.id}`}>Open the article</Link>
        {article.sourceUrl && (
          <>
            {" · "}
            <a href={article.sourceUrl} rel="noopener noreferrer nofollow">
              Original{article.publisher ? ` (${article.publisher})` : ""}
            </a>
          </>
        )}
      </p>
    </main>
  );
}
