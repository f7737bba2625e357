import "server-only";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { isUniqueViolation, rowsOf, type Db, type Tx } from "@/db/client";
import { articles, assignments, claims, projectMembers, projects, sources, users, type Claim, type Source } from "@/db/schema";
import { verifyTarget } from "@/lib/anchoring";
import { pickSource } from "@/lib/export/records";
import { transition } from "@/lib/review-state";
import type { ClaimDto, ClaimSave, ClaimTarget, SourceInput } from "@/lib/claim-schema";
import type { Taxonomy } from "@/lib/taxonomy";
import { assertRoleCan, roleFromMembership, type Actor } from "./authz";
import { AppError } from "./errors";
import { historyStatementParts, recordEvent } from "./events";
import type { ChangeNotice } from "@/lib/live-notice";
import { canSeeWork, loadProjectViewer, requireArticleViewer, visibleClaims } from "./visibility";

type ArticleRow = {
  id: string;
  projectId: string;
  text: string;
  taxonomy: Taxonomy;
  closedAt: Date | null;
  /** The actor's own assignment on the article, if any. */
  assignmentStatus: "assigned" | "submitted" | null;
};

/**
 * The article a save writes to, with its project's taxonomy, after checking
 * that the actor may annotate there: article, project, the actor's
 * membership and their assignment in one query (the save path's first round trip).
 */
async function loadArticleForWrite(tx: Db | Tx, actor: Actor, articleId: string): Promise<ArticleRow> {
  const [article] = await tx
    .select({
      id: articles.id,
      projectId: articles.projectId,
      text: articles.text,
      taxonomy: projects.taxonomy,
      closedAt: articles.closedAt,
      assignmentStatus: assignments.status,
      memberRole: projectMembers.role,
    })
    .from(articles)
    .innerJoin(projects, eq(projects.id, articles.projectId))
    .leftJoin(projectMembers, and(eq(projectMembers.projectId, articles.projectId), eq(projectMembers.userId, actor.id)))
    .leftJoin(assignments, and(eq(assignments.articleId, articles.id), eq(assignments.userId, actor.id)))
    .where(eq(articles.id, articleId));
  if (!article) throw new AppError("not_found:article", "No such article.");
  assertRoleCan(roleFromMembership(actor, article.memberRole), "annotate", "article");
  return article;
}

/** The state of the actor's work on an article: whether it is closed, and their own assignment on it. */
type WorkState = { closedAt: Date | null; assignmentStatus: "assigned" | "submitted" | null };

function isOpenForWork(article: WorkState): boolean {
  return article.closedAt === null && article.assignmentStatus !== "submitted";
}

/**
 * Annotators' work on an article is frozen twice over. Once submitted, it
 * stays as submitted until a reviewer requests changes on one of its claims
 * (which puts the assignment back to assigned): what a reviewer reviews, and
 * what agreement counts, is what was handed in. Once the article is closed
 * (after adjudication, which lifts blind mode), nobody annotates it any more:
 * in a blind project everyone now sees everyone's claims, so work added or
 * changed after that would not be independent. Gold claims are the
 * reviewer's outcome and stay editable by their author. 409, with a message
 * the editor shows as it is.
 */
export function assertOpenForWork(article: WorkState): void {
  if (article.closedAt !== null) {
    throw new AppError("conflict:article", "This article is closed: annotation on it has ended. A reviewer can reopen it.");
  }
  if (article.assignmentStatus === "submitted") {
    throw new AppError(
      "conflict:assignment",
      "You have submitted this article for review, so your claims on it cannot change until a reviewer requests changes.",
    );
  }
}

/**
 * The one answer for a client-generated id (a claim's or a source's) that is
 * already taken by something the save may not take over. It is the same
 * whether the row is the actor's to see or in a project they have never
 * belonged to, and it does not say which id clashed: so a clash with a claim
 * id of another project cannot be told apart from a free claim id whose
 * source id clashes with one of the actor's own project — the same 409 "id
 * free but something else is wrong" gets. (A free id is saved, so some answer
 * must differ from success; this keeps it to "some id in this save is used
 * somewhere", which client-generated UUIDs never hit by chance.) The actor's
 * own claim under the id is answered as before: a retry, or a 409 with the
 * current version.
 */
export function idInUseError(): AppError {
  return new AppError("conflict:id", "An id in this request is already in use; send it again with new ids.");
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

/**
 * Labels must exist in the project's taxonomy (keys are compared, so renamed
 * labels still validate) and a claim's source ids must be distinct. Throws a
 * 422 naming every bad field. Used by saves, adjudication and gold writing.
 */
export function assertLabels(
  taxonomy: Taxonomy,
  claim: { claimType: string | null; verdict: string; sources?: ReadonlyArray<{ id: string; stance: string }> },
): void {
  const fields: Record<string, string> = {};
  if (claim.claimType !== null && !taxonomy.claimTypes.some((t) => t.key === claim.claimType)) {
    fields.claimType = `unknown claim type "${claim.claimType}"`;
  }
  if (!taxonomy.verdicts.some((v) => v.key === claim.verdict)) fields.verdict = `unknown verdict "${claim.verdict}"`;
  const claimSources = claim.sources ?? [];
  claimSources.forEach((source, i) => {
    if (!taxonomy.stances.some((s) => s.key === source.stance)) fields[`sources.${i}.stance`] = `unknown stance "${source.stance}"`;
  });
  if (new Set(claimSources.map((s) => s.id)).size !== claimSources.length) fields.sources = "source ids must be unique";
  if (Object.keys(fields).length) {
    throw new AppError("unprocessable:validation", `Invalid input — ${Object.entries(fields).map(([k, v]) => `${k}: ${v}`).join("; ")}`, {
      fields,
    });
  }
}

/** The quote must be the article text at the target's offsets: a 422 naming why not. */
export function assertTargetMatches(articleText: string, target: ClaimTarget): void {
  const verdict = verifyTarget(articleText, target);
  if (!verdict.ok) {
    throw new AppError("unprocessable:target", `The quote does not match the article text at these offsets: ${verdict.reason}`, {
      fields: { target: verdict.reason },
    });
  }
}

/** A target as claim columns, with the sentences it covers computed by the database in the same statement. */
export function targetColumns(articleId: string, target: ClaimTarget) {
  return {
    start: target.start,
    end: target.end,
    exact: target.exact,
    prefix: target.prefix,
    suffix: target.suffix,
    sentenceIndexes: sentenceIndexesSql(articleId, target.start, target.end),
  };
}

/**
 * The sentences a target covers, computed by the database inside the insert or
 * update itself: one round trip fewer per save, and always consistent with the
 * stored sentences.
 */
export function sentenceIndexesSql(articleId: string, start: number, end: number) {
  return sql<number[]>`(select coalesce(array_agg(s."index" order by s."index"), '{}'::integer[]) from "sentences" s
    where s."article_id" = ${articleId} and s."start" < ${end} and s."end" > ${start})`;
}

/** A stored source as the API and exports show it (the row's own fields, in canonical order). */
export function toSourceDto(s: Source): SourceInput {
  return pickSource(s);
}

/** A claim's own fields: without the sources rendered for exports, which triggers derive (see db/schema.ts). */
type ClaimFields = Omit<Claim, "sourcesJson" | "sourcesCsv">;

/** A stored claim as the API and exports show it; `claimSources` already in position order. */
export function toClaimDto(claim: ClaimFields, claimSources: SourceInput[], authorName: string): ClaimDto {
  return {
    id: claim.id,
    articleId: claim.articleId,
    authorId: claim.authorId,
    authorName,
    target: { start: claim.start, end: claim.end, exact: claim.exact, prefix: claim.prefix, suffix: claim.suffix },
    sentenceIndexes: claim.sentenceIndexes,
    claimType: claim.claimType,
    checkWorthiness: claim.checkWorthiness,
    speaker: claim.speaker,
    normalizedClaim: claim.normalizedClaim,
    verdict: claim.verdict,
    rationale: claim.rationale,
    tags: claim.tags,
    sources: claimSources,
    status: claim.status,
    version: claim.version,
    isGold: claim.isGold,
    createdAt: claim.createdAt.toISOString(),
    updatedAt: claim.updatedAt.toISOString(),
    deletedAt: claim.deletedAt ? claim.deletedAt.toISOString() : null,
  };
}

function toDto(claim: Claim, claimSources: Source[], authorName: string): ClaimDto {
  return toClaimDto(claim, [...claimSources].sort((a, b) => a.position - b.position).map(toSourceDto), authorName);
}

async function loadDto(tx: Db | Tx, claimId: string): Promise<ClaimDto> {
  const [row] = await tx
    .select({ claim: claims, authorName: users.name })
    .from(claims)
    .innerJoin(users, eq(users.id, claims.authorId))
    .where(eq(claims.id, claimId));
  if (!row) throw new AppError("not_found:claim", "No such claim.");
  const claimSources = await tx.select().from(sources).where(eq(sources.claimId, claimId));
  return toDto(row.claim, claimSources, row.authorName);
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
  return {
    claimType: save.claimType,
    checkWorthiness: save.checkWorthiness,
    speaker: save.speaker,
    normalizedClaim: save.normalizedClaim,
    verdict: save.verdict,
    rationale: save.rationale,
    tags: save.tags,
    lastMutationId: save.mutationId,
  };
}

/** The claim columns a save writes, its sentence indexes computed in SQL from the stored sentences. */
function claimValues(article: ArticleRow, save: ClaimSave) {
  return { ...savedFields(save), ...targetColumns(article.id, save.target) };
}

/**
 * A new claim in two round trips, the hot path of annotating: one read
 * (article, taxonomy and the actor's membership, then the checks in Node),
 * then one statement that inserts the claim, its sources and the history
 * entry and announces the change. A single statement is atomic on its own,
 * so no explicit transaction (and no BEGIN/COMMIT round trips) is needed: a
 * source id that belongs to another claim fails the whole statement. Returns
 * null when the id already exists — a retry or a clash — or when the actor's
 * work on the article is frozen (submitted or closed): the caller settles
 * both in a transaction, which still answers a retry.
 */
async function createClaim(db: Db, actor: Actor, save: ClaimSave): Promise<SaveResult | null> {
  const article = await loadArticleForWrite(db, actor, save.articleId);
  checkSave(article, save);
  // Frozen: the transactional path still answers a retry of a save accepted before, and refuses the rest.
  if (!isOpenForWork(article)) return null;
  const now = new Date();
  const claimSources = save.sources.map(pickSource);
  // Everything the DTO holds is known here except the sentence indexes, which the insert computes.
  const draft: ClaimFields = {
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
  const sourceRows = JSON.stringify(claimSources.map((s, position) => ({ ...s, position })));
  const history = historyStatementParts(notice, {
    after: sql`jsonb_set(${JSON.stringify(after)}::jsonb, '{sentenceIndexes}', to_jsonb(inserted.sentence_indexes))`,
    forEachRowOf: sql`inserted`,
  });
  let rows: Array<{ sentence_indexes: number[] | null }>;
  try {
    rows = rowsOf(
      await db.execute(sql`
        with inserted as (
          insert into ${claims} ("id", "article_id", "project_id", "author_id", "start", "end", "exact", "prefix", "suffix", "sentence_indexes",
                                 "claim_type", "check_worthiness", "speaker", "normalized_claim", "verdict", "rationale", "tags",
                                 "last_mutation_id", "created_at", "updated_at")
          values (${save.id}, ${article.id}, ${article.projectId}, ${actor.id}, ${save.target.start}, ${save.target.end},
                  ${save.target.exact}, ${save.target.prefix}, ${save.target.suffix},
                  ${sentenceIndexesSql(article.id, save.target.start, save.target.end)},
                  ${save.claimType}, ${save.checkWorthiness}, ${save.speaker}, ${save.normalizedClaim}, ${save.verdict}, ${save.rationale},
                  array(select jsonb_array_elements_text(${JSON.stringify(save.tags)}::jsonb)),
                  ${save.mutationId}, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz)
          on conflict ("id") do nothing
          returning "sentence_indexes"
        ),
        inserted_sources as (
          insert into ${sources} ("id", "claim_id", "position", "url", "title", "publisher", "stance", "excerpt", "accessed_on", "archive_url")
          select s.id, ${save.id}, s.position, s.url, s.title, s.publisher, s.stance, s.excerpt, s."accessedOn", s."archiveUrl"
          from jsonb_to_recordset(${sourceRows}::jsonb)
            as s(id uuid, position int, url text, title text, publisher text, stance text, excerpt text, "accessedOn" date, "archiveUrl" text)
          where exists (select 1 from inserted)
        ),
        ${history.entry}
        select (select sentence_indexes from inserted) as sentence_indexes,
               ${history.notify} as notified`),
    );
  } catch (error) {
    // A source id taken by another claim, wherever it is (the failed statement left nothing behind).
    if (isUniqueViolation(error, "sources_pkey")) throw idInUseError();
    throw error;
  }
  const sentenceIndexes = rows[0]?.sentence_indexes;
  if (!sentenceIndexes) return null;
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
    const created = await createClaim(db, actor, save);
    if (created) return created;
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
    const current = toDto(existing, await tx.select().from(sources).where(eq(sources.claimId, save.id)), actor.name);
    if (existing.deletedAt) throw new AppError("gone:claim", "This claim was deleted; restore it to edit it.", { detail: { current } });
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
    const savedSources = save.sources.map(pickSource);
    // Most edits leave the sources as they were. Rewriting them anyway would cost two statements and, through
    // the triggers on `sources`, two re-renders of the claim's export columns (migration 0002).
    if (JSON.stringify(savedSources) !== JSON.stringify(current.sources)) {
      await tx.delete(sources).where(eq(sources.claimId, save.id));
      await writeSources(tx, save);
    }
    // What was just written, without reading it back.
    const dto = toClaimDto(updated!, savedSources, actor.name);
    await recordEvent(tx, {
      projectId: article.projectId,
      articleId: article.id,
      actorId: actor.id,
      entityType: "claim",
      entityId: save.id,
      action: "claim.updated",
      before: snapshot(current),
      after: snapshot(dto),
    });
    return { claim: dto, created: false };
  });
  return result;
}

async function writeSources(tx: Tx, save: ClaimSave): Promise<void> {
  if (save.sources.length === 0) return;
  const inserted = await tx
    .insert(sources)
    .values(save.sources.map((s, position) => ({ ...pickSource(s), claimId: save.id, position })))
    .onConflictDoNothing({ target: sources.id })
    .returning({ id: sources.id });
  // A source id already used by another claim is a client bug or a forgery: refuse (the transaction rolls back)
  // rather than steal it. The primary key finds it; no read first.
  if (inserted.length !== save.sources.length) throw idInUseError();
}


/** Soft delete (or restore, with `restore: true`); idempotent, and recorded in the history. */
export async function setClaimDeleted(db: Db, actor: Actor, options: { claimId: string; restore: boolean }): Promise<ClaimDto> {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(claims).where(eq(claims.id, options.claimId)).for("update");
    if (!existing) throw new AppError("not_found:claim", "No such claim.");
    const viewer = await loadProjectViewer(tx, actor, existing.projectId);
    const [article] = await tx
      .select({ closedAt: articles.closedAt, assignmentStatus: assignments.status })
      .from(articles)
      .leftJoin(assignments, and(eq(assignments.articleId, articles.id), eq(assignments.userId, actor.id)))
      .where(eq(articles.id, existing.articleId));
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
    await recordEvent(tx, {
      projectId: existing.projectId,
      articleId: existing.articleId,
      actorId: actor.id,
      entityType: "claim",
      entityId: existing.id,
      action: options.restore ? "claim.restored" : "claim.deleted",
      before: snapshot(before),
      after: snapshot(after),
    });
    return after;
  });
}

/**
 * The claims of an article the actor may see (server/visibility.ts), in text
 * order: in a blind project an annotator or viewer sees only their own until
 * the article is closed, so agreement is measured on independent work.
 */
export async function listArticleClaims(db: Db, actor: Actor, articleId: string): Promise<ClaimDto[]> {
  const { viewer } = await requireArticleViewer(db, actor, articleId, "read");
  const rows = await db
    .select({ claim: claims, authorName: users.name })
    .from(claims)
    .innerJoin(users, eq(users.id, claims.authorId))
    .where(and(eq(claims.articleId, articleId), isNull(claims.deletedAt), visibleClaims(viewer)))
    .orderBy(asc(claims.start), asc(claims.end), asc(claims.createdAt));
  if (rows.length === 0) return [];
  const claimSources = await db
    .select()
    .from(sources)
    .where(inArray(sources.claimId, rows.map((r) => r.claim.id)));
  const byClaim = new Map<string, Source[]>();
  for (const s of claimSources) byClaim.set(s.claimId, [...(byClaim.get(s.claimId) ?? []), s]);
  return rows.map((r) => toDto(r.claim, byClaim.get(r.claim.id) ?? [], r.authorName));
}

