import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { loadForPage } from "@/app/_lib/page-guard";
import { roleCan } from "@/server/authz";
import { AppError } from "@/server/errors";
import {
  listReviewQueue,
  type ReviewQueueFilters,
  type ReviewQueuePage,
  type ReviewQueueQuery,
  reviewQueueQuerySchema,
} from "@/server/team/decisions";
import { loadProject } from "../_lib/load-project";
import { projectSectionHref } from "../_lib/sections";
import { QueueFilters } from "./_components/queue-filters";
import { QueueKeyHelp } from "./_components/queue-key-help";
import { ReviewQueue } from "./_components/review-queue";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const [project, t, tSections] = await Promise.all([
    loadProject((await params).id),
    getTranslations("review.queue"),
    getTranslations("projects.sections"),
  ]);
  return { title: tSections("pageTitle", { section: t("title"), name: project.name }) };
}

type SearchParams = Record<string, string | string[] | undefined>;

/** The fields of the address a refusal can name, and the words the page uses for each. */
const FIELD_WORDS = {
  status: "status",
  annotator: "annotator",
  article: "article",
  type: "claimType",
  verdict: "verdict",
  after: "pages",
  before: "pages",
  limit: "pages",
} as const;

/** The first value of each key of the address (a repeated key is a hand-edited link). */
function firstValues(params: SearchParams): Record<string, string> {
  const raw: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) raw[key] = first;
  }
  return raw;
}

/** The queue's address for filters and a page, keeping only the keys that are set (and the status only when not the default). */
function queueHref(projectId: string, filters: Partial<ReviewQueueFilters>, page: { after?: string; before?: string } = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filters, ...page })) {
    if (value !== undefined && !(key === "status" && value === "submitted")) params.set(key, String(value));
  }
  const search = params.toString();
  return `${projectSectionHref(projectId, "review")}${search ? `?${search}` : ""}`;
}

type Loaded = { page: ReviewQueuePage } | { refused: string[] };

/**
 * The review queue: a page of claims in the chosen status (by default those
 * awaiting a decision), each in its text with what the reviewer decides on,
 * filtered and paged by the address. A filter that cannot be used (a value
 * the project does not have, a hand-edited address) says which, with the
 * way back to the whole queue, instead of an error page.
 */
export default async function ReviewPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> }) {
  const [{ id }, search, t, tVocab] = await Promise.all([params, searchParams, getTranslations("review.queue"), getTranslations("vocab")]);
  const project = await loadProject(id);
  const canReview = roleCan(project.role, "review");
  const parsed = reviewQueueQuerySchema.safeParse(firstValues(search));
  const loaded: Loaded | null = !canReview
    ? null
    : !parsed.success
      ? { refused: parsed.error.issues.map((issue) => String(issue.path[0] ?? "")) }
      : await loadForPage(id, async ({ actor, db }): Promise<Loaded> => {
          try {
            return { page: await listReviewQueue(db, actor, id, parsed.data) };
          } catch (error) {
            if (error instanceof AppError && error.type === "unprocessable") return { refused: Object.keys(error.fields ?? {}) };
            throw error;
          }
        });
  const query: ReviewQueueQuery | null = parsed.success ? parsed.data : null;
  const action = projectSectionHref(project.id, "review");

  if (loaded === null) {
    return (
      <main className="page">
        <h1>{t("title")}</h1>
        <p className="error">{t("notReviewer", { role: tVocab(`projectRole.${project.role}`) })}</p>
      </main>
    );
  }

  if ("refused" in loaded) {
    const words = [...new Set(loaded.refused.map((field) => (field in FIELD_WORDS ? t(FIELD_WORDS[field as keyof typeof FIELD_WORDS]) : field)))];
    return (
      <main className="page">
        <h1>{t("title")}</h1>
        <QueueFilters action={action} filters={{ status: "submitted" }} taxonomy={project.taxonomy} annotators={[]} article={null} />
        <p className="error" role="alert">
          {t("invalid", { problems: words.join(", ") })} <Link href={action}>{t("showAll")}</Link>
        </p>
      </main>
    );
  }

  const { page } = loaded;
  const { filters } = page;
  const isPaged = query?.after !== undefined || query?.before !== undefined;
  const isFiltered = Object.entries(filters).some(([key, value]) => value !== undefined && !(key === "status" && value === "submitted"));
  const articleHrefs = Object.fromEntries(page.items.map((item) => [item.articleId, queueHref(project.id, { ...filters, article: item.articleId })]));
  return (
    <main className="page">
      <h1>{t("title")}</h1>
      <QueueFilters action={action} filters={filters} taxonomy={project.taxonomy} annotators={page.annotators} article={page.article} />
      <QueueKeyHelp />
      <ReviewQueue
        projectId={project.id}
        items={page.items}
        taxonomy={project.taxonomy}
        articleHrefs={filters.article === undefined ? articleHrefs : {}}
        isAwaitingDecisions={filters.status === "submitted"}
        empty={
          <p className="empty" role="status">
            {isPaged ? t("emptyPage") : isFiltered ? t("emptyFiltered") : t("empty")}
            {(isPaged || isFiltered) && (
              <>
                {" "}
                <Link href={action}>{t("showAll")}</Link>
              </>
            )}
          </p>
        }
      />
      {(page.previous !== null || page.next !== null || isPaged) && (
        <nav aria-label={t("pages")} className="pager">
          {isPaged && <Link href={queueHref(project.id, filters)}>{t("first")}</Link>}
          {page.previous !== null ? (
            <Link href={queueHref(project.id, filters, { before: page.previous })}>{t("previous")}</Link>
          ) : (
            <span aria-hidden="true">{t("previous")}</span>
          )}
          {page.next !== null ? (
            <Link href={queueHref(project.id, filters, { after: page.next })}>{t("next")}</Link>
          ) : (
            <span aria-hidden="true">{t("next")}</span>
          )}
        </nav>
      )}
    </main>
  );
}
