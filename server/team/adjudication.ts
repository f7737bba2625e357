import "server-only";
import crypto from "node:crypto";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db, Tx } from "@/db/client";
import { articles, type Claim, claims, projects, sources, users } from "@/db/schema";
import { type AgreedReading, splitByAgreement } from "@/lib/adjudication-agreed";
import { claimFieldsSchema, targetSchema } from "@/lib/claim-schema";
import { type ClaimContentKey, type ClaimFields, claimFieldsPatchSchema, pickSource, sameContentFields } from "@/lib/fields";
import type { ReviewStatus } from "@/lib/vocabularies";
import { type Actor, assertRoleCan, requireProjectRole } from "../authz";
import { assertLabels, assertTargetMatches, claimIsPlaced, contentValues, idInUseError, insertSourcesOrRefuse, targetColumns } from "../claim-rows";
import { AppError } from "../errors";
import { claimChange, recordEvent } from "../events";
import { canSeeWork, loadProjectViewer, type ProjectViewer, requireArticleViewer, visibleClaims } from "../visibility";
import { loadArticleAgreementInput } from "./agreement";

/**
 * Fields given here replace the first source claim's; anything left out is
 * copied from it. `sources`, when given, replaces the copied sources (new ids
 * are generated for copies; given sources keep their client ids).
 */
export const promoteSchema = z.object({
  id: z.uuid().optional(),
  claimIds: z.array(z.uuid()).min(1, "choose at least one claim").max(50),
  target: targetSchema.optional(),
  fields: claimFieldsPatchSchema.optional(),
});
export type PromoteInput = z.output<typeof promoteSchema>;

export type GoldClaim = { id: string; articleId: string; derivedFrom: string[]; status: ReviewStatus };

/**
 * Adjudicate: a reviewer (or admin) makes a gold claim from one or more
 * annotators' claims on the same article. The gold claim is authored by the
 * reviewer, marked isGold, records the source ids in derivedFrom and starts
 * accepted (adjudication is the final review). Idempotent: a retried call
 * with the same `id` returns the existing gold claim, and so does pressing
 * Promote (or Merge) again without an id — a live gold claim on the article
 * derived from the same claims (in any order) with the same quote is the one
 * asked for, so it is returned instead of a duplicate being written (which
 * every export would then carry twice).
 */
export async function promoteToGold(db: Db, actor: Actor, data: PromoteInput): Promise<GoldClaim> {
  return db.transaction((tx) => promoteInTx(tx, actor, data));
}

/** promoteToGold's work inside the caller's transaction (acceptAgreed makes many gold claims in one). */
async function promoteInTx(tx: Tx, actor: Actor, data: PromoteInput): Promise<GoldClaim> {
  const claimIds = [...new Set(data.claimIds)];
  const rows = await tx
    .select({ claim: claims, articleClosedAt: articles.closedAt })
    .from(claims)
    .innerJoin(articles, eq(articles.id, claims.articleId))
    .where(inArray(claims.id, claimIds));
  if (rows.length !== claimIds.length) throw new AppError("not_found:claim", "No such claim.");
  const found = rows.map((r) => r.claim);
  const projectIds = new Set(found.map((c) => c.projectId));
  for (const projectId of projectIds) {
    // A claim the actor may not see is "no such claim" before their role is judged: a 403 would confirm it exists.
    const viewer = await loadProjectViewer(tx, actor, projectId);
    const hidden = rows.some(
      (r) => r.claim.projectId === projectId && !canSeeWork(viewer, { authorId: r.claim.authorId, articleClosedAt: r.articleClosedAt }),
    );
    if (hidden) throw new AppError("not_found:claim", "No such claim.");
    assertRoleCan(viewer.role, "adjudicate", "claim");
  }
  const articleIds = new Set(found.map((c) => c.articleId));
  if (articleIds.size !== 1) throw new AppError("unprocessable:claim", "Claims merged into one gold claim must be on the same article.");
  await lockArticleForGold(tx, found[0]!.articleId);
  // Read again under the article's lock: a new revision committed since the read above has moved (or queued)
  // these claims, and the gold claim must be made from where they are now, on the text that is now current.
  const fresh = new Map((await tx.select().from(claims).where(inArray(claims.id, claimIds))).map((c) => [c.id, c]));
  const current = claimIds.map((claimId) => fresh.get(claimId)!);
  const first = current[0]!;
  if (current.some((c) => c.deletedAt)) throw new AppError("gone:claim", "A deleted claim cannot be promoted.");
  if (current.some((c) => c.anchorState !== "placed")) {
    throw new AppError("conflict:claim", "A claim waiting to be placed on the article's new revision cannot be promoted; place it first.");
  }
  if (current.some((c) => c.isGold)) throw new AppError("unprocessable:claim", "Gold claims are not merged again; edit the gold claim instead.");

  const id = data.id ?? crypto.randomUUID();
  const [already] = await tx.select().from(claims).where(eq(claims.id, id));
  if (already) {
    const same = already.isGold && already.authorId === actor.id && sameIds(already.derivedFrom, claimIds);
    // Any other claim under this id gets the answer every id clash gets, whoever's and wherever it is.
    if (!same) throw idInUseError();
    return { id, articleId: already.articleId, derivedFrom: already.derivedFrom, status: already.status };
  }

  const [article] = await tx
    .select({ text: articles.text, taxonomy: projects.taxonomy })
    .from(articles)
    .innerJoin(projects, eq(projects.id, articles.projectId))
    .where(eq(articles.id, first.articleId));
  if (!article) throw new AppError("not_found:article", "No such article.");

  const target = data.target ?? { start: first.start, end: first.end, exact: first.exact, prefix: first.prefix, suffix: first.suffix };
  assertTargetMatches(article.text, target);
  const fields = data.fields ?? {};
  const values = contentValues(first, fields);
  assertLabels(article.taxonomy, { ...values, sources: fields.sources });
  // Pressing Promote again is answered with the gold claim it made; a promote with other labels is
  // a different outcome and makes its own gold claim, never silently dropping the edit.
  const twin = await liveGoldTwin(tx, { articleId: first.articleId, derivedFrom: claimIds, start: target.start, end: target.end, fields: values });
  if (twin) return { id: twin.id, articleId: twin.articleId, derivedFrom: twin.derivedFrom, status: twin.status };

  await tx.insert(claims).values({
    id,
    articleId: first.articleId,
    projectId: first.projectId,
    authorId: actor.id,
    ...targetColumns(first.articleId, target),
    ...values,
    status: "accepted",
    isGold: true,
    derivedFrom: claimIds,
  });

  // The gold claim's own sources: those sent, or copies (under new ids) of the first claim's.
  const goldSources =
    fields.sources ??
    (await tx.select().from(sources).where(eq(sources.claimId, first.id)).orderBy(asc(sources.position))).map((s) => ({
      ...pickSource(s),
      id: crypto.randomUUID(),
    }));
  await insertSourcesOrRefuse(tx, id, goldSources);
  await recordEvent(
    tx,
    claimChange({ id, projectId: first.projectId, articleId: first.articleId }, actor.id, "claim.adjudicated", {
      after: { derivedFrom: claimIds, target, ...values, isGold: true },
    }),
  );
  // Each source claim's own history says what became of it. The entry names the gold claim only, never the
  // other claims merged with it: a source claim's history is visible with that claim (server/visibility.ts),
  // so in a blind project its annotator reads it, and must not learn of a fellow annotator's claim from it.
  for (const source of current) {
    await recordEvent(tx, claimChange(source, actor.id, "claim.promoted", { after: { goldClaimId: id } }));
  }
  return { id, articleId: first.articleId, derivedFrom: claimIds, status: "accepted" };
}

/** A gold claim written from scratch: the article comes from the URL, so it is not in the body. */
export const writeGoldSchema = z.object({
  id: z.uuid().optional(),
  target: targetSchema,
  fields: claimFieldsSchema,
});
/** What writeGoldClaim takes: the article (from the URL) and the parsed body (writeGoldSchema). */
export type WriteGoldInput = { articleId: string } & z.output<typeof writeGoldSchema>;

/**
 * Adjudicate a claim nobody (or nobody adequately) annotated: a reviewer (or
 * admin) writes a gold claim directly on the article. Like promoteToGold it is
 * authored by the reviewer, marked isGold and accepted, but derivedFrom is
 * empty. A retried call with the same `id` returns the existing gold claim,
 * and so does the same gold claim sent again without one (a live written gold
 * claim on the same quote with the same labels).
 */
export async function writeGoldClaim(db: Db, actor: Actor, input: WriteGoldInput): Promise<GoldClaim> {
  const { articleId, ...data } = input;
  return db.transaction(async (tx) => {
    // Locked as lockArticleForGold locks it, in the read of the text: a new revision cannot replace the text
    // between the read and the write.
    const [article] = await tx
      .select({ id: articles.id, projectId: articles.projectId, text: articles.text, taxonomy: projects.taxonomy })
      .from(articles)
      .innerJoin(projects, eq(projects.id, articles.projectId))
      .where(eq(articles.id, articleId))
      .for("no key update", { of: articles });
    if (!article) throw new AppError("not_found:article", "No such article.");
    await requireProjectRole(tx, article.projectId, actor, "adjudicate", "article");

    const id = data.id ?? crypto.randomUUID();
    const [already] = await tx.select().from(claims).where(eq(claims.id, id));
    if (already) {
      const same = already.isGold && already.authorId === actor.id && already.articleId === articleId && already.derivedFrom.length === 0;
      if (!same) throw idInUseError();
      return { id, articleId, derivedFrom: [], status: already.status };
    }

    assertTargetMatches(article.text, data.target);
    const values = contentValues(data.fields);
    assertLabels(article.taxonomy, data.fields);
    const twin = await liveGoldTwin(tx, { articleId, derivedFrom: [], start: data.target.start, end: data.target.end, fields: values });
    if (twin) return { id: twin.id, articleId, derivedFrom: [], status: twin.status };

    await tx.insert(claims).values({
      id,
      articleId,
      projectId: article.projectId,
      authorId: actor.id,
      ...targetColumns(articleId, data.target),
      ...values,
      status: "accepted",
      isGold: true,
      derivedFrom: [],
    });
    await insertSourcesOrRefuse(tx, id, data.fields.sources);
    await recordEvent(
      tx,
      claimChange({ id, projectId: article.projectId, articleId }, actor.id, "claim.adjudicated", {
        after: { derivedFrom: [], target: data.target, ...values, isGold: true },
      }),
    );
    return { id, articleId, derivedFrom: [], status: "accepted" };
  });
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return [...a].sort().join() === [...b].sort().join();
}

/**
 * Gold writing on an article is serialised by a lock on the article row, so
 * two presses of Promote (or two reviewers) cannot both find no twin and both
 * write one. `no key update` does not conflict with the key-share locks that
 * annotators' claim inserts take on the article (foreign key), so saves go on.
 * Closing the article takes the same row lock.
 */
async function lockArticleForGold(tx: Tx, articleId: string): Promise<void> {
  await tx.select({ id: articles.id }).from(articles).where(eq(articles.id, articleId)).for("no key update");
}

/** A live gold claim on the article with the same source claims (any order) and quote — and, when given, the same labels. */
async function liveGoldTwin(
  tx: Tx,
  wanted: {
    articleId: string;
    derivedFrom: string[];
    start: number;
    end: number;
    fields?: Pick<ClaimFields, ClaimContentKey>;
  },
): Promise<Claim | null> {
  // A Postgres array literal as one parameter; the ids are UUIDs (validated by the schema).
  const ids = sql`${`{${wanted.derivedFrom.join(",")}}`}::uuid[]`;
  const candidates = await tx
    .select()
    .from(claims)
    .where(
      and(
        eq(claims.articleId, wanted.articleId),
        eq(claims.isGold, true),
        claimIsPlaced(),
        eq(claims.start, wanted.start),
        eq(claims.end, wanted.end),
        sql`${claims.derivedFrom} @> ${ids} and ${claims.derivedFrom} <@ ${ids}`,
      ),
    )
    .orderBy(asc(claims.createdAt));
  const { fields } = wanted;
  const twin = candidates.find((c) => !fields || sameContentFields(c, fields));
  return twin ?? null;
}

// ── What all annotators agree on ────────────────────────────────────────────

/**
 * An article's sentences split the way the agreement drill-down splits them
 * (lib/adjudication-agreed.ts), with what "Accept all agreed" would do:
 * `toAccept` readings have no gold claim yet, `alreadyGold` have one.
 */
export type AgreementOverview = {
  /** The annotators compared: those whose assignment is submitted, by name. */
  annotatorCount: number;
  /** At least two submitted annotators; otherwise nothing is disputed, agreed or accepted. */
  isComparable: boolean;
  disputed: number[];
  agreed: number[];
  toAccept: number;
  alreadyGold: number;
};

/** What acceptAgreed did: gold claims made, and agreed readings that had one already. */
export type AcceptAgreedResult = { made: number; already: number; goldClaims: GoldClaim[] };

/** For the adjudication page: disputed and agreed sentences and how many gold claims one step would make (reviewers and admins). */
export async function getAgreementOverview(db: Db, actor: Actor, articleId: string): Promise<AgreementOverview> {
  const { viewer } = await requireArticleViewer(db, actor, articleId, "adjudicate");
  const plan = await planAgreed(db, viewer, articleId);
  return {
    annotatorCount: plan.annotatorCount,
    isComparable: plan.split.isComparable,
    disputed: plan.split.disputed,
    agreed: plan.split.agreed,
    toAccept: plan.toAccept.length,
    alreadyGold: plan.alreadyGold,
  };
}

/**
 * Accept, in one step, everything the article's submitted annotators agree
 * on: for each agreed reading (one claim of each annotator, same span and
 * type, on sentences the drill-down does not list) that has no gold claim
 * yet, one gold claim merged from those claims, exactly as promoteToGold
 * makes it (the first annotator's fields and sources, derivedFrom, history,
 * the twin check). A reading already has a gold claim when a live one is
 * derived from any of its claims or sits on its very span (written by hand):
 * a second would be carried twice by every export. All in one transaction
 * under the article's gold lock, so pressing it twice, or two reviewers at
 * once, make each gold claim once; the second press makes none. Reviewers and
 * admins; fewer than two submitted annotators is a 409, since nobody agrees
 * with anybody alone.
 */
export async function acceptAgreed(db: Db, actor: Actor, articleId: string): Promise<AcceptAgreedResult> {
  return db.transaction(async (tx) => {
    const { viewer } = await requireArticleViewer(tx, actor, articleId, "adjudicate");
    await lockArticleForGold(tx, articleId);
    const plan = await planAgreed(tx, viewer, articleId);
    if (!plan.split.isComparable) {
      throw new AppError(
        "conflict:article",
        `Accepting what annotators agree on needs at least two submitted annotators; this article has ${plan.annotatorCount}.`,
      );
    }
    const goldClaims: GoldClaim[] = [];
    for (const reading of plan.toAccept) {
      goldClaims.push(await promoteInTx(tx, actor, { claimIds: reading.claims.map((c) => c.id) }));
    }
    return { made: goldClaims.length, already: plan.alreadyGold, goldClaims };
  });
}

/**
 * The agreement input of one article, loaded as the agreement figures load
 * theirs (server/team/agreement.ts): the submitted annotators by name, their
 * live non-gold claims as the viewer may see them, the excluded sentences;
 * then the split, and which agreed readings have a gold claim.
 */
async function planAgreed(db: Db | Tx, viewer: ProjectViewer, articleId: string) {
  const [loaded, goldRows] = await Promise.all([
    loadArticleAgreementInput(db, viewer, articleId),
    db
      .select({ derivedFrom: claims.derivedFrom, start: claims.start, end: claims.end })
      .from(claims)
      .where(and(visibleClaims(viewer), eq(claims.articleId, articleId), claimIsPlaced(), eq(claims.isGold, true))),
  ]);
  if (!loaded) throw new AppError("not_found:article", "No such article.");
  const annotators = loaded.coders.map((c) => c.id);
  const counted = new Set(annotators);
  // The input holds only the submitted annotators' claims already (server/team/agreement.ts).
  const split = splitByAgreement({
    annotators,
    sentenceCount: loaded.input.sentenceCount,
    claims: loaded.input.claims,
    excludedSentences: loaded.input.excludedSentences,
  });
  const goldFrom = new Set(goldRows.flatMap((g) => g.derivedFrom));
  const goldSpans = new Set(goldRows.map((g) => `${g.start}:${g.end}`));
  const hasGold = (reading: AgreedReading) =>
    reading.claims.some((c) => goldFrom.has(c.id)) || goldSpans.has(`${reading.claims[0]!.start}:${reading.claims[0]!.end}`);
  const toAccept = split.readings.filter((r) => !hasGold(r));
  return { annotatorCount: counted.size, split, toAccept, alreadyGold: split.readings.length - toAccept.length };
}

// ── Closing ──────────────────────────────────────────────────────────────────

export type ArticleClosure = { articleId: string; isClosed: boolean; closedAt: Date | null; closedByName: string | null };

/**
 * Close an article after adjudication (reviewer or admin): annotation on it
 * ends (saves and submissions are refused, server/claims.ts) and, in a blind
 * project, the blinds lift — annotators now see each other's claims, counts,
 * history and the gold claims (server/visibility.ts). Idempotent: closing a
 * closed article changes nothing and records nothing. Recorded as
 * `article.closed`, whose notice reaches open live streams, which re-judge
 * what they may now deliver.
 */
export async function closeArticle(db: Db, actor: Actor, articleId: string): Promise<ArticleClosure> {
  return setClosed(db, actor, articleId, true);
}

/**
 * Reopen a closed article (reviewer or admin), e.g. to let an annotator finish
 * after a mistaken close. Blind mode applies again from now on (what was seen
 * meanwhile cannot be unseen; the history says when it was open). Idempotent;
 * recorded as `article.reopened`.
 */
export async function reopenArticle(db: Db, actor: Actor, articleId: string): Promise<ArticleClosure> {
  return setClosed(db, actor, articleId, false);
}

async function setClosed(db: Db, actor: Actor, articleId: string, isClosed: boolean): Promise<ArticleClosure> {
  return db.transaction(async (tx) => {
    const [article] = await tx
      .select({ projectId: articles.projectId, closedAt: articles.closedAt, closedBy: articles.closedBy })
      .from(articles)
      .where(eq(articles.id, articleId));
    if (!article) throw new AppError("not_found:article", "No such article.");
    await requireProjectRole(tx, article.projectId, actor, "adjudicate", "article");
    // Locked only now that the actor is known to be a reviewer: the same lock gold writing takes.
    const [locked] = await tx
      .select({ closedAt: articles.closedAt, closedBy: articles.closedBy, closedByName: users.name })
      .from(articles)
      .leftJoin(users, eq(users.id, articles.closedBy))
      .where(eq(articles.id, articleId))
      .for("no key update", { of: articles });
    if (!locked) throw new AppError("not_found:article", "No such article.");
    if ((locked.closedAt !== null) === isClosed) {
      return { articleId, isClosed, closedAt: locked.closedAt, closedByName: locked.closedByName };
    }
    const closedAt = isClosed ? new Date() : null;
    await tx
      .update(articles)
      .set({ closedAt, closedBy: isClosed ? actor.id : null })
      .where(eq(articles.id, articleId));
    await recordEvent(tx, {
      projectId: article.projectId,
      articleId,
      actorId: actor.id,
      entityType: "article",
      entityId: articleId,
      action: isClosed ? "article.closed" : "article.reopened",
      before: { closedAt: locked.closedAt?.toISOString() ?? null, closedBy: locked.closedBy },
      after: { closedAt: closedAt?.toISOString() ?? null, closedBy: isClosed ? actor.id : null },
    });
    return { articleId, isClosed, closedAt, closedByName: isClosed ? actor.name : null };
  });
}
