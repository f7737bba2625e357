import "server-only";
import { and, asc, eq, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { type Db, rowsOf, type Tx } from "@/db/client";
import {
  articles,
  assignments,
  claims,
  events,
  projectMembers,
  projects,
  sentenceDecisions,
  sentenceExclusions,
  sentences,
  users,
} from "@/db/schema";
import { exclusionReason } from "@/lib/export/records";
import { isUuid } from "@/lib/ids";
import type { ChangeNotice } from "@/lib/live-notice";
import { MAX_STORED_INT } from "@/lib/value-schemas";
import { SENTENCE_DECISIONS, type SentenceDecision } from "@/lib/vocabularies";
import { type Actor, assertRoleCan, type ProjectAction, roleFromMembership } from "./authz";
import { claimIsPlaced } from "./claim-rows";
import { AppError } from "./errors";
import { articleChange, assignmentChange, CHANGE_CHANNEL, recordEvent } from "./events";
import { assertOpenForWork } from "./open-for-work";
import { articleWithMembership, canSeeWork, requireArticleViewer, visibleAcrossProjects } from "./visibility";

/**
 * Decisions on a sentence besides claiming it, by its index among the
 * article's stored sentences:
 *
 * - "no claim here" (`no_claim`) is a person's own: they read the sentence
 *   and it holds no claim. It is their work like a claim — the blind rule
 *   applies (server/visibility.ts), it freezes when they submit the article
 *   or it is closed, and its history entries are their assignment's, so a
 *   fellow annotator in a blind project neither sees them nor is told.
 * - "not annotatable" (an exclusion) is the article's: boilerplate a
 *   reviewer or admin leaves out of annotation for everyone. Excluded
 *   sentences count nowhere: not in coverage, agreement or the sentence TSV.
 *   Deciding what of an article counts toward agreement and gold is
 *   adjudication work, so it takes the `adjudicate` right.
 *
 * Both are idempotent: setting what is already set changes and records
 * nothing (and is answered even when the work is frozen, so a retry of an
 * accepted request never fails).
 */

/** The sentence in the path: its index among the article's stored sentences. */
export const sentenceParams = z.object({
  id: z.uuid(),
  // Digits only: Number() would read " ", "0x1f" or "1e3" as indexes too.
  index: z
    .string()
    .regex(/^(0|[1-9][0-9]{0,9})$/, "must be a sentence index: 0, 1, 2, …")
    .transform(Number)
    .pipe(z.number().max(MAX_STORED_INT, `must be at most ${MAX_STORED_INT}`)),
});

export const sentenceDecisionSchema = z.object({
  decision: z.enum(SENTENCE_DECISIONS, `must be one of ${SENTENCE_DECISIONS.join(", ")}, or null to clear it`).nullable(),
});

export const sentenceExclusionSchema = z.discriminatedUnion(
  "excluded",
  [
    z.object({
      excluded: z.literal(true),
      reason: z.string().trim().pipe(exclusionReason).optional(),
    }),
    z.object({ excluded: z.literal(false) }),
  ],
  "must be true or false",
);
export type SentenceExclusionInput = z.infer<typeof sentenceExclusionSchema>;

export type SentenceDecisionDto = {
  sentenceIndex: number;
  decision: SentenceDecision;
  authorId: string;
  authorName: string;
  createdAt: Date;
  updatedAt: Date;
};

export type SentenceExclusionDto = {
  sentenceIndex: number;
  reason: string | null;
  /** Who marked it last (null once that account is gone). */
  excludedBy: string | null;
  excludedByName: string | null;
  createdAt: Date;
  updatedAt: Date;
};

export type ArticleSentenceDecisions = { decisions: SentenceDecisionDto[]; exclusions: SentenceExclusionDto[] };

/**
 * The article's exclusions and the no-claim decisions the actor may see: in a
 * blind project an annotator or viewer sees only their own until the article
 * is closed; reviewers and admins see everyone's. In sentence order.
 */
export async function listSentenceDecisions(db: Db, actor: Actor, articleId: string): Promise<ArticleSentenceDecisions> {
  const { article, viewer } = await requireArticleViewer(db, actor, articleId, "read");
  const [decisionRows, exclusionRows] = await Promise.all([
    db
      .select({ row: sentenceDecisions, authorName: users.name })
      .from(sentenceDecisions)
      .innerJoin(users, eq(users.id, sentenceDecisions.authorId))
      .where(eq(sentenceDecisions.articleId, articleId))
      .orderBy(asc(sentenceDecisions.sentenceIndex), asc(sentenceDecisions.authorId)),
    db
      .select({ row: sentenceExclusions, byName: users.name })
      .from(sentenceExclusions)
      .leftJoin(users, eq(users.id, sentenceExclusions.createdBy))
      .where(eq(sentenceExclusions.articleId, articleId))
      .orderBy(asc(sentenceExclusions.sentenceIndex)),
  ]);
  return {
    decisions: decisionRows
      .filter(({ row }) => canSeeWork(viewer, { authorId: row.authorId, articleClosedAt: article.closedAt }))
      .map(({ row, authorName }) => decisionDto(row, authorName)),
    exclusions: exclusionRows.map(({ row, byName }) => exclusionDto(row, byName)),
  };
}

/**
 * Set (`no_claim`) or clear (null) the actor's own decision on a sentence.
 * Refused with 409 while the actor's own live claim covers the sentence (a
 * sentence cannot both hold their claim and none), and when their work on
 * the article is frozen. Returns the actor's decision as it now stands.
 */
export async function setSentenceDecision(
  db: Db,
  actor: Actor,
  input: { articleId: string; sentenceIndex: number; decision: SentenceDecision | null },
): Promise<SentenceDecisionDto | null> {
  return db.transaction(async (tx) => {
    const article = await loadSentenceForWrite(tx, actor, input.articleId, input.sentenceIndex, "annotate");
    const key = and(
      eq(sentenceDecisions.articleId, input.articleId),
      eq(sentenceDecisions.sentenceIndex, input.sentenceIndex),
      eq(sentenceDecisions.authorId, actor.id),
    );
    const [existing] = await tx.select().from(sentenceDecisions).where(key).for("update");
    const where = { projectId: article.projectId, articleId: input.articleId, userId: actor.id };
    if (input.decision === null) {
      if (!existing) return null;
      assertOpenForWork(article);
      await tx.delete(sentenceDecisions).where(key);
      await recordEvent(
        tx,
        assignmentChange(where, actor.id, `sentence.${existing.decision}_cleared`, {
          before: { sentenceIndex: input.sentenceIndex, decision: existing.decision },
          after: { sentenceIndex: input.sentenceIndex, decision: null },
        }),
      );
      return null;
    }
    if (existing?.decision === input.decision) return decisionDto(existing, actor.name);
    assertOpenForWork(article);
    const [covering] = await tx
      .select({ id: claims.id })
      .from(claims)
      .where(
        and(
          eq(claims.articleId, input.articleId),
          eq(claims.authorId, actor.id),
          claimIsPlaced(),
          sql`${input.sentenceIndex}::int = any(${claims.sentenceIndexes})`,
        ),
      )
      .limit(1);
    if (covering) {
      throw new AppError(
        "conflict:sentence",
        `Sentence ${input.sentenceIndex + 1} holds a claim of yours, so it cannot be marked "no claim here". Delete that claim first.`,
        { detail: { claimId: covering.id } },
      );
    }
    const now = new Date();
    const [written] = await tx
      .insert(sentenceDecisions)
      .values({
        articleId: input.articleId,
        projectId: article.projectId,
        sentenceIndex: input.sentenceIndex,
        authorId: actor.id,
        decision: input.decision,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoUpdate({
        target: [sentenceDecisions.articleId, sentenceDecisions.sentenceIndex, sentenceDecisions.authorId],
        set: { decision: input.decision, updatedAt: now },
      })
      .returning();
    await recordEvent(
      tx,
      assignmentChange(where, actor.id, `sentence.${input.decision}`, {
        before: existing ? { sentenceIndex: input.sentenceIndex, decision: existing.decision } : undefined,
        after: { sentenceIndex: input.sentenceIndex, decision: input.decision },
      }),
    );
    return decisionDto(written!, actor.name);
  });
}

/**
 * Whose "no claim here" marks a claim write clears: the claim's author on the claim's article. `actorId`, who
 * the history names, is the author unless someone else wrote the claim (a project admin restoring a backup).
 */
export type CoveredNoClaims = { projectId: string; articleId: string; authorId: string; actorId?: string };

/**
 * A claim of the author's now covers these sentences, so their own "no claim
 * here" on them goes (a sentence does not say both; {@link setSentenceDecision}
 * refuses the mark while the claim stands, and the annotator clears it when
 * the person draws a claim over it). As parts of the statement that writes
 * the claim, so the create path keeps its two round trips: `ctes` deletes
 * the marks and appends one history entry per mark removed — the entry
 * clearing a mark by hand records (`sentence.no_claim_cleared` on the
 * author's assignment, before and after) — and `notify` (a scalar subquery
 * for the main select) announces it once, only if a mark was removed.
 * `sentenceIndexes` is an `integer[]` expression, evaluated in the statement
 * (the claim insert's RETURNING, say); null or empty removes nothing.
 */
export function clearCoveredNoClaimsParts(who: CoveredNoClaims, sentenceIndexes: SQL): { ctes: SQL; notify: SQL } {
  const assignment = assignmentChange({ ...who, userId: who.authorId }, who.actorId ?? who.authorId, "sentence.no_claim_cleared", {});
  const notice: ChangeNotice = {
    projectId: assignment.projectId,
    articleId: assignment.articleId,
    entityType: assignment.entityType,
    entityId: assignment.entityId,
    action: assignment.action,
    actorId: assignment.actorId,
  };
  return {
    ctes: sql`cleared_no_claims as (
      delete from ${sentenceDecisions} d
      where d.article_id = ${who.articleId} and d.author_id = ${who.authorId} and d.decision = 'no_claim'
        and d.sentence_index = any(${sentenceIndexes}::integer[])
      returning d.sentence_index, d.decision
    ),
    cleared_no_claims_entry as (
      insert into ${events} ("project_id", "actor_id", "entity_type", "entity_id", "action", "before", "after")
      select ${notice.projectId}, ${notice.actorId}, ${notice.entityType}, ${notice.entityId}, ${notice.action},
             jsonb_build_object('sentenceIndex', c.sentence_index, 'decision', c.decision),
             jsonb_build_object('sentenceIndex', c.sentence_index, 'decision', 'null'::jsonb)
      from cleared_no_claims c
      order by c.sentence_index
      returning 1
    )`,
    notify: sql`(select pg_notify(${CHANGE_CHANNEL}, ${JSON.stringify(notice)}) from (select 1 from cleared_no_claims_entry limit 1) as once)`,
  };
}

/**
 * {@link clearCoveredNoClaimsParts} as a statement of its own, for the writes
 * that already run in a transaction (an edit that moves a claim, restoring a
 * deleted one, the imports in server/import.ts):
 * one round trip, none when the claim covers no sentence.
 */
export async function clearCoveredNoClaims(tx: Db | Tx, who: CoveredNoClaims, sentenceIndexes: readonly number[]): Promise<void> {
  if (sentenceIndexes.length === 0) return;
  const parts = clearCoveredNoClaimsParts(who, sql`${`{${sentenceIndexes.join(",")}}`}::integer[]`);
  await tx.execute(sql`with ${parts.ctes} select ${parts.notify}`);
}

/**
 * Mark a sentence not annotatable for everyone (with an optional reason), or
 * annotatable again: reviewers and admins, until the article is closed (what
 * was adjudicated stays as it was). Claims and decisions on the sentence stay
 * as they are; they just no longer count. Returns the exclusion as it now stands.
 */
export async function setSentenceExclusion(
  db: Db,
  actor: Actor,
  input: { articleId: string; sentenceIndex: number } & SentenceExclusionInput,
): Promise<SentenceExclusionDto | null> {
  return db.transaction(async (tx) => {
    const article = await loadSentenceForWrite(tx, actor, input.articleId, input.sentenceIndex, "adjudicate");
    const key = and(eq(sentenceExclusions.articleId, input.articleId), eq(sentenceExclusions.sentenceIndex, input.sentenceIndex));
    const [existing] = await tx.select().from(sentenceExclusions).where(key).for("update");
    // The reviewer's own assignment (if any) does not freeze the article's boilerplate: only closing it does.
    const frozen = { closedAt: article.closedAt, assignmentStatus: null };
    const entity = { id: input.articleId, projectId: article.projectId };
    if (!input.excluded) {
      if (!existing) return null;
      assertOpenForWork(frozen);
      await tx.delete(sentenceExclusions).where(key);
      await recordEvent(
        tx,
        articleChange(entity, actor.id, "sentence.included", {
          before: { sentenceIndex: input.sentenceIndex, excluded: true, reason: existing.reason },
          after: { sentenceIndex: input.sentenceIndex, excluded: false },
        }),
      );
      return null;
    }
    const reason = input.reason ? input.reason : null;
    if (existing && existing.reason === reason) return exclusionDto(existing, await nameOf(tx, existing.createdBy));
    assertOpenForWork(frozen);
    const now = new Date();
    const [written] = await tx
      .insert(sentenceExclusions)
      .values({
        articleId: input.articleId,
        projectId: article.projectId,
        sentenceIndex: input.sentenceIndex,
        reason,
        createdBy: actor.id,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoUpdate({
        target: [sentenceExclusions.articleId, sentenceExclusions.sentenceIndex],
        set: { reason, createdBy: actor.id, updatedAt: now },
      })
      .returning();
    await recordEvent(
      tx,
      articleChange(entity, actor.id, "sentence.excluded", {
        before: existing ? { sentenceIndex: input.sentenceIndex, excluded: true, reason: existing.reason } : undefined,
        after: { sentenceIndex: input.sentenceIndex, excluded: true, reason },
      }),
    );
    return exclusionDto(written!, actor.name);
  });
}

export type SentenceCoverage = {
  /** Sentences not excluded. */
  annotatable: number;
  /** Annotatable sentences a live claim or a no-claim decision covers, counting only what the actor may see. */
  decided: number;
};

/**
 * How far the annotation of each article has come, as the actor may see it
 * (the blind rule, in the form for several projects at once): per article,
 * the sentences not excluded, and how many of those a visible live claim
 * (gold included) or a visible no-claim decision covers. Articles the actor
 * may not read are left out of the answer. One query for the whole list.
 */
export async function sentenceCoverage(db: Db | Tx, actor: Actor, articleIds: readonly string[]): Promise<Map<string, SentenceCoverage>> {
  const ids = [...new Set(articleIds.filter(isUuid).map((id) => id.toLowerCase()))];
  const coverage = new Map<string, SentenceCoverage>();
  if (ids.length === 0) return coverage;
  const visible = (authorId: SQL) =>
    visibleAcrossProjects(actor, {
      isBlind: sql`${projects.isBlind}`,
      memberRole: sql`${projectMembers.role}`,
      authorId,
      articleClosedAt: sql`${articles.closedAt}`,
    });
  const notExcluded = (index: SQL) =>
    sql`not exists (select 1 from ${sentenceExclusions} x where x.article_id = ${articles.id} and x.sentence_index = ${index})`;
  const result = await db.execute(sql`
    select ${articles.id} as "articleId", n.annotatable, k.decided
    from ${articles}
    join ${projects} on ${projects.id} = ${articles.projectId}
    left join ${projectMembers} on ${projectMembers.projectId} = ${articles.projectId} and ${projectMembers.userId} = ${actor.id}
    cross join lateral (
      select count(*)::int as annotatable from ${sentences} s where s.article_id = ${articles.id} and ${notExcluded(sql`s.index`)}
    ) n
    cross join lateral (
      select count(*)::int as decided from (
        select unnest(c.sentence_indexes) as idx from ${claims} c
        where c.article_id = ${articles.id} and ${claimIsPlaced("c")} and ${visible(sql`c.author_id`)}
        union
        select d.sentence_index from ${sentenceDecisions} d
        where d.article_id = ${articles.id} and ${visible(sql`d.author_id`)}
      ) covered
      where exists (select 1 from ${sentences} s where s.article_id = ${articles.id} and s.index = covered.idx)
        and ${notExcluded(sql`covered.idx`)}
    ) k
    where ${articles.id} = any(${`{${ids.join(",")}}`}::uuid[])
      and (${actor.isAdmin}::boolean or ${projectMembers.role} is not null)`);
  for (const row of rowsOf<{ articleId: string; annotatable: number; decided: number }>(result)) {
    coverage.set(row.articleId, { annotatable: Number(row.annotatable), decided: Number(row.decided) });
  }
  return coverage;
}

type WriteTarget = { projectId: string; closedAt: Date | null; assignmentStatus: "assigned" | "submitted" | null };

/**
 * The article a sentence decision is written to, after the checks every such
 * write makes, in this order: the article exists and the actor may `action`
 * there (404 for a non-member, 403 for a role without the right), then the
 * index names one of its stored sentences (422 naming `index`).
 */
async function loadSentenceForWrite(tx: Tx, actor: Actor, articleId: string, index: number, action: ProjectAction): Promise<WriteTarget> {
  const [row] = await articleWithMembership(tx, actor, {
    projectId: articles.projectId,
    closedAt: articles.closedAt,
    assignmentStatus: assignments.status,
    sentenceCount: articles.sentenceCount,
  })
    .leftJoin(assignments, and(eq(assignments.articleId, articles.id), eq(assignments.userId, actor.id)))
    .where(eq(articles.id, articleId))
    // Held to the end: a new revision (server/revisions.ts), which replaces the sentences, waits for this write or this
    // write waits for it and then names a sentence of the new text.
    .for("key share", { of: articles });
  if (!row) throw new AppError("not_found:article", "No such article.");
  assertRoleCan(roleFromMembership(actor, row.memberRole), action, "article");
  const [sentence] = await tx
    .select({ index: sentences.index })
    .from(sentences)
    .where(and(eq(sentences.articleId, articleId), eq(sentences.index, index)));
  if (!sentence) {
    const [stored] = await tx.select({ n: sql<number>`count(*)::int` }).from(sentences).where(eq(sentences.articleId, articleId));
    const count = Number(stored?.n ?? 0);
    const message =
      count === 0 ? "this article has no sentences" : `must be the index of one of the article's ${count} sentences (0 to ${count - 1})`;
    throw new AppError("unprocessable:validation", `Invalid input — index: ${message}`, { fields: { index: message } });
  }
  return { projectId: row.projectId, closedAt: row.closedAt, assignmentStatus: row.assignmentStatus };
}

async function nameOf(tx: Tx, userId: string | null): Promise<string | null> {
  if (userId === null) return null;
  const [row] = await tx.select({ name: users.name }).from(users).where(eq(users.id, userId));
  return row?.name ?? null;
}

function decisionDto(row: typeof sentenceDecisions.$inferSelect, authorName: string): SentenceDecisionDto {
  return {
    sentenceIndex: row.sentenceIndex,
    decision: row.decision,
    authorId: row.authorId,
    authorName,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function exclusionDto(row: typeof sentenceExclusions.$inferSelect, byName: string | null): SentenceExclusionDto {
  return {
    sentenceIndex: row.sentenceIndex,
    reason: row.reason,
    excludedBy: row.createdBy,
    excludedByName: byName,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
