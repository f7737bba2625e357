import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { type Db, rowsOf, type Tx } from "@/db/client";
import { articles, claims, projects, sentences } from "@/db/schema";
import { makeTarget, verifyTarget } from "@/lib/anchoring";
import { guessLanguage, type ParsedArticle, trimArticleBody } from "@/lib/article-text";
import { contentHash } from "@/lib/content-hash";
import {
  INTERCHANGE_FORMAT_INFO,
  INTERCHANGE_FORMATS,
  type InterchangeFile,
  type InterchangeFormat,
  type InterchangeReadOptions,
} from "@/lib/interchange/formats";
import { anchorHypothesisSpan } from "@/lib/interchange/hypothesis";
import {
  type AttributeSummary,
  type ImportPlan,
  type LabelMapping,
  type LabelSummary,
  type PlannedClaim,
  planImport,
  summarizeAttributes,
  summarizeLabels,
} from "@/lib/interchange/import-plan";
import type { InterchangeDocument, InterchangeParse, InterchangeProblem, OffsetUnit } from "@/lib/interchange/model";
import { codePointLength, createOffsetIndex } from "@/lib/offsets";
import { sentenceIndexesOf } from "@/lib/reanchor";
import { describeUnstorable, findUnstorableText } from "@/lib/storable-text";
import type { Taxonomy } from "@/lib/taxonomy";
import { ARTICLE_FILE_LIMIT, ARTICLE_FILE_LIMIT_LABEL, storeArticle } from "./articles";
import { type Actor, assertRoleCan, requireProjectRole, roleCan } from "./authz";
import { AppError } from "./errors";
import { recordEvent, recordEvents } from "./events";
import { frozenFor, uuidFromName } from "./import";
import { clearCoveredNoClaims } from "./sentence-decisions";

/**
 * Importing another tool's annotations (issue 15): a file read by its codec
 * (lib/interchange) into documents and labelled spans in code points; a
 * preview of what it holds (labels, attributes, documents and the articles
 * they match, problems) for the user to map its labels; then the import with
 * that mapping, in one transaction — articles made from the documents that
 * carry their text (an article already in the project with the same text is
 * reused, not duplicated), Hypothesis annotations placed in the article with
 * their page's URL, every span verified against the article text and
 * imported as a draft claim of the importer, and a report.
 */

// ── Input, as the route and the command line take it ──

const typeKey = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, "must be a claim type key: lower-case letters, digits, - and _, at most 64");

/** The user's choice per label of the file (lib/interchange/import-plan.ts). */
export const labelMappingSchema = z.record(
  z.string().max(500, "a label is at most 500 characters"),
  z.discriminatedUnion(
    "kind",
    [
      z.strictObject({ kind: z.literal("type"), key: typeKey }),
      z.strictObject({
        kind: z.literal("create"),
        key: typeKey,
        label: z.string().trim().min(1, "must not be empty").max(100, "at most 100 characters"),
      }),
      z.strictObject({ kind: z.literal("tag") }),
      z.strictObject({ kind: z.literal("skip") }),
    ],
    { error: 'must be {"kind":"type","key"}, {"kind":"create","key","label"}, {"kind":"tag"} or {"kind":"skip"}' },
  ),
);

/** The form fields of an interchange import besides its files: no `mapping` is a preview. */
export const interchangeFieldsSchema = z.strictObject({
  format: z.enum(INTERCHANGE_FORMATS, `must be one of ${INTERCHANGE_FORMATS.join(", ")}`),
  mapping: z
    .string()
    .transform((value, context) => {
      try {
        return JSON.parse(value) as unknown;
      } catch {
        context.addIssue({ code: "custom", message: "must be the label mapping as JSON" });
        return z.NEVER;
      }
    })
    .pipe(labelMappingSchema)
    .optional(),
  includePredictions: z.enum(["true", "false"], "must be true or false").optional(),
  offsetUnit: z.enum(["code_points", "utf16"], "must be code_points or utf16").optional(),
});

export function readOptionsOf(fields: z.infer<typeof interchangeFieldsSchema>): InterchangeReadOptions {
  return {
    ...(fields.includePredictions === "true" && { includePredictions: true }),
    ...(fields.offsetUnit && { offsetUnit: fields.offsetUnit }),
  };
}

export type DocumentPreview = {
  key: string;
  title: string | null;
  spans: number;
  /** The article of the project the document is (same text; for Hypothesis, the page's URL), or null: a new one. */
  article: { id: string; title: string } | null;
};

export type InterchangePreview = {
  format: InterchangeFormat;
  offsetUnit: OffsetUnit;
  labels: LabelSummary[];
  attributes: AttributeSummary[];
  documents: DocumentPreview[];
  problems: InterchangeProblem[];
  skipped: Record<string, number>;
  taxonomy: Pick<Taxonomy, "claimTypes">;
  /** Whether the importer may create claim types for unmatched labels (project admins). */
  canCreateTypes: boolean;
};

export type InterchangeReport = {
  articles: { created: number; existing: number };
  claims: { created: number; existing: number };
  createdTypes: Array<{ key: string; label: string }>;
  problems: InterchangeProblem[];
  skipped: Record<string, number>;
};

/** Leading blank lines and trailing whitespace, which every article's canonical text drops (lib/article-text.ts). */
function canonicalFrame(text: string): { text: string; shift: number } {
  const trimmed = trimArticleBody(text);
  return { text: trimmed.text, shift: codePointLength(trimmed.lead) };
}

function read(format: InterchangeFormat, files: readonly InterchangeFile[], options: InterchangeReadOptions): InterchangeParse {
  return INTERCHANGE_FORMAT_INFO[format].read(files, options);
}

/** The project's article for a document: by its text's hash, or, for a document without text (Hypothesis), by its page's URL. */
async function matchArticle(
  db: Db | Tx,
  projectId: string,
  document: InterchangeDocument,
): Promise<{ id: string; title: string; text: string } | null> {
  const select = { id: articles.id, title: articles.title, text: articles.text };
  if (document.text !== null) {
    const [row] = await db
      .select(select)
      .from(articles)
      .where(and(eq(articles.projectId, projectId), eq(articles.contentHash, contentHash(canonicalFrame(document.text).text))))
      // Held to the end of the import: a new revision waits, so no claim lands on a replaced text.
      .for("key share");
    return row ?? null;
  }
  if (!document.sourceUrl) return null;
  const [row] = await db
    .select(select)
    .from(articles)
    .where(and(eq(articles.projectId, projectId), eq(articles.sourceUrl, document.sourceUrl)))
    .orderBy(sql`${articles.createdAt} desc`)
    .limit(1)
    .for("key share");
  return row ?? null;
}

/** The project's taxonomy; `lock`: for an import that may add claim types to it (no concurrent edit is overwritten). */
async function projectTaxonomy(db: Db | Tx, projectId: string, options: { lock?: boolean } = {}): Promise<Taxonomy> {
  const query = db.select({ taxonomy: projects.taxonomy }).from(projects).where(eq(projects.id, projectId));
  const [row] = options.lock ? await query.for("update") : await query;
  if (!row) throw new AppError("not_found:project", "No such project.");
  return row.taxonomy;
}

/** What a file holds, without writing anything: for the user to map its labels before the import. */
export async function previewInterchange(
  db: Db,
  actor: Actor,
  options: { projectId: string; format: InterchangeFormat; files: readonly InterchangeFile[]; read?: InterchangeReadOptions },
): Promise<InterchangePreview> {
  const role = await requireProjectRole(db, options.projectId, actor, "import_articles");
  const parse = read(options.format, options.files, options.read ?? {});
  const taxonomy = await projectTaxonomy(db, options.projectId);
  const documents: DocumentPreview[] = [];
  for (const document of parse.documents) {
    const article = await matchArticle(db, options.projectId, document);
    documents.push({
      key: document.key,
      title: document.title ?? null,
      spans: document.spans.length,
      article: article ? { id: article.id, title: article.title } : null,
    });
  }
  return {
    format: options.format,
    offsetUnit: parse.offsetUnit,
    labels: summarizeLabels(parse),
    attributes: summarizeAttributes(parse),
    documents,
    problems: parse.problems,
    skipped: parse.skipped,
    taxonomy: { claimTypes: taxonomy.claimTypes },
    canCreateTypes: roleCan(role, "edit_taxonomy"),
  };
}

/**
 * Import a file with the user's label mapping. All or nothing for what is not
 * about a span (the right to import, a type the importer may not create);
 * every span that cannot be placed is a problem in the report, never dropped
 * or shifted silently. Re-importing the same file changes nothing.
 */
export async function importInterchange(
  db: Db,
  actor: Actor,
  options: { projectId: string; format: InterchangeFormat; files: readonly InterchangeFile[]; mapping: LabelMapping; read?: InterchangeReadOptions },
): Promise<InterchangeReport> {
  const parse = read(options.format, options.files, options.read ?? {});
  return db.transaction(async (tx) => {
    const role = await requireProjectRole(tx, options.projectId, actor, "import_articles");
    const taxonomy = await projectTaxonomy(tx, options.projectId, { lock: true });
    const plan: ImportPlan = planImport(parse, options.mapping, taxonomy);
    if (plan.createdTypes.length > 0) {
      assertRoleCan(role, "edit_taxonomy", "project");
      const next: Taxonomy = { ...taxonomy, claimTypes: [...taxonomy.claimTypes, ...plan.createdTypes] };
      await tx.update(projects).set({ taxonomy: next }).where(eq(projects.id, options.projectId));
      await recordEvent(tx, {
        projectId: options.projectId,
        actorId: actor.id,
        entityType: "project",
        entityId: options.projectId,
        action: "project.taxonomy_updated",
        before: taxonomy,
        after: next,
      });
    }
    const report: InterchangeReport = {
      articles: { created: 0, existing: 0 },
      claims: { created: 0, existing: 0 },
      createdTypes: plan.createdTypes,
      problems: [...parse.problems, ...plan.problems],
      skipped: { ...parse.skipped },
    };
    for (const [reason, n] of Object.entries(plan.skipped)) report.skipped[reason] = (report.skipped[reason] ?? 0) + n;
    const history: Array<Parameters<typeof recordEvents>[1][number]> = [];
    const frozenCache = new Map<string, string | null>();
    // planImport keeps the documents in the file's order: each document with its own plan, whatever its key.
    for (const [position, document] of parse.documents.entries()) {
      const wanted = plan.documents[position]?.claims ?? [];
      const unstorable = unstorableIn(document);
      if (unstorable) {
        report.problems.push({ ...document.at, message: unstorable });
        continue;
      }
      const article = await articleFor(tx, options.projectId, actor, document, report);
      if (!article) continue;
      const frozen = await frozenFor(tx, article.id, actor.id, frozenCache);
      if (frozen) {
        report.problems.push({ ...document.at, message: frozen });
        continue;
      }
      const index = createOffsetIndex(article.text);
      const bounds = (
        await tx
          .select({ start: sentences.start, end: sentences.end })
          .from(sentences)
          .where(eq(sentences.articleId, article.id))
          .orderBy(sentences.index)
      ).map((s): [number, number] => [s.start, s.end]);
      const rows: Array<Record<string, unknown>> = [];
      for (const [i, claim] of wanted.entries()) {
        const place = placeClaim(document, claim, article, report.problems);
        if (!place) continue;
        const target = makeTarget(index, index.toUtf16(place.start), index.toUtf16(place.end));
        if (!verifyTarget(index, target).ok) {
          report.problems.push({ ...claim.at, message: "the span could not be verified against the article text" });
          continue;
        }
        // From what the claim is, so the same file imported twice by the same person adds nothing the second time.
        const id = uuidFromName(
          `claimwork-interchange:${options.projectId}:${actor.id}:${article.id}:${options.format}:${document.key}:${i}:${place.start}:${place.end}`,
        );
        rows.push({
          id,
          ...target,
          si: sentenceIndexesOf(bounds, target.start, target.end),
          ct: claim.claimType,
          cw: claim.checkWorthiness,
          v: claim.verdict ?? "unverified",
          tags: claim.tags,
          r: claim.rationale,
        });
      }
      if (rows.length === 0) continue;
      const inserted = rowsOf<{ id: string }>(
        await tx.execute(sql`
          insert into ${claims} ("id", "article_id", "project_id", "author_id", "start", "end", "exact", "prefix", "suffix", "sentence_indexes",
                                 "claim_type", "check_worthiness", "verdict", "tags", "rationale")
          select r.id, ${article.id}::uuid, ${options.projectId}::uuid, ${actor.id}, r.start, r."end", r.exact, r.prefix, r.suffix,
                 array(select jsonb_array_elements_text(r.si)::int), r.ct, r.cw, r.v, array(select jsonb_array_elements_text(r.tags)), r.r
          from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
            as r(id uuid, start int, "end" int, exact text, prefix text, suffix text, si jsonb, ct text, cw int, v text, tags jsonb, r text)
          on conflict ("id") do nothing
          returning "id"`),
      );
      report.claims.created += inserted.length;
      report.claims.existing += rows.length - inserted.length;
      // The importer's own "no claim here" under a new claim goes, as with a save (server/claims.ts).
      const covered = [...new Set(rows.flatMap((row) => row.si as number[]))];
      if (inserted.length > 0) await clearCoveredNoClaims(tx, { projectId: options.projectId, articleId: article.id, authorId: actor.id }, covered);
      for (const row of inserted) {
        history.push({
          projectId: options.projectId,
          articleId: article.id,
          entityType: "claim",
          entityId: row.id,
          action: "claim.imported",
          actorId: actor.id,
          after: { format: options.format, document: document.key },
        });
      }
    }
    const summary = {
      projectId: options.projectId,
      actorId: actor.id,
      entityType: "project",
      entityId: options.projectId,
      action: "import.interchange" as const,
      after: { format: options.format, articles: report.articles, claims: report.claims, problems: report.problems.length },
    };
    await recordEvents(tx, [summary, ...history], { ...summary });
    return report;
  });
}

/** Why a document cannot be stored as it is (a NUL or a lone surrogate in its text, labels or notes; a text over the article limit), or null. */
function unstorableIn(document: InterchangeDocument): string | null {
  if (document.text !== null && Buffer.byteLength(document.text, "utf8") > ARTICLE_FILE_LIMIT) {
    return `the document's text is larger than an article may be (${ARTICLE_FILE_LIMIT_LABEL})`;
  }
  const found = findUnstorableText({
    text: document.text,
    title: document.title,
    spans: document.spans.map((s) => [s.label, s.notes, s.attributes]),
  });
  return found ? `the document's ${found.path.split(".")[0]} ${describeUnstorable(found.problem)}` : null;
}

/** The article a document's claims go on: the project's (same text, or the page's URL), or one made from its text. */
async function articleFor(
  tx: Tx,
  projectId: string,
  actor: Actor,
  document: InterchangeDocument,
  report: InterchangeReport,
): Promise<{ id: string; text: string } | null> {
  const found = await matchArticle(tx, projectId, document);
  if (found) {
    report.articles.existing++;
    return found;
  }
  if (document.text === null) {
    report.problems.push({
      ...document.at,
      message: document.sourceUrl
        ? `no article of the project has the source URL ${document.sourceUrl}: import the page's text first`
        : "the annotations name no page and carry no text",
    });
    return null;
  }
  const { text } = canonicalFrame(document.text);
  if (text === "") {
    report.problems.push({ ...document.at, message: "the document's text is empty" });
    return null;
  }
  const parsed: ParsedArticle = {
    title: document.title ?? text.split("\n", 1)[0]!.trim(),
    text,
    language: guessLanguage(text),
    sourceUrl: document.sourceUrl && /^https?:\/\//i.test(document.sourceUrl) ? document.sourceUrl : null,
    publisher: null,
    publishedAt: null,
    warnings: [],
  };
  const stored = await storeArticle(tx, { projectId, parsed, fileName: document.key, actorId: actor.id });
  if (stored.isNew) report.articles.created++;
  else report.articles.existing++;
  return { id: stored.id, text };
}

/**
 * Where a planned claim goes on the article, in code points of its text: the document's own offsets moved by
 * what the canonical text dropped at its start — which holds only when the article is the document's text — or,
 * for a document without text (Hypothesis), its quote anchored in the article.
 */
function placeClaim(
  document: InterchangeDocument,
  claim: PlannedClaim,
  article: { text: string },
  problems: InterchangeProblem[],
): { start: number; end: number } | null {
  if (document.text === null) {
    const span = document.spans.find((s) => s.at.line === claim.at.line && s.at.item === claim.at.item);
    if (!span) return null;
    const anchored = anchorHypothesisSpan(article.text, span);
    if (!anchored.ok) {
      problems.push(anchored.problem);
      return null;
    }
    return { start: anchored.start, end: anchored.end };
  }
  const { shift } = canonicalFrame(document.text);
  const start = claim.start - shift;
  const end = claim.end - shift;
  if (start < 0 || end > codePointLength(article.text) || start >= end) {
    problems.push({ ...claim.at, message: "the span lies in the blank lines or trailing space an article does not keep" });
    return null;
  }
  return { start, end };
}
