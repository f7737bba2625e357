import "server-only";
import crypto from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import {
  articleRevisions,
  articles,
  assignments,
  type ClaimReanchor,
  claims,
  events,
  type ProjectRole,
  projectMembers,
  type ReviewStatus,
  sentenceDecisions,
  sentenceExclusions,
  sentences,
  sources,
  users,
} from "@/db/schema";
import { anchorTarget, makeTarget, verifyTarget, withContextAtMost } from "@/lib/anchoring";
import { contentHash } from "@/lib/content-hash";
import {
  type ExportArticle,
  type ExportClaim,
  type ExportSentenceDecision,
  type ExportSentenceExclusion,
  IMPORT_FORMATS,
  type ImportError,
  type ImportFormat,
  jsonl,
  w3c,
} from "@/lib/export";
import { isUuid } from "@/lib/ids";
import { createOffsetIndex } from "@/lib/offsets";
import { nameProblem } from "@/lib/password-policy";
import { isPlacing, reanchorClaims } from "@/lib/reanchor";
import { segmentSentences } from "@/lib/segmentation";
import { type ClaimTarget, MAX_QUOTE_CONTEXT } from "@/lib/value-schemas";
import { type Actor, type ProjectAction, requireProjectRole, roleCan } from "./authz";
import { claimIsPlaced, insertSources, recordValues, sentenceIndexesSql, targetColumns } from "./claim-rows";
import { AppError } from "./errors";
import { recordEvent } from "./events";
import type { TransferProject } from "./export";
import { assertOpenForWork } from "./open-for-work";
import { waitingRecord } from "./revisions";
import { clearCoveredNoClaims } from "./sentence-decisions";
import { listProjects } from "./team/projects";

/**
 * Imports of exported data. Each import is one transaction: all or nothing,
 * unless the caller asks to skip invalid lines — then the valid ones land and
 * every skipped line is reported (line number, field, message), never dropped
 * silently. Importing the same file twice changes nothing.
 *
 * What an import may never do, whoever runs it (README "What a restore
 * keeps"): attribute work to an account that has no part in the target
 * project, set a status or gold flag the importer's role could not set, or
 * tell the importer anything about another project — an id of another
 * project is treated like any id the importer cannot see.
 */

export type ImportSummary = {
  articles: { created: number; existing: number };
  claims: { created: number; existing: number };
  /** JSONL only: "no claim here" decisions and "not annotatable" marks restored (absent where a format has none). */
  sentenceDecisions?: { created: number; existing: number };
  sentenceExclusions?: { created: number; existing: number };
  skipped: ImportError[];
  /**
   * Records stored otherwise than the file says, each named by line and
   * field: an article mapped to the same text already in the project, an id
   * already in use, a claim attributed to the importer instead of its author.
   * Nothing is changed silently. Optional only for callers that build a
   * summary of their own (the articles import); the importers here always set it.
   */
  notes?: ImportError[];
};

const MAX_REPORTED_ERRORS = 50;

/**
 * The role each import format needs: restoring a JSONL export writes others'
 * work, statuses and gold (a project admin's action), W3C annotations become
 * the importer's own drafts, and articles are added for the whole project.
 * The importers check it inside their transaction.
 */
export const IMPORT_FORMAT_ACTIONS = {
  jsonl: "manage_members",
  w3c: "annotate",
  articles: "import_articles",
} as const satisfies Record<ImportFormat, ProjectAction>;

/** A project the actor may import into, with the formats their role there allows (in IMPORT_FORMATS order). */
export type ImportProject = TransferProject & { formats: ImportFormat[] };

/**
 * The projects the actor may import into, by name: those where their role
 * allows at least one format (server/authz.ts), each with those formats.
 * The Import page offers these and nothing else; the import checks again.
 */
export async function listImportProjects(db: Db, actor: Actor): Promise<ImportProject[]> {
  return (await listProjects(db, actor)).flatMap(({ id, name, role }) => {
    const formats = IMPORT_FORMATS.filter((format) => roleCan(role, IMPORT_FORMAT_ACTIONS[format]));
    return formats.length ? [{ id, name, formats }] : [];
  });
}

function failWith(errors: ImportError[]): never {
  const shown = errors.slice(0, 10).map((e) => `line ${e.line}${e.field ? ` (${e.field})` : ""}: ${e.message}`);
  throw new AppError(
    "unprocessable:import",
    `Nothing was imported: ${errors.length} invalid line${errors.length === 1 ? "" : "s"}. ${shown.join(" · ")}${errors.length > 10 ? " · …" : ""}`,
    { detail: { errors: errors.slice(0, MAX_REPORTED_ERRORS) } },
  );
}

/** Notes as reported: at most MAX_REPORTED_ERRORS, then one line saying how many more there were. */
function reportedNotes(notes: ImportError[]): ImportError[] {
  if (notes.length <= MAX_REPORTED_ERRORS) return notes;
  const more = notes.length - MAX_REPORTED_ERRORS;
  return [...notes.slice(0, MAX_REPORTED_ERRORS), { line: -1, field: "", message: `… and ${more} more like these` }];
}

/**
 * What a JSONL restore keeps of a record, by the importer's role: the status
 * only for someone who may review, the gold flag only for someone who may
 * adjudicate, others' authorship only for someone who manages the project's
 * members. A restore is a project admin's action today (all three hold), so
 * these are the limits should that ever widen; exported for its test.
 */
export function restorePermissions(role: ProjectRole): { keepsStatus: boolean; keepsGold: boolean; keepsAuthors: boolean } {
  return { keepsStatus: roleCan(role, "review"), keepsGold: roleCan(role, "adjudicate"), keepsAuthors: roleCan(role, "manage_members") };
}

/**
 * Ids an import may store a record under, in order of preference. A record
 * exported from the target project itself keeps its id when that is free;
 * a record of another project (a copy) always gets ids derived from the
 * target project and the file's id — whether or not the file's id exists
 * anywhere, so a copy reveals nothing about other projects, and importing
 * the copy again derives the same ids (nothing changes). Later candidates
 * only matter when an earlier one is taken outside the project.
 */
function candidateIds(projectId: string, kind: "article" | "claim" | "source", id: string, keepsOwnId: boolean): string[] {
  const derived = [0, 1, 2].map((attempt) => uuidFromName(`claimwork-import:${projectId}:${kind}:${id}${attempt ? `:${attempt}` : ""}`));
  // Postgres writes UUIDs in lower case: a file's own id is compared, and kept, as Postgres will store it.
  return keepsOwnId ? [id.toLowerCase(), ...derived] : derived;
}

/** The message for every id clash outside the project: the same words whatever holds the id, so a clash says nothing more. */
const inUse = (id: string, storedAs: string) => `${id} is already in use on this instance; stored as ${storedAs}`;

type Problem = { field: string; message: string } | null;

/** Everything one JSONL restore keeps between lines. */
type Restore = {
  tx: Tx;
  projectId: string;
  actor: Actor;
  permissions: ReturnType<typeof restorePermissions>;
  summary: ImportSummary;
  notes: ImportError[];
  /** The file's article ids → the article they were restored to (or found as), with its text. */
  articles: Map<string, { id: string; text: string }>;
  /** The file's article ids → the texts of the revisions the file carries for it, by number (a waiting claim's target counts on one). */
  revisions: Map<string, Map<number, string>>;
  /** The file's article ids of the articles this restore created (only they take the file's revisions). */
  createdArticles: Set<string>;
  /** The file's author ids → whose claims they become (the same id, or the importer's). */
  authors: Map<string, string>;
  /** Authors whose claims went to the importer: original id → name, claim count, first line. */
  reattributed: Map<string, { name: string; claims: number; line: number }>;
  /** Authors whose "no claim here" decisions were not restored (see restoreSentenceDecision): id → name, count, first line. */
  decisionsLeftOut: Map<string, { name: string; count: number; line: number }>;
  /** Exclusions restored without the name of who marked them: how many, first line. */
  exclusionsWithoutAuthor: { count: number; line: number };
  /** Articles named by sentence records but not restored from this file: the file's id → the project's article, or null. */
  namedArticles: Map<string, { id: string; text: string; revision: number } | null>;
  /** The file's claim ids → the id each claim has in the project (restored now, or found from an earlier import). */
  claims: Map<string, string>;
  /**
   * Gold claims restored now whose provenance names claims of the file: resolved once every line is read (a gold
   * claim may come before its sources, export order being text order), see restoreProvenance.
   */
  provenance: Array<{ id: string; articleId: string; derivedFrom: string[]; isOwnProject: boolean; line: number }>;
  sawForeignProject: boolean;
};

/**
 * Restore a lossless JSONL export into a project. Articles and claims keep
 * their ids, versions, statuses, gold flags and timestamps; their project
 * becomes the target project. What a restore does not keep, and why (each
 * reported as a note):
 * - an article whose text is already in the project is mapped to that
 *   article, with its claims (a fresh instance already holds the seed article);
 * - records exported from another project get ids derived from the target
 *   project (a copy), and an id in use elsewhere gets a derived one;
 * - a claim keeps its author when that account is a member of the project,
 *   or does not exist here at all (it is then recreated without a password:
 *   nobody can sign in as it; a later restore into the same project keeps
 *   it too). An account that is not a member is never made the author of
 *   anything in the project: such claims become the importer's, and each
 *   one's history names the original author.
 * Restoring others' work is a project admin's action.
 */
export async function importJsonl(
  db: Db,
  actor: Actor,
  options: { projectId: string; lines: AsyncIterable<string> | Iterable<string>; skipInvalid: boolean },
): Promise<ImportSummary> {
  return db.transaction(async (tx) => {
    const role = await requireProjectRole(tx, options.projectId, actor, "manage_members");
    const restore: Restore = {
      tx,
      projectId: options.projectId,
      actor,
      permissions: restorePermissions(role),
      summary: {
        articles: { created: 0, existing: 0 },
        claims: { created: 0, existing: 0 },
        sentenceDecisions: { created: 0, existing: 0 },
        sentenceExclusions: { created: 0, existing: 0 },
        skipped: [],
        notes: [],
      },
      notes: [],
      articles: new Map(),
      revisions: new Map(),
      createdArticles: new Set(),
      authors: new Map(),
      reattributed: new Map(),
      decisionsLeftOut: new Map(),
      exclusionsWithoutAuthor: { count: 0, line: 0 },
      namedArticles: new Map(),
      claims: new Map(),
      provenance: [],
      sawForeignProject: false,
    };
    const errors: ImportError[] = [];
    let lineNo = 0;
    let sawHeader = false;
    for await (const line of options.lines) {
      lineNo++;
      const parsed = jsonl.parseJsonlLine(line, lineNo);
      if (!parsed.ok) {
        errors.push(parsed.error);
        continue;
      }
      const record = parsed.record;
      if (!record) continue;
      if (!sawHeader) {
        sawHeader = true;
        if (record.type !== "header") {
          errors.push({ line: lineNo, field: "type", message: 'the first line must be the "header" record' });
          break; // not a Claimwork export: do not try to read the rest
        }
        continue;
      }
      if (record.type === "header") {
        errors.push({ line: lineNo, field: "type", message: "a second header record" });
      } else {
        const problem =
          record.type === "article"
            ? await restoreArticle(restore, record, lineNo)
            : record.type === "article_revision"
              ? await restoreArticleRevision(restore, record, lineNo)
              : record.type === "claim"
                ? await restoreClaim(restore, record, lineNo)
                : record.type === "sentence_decision"
                  ? await restoreSentenceDecision(restore, record, lineNo)
                  : await restoreSentenceExclusion(restore, record, lineNo);
        if (problem) errors.push({ line: lineNo, ...problem });
      }
    }
    if (!sawHeader && errors.length === 0) errors.push({ line: 1, field: "", message: "the file is empty" });
    if (errors.length && !options.skipInvalid) failWith(errors);
    await restoreProvenance(restore);
    for (const [authorId, { name, claims: count, line }] of restore.reattributed) {
      restore.notes.push({
        line,
        field: "authorId",
        message: `${name || "(no name)"} (${authorId}) has no part in this project: ${count} claim${count === 1 ? " is" : "s are"} attributed to you instead; each claim's history names the original author`,
      });
    }
    for (const [authorId, { name, count, line }] of restore.decisionsLeftOut) {
      restore.notes.push({
        line,
        field: "authorId",
        message: `${name || "(no name)"} (${authorId}) has no part in this project, or their claim now covers the sentence: ${count} "no claim here" decision${count === 1 ? " was" : "s were"} not restored (a decision is its author's own judgement, never made yours)`,
      });
    }
    if (restore.exclusionsWithoutAuthor.count > 0) {
      const { count, line } = restore.exclusionsWithoutAuthor;
      restore.notes.push({
        line,
        field: "authorId",
        message: `${count} "not annotatable" mark${count === 1 ? " was" : "s were"} made by accounts with no part in this project: restored without saying who marked them`,
      });
    }
    if (restore.sawForeignProject) {
      restore.notes.unshift({
        line: -1,
        field: "projectId",
        message:
          "the file was exported from another project: its articles, claims and sources were given ids of their own in this project (the same ids on every import of this file)",
      });
    }
    const summary = restore.summary;
    summary.skipped = errors;
    summary.notes = reportedNotes(restore.notes);
    await recordEvent(tx, {
      projectId: options.projectId,
      actorId: actor.id,
      entityType: "project",
      entityId: options.projectId,
      action: "import.jsonl",
      after: {
        articles: summary.articles,
        claims: summary.claims,
        sentenceDecisions: summary.sentenceDecisions,
        sentenceExclusions: summary.sentenceExclusions,
        skipped: errors.length,
        notes: restore.notes.length,
      },
    });
    return summary;
  });
}

async function restoreArticle(restore: Restore, record: ExportArticle, line: number): Promise<Problem> {
  const { tx, projectId } = restore;
  if (contentHash(record.text) !== record.contentHash) return { field: "contentHash", message: "does not match the sha256 of text" };
  const isOwnProject = record.projectId === projectId;
  if (!isOwnProject) restore.sawForeignProject = true;
  const candidates = candidateIds(projectId, "article", record.id, isOwnProject);
  const taken = await tx
    .select({ id: articles.id, projectId: articles.projectId, contentHash: articles.contentHash })
    .from(articles)
    .where(inArray(articles.id, candidates))
    .for("key share");
  const held = new Map(taken.map((row) => [row.id, row]));
  // Already restored here (by an earlier import of this file): the first of its ids that is in this project.
  const mine = candidates.map((id) => held.get(id)).find((row) => row?.projectId === projectId);
  if (mine) {
    if (mine.contentHash !== record.contentHash)
      return { field: "text", message: "an article with this id is in this project with a different text" };
    restore.articles.set(record.id, { id: mine.id, text: record.text });
    restore.summary.articles.existing++;
    return null;
  }
  // The same text under another id (e.g. the seed article every fresh instance holds): restore onto it.
  const [sameText] = await tx
    .select({ id: articles.id })
    .from(articles)
    .where(and(eq(articles.projectId, projectId), eq(articles.contentHash, record.contentHash)))
    .for("key share");
  if (sameText) {
    restore.articles.set(record.id, { id: sameText.id, text: record.text });
    restore.summary.articles.existing++;
    restore.notes.push({
      line,
      field: "id",
      message: `the same text is already in this project as article ${sameText.id}; this article's claims are restored onto it`,
    });
    return null;
  }
  const id = candidates.find((candidate) => !held.has(candidate));
  if (!id) return { field: "id", message: "no free id could be derived for this article" };
  if (isOwnProject && id !== record.id.toLowerCase()) restore.notes.push({ line, field: "id", message: inUse(record.id, id) });

  const spans = segmentSentences(record.text, record.language ?? undefined);
  const index = createOffsetIndex(record.text);
  await tx.insert(articles).values({
    id,
    projectId,
    title: record.title,
    text: record.text,
    language: record.language,
    sourceUrl: record.sourceUrl,
    publisher: record.publisher,
    publishedAt: record.publishedAt,
    contentHash: record.contentHash,
    originFile: record.originFile,
    sentenceCount: spans.length,
    createdBy: restore.actor.id,
    createdAt: new Date(record.createdAt),
  });
  const rows = spans.map((s) => ({ articleId: id, index: s.index, start: index.toCodePoint(s.start), end: index.toCodePoint(s.end) }));
  for (let i = 0; i < rows.length; i += 1000) await tx.insert(sentences).values(rows.slice(i, i + 1000));
  restore.articles.set(record.id, { id, text: record.text });
  restore.createdArticles.add(record.id);
  restore.summary.articles.created++;
  return null;
}

/**
 * One revision of an article the file restored just before (revision records follow their article):
 * kept as the article's revision of that number unless it has one already, and the article's current
 * revision number taken from the record whose text is the article's. Its text is remembered for the
 * claims that wait on it.
 */
async function restoreArticleRevision(restore: Restore, record: jsonl.JsonlArticleRevisionRecord, line: number): Promise<Problem> {
  const article = restore.articles.get(record.articleId);
  if (!article) return { field: "articleId", message: "no such article in this file before this revision (an article's revisions follow it)" };
  if (contentHash(record.text) !== record.contentHash) return { field: "contentHash", message: "does not match the sha256 of text" };
  const remember = () => {
    const texts = restore.revisions.get(record.articleId) ?? new Map<number, string>();
    texts.set(record.number, record.text);
    restore.revisions.set(record.articleId, texts);
  };
  if (!restore.createdArticles.has(record.articleId)) {
    // An article already in the project keeps its own history: the file's revision is only known (for its waiting
    // claims) when the project's revision of that number has the same text.
    const [own] = await restore.tx
      .select({ contentHash: articleRevisions.contentHash })
      .from(articleRevisions)
      .where(and(eq(articleRevisions.articleId, article.id), eq(articleRevisions.number, record.number)));
    if (own?.contentHash === record.contentHash) remember();
    else {
      restore.notes.push({
        line,
        field: "number",
        message: `the article is already in this project with a history of its own: the file's revision ${record.number} is not restored onto it, nor the claims waiting on it`,
      });
    }
    return null;
  }
  const [language] = await restore.tx.select({ language: articles.language }).from(articles).where(eq(articles.id, article.id));
  const index = createOffsetIndex(record.text);
  const bounds = segmentSentences(record.text, language?.language ?? undefined).map((s): [number, number] => [
    index.toCodePoint(s.start),
    index.toCodePoint(s.end),
  ]);
  await restore.tx
    .insert(articleRevisions)
    .values({
      articleId: article.id,
      number: record.number,
      text: record.text,
      contentHash: record.contentHash,
      sentences: bounds,
      sourceUrl: record.sourceUrl,
      publishedAt: record.publishedAt,
      createdBy: restore.actor.id,
      createdAt: new Date(record.createdAt),
    })
    .onConflictDoNothing();
  if (record.text === article.text) {
    await restore.tx
      .update(articles)
      .set({ revision: sql`greatest(${articles.revision}, ${record.number}::int)` })
      .where(eq(articles.id, article.id));
  }
  remember();
  return null;
}

/**
 * The article a claim of the file belongs to: one restored from this file,
 * or one already in the project under an id this file's article would get.
 * Anything else — another project's article or an id that exists nowhere —
 * gets the same answer.
 */
async function claimArticle(restore: Restore, record: ExportClaim): Promise<{ id: string; text: string } | null> {
  const restored = restore.articles.get(record.articleId);
  if (restored) return restored;
  const candidates = candidateIds(restore.projectId, "article", record.articleId, record.projectId === restore.projectId);
  const rows = await restore.tx
    .select({ id: articles.id, text: articles.text })
    .from(articles)
    .where(and(inArray(articles.id, candidates), eq(articles.projectId, restore.projectId)))
    .for("key share");
  const found = candidates.map((id) => rows.find((row) => row.id === id)).find((row) => row !== undefined);
  if (!found) return null;
  restore.articles.set(record.articleId, found);
  return found;
}

/**
 * Whose claim a record becomes (see importJsonl): its author when that
 * account is the importer or a member of the project, or does not exist
 * (then recreated as a placeholder without a password), or is such a
 * placeholder already authoring claims in this project; otherwise the importer.
 */
async function claimAuthor(restore: Restore, record: Pick<ExportClaim, "authorId" | "authorName">): Promise<string> {
  const cached = restore.authors.get(record.authorId);
  if (cached !== undefined) return cached;
  const resolved = await resolveAuthor(restore, record.authorId, record.authorName);
  restore.authors.set(record.authorId, resolved);
  return resolved;
}

/** The address of every author a restore recreated (`.invalid` can never receive mail or be signed up with by accident). */
const PLACEHOLDER_EMAIL_DOMAIN = "@imported.claimwork.invalid";

async function resolveAuthor(restore: Restore, authorId: string, authorName: string): Promise<string> {
  const { tx, projectId, actor } = restore;
  if (authorId === actor.id) return authorId;
  if (!restore.permissions.keepsAuthors) return actor.id;
  const [member] = await tx
    .select({ userId: projectMembers.userId })
    .from(projectMembers)
    .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, authorId)))
    .limit(1);
  if (member) return authorId;
  const [account] = await tx
    // Written out with table names: in a single-table select Drizzle leaves columns unqualified, and
    // "user_id" = "id" inside the subquery would compare an accounts row with itself.
    .select({ email: users.email, canSignIn: sql<boolean>`exists (select 1 from "accounts" a where a."user_id" = "users"."id")` })
    .from(users)
    .where(eq(users.id, authorId))
    .limit(1);
  if (account) {
    // A real account that is not a member (a stranger, a member of another project, a former member) is never
    // made the author of anything here. An author an earlier restore recreated (its address ours, no way to
    // sign in) keeps their work only where it already is: in a project whose claims they author.
    if (account.canSignIn || !account.email.endsWith(PLACEHOLDER_EMAIL_DOMAIN)) return actor.id;
    const [authored] = await tx
      .select({ id: claims.id })
      .from(claims)
      .where(and(eq(claims.projectId, projectId), eq(claims.authorId, authorId)))
      .limit(1);
    return authored ? authorId : actor.id;
  }
  const [created] = await tx
    .insert(users)
    // The account rule for names holds for recreated authors too (a file can say anything).
    .values({
      id: authorId,
      name: nameProblem(authorName) ? "Imported author" : authorName.trim(),
      email: `${authorId.toLowerCase()}${PLACEHOLDER_EMAIL_DOMAIN}`,
    })
    .onConflictDoNothing()
    .returning({ id: users.id });
  // Nothing inserted: the placeholder's address is somebody's already. Never borrow that account.
  return created ? authorId : actor.id;
}

/**
 * What re-anchoring proposes for a waiting claim on the article's current text: derived from the two
 * texts, so the file carries only the claim's state and revision (lib/reanchor.ts is deterministic).
 */
async function proposalsFor(
  restore: Restore,
  article: { id: string; text: string },
  target: ClaimTarget,
  revisionText: string,
): Promise<ClaimReanchor> {
  const [current] = await restore.tx.select({ revision: articles.revision }).from(articles).where(eq(articles.id, article.id));
  const toRevision = current?.revision ?? 1;
  const [outcome = { id: "claim", outcome: "orphaned" }] = reanchorClaims(revisionText, article.text, [{ id: "claim", ...target }]);
  // Placed by itself now (the file's texts differ from when it waited): still a person's to confirm, as it came.
  if (isPlacing(outcome)) return { toRevision, reason: "context_changed", proposals: [{ ...outcome.target, score: 1 }] };
  return waitingRecord(outcome, toRevision);
}

async function restoreClaim(restore: Restore, record: ExportClaim, line: number): Promise<Problem> {
  const { tx, projectId, actor, permissions, notes } = restore;
  const article = await claimArticle(restore, record);
  if (!article) return { field: "articleId", message: "no such article in this project (articles must come before their claims)" };
  // The same check a save makes (lib/anchoring's verifyTarget), so nothing is stored that a save would refuse.
  // Context longer than Claimwork keeps is cut to the part nearest the quote first, and the cut is noted.
  const { target, isCut } = withContextAtMost(record.target);
  // A waiting claim's target counts on the revision it waits on, which the file carries before it.
  const isWaiting = record.anchorState !== "placed";
  const targetText = isWaiting ? restore.revisions.get(record.articleId)?.get(record.anchorRevision ?? 0) : article.text;
  if (targetText === undefined) {
    return { field: "anchorRevision", message: `the file carries no revision ${record.anchorRevision} of this claim's article before it` };
  }
  const verdict = verifyTarget(targetText, target);
  if (!verdict.ok) return { field: verdict.field, message: verdict.reason };
  const sourceIds = record.sources.map((s) => s.id.toLowerCase());
  if (new Set(sourceIds).size !== sourceIds.length) return { field: "sources", message: "source ids must be unique within a claim" };

  const isOwnProject = record.projectId === projectId;
  if (!isOwnProject) restore.sawForeignProject = true;
  const candidates = candidateIds(projectId, "claim", record.id, isOwnProject);
  const taken = await tx.select({ id: claims.id, projectId: claims.projectId }).from(claims).where(inArray(claims.id, candidates));
  const held = new Map(taken.map((row) => [row.id, row.projectId]));
  const existing = candidates.find((id) => held.get(id) === projectId);
  if (existing) {
    restore.claims.set(record.id.toLowerCase(), existing);
    restore.summary.claims.existing++;
    return null;
  }
  const id = candidates.find((candidate) => !held.has(candidate));
  if (!id) return { field: "id", message: "no free id could be derived for this claim" };
  if (isOwnProject && id !== record.id.toLowerCase()) notes.push({ line, field: "id", message: inUse(record.id, id) });
  restore.claims.set(record.id.toLowerCase(), id);

  const authorId = await claimAuthor(restore, record);
  if (authorId !== record.authorId) {
    const seen = restore.reattributed.get(record.authorId);
    if (seen) seen.claims++;
    else restore.reattributed.set(record.authorId, { name: record.authorName, claims: 1, line });
  }
  const status: ReviewStatus = permissions.keepsStatus ? record.status : "draft";
  const isGold = permissions.keepsGold && record.isGold;
  if (status !== record.status) notes.push({ line, field: "status", message: `restored as draft: your role may not set "${record.status}"` });
  if (isGold !== record.isGold) notes.push({ line, field: "isGold", message: "restored as not gold: your role may not adjudicate" });
  // Provenance is adjudication's record, so it goes with the gold flag; its ids are resolved once all claims are read.
  if (isGold && record.derivedFrom.length > 0) {
    restore.provenance.push({ id, articleId: article.id, derivedFrom: record.derivedFrom, isOwnProject, line });
  }
  if (isCut)
    notes.push({
      line,
      field: "target",
      message: `context cut to the ${MAX_QUOTE_CONTEXT} characters nearest the quote on each side, as Claimwork keeps it`,
    });

  const [inserted] = await tx
    .insert(claims)
    .values({
      ...recordValues({ ...record, target }),
      // From the sentences stored for the article, not the file's: an article restored or matched here may have been
      // segmented by other rules than the export's (segmentation improves between versions), and the file's indexes
      // would then name the wrong sentences.
      sentenceIndexes: isWaiting ? [] : sentenceIndexesSql(article.id, target.start, target.end),
      id,
      articleId: article.id,
      projectId,
      authorId,
      status,
      isGold,
      ...(isWaiting && {
        anchorState: record.anchorState,
        anchorRevision: record.anchorRevision,
        reanchor: await proposalsFor(restore, article, target, targetText),
      }),
    })
    .returning({ sentenceIndexes: claims.sentenceIndexes });
  // A live claim takes its author's own "no claim here" off the sentences it covers, as a save does (server/claims.ts):
  // a restore never leaves a sentence saying both (restoreSentenceDecision leaves such a decision out for the same reason).
  if (record.deletedAt === null && !isWaiting) {
    await clearCoveredNoClaims(tx, { projectId, articleId: article.id, authorId, actorId: actor.id }, inserted?.sentenceIndexes ?? []);
  }
  if (authorId !== record.authorId) {
    // The claim's own history keeps who wrote it. No notice per claim: the import's own event announces the import.
    await tx.insert(events).values({
      projectId,
      actorId: actor.id,
      entityType: "claim",
      entityId: id,
      action: "claim.imported",
      after: { originalAuthor: { id: record.authorId, name: record.authorName }, attributedTo: actor.id },
    });
  }
  await restoreSources(restore, record, id, line);
  restore.summary.claims.created++;
  return null;
}

/**
 * Each gold claim restored now gets its provenance (`derivedFrom`) in the
 * project's ids: a source claim of the file is named by the id it was
 * restored under (or found under, from an earlier import of the file); one
 * the file does not hold, by the id this file's claim would have in the
 * project, when such a claim is there. A source must be a claim of the
 * project on the gold claim's article, as adjudication requires. Any other
 * id — a claim a gold-only export left out, another project's, none at all —
 * is left out of the list, never stored as a pointer into what the project
 * does not hold, and the notes say how many.
 */
async function restoreProvenance(restore: Restore): Promise<void> {
  const { tx, projectId } = restore;
  let leftOut = 0;
  let goldClaims = 0;
  let firstLine = 0;
  for (const gold of restore.provenance) {
    const wanted = gold.derivedFrom.map((fileId) => {
      const restored = restore.claims.get(fileId.toLowerCase());
      return restored ? [restored] : candidateIds(projectId, "claim", fileId, gold.isOwnProject);
    });
    const ids = [...new Set(wanted.flat())];
    const found = new Set(
      (
        await tx
          .select({ id: claims.id })
          .from(claims)
          .where(and(inArray(claims.id, ids), eq(claims.projectId, projectId), eq(claims.articleId, gold.articleId)))
      ).map((row) => row.id),
    );
    const derivedFrom: string[] = [];
    for (const candidates of wanted) {
      const id = candidates.find((candidate) => found.has(candidate));
      if (id && !derivedFrom.includes(id)) derivedFrom.push(id);
    }
    if (derivedFrom.length < gold.derivedFrom.length) {
      leftOut += gold.derivedFrom.length - derivedFrom.length;
      if (goldClaims++ === 0) firstLine = gold.line;
    }
    if (derivedFrom.length) {
      await tx
        .update(claims)
        .set({ derivedFrom: sql`${`{${derivedFrom.join(",")}}`}::uuid[]` })
        .where(eq(claims.id, gold.id));
    }
  }
  if (leftOut > 0) {
    restore.notes.push({
      line: firstLine,
      field: "derivedFrom",
      message: `${leftOut} of the claims ${goldClaims} gold claim${goldClaims === 1 ? " was" : "s were"} adjudicated from ${leftOut === 1 ? "is" : "are"} neither in this file nor on the article in this project (a gold-only export leaves them out): ${leftOut === 1 ? "it is" : "they are"} left out of the provenance`,
    });
  }
}

/**
 * The article a sentence record names: one restored from this file, else the
 * project's article under that id (or the id a copy of this file gave it).
 * Any other id — another project's, or none at all — gets the same answer.
 */
async function sentenceArticle(restore: Restore, articleId: string): Promise<{ id: string; text: string } | null> {
  return restore.articles.get(articleId) ?? (await projectArticle(restore.tx, restore.projectId, articleId, restore.namedArticles));
}

/** The article's stored sentence at `index`, or the problem naming `sentenceIndex`. */
async function sentenceProblem(tx: Tx, articleId: string, index: number): Promise<Problem> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int`, has: sql<boolean>`bool_or(${sentences.index} = ${index}::int)` })
    .from(sentences)
    .where(eq(sentences.articleId, articleId));
  if (row?.has) return null;
  return { field: "sentenceIndex", message: `the article has no sentence ${index} (its sentences are numbered 0 to ${Number(row?.n ?? 0) - 1})` };
}

/**
 * A person's "no claim here", restored under its author (the same rules as
 * for a claim's author) with its times; a second import finds it and changes
 * nothing. It is the author's own judgement, so it is never made the
 * importer's: a decision whose author would not be kept, or whose sentence
 * that author's live claim now covers (a save would refuse it), is left out
 * and noted. Sentences are named by index, so the article's stored sentences
 * (segmented on this instance) decide which sentence it is.
 */
async function restoreSentenceDecision(restore: Restore, record: ExportSentenceDecision, line: number): Promise<Problem> {
  const { tx, projectId } = restore;
  const article = await sentenceArticle(restore, record.articleId);
  if (!article) return { field: "articleId", message: "no such article in this project (articles must come before their sentence records)" };
  const problem = await sentenceProblem(tx, article.id, record.sentenceIndex);
  if (problem) return problem;
  const authorId = await claimAuthor(restore, record);
  const [covering] =
    authorId === record.authorId
      ? await tx
          .select({ id: claims.id })
          .from(claims)
          .where(
            and(
              eq(claims.articleId, article.id),
              eq(claims.authorId, authorId),
              claimIsPlaced(),
              sql`${record.sentenceIndex}::int = any(${claims.sentenceIndexes})`,
            ),
          )
          .limit(1)
      : [];
  if (authorId !== record.authorId || covering) {
    const seen = restore.decisionsLeftOut.get(record.authorId);
    if (seen) seen.count++;
    else restore.decisionsLeftOut.set(record.authorId, { name: record.authorName, count: 1, line });
    return null;
  }
  const inserted = await tx
    .insert(sentenceDecisions)
    .values({
      articleId: article.id,
      projectId,
      sentenceIndex: record.sentenceIndex,
      authorId,
      decision: record.decision,
      createdAt: new Date(record.createdAt),
      updatedAt: new Date(record.updatedAt),
    })
    .onConflictDoNothing()
    .returning({ articleId: sentenceDecisions.articleId });
  restore.summary.sentenceDecisions![inserted.length ? "created" : "existing"]++;
  return null;
}

/**
 * A sentence marked not annotatable, restored with its reason and times. Who
 * marked it is kept when that account is the importer or a member of the
 * project; otherwise the mark is restored without a name (noted): a file
 * cannot name an outsider as having decided anything here.
 */
async function restoreSentenceExclusion(restore: Restore, record: ExportSentenceExclusion, line: number): Promise<Problem> {
  const { tx, projectId, actor } = restore;
  const article = await sentenceArticle(restore, record.articleId);
  if (!article) return { field: "articleId", message: "no such article in this project (articles must come before their sentence records)" };
  const problem = await sentenceProblem(tx, article.id, record.sentenceIndex);
  if (problem) return problem;
  let createdBy: string | null = null;
  if (record.authorId !== null) {
    const [member] =
      record.authorId === actor.id
        ? [{ userId: actor.id }]
        : await tx
            .select({ userId: projectMembers.userId })
            .from(projectMembers)
            .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, record.authorId)))
            .limit(1);
    createdBy = member?.userId ?? null;
  }
  const inserted = await tx
    .insert(sentenceExclusions)
    .values({
      articleId: article.id,
      projectId,
      sentenceIndex: record.sentenceIndex,
      reason: record.reason,
      createdBy,
      createdAt: new Date(record.createdAt),
      updatedAt: new Date(record.updatedAt),
    })
    .onConflictDoNothing()
    .returning({ articleId: sentenceExclusions.articleId });
  restore.summary.sentenceExclusions![inserted.length ? "created" : "existing"]++;
  if (inserted.length && record.authorId !== null && createdBy === null) {
    if (restore.exclusionsWithoutAuthor.count === 0) restore.exclusionsWithoutAuthor.line = line;
    restore.exclusionsWithoutAuthor.count++;
  }
  return null;
}

/**
 * A restored claim's sources, in their order, under the file's ids when the
 * file is the project's own (and under derived ids in a copy, like its
 * articles and claims). A source id already used by any other claim — in
 * this project or not, the same words either way — is never re-pointed: that
 * source gets a derived id, and a note says so.
 */
async function restoreSources(restore: Restore, record: ExportClaim, claimId: string, line: number): Promise<void> {
  if (record.sources.length === 0) return;
  const keepsOwnIds = record.projectId === restore.projectId;
  const candidates = record.sources.map((s) => candidateIds(restore.projectId, "source", s.id, keepsOwnIds));
  const rows = record.sources.map((s, position) => ({ ...s, id: candidates[position]![0]! }));
  const stored = await insertSources(restore.tx, claimId, rows);
  if (stored.size === rows.length) return;
  // Each clashing source is written alone under its next candidate id, at its own position: the positions of the
  // rest are not renumbered, so the order survives. (insertSources numbers from 0, hence one row per call with its
  // position restored right after.)
  for (const [position, row] of rows.entries()) {
    if (stored.has(row.id)) continue;
    let storedAs: string | null = null;
    for (const id of candidates[position]!.slice(1)) {
      const again = await insertSources(restore.tx, claimId, [{ ...row, id }]);
      if (again.has(id)) {
        await restore.tx.update(sources).set({ position }).where(eq(sources.id, id));
        storedAs = id;
        break;
      }
    }
    if (!storedAs) throw new AppError("conflict:source", `No free id could be derived for source ${position + 1} of line ${line}.`);
    if (keepsOwnIds) restore.notes.push({ line, field: `sources[${position}].id`, message: inUse(row.id, storedAs) });
  }
}

/** An article of the project by the id a W3C target names (or the id a JSONL copy gave it), else null — for any other id alike. */
type ProjectArticle = { id: string; text: string; revision: number };

async function projectArticle(
  tx: Tx,
  projectId: string,
  articleId: string,
  cache: Map<string, ProjectArticle | null>,
): Promise<ProjectArticle | null> {
  const cached = cache.get(articleId);
  if (cached !== undefined) return cached;
  let found: ProjectArticle | null = null;
  // Not a UUID: no article can have it, and the query must not fail on it.
  if (isUuid(articleId)) {
    const candidates = candidateIds(projectId, "article", articleId, true);
    const rows = await tx
      .select({ id: articles.id, text: articles.text, revision: articles.revision })
      .from(articles)
      .where(and(inArray(articles.id, candidates), eq(articles.projectId, projectId)))
      // Held to the end of the import: a new revision (server/revisions.ts) waits, so no claim lands on a replaced text.
      .for("key share");
    found = candidates.map((id) => rows.find((row) => row.id === id)).find((row) => row !== undefined) ?? null;
  }
  cache.set(articleId, found);
  return found;
}

/**
 * Import W3C Web Annotations: each annotation whose selectors anchor in an
 * article of the project becomes a draft claim of the importing user
 * (position first, verified by the quote; else the quote with its context).
 * An annotation whose id is one of the importer's own claims in the project
 * is that claim (nothing changes); any other annotation — one of another
 * person's claims, another project's, or another tool's — gets an id derived
 * from the project, the importer and the annotation id, so a second import of
 * the same file changes nothing and the answer never depends on what exists
 * elsewhere. Every annotation not imported is reported by item number.
 */
export async function importW3c(
  db: Db,
  actor: Actor,
  options: { projectId: string; json: string; baseUrl: string; skipInvalid: boolean },
): Promise<ImportSummary> {
  return db.transaction(async (tx) => {
    await requireProjectRole(tx, options.projectId, actor, "annotate");
    // Parsed only once the caller may import here: a large document costs nothing to someone who may not.
    const parsed = w3c.parseW3cAnnotations(options.json, { baseUrl: options.baseUrl });
    const notes: ImportError[] = [];
    const summary: ImportSummary = { articles: { created: 0, existing: 0 }, claims: { created: 0, existing: 0 }, skipped: [], notes };
    const errors: ImportError[] = [...parsed.errors];
    const found = new Map<string, ProjectArticle | null>();
    const frozenCache = new Map<string, string | null>();
    const revisionTexts = new Map<string, string | null>();
    for (const item of parsed.annotations) {
      const article = await projectArticle(tx, options.projectId, item.articleId, found);
      if (article === null) {
        errors.push({ line: item.index, field: "target.source", message: `no article ${item.articleId} in this project` });
        continue;
      }
      // The same freeze a save meets: no claims added to an article the importer has submitted, or one that is closed.
      const frozen = await frozenFor(tx, article.id, actor.id, frozenCache);
      if (frozen) {
        errors.push({ line: item.index, field: "target.source", message: frozen });
        continue;
      }
      // Selectors made on an earlier revision (the target's state names it) are anchored on that revision's text,
      // then re-anchored onto the current one as a new revision's claims are (server/revisions.ts).
      const onRevision = item.revision !== null && item.revision !== article.revision ? item.revision : null;
      let anchorText = article.text;
      if (onRevision !== null) {
        const key = `${article.id}:${onRevision}`;
        if (!revisionTexts.has(key)) {
          const [row] = await tx
            .select({ text: articleRevisions.text })
            .from(articleRevisions)
            .where(and(eq(articleRevisions.articleId, article.id), eq(articleRevisions.number, onRevision)));
          revisionTexts.set(key, row?.text ?? null);
        }
        const text = revisionTexts.get(key);
        if (!text) {
          errors.push({ line: item.index, field: "target.state", message: `the article has no revision ${onRevision}` });
          continue;
        }
        anchorText = text;
      }
      const index = createOffsetIndex(anchorText);
      let span: { start: number; end: number } | null = null;
      if (item.position && item.position.end <= index.codePointLength) {
        const exact = index.slice(item.position.start, item.position.end);
        if (!item.quote || item.quote.exact === exact) span = item.position;
      }
      if (!span && item.quote) {
        span = anchorTarget(index, { start: item.position?.start ?? 0, end: item.position?.end ?? 1, ...item.quote });
      }
      if (!span || span.end <= span.start) {
        errors.push({ line: item.index, field: "target.selector", message: "the selectors do not anchor in the article text" });
        continue;
      }
      const anchored = makeTarget(index, index.toUtf16(span.start), index.toUtf16(span.end));
      if (!verifyTarget(index, anchored).ok) {
        errors.push({ line: item.index, field: "target.selector", message: "the anchored text could not be verified" });
        continue;
      }
      const placement = onRevision === null ? { target: anchored, waiting: null } : placeOnCurrent(anchorText, article, onRevision, anchored);
      const { target } = placement;
      const key = item.annotationId ?? `${item.articleId}:${span.start}:${span.end}`;
      const derived = [0, 1, 2].map((attempt) =>
        uuidFromName(`claimwork-w3c:${options.projectId}:${actor.id}:${key}${attempt ? `:${attempt}` : ""}`),
      );
      const own = item.claimId && isUuid(item.claimId) ? [item.claimId] : [];
      const rows = await tx
        .select({ id: claims.id, projectId: claims.projectId, authorId: claims.authorId })
        .from(claims)
        .where(inArray(claims.id, [...own, ...derived]));
      const isMine = (id: string) => rows.some((row) => row.id === id && row.projectId === options.projectId && row.authorId === actor.id);
      if ([...own, ...derived].some(isMine)) {
        summary.claims.existing++;
        continue;
      }
      const claimId = derived.find((id) => !rows.some((row) => row.id === id));
      if (!claimId) {
        errors.push({ line: item.index, field: "id", message: "no free id could be derived for this annotation" });
        continue;
      }
      const [inserted] = await tx
        .insert(claims)
        .values({
          id: claimId,
          articleId: article.id,
          projectId: options.projectId,
          authorId: actor.id,
          ...(placement.waiting ? { ...target, sentenceIndexes: [], ...placement.waiting } : targetColumns(article.id, target)),
        })
        .returning({ sentenceIndexes: claims.sentenceIndexes });
      if (placement.waiting) {
        notes.push({
          line: item.index,
          field: "target.state",
          message: `made on revision ${onRevision}, and not found by itself on the current revision ${article.revision}: it waits in the article's re-anchoring queue`,
        });
      }
      // The importer's own "no claim here" under the new claim goes, as with a save (server/claims.ts).
      await clearCoveredNoClaims(tx, { projectId: options.projectId, articleId: article.id, authorId: actor.id }, inserted?.sentenceIndexes ?? []);
      summary.claims.created++;
    }
    if (parsed.annotations.length === 0 && errors.length === 0) errors.push({ line: -1, field: "", message: "no annotations found" });
    if (errors.length && !options.skipInvalid) failWith(errors);
    summary.skipped = errors;
    await recordEvent(tx, {
      projectId: options.projectId,
      actorId: actor.id,
      entityType: "project",
      entityId: options.projectId,
      action: "import.w3c",
      after: { claims: summary.claims, skipped: errors.length },
    });
    return summary;
  });
}

/**
 * A target anchored on an earlier revision's text, moved onto the article's current text by the rule a new
 * revision applies to claims (lib/reanchor.ts): kept or relocated, it is placed there; otherwise the claim
 * waits on that revision, with what re-anchoring proposes.
 */
function placeOnCurrent(
  revisionText: string,
  article: ProjectArticle,
  revision: number,
  target: ClaimTarget,
):
  | { target: ClaimTarget; waiting: null }
  | { target: ClaimTarget; waiting: { anchorState: "needs_confirmation" | "orphaned"; anchorRevision: number; reanchor: ClaimReanchor } } {
  const [outcome = { id: "annotation", outcome: "orphaned" }] = reanchorClaims(revisionText, article.text, [{ id: "annotation", ...target }]);
  if (isPlacing(outcome)) return { target: outcome.target, waiting: null };
  return { target, waiting: { anchorState: outcome.outcome, anchorRevision: revision, reanchor: waitingRecord(outcome, article.revision) } };
}

/**
 * Why the actor's work on an article is frozen (server/claims.ts assertOpenForWork), or null when it is open;
 * `cache` keeps the answer per article for the rest of one import (the interchange import asks it too).
 */
export async function frozenFor(tx: Tx, articleId: string, actorId: string, cache: Map<string, string | null>): Promise<string | null> {
  const cached = cache.get(articleId);
  if (cached !== undefined) return cached;
  const [row] = await tx
    .select({ closedAt: articles.closedAt, assignmentStatus: assignments.status })
    .from(articles)
    .leftJoin(assignments, and(eq(assignments.articleId, articles.id), eq(assignments.userId, actorId)))
    .where(eq(articles.id, articleId));
  let reason: string | null = null;
  try {
    assertOpenForWork({ closedAt: row?.closedAt ?? null, assignmentStatus: row?.assignmentStatus ?? null });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    reason = error.message;
  }
  cache.set(articleId, reason);
  return reason;
}

/** A stable UUID (version 5 layout) from a name, so re-imports map to the same record. */
export function uuidFromName(name: string): string {
  const hash = crypto.createHash("sha1").update(name).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
