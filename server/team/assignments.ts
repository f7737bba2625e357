import "server-only";
import { and, asc, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { type Db, rowsOf, type Tx } from "@/db/client";
import { articles, assignments, claims, events, type ProjectRole, projectMembers, projects, users } from "@/db/schema";
import { type AnnotatorShare, type PlanRefusal, planAssignments } from "@/lib/assignment-plan";
import { unstorableProblem } from "@/lib/storable-text";
import { isoDateTime } from "@/lib/value-schemas";
import { PROJECT_ROLES } from "@/lib/vocabularies";
import { type Actor, requireProjectRole, roleCan } from "../authz";
import { AppError, type FieldErrors } from "../errors";
import { assignmentChange, CHANGE_CHANNEL, recordEvent } from "../events";
import { containsPattern } from "../sql-like";
import { canSeeWork, requireArticleViewer, requireProjectViewer } from "../visibility";
import { loadArticle } from "./loaders";

// Who works on which article: assigning (one article, or a planned round over many), due dates, reassigning,
// withdrawing, listing, the desk's board, and an annotator's own queue.

export const assignSchema = z.object({
  userIds: z.array(z.string().min(1)).min(1, "choose at least one annotator").max(100),
});

/** What assignArticle takes: the article and the parsed body (assignSchema). */
export type AssignInput = { articleId: string } & z.output<typeof assignSchema>;

export type AssignmentItem = {
  articleId: string;
  userId: string;
  userName: string;
  /** null: hidden from this viewer by blind mode (see listAssignments). */
  status: "assigned" | "submitted" | null;
  createdAt: Date;
  submittedAt: Date | null;
  /** When the desk wants it submitted (null: no due date). A plan, not work, so blind mode does not hide it. */
  dueAt: Date | null;
};

/**
 * Assign an article to annotators (reviewer or admin). Each must be a project
 * member whose role may annotate (viewers cannot). Idempotent: an existing
 * assignment is kept as it is (a submitted one stays submitted).
 */
export async function assignArticle(db: Db, actor: Actor, input: AssignInput): Promise<AssignmentItem[]> {
  const { articleId } = input;
  const ids = [...new Set(input.userIds)];
  return db.transaction(async (tx) => {
    const article = await loadArticle(tx, articleId);
    await requireProjectRole(tx, article.projectId, actor, "assign", "article");
    await requireAssignableMembers(tx, article.projectId, ids);
    const inserted = await tx
      .insert(assignments)
      .values(ids.map((userId) => ({ articleId, userId, projectId: article.projectId, assignedBy: actor.id })))
      .onConflictDoNothing()
      .returning({ userId: assignments.userId });
    for (const { userId } of inserted) {
      await recordEvent(
        tx,
        assignmentChange({ projectId: article.projectId, articleId, userId }, actor.id, "assignment.created", { after: { articleId, userId } }),
      );
    }
    return listAssignmentsTx(tx, articleId);
  });
}

/**
 * Withdraw an assignment (reviewer or admin). Claims already made stay.
 * `projectId`: the project a request named (/api/projects/:id/…); an article
 * of another project is then the same 404 as an unknown one.
 */
export async function unassignArticle(db: Db, actor: Actor, input: { articleId: string; userId: string; projectId?: string }): Promise<void> {
  const { articleId, userId } = input;
  await db.transaction(async (tx) => {
    const article = await loadArticleToAssign(tx, actor, articleId, input.projectId);
    const removed = await tx
      .delete(assignments)
      .where(and(eq(assignments.articleId, articleId), eq(assignments.userId, userId)))
      .returning({ status: assignments.status, dueAt: assignments.dueAt });
    if (removed.length === 0) throw new AppError("not_found:assignment", "This article is not assigned to this user.");
    await recordEvent(
      tx,
      assignmentChange({ projectId: article.projectId, articleId, userId }, actor.id, "assignment.removed", {
        before: { articleId, userId, status: removed[0]?.status, ...(removed[0]?.dueAt ? { dueAt: removed[0].dueAt.toISOString() } : {}) },
      }),
    );
  });
}

/** The article, after checking the actor may assign in its project (and that it is in `projectId`, when one is named). */
async function loadArticleToAssign(tx: Tx, actor: Actor, articleId: string, projectId: string | undefined) {
  const article = await loadArticle(tx, articleId);
  if (projectId !== undefined && article.projectId !== projectId) throw new AppError("not_found:article", "No such article.");
  await requireProjectRole(tx, article.projectId, actor, "assign", "article");
  return article;
}

/**
 * The members behind `ids`, by id: 422 naming each id (by `fieldOf` its
 * place in `ids`) that is not a member of the project or whose role may not
 * annotate (viewers), so nobody can be given work they could not do.
 */
async function requireAssignableMembers(
  db: Db | Tx,
  projectId: string,
  ids: readonly string[],
  fieldOf: (index: number) => string = (i) => `userIds.${i}`,
): Promise<Map<string, { name: string; role: ProjectRole }>> {
  const members = await db
    .select({ userId: projectMembers.userId, role: projectMembers.role, name: users.name })
    .from(projectMembers)
    .innerJoin(users, eq(users.id, projectMembers.userId))
    .where(and(eq(projectMembers.projectId, projectId), inArray(projectMembers.userId, [...ids])));
  const byId = new Map(members.map((m) => [m.userId, { name: m.name, role: m.role }]));
  const fields: FieldErrors = {};
  ids.forEach((id, i) => {
    const member = byId.get(id);
    if (!member) fields[fieldOf(i)] = "not a member of this project";
    else if (!roleCan(member.role, "annotate")) fields[fieldOf(i)] = `a ${member.role} cannot annotate`;
  });
  if (Object.keys(fields).length) {
    throw new AppError("unprocessable:assignment", `Only project members who may annotate can be assigned — ${Object.values(fields).join("; ")}.`, {
      fields,
    });
  }
  return byId;
}

// ── A round: k annotators for each of many articles ─────────────────────────

/** Most articles one round plans at once (the desk's "all matching" selection is capped to it too). */
export const MAX_ROUND_ARTICLES = 5_000;
/** Most annotators one round chooses from. */
export const MAX_ROUND_ANNOTATORS = 500;
/** Most annotators one article can be planned for: double or triple annotation is usual; 20 is far beyond. */
export const MAX_ANNOTATORS_PER_ARTICLE = 20;

const userIdSchema = z.string().min(1, "must not be empty").max(200, "must be a user id");
const articleIdsSchema = z
  .array(z.uuid("must be an article id"))
  .min(1, "choose at least one article")
  .max(MAX_ROUND_ARTICLES, `choose at most ${MAX_ROUND_ARTICLES.toLocaleString("en")} articles at once`);
/** A due date as an instant with its offset, or null for none: the page sends the end of the chosen day in the desk's time zone. */
const dueAtSchema = isoDateTime.nullable();

/** What a round takes: the articles, the annotators to choose from, and how many annotators each article should have. */
export const roundSchema = z.object({
  articleIds: articleIdsSchema,
  userIds: z
    .array(userIdSchema)
    .min(1, "choose at least one annotator")
    .max(MAX_ROUND_ANNOTATORS, `choose at most ${MAX_ROUND_ANNOTATORS} annotators at once`),
  k: z
    .number("annotators per article must be a number")
    .int("annotators per article must be a whole number")
    .min(1, "annotators per article must be at least 1")
    .max(MAX_ANNOTATORS_PER_ARTICLE, `annotators per article must be at most ${MAX_ANNOTATORS_PER_ARTICLE}`),
});
export type RoundInput = { projectId: string } & z.output<typeof roundSchema>;

/** A round to apply: as {@link roundSchema}, with the due date the new assignments get (none when left out). */
export const distributeSchema = roundSchema.extend({ dueAt: dueAtSchema.default(null) });
export type DistributeInput = { projectId: string } & z.output<typeof distributeSchema>;

export type RoundShare = AnnotatorShare & { name: string };

/** What a round does (or did): per chosen annotator, what they carry and what they get; articles already full. */
export type RoundSummary = {
  /** Chosen articles (duplicates removed), closed ones included. */
  articleCount: number;
  /** Chosen articles that already had k or more assignees. */
  completeCount: number;
  /** Chosen articles left out because a reviewer closed them after adjudication: nobody can work on them (reopen first). */
  closedCount: number;
  /** New assignments the plan makes. */
  additionCount: number;
  /** Chosen annotators by name. */
  shares: RoundShare[];
};

/**
 * The plan for a round, without writing anything (reviewer or admin): what
 * {@link distributeRound} would do now. 422 for annotators who may not
 * annotate, articles of another project, and k above the annotators chosen
 * (`unprocessable:k_exceeds_annotators`).
 */
export async function previewRound(db: Db, actor: Actor, input: RoundInput): Promise<RoundSummary> {
  return db.transaction(async (tx) => (await planRound(tx, actor, input)).summary);
}

/**
 * Apply a round (reviewer or admin), in one transaction: plan it
 * ({@link planRound}) and write every new assignment with its history entry
 * and live notice in one statement. Idempotent: the plan fills only what is
 * missing, so the same request again creates nothing. Rounds in one project
 * are serialised, so two at once cannot both fill the same empty seat.
 */
export async function distributeRound(db: Db, actor: Actor, input: DistributeInput): Promise<RoundSummary & { createdCount: number }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${ROUND_LOCK}, hashtext(${input.projectId}))`);
    const { summary, additions } = await planRound(tx, actor, input);
    const createdCount = additions.length === 0 ? 0 : await insertAssignments(tx, actor, input.projectId, additions, input.dueAt);
    return { ...summary, createdCount };
  });
}

/** The first key of the two-key advisory lock that serialises rounds per project (the second: the project id's hash). */
const ROUND_LOCK = 7_302_154;

type PlannedRound = { summary: RoundSummary; additions: ReadonlyArray<{ articleId: string; userId: string }> };

/** Check and plan a round inside the caller's transaction: who may, which annotators, which articles, then lib/assignment-plan. */
async function planRound(tx: Tx, actor: Actor, input: RoundInput): Promise<PlannedRound> {
  const { projectId } = input;
  await requireProjectRole(tx, projectId, actor, "assign");
  const userIds = [...new Set(input.userIds)];
  const members = await requireAssignableMembers(tx, projectId, userIds);
  const closed = await requireProjectArticles(tx, projectId, input.articleIds);
  const articleIds = [...new Set(input.articleIds)].filter((id) => !closed.has(id));
  // Every assignment of the project: the seats taken on the chosen articles, and the load each annotator carries.
  const existing = await tx
    .select({ articleId: assignments.articleId, userId: assignments.userId })
    .from(assignments)
    .where(eq(assignments.projectId, projectId));
  // Only closed articles chosen: an empty plan, an answer rather than a refusal (k and the annotators are still checked).
  const result = planAssignments({ articleIds, annotatorIds: userIds, k: input.k, existing });
  if (!result.isOk) throw refusalError(result.refusal, input.k, userIds.length);
  const { plan } = result;
  return {
    summary: {
      articleCount: plan.articleCount + closed.size,
      completeCount: plan.completeCount,
      closedCount: closed.size,
      additionCount: plan.additions.length,
      shares: plan.shares
        .map((share) => ({ ...share, name: members.get(share.userId)?.name ?? share.userId }))
        .sort((a, b) => a.name.localeCompare(b.name, "en") || (a.userId < b.userId ? -1 : 1)),
    },
    additions: plan.additions,
  };
}

/** A refused plan as the 422 naming the field. The schema already refuses no annotators and a k below 1; k above the annotators is left. */
function refusalError(refusal: PlanRefusal, k: number, annotatorCount: number): AppError {
  switch (refusal) {
    case "k_exceeds_annotators":
      return new AppError(
        "unprocessable:k_exceeds_annotators",
        `Annotators per article (${k}) is more than the annotators chosen (${annotatorCount}): nobody is assigned twice to one article.`,
        { fields: { k: `annotators per article must be at most ${annotatorCount}, the number of annotators chosen` } },
      );
    case "no_annotators":
      return new AppError("unprocessable:validation", "Choose at least one annotator.", { fields: { userIds: "choose at least one annotator" } });
    case "k_invalid":
      return new AppError("unprocessable:validation", "Annotators per article must be a whole number of at least 1.", {
        fields: { k: "annotators per article must be a whole number of at least 1" },
      });
  }
}

/**
 * 422 naming each id (as `articleIds.<i>`) that is not an article of the
 * project: a round never reaches into another project. Returns the chosen
 * articles that are closed.
 */
async function requireProjectArticles(tx: Tx, projectId: string, articleIds: readonly string[]): Promise<Set<string>> {
  const unique = [...new Set(articleIds)];
  const found = rowsOf<{ id: string; is_closed: boolean }>(
    await tx.execute(
      sql`select ${articles.id} as id, ${articles.closedAt} is not null as is_closed from ${articles}
          where ${articles.projectId} = ${projectId} and ${articles.id} = any(${uuidArray(unique)})`,
    ),
  );
  if (found.length === unique.length) return new Set(found.filter((row) => row.is_closed).map((row) => row.id));
  const present = new Set(found.map((row) => row.id));
  const fields: FieldErrors = {};
  articleIds.forEach((id, i) => {
    if (!present.has(id)) fields[`articleIds.${i}`] = "not an article of this project";
  });
  throw new AppError("unprocessable:assignment", `${Object.keys(fields).length} of the chosen articles are not in this project.`, { fields });
}

/** Ids the schema checked as UUIDs, as one `uuid[]` parameter: one statement text whatever their number. */
function uuidArray(ids: readonly string[]): SQL {
  return sql`${`{${ids.join(",")}}`}::uuid[]`;
}

/**
 * Insert planned assignments, their history entries (`assignment.created`,
 * as {@link assignArticle} records one) and their live notices in one
 * statement: a round of 2,000 assignments is one round trip, not 2,000.
 * Pairs that exist already are skipped, with no entry. Returns how many were created.
 */
async function insertAssignments(
  tx: Tx,
  actor: Actor,
  projectId: string,
  pairs: ReadonlyArray<{ articleId: string; userId: string }>,
  dueAt: string | null,
): Promise<number> {
  const due = dueAt === null ? null : new Date(dueAt).toISOString();
  // The notice's fields as ChangeNotice (lib/live-notice.ts) names them, per row: what recordEvent sends for one.
  const [row] = rowsOf<{ created: number }>(
    await tx.execute(sql`
      with planned as (
        select p."articleId" as article_id, p."userId" as user_id
        from jsonb_to_recordset(${JSON.stringify(pairs)}::jsonb) as p("articleId" uuid, "userId" text)
      ),
      inserted as (
        insert into ${assignments} ("article_id", "user_id", "project_id", "assigned_by", "due_at")
        select article_id, user_id, ${projectId}::uuid, ${actor.id}, ${due}::timestamptz from planned
        on conflict do nothing
        returning "article_id", "user_id"
      ),
      entry as (
        insert into ${events} ("project_id", "actor_id", "entity_type", "entity_id", "action", "before", "after")
        select ${projectId}::uuid, ${actor.id}, 'assignment', i.article_id::text || ':' || i.user_id, ${"assignment.created"}, null,
               jsonb_strip_nulls(jsonb_build_object('articleId', i.article_id, 'userId', i.user_id, 'dueAt', ${due}::text))
        from inserted i
        returning "entity_id"
      )
      select (select count(*) from inserted)::int as created,
             (select count(pg_notify(${CHANGE_CHANNEL}, json_build_object(
                'projectId', ${projectId}::text, 'articleId', left(e.entity_id, 36), 'entityType', 'assignment',
                'entityId', e.entity_id, 'action', ${"assignment.created"}::text, 'actorId', ${actor.id}::text)::text))
              from entry e) as notified`),
  );
  return row?.created ?? 0;
}

// ── Due dates ───────────────────────────────────────────────────────────────

/** Set or clear due dates: on the articles' assignments, or only on one annotator's. */
export const dueSchema = z.object({
  articleIds: articleIdsSchema,
  /** Only this annotator's assignment on each article; everyone's when left out. */
  userId: userIdSchema.optional(),
  /** The new due date, or null to clear it. */
  dueAt: dueAtSchema,
});
export type DueInput = { projectId: string } & z.output<typeof dueSchema>;

/**
 * Set or clear the due date of the project's assignments on the given
 * articles (reviewer or admin), each change with its `assignment.due_changed`
 * entry (before and after) and notice, all in one statement. Assignments
 * whose due date is already that are left alone, so repeating a request
 * changes nothing; articles of another project match nothing. Returns how
 * many assignments changed.
 */
export async function setAssignmentDue(db: Db, actor: Actor, input: DueInput): Promise<{ changedCount: number }> {
  const { projectId } = input;
  const due = input.dueAt === null ? null : new Date(input.dueAt).toISOString();
  return db.transaction(async (tx) => {
    await requireProjectRole(tx, projectId, actor, "assign");
    const onlyUser = input.userId === undefined ? sql`` : sql`and a.user_id = ${input.userId}`;
    const [row] = rowsOf<{ changed: number }>(
      await tx.execute(sql`
        with changed as (
          update ${assignments} a set "due_at" = ${due}::timestamptz
          from ${assignments} old
          where old.article_id = a.article_id and old.user_id = a.user_id
            and a.project_id = ${projectId} and a.article_id = any(${uuidArray([...new Set(input.articleIds)])}) ${onlyUser}
            and a.due_at is distinct from ${due}::timestamptz
          returning a.article_id, a.user_id, old.due_at as before
        ),
        entry as (
          insert into ${events} ("project_id", "actor_id", "entity_type", "entity_id", "action", "before", "after")
          select ${projectId}::uuid, ${actor.id}, 'assignment', c.article_id::text || ':' || c.user_id, ${"assignment.due_changed"},
                 jsonb_build_object('articleId', c.article_id, 'userId', c.user_id, 'dueAt', c.before),
                 jsonb_build_object('articleId', c.article_id, 'userId', c.user_id, 'dueAt', ${due}::timestamptz)
          from changed c
          returning "entity_id"
        )
        select (select count(*) from changed)::int as changed,
               (select count(pg_notify(${CHANGE_CHANNEL}, json_build_object(
                  'projectId', ${projectId}::text, 'articleId', left(e.entity_id, 36), 'entityType', 'assignment',
                  'entityId', e.entity_id, 'action', ${"assignment.due_changed"}::text, 'actorId', ${actor.id}::text)::text))
                from entry e) as notified`),
    );
    return { changedCount: row?.changed ?? 0 };
  });
}

// ── Reassigning ─────────────────────────────────────────────────────────────

export const reassignSchema = z.object({
  /** The annotator who takes the article over. */
  toUserId: userIdSchema,
});

/**
 * Move an annotator's assignment on an article to another annotator
 * (reviewer or admin): the new one gets it open, with its due date. What the
 * first one did stays theirs — their claims and "no claim here" marks are
 * kept, under their name, and still visible to whoever could see them; they
 * just no longer have the article in their queue. Refused (409) once the
 * first one has submitted: their work is then in review, and handing the
 * article on would leave a submitted annotation without its assignment
 * (unassign explicitly if that is what the desk wants). Also 409 when the
 * new one is already on the article; 404 when the first one is not.
 * Recorded as `assignment.reassigned` on both assignments, so each
 * annotator's history shows it.
 */
export async function reassignArticle(
  db: Db,
  actor: Actor,
  input: { articleId: string; fromUserId: string; toUserId: string; projectId?: string },
): Promise<AssignmentItem[]> {
  const { articleId, fromUserId, toUserId } = input;
  if (fromUserId === toUserId) {
    throw new AppError("unprocessable:validation", "Choose an annotator other than the one assigned now.", {
      fields: { toUserId: "choose an annotator other than the one assigned now" },
    });
  }
  return db.transaction(async (tx) => {
    const article = await loadArticleToAssign(tx, actor, articleId, input.projectId);
    await requireAssignableMembers(tx, article.projectId, [toUserId], () => "toUserId");
    const [current] = await tx
      .select({ status: assignments.status, dueAt: assignments.dueAt })
      .from(assignments)
      .where(and(eq(assignments.articleId, articleId), eq(assignments.userId, fromUserId)))
      .for("update");
    if (!current) throw new AppError("not_found:assignment", "This article is not assigned to this user.");
    if (current.status === "submitted") {
      throw new AppError(
        "conflict:assignment_submitted",
        "This annotator has submitted the article; their work is in review, so it cannot be handed on. Unassign them instead if it must go.",
      );
    }
    const [moved] = await tx
      .insert(assignments)
      .values({ articleId, userId: toUserId, projectId: article.projectId, assignedBy: actor.id, dueAt: current.dueAt })
      .onConflictDoNothing()
      .returning({ userId: assignments.userId });
    if (!moved) throw new AppError("conflict:assignment", "The annotator chosen is already assigned to this article.");
    await tx.delete(assignments).where(and(eq(assignments.articleId, articleId), eq(assignments.userId, fromUserId)));
    const due = current.dueAt ? { dueAt: current.dueAt.toISOString() } : {};
    const change = { before: { articleId, userId: fromUserId, ...due }, after: { articleId, userId: toUserId, ...due } };
    for (const userId of [fromUserId, toUserId]) {
      await recordEvent(tx, assignmentChange({ projectId: article.projectId, articleId, userId }, actor.id, "assignment.reassigned", change));
    }
    return listAssignmentsTx(tx, articleId);
  });
}

async function listAssignmentsTx(db: Db | Tx, articleId: string): Promise<AssignmentItem[]> {
  return db
    .select({
      articleId: assignments.articleId,
      userId: assignments.userId,
      userName: users.name,
      status: assignments.status,
      createdAt: assignments.createdAt,
      submittedAt: assignments.submittedAt,
      dueAt: assignments.dueAt,
    })
    .from(assignments)
    .innerJoin(users, eq(users.id, assignments.userId))
    .where(eq(assignments.articleId, articleId))
    .orderBy(asc(users.name));
}

/**
 * Who an article is assigned to (any member who may read the project). That
 * someone is assigned is not their work, but when they submitted is: where the
 * visibility policy hides a fellow annotator's work, their status and
 * submission time are left out (status null).
 */
export async function listAssignments(db: Db, actor: Actor, articleId: string): Promise<AssignmentItem[]> {
  const { article, viewer } = await requireArticleViewer(db, actor, articleId, "read");
  const list = await listAssignmentsTx(db, articleId);
  return list.map((a) =>
    canSeeWork(viewer, { authorId: a.userId, articleClosedAt: article.closedAt }) ? a : { ...a, status: null, submittedAt: null },
  );
}

/** A claim's review status, as the claims table holds it (lib/vocabularies.ts's list). */
type ClaimStatus = (typeof claims.status.enumValues)[number];

/**
 * What an assignment asks of its annotator now, most urgent first: `revise`
 * — a reviewer requested changes on some of their claims there (the decision
 * also reopened a submitted assignment, server/team/decisions.ts, so it is
 * "assigned" again; the queue says why); `to_do` — assigned, not yet handed
 * in; `submitted` — handed in, waiting for review.
 */
export const QUEUE_STEPS = ["revise", "to_do", "submitted"] as const;
export type QueueStep = (typeof QUEUE_STEPS)[number];

export type QueueItem = {
  articleId: string;
  articleTitle: string;
  projectId: string;
  projectName: string;
  status: "assigned" | "submitted";
  assignedAt: Date;
  submittedAt: Date | null;
  /** The actor's live claims on the article, by review status (every status, 0 where none). */
  claimCounts: Record<ClaimStatus, number>;
  step: QueueStep;
};

/**
 * The actor's assignments across projects they still belong to, with their
 * claims there counted by status: those needing revision first, then those
 * to do, then those submitted, each oldest assignment first.
 */
export async function myQueue(db: Db, actor: Actor): Promise<QueueItem[]> {
  const rows = await db
    .select({
      articleId: assignments.articleId,
      articleTitle: articles.title,
      projectId: assignments.projectId,
      projectName: projects.name,
      status: assignments.status,
      assignedAt: assignments.createdAt,
      submittedAt: assignments.submittedAt,
    })
    .from(assignments)
    .innerJoin(articles, eq(articles.id, assignments.articleId))
    .innerJoin(projects, eq(projects.id, assignments.projectId))
    .innerJoin(projectMembers, and(eq(projectMembers.projectId, assignments.projectId), eq(projectMembers.userId, actor.id)))
    .where(eq(assignments.userId, actor.id))
    .orderBy(asc(assignments.createdAt), asc(assignments.articleId));
  if (rows.length === 0) return [];
  const counts = await db
    .select({ articleId: claims.articleId, status: claims.status, n: sql<number>`count(*)::int` })
    .from(claims)
    .where(
      and(
        eq(claims.authorId, actor.id),
        isNull(claims.deletedAt),
        eq(claims.isGold, false),
        inArray(
          claims.articleId,
          rows.map((r) => r.articleId),
        ),
      ),
    )
    .groupBy(claims.articleId, claims.status);
  const items = rows.map((row): QueueItem => {
    const claimCounts = Object.fromEntries(claims.status.enumValues.map((status) => [status, 0])) as Record<ClaimStatus, number>;
    for (const c of counts) if (c.articleId === row.articleId) claimCounts[c.status] = c.n;
    const step: QueueStep = claimCounts.changes_requested > 0 ? "revise" : row.status === "assigned" ? "to_do" : "submitted";
    return { ...row, claimCounts, step };
  });
  // A stable sort: within a step, the query's order (oldest assignment first) stays.
  return items.sort((a, b) => QUEUE_STEPS.indexOf(a.step) - QUEUE_STEPS.indexOf(b.step));
}

// ── The desk's board ────────────────────────────────────────────────────────

/** Articles per page of the board. */
export const BOARD_PAGE_SIZE = 50;

/** Which articles the board lists: all, those nobody is assigned to, or those with fewer than k assignees. */
export const BOARD_SHOWS = ["all", "unassigned", "short"] as const;
export type BoardShow = (typeof BOARD_SHOWS)[number];

/**
 * The board's query as the page address carries it. Lenient: a hand-edited
 * address with a wrong value shows the default rather than an error page.
 */
export const boardQuerySchema = z.object({
  // Text Postgres cannot hold (a NUL, a lone surrogate) would fail the query: such an address shows the unfiltered board.
  q: z
    .string()
    .trim()
    .max(200)
    .refine((q) => unstorableProblem(q) === null)
    .catch(""),
  show: z.enum(BOARD_SHOWS).catch("all"),
  k: z.coerce.number().int().min(1).max(MAX_ANNOTATORS_PER_ARTICLE).catch(2),
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
});
export type BoardQuery = z.output<typeof boardQuerySchema>;

export type BoardAssignee = {
  userId: string;
  name: string;
  /** null: hidden from this viewer by blind mode (as in {@link listAssignments}). */
  status: "assigned" | "submitted" | null;
  dueAt: Date | null;
};
export type BoardArticle = {
  id: string;
  title: string;
  /** Closed by a reviewer after adjudication: rounds leave it out until it is reopened. */
  isClosed: boolean;
  assignees: BoardAssignee[];
};

/** A member who may annotate, with the assignments they carry in the project (what a round's balance counts). */
export type BoardAnnotator = { userId: string; name: string; role: ProjectRole; openCount: number; submittedCount: number };

export type AssignmentBoard = {
  query: BoardQuery;
  /** This page's articles, by title. */
  articles: BoardArticle[];
  /** Every article the filter matches. */
  matchingCount: number;
  /** The ids of the matching articles, in board order, at most {@link MAX_ROUND_ARTICLES}: what "select all matching" selects. */
  matchingIds: string[];
  pageCount: number;
  annotators: BoardAnnotator[];
};

const ANNOTATING_ROLES = PROJECT_ROLES.filter((role) => roleCan(role, "annotate"));

/**
 * The desk's view of a project's assignments (reviewer or admin): the
 * articles the filter matches (title text; all, or the open ones with no or
 * fewer than k assignees), one page of them with their assignees and due dates, the ids
 * of all of them (for "select all matching"), and the members who may
 * annotate with their load. Four queries, whatever the page.
 */
export async function assignmentBoard(db: Db, actor: Actor, projectId: string, query: BoardQuery): Promise<AssignmentBoard> {
  const viewer = await requireProjectViewer(db, actor, projectId, "assign");
  const conditions: SQL[] = [sql`a.project_id = ${projectId}`];
  if (query.q !== "") conditions.push(sql`a.title ilike ${containsPattern(query.q)}`);
  // "Unassigned" and "fewer than k" look for work to hand out: an article closed after adjudication has none.
  // Counted per article through the assignments' primary key (article first): a join to a grouped count was
  // planned as a nested loop over the whole count when statistics were stale (0.5 s for 1,000 articles).
  const seats = sql`(select count(*) from ${assignments} s where s.article_id = a.id)`;
  if (query.show === "unassigned") conditions.push(sql`${seats} = 0 and a.closed_at is null`);
  if (query.show === "short") conditions.push(sql`${seats} < ${query.k} and a.closed_at is null`);
  const matching = sql`from ${articles} a where ${sql.join(conditions, sql` and `)}`;
  const order = sql`order by lower(a.title), a.id`;
  const [idRows, annotators] = await Promise.all([
    db.execute(sql`select a.id, count(*) over ()::int as total ${matching} ${order} limit ${MAX_ROUND_ARTICLES}`),
    db
      .select({
        userId: users.id,
        name: users.name,
        role: projectMembers.role,
        openCount: sql<number>`count(${assignments.articleId}) filter (where ${assignments.status} = 'assigned')::int`,
        submittedCount: sql<number>`count(${assignments.articleId}) filter (where ${assignments.status} = 'submitted')::int`,
      })
      .from(projectMembers)
      .innerJoin(users, eq(users.id, projectMembers.userId))
      .leftJoin(assignments, and(eq(assignments.projectId, projectMembers.projectId), eq(assignments.userId, projectMembers.userId)))
      .where(and(eq(projectMembers.projectId, projectId), inArray(projectMembers.role, ANNOTATING_ROLES)))
      .groupBy(users.id, users.name, users.email, projectMembers.role)
      .orderBy(asc(users.name), asc(users.email)),
  ]);
  const ids = rowsOf<{ id: string; total: number }>(idRows);
  const matchingCount = ids[0]?.total ?? 0;
  const pageCount = Math.max(1, Math.ceil(matchingCount / BOARD_PAGE_SIZE));
  const page = Math.min(query.page, pageCount);
  const offset = (page - 1) * BOARD_PAGE_SIZE;
  const pageRows = rowsOf<{ id: string; title: string; closed_at: Date | string | null }>(
    await db.execute(sql`select a.id, a.title, a.closed_at ${matching} ${order} limit ${BOARD_PAGE_SIZE} offset ${offset}`),
  );
  const assigneeRows =
    pageRows.length === 0
      ? []
      : await db
          .select({
            articleId: assignments.articleId,
            userId: assignments.userId,
            name: users.name,
            status: assignments.status,
            dueAt: assignments.dueAt,
          })
          .from(assignments)
          .innerJoin(users, eq(users.id, assignments.userId))
          .where(
            inArray(
              assignments.articleId,
              pageRows.map((row) => row.id),
            ),
          )
          .orderBy(asc(users.name), asc(assignments.userId));
  const byArticle = new Map<string, BoardAssignee[]>();
  const closedAt = new Map(pageRows.map((row) => [row.id, row.closed_at === null ? null : new Date(row.closed_at)]));
  for (const row of assigneeRows) {
    const isVisible = canSeeWork(viewer, { authorId: row.userId, articleClosedAt: closedAt.get(row.articleId) ?? null });
    const list = byArticle.get(row.articleId) ?? [];
    list.push({ userId: row.userId, name: row.name, status: isVisible ? row.status : null, dueAt: row.dueAt });
    byArticle.set(row.articleId, list);
  }
  return {
    query: { ...query, page },
    articles: pageRows.map((row) => ({ id: row.id, title: row.title, isClosed: row.closed_at !== null, assignees: byArticle.get(row.id) ?? [] })),
    matchingCount,
    matchingIds: ids.map((row) => row.id),
    pageCount,
    annotators,
  };
}
