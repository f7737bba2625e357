import type { Metadata } from "next";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { loadForPage } from "@/app/_lib/page-guard";
import { ListTable } from "@/components/list-table";
import { taxonomyLabelWith } from "@/components/taxonomy-label";
import type { Taxonomy } from "@/lib/taxonomy";
import { roleCan } from "@/server/authz";
import {
  type AgreementReport,
  ARTICLE_SORTS,
  type ArticleAgreementPage,
  type ArticleAgreementQuery,
  type ArticleSort,
  articleAgreementQuerySchema,
  getProjectAgreement,
  type LeftOut,
  listArticleAgreement,
} from "@/server/team/agreement";
import { getProject } from "@/server/team/projects";
import { AgreementChart } from "./_components/agreement-chart";
import { formatScore } from "./_components/format";

/** The pair table shows this many (lowest κ first); the full list is in GET /api/projects/:id/agreement. */
const PAIRS_SHOWN = 50;

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("agreement");
  return { title: t("title") };
}

/** The page's query (order and page of the per-article table); anything invalid reads as the defaults, as a link typed by hand should still open the page. */
function readQuery(raw: Record<string, string | string[] | undefined>): ArticleAgreementQuery {
  const single = Object.fromEntries(Object.entries(raw).flatMap(([k, v]) => (typeof v === "string" ? [[k, v]] : [])));
  const parsed = articleAgreementQuerySchema.safeParse(single);
  return parsed.success ? parsed.data : articleAgreementQuerySchema.parse({});
}

/**
 * The project's agreement for reviewers and admins: the per-article table
 * first (a page at a time, cheap at desk scale), then the pooled figures,
 * per pair and per claim type, which read every counted claim and so stream
 * in under their own Suspense boundary instead of holding the page back.
 */
export default async function AgreementPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: SearchParams }) {
  const { id } = await params;
  const query = readQuery(await searchParams);
  const [{ project, page }, t, tVocab] = await Promise.all([
    loadForPage(id, async ({ actor, db }) => {
      const project = await getProject(db, actor, id);
      return { project, page: roleCan(project.role, "review") ? await listArticleAgreement(db, actor, id, query) : null };
    }),
    getTranslations("agreement"),
    getTranslations("vocab"),
  ]);
  return (
    <main className="page">
      <p>
        <Link href={`/projects/${project.id}`}>{t("backToProject", { project: project.name })}</Link>
      </p>
      <h1>{t("title")}</h1>
      {page === null ? (
        <p className="error">{t("notReviewer", { role: tVocab(`projectRole.${project.role}`) })}</p>
      ) : (
        <>
          <LeftOutNotice leftOut={page.leftOut} />
          <p className="muted">{t("explanation")}</p>
          <ArticleTable projectId={project.id} page={page} />
          <Suspense fallback={<p className="muted">{t("loading")}</p>}>
            <PooledSections projectId={project.id} taxonomy={project.taxonomy} />
          </Suspense>
        </>
      )}
    </main>
  );
}

function LeftOutNotice({ leftOut }: { leftOut: LeftOut }) {
  const t = useTranslations("agreement");
  return (
    <p data-testid="agreement-left-out">
      {t("leftOut", { count: leftOut.oneSubmitted + leftOut.noneSubmitted, one: leftOut.oneSubmitted, none: leftOut.noneSubmitted })}
    </p>
  );
}

function ArticleTable({ projectId, page }: { projectId: string; page: ArticleAgreementPage }) {
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

/** The pooled figures: loads every counted claim of the project, hence its own boundary. */
async function PooledSections({ projectId, taxonomy }: { projectId: string; taxonomy: Taxonomy }) {
  const [report, tVocab] = await Promise.all([
    loadForPage(projectId, ({ actor, db }) => getProjectAgreement(db, actor, projectId)),
    getTranslations("vocab"),
  ]);
  const typeLabel = (key: string) => taxonomyLabelWith(tVocab, "claimTypes", taxonomy.claimTypes, key) || key;
  return <Pooled report={report} typeLabel={typeLabel} />;
}

function Pooled({ report, typeLabel }: { report: AgreementReport; typeLabel: (key: string) => string }) {
  const t = useTranslations("agreement");
  const format = useFormatter();
  const score = (value: number | null | undefined) => formatScore(format, value);
  const names = new Map(report.annotators.map((a) => [a.id, a.name]));
  const pairNames = (pair: { a: string; b: string }) => ({ a: names.get(pair.a) ?? pair.a, b: names.get(pair.b) ?? pair.b });
  const { result } = report;
  // Lowest first: the pairs a desk should talk to; undefined figures last.
  const pairs = [...result.pairs].sort((p, q) => (p.kappaClaim.kappa ?? Number.POSITIVE_INFINITY) - (q.kappaClaim.kappa ?? Number.POSITIVE_INFINITY));
  const shownPairs = pairs.slice(0, PAIRS_SHOWN);
  return (
    <>
      <section aria-labelledby="agreement-pooled-heading">
        <h2 id="agreement-pooled-heading">{t("pooled.heading")}</h2>
        <p className="muted">{t("scope", { articles: report.articleCount, units: result.units })}</p>
        <table className="list" aria-label={t("pooled.table")}>
          <tbody>
            <tr>
              <th scope="row">{t("pooled.alphaClaim")}</th>
              <td className="num">{score(result.alphaClaim)}</td>
            </tr>
            <tr>
              <th scope="row">{t("pooled.alphaClaimType")}</th>
              <td className="num">{score(result.alphaClaimType)}</td>
            </tr>
            <tr>
              <th scope="row">{t("pooled.alphaUnitizing")}</th>
              <td className="num">{score(result.alphaUnitizing)}</td>
            </tr>
          </tbody>
        </table>
        <AgreementChart
          title={t("chart.pooledTitle")}
          tableName={t("pooled.table")}
          bars={[
            { key: "alphaClaim", label: t("pooled.alphaClaim"), value: result.alphaClaim },
            { key: "alphaClaimType", label: t("pooled.alphaClaimType"), value: result.alphaClaimType },
            { key: "alphaUnitizing", label: t("pooled.alphaUnitizing"), value: result.alphaUnitizing },
          ]}
        />
      </section>

      <section aria-labelledby="agreement-labels-heading">
        <h2 id="agreement-labels-heading">{t("labels.heading")}</h2>
        <ListTable
          label={t("labels.table")}
          rows={result.labels}
          rowKey={(l) => l.claimType}
          empty={t("labels.empty")}
          columns={[
            { header: t("labels.claimType"), cell: (l) => typeLabel(l.claimType) },
            { header: t("labels.claims"), isNumeric: true, cell: (l) => format.number(l.claims) },
            { header: t("labels.alpha"), isNumeric: true, cell: (l) => score(l.alpha) },
            { header: t("labels.alphaUnitizing"), isNumeric: true, cell: (l) => score(l.alphaUnitizing) },
          ]}
        />
        {result.labels.length > 0 && (
          <AgreementChart
            title={t("chart.labelsTitle")}
            tableName={t("labels.table")}
            bars={result.labels.map((l) => ({ key: l.claimType, label: typeLabel(l.claimType), value: l.alpha }))}
          />
        )}
      </section>

      <section aria-labelledby="agreement-pairs-heading">
        <h2 id="agreement-pairs-heading">{t("pairs.heading")}</h2>
        {pairs.length > 0 && (
          <p className="muted">
            {pairs.length > shownPairs.length
              ? t("pairs.lowest", { shown: shownPairs.length, total: pairs.length })
              : t("pairs.all", { total: pairs.length })}
          </p>
        )}
        <ListTable
          label={t("pairs.table")}
          rows={shownPairs}
          rowKey={(p) => `${p.a}:${p.b}`}
          empty={t("pairs.empty")}
          columns={[
            { header: t("pairs.pair"), cell: (p) => t("pairs.pairNames", pairNames(p)) },
            { header: t("pairs.articles"), isNumeric: true, cell: (p) => format.number(p.articles) },
            { header: t("pairs.kappaClaim"), isNumeric: true, cell: (p) => score(p.kappaClaim.kappa) },
            { header: t("pairs.kappaType"), isNumeric: true, cell: (p) => score(p.kappaClaimType.kappa) },
            { header: t("pairs.f1Exact"), isNumeric: true, cell: (p) => score(p.spanF1Exact.f1) },
            { header: t("pairs.f1Overlap"), isNumeric: true, cell: (p) => score(p.spanF1Overlap.f1) },
            { header: t("pairs.alphaUnitizing"), isNumeric: true, cell: (p) => score(p.alphaUnitizing) },
          ]}
        />
      </section>
    </>
  );
}
