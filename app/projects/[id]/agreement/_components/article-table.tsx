import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { ListTable } from "@/components/list-table";
import { ARTICLE_SORTS, type ArticleAgreementPage, type ArticleAgreementQuery, type ArticleSort, type LeftOut } from "@/server/team/agreement";
import { AgreementChart } from "./agreement-chart";
import { formatScore } from "./format";

// The agreement page's per-article part: no state, rendered by the server page (and by its component tests).

/** How many articles do not count, and why. */
export function LeftOutNotice({ leftOut }: { leftOut: LeftOut }) {
  const t = useTranslations("agreement");
  return (
    <p data-testid="agreement-left-out">
      {t("leftOut", { count: leftOut.oneSubmitted + leftOut.noneSubmitted, one: leftOut.oneSubmitted, none: leftOut.noneSubmitted })}
    </p>
  );
}

/** A page of per-article figures with its order and page links (plain links: the page reads them from its address). */
export function ArticleTable({ projectId, page }: { projectId: string; page: ArticleAgreementPage }) {
  const t = useTranslations("agreement.articles");
  const format = useFormatter();
  const score = (value: number | null) => formatScore(format, value);
  const href = (changes: Partial<ArticleAgreementQuery>) => {
    const next = { sort: page.sort, offset: page.offset, limit: page.limit, ...changes };
    return `/projects/${projectId}/agreement?${new URLSearchParams({ sort: next.sort, offset: String(next.offset), limit: String(next.limit) })}`;
  };
  const sortLabel: Record<ArticleSort, string> = { agreement: t("sortAgreement"), title: t("sortTitle") };
  const from = page.total === 0 ? 0 : page.offset + 1;
  const to = page.offset + page.rows.length;
  return (
    <section aria-labelledby="agreement-articles-heading">
      <h2 id="agreement-articles-heading">{t("heading")}</h2>
      <nav aria-label={t("order")} className="row">
        <span>{t("order")}:</span>
        {ARTICLE_SORTS.map((sort) =>
          sort === page.sort ? (
            <strong key={sort} aria-current="true">
              {sortLabel[sort]}
            </strong>
          ) : (
            <Link key={sort} href={href({ sort, offset: 0 })}>
              {sortLabel[sort]}
            </Link>
          ),
        )}
      </nav>
      <ListTable
        label={t("table")}
        rows={page.rows}
        rowKey={(r) => r.articleId}
        empty={t("empty")}
        columns={[
          { header: t("article"), cell: (r) => <Link href={`/projects/${projectId}/agreement/${r.articleId}`}>{r.title}</Link> },
          { header: t("annotators"), isNumeric: true, cell: (r) => format.number(r.annotatorCount) },
          { header: t("sentences"), isNumeric: true, cell: (r) => format.number(r.sentences) },
          { header: t("alphaClaim"), isNumeric: true, cell: (r) => score(r.alphaClaim) },
          { header: t("alphaClaimType"), isNumeric: true, cell: (r) => score(r.alphaClaimType) },
          { header: t("alphaUnitizing"), isNumeric: true, cell: (r) => score(r.alphaUnitizing) },
          { header: t("f1Exact"), isNumeric: true, cell: (r) => score(r.meanF1Exact) },
          { header: t("f1Overlap"), isNumeric: true, cell: (r) => score(r.meanF1Overlap) },
          {
            header: t("disagreements"),
            cell: (r) => <Link href={`/projects/${projectId}/agreement/${r.articleId}`}>{t("disagreementCounts", r.disagreements)}</Link>,
          },
        ]}
      />
      {page.rows.length > 1 && (
        <AgreementChart
          title={t("chartTitle")}
          tableName={t("table")}
          bars={page.rows.map((r) => ({ key: r.articleId, label: r.title, value: r.alphaClaim }))}
        />
      )}
      {page.total > 0 && (
        <nav aria-label={t("pagination")} className="row">
          <span>{t("range", { from, to, total: page.total })}</span>
          {page.offset > 0 && <Link href={href({ offset: Math.max(0, page.offset - page.limit) })}>{t("previous")}</Link>}
          {to < page.total && <Link href={href({ offset: page.offset + page.limit })}>{t("next")}</Link>}
        </nav>
      )}
    </section>
  );
}
