import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { loadForPage } from "@/app/_lib/page-guard";
import { taxonomyLabelWith } from "@/components/taxonomy-label";
import type { Taxonomy } from "@/lib/taxonomy";
import { roleCan } from "@/server/authz";
import { type ArticleAgreementQuery, articleAgreementQuerySchema, getProjectAgreement, listArticleAgreement } from "@/server/team/agreement";
import { getProject } from "@/server/team/projects";
import { ArticleTable, LeftOutNotice } from "./_components/article-table";
import { Pooled } from "./_components/pooled-figures";

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

/** The pooled figures: loads every counted claim of the project, hence its own boundary. */
async function PooledSections({ projectId, taxonomy }: { projectId: string; taxonomy: Taxonomy }) {
  const [report, tVocab] = await Promise.all([
    loadForPage(projectId, ({ actor, db }) => getProjectAgreement(db, actor, projectId)),
    getTranslations("vocab"),
  ]);
  const typeLabel = (key: string) => taxonomyLabelWith(tVocab, "claimTypes", taxonomy.claimTypes, key) || key;
  return <Pooled report={report} typeLabel={typeLabel} />;
}
