import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { loadForPage } from "@/app/_lib/page-guard";
import { roleCan } from "@/server/authz";
import { transferTargets } from "@/server/team/article-transfer";
import {
  assignmentBoard,
  BOARD_SHOWS,
  type BoardQuery,
  boardQuerySchema,
  MAX_ANNOTATORS_PER_ARTICLE,
  MAX_ROUND_ARTICLES,
} from "@/server/team/assignments";
import { loadProject } from "../_lib/load-project";
import { AssignmentDesk } from "./_components/assignment-desk";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const [project, t] = await Promise.all([loadProject((await params).id), getTranslations("projects.sections")]);
  return { title: t("pageTitle", { section: t("assignments"), name: project.name }) };
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** The filter, the page's articles and the annotators: the board (server/team/assignments.ts), for reviewers and admins. */
export default async function AssignmentsPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: SearchParams }) {
  const [{ id }, raw] = await Promise.all([params, searchParams]);
  // Only the first of a repeated parameter; the schema turns anything it cannot read into its default.
  const query = boardQuerySchema.parse(Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value])));
  const [{ project, board, isProjectEmpty, targets }, t, tVocab] = await Promise.all([
    loadForPage(id, async ({ actor, db }) => {
      const project = await loadProject(id);
      if (!roleCan(project.role, "assign")) return { project, board: null, isProjectEmpty: false, targets: [] };
      const [board, targets] = await Promise.all([
        assignmentBoard(db, actor, id, query),
        roleCan(project.role, "import_articles") ? transferTargets(db, actor, id) : [],
      ]);
      const isFiltered = query.q !== "" || query.show !== "all";
      return { project, board, isProjectEmpty: board.matchingCount === 0 && !isFiltered, targets };
    }),
    getTranslations("assignments"),
    getTranslations("vocab"),
  ]);
  return (
    // The project's name and sections are the layout's (../layout.tsx); this is the section's content.
    <main className="page">
      <h1>{t("title")}</h1>
      {board === null ? (
        <p className="error">{t("notAllowed", { role: tVocab(`projectRole.${project.role}`) })}</p>
      ) : (
        <>
          <p className="muted">{t("intro")}</p>
          <BoardFilters projectId={project.id} query={board.query} />
          <AssignmentDesk
            projectId={project.id}
            articles={board.articles}
            matchingIds={board.matchingIds}
            matchingCount={board.matchingCount}
            isProjectEmpty={isProjectEmpty}
            annotators={board.annotators}
            defaultK={board.query.k}
            maxK={MAX_ANNOTATORS_PER_ARTICLE}
            maxArticles={MAX_ROUND_ARTICLES}
            transferTargets={targets}
            pager={<Pager projectId={project.id} query={board.query} pageCount={board.pageCount} />}
          />
        </>
      )}
    </main>
  );
}

/** The board's address for a query (defaults left out, so a plain link stays plain). */
function boardHref(projectId: string, query: BoardQuery): string {
  const search = new URLSearchParams();
  if (query.q !== "") search.set("q", query.q);
  if (query.show !== "all") search.set("show", query.show);
  if (query.k !== 2) search.set("k", String(query.k));
  if (query.page > 1) search.set("page", String(query.page));
  const text = search.toString();
  return `/projects/${projectId}/assignments${text ? `?${text}` : ""}`;
}

/** A plain GET form: filtering works before any script runs, and the address says what is shown. */
async function BoardFilters({ projectId, query }: { projectId: string; query: BoardQuery }) {
  const t = await getTranslations("assignments.filters");
  const showLabels = { all: t("showAll"), unassigned: t("showUnassigned"), short: t("showShort") } as const;
  return (
    <form method="get" action={`/projects/${projectId}/assignments`} className="filters" aria-label={t("label")}>
      <label className="filters-search">
        {t("title")}
        <input type="search" name="q" defaultValue={query.q} maxLength={200} />
      </label>
      <label>
        {t("show")}
        <select name="show" defaultValue={query.show}>
          {BOARD_SHOWS.map((show) => (
            <option key={show} value={show}>
              {showLabels[show]}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("k")}
        <input type="number" name="k" min={1} max={MAX_ANNOTATORS_PER_ARTICLE} defaultValue={query.k} style={{ width: "5rem" }} />
      </label>
      <span className="filters-actions">
        <button type="submit">{t("apply")}</button>
        <Link href={`/projects/${projectId}/assignments`}>{t("clear")}</Link>
      </span>
    </form>
  );
}

async function Pager({ projectId, query, pageCount }: { projectId: string; query: BoardQuery; pageCount: number }) {
  const t = await getTranslations("assignments.pages");
  if (pageCount <= 1) return null;
  const { page } = query;
  return (
    <nav aria-label={t("label")} className="pager">
      {page > 1 ? (
        <Link href={boardHref(projectId, { ...query, page: page - 1 })}>{t("previous")}</Link>
      ) : (
        <span aria-hidden="true">{t("previous")}</span>
      )}
      <span>{t("pageOf", { page, pages: pageCount })}</span>
      {page < pageCount ? (
        <Link href={boardHref(projectId, { ...query, page: page + 1 })}>{t("next")}</Link>
      ) : (
        <span aria-hidden="true">{t("next")}</span>
      )}
    </nav>
  );
}
