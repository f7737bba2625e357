import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { cache } from "react";
import { loadForPage } from "@/app/_lib/page-guard";
import { ListTable } from "@/components/list-table";
import { taxonomyLabelWith } from "@/components/taxonomy-label";
import { isUuid } from "@/lib/ids";
import { roleCan } from "@/server/authz";
import { disagreementQuerySchema, getArticleDisagreements } from "@/server/team/agreement";
import { getProject } from "@/server/team/projects";
import { AgreementChart } from "../_components/agreement-chart";
import { DisagreementList } from "../_components/disagreement-list";
import { formatScore } from "../_components/format";
import { AlphaTable } from "../_components/pooled-figures";

type Params = Promise<{ id: string; articleId: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
 * Reviewers and admins see where an article's annotators (or one pair, `?a=…&b=…`)
 * disagree; others get the project's "not a reviewer" line. An id that is not a
 * UUID, an article of another project and a pair that did not both submit are 404.
 * Cached for the request, so the title and the page load it once.
 */
const load = cache(async (id: string, articleId: string, a: string | undefined, b: string | undefined) => {
  if (!isUuid(articleId)) notFound();
  const pair = disagreementQuerySchema.safeParse({ a, b });
  if (!pair.success) notFound();
  return loadForPage(id, async ({ actor, db }) => {
    const project = await getProject(db, actor, id);
    if (!roleCan(project.role, "review")) return { project, drill: null };
    const { a: first, b: second } = pair.data;
    const drill = await getArticleDisagreements(db, actor, articleId, {
      projectId: id,
      pair: first !== undefined && second !== undefined ? { a: first, b: second } : undefined,
    });
    return { project, drill };
  });
});

async function readParams(params: Params, searchParams: SearchParams) {
  const [{ id, articleId }, query] = await Promise.all([params, searchParams]);
  const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : undefined);
  return { id, articleId, a: one(query.a), b: one(query.b) };
}

export async function generateMetadata({ params, searchParams }: { params: Params; searchParams: SearchParams }): Promise<Metadata> {
  const { id, articleId, a, b } = await readParams(params, searchParams);
  const [{ drill }, t] = await Promise.all([load(id, articleId, a, b), getTranslations("agreement")]);
  return { title: drill ? t("drill.title", { title: drill.article.title }) : t("title") };
}

export default async function ArticleDisagreementsPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const { id, articleId, a, b } = await readParams(params, searchParams);
  const [{ project, drill }, t, tVocab, format] = await Promise.all([
    load(id, articleId, a, b),
    getTranslations("agreement"),
    getTranslations("vocab"),
    getFormatter(),
  ]);
  if (drill === null) {
    return (
      <main className="page">
        <h1>{t("title")}</h1>
        <p className="error">{t("notReviewer", { role: tVocab(`projectRole.${project.role}`) })}</p>
      </main>
    );
  }
  const score = (value: number | null) => formatScore(format, value);
  const names = Object.fromEntries(drill.annotators.map((p) => [p.id, p.name]));
  const typeLabels = Object.fromEntries(
    project.taxonomy.claimTypes.map((e) => [e.key, taxonomyLabelWith(tVocab, "claimTypes", project.taxonomy.claimTypes, e.key)]),
  );
  const base = `/projects/${project.id}/agreement/${drill.article.id}`;
  const pairHref = (x: string, y: string) => `${base}?${new URLSearchParams({ a: x, b: y })}`;
  const { result } = drill;

  return (
    <main className="page">
      <p className="row" style={{ justifyContent: "space-between" }}>
        <Link href={`/projects/${project.id}/agreement`}>{t("drill.back")}</Link>
        <Link href={`/articles/${drill.article.id}/adjudicate`}>{t("drill.openAdjudication")}</Link>
      </p>
      <h1>{t("drill.title", { title: drill.article.title })}</h1>
      <p className="muted">{t("drill.numbering")}</p>
      {drill.pair && (
        <p>
          {t("drill.comparing", { a: drill.pair.a.name, b: drill.pair.b.name })} <Link href={base}>{t("drill.showAll")}</Link>
        </p>
      )}

      {!drill.isCounted ? (
        <p className="empty">{t("drill.notCounted")}</p>
      ) : (
        <>
          <section aria-labelledby="drill-figures-heading">
            <h2 id="drill-figures-heading">{t("drill.figures")}</h2>
            <AlphaTable label={t("drill.figures")} result={result} />
            {result.pairs.length > 1 && (
              <AgreementChart
                title={t("drill.pairsTable")}
                tableName={t("drill.pairsTable")}
                bars={result.pairs.map((p) => ({
                  key: `${p.a}:${p.b}`,
                  label: t("pairs.pairNames", { a: names[p.a] ?? p.a, b: names[p.b] ?? p.b }),
                  value: p.kappaClaim.kappa,
                }))}
              />
            )}
            <ListTable
              label={t("drill.pairsTable")}
              rows={result.pairs}
              rowKey={(p) => `${p.a}:${p.b}`}
              columns={[
                { header: t("pairs.pair"), cell: (p) => t("pairs.pairNames", { a: names[p.a] ?? p.a, b: names[p.b] ?? p.b }) },
                drill.pair === null && {
                  header: t("drill.compare"),
                  cell: (p) => <Link href={pairHref(p.a, p.b)}>{t("drill.comparePair", { a: names[p.a] ?? p.a, b: names[p.b] ?? p.b })}</Link>,
                },
                { header: t("pairs.kappaClaim"), isNumeric: true, cell: (p) => score(p.kappaClaim.kappa) },
                { header: t("pairs.kappaType"), isNumeric: true, cell: (p) => score(p.kappaClaimType.kappa) },
                { header: t("pairs.f1Exact"), isNumeric: true, cell: (p) => score(p.spanF1Exact.f1) },
                { header: t("pairs.f1Overlap"), isNumeric: true, cell: (p) => score(p.spanF1Overlap.f1) },
                { header: t("pairs.alphaUnitizing"), isNumeric: true, cell: (p) => score(p.alphaUnitizing) },
              ]}
            />
          </section>

          <section aria-labelledby="drill-list-heading">
            <h2 id="drill-list-heading">{t("drill.list")}</h2>
            <p className="muted">{t("drill.counts", drill.counts)}</p>
            {drill.sentences.length === 0 ? (
              <p className="empty">{t("drill.none")}</p>
            ) : (
              <DisagreementList articleId={drill.article.id} names={names} typeLabels={typeLabels} sentences={drill.sentences} />
            )}
          </section>
        </>
      )}
    </main>
  );
}
