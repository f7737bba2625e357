import "server-only";
import { and, asc, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db, Tx } from "@/db/client";
import {
  articles,
  assignments,
  claims,
  type ProjectRole,
  projectMembers,
  projects,
  reviews,
  type Source,
  sentences,
  sources,
  users,
} from "@/db/schema";
import type { ClaimContentKey, ClaimFields } from "@/lib/fields";
import { isUuid } from "@/lib/ids";
import { actionRequiresComment, type ReviewAction, transition } from "@/lib/review-state";
import { MAX_STORED_INT } from "@/lib/value-schemas";
import { PROJECT_ROLES, REVIEW_DECISIONS, type ReviewStatus } from "@/lib/vocabularies";
import { type Actor, assertRoleCan, roleCan } from "../authz";
import { CONTENT_SELECT, claimIsPlaced } from "../claim-rows";
import { AppError, describeFields } from "../errors";
import { assignmentChange, claimChange, recordEvent } from "../events";
import { type ProjectViewer, requireProjectViewer, seesAllWork, visibleClaims } from "../visibility";
import { loadClaimForRead } from "./loaders";

// A reviewer's side of review: the queue of submitted claims and the decision on each.

export type ReviewClaimItem = {
  id: string;
  authorId: string;
  authorName: string;
  start: number;
  end: number;
  exact: string;
  status: ReviewStatus;
  version: number;
  updatedAt: Date;
} & Pick<ClaimFields, ClaimContentKey>;

/** What the queue holds: every claim that has been handed in (drafts are the annotator's own business). */
function queuedClaims(viewer: ProjectViewer): SQL {
  return and(visibleClaims(viewer), claimIsPlaced(), eq(claims.isGold, false))!;
}

// ── The review page's queue: filtered, paged, each claim in its context ────

/** The statuses a reviewer can list: awaiting a decision (the default), and the decided ones for looking back. */
export const QUEUE_STATUSES = ["submitted", "changes_requested", "accepted", "rejected"] as const satisfies readonly ReviewStatus[];
export type QueueStatus = (typeof QUEUE_STATUSES)[number];

/** Claims per page, at most: a reviewer's sitting, and a bounded amount of context text per request. */
export const QUEUE_PAGE_SIZE = 50;

/**
 * How far the context reaches beyond the claim on either side, in code
 * points, at most. The context is the claim's sentences and one sentence on
 * each side; an article segmented badly (one "sentence" of 20,000 characters)
 * must not put the whole article on the page for every claim in it.
 */
export const CONTEXT_REACH = 400;

/**
 * The queue's order: by article, then by position in it, the id breaking
 * ties. It is claims_export_idx's order (project, article, start, id), so a
 * page is a short walk of that index from the cursor, however long the queue;
 * and a claim keeps its place while others are decided around it.
 */
const QUEUE_KEY = [claims.articleId, claims.start, claims.id] as const;
const QUEUE_ORDER = QUEUE_KEY.map((column) => asc(column));

/** Who annotates, by the one permission table: the people the annotator filter offers. */
const ANNOTATING_ROLES: ProjectRole[] = PROJECT_ROLES.filter((role) => roleCan(role, "annotate"));

/** A place in the queue, `<articleId>~<start>~<claimId>`: the key of the last (or first) claim of a page. */
const queueCursor = z
  .string()
  .regex(/^[0-9a-f-]{36}~[0-9]{1,10}~[0-9a-f-]{36}$/i, "must be a place in the queue")
  .transform((value) => {
    const [articleId, start, claimId] = value.split("~") as [string, string, string];
    return { articleId, start: Number(start), claimId };
  })
  .refine((c) => isUuid(c.articleId) && isUuid(c.claimId) && c.start <= MAX_STORED_INT, "must be a place in the queue");
export type QueueCursor = z.output<typeof queueCursor>;

/** The cursor string of a claim's place (what {@link queueCursor} reads). */
export function queueCursorOf(item: { articleId: string; start: number; id: string }): string {
  return `${item.articleId}~${item.start}~${item.id}`;
}

/** A GET form sends a field left at "all" as ""; that is no filter, not a wrong value. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

/**
 * The queue's address: the filters — `status` (default submitted),
 * `annotator` (a member's user id), `article`, `type` (a claim type of the
 * project's taxonomy) and `verdict` (likewise) — and the page: `after` or
 * `before` a place in the queue, `limit` claims (at most {@link QUEUE_PAGE_SIZE}).
 * The taxonomy and membership checks need the project, so
 * {@link listReviewQueue} makes them; every refusal is a 422 naming the field.
 */
export const reviewQueueQuerySchema = z
  .object({
    status: z.preprocess((value) => (value === "" ? undefined : value), z.enum(QUEUE_STATUSES).default("submitted")),
    annotator: optional(z.string().min(1).max(255)),
    article: optional(z.uuid()),
    type: optional(z.string().min(1).max(64)),
    verdict: optional(z.string().min(1).max(64)),
    after: optional(queueCursor),
    before: optional(queueCursor),
    limit: z.preprocess(
      (value) => (value === "" || value === undefined ? undefined : Number(value)),
      z.number().int().min(1).max(QUEUE_PAGE_SIZE).default(QUEUE_PAGE_SIZE),
    ),
  })
  .refine((q) => q.after === undefined || q.before === undefined, { message: "give after or before, not both", path: ["before"] });
export type ReviewQueueQuery = z.output<typeof reviewQueueQuerySchema>;

/** The filters of a query alone, as a form or a link keeps them from page to page. */
export type ReviewQueueFilters = Pick<ReviewQueueQuery, "status" | "annotator" | "article" | "type" | "verdict">;

export type QueueSource = Pick<Source, "id" | "url" | "title" | "publisher" | "stance" | "excerpt">;

/**
 * The text around a claim: its sentences and the sentence before and after
 * (each side cut at {@link CONTEXT_REACH}); `claimStart`/`claimEnd` are the
 * claim's code-point offsets within `text`, `start` the context's own offset
 * in the article. `isCutBefore`/`isCutAfter`: the reach ended inside a sentence.
 */
export type QueueContext = { text: string; start: number; claimStart: number; claimEnd: number; isCutBefore: boolean; isCutAfter: boolean };

export type ReviewQueueItem = ReviewClaimItem & {
  articleId: string;
  articleTitle: string;
  /** The article's language (BCP 47), for the context's `lang`; the claim's own is `language`. */
  articleLanguage: string | null;
  context: QueueContext;
  sources: QueueSource[];
  /**
   * How many other annotators handed in a claim on any of this claim's
   * sentences: 0 is a claim nobody else saw, a desk's first doubt. Shown for
   * the page's claims only; as a filter it would probe every claim of every
   * article for a rare answer, which a desk's queue cannot afford.
   */
  othersOnSentences: number;
};

export type ReviewQueuePage = {
  items: ReviewQueueItem[];
  /** The query as understood (defaults filled in). */
  filters: ReviewQueueFilters;
  /** `after` for the next page, `before` for the previous one; null where there is none. */
  next: string | null;
  previous: string | null;
  /** Who the annotator filter offers: the members who annotate (admins and reviewers annotate too). */
  annotators: Array<{ id: string; name: string }>;
  /** The article the article filter names, with its title. */
  article: { id: string; title: string } | null;
};

/**
 * A page of the review queue for a reviewer or an admin: the claims of the
 * project in the chosen status (default: awaiting a decision) that pass the
 * filters, in the queue's order, each with the text around it, its sources and
 * every field the reviewer decides on. The context is cut from the article in
 * the database (`substring` counts characters, which in a UTF-8 database are
 * code points, as our offsets are), so no article text leaves the database
 * beyond what the page shows. Filters naming a claim type or verdict outside
 * the project's taxonomy, a person who is not a member or an article of
 * another project are refused (422 naming the field), not answered with an
 * empty page that would look like "nothing to review".
 */
export async function listReviewQueue(db: Db, actor: Actor, projectId: string, query: ReviewQueueQuery): Promise<ReviewQueuePage> {
  const viewer = await requireProjectViewer(db, actor, projectId, "review");
  const [[project], annotators, article] = await Promise.all([
    db.select({ taxonomy: projects.taxonomy }).from(projects).where(eq(projects.id, projectId)),
    db
      .select({ id: users.id, name: users.name })
      .from(projectMembers)
      .innerJoin(users, eq(users.id, projectMembers.userId))
      .where(and(eq(projectMembers.projectId, projectId), inArray(projectMembers.role, ANNOTATING_ROLES)))
      .orderBy(asc(users.name), asc(users.id)),
    query.article === undefined
      ? Promise.resolve(null)
      : db
          .select({ id: articles.id, title: articles.title })
          .from(articles)
          .where(and(eq(articles.id, query.article), eq(articles.projectId, projectId)))
          .then((rows) => rows[0] ?? null),
  ]);
  const fields: Record<string, string> = {};
  if (query.type !== undefined && !project?.taxonomy.claimTypes.some((entry) => entry.key === query.type))
    fields.type = "not a claim type of this project";
  if (query.verdict !== undefined && !project?.taxonomy.verdicts.some((entry) => entry.key === query.verdict))
    fields.verdict = "not a verdict of this project";
  if (query.annotator !== undefined && !annotators.some((person) => person.id === query.annotator))
    fields.annotator = "not an annotator of this project";
  if (query.article !== undefined && article === null) fields.article = "not an article of this project";
  if (Object.keys(fields).length > 0) {
    throw new AppError("unprocessable:validation", `Invalid input — ${describeFields(fields)}`, { fields });
  }

  const isBackwards = query.before !== undefined;
  const cursor = query.before ?? query.after;
  const place = sql`(${claims.articleId}, ${claims.start}, ${claims.id})`;
  const filters = and(
    queuedClaims(viewer),
    eq(claims.status, query.status),
    query.annotator === undefined ? undefined : eq(claims.authorId, query.annotator),
    query.article === undefined ? undefined : eq(claims.articleId, query.article),
    query.type === undefined ? undefined : eq(claims.claimType, query.type),
    query.verdict === undefined ? undefined : eq(claims.verdict, query.verdict),
    cursor === undefined
      ? undefined
      : isBackwards
        ? sql`${place} < (${cursor.articleId}::uuid, ${cursor.start}::integer, ${cursor.claimId}::uuid)`
        : sql`${place} > (${cursor.articleId}::uuid, ${cursor.start}::integer, ${cursor.claimId}::uuid)`,
  );

  // The claim's sentences and one on each side, found by the sentences' primary key (article, index);
  // the claim's sentence indexes are sorted (server/claim-rows.ts), so the first and last are the ends.
  const around = db
    .select({
      sentenceStart: sql<number | null>`min(${sentences.start})`.as("sentence_start"),
      sentenceEnd: sql<number | null>`max(${sentences.end})`.as("sentence_end"),
    })
    .from(sentences)
    .where(
      and(
        eq(sentences.articleId, claims.articleId),
        sql`${sentences.index} between ${claims.sentenceIndexes}[1] - 1 and ${claims.sentenceIndexes}[cardinality(${claims.sentenceIndexes})] + 1`,
      ),
    )
    .as("around");
  const reachStart = sql`greatest(coalesce(${around.sentenceStart}, ${claims.start}), ${claims.start} - ${CONTEXT_REACH}::integer)`;
  const reachEnd = sql`least(coalesce(${around.sentenceEnd}, ${claims.end}), ${claims.end} + ${CONTEXT_REACH}::integer)`;
  // least/greatest with the claim itself: a claim reaching past its sentences (whitespace around them) is still whole.
  const contextStart = sql<number>`least(${claims.start}, ${reachStart})`;
  const contextEnd = sql<number>`greatest(${claims.end}, ${reachEnd})`;

  const rows = await db
    .select({
      articleId: claims.articleId,
      articleTitle: articles.title,
      articleLanguage: articles.language,
      id: claims.id,
      authorId: claims.authorId,
      authorName: users.name,
      start: claims.start,
      end: claims.end,
      exact: claims.exact,
      ...CONTENT_SELECT,
      status: claims.status,
      version: claims.version,
      updatedAt: claims.updatedAt,
      contextStart,
      contextText: sql<string>`substring(${articles.text} from ${contextStart} + 1 for ${contextEnd} - ${contextStart})`,
      isCutBefore: sql<boolean>`coalesce(${around.sentenceStart}, ${claims.start}) < ${contextStart}`,
      isCutAfter: sql<boolean>`coalesce(${around.sentenceEnd}, ${claims.end}) > ${contextEnd}`,
      othersOnSentences: othersOnSentences(viewer),
    })
    .from(claims)
    .innerJoin(articles, eq(articles.id, claims.articleId))
    .innerJoin(users, eq(users.id, claims.authorId))
    .crossJoinLateral(around)
    .where(filters)
    .orderBy(...(isBackwards ? QUEUE_KEY.map((column) => desc(column)) : QUEUE_ORDER))
    .limit(query.limit + 1);

  const hasMore = rows.length > query.limit;
  const page = rows.slice(0, query.limit);
  if (isBackwards) page.reverse();
  const sourceRows =
    page.length === 0
      ? []
      : await db
          .select({
            claimId: sources.claimId,
            id: sources.id,
            url: sources.url,
            title: sources.title,
            publisher: sources.publisher,
            stance: sources.stance,
            excerpt: sources.excerpt,
          })
          .from(sources)
          .where(
            inArray(
              sources.claimId,
              page.map((row) => row.id),
            ),
          )
          .orderBy(asc(sources.claimId), asc(sources.position));
  const sourcesByClaim = new Map<string, QueueSource[]>();
  for (const { claimId, ...source } of sourceRows) {
    const list = sourcesByClaim.get(claimId);
    if (list) list.push(source);
    else sourcesByClaim.set(claimId, [source]);
  }

  const items = page.map(
    ({ contextStart: start, contextText, isCutBefore, isCutAfter, ...claim }): ReviewQueueItem => ({
      ...claim,
      context: { text: contextText, start, claimStart: claim.start - start, claimEnd: claim.end - start, isCutBefore, isCutAfter },
      sources: sourcesByClaim.get(claim.id) ?? [],
    }),
  );
  const first = items[0];
  const last = items.at(-1);
  // Going forward, there is a previous page whenever we started from a cursor; going back, a next one.
  const next = last && (isBackwards ? true : hasMore) ? queueCursorOf(last) : null;
  const previous = first && (isBackwards ? hasMore : cursor !== undefined) ? queueCursorOf(first) : null;
  return {
    items,
    filters: { status: query.status, annotator: query.annotator, article: query.article, type: query.type, verdict: query.verdict },
    next,
    previous,
    annotators,
    article,
  };
}

export const decisionSchema = z.object({
  decision: z.enum(REVIEW_DECISIONS),
  comment: z.string().trim().max(10_000).default(""),
});

/** What decideClaim takes: the claim and the parsed body (decisionSchema: the comment trimmed, "" when none). */
export type DecideInput = { claimId: string } & z.output<typeof decisionSchema>;

export type DecisionResult = { claimId: string; status: ReviewStatus; version: number; reviewId: string };

/**
 * A reviewer's decision on a claim: the state machine decides what is legal
 * (409 otherwise), reject and request changes need a comment (422), and the
 * review row, the claim's new status and the history entry are written together.
 * A reviewer does not decide on their own claims (403). Given a transaction,
 * it runs in a savepoint of it (a batch decides many claims in one transaction).
 */
export async function decideClaim(db: Db | Tx, actor: Actor, input: DecideInput): Promise<DecisionResult> {
  const { claimId, decision, comment } = input;
  return db.transaction(async (tx) => {
    // Visibility first (a claim the actor may not see is 404, like an unknown id), then the role (403).
    const { role } = await loadClaimForRead(tx, actor, claimId);
    assertRoleCan(role, "review", "claim");
    const [claim] = await tx.select().from(claims).where(eq(claims.id, claimId)).for("update");
    if (!claim) throw new AppError("not_found:claim", "No such claim.");
    if (claim.deletedAt) throw new AppError("gone:claim", "This claim was deleted.");
    if (claim.anchorState !== "placed") {
      throw new AppError("conflict:claim", "This claim waits to be placed on the article's new revision; it is reviewed once it is placed.");
    }
    if (claim.isGold) throw new AppError("conflict:claim", "A gold claim is the outcome of adjudication; it is not reviewed.");
    if (claim.authorId === actor.id) throw new AppError("forbidden:claim", "You cannot review your own claim.");
    const action: ReviewAction = decision;
    if (actionRequiresComment(action) && comment.length === 0) {
      throw new AppError("unprocessable:validation", "comment: say why, so the author knows what to change", {
        fields: { comment: "required when rejecting or requesting changes" },
      });
    }
    const result = transition(claim.status, action, "reviewer");
    if (!result.ok) {
      throw new AppError(result.code === "forbidden" ? "forbidden:claim" : "conflict:claim", result.message, {
        detail: { status: claim.status },
      });
    }
    const [review] = await tx.insert(reviews).values({ claimId, reviewerId: actor.id, decision, comment }).returning({ id: reviews.id });
    const now = new Date();
    await tx
      .update(claims)
      .set({ status: result.status, version: claim.version + 1, updatedAt: now })
      .where(eq(claims.id, claimId));
    await recordEvent(
      tx,
      claimChange(
        { id: claimId, projectId: claim.projectId, articleId: claim.articleId },
        actor.id,
        `claim.${decision === "accept" ? "accepted" : decision === "reject" ? "rejected" : "changes_requested"}`,
        { before: { status: claim.status }, after: { status: result.status, comment, reviewId: review!.id } },
      ),
    );
    // A submitted article is frozen for its annotator (server/claims.ts, assertOpenForWork) until a reviewer
    // asks for changes: then their assignment is open again, to revise and resubmit.
    if (decision === "request_changes")
      await reopenAssignment(tx, { articleId: claim.articleId, projectId: claim.projectId, userId: claim.authorId, actor, claimId });
    return { claimId, status: result.status, version: claim.version + 1, reviewId: review!.id };
  });
}

/** Put a submitted assignment back to assigned (changes were requested), with its history entry; nothing if it is not submitted. */
async function reopenAssignment(
  tx: Tx,
  options: { articleId: string; projectId: string; userId: string; actor: Actor; claimId: string },
): Promise<void> {
  const reopened = await tx
    .update(assignments)
    .set({ status: "assigned" })
    .where(and(eq(assignments.articleId, options.articleId), eq(assignments.userId, options.userId), eq(assignments.status, "submitted")))
    .returning({ userId: assignments.userId });
  if (reopened.length === 0) return;
  await recordEvent(
    tx,
    assignmentChange(
      { projectId: options.projectId, articleId: options.articleId, userId: options.userId },
      options.actor.id,
      "assignment.reopened",
      { before: { status: "submitted" }, after: { status: "assigned", claimId: options.claimId } },
    ),
  );
}

/**
 * Other authors' handed-in claims on the claim's sentences, counted per
 * author. The count reads other people's work, so it needs a viewer who sees
 * everyone's (a reviewer or an admin, whom the queue requires anyway); for
 * anyone else it is 0 rather than a leak.
 */
function othersOnSentences(viewer: ProjectViewer): SQL<number> {
  if (!seesAllWork(viewer)) return sql<number>`0`;
  return sql<number>`(select count(distinct "other"."author_id")::integer from ${claims} as "other"
    where "other"."article_id" = ${claims.articleId} and "other"."author_id" <> ${claims.authorId}
      and ${claimIsPlaced("other")} and not "other"."is_gold" and "other"."status" <> 'draft'
      and "other"."sentence_indexes" && ${claims.sentenceIndexes})`;
}

// ── Accepting a selection ───────────────────────────────────────────────────

/** Claims accepted in one request, at most: a page of the queue. */
export const BATCH_ACCEPT_LIMIT = QUEUE_PAGE_SIZE;

export const batchAcceptSchema = z.object({
  claimIds: z
    .array(z.uuid())
    .min(1, "choose at least one claim")
    .max(BATCH_ACCEPT_LIMIT, `at most ${BATCH_ACCEPT_LIMIT} claims at a time`)
    .refine((ids) => new Set(ids.map((id) => id.toLowerCase())).size === ids.length, "each claim once"),
});
export type BatchAcceptInput = z.output<typeof batchAcceptSchema>;

/** What became of one claim of a batch: accepted now, accepted before (nothing changed), or refused with the error's code and message. */
export type BatchAcceptItem =
  | { claimId: string; outcome: "accepted"; status: ReviewStatus; version: number }
  | { claimId: string; outcome: "already_accepted"; status: "accepted" }
  | { claimId: string; outcome: "refused"; code: string; message: string };

export type BatchAcceptResult = { items: BatchAcceptItem[]; acceptedCount: number; alreadyAcceptedCount: number; refusedCount: number };

/**
 * Accept a reviewer's selection in one transaction, each claim through
 * {@link decideClaim} (the same visibility, role, own-claim and state-machine
 * rules, the same review row and history entry), each in its own savepoint so
 * a refused claim leaves the others accepted. Idempotent: a claim accepted
 * already is reported as such, not refused. Anything but a refusal of one
 * claim (a lost connection) rolls the whole batch back. Claims are taken in id
 * order, so two batches over the same claims lock them in the same order.
 */
export async function acceptClaims(db: Db, actor: Actor, input: BatchAcceptInput): Promise<BatchAcceptResult> {
  const order = [...input.claimIds].sort();
  const outcomes = await db.transaction(async (tx) => {
    const byId = new Map<string, BatchAcceptItem>();
    for (const claimId of order) {
      try {
        const decided = await decideClaim(tx, actor, { claimId, decision: "accept", comment: "" });
        byId.set(claimId, { claimId, outcome: "accepted", status: decided.status, version: decided.version });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        byId.set(claimId, isAlreadyAccepted(error) ? { claimId, outcome: "already_accepted", status: "accepted" } : refusal(claimId, error));
      }
    }
    return byId;
  });
  const items = input.claimIds.map((claimId) => outcomes.get(claimId)!);
  const countOf = (outcome: BatchAcceptItem["outcome"]) => items.filter((item) => item.outcome === outcome).length;
  return { items, acceptedCount: countOf("accepted"), alreadyAcceptedCount: countOf("already_accepted"), refusedCount: countOf("refused") };
}

/** The state machine's refusal to accept a claim that is accepted already (decideClaim's 409 names the status). */
function isAlreadyAccepted(error: AppError): boolean {
  return error.code === "conflict:claim" && (error.detail as { status?: unknown } | undefined)?.status === "accepted";
}

function refusal(claimId: string, error: AppError): BatchAcceptItem {
  return { claimId, outcome: "refused", code: error.code, message: error.message };
}
