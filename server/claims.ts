import "server-only";
import { and, asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import { type Db, executePrepared, isUniqueViolation, rowsOf, type Tx } from "@/db/client";
import { articles, assignments, type Claim, claims, projects, type Source, sources, users } from "@/db/schema";
import type { ClaimDto, ClaimSave } from "@/lib/claim-schema";
import { pickClaimFields, pickSource } from "@/lib/fields";
import type { ChangeNotice } from "@/lib/live-notice";
import { transition } from "@/lib/review-state";
import type { Taxonomy } from "@/lib/taxonomy";
import { type Actor, assertRoleCan, roleFromMembership } from "./authz";
import {
  assertLabels,
  assertTargetMatches,
  CONTENT_COLUMNS,
  claimDtoOf,
  claimIsPlaced,
  contentParameters,
  contentValues,
  idInUseError,
  insertSourcesOrRefuse,
  SOURCE_COLUMNS,
  sentenceIndexesSql,
  sourceRowsSql,
  targetColumns,
  toClaimDto,
} from "./claim-rows";
import { AppError } from "./errors";
import { claimChange, historyStatementParts, recordEvent } from "./events";
import { assertOpenForWork, isOpenForWork } from "./open-for-work";
import { clearCoveredNoClaims, clearCoveredNoClaimsParts } from "./sentence-decisions";
import { articleWithMembership, canSeeWork, loadProjectViewer, requireArticleViewer, visibleClaims } from "./visibility";

type ArticleRow = {
  id: string;
  projectId: string;
  text: string;
  /** The revision `text` is; a save's statement checks it is still the current one (server/revisions.ts). */
  revision: number;
  taxonomy: Taxonomy;
  closedAt: Date | null;
  /** The actor's own assignment on the article, if any. */
  assignmentStatus: "assigned" | "submitted" | null;
};

/**
 * The article a save writes to, with its project's taxonomy, after checking
 * that the actor may annotate there: article, project, the actor's
 * membership and their assignment in one query (the save path's first round trip).
 *
 * Inside a transaction the article row is locked for key share until the end: a new revision
 * (server/revisions.ts) locks it for update, so it waits for the save, and a save waits for it and then
 * reads the new text. (Outside one, createClaim's statement re-checks the revision itself.)
 */
async function loadArticleForWrite(tx: Db | Tx, actor: Actor, articleId: string): Promise<ArticleRow> {
  const [article] = await articleWithMembership(tx, actor, {
    id: articles.id,
    projectId: articles.projectId,
    text: articles.text,
    revision: articles.revision,
    taxonomy: projects.taxonomy,
    closedAt: articles.closedAt,
    assignmentStatus: assignments.status,
  })
    .leftJoin(assignments, and(eq(assignments.articleId, articles.id), eq(assignments.userId, actor.id)))
    .where(eq(articles.id, articleId))
    .for("key share", { of: articles })
    // Prepared: the save path's read has one shape (the values are parameters), planned once per connection.
    .prepare("claimwork_article_for_write")
    .execute();
  if (!article) throw new AppError("not_found:article", "No such article.");
  assertRoleCan(roleFromMembership(actor, article.memberRole), "annotate", "article");
  return article;
}

/** The answer for a claim id the actor may not see: exactly what an id that was never saved gets. */
function noSuchClaim(): AppError {
  return new AppError("not_found:claim", "This claim does not exist (it may never have been saved).");
}

/** Whether the actor may see a claim that is not their own on the article they are saving to (the rare paths: clashes, moves). */
async function canSeeClaim(tx: Db | Tx, actor: Actor, claim: Claim): Promise<boolean> {
  const viewer = await loadProjectViewer(tx, actor, claim.projectId);
  if (viewer.role === null) return false;
  const [article] = await tx.select({ closedAt: articles.closedAt }).from(articles).where(eq(articles.id, claim.articleId));
  return canSeeWork(viewer, { authorId: claim.authorId, articleClosedAt: article?.closedAt ?? null });
}

async function loadDto(tx: Db | Tx, claimId: string): Promise<ClaimDto> {
  const [row] = await tx
    .select({ claim: claims, authorName: users.name })
    .from(claims)
    .innerJoin(users, eq(users.id, claims.authorId))
    .where(eq(claims.id, claimId));
  if (!row) throw new AppError("not_found:claim", "No such claim.");
  const claimSources = await tx.select().from(sources).where(eq(sources.claimId, claimId));
  return claimDtoOf(row.claim, claimSources, row.authorName);
}

/** The fields of a claim that a history entry records (before/after). */
function snapshot(dto: ClaimDto) {
  const { authorName: _authorName, createdAt: _createdAt, ...rest } = dto;
  return rest;
}

export type SaveResult = { claim: ClaimDto; created: boolean };

/** The checks every save makes against its article: the quote at the offsets, and labels from the project's taxonomy. */
function checkSave(article: ArticleRow, save: ClaimSave): void {
  assertTargetMatches(article.text, save.target);
  assertLabels(article.taxonomy, save);
}

/** The claim columns a save sets from its input, besides its target. */
function savedFields(save: ClaimSave) {
  return { ...contentValues(save), lastMutationId: save.mutationId };
}

/** The claim columns a save writes, its sentence indexes computed in SQL from the stored sentences. */
function claimValues(article: ArticleRow, save: ClaimSave) {
  return { ...savedFields(save), ...targetColumns(article.id, save.target) };
}

/**
 * A new claim in two round trips, the hot path of annotating: one read
 * (article, taxonomy and the actor's membership, then the checks in Node),
 * then one statement that inserts the claim, its sources and the history
 * entry, clears the author's own "no claim here" on the sentences the claim
 * covers (with their history entries), and announces the changes. A single
 * statement is atomic on its own, so no explicit transaction (and no
 * BEGIN/COMMIT round trips) is needed: a source id that belongs to another
 * claim fails the whole statement. Returns
 * null when the id already exists — a retry or a clash — or when the actor's
 * work on the article is frozen (submitted or closed): the caller settles
 * both in a transaction, which still answers a retry. Returns "revised" when
 * a new revision replaced the article's text after the target was checked:
 * the caller tries once more, on the new text.
 */
async function createClaim(db: Db, actor: Actor, save: ClaimSave): Promise<SaveResult | "revised" | null> {
  const article = await loadArticleForWrite(db, actor, save.articleId);
  checkSave(article, save);
  // Frozen: the transactional path still answers a retry of a save accepted before, and refuses the rest.
  if (!isOpenForWork(article)) return null;
  const now = new Date();
  const claimSources = save.sources.map(pickSource);
  // Everything the DTO holds is known here except the sentence indexes, which the insert computes.
  const draft: Claim = {
    ...savedFields(save),
    ...save.target,
    id: save.id,
    articleId: article.id,
    projectId: article.projectId,
    authorId: actor.id,
    sentenceIndexes: [],
    status: "draft",
    version: 1,
    isGold: false,
    derivedFrom: [],
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
    anchorState: "placed",
    anchorRevision: null,
    reanchor: null,
    sourcesJson: "",
    sourcesCsv: "",
  };
  const after = snapshot(toClaimDto(draft, claimSources, actor.name));
  const notice: ChangeNotice = {
    projectId: article.projectId,
    articleId: article.id,
    entityType: "claim",
    entityId: save.id,
    action: "claim.created",
    actorId: actor.id,
  };
  const history = historyStatementParts(notice, {
    after: sql`jsonb_set(${JSON.stringify(after)}::jsonb, '{sentenceIndexes}', to_jsonb(inserted.sentence_indexes))`,
    forEachRowOf: sql`inserted`,
  });
  // The author's own "no claim here" on the sentences the new claim covers goes in the same statement.
  const cleared = clearCoveredNoClaimsParts(
    { projectId: article.projectId, articleId: article.id, authorId: actor.id },
    sql`(select sentence_indexes from inserted)`,
  );
  let rows: Array<{ sentence_indexes: number[] | null }>;
  try {
    rows = rowsOf(
      await executePrepared(
        db,
        sql`
        with inserted as (
          insert into ${claims} ("id", "article_id", "project_id", "author_id", "start", "end", "exact", "prefix", "suffix", "sentence_indexes",
                                 ${CONTENT_COLUMNS}, "last_mutation_id", "created_at", "updated_at")
          select ${save.id}::uuid, ${article.id}::uuid, ${article.projectId}::uuid, ${actor.id}, ${save.target.start}::int, ${save.target.end}::int,
                 ${save.target.exact}, ${save.target.prefix}, ${save.target.suffix},
                 ${sentenceIndexesSql(article.id, save.target.start, save.target.end)},
                 ${contentParameters(save)}, ${save.mutationId}::uuid, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
          -- The text the target was checked against is still the current revision: a revision added since the
          -- read (its transaction holds the row, so this waits for it and then sees the new one) leaves this
          -- insert empty, and the transactional path checks the target again on the new text.
          where exists (select 1 from ${articles} a where a."id" = ${article.id} and a."revision" = ${article.revision}::int for key share)
          on conflict ("id") do nothing
          returning "sentence_indexes"
        ),
        inserted_sources as (
          insert into ${sources} (${SOURCE_COLUMNS})
          ${sourceRowsSql(save.id, claimSources)}
          where exists (select 1 from inserted)
        ),
        ${history.entry},
        ${cleared.ctes}
        select (select sentence_indexes from inserted) as sentence_indexes,
               ${history.notify} as notified,
               ${cleared.notify} as cleared_notified`,
      ),
    );
  } catch (error) {
    // A source id taken by another claim, wherever it is (the failed statement left nothing behind).
    if (isUniqueViolation(error, "sources_pkey")) throw idInUseError();
    throw error;
  }
  const sentenceIndexes = rows[0]?.sentence_indexes;
  if (!sentenceIndexes) {
    // Nothing inserted: the id exists (the caller settles it), or a new revision replaced the text the target was
    // checked against — then the caller checks it again on the new text.
    const [now] = await db.select({ revision: articles.revision }).from(articles).where(eq(articles.id, article.id));
    return now && now.revision !== article.revision ? "revised" : null;
  }
  return { claim: toClaimDto({ ...draft, sentenceIndexes }, claimSources, actor.name), created: true };
}

/**
 * Create or update a claim, idempotently:
 * - the id is the client's, so a retried create finds its own row;
 * - `mutationId` equal to the last accepted save means "this is a retry": answer with the current claim;
 * - otherwise `baseVersion` must equal the stored version, or the edit is stale (409 with the current claim).
 * The quote must match the article text at the offsets (422 otherwise).
 */
export async function saveClaim(db: Db, actor: Actor, save: ClaimSave): Promise<SaveResult> {
  if (save.baseVersion === null) {
    let created = await createClaim(db, actor, save);
    // A revision landed between the read and the insert: once more, on the new text (a target it no longer fits is a 422).
    if (created === "revised") created = await createClaim(db, actor, save);
    if (created && created !== "revised") return created;
    // The id exists: a retried create (answered with the stored claim) or a clash; the transaction below decides.
  }
  const result = await db.transaction(async (tx) => {
    const article = await loadArticleForWrite(tx, actor, save.articleId);
    checkSave(article, save);
    const values = claimValues(article, save);

    // The claim exists (or an edit names one): lock it and decide. If another request created the id meanwhile,
    // createClaim's insert waited for it to commit, and this read sees its row.
    const [existing] = await tx.select().from(claims).where(eq(claims.id, save.id)).for("update");
    if (!existing) {
      if (save.baseVersion === null) assertOpenForWork(article); // a create createClaim left to this path because the work is frozen
      throw noSuchClaim();
    }
    if (existing.articleId !== save.articleId || existing.authorId !== actor.id) {
      // Not the actor's claim on this article. A claim they may not see (another project's, or a fellow
      // annotator's in a blind project) is answered exactly like an id nobody has used; only a visible one
      // gets the specific answer.
      if (!(await canSeeClaim(tx, actor, existing))) throw save.baseVersion === null ? idInUseError() : noSuchClaim();
      if (save.baseVersion === null) throw idInUseError();
      if (existing.articleId !== save.articleId) throw new AppError("unprocessable:claim", "A claim cannot move to another article.");
      throw new AppError("forbidden:claim", "Only the author can change this claim.");
    }
    if (existing.lastMutationId === save.mutationId) return { claim: await loadDto(tx, save.id), created: false };
    if (!existing.isGold) assertOpenForWork(article);
    // The author is the actor (checked above), so the locked row, its sources and the actor's name make the DTO.
    const current = claimDtoOf(existing, await tx.select().from(sources).where(eq(sources.claimId, save.id)), actor.name);
    if (existing.deletedAt) throw new AppError("gone:claim", "This claim was deleted; restore it to edit it.", { detail: { current } });
    if (existing.anchorState !== "placed") {
      throw new AppError(
        "conflict:claim",
        "This claim waits to be placed on the article's new revision; place it there first (the article's re-anchoring queue).",
        {
          detail: { current },
        },
      );
    }
    if (save.baseVersion !== existing.version) {
      throw new AppError(
        "conflict:claim",
        save.baseVersion === null
          ? "A claim with this id already exists."
          : `This claim was changed elsewhere (you edited version ${save.baseVersion}, it is now at ${existing.version}).`,
        { detail: { current } },
      );
    }
    // An author's edit invalidates whatever was reviewed: the state machine's `revise` takes it back to draft.
    const revised = existing.isGold ? null : transition(existing.status, "revise", "author");
    const status = revised?.ok ? revised.status : existing.status;
    const [updated] = await tx
      .update(claims)
      .set({ ...values, status, version: existing.version + 1, updatedAt: new Date() })
      .where(eq(claims.id, save.id))
      .returning();
    const savedSources = pickClaimFields(save).sources;
    // Most edits leave the sources as they were. Rewriting them anyway would cost two statements and, through
    // the triggers on `sources`, two re-renders of the claim's export columns (migration 0002).
    if (JSON.stringify(savedSources) !== JSON.stringify(current.sources)) {
      await tx.delete(sources).where(eq(sources.claimId, save.id));
      await insertSourcesOrRefuse(tx, save.id, savedSources);
    }
    // A claim moved onto sentences its author had marked "no claim here" takes the mark off them, as a new claim
    // does. Only when the span changed (an edit of the labels covers what it covered), and not on a frozen
    // article's gold claim: the author's marks there are frozen work.
    const isSpanChanged = existing.start !== updated!.start || existing.end !== updated!.end;
    if (isSpanChanged && isOpenForWork(article)) {
      await clearCoveredNoClaims(tx, { projectId: article.projectId, articleId: article.id, authorId: actor.id }, updated!.sentenceIndexes);
    }
    // What was just written, without reading it back.
    const dto = toClaimDto(updated!, savedSources, actor.name);
    await recordEvent(
      tx,
      claimChange({ id: save.id, projectId: article.projectId, articleId: article.id }, actor.id, "claim.updated", {
        before: snapshot(current),
        after: snapshot(dto),
      }),
    );
    return { claim: dto, created: false };
  });
  return result;
}

/** Soft delete (or restore, with `restore: true`); idempotent, and recorded in the history. */
export async function setClaimDeleted(db: Db, actor: Actor, options: { claimId: string; restore: boolean }): Promise<ClaimDto> {
  return db.transaction(async (tx) => {
    // The article before the claim, in the order a new revision locks them (server/revisions.ts), so they never wait for each other.
    const [located] = await tx.select({ articleId: claims.articleId }).from(claims).where(eq(claims.id, options.claimId));
    if (!located) throw new AppError("not_found:claim", "No such claim.");
    const [article] = await tx
      .select({ closedAt: articles.closedAt, assignmentStatus: assignments.status })
      .from(articles)
      .leftJoin(assignments, and(eq(assignments.articleId, articles.id), eq(assignments.userId, actor.id)))
      .where(eq(articles.id, located.articleId))
      .for("key share", { of: articles });
    const [existing] = await tx.select().from(claims).where(eq(claims.id, options.claimId)).for("update");
    if (!existing) throw new AppError("not_found:claim", "No such claim.");
    const viewer = await loadProjectViewer(tx, actor, existing.projectId);
    // One answer for a claim that does not exist and one the actor may not see (another project's, or a
    // fellow annotator's in a blind project); only then the role and authorship checks.
    if (!article || !canSeeWork(viewer, { authorId: existing.authorId, articleClosedAt: article.closedAt })) {
      throw new AppError("not_found:claim", "No such claim.");
    }
    assertRoleCan(viewer.role, "annotate", "claim");
    if (existing.authorId !== actor.id) throw new AppError("forbidden:claim", "Only the author can delete or restore this claim.");
    const isDeleted = existing.deletedAt !== null;
    if (isDeleted === !options.restore) return loadDto(tx, existing.id);
    if (!existing.isGold) assertOpenForWork(article);
    const before = await loadDto(tx, existing.id);
    await tx
      .update(claims)
      .set({ deletedAt: options.restore ? null : new Date(), version: existing.version + 1, updatedAt: new Date() })
      .where(eq(claims.id, existing.id));
    const after = await loadDto(tx, existing.id);
    // A restored claim stands again over its sentences: a "no claim here" its author set there meanwhile goes.
    if (options.restore && isOpenForWork(article)) {
      await clearCoveredNoClaims(tx, { projectId: existing.projectId, articleId: existing.articleId, authorId: actor.id }, after.sentenceIndexes);
    }
    await recordEvent(
      tx,
      claimChange(existing, actor.id, options.restore ? "claim.restored" : "claim.deleted", { before: snapshot(before), after: snapshot(after) }),
    );
    return after;
  });
}

/** Most claim ids one request may name (`GET /api/articles/:id/claims?ids=…`): a live update's batch, not an export. */
export const MAX_CLAIM_IDS = 200;

/**
 * The claims of an article the actor may see (server/visibility.ts), in text
 * order: in a blind project an annotator or viewer sees only their own until
 * the article is closed, so agreement is measured on independent work.
 *
 * Without `ids`: the claims that stand (deleted ones are not listed; the
 * browser keeps its own deleted claims for undo). With `ids`: only those
 * claims, deleted ones included with their `deletedAt`, so a page that heard
 * of a change learns that a claim was deleted. The same visibility rule
 * applies either way: an id the actor may not see, of another article, or
 * never saved is simply absent.
 */
export async function listArticleClaims(db: Db, actor: Actor, articleId: string, options: { ids?: readonly string[] } = {}): Promise<ClaimDto[]> {
  const { viewer } = await requireArticleViewer(db, actor, articleId, "read");
  const { ids } = options;
  if (ids && ids.length === 0) return [];
  const where = and(
    eq(claims.articleId, articleId),
    ids ? and(inArray(claims.id, [...ids]), eq(claims.anchorState, "placed")) : claimIsPlaced(),
    visibleClaims(viewer),
  );
  return (await claimDtos(db, where, null)).claims;
}

/**
 * The first `limit` claims {@link listArticleClaims} lists (text order) and how many it lists in all: what
 * a long article's page comes with, so its first byte does not wait for thousands of claims.
 */
export async function listFirstArticleClaims(db: Db, actor: Actor, articleId: string, limit: number): Promise<{ claims: ClaimDto[]; total: number }> {
  const { viewer } = await requireArticleViewer(db, actor, articleId, "read");
  return claimDtos(db, and(eq(claims.articleId, articleId), claimIsPlaced(), visibleClaims(viewer)), limit);
}

/** The claims `where` selects, in text order, as DTOs with their sources; at most `limit`, with the count of all. */
async function claimDtos(db: Db, where: SQL | undefined, limit: number | null): Promise<{ claims: ClaimDto[]; total: number }> {
  const query = db
    .select({ claim: claims, authorName: users.name, total: sql<number>`count(*) over ()`.mapWith(Number) })
    .from(claims)
    .innerJoin(users, eq(users.id, claims.authorId))
    .where(where)
    .orderBy(asc(claims.start), asc(claims.end), asc(claims.createdAt));
  const rows = limit === null ? await query : await query.limit(limit);
  if (rows.length === 0) return { claims: [], total: 0 };
  // The listed claims' ids as a subquery when they may be thousands (one bound parameter per id was a good part of the read).
  const listed = limit === null ? db.select({ id: claims.id }).from(claims).where(where) : rows.map((r) => r.claim.id);
  const claimSources = await db.select().from(sources).where(inArray(sources.claimId, listed));
  const byClaim = new Map<string, Source[]>();
  for (const s of claimSources) byClaim.set(s.claimId, [...(byClaim.get(s.claimId) ?? []), s]);
  return { claims: rows.map((r) => claimDtoOf(r.claim, byClaim.get(r.claim.id) ?? [], r.authorName)), total: rows[0]!.total };
}
