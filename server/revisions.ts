import "server-only";
import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import { z } from "zod";
import { type Db, rowsOf, type Tx } from "@/db/client";
import {
  articleRevisions,
  articles,
  assignments,
  type ClaimReanchor,
  claims,
  projects,
  sentenceDecisions,
  sentenceExclusions,
  sentences,
  users,
} from "@/db/schema";
import { makeTarget } from "@/lib/anchoring";
import type { ParsedArticle } from "@/lib/article-text";
import { contentHash } from "@/lib/content-hash";
import type { ChangeNotice } from "@/lib/live-notice";
import { codePointLength, createOffsetIndex, type OffsetIndex } from "@/lib/offsets";
import {
  isPlacing,
  mapSentences,
  type ReanchorClaim,
  type ReanchorOutcome,
  type ReanchorOutcomeKind,
  reanchorClaims,
  sentenceIndexesOf,
  type WaitingOutcome,
} from "@/lib/reanchor";
import { transition } from "@/lib/review-state";
import { segmentSentences } from "@/lib/segmentation";
import type { TextEncodingName } from "@/lib/text-encoding";
import { type ClaimTarget, MAX_STORED_INT } from "@/lib/value-schemas";
import type { AnchorState } from "@/lib/vocabularies";
import { type ArticleFileInput, readArticleFile, refusalError } from "./articles";
import { type Actor, assertRoleCan, roleCan, roleFromMembership } from "./authz";
import { assertTargetMatches, sentenceIndexesSql } from "./claim-rows";
import { AppError } from "./errors";
import { articleChange, claimChange, recordEvent, recordEvents } from "./events";
import { assertOpenForWork } from "./open-for-work";
import { articleWithMembership, canSeeWork, requireArticleViewer, visibleClaims } from "./visibility";

/**
 * Revisions of an article (issue 14): a corrected or updated text added as
 * the article's new current revision, every claim of the one before
 * re-anchored onto it (lib/reanchor.ts) in the same transaction, and what
 * re-anchoring could not decide left for a person.
 *
 * The article row always holds the current revision (its text, sentences
 * and hash); `article_revisions` keeps every earlier one, written from the
 * article row the moment it is replaced, so an article never revised has no
 * revision rows at all and every import path stays as it was.
 *
 * A claim is `placed` (its target counts on the current text) or waits on
 * the revision it was made on: `needs_confirmation` with proposed places, or
 * `orphaned`. Only `kept` and `relocated` move a claim by themselves — both
 * put it on exactly its quote — so no claim is ever moved to a place its
 * quote does not support; everything else waits for
 * {@link resolveReanchor}. A claim keeps its id, fields, review state and
 * history throughout; each move is a `claim.reanchored` history entry.
 */

export type RevisionSummary = {
  number: number;
  isCurrent: boolean;
  contentHash: string;
  sentenceCount: number;
  sourceUrl: string | null;
  publishedAt: string | null;
  createdAt: string;
  createdBy: { id: string; name: string } | null;
};

export type RevisionText = RevisionSummary & { text: string; sentences: Array<[number, number]> };

/** Counts of what became of an article's claims when a revision was added. */
export type ReanchorCounts = Record<ReanchorOutcomeKind, number>;

export type AddedRevision = {
  articleId: string;
  revision: number;
  previous: number;
  claims: ReanchorCounts;
  /** Decisions on whole sentences ("no claim here", "not annotatable"): carried to the same sentence's new place, or dropped (its text changed). */
  sentenceDecisions: { carried: number; dropped: number };
  encoding?: TextEncodingName;
};

/** How many code points of text either side of a span the confirmation queue shows. */
const QUEUE_CONTEXT = 120;

const revisionColumns = {
  number: articleRevisions.number,
  contentHash: articleRevisions.contentHash,
  sentenceCount: sql<number>`jsonb_array_length(${articleRevisions.sentences})::int`,
  sourceUrl: articleRevisions.sourceUrl,
  publishedAt: articleRevisions.publishedAt,
  createdAt: articleRevisions.createdAt,
  createdById: articleRevisions.createdBy,
  createdByName: users.name,
};

type RevisionRow = {
  number: number;
  contentHash: string;
  sentenceCount: number;
  sourceUrl: string | null;
  publishedAt: string | null;
  createdAt: Date;
  createdById: string | null;
  createdByName: string | null;
};

function summaryOf(row: RevisionRow, current: number): RevisionSummary {
  return {
    number: row.number,
    isCurrent: row.number === current,
    contentHash: row.contentHash,
    sentenceCount: row.sentenceCount,
    sourceUrl: row.sourceUrl,
    publishedAt: row.publishedAt,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdById ? { id: row.createdById, name: row.createdByName ?? "" } : null,
  };
}

/** The current revision as the article row holds it (before it has a revision row of its own). */
async function currentRevisionRow(db: Db | Tx, articleId: string): Promise<RevisionRow & { text: string; revision: number }> {
  const [row] = await db
    .select({
      revision: articles.revision,
      text: articles.text,
      contentHash: articles.contentHash,
      sentenceCount: articles.sentenceCount,
      sourceUrl: articles.sourceUrl,
      publishedAt: articles.publishedAt,
      createdAt: articles.createdAt,
      createdById: articles.createdBy,
      createdByName: users.name,
    })
    .from(articles)
    .leftJoin(users, eq(users.id, articles.createdBy))
    .where(eq(articles.id, articleId));
  if (!row) throw new AppError("not_found:article", "No such article.");
  return { ...row, number: row.revision };
}

/** The article's revisions, oldest first, the current one marked; an article never revised has one. */
export async function listRevisions(db: Db, actor: Actor, articleId: string): Promise<RevisionSummary[]> {
  await requireArticleViewer(db, actor, articleId, "read");
  const [stored, current] = await Promise.all([
    db
      .select(revisionColumns)
      .from(articleRevisions)
      .leftJoin(users, eq(users.id, articleRevisions.createdBy))
      .where(eq(articleRevisions.articleId, articleId))
      .orderBy(asc(articleRevisions.number)),
    currentRevisionRow(db, articleId),
  ]);
  const list = stored.map((row) => summaryOf(row, current.revision));
  if (!stored.some((row) => row.number === current.revision)) list.push(summaryOf(current, current.revision));
  return list;
}

async function sentenceBoundsOf(db: Db | Tx, articleId: string): Promise<Array<[number, number]>> {
  const rows = await db
    .select({ start: sentences.start, end: sentences.end })
    .from(sentences)
    .where(eq(sentences.articleId, articleId))
    .orderBy(asc(sentences.index));
  return rows.map((s) => [s.start, s.end]);
}

/** One revision's text and sentences (code points), if the actor may read the article. */
export async function getRevision(db: Db, actor: Actor, articleId: string, number: number): Promise<RevisionText> {
  await requireArticleViewer(db, actor, articleId, "read");
  const [stored] = await db
    .select({ ...revisionColumns, text: articleRevisions.text, sentences: articleRevisions.sentences })
    .from(articleRevisions)
    .leftJoin(users, eq(users.id, articleRevisions.createdBy))
    .where(and(eq(articleRevisions.articleId, articleId), eq(articleRevisions.number, number)));
  const current = await currentRevisionRow(db, articleId);
  if (stored) return { ...summaryOf(stored, current.revision), text: stored.text, sentences: stored.sentences };
  if (number !== current.revision) throw new AppError("not_found:revision", `This article has no revision ${number}.`);
  return { ...summaryOf(current, current.revision), text: current.text, sentences: await sentenceBoundsOf(db, articleId) };
}

/** The texts of the given revisions (stored rows; the current one is the caller's). */
async function revisionTexts(tx: Tx, articleId: string, numbers: readonly number[]): Promise<Map<number, string>> {
  if (numbers.length === 0) return new Map();
  const rows = await tx
    .select({ number: articleRevisions.number, text: articleRevisions.text })
    .from(articleRevisions)
    .where(and(eq(articleRevisions.articleId, articleId), inArray(articleRevisions.number, [...numbers])));
  return new Map(rows.map((row) => [row.number, row.text]));
}

function targetOf(row: ClaimTarget): ClaimTarget {
  return { start: row.start, end: row.end, exact: row.exact, prefix: row.prefix, suffix: row.suffix };
}

/** The stored reanchor record of an outcome that leaves the claim waiting (a new revision's, a restore's, a W3C import's). */
export function waitingRecord(outcome: WaitingOutcome, toRevision: number): ClaimReanchor {
  if (outcome.outcome === "orphaned") return { toRevision, reason: "not_found", proposals: [] };
  return {
    toRevision,
    reason: outcome.reason,
    proposals: outcome.proposals.map((p) => ({ ...p.target, score: p.score })),
  };
}

/**
 * Add a new revision of an article from a pasted text or an uploaded file
 * (front matter as on import: a `source_url` or `published_at` there is the
 * revision's; otherwise the article's stay). In one transaction, with the
 * article locked against saves that read its text (server/claims.ts takes
 * the same row lock): the revision it replaces is kept, the new text and its
 * sentences become the article's, every claim is re-anchored, and decisions
 * on whole sentences follow their sentence where its text is unchanged.
 * Refused: the same text as the current revision (422, "no change"), a text
 * that is another article of the project (409), anything that is no article.
 */
export async function addRevision(db: Db, actor: Actor, options: { articleId: string; file: ArticleFileInput }): Promise<AddedRevision> {
  const read = readArticleFile(options.file);
  if ("refusal" in read) throw refusalError(read.refusal);
  const result = await db.transaction((tx) => reviseInTx(tx, actor, options.articleId, read.parsed));
  return read.encoding ? { ...result, encoding: read.encoding } : result;
}

/** {@link addRevision}'s work inside the caller's transaction, on an article file already read (a bulk import's). */
export async function reviseInTx(tx: Tx, actor: Actor, articleId: string, parsed: ParsedArticle): Promise<AddedRevision> {
  const [article] = await articleWithMembership(tx, actor, {
    id: articles.id,
    projectId: articles.projectId,
    text: articles.text,
    revision: articles.revision,
    contentHash: articles.contentHash,
    language: articles.language,
    sourceUrl: articles.sourceUrl,
    publishedAt: articles.publishedAt,
    createdBy: articles.createdBy,
    createdAt: articles.createdAt,
  })
    .where(eq(articles.id, articleId))
    .for("update", { of: articles });
  if (!article) throw new AppError("not_found:article", "No such article.");
  assertRoleCan(roleFromMembership(actor, article.memberRole), "import_articles", "article");

  const hash = contentHash(parsed.text);
  if (hash === article.contentHash) {
    throw new AppError("unprocessable:revision", "The text is the same as the current revision: no change, so no new revision.", {
      fields: { text: "the same as the current revision" },
    });
  }
  const [clash] = await tx
    .select({ title: articles.title })
    .from(articles)
    .where(and(eq(articles.projectId, article.projectId), eq(articles.contentHash, hash), ne(articles.id, article.id)));
  if (clash) throw new AppError("conflict:article", `This text is already another article of the project: “${clash.title}”.`);

  // The revision being replaced, kept as it is (the first one from the article row, later ones are there already).
  const oldSentences = await sentenceBoundsOf(tx, article.id);
  await tx
    .insert(articleRevisions)
    .values({
      articleId: article.id,
      number: article.revision,
      text: article.text,
      contentHash: article.contentHash,
      sentences: oldSentences,
      sourceUrl: article.sourceUrl,
      publishedAt: article.publishedAt,
      createdBy: article.createdBy,
      createdAt: article.createdAt,
    })
    .onConflictDoNothing();

  // After every revision the article has (a restore may have brought revisions numbered past its current one).
  const [highest] = await tx
    .select({ number: sql<number | null>`max(${articleRevisions.number})` })
    .from(articleRevisions)
    .where(eq(articleRevisions.articleId, article.id));
  const number = Math.max(article.revision, Number(highest?.number ?? 0)) + 1;
  if (number > MAX_STORED_INT) throw new AppError("unprocessable:revision_count", "This article has as many revisions as can be numbered.");
  const newIndex = createOffsetIndex(parsed.text);
  const newSentences: Array<[number, number]> = segmentSentences(parsed.text, article.language ?? undefined).map((s) => [
    newIndex.toCodePoint(s.start),
    newIndex.toCodePoint(s.end),
  ]);
  const sourceUrl = parsed.sourceUrl ?? article.sourceUrl;
  const publishedAt = parsed.publishedAt ?? article.publishedAt;

  // Claims, grouped by the revision their target counts on (a claim still waiting from an earlier revision is
  // re-anchored from that one's text), deleted ones too: a restore must not bring back a stale place.
  const claimRows = await tx
    .select({
      id: claims.id,
      start: claims.start,
      end: claims.end,
      exact: claims.exact,
      prefix: claims.prefix,
      suffix: claims.suffix,
      anchorState: claims.anchorState,
      anchorRevision: claims.anchorRevision,
    })
    .from(claims)
    .where(eq(claims.articleId, article.id));
  const fromRevision = (row: (typeof claimRows)[number]) =>
    row.anchorState === "placed" ? article.revision : (row.anchorRevision ?? article.revision);
  const groups = new Map<number, ReanchorClaim[]>();
  for (const row of claimRows) {
    const group = groups.get(fromRevision(row)) ?? [];
    group.push({ id: row.id, ...targetOf(row) });
    groups.set(fromRevision(row), group);
  }
  const texts = await revisionTexts(
    tx,
    article.id,
    [...groups.keys()].filter((n) => n !== article.revision),
  );
  texts.set(article.revision, article.text);
  const outcomes = new Map<string, ReanchorOutcome>();
  for (const [revision, group] of groups) {
    const text = texts.get(revision);
    // A revision row missing would be a broken invariant; its claims are orphaned, never guessed.
    const found =
      text === undefined ? group.map((c): ReanchorOutcome => ({ id: c.id, outcome: "orphaned" })) : reanchorClaims(text, parsed.text, group);
    for (const outcome of found) outcomes.set(outcome.id, outcome);
  }

  const counts: ReanchorCounts = { kept: 0, relocated: 0, needs_confirmation: 0, orphaned: 0 };
  const updates: Array<Record<string, unknown>> = [];
  const history: Array<ReturnType<typeof claimChange>> = [];
  for (const row of claimRows) {
    const outcome = outcomes.get(row.id)!;
    counts[outcome.outcome]++;
    const before = targetOf(row);
    const from = fromRevision(row);
    if (isPlacing(outcome)) {
      const target = outcome.target;
      updates.push({ id: row.id, ...target, si: sentenceIndexesOf(newSentences, target.start, target.end), st: "placed", ar: null, ra: null });
      history.push(
        claimChange({ id: row.id, projectId: article.projectId, articleId: article.id }, actor.id, "claim.reanchored", {
          before: { target: before },
          after: { target, revision: number, fromRevision: from, outcome: outcome.outcome },
        }),
      );
    } else {
      const record = waitingRecord(outcome, number);
      updates.push({ id: row.id, ...before, si: null, st: outcome.outcome, ar: from, ra: record });
      history.push(
        claimChange({ id: row.id, projectId: article.projectId, articleId: article.id }, actor.id, "claim.reanchored", {
          before: { target: before },
          after: { target: before, revision: number, fromRevision: from, outcome: outcome.outcome, reason: record.reason },
        }),
      );
    }
  }

  // Decisions on whole sentences, carried where their sentence's text is unchanged.
  const [decisions, exclusions] = await Promise.all([
    tx.select().from(sentenceDecisions).where(eq(sentenceDecisions.articleId, article.id)),
    tx.select().from(sentenceExclusions).where(eq(sentenceExclusions.articleId, article.id)),
  ]);
  const wanted = [...new Set([...decisions, ...exclusions].map((d) => d.sentenceIndex))];
  const moved = mapSentences(article.text, oldSentences, parsed.text, newSentences, wanted);
  const carriedDecisions = decisions.flatMap((d) => (moved.has(d.sentenceIndex) ? [{ ...d, sentenceIndex: moved.get(d.sentenceIndex)! }] : []));
  const carriedExclusions = exclusions.flatMap((d) => (moved.has(d.sentenceIndex) ? [{ ...d, sentenceIndex: moved.get(d.sentenceIndex)! }] : []));

  // The new text. Deleting the old sentences takes their decisions with them (the foreign keys cascade).
  await tx.delete(sentences).where(eq(sentences.articleId, article.id));
  await tx
    .update(articles)
    .set({ text: parsed.text, contentHash: hash, revision: number, sentenceCount: newSentences.length, sourceUrl, publishedAt })
    .where(eq(articles.id, article.id));
  if (newSentences.length > 0) {
    await tx.execute(sql`
        insert into ${sentences} ("article_id", "index", "start", "end")
        select ${article.id}, (s.ordinality - 1)::int, (s.value->>0)::int, (s.value->>1)::int
        from jsonb_array_elements(${JSON.stringify(newSentences)}::jsonb) with ordinality as s`);
  }
  if (carriedDecisions.length > 0) await tx.insert(sentenceDecisions).values(carriedDecisions);
  if (carriedExclusions.length > 0) await tx.insert(sentenceExclusions).values(carriedExclusions);
  await tx.insert(articleRevisions).values({
    articleId: article.id,
    number,
    text: parsed.text,
    contentHash: hash,
    sentences: newSentences,
    sourceUrl,
    publishedAt,
    createdBy: actor.id,
  });

  if (updates.length > 0) {
    await tx.execute(sql`
        update ${claims} c set
          "start" = r.start, "end" = r."end", "exact" = r.exact, "prefix" = r.prefix, "suffix" = r.suffix,
          -- A waiting claim covers no sentence of the new text (its target counts on its own revision).
          "sentence_indexes" = array(select jsonb_array_elements_text(coalesce(r.si, '[]'::jsonb))::int),
          "anchor_state" = r.st::anchor_state,
          "anchor_revision" = r.ar,
          "reanchor" = nullif(r.ra, 'null'::jsonb),
          "version" = c.version + 1
        from jsonb_to_recordset(${JSON.stringify(updates)}::jsonb)
          as r(id uuid, start int, "end" int, exact text, prefix text, suffix text, si jsonb, st text, ar int, ra jsonb)
        where c.id = r.id`);
  }

  const sentenceCounts = {
    carried: carriedDecisions.length + carriedExclusions.length,
    dropped: decisions.length + exclusions.length - carriedDecisions.length - carriedExclusions.length,
  };
  const revised = articleChange(article, actor.id, "article.revised", {
    before: { revision: article.revision, contentHash: article.contentHash },
    after: { revision: number, contentHash: hash, claims: counts, sentenceDecisions: sentenceCounts },
  });
  const notice: ChangeNotice = {
    projectId: article.projectId,
    articleId: article.id,
    entityType: "article",
    entityId: article.id,
    action: "article.revised",
    actorId: actor.id,
  };
  await recordEvents(tx, [revised, ...history], notice);
  return { articleId: article.id, revision: number, previous: article.revision, claims: counts, sentenceDecisions: sentenceCounts };
}

/**
 * The article of the project a bulk import's file is a new revision of: the one with the file's source URL
 * (the latest imported, should several have it), unless the file's text is one of that article's revisions
 * already (then it is that article, as it was: nothing to add). Null when no article has the URL.
 */
export async function articleRevisedByFile(
  tx: Tx,
  projectId: string,
  parsed: ParsedArticle,
): Promise<{ id: string; title: string; isKnownText: boolean } | null> {
  if (!parsed.sourceUrl) return null;
  // A text that is an article of the project already is that article ("already there"), whatever its URL says.
  const hash = contentHash(parsed.text);
  const [same] = await tx
    .select({ id: articles.id })
    .from(articles)
    .where(and(eq(articles.projectId, projectId), eq(articles.contentHash, hash)))
    .limit(1);
  if (same) return null;
  const [article] = await tx
    .select({ id: articles.id, title: articles.title, contentHash: articles.contentHash })
    .from(articles)
    .where(and(eq(articles.projectId, projectId), eq(articles.sourceUrl, parsed.sourceUrl)))
    .orderBy(sql`${articles.createdAt} desc`, sql`${articles.id} desc`)
    .limit(1);
  if (!article) return null;
  const [earlier] = await tx
    .select({ number: articleRevisions.number })
    .from(articleRevisions)
    .where(and(eq(articleRevisions.articleId, article.id), eq(articleRevisions.contentHash, hash)))
    .limit(1);
  return { id: article.id, title: article.title, isKnownText: earlier !== undefined };
}

// ── Input, as the routes take it ──

/** A revision number in a path: digits only, from 1. */
export const revisionParams = z.object({
  id: z.uuid(),
  number: z
    .string()
    .regex(/^[1-9][0-9]{0,9}$/, "must be a revision number: 1, 2, 3, …")
    .transform(Number)
    .pipe(z.number().max(MAX_STORED_INT, `must be at most ${MAX_STORED_INT}`)),
});

/** A pasted revision: the text (front matter allowed, as on import) and, optionally, a file name to record. */
export const pastedRevisionSchema = z.strictObject({
  text: z.string("must be the new revision's text"),
  name: z.string().trim().max(255, "must be at most 255 characters").nullable().default(null),
});

const codePointOffset = z.int("must be a whole number").min(0, "must be 0 or more").max(MAX_STORED_INT, `must be at most ${MAX_STORED_INT}`);

/** A decision from the confirmation queue, against the version of the claim the person saw. */
export const reanchorResolutionSchema = z.strictObject({
  version: z.int("must be the claim's version you saw").min(1, "must be 1 or more"),
  resolution: z.discriminatedUnion(
    "action",
    [
      z.strictObject({
        action: z.literal("accept"),
        proposal: z.int("must be the number of a proposal, from 0").min(0, "must be 0 or more").max(99),
      }),
      z.strictObject({ action: z.literal("place"), start: codePointOffset, end: codePointOffset }),
      z.strictObject({ action: z.literal("orphan") }),
    ],
    { error: "must be accept (with a proposal), place (with start and end) or orphan" },
  ),
});

// ── The confirmation queue ──

export type QueueSnippet = { text: string; start: number; end: number };

export type ReanchorQueueItem = {
  claimId: string;
  version: number;
  authorName: string;
  isGold: boolean;
  claimType: string | null;
  anchorState: Exclude<AnchorState, "placed">;
  reason: ClaimReanchor["reason"];
  fromRevision: number;
  toRevision: number;
  /** The claim where it was: its quote in its own revision's text, with the text around it (offsets into `text`). */
  before: { start: number; end: number; exact: string; snippet: QueueSnippet };
  proposals: Array<{ start: number; end: number; exact: string; score: number; snippet: QueueSnippet }>;
  /** Whether the viewer may place or orphan it: its author, or a reviewer. */
  canResolve: boolean;
};

function snippetAround(index: OffsetIndex, start: number, end: number): QueueSnippet {
  const from = Math.max(0, start - QUEUE_CONTEXT);
  const to = Math.min(index.codePointLength, end + QUEUE_CONTEXT);
  return { text: index.slice(from, to), start: start - from, end: end - from };
}

function canResolve(role: Parameters<typeof roleCan>[0], actorId: string, claim: { authorId: string; isGold: boolean }): boolean {
  if (roleCan(role, "review")) return true;
  return !claim.isGold && claim.authorId === actorId && roleCan(role, "annotate");
}

/**
 * The claims of an article that wait on an earlier revision (the actor's
 * visibility applies), needing confirmation first, then orphaned, each in
 * text order of its revision: what was there, and where it may go now.
 */
export async function listReanchorQueue(db: Db, actor: Actor, articleId: string): Promise<{ revision: number; items: ReanchorQueueItem[] }> {
  const { viewer } = await requireArticleViewer(db, actor, articleId, "read");
  const rows = await db
    .select({ claim: claims, authorName: users.name })
    .from(claims)
    .innerJoin(users, eq(users.id, claims.authorId))
    .where(and(eq(claims.articleId, articleId), sql`${claims.deletedAt} is null and ${claims.anchorState} <> 'placed'`, visibleClaims(viewer)))
    .orderBy(sql`${claims.anchorState} = 'orphaned'`, asc(claims.start), asc(claims.id));
  const current = await currentRevisionRow(db, articleId);
  const wanted = [...new Set(rows.map((r) => r.claim.anchorRevision ?? current.revision))];
  const textRows = wanted.length
    ? await db
        .select({ number: articleRevisions.number, text: articleRevisions.text })
        .from(articleRevisions)
        .where(and(eq(articleRevisions.articleId, articleId), inArray(articleRevisions.number, wanted)))
    : [];
  const indexes = new Map(textRows.map((row) => [row.number, createOffsetIndex(row.text)]));
  const currentIndex = createOffsetIndex(current.text);
  const items: ReanchorQueueItem[] = [];
  for (const { claim, authorName } of rows) {
    const record = claim.reanchor;
    if (!record || claim.anchorState === "placed") continue;
    const fromRevision = claim.anchorRevision ?? current.revision;
    const oldIndex = indexes.get(fromRevision);
    items.push({
      claimId: claim.id,
      version: claim.version,
      authorName,
      isGold: claim.isGold,
      claimType: claim.claimType,
      anchorState: claim.anchorState,
      reason: record.reason,
      fromRevision,
      toRevision: record.toRevision,
      before: {
        start: claim.start,
        end: claim.end,
        exact: claim.exact,
        snippet: oldIndex ? snippetAround(oldIndex, claim.start, claim.end) : { text: claim.exact, start: 0, end: codePointLength(claim.exact) },
      },
      // Proposals count on the revision they were made for; a later revision replaces them (addRevision re-anchors again).
      proposals:
        record.toRevision === current.revision
          ? record.proposals.map((p) => ({
              start: p.start,
              end: p.end,
              exact: p.exact,
              score: p.score,
              snippet: snippetAround(currentIndex, p.start, p.end),
            }))
          : [],
      canResolve: canResolve(viewer.role, actor.id, claim),
    });
  }
  return { revision: current.revision, items };
}

/** What a person decides for a claim in the queue: a proposal, a span of their own on the current text, or no place. */
export type ReanchorResolution = { action: "accept"; proposal: number } | { action: "place"; start: number; end: number } | { action: "orphan" };

/**
 * Place a waiting claim on the current revision (a proposal, or a span the
 * person chose — verified against the current text either way) or leave it
 * orphaned. Against the version the person saw (409 if the claim changed
 * meanwhile); a claim already placed is a 409 too. Its author or a reviewer.
 */
export async function resolveReanchor(
  db: Db,
  actor: Actor,
  options: { claimId: string; version: number; resolution: ReanchorResolution },
): Promise<{ claimId: string; anchorState: AnchorState; version: number }> {
  return db.transaction(async (tx) => {
    // The article first, then the claim: the order a new revision takes them in (addRevision locks the article,
    // then writes its claims), so the two never wait for each other.
    const [located] = await tx.select({ articleId: claims.articleId }).from(claims).where(eq(claims.id, options.claimId));
    if (!located) throw new AppError("not_found:claim", "No such claim.");
    const [article] = await articleWithMembership(tx, actor, {
      id: articles.id,
      projectId: articles.projectId,
      text: articles.text,
      revision: articles.revision,
      closedAt: articles.closedAt,
      isBlind: projects.isBlind,
      assignmentStatus: assignments.status,
    })
      .leftJoin(assignments, and(eq(assignments.articleId, articles.id), eq(assignments.userId, actor.id)))
      .where(eq(articles.id, located.articleId))
      .for("key share", { of: articles });
    if (!article) throw new AppError("not_found:claim", "No such claim.");
    const [claim] = await tx.select().from(claims).where(eq(claims.id, options.claimId)).for("update");
    if (!claim) throw new AppError("not_found:claim", "No such claim.");
    const role = roleFromMembership(actor, article.memberRole);
    const viewer = { actorId: actor.id, projectId: article.projectId, role, isBlind: article.isBlind };
    if (role === null || !canSeeWork(viewer, { authorId: claim.authorId, articleClosedAt: article.closedAt })) {
      throw new AppError("not_found:claim", "No such claim.");
    }
    if (!canResolve(role, actor.id, claim))
      throw new AppError("forbidden:claim", "Only the claim's author or a reviewer can place it on the new revision.");
    // An author's placing is an edit of their work: not once it is handed in or the article closed (a reviewer's is review).
    if (!roleCan(role, "review")) assertOpenForWork({ closedAt: article.closedAt, assignmentStatus: article.assignmentStatus });
    if (claim.deletedAt) throw new AppError("gone:claim", "This claim was deleted; restore it first.");
    if (claim.anchorState === "placed" || !claim.reanchor)
      throw new AppError("conflict:claim", "This claim is already placed on the current revision.");
    if (claim.version !== options.version) {
      throw new AppError("conflict:claim", `This claim was changed elsewhere (you saw version ${options.version}, it is now at ${claim.version}).`);
    }
    const record = claim.reanchor;
    const before = targetOf(claim);
    const { resolution } = options;
    let target: ClaimTarget | null = null;
    if (resolution.action === "accept") {
      const proposal = record.toRevision === article.revision ? record.proposals[resolution.proposal] : undefined;
      if (!proposal)
        throw new AppError("unprocessable:reanchor", "There is no such proposal for this claim.", {
          fields: { proposal: "not one of the proposals" },
        });
      target = { start: proposal.start, end: proposal.end, exact: proposal.exact, prefix: proposal.prefix, suffix: proposal.suffix };
    } else if (resolution.action === "place") {
      const index = createOffsetIndex(article.text);
      const { start, end } = resolution;
      if (start < 0 || end > index.codePointLength || start >= end) {
        throw new AppError("unprocessable:reanchor", `The span must lie within the text (0–${index.codePointLength}) and not be empty.`, {
          fields: { start: "outside the text or after the end", end: "outside the text or before the start" },
        });
      }
      target = makeTarget(index, index.toUtf16(start), index.toUtf16(end));
    }
    if (target) assertTargetMatches(article.text, target);
    const anchorState: AnchorState = target ? "placed" : "orphaned";
    const values = target
      ? { ...target, sentenceIndexes: sentenceIndexesSql(article.id, target.start, target.end), anchorState, anchorRevision: null, reanchor: null }
      : { anchorState, reanchor: { ...record, reason: "not_found" as const, proposals: [] } };
    // New words are a new claim to review: as an author's edit does (server/claims.ts), they take a reviewed claim back to draft.
    const revised = target && target.exact !== claim.exact && !claim.isGold ? transition(claim.status, "revise", "author") : null;
    const status = revised?.ok ? revised.status : claim.status;
    const [updated] = await tx
      .update(claims)
      .set({ ...values, status, version: claim.version + 1 })
      .where(eq(claims.id, claim.id))
      .returning({ version: claims.version });
    const outcome = resolution.action === "accept" ? "confirmed" : resolution.action === "place" ? "adjusted" : "orphaned";
    await recordEvent(
      tx,
      claimChange(claim, actor.id, "claim.reanchored", {
        before: { target: before },
        after: { target: target ?? before, revision: article.revision, fromRevision: claim.anchorRevision, outcome },
      }),
    );
    return { claimId: claim.id, anchorState, version: updated!.version };
  });
}

/** How many of an article's claims (that the actor sees) wait on an earlier revision, by state. */
export async function countWaitingClaims(
  db: Db | Tx,
  viewer: Parameters<typeof visibleClaims>[0],
  articleId: string,
): Promise<Record<"needs_confirmation" | "orphaned", number>> {
  const rows = rowsOf<{ state: "needs_confirmation" | "orphaned"; n: number }>(
    await db.execute(sql`
      select ${claims.anchorState} as state, count(*)::int as n from ${claims}
      where ${claims.articleId} = ${articleId} and ${claims.deletedAt} is null and ${claims.anchorState} <> 'placed' and ${visibleClaims(viewer)}
      group by 1`),
  );
  const out = { needs_confirmation: 0, orphaned: 0 };
  for (const row of rows) out[row.state] = row.n;
  return out;
}
