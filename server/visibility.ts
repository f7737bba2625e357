import "server-only";
import { and, eq, type SQL, sql } from "drizzle-orm";
import type { SelectedFields } from "drizzle-orm/pg-core";
import type { Db, Tx } from "@/db/client";
import { articles, claims, events, type ProjectRole, projectMembers, projects } from "@/db/schema";
import { isUuid } from "@/lib/ids";
import type { ChangeNotice } from "@/lib/live-notice";
import { type Actor, assertRoleCan, type ProjectAction, roleFromMembership } from "./authz";
import { AppError } from "./errors";

/**
 * The one definition of who sees whose work — claims, claim counts, times and
 * last activity, history, comments, events, live notices and gold claims.
 * Every read path asks this module instead of writing the rule again.
 *
 * The rule:
 * - Someone outside a project sees nothing of it (and gets 404 for its ids:
 *   callers use {@link assertRoleCan} on `viewer.role`).
 * - Reviewers and admins (site admins included) see everything: they review
 *   and adjudicate the work.
 * - In a project that is not blind, every member sees everything.
 * - In a blind project, an annotator or viewer sees another user's work on an
 *   article only once a reviewer has closed the article (after adjudication:
 *   `articles.closed_at`). Until then they see their own work only. Submitting
 *   reveals nothing: otherwise an annotator could submit an empty article,
 *   read the partner's claims, copy them and resubmit, and agreement would
 *   count the copy. Gold claims are the reviewer's work, so they stay hidden
 *   too until the article is closed (they would give away the answer).
 *
 * The rule comes in the forms the read paths need — a SQL condition over
 * claims, one over events, one for a live notice, and a predicate in Node for
 * rows already read — all built from {@link seesAllWork} and {@link blindRule}.
 */

/**
 * An article joined with its project and the actor's membership there (as
 * `memberRole`, null for none): the one read every "may the actor … this
 * article" check starts from, in one query. `fields` are the columns the
 * caller needs besides; it adds its own joins and the WHERE.
 */
export function articleWithMembership<T extends SelectedFields>(db: Db | Tx, actor: Actor, fields: T) {
  return db
    .select({ ...fields, memberRole: projectMembers.role })
    .from(articles)
    .innerJoin(projects, eq(projects.id, articles.projectId))
    .leftJoin(projectMembers, and(eq(projectMembers.projectId, articles.projectId), eq(projectMembers.userId, actor.id)));
}

/** Who is looking at a project: the actor, their role there (null: not a member) and whether the project is blind. */
export type ProjectViewer = {
  actorId: string;
  projectId: string;
  role: ProjectRole | null;
  isBlind: boolean;
};

/** Roles that see everyone's work even in a blind project: they review and adjudicate it. */
const SEES_ALL_ROLES: ReadonlySet<ProjectRole> = new Set<ProjectRole>(["admin", "reviewer"]);

/** True when the viewer sees every member's work in the project (no per-author restriction applies). */
export function seesAllWork(viewer: Pick<ProjectViewer, "role" | "isBlind">): boolean {
  return viewer.role !== null && (!viewer.isBlind || SEES_ALL_ROLES.has(viewer.role));
}

/**
 * The blind rule itself, over whatever the caller's query has at hand: work
 * is visible when it is the viewer's own or its article is closed. How
 * "closed" is tested is the caller's (a joined article's column, or
 * membership in the project's set of closed articles, which Postgres hashes
 * once per query instead of probing per row).
 */
function blindRule(actorId: string, work: { authorId: SQL; articleIsClosed: SQL }): SQL {
  return sql`(${work.authorId} = ${actorId} or ${work.articleIsClosed})`;
}

/** `articleId` is one of the project's closed articles (an uncorrelated subquery: planned as one hashed set). */
function isClosedArticleOf(projectId: string, articleId: SQL): SQL {
  return sql`${articleId} in (select ${articles.id} from ${articles} where ${articles.projectId} = ${projectId} and ${articles.closedAt} is not null)`;
}

// ── Loading the viewer ──────────────────────────────────────────────────────

/** The actor's role in a project and the project's blind flag, in one query. Role null: not a member (or no such project). */
export async function loadProjectViewer(db: Db | Tx, actor: Actor, projectId: string): Promise<ProjectViewer> {
  const [row] = await db
    .select({ isBlind: projects.isBlind, memberRole: projectMembers.role })
    .from(projects)
    .leftJoin(projectMembers, and(eq(projectMembers.projectId, projects.id), eq(projectMembers.userId, actor.id)))
    .where(eq(projects.id, projectId));
  if (!row) return { actorId: actor.id, projectId, role: null, isBlind: false };
  return { actorId: actor.id, projectId, role: roleFromMembership(actor, row.memberRole), isBlind: row.isBlind };
}

/** loadProjectViewer, then 404 for a non-member and 403 when the role does not allow `action`. */
export async function requireProjectViewer(
  db: Db | Tx,
  actor: Actor,
  projectId: string,
  action: ProjectAction,
  surface = "project",
): Promise<ProjectViewer & { role: ProjectRole }> {
  const viewer = await loadProjectViewer(db, actor, projectId);
  const role = assertRoleCan(viewer.role, action, surface);
  return { ...viewer, role };
}

export type ViewedArticle = { id: string; projectId: string; closedAt: Date | null; closedBy: string | null };

/**
 * An article with the actor as its viewer, in one query; 404 (`not_found:article`,
 * the same for an unknown id and another project's) unless the actor may `action`.
 */
export async function requireArticleViewer(
  db: Db | Tx,
  actor: Actor,
  articleId: string,
  action: ProjectAction = "read",
): Promise<{ article: ViewedArticle; viewer: ProjectViewer & { role: ProjectRole } }> {
  const [row] = await articleWithMembership(db, actor, {
    id: articles.id,
    projectId: articles.projectId,
    closedAt: articles.closedAt,
    closedBy: articles.closedBy,
    isBlind: projects.isBlind,
  }).where(eq(articles.id, articleId));
  if (!row) throw new AppError("not_found:article", "No such article.");
  const role = assertRoleCan(roleFromMembership(actor, row.memberRole), action, "article");
  return {
    article: { id: row.id, projectId: row.projectId, closedAt: row.closedAt, closedBy: row.closedBy },
    viewer: { actorId: actor.id, projectId: row.projectId, role, isBlind: row.isBlind },
  };
}

// ── The rule in its forms ───────────────────────────────────────────────────

/**
 * For a row already read: may the viewer see work by `authorId` on an article
 * closed at `articleClosedAt`? (The Node form of {@link visibleClaims}.)
 */
export function canSeeWork(viewer: ProjectViewer, work: { authorId: string | null; articleClosedAt: Date | null }): boolean {
  if (viewer.role === null) return false;
  if (seesAllWork(viewer)) return true;
  return work.authorId === viewer.actorId || work.articleClosedAt !== null;
}

/**
 * A condition over `claims`: the project's claims the viewer may see (gold
 * claims included; deleted ones are the caller's filter). For reviewers,
 * admins and open projects it is the project filter alone, so the export's
 * keyset walk over `claims_export_idx` is unchanged; the blind form adds one
 * hashed set of closed articles, no per-claim lookup.
 */
export function visibleClaims(viewer: ProjectViewer): SQL {
  if (viewer.role === null) return sql`false`;
  const inProject = eq(claims.projectId, viewer.projectId);
  if (seesAllWork(viewer)) return inProject;
  return and(
    inProject,
    blindRule(viewer.actorId, {
      authorId: sql`${claims.authorId}`,
      articleIsClosed: isClosedArticleOf(viewer.projectId, sql`${claims.articleId}`),
    }),
  )!;
}

/**
 * The rule for one piece of history — an event row or a live notice — by what
 * it is about. A claim's events are visible with the claim (so a reviewer's
 * decision on my claim is mine to see, a gold claim's adjudication is not);
 * an assignment's (`<articleId>:<userId>`) with its annotator's work (another
 * annotator's submission time is their work); anything else (articles,
 * members, the project, imports) concerns the whole project.
 *
 * `entityId` is text; the uuid casts sit inside CASE branches so that a
 * non-uuid id of another entity type is never cast.
 */
function blindEntityRule(viewer: ProjectViewer, entity: { entityType: SQL; entityId: SQL }): SQL {
  const claimId = sql`(case when ${entity.entityType} = 'claim' then ${entity.entityId} end)::uuid`;
  const assignmentArticle = sql`(case when ${entity.entityType} = 'assignment' then left(${entity.entityId}, 36) end)::uuid`;
  const assignmentUser = sql`substr(${entity.entityId}, 38)`;
  return sql`(case ${entity.entityType}
    when 'claim' then exists (
      select 1 from ${claims} as "visible_claim"
      where "visible_claim"."id" = ${claimId} and "visible_claim"."project_id" = ${viewer.projectId}
        and ${blindRule(viewer.actorId, {
          authorId: sql`"visible_claim"."author_id"`,
          articleIsClosed: isClosedArticleOf(viewer.projectId, sql`"visible_claim"."article_id"`),
        })})
    when 'assignment' then ${blindRule(viewer.actorId, {
      authorId: assignmentUser,
      articleIsClosed: isClosedArticleOf(viewer.projectId, assignmentArticle),
    })}
    else true end)`;
}

/** A condition over `events`: the project's history the viewer may see (activity feed, claim history). */
export function visibleEvents(viewer: ProjectViewer): SQL {
  if (viewer.role === null) return sql`false`;
  const inProject = eq(events.projectId, viewer.projectId);
  if (seesAllWork(viewer)) return inProject;
  return and(inProject, blindEntityRule(viewer, { entityType: sql`${events.entityType}`, entityId: sql`${events.entityId}` }))!;
}

/** What a live stream does with a notice. */
export type NoticeVerdict =
  /** Send it. */
  | "deliver"
  /** Not for this viewer; the stream goes on. */
  | "drop"
  /** The actor is no longer a member of the project: the stream must end. */
  | "revoked";

/**
 * The live-stream form of the rule, decided when the notice is delivered, not
 * when the stream was opened: the actor's role and the project's blind flag
 * are read afresh with the entity's rule in one query, so removing a member,
 * changing a role, toggling blind mode, (re)opening an assignment or closing
 * an article takes effect on streams that are already open. One small
 * indexed query per notice and subscriber — a desk of annotators, not a
 * broadcast.
 */
export async function judgeNotice(db: Db | Tx, actor: Actor, notice: ChangeNotice): Promise<NoticeVerdict> {
  // The entity's rule as parameters. Notices are server-made, so ids are well formed; a malformed one is
  // refused here rather than cast (Postgres may fold a cast of a parameter at plan time, CASE or not).
  const viewer: ProjectViewer = { actorId: actor.id, projectId: notice.projectId, role: null, isBlind: true };
  const isWellFormed =
    notice.entityType === "claim"
      ? isUuid(notice.entityId)
      : notice.entityType === "assignment"
        ? isUuid(notice.entityId.slice(0, 36)) && notice.entityId[36] === ":"
        : true;
  const blindVisible = isWellFormed
    ? blindEntityRule(viewer, { entityType: sql`${notice.entityType}::text`, entityId: sql`${notice.entityId}::text` })
    : sql`false`;
  const [row] = await db
    .select({ isBlind: projects.isBlind, memberRole: projectMembers.role, blindVisible: sql<boolean>`${blindVisible}` })
    .from(projects)
    .leftJoin(projectMembers, and(eq(projectMembers.projectId, projects.id), eq(projectMembers.userId, actor.id)))
    .where(eq(projects.id, notice.projectId));
  if (!row) return "revoked";
  const role = roleFromMembership(actor, row.memberRole);
  if (role === null) return "revoked";
  if (seesAllWork({ role, isBlind: row.isBlind })) return "deliver";
  return row.blindVisible ? "deliver" : "drop";
}

/**
 * For queries over several projects at once (the article list): the rule as
 * SQL over the row's own project flag, the actor's membership role and the
 * article's closed time. Site admins see everything.
 */
export function visibleAcrossProjects(actor: Actor, columns: { isBlind: SQL; memberRole: SQL; authorId: SQL; articleClosedAt: SQL }): SQL {
  if (actor.isAdmin) return sql`true`;
  const seesAll = sql`(not ${columns.isBlind} or ${columns.memberRole} in (${sql.join(
    [...SEES_ALL_ROLES].map((role) => sql`${role}`),
    sql`, `,
  )}))`;
  return sql`(${seesAll} or ${blindRule(actor.id, { authorId: columns.authorId, articleIsClosed: sql`${columns.articleClosedAt} is not null` })})`;
}
