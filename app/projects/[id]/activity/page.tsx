import type { Metadata } from "next";
import Link from "next/link";
import { getTimeZone, getTranslations } from "next-intl/server";
import { loadForPage } from "@/app/_lib/page-guard";
import { ACTIVITY_GROUPS, type ActivityQuery, activityFilterOptions, activityQuerySchema, projectActivityPage } from "@/server/team/history";
import { loadProject } from "../_lib/load-project";
import { projectSectionHref } from "../_lib/sections";
import { ActivityFilters } from "./_components/activity-filters";
import { ActivityTable } from "./_components/activity-table";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const [project, t] = await Promise.all([loadProject((await params).id), getTranslations("projects.sections")]);
  return { title: t("pageTitle", { section: t("activity"), name: project.name }) };
}

type SearchParams = Record<string, string | string[] | undefined>;

/** The address's query as the feed reads it: the first value of each known key (a repeated key is a hand-edited link). */
function readQuery(params: SearchParams): { query: ActivityQuery; isValid: boolean } {
  const raw: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) raw[key] = first;
  }
  const parsed = activityQuerySchema.safeParse(raw);
  return parsed.success ? { query: parsed.data, isValid: true } : { query: {}, isValid: false };
}

/** The feed's address for `query`, keeping only the keys that are set. */
function activityHref(projectId: string, query: ActivityQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const search = params.toString();
  return `${projectSectionHref(projectId, "activity")}${search ? `?${search}` : ""}`;
}

/**
 * A project's history, newest first, a page at a time: who did what, when,
 * on which claim (by its quote) and article (by its title), and what it
 * changed. Filters and the page are in the address; an address that does
 * not parse says so instead of guessing.
 */
export default async function ActivityPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> }) {
  const [{ id }, search, timeZone, t, th] = await Promise.all([
    params,
    searchParams,
    getTimeZone(),
    getTranslations("review.activity"),
    getTranslations("history.feed"),
  ]);
  const { query, isValid } = readQuery(search);
  // The project as the section layout loaded it (once per request); the feed and its filters check the actor again.
  const [project, { page, options }] = await Promise.all([
    loadProject(id),
    loadForPage(id, async ({ actor, db }) => {
      const [page, options] = await Promise.all([
        isValid ? projectActivityPage(db, actor, id, query, { timeZone }) : null,
        activityFilterOptions(db, actor, id),
      ]);
      return { page, options };
    }),
  ]);
  const { before, after, ...filters } = query;
  const isFiltered = Object.values(filters).some((value) => value !== undefined);
  const isPaged = before !== undefined || after !== undefined;
  return (
    <main className="page">
      <h1>{t("title")}</h1>
      <ActivityFilters projectId={project.id} query={query} options={options} groups={ACTIVITY_GROUPS} />
      {page === null ? (
        <p className="empty" role="status">
          {th("invalid")} <Link href={activityHref(project.id, {})}>{th("showAll")}</Link>
        </p>
      ) : (
        <>
          <ActivityTable
            items={page.items}
            taxonomy={project.taxonomy}
            empty={isPaged ? th("emptyPage") : isFiltered ? th("emptyFiltered") : t("empty")}
          />
          {(page.newer !== null || page.older !== null || isPaged) && (
            <nav aria-label={th("pages")} className="pager">
              {page.newer !== null ? (
                <Link href={activityHref(project.id, { ...filters, after: page.newer })}>{th("newer")}</Link>
              ) : (
                <span aria-hidden="true">{th("newer")}</span>
              )}
              {isPaged && <Link href={activityHref(project.id, filters)}>{th("latest")}</Link>}
              {page.older !== null ? (
                <Link href={activityHref(project.id, { ...filters, before: page.older })}>{th("older")}</Link>
              ) : (
                <span aria-hidden="true">{th("older")}</span>
              )}
            </nav>
          )}
        </>
      )}
    </main>
  );
}
