import "server-only";
import { and, eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/client";
import { articles, assignments, projects } from "@/db/schema";
import { requireProjectRole, type Actor } from "../authz";
import { AppError } from "../errors";
import { CHANGE_CHANNEL, type ChangeNotice } from "../events";

export type LiveScope = { projectId: string; articleId?: undefined } | { articleId: string; projectId?: undefined };

export type LiveSubscription = {
  projectId: string;
  articleId: string | null;
  unsubscribe(): Promise<void>;
};

/**
 * Subscribe the actor to the change notices of one project or one article.
 * Authorization is checked once, here: the actor must be able to read the
 * project (non-members: 404). Notices of other projects/articles are dropped.
 *
 * Blind projects: an annotator who has not submitted (the article, in article
 * scope; in project scope, always) receives claim notices only for their own
 * actions and for reviewers' decisions, so the stream does not reveal when
 * fellow annotators work. Notices carry ids only, never content: a client
 * refetches through the normal (authorized) endpoints.
 */
export async function subscribeToChanges(
  handle: DatabaseHandle,
  actor: Actor,
  scope: LiveScope,
  onNotice: (notice: ChangeNotice) => void,
): Promise<LiveSubscription> {
  const { db } = handle;
  let projectId: string;
  let articleId: string | null = null;
  let role;
  if (scope.articleId !== undefined) {
    const [article] = await db.select({ projectId: articles.projectId }).from(articles).where(eq(articles.id, scope.articleId));
    if (!article) throw new AppError("not_found:article", "No such article.");
    role = await requireProjectRole(db, article.projectId, actor, "read", "article");
    projectId = article.projectId;
    articleId = scope.articleId;
  } else {
    role = await requireProjectRole(db, scope.projectId, actor, "read");
    projectId = scope.projectId;
  }
  const [project] = await db.select({ isBlind: projects.isBlind }).from(projects).where(eq(projects.id, projectId));
  let hideOthersClaims = false;
  if (project?.isBlind && role === "annotator") {
    if (articleId) {
      const [assignment] = await db
        .select({ status: assignments.status })
        .from(assignments)
        .where(and(eq(assignments.articleId, articleId), eq(assignments.userId, actor.id)));
      hideOthersClaims = assignment?.status !== "submitted";
    } else {
      hideOthersClaims = true;
    }
  }

  const unsubscribe = await handle.listen(CHANGE_CHANNEL, (payload) => {
    let notice: ChangeNotice;
    try {
      notice = JSON.parse(payload) as ChangeNotice;
    } catch {
      return;
    }
    if (notice.projectId !== projectId) return;
    if (articleId !== null && notice.articleId !== articleId) return;
    if (hideOthersClaims && notice.entityType === "claim" && notice.actorId !== actor.id && !REVIEWER_ACTIONS.has(notice.action)) return;
    onNotice(notice);
  });
  return { projectId, articleId, unsubscribe };
}

const REVIEWER_ACTIONS = new Set(["claim.accepted", "claim.rejected", "claim.changes_requested", "claim.adjudicated"]);
