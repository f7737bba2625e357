import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { type Db, rowsOf, type Tx } from "@/db/client";
import { articles, assignments, claims, events, projectMembers, sentenceDecisions, sentenceExclusions, sentences, sources, users } from "@/db/schema";
import { type Actor, requireProjectRole, roleCan } from "../authz";
import { claimIsPlaced } from "../claim-rows";
import { AppError, type FieldErrors } from "../errors";
import { articleChange, recordEvent } from "../events";
import { listProjects } from "./projects";

/**
 * Moving and copying articles between projects — the way the seed article
 * (imported into the default project at every start, server/seed.ts) or any
 * other gets into the project a desk works in.
 *
 * Who may: someone who may both import articles and assign in the source
 * and in the target project (reviewers and admins of both, or a site admin).
 *
 * - **Move**: the article leaves the source project with everything on it —
 *   claims (gold included) with their sources, reviews and comments,
 *   "no claim here" marks, excluded sentences, assignments, and its history
 *   (so every claim's history still reads from its start). Only when
 *   everyone whose work is on it may annotate in the target (claim authors,
 *   assignees, authors of marks): otherwise their work would sit in a
 *   project they cannot see, so the move is refused naming them (add them to
 *   the target first, or copy instead).
 * - **Copy**: a new article in the target with the same text and sentences
 *   (and excluded sentences: they describe the text). With `withClaims`, the
 *   live claims and marks of authors who may annotate in the target go along
 *   as their drafts, with their sources — a fresh round on the same text, so
 *   no review status, review, comment, assignment or gold claim is copied
 *   (those belong to the source's round); claims of anyone else stay behind,
 *   and the answer counts them.
 *
 * Either way an article the target already holds (the same text) is refused
 * (409), nothing is half done (one transaction), and the target records the
 * arrival as `article.moved` or `article.copied` with where it came from (an
 * import is another way in, and the feed's kind filter tells them apart).
 */

/** Most articles one request moves or copies. */
export const MAX_TRANSFER_ARTICLES = 500;

export const transferSchema = z.object({
  articleIds: z
    .array(z.uuid("must be an article id"))
    .min(1, "choose at least one article")
    .max(MAX_TRANSFER_ARTICLES, `choose at most ${MAX_TRANSFER_ARTICLES} articles at once`),
  toProjectId: z.uuid("must be a project id"),
  mode: z.enum(["move", "copy"], "must be move or copy"),
  /** Copy only: take the claims (as drafts) of authors who may annotate in the target. A move always takes everything. */
  withClaims: z.boolean("must be true or false").default(true),
});
export type TransferInput = { fromProjectId: string } & z.output<typeof transferSchema>;

export type TransferredArticle = {
  /** The article in the source project (for a move, the same id). */
  fromId: string;
  /** The article in the target project. */
  toId: string;
  title: string;
  /** Claims now on the target's article. */
  claimCount: number;
  /** Copy: live claims left behind (gold, or by someone who may not annotate in the target, or not asked for). */
  claimsLeftCount: number;
};

/** The projects the actor could move or copy `fromProjectId`'s articles to: those where they may import and assign, by name. */
export async function transferTargets(db: Db, actor: Actor, fromProjectId: string): Promise<Array<{ id: string; name: string }>> {
  const list = await listProjects(db, actor);
  return list
    .filter((p) => p.id !== fromProjectId && roleCan(p.role, "import_articles") && roleCan(p.role, "assign"))
    .map((p) => ({ id: p.id, name: p.name }));
}

/** Move or copy articles from one project to another (see the module comment). */
export async function transferArticles(db: Db, actor: Actor, input: TransferInput): Promise<TransferredArticle[]> {
  const { fromProjectId, toProjectId } = input;
  const articleIds = [...new Set(input.articleIds)];
  if (fromProjectId === toProjectId) {
    throw new AppError("unprocessable:validation", "Choose a project other than the article's own.", {
      fields: { toProjectId: "choose a project other than the article's own" },
    });
  }
  return db.transaction(async (tx) => {
    for (const projectId of [fromProjectId, toProjectId]) {
      await requireProjectRole(tx, projectId, actor, "import_articles");
      await requireProjectRole(tx, projectId, actor, "assign");
    }
    const found = await tx
      .select({ id: articles.id, title: articles.title, contentHash: articles.contentHash })
      .from(articles)
      .where(and(eq(articles.projectId, fromProjectId), inArray(articles.id, articleIds)));
    const byId = new Map(found.map((a) => [a.id, a]));
    const missing: FieldErrors = {};
    input.articleIds.forEach((id, i) => {
      if (!byId.has(id)) missing[`articleIds.${i}`] = "not an article of this project";
    });
    if (Object.keys(missing).length)
      throw new AppError("unprocessable:transfer", "Some of the chosen articles are not in this project.", { fields: missing });
    const clashes = await tx
      .select({ title: articles.title })
      .from(articles)
      .where(
        and(
          eq(articles.projectId, toProjectId),
          inArray(
            articles.contentHash,
            found.map((a) => a.contentHash),
          ),
        ),
      );
    if (clashes.length) {
      throw new AppError("conflict:transfer_duplicate", `The target project already has ${clashes.map((c) => `“${c.title}”`).join(", ")}.`, {
        detail: { titles: clashes.map((c) => c.title) },
      });
    }
    const annotating = await annotatingMembers(tx, toProjectId);
    const ordered = articleIds.map((id) => byId.get(id)!);
    return input.mode === "move"
      ? moveArticles(tx, actor, { fromProjectId, toProjectId, articles: ordered, annotating })
      : copyArticles(tx, actor, { fromProjectId, toProjectId, articles: ordered, annotating, withClaims: input.withClaims });
  });
}

type Plan = {
  fromProjectId: string;
  toProjectId: string;
  articles: ReadonlyArray<{ id: string; title: string }>;
  /** Members of the target whose role may annotate. */
  annotating: ReadonlySet<string>;
};

async function annotatingMembers(tx: Tx, projectId: string): Promise<Set<string>> {
  const members = await tx
    .select({ userId: projectMembers.userId, role: projectMembers.role })
    .from(projectMembers)
    .where(eq(projectMembers.projectId, projectId));
  return new Set(members.filter((m) => roleCan(m.role, "annotate")).map((m) => m.userId));
}

/** The article ids as one `uuid[]` parameter (checked as UUIDs by the schema). */
function idArray(ids: readonly string[]) {
  return sql`${`{${ids.join(",")}}`}::uuid[]`;
}

async function moveArticles(tx: Tx, actor: Actor, plan: Plan): Promise<TransferredArticle[]> {
  const ids = plan.articles.map((a) => a.id);
  // Everyone whose work is on the articles: it must stay visible to them in the target.
  const workers = rowsOf<{ user_id: string; name: string }>(
    await tx.execute(sql`
      select distinct w.user_id, u.name from (
        select ${claims.authorId} as user_id from ${claims} where ${claims.articleId} = any(${idArray(ids)}) and ${claims.deletedAt} is null
        union select ${assignments.userId} from ${assignments} where ${assignments.articleId} = any(${idArray(ids)})
        union select ${sentenceDecisions.authorId} from ${sentenceDecisions} where ${sentenceDecisions.articleId} = any(${idArray(ids)})
      ) w join ${users} u on u.id = w.user_id
      order by u.name`),
  );
  const outside = workers.filter((w) => !plan.annotating.has(w.user_id));
  if (outside.length) {
    throw new AppError(
      "conflict:transfer_members",
      `Not moved: ${outside.map((w) => w.name).join(", ")} ${outside.length === 1 ? "has" : "have"} work on these articles but may not annotate in the target project. Add them there first, or copy instead.`,
      { detail: { users: outside.map((w) => ({ id: w.user_id, name: w.name })) } },
    );
  }
  const target = plan.toProjectId;
  await tx.update(articles).set({ projectId: target }).where(inArray(articles.id, ids));
  await tx.update(claims).set({ projectId: target }).where(inArray(claims.articleId, ids));
  await tx.update(assignments).set({ projectId: target }).where(inArray(assignments.articleId, ids));
  await tx.update(sentenceDecisions).set({ projectId: target }).where(inArray(sentenceDecisions.articleId, ids));
  await tx.update(sentenceExclusions).set({ projectId: target }).where(inArray(sentenceExclusions.articleId, ids));
  // The history goes with the work, so a claim's history still starts at its creation (history is read per project).
  await tx.execute(sql`
    update ${events} set project_id = ${target}
    where project_id = ${plan.fromProjectId} and (
      (entity_type = 'article' and entity_id = any(${`{${ids.join(",")}}`}::text[]))
      or (entity_type = 'assignment' and left(entity_id, 36) = any(${`{${ids.join(",")}}`}::text[]))
      or (entity_type = 'claim' and entity_id in (select id::text from ${claims} where article_id = any(${idArray(ids)})))
      or (entity_type = 'sentence' and left(entity_id, 36) = any(${`{${ids.join(",")}}`}::text[]))
    )`);
  const counts = await claimCounts(tx, ids);
  const moved: TransferredArticle[] = [];
  for (const article of plan.articles) {
    await recordEvent(
      tx,
      articleChange({ id: article.id, projectId: target }, actor.id, "article.moved", {
        after: { title: article.title, movedFrom: { projectId: plan.fromProjectId } },
      }),
    );
    moved.push({ fromId: article.id, toId: article.id, title: article.title, claimCount: counts.get(article.id) ?? 0, claimsLeftCount: 0 });
  }
  return moved;
}

async function claimCounts(tx: Tx, articleIds: readonly string[]): Promise<Map<string, number>> {
  const rows = await tx
    .select({ articleId: claims.articleId, n: sql<number>`count(*)::int` })
    .from(claims)
    .where(and(inArray(claims.articleId, [...articleIds]), sql`${claims.deletedAt} is null`))
    .groupBy(claims.articleId);
  return new Map(rows.map((r) => [r.articleId, r.n]));
}

async function copyArticles(tx: Tx, actor: Actor, plan: Plan & { withClaims: boolean }): Promise<TransferredArticle[]> {
  const authors = plan.withClaims ? [...plan.annotating] : [];
  const authorArray = sql`${`{${authors.map((a) => `"${a.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(",")}}`}::text[]`;
  const copied: TransferredArticle[] = [];
  for (const article of plan.articles) {
    const newId = crypto.randomUUID();
    // The article, its sentences and excluded sentences, then the claims (new ids, drafts) with their sources and the
    // authors' marks: one statement per article, so a copy of hundreds is as many round trips, not thousands.
    const [row] = rowsOf<{ copied: number; left: number }>(
      await tx.execute(sql`
        with new_article as (
          insert into ${articles} ("id", "project_id", "title", "text", "language", "source_url", "publisher", "published_at",
                                   "content_hash", "origin_file", "sentence_count", "created_by")
          select ${newId}::uuid, ${plan.toProjectId}::uuid, title, text, language, source_url, publisher, published_at,
                 content_hash, origin_file, sentence_count, ${actor.id}
          from ${articles} where id = ${article.id}
          returning id
        ),
        new_sentences as (
          insert into ${sentences} ("article_id", "index", "start", "end")
          select (select id from new_article), s.index, s.start, s."end" from ${sentences} s where s.article_id = ${article.id}
          returning 1
        ),
        old_claims as (
          select c.*, gen_random_uuid() as new_id from ${claims} c
          -- Claims on the current text only: a copy starts from that text, so a claim still waiting on an earlier
          -- revision has nothing to count on there and stays behind (counted as left, as gold claims are).
          where c.article_id = ${article.id} and ${claimIsPlaced("c")} and not c.is_gold and c.author_id = any(${authorArray})
        ),
        new_claims as (
          insert into ${claims} ("id", "article_id", "project_id", "author_id", "start", "end", "exact", "prefix", "suffix",
                                 "sentence_indexes", "claim_type", "check_worthiness", "speaker", "normalized_claim", "verdict",
                                 "rationale", "tags", "language", "status")
          select new_id, (select id from new_article), ${plan.toProjectId}::uuid, author_id, start, "end", exact, prefix, suffix,
                 sentence_indexes, claim_type, check_worthiness, speaker, normalized_claim, verdict, rationale, tags, language, 'draft'
          from old_claims
          returning id
        ),
        copied_sources as (
          insert into ${sources} ("id", "claim_id", "position", "url", "title", "publisher", "stance", "excerpt", "accessed_on", "archive_url")
          select gen_random_uuid(), o.new_id, s.position, s.url, s.title, s.publisher, s.stance, s.excerpt, s.accessed_on, s.archive_url
          from ${sources} s join old_claims o on o.id = s.claim_id
          where exists (select 1 from new_claims n where n.id = o.new_id)
          returning 1
        )
        select (select count(*) from new_claims)::int as copied,
               (select count(*) from ${claims} c where c.article_id = ${article.id} and c.deleted_at is null)::int
                 - (select count(*) from new_claims)::int as left,
               (select count(*) from new_sentences) as sentences, (select count(*) from copied_sources) as sources`),
    );
    // Sentences and exclusions need the new article's sentences to exist (composite foreign keys): a statement of their own.
    await tx.execute(sql`
      insert into ${sentenceExclusions} ("article_id", "project_id", "sentence_index", "reason", "created_by")
      select ${newId}::uuid, ${plan.toProjectId}::uuid, sentence_index, reason, created_by from ${sentenceExclusions} where article_id = ${article.id}`);
    if (authors.length) {
      await tx.execute(sql`
        insert into ${sentenceDecisions} ("article_id", "project_id", "sentence_index", "author_id", "decision")
        select ${newId}::uuid, ${plan.toProjectId}::uuid, sentence_index, author_id, decision from ${sentenceDecisions}
        where article_id = ${article.id} and author_id = any(${authorArray})`);
    }
    const claimCount = row?.copied ?? 0;
    await recordEvent(
      tx,
      articleChange({ id: newId, projectId: plan.toProjectId }, actor.id, "article.copied", {
        after: { title: article.title, copiedFrom: { projectId: plan.fromProjectId, articleId: article.id }, claims: claimCount },
      }),
    );
    copied.push({ fromId: article.id, toId: newId, title: article.title, claimCount, claimsLeftCount: row?.left ?? 0 });
  }
  return copied;
}
