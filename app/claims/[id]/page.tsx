import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { cache } from "react";
import { loadForPage } from "@/app/_lib/page-guard";
import { checkWorthinessLabelWith, taxonomyLabelWith } from "@/components/taxonomy-label";
import { claimLink } from "@/lib/client/claim-link";
import { CHECK_WORTHINESS } from "@/lib/taxonomy";
import { getClaimPage } from "@/server/claim-page";

type Params = { params: Promise<{ id: string }> };

/** The claim, loaded once per request (the title and the page both ask for it). */
/** The claim's page data; a claim waiting to be placed on a new revision is shown in its article's re-anchoring queue instead. */
const loadClaimPage = cache(async (id: string) => {
  const page = await loadForPage(id, ({ actor, db }) => getClaimPage(db, actor, id));
  if ("waitingOnArticle" in page) redirect(`/articles/${page.waitingOnArticle}/revisions#queue`);
  return page;
});

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { id } = await params;
  const [{ claim }, t] = await Promise.all([loadClaimPage(id), getTranslations("claim")]);
  return { title: claim.normalizedClaim || t("page.title") };
}

/**
 * A claim's own page, at the IRI the exports give it (W3C annotation `id`,
 * ClaimReview `url`): the quote in its context, the assessment and the
 * evidence, and a way into the article. 404 for anyone who may not see it.
 */
export default async function ClaimPage({ params }: Params) {
  const { id } = await params;
  const [{ claim, article, taxonomy }, t, tv] = await Promise.all([loadClaimPage(id), getTranslations("claim"), getTranslations("vocab")]);
  const checkWorthiness = CHECK_WORTHINESS.find((c) => c.value === claim.checkWorthiness);
  const articleLanguage = article.language ?? undefined;
  return (
    <main className="page narrow">
      <p className="muted">
        {t.rich("page.inArticle", {
          title: article.title,
          link: (chunks) => (
            <Link href={`/articles/${article.id}`} lang={articleLanguage}>
              {chunks}
            </Link>
          ),
        })}
        {claim.isGold ? ` · ${t("page.gold")}` : ""} · {tv(`reviewStatus.${claim.status}`)} · {t("page.by", { name: claim.authorName })}
      </p>
      <h1>{claim.normalizedClaim || t("page.title")}</h1>
      <blockquote className="card" lang={claim.language ?? articleLanguage} data-testid="claim-quote">
        <span className="muted">…{claim.target.prefix}</span>
        <mark>{claim.target.exact}</mark>
        <span className="muted">{claim.target.suffix}…</span>
      </blockquote>
      <dl className="card">
        <dt>{t("page.type")}</dt>
        <dd>{taxonomyLabelWith(tv, "claimTypes", taxonomy.claimTypes, claim.claimType) || "—"}</dd>
        <dt>{t("fields.checkWorthiness")}</dt>
        <dd>{checkWorthiness ? `${checkWorthiness.value} · ${checkWorthinessLabelWith(tv, checkWorthiness.value)}` : "—"}</dd>
        <dt>{t("fields.speaker")}</dt>
        <dd>{claim.speaker || "—"}</dd>
        <dt>{t("fields.verdict")}</dt>
        <dd>{taxonomyLabelWith(tv, "verdicts", taxonomy.verdicts, claim.verdict)}</dd>
        {claim.rationale && (
          <>
            <dt>{t("fields.rationale")}</dt>
            <dd style={{ whiteSpace: "pre-wrap" }}>{claim.rationale}</dd>
          </>
        )}
        {claim.tags.length > 0 && (
          <>
            <dt>{t("fields.tags")}</dt>
            <dd>{claim.tags.join(", ")}</dd>
          </>
        )}
      </dl>
      {claim.sources.length > 0 && (
        <section aria-labelledby="sources-heading">
          <h2 id="sources-heading">{t("fields.sources")}</h2>
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
                <span className="badge">{taxonomyLabelWith(tv, "stances", taxonomy.stances, source.stance)}</span>
                {source.publisher && <span className="muted"> · {source.publisher}</span>}
                {source.excerpt && <blockquote>{source.excerpt}</blockquote>}
              </li>
            ))}
          </ol>
        </section>
      )}
      <p>
        <Link href={claimLink(article.id, claim.id)}>{t("page.openArticle")}</Link>
        {article.sourceUrl && (
          <>
            {" · "}
            <a href={article.sourceUrl} rel="noopener noreferrer nofollow">
              {article.publisher ? t("page.originalFrom", { publisher: article.publisher }) : t("page.original")}
            </a>
          </>
        )}
      </p>
    </main>
  );
}
