import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { articles, claims } from "@/db/schema";
import { sliceCodePoints } from "@/lib/offsets";
import { addMember, createTestProject, createTestUser, describeEachDatabase, expectAppError } from "@/test-support/databases";
import { claimSaveFor, seedArticle, sourceInput, UNICODE_ARTICLE_RAW, UNICODE_ARTICLE_TEXT } from "@/test-support/fixtures";
import type { Actor } from "./authz";
import { saveClaim, setClaimDeleted } from "./claims";
import { type ExportRequest, listExportProjects, prepareExport } from "./export";
import { parseWith } from "./http";
import { importJsonl, importW3c, listImportProjects } from "./import";
import { listSentenceDecisions, setSentenceDecision, setSentenceExclusion } from "./sentence-decisions";
import { promoteSchema, promoteToGold } from "./team/adjudication";

const BASE_URL = "https://claimwork.test";
const NOW = new Date("2026-11-24T12:00:00.000Z");

async function exportText(
  db: Parameters<typeof prepareExport>[0],
  actor: Actor,
  request: Partial<ExportRequest> & Pick<ExportRequest, "format" | "projectId">,
) {
  const prepared = await prepareExport(db, actor, { goldOnly: false, ...request }, { baseUrl: BASE_URL, now: NOW });
  let out = "";
  for await (const chunk of prepared.chunks) out += chunk;
  return { text: out, count: prepared.claimCount };
}

describeEachDatabase("export and import", (getDatabase) => {
  let admin: Actor;
  let annotator: Actor;
  let projectId: string;
  let articleId: string;
  const claimIds: string[] = [];

  beforeAll(async () => {
    const { db } = getDatabase();
    admin = await createTestUser(db, "Admin Ada");
    annotator = await createTestUser(db, "Annotator Ann");
    const project = await createTestProject(db);
    projectId = project.id;
    await addMember(db, projectId, admin.id, "admin");
    await addMember(db, projectId, annotator.id, "annotator");
    articleId = (await seedArticle(db, projectId, UNICODE_ARTICLE_RAW, { fileName: "unicode.txt" })).id;
    await seedArticle(db, projectId, "Empty article\n\nNobody has claimed anything here yet.", { fileName: "empty.txt" });
    // Claims after emoji, flags, combining marks and non-BMP letters, with sources; one deleted, one formula-like.
    const quotes = [
      "Wir haben 🇩🇪 4 Mio. Euro ausgegeben.",
      "Cafe\u0301s stiegen um 12 Prozent",
      "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 und 𠜎字",
      "Kritiker nannten den Plan Verschwendung.",
    ];
    for (const [i, quote] of quotes.entries()) {
      const save = claimSaveFor(articleId, UNICODE_ARTICLE_TEXT, quote, {
        verdict: i === 0 ? "false" : "unverified",
        speaker: i === 0 ? "Der Bürgermeister" : "",
        rationale: i === 1 ? '=HYPERLINK("http://evil.example")' : "",
        tags: i === 2 ? ["unicode", "𝔱𝔞𝔤"] : [],
        sources: i < 2 ? [sourceInput({ title: `Source ${i}`, excerpt: "„Zitat“ 😀" })] : [],
      });
      const { claim } = await saveClaim(db, i === 3 ? admin : annotator, save);
      claimIds.push(claim.id);
    }
    await setClaimDeleted(db, admin, { claimId: claimIds[3]!, restore: false });
    // The annotator read the first sentence and found no claim; the last one is the page's footer.
    await setSentenceDecision(db, annotator, { articleId, sentenceIndex: 0, decision: "no_claim" });
    await setSentenceExclusion(db, admin, { articleId, sentenceIndex: 4, excluded: true, reason: "Fußzeile 🦶" });
  });

  it("exports code-point offsets that slice the article text to the quote, in every format", async () => {
    const { db } = getDatabase();
    const jsonl = await exportText(db, admin, { format: "jsonl", projectId });
    const records = jsonl.text
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const claimRecords = records.filter((r) => r.type === "claim") as Array<{
      target: { start: number; end: number; exact: string };
      deletedAt: string | null;
    }>;
    expect(claimRecords).toHaveLength(4); // the lossless export keeps the deleted claim
    expect(claimRecords.filter((c) => c.deletedAt !== null)).toHaveLength(1);
    for (const c of claimRecords) expect(sliceCodePoints(UNICODE_ARTICLE_TEXT, c.target.start, c.target.end)).toBe(c.target.exact);
    expect(records.filter((r) => r.type === "article")).toHaveLength(2); // the article without claims too
    // The sentence records come last, named by sentence index (no offsets).
    expect(records.slice(-2)).toEqual([
      expect.objectContaining({ type: "sentence_exclusion", articleId, sentenceIndex: 4, reason: "Fußzeile 🦶", authorId: admin.id }),
      expect.objectContaining({ type: "sentence_decision", articleId, sentenceIndex: 0, decision: "no_claim", authorId: annotator.id }),
    ]);

    const w3c = JSON.parse((await exportText(db, admin, { format: "w3c", projectId })).text) as {
      total: number;
      first: { items: Array<{ target: { selector: Array<{ type: string; start?: number; end?: number; exact?: string }> } }> };
    };
    expect(w3c.total).toBe(3);
    for (const item of w3c.first.items) {
      const position = item.target.selector.find((s) => s.type === "TextPositionSelector")!;
      const quote = item.target.selector.find((s) => s.type === "TextQuoteSelector")!;
      expect(sliceCodePoints(UNICODE_ARTICLE_TEXT, position.start!, position.end!)).toBe(quote.exact);
    }

    const rows = parseCsv((await exportText(db, admin, { format: "csv", projectId })).text, { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(sliceCodePoints(UNICODE_ARTICLE_TEXT, Number(row.start), Number(row.end))).toBe(row.exact);
    // Formula injection neutralised: the cell does not start with "=".
    expect(rows.map((r) => r.rationale)).toContain('\'=HYPERLINK("http://evil.example")');

    const reviews = JSON.parse((await exportText(db, admin, { format: "claimreview", projectId })).text) as Array<{
      claimReviewed: string;
      reviewRating: { alternateName: string };
    }>;
    expect(reviews).toHaveLength(1); // only the claim whose verdict is a rating
    expect(reviews[0]!.reviewRating.alternateName).toBe("False");

    const tsv = (await exportText(db, admin, { format: "tsv", projectId })).text.trim().split("\n");
    expect(tsv[0]).toBe("article_id\tsentence_index\tsentence_text\tlabel\tclaim_type\trevision");
    const labelled = tsv
      .slice(1)
      .filter((line) => line.startsWith(articleId))
      .map((line) => line.split("\t"));
    // not_claim only where someone decided so; the excluded footer (sentence 4) is not in the dataset.
    expect(labelled.map((cells) => [cells[1], cells[3]])).toEqual([
      ["0", "not_claim"],
      ["1", "claim"],
      ["2", "claim"],
      ["3", "claim"],
    ]);
    // Nobody decided anything about the other article: its sentences are unlabelled, not negatives.
    const undecided = (await exportText(db, admin, { format: "tsv", projectId })).text
      .split("\n")
      .slice(1, -1)
      .filter((line) => !line.startsWith(articleId));
    expect(undecided.length).toBeGreaterThan(0);
    for (const line of undecided) expect(line.split("\t")[3]).toBe("");
    // With only the admin's work counted, the annotator's decision makes no negative.
    const adminsOnly = (await exportText(db, admin, { format: "tsv", projectId, authorId: admin.id })).text;
    expect(adminsOnly).not.toContain("not_claim");
  });

  it("gives the same output when pages are tiny and cut through articles", async () => {
    const { db } = getDatabase();
    for (const format of ["jsonl", "csv", "w3c", "tsv"] as const) {
      const whole = await exportText(db, admin, { format, projectId });
      const paged = await prepareExport(db, admin, { format, projectId, goldOnly: false }, { baseUrl: BASE_URL, now: NOW, pageSize: 1 });
      let text = "";
      for await (const chunk of paged.chunks) text += chunk;
      // W3C collections carry a random id; everything else must match byte for byte.
      const stable = (t: string) => (format === "w3c" ? t.replace(/collections\/[0-9a-f-]{36}/g, "collections/X") : t);
      expect(stable(text)).toBe(stable(whole.text));
    }
  });

  it("passes the W3C annotation-model must assertions", async () => {
    const { db } = getDatabase();
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "claimwork-w3c-")), "export.jsonld");
    fs.writeFileSync(file, (await exportText(db, admin, { format: "w3c", projectId })).text);
    const validator = path.join(process.cwd(), "tests/conformance/w3c-annotation-model/validate.mjs");
    const output = execFileSync(process.execPath, [validator, "--fails-only", file], { encoding: "utf8" });
    expect(output).toMatch(/\b0 failed\b/);
  });

  it("filters by author, status, gold and article, and counts before streaming", async () => {
    const { db } = getDatabase();
    expect((await exportText(db, admin, { format: "csv", projectId, authorId: annotator.id })).count).toBe(3);
    expect((await exportText(db, admin, { format: "csv", projectId, authorId: admin.id })).count).toBe(0); // admin's claim is deleted
    expect((await exportText(db, admin, { format: "csv", projectId, statuses: ["accepted"] })).count).toBe(0);
    expect((await exportText(db, admin, { format: "csv", projectId, goldOnly: true })).count).toBe(0);
    expect((await exportText(db, admin, { format: "csv", projectId, articleIds: [articleId] })).count).toBe(3);
  });

  it("refuses people outside the project with not_found", async () => {
    const { db } = getDatabase();
    const stranger = await createTestUser(db, "Stranger");
    const error = await expectAppError(() => exportText(db, stranger, { format: "jsonl", projectId }));
    expect(error.type).toBe("not_found");
  });

  it("round-trips JSONL exactly: export → wipe → import → export, and a second import changes nothing", async () => {
    const { db } = getDatabase();
    const before = await exportText(db, admin, { format: "jsonl", projectId });
    await db.delete(articles).where(eq(articles.projectId, projectId));
    expect(await db.select().from(claims).where(eq(claims.projectId, projectId))).toHaveLength(0);

    const lines = before.text.split("\n");
    const first = await importJsonl(db, admin, { projectId, lines, skipInvalid: false });
    expect(first.articles.created).toBe(2);
    expect(first.claims.created).toBe(4);
    expect([first.sentenceDecisions, first.sentenceExclusions]).toEqual([
      { created: 1, existing: 0 },
      { created: 1, existing: 0 },
    ]);
    const second = await importJsonl(db, admin, { projectId, lines, skipInvalid: false });
    expect(second.articles).toEqual({ created: 0, existing: 2 });
    expect(second.claims).toEqual({ created: 0, existing: 4 });
    expect([second.sentenceDecisions, second.sentenceExclusions]).toEqual([
      { created: 0, existing: 1 },
      { created: 0, existing: 1 },
    ]);
    expect(second.notes).toEqual([]);

    const after = await exportText(db, admin, { format: "jsonl", projectId });
    expect(after.text).toBe(before.text); // same clock, so even generated_at matches
  });

  it("imports an export made before sentence records existed unchanged, and never makes another person's decision the importer's", async () => {
    const { db } = getDatabase();
    const exported = (await exportText(db, admin, { format: "jsonl", projectId })).text.trim().split("\n");
    const old = exported.filter((line) => !line.includes('"type":"sentence_'));
    expect(old.length).toBe(exported.length - 2);
    await db.delete(articles).where(eq(articles.projectId, projectId));
    const summary = await importJsonl(db, admin, { projectId, lines: old, skipInvalid: false });
    expect([summary.articles.created, summary.claims.created, summary.sentenceDecisions, summary.sentenceExclusions]).toEqual([
      2,
      4,
      { created: 0, existing: 0 },
      { created: 0, existing: 0 },
    ]);
    expect(await listSentenceDecisions(db, admin, articleId)).toEqual({ decisions: [], exclusions: [] });

    // The decision's author has no part in the target project: it is left out and noted, not given to the importer.
    const other = (await createTestProject(db)).id;
    await addMember(db, other, admin.id, "admin");
    const copy = await importJsonl(db, admin, { projectId: other, lines: exported, skipInvalid: false });
    expect([copy.sentenceDecisions, copy.sentenceExclusions]).toEqual([
      { created: 0, existing: 0 },
      { created: 1, existing: 0 },
    ]);
    expect(copy.notes?.map((n) => n.message)).toContainEqual(expect.stringContaining('1 "no claim here" decision was not restored'));

    // A sentence index the restored article does not have is refused, naming the field.
    await db.delete(articles).where(eq(articles.projectId, projectId));
    const broken = exported.map((line) =>
      line.includes('"type":"sentence_decision"') ? line.replace('"sentenceIndex":0', '"sentenceIndex":99') : line,
    );
    const error = await expectAppError(() => importJsonl(db, admin, { projectId, lines: broken, skipInvalid: false }));
    expect(error.message).toContain(`line ${exported.length} (sentenceIndex): the article has no sentence 99`);
    // Restore the project as it was for the tests that follow.
    await importJsonl(db, admin, { projectId, lines: exported, skipInvalid: false });
  });

  it("answers a sentence record naming another project's article exactly like one naming no article at all", async () => {
    const { db } = getDatabase();
    const elsewhere = (await createTestProject(db)).id;
    await addMember(db, elsewhere, admin.id, "admin");
    const foreign = (await seedArticle(db, elsewhere, "Fremder Artikel\n\nEin Satz. Noch ein Satz.")).id;
    const header = (await exportText(db, admin, { format: "jsonl", projectId })).text.split("\n")[0]!;
    const record = (id: string) =>
      JSON.stringify({
        type: "sentence_exclusion",
        articleId: id,
        sentenceIndex: 1,
        reason: null,
        authorId: null,
        authorName: null,
        createdAt: NOW.toISOString(),
        updatedAt: NOW.toISOString(),
      });
    const summary = await importJsonl(db, admin, { projectId, lines: [header, record(foreign), record(crypto.randomUUID())], skipInvalid: true });
    expect(summary.skipped.map(({ line, field }) => [line, field])).toEqual([
      [2, "articleId"],
      [3, "articleId"],
    ]);
    expect(summary.skipped[0]!.message).toBe(summary.skipped[1]!.message);
    expect(summary.sentenceExclusions).toEqual({ created: 0, existing: 0 });
  });

  it("restores a claim's sentence indexes from the article's stored sentences, not from the file", async () => {
    // An export made by a version that segmented the text otherwise names other sentences for the same offsets.
    const { db } = getDatabase();
    const exported = (await exportText(db, admin, { format: "jsonl", projectId })).text.trim().split("\n");
    const line = exported.findIndex((l) => l.includes('"type":"claim"'));
    const record = JSON.parse(exported[line]!) as { id: string; sentenceIndexes: number[] };
    const [stored] = await db.select({ sentenceIndexes: claims.sentenceIndexes }).from(claims).where(eq(claims.id, record.id));
    expect(stored!.sentenceIndexes.length).toBeGreaterThan(0);
    await db.delete(articles).where(eq(articles.projectId, projectId));
    record.sentenceIndexes = [97, 98, 99];
    exported[line] = JSON.stringify(record);
    await importJsonl(db, admin, { projectId, lines: exported, skipInvalid: false });
    const [restored] = await db.select({ sentenceIndexes: claims.sentenceIndexes }).from(claims).where(eq(claims.id, record.id));
    expect(restored!.sentenceIndexes).toEqual(stored!.sentenceIndexes);
  });

  it("imports all or nothing, naming the line and field; with skipInvalid it lists what it skipped", async () => {
    const { db } = getDatabase();
    const good = (await exportText(db, admin, { format: "jsonl", projectId })).text.trim().split("\n");
    const claimLine = good.findIndex((l) => l.includes('"type":"claim"'));
    const broken = [...good];
    const record = JSON.parse(broken[claimLine]!) as { id: string; target: { exact: string } };
    record.id = "0b2d3c4e-5f60-4718-8a9b-0c1d2e3f4a5b";
    record.target.exact = "not the text";
    broken[claimLine] = JSON.stringify(record);
    broken.push("{not json");

    const error = await expectAppError(() => importJsonl(db, admin, { projectId, lines: broken, skipInvalid: false }));
    expect(error.type).toBe("unprocessable");
    expect(error.message).toContain(`line ${claimLine + 1}`);
    expect(error.message).toContain("target");
    expect(error.message).toContain(`line ${broken.length}`);
    expect(await db.select().from(claims).where(eq(claims.id, record.id))).toHaveLength(0);

    const summary = await importJsonl(db, admin, { projectId, lines: broken, skipInvalid: true });
    expect(summary.skipped.map((s) => s.line)).toEqual([claimLine + 1, broken.length]);
  });

  it("only a project admin may restore a JSONL export", async () => {
    const { db } = getDatabase();
    const lines = (await exportText(db, admin, { format: "jsonl", projectId })).text.split("\n");
    const error = await expectAppError(() => importJsonl(db, annotator, { projectId, lines, skipInvalid: false }));
    expect(error.type).toBe("forbidden");
  });

  it("imports W3C annotations that anchor; reports the ones that do not, by item", async () => {
    const { db } = getDatabase();
    const exported = JSON.parse((await exportText(db, admin, { format: "w3c", projectId })).text) as {
      first: { items: Array<{ id: string; target: { selector: Array<Record<string, unknown>> } }> };
    };
    // Annotations from another tool: fresh ids, positions dropped from one (anchored by quote), one that matches nothing.
    const items = exported.first.items.map((item, i) => ({ ...item, id: `https://other.example/anno/${i}` }));
    items[0]!.target.selector = items[0]!.target.selector.filter((s) => s.type === "TextQuoteSelector");
    const bad = structuredClone(items[1]!);
    bad.id = "https://other.example/anno/bad";
    bad.target.selector = [{ type: "TextQuoteSelector", exact: "Dieser Satz steht nirgends." }];
    const doc = JSON.stringify([...items, bad]);

    const error = await expectAppError(() => importW3c(db, annotator, { projectId, json: doc, baseUrl: BASE_URL, skipInvalid: false }));
    expect(error.message).toContain(`line ${items.length}`);

    const summary = await importW3c(db, annotator, { projectId, json: doc, baseUrl: BASE_URL, skipInvalid: true });
    expect(summary.claims.created).toBe(items.length);
    expect(summary.skipped).toHaveLength(1);
    expect(summary.skipped[0]!.line).toBe(items.length);
    const again = await importW3c(db, annotator, { projectId, json: doc, baseUrl: BASE_URL, skipInvalid: true });
    expect(again.claims).toEqual({ created: 0, existing: items.length });

    const mine = await db.select().from(claims).where(eq(claims.authorId, annotator.id));
    for (const c of mine) expect(sliceCodePoints(UNICODE_ARTICLE_TEXT, c.start, c.end)).toBe(c.exact);
  });
});

describeEachDatabase("gold provenance in export and import", (getDatabase) => {
  let admin: Actor;
  let projectId: string;
  let articleId: string;
  let sourceIds: string[];
  let goldId: string;
  const QUOTES = ["Wir haben 🇩🇪 4 Mio. Euro ausgegeben.", "4 Mio. Euro ausgegeben"];

  type ClaimLine = { type: "claim"; id: string; isGold: boolean; derivedFrom?: string[]; target: { exact: string } };
  const claimLines = (text: string) =>
    text
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as ClaimLine | { type: string })
      .filter((record): record is ClaimLine => record.type === "claim");
  /** The gold claim of a project's article and the quotes of the claims its provenance names (in order). */
  async function goldOf(db: Parameters<typeof prepareExport>[0], project: string) {
    const rows = await db.select().from(claims).where(eq(claims.projectId, project));
    const gold = rows.filter((c) => c.isGold);
    expect(gold).toHaveLength(1);
    const byId = new Map(rows.map((c) => [c.id, c]));
    return { gold: gold[0]!, sources: gold[0]!.derivedFrom.map((id) => byId.get(id)?.exact), rows };
  }

  beforeAll(async () => {
    const { db } = getDatabase();
    admin = await createTestUser(db, "Adjudicating Ada");
    const ann = await createTestUser(db, "Ann Provenance");
    const ben = await createTestUser(db, "Ben Provenance");
    projectId = (await createTestProject(db)).id;
    await addMember(db, projectId, admin.id, "admin");
    await addMember(db, projectId, ann.id, "annotator");
    await addMember(db, projectId, ben.id, "annotator");
    articleId = (await seedArticle(db, projectId, UNICODE_ARTICLE_RAW)).id;
    sourceIds = [];
    for (const [i, author] of [ann, ben].entries()) {
      sourceIds.push((await saveClaim(db, author, claimSaveFor(articleId, UNICODE_ARTICLE_TEXT, QUOTES[i]!))).claim.id);
    }
    goldId = (await promoteToGold(db, admin, parseWith(promoteSchema, { claimIds: sourceIds }))).id;
  });

  it("writes a gold claim's sources as derivedFrom in JSONL and as prov:wasDerivedFrom claim IRIs in W3C", async () => {
    const { db } = getDatabase();
    const lines = claimLines((await exportText(db, admin, { format: "jsonl", projectId })).text);
    expect(lines.map((c) => [c.id, c.isGold, c.derivedFrom])).toEqual(
      expect.arrayContaining([
        [goldId, true, sourceIds],
        [sourceIds[0], false, []],
        [sourceIds[1], false, []],
      ]),
    );
    const w3c = JSON.parse((await exportText(db, admin, { format: "w3c", projectId })).text) as {
      "@context": [string, Record<string, unknown>];
      first: { items: Array<{ id: string; "prov:wasDerivedFrom"?: string[] }> };
    };
    expect(w3c["@context"][1]).toMatchObject({ prov: "http://www.w3.org/ns/prov#" });
    const items = new Map(w3c.first.items.map((item) => [item.id, item]));
    expect(items.get(`${BASE_URL}/claims/${goldId}`)?.["prov:wasDerivedFrom"]).toEqual(sourceIds.map((id) => `${BASE_URL}/claims/${id}`));
    expect(items.get(`${BASE_URL}/claims/${sourceIds[0]}`)).not.toHaveProperty("prov:wasDerivedFrom");
    // The extension property and its context entry keep the collection valid under the W3C suite's "must" assertions.
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "claimwork-w3c-gold-")), "gold.jsonld");
    fs.writeFileSync(file, (await exportText(db, admin, { format: "w3c", projectId, goldOnly: true })).text);
    const validator = path.join(process.cwd(), "tests/conformance/w3c-annotation-model/validate.mjs");
    expect(execFileSync(process.execPath, [validator, "--fails-only", file], { encoding: "utf8" })).toMatch(/\b0 failed\b/);
  });

  it("restores it with ids kept in the project itself and mapped to the copies in another project; a second import changes nothing", async () => {
    const { db } = getDatabase();
    const before = await exportText(db, admin, { format: "jsonl", projectId });
    // The gold claim before its sources (as export order has it when its id sorts first at the same place): its
    // provenance is resolved once every line is read.
    const exported = before.text.split("\n");
    const goldLine = exported.findIndex((line) => line.includes(`"id":"${goldId}"`));
    const firstClaim = exported.findIndex((line) => line.startsWith('{"type":"claim"'));
    const lines = [
      ...exported.slice(0, firstClaim),
      exported[goldLine]!,
      ...exported.slice(firstClaim).filter((_, i) => i + firstClaim !== goldLine),
    ];
    expect(lines.toSorted()).toEqual(exported.toSorted());
    await db.delete(articles).where(eq(articles.projectId, projectId));
    const restored = await importJsonl(db, admin, { projectId, lines, skipInvalid: false });
    expect(restored.claims.created).toBe(3);
    expect(restored.notes).toEqual([]);
    expect((await goldOf(db, projectId)).gold.derivedFrom).toEqual(sourceIds);
    expect((await exportText(db, admin, { format: "jsonl", projectId })).text).toBe(before.text);

    // A copy into another project: every id is derived, and the provenance names the copies, in the same order.
    const copyId = (await createTestProject(db, { name: "Provenance copy" })).id;
    await addMember(db, copyId, admin.id, "admin");
    await importJsonl(db, admin, { projectId: copyId, lines, skipInvalid: false });
    const copy = await goldOf(db, copyId);
    expect(copy.gold.id).not.toBe(goldId);
    expect(copy.gold.derivedFrom.some((id) => sourceIds.includes(id))).toBe(false);
    expect(copy.sources).toEqual(QUOTES);
    expect(copy.gold.derivedFrom.every((id) => copy.rows.some((c) => c.id === id && !c.isGold && c.articleId === copy.gold.articleId))).toBe(true);
    const again = await importJsonl(db, admin, { projectId: copyId, lines, skipInvalid: false });
    expect(again.claims).toEqual({ created: 0, existing: 3 });
    expect((await goldOf(db, copyId)).gold.derivedFrom).toEqual(copy.gold.derivedFrom);
  });

  it("finds the sources of a gold-only export in the project, leaves out (and notes) those nowhere to be found, and reads old exports without it", async () => {
    const { db } = getDatabase();
    const goldOnly = (await exportText(db, admin, { format: "jsonl", projectId, goldOnly: true })).text.split("\n");
    expect(claimLines(goldOnly.join("\n")).map((c) => c.id)).toEqual([goldId]);

    // Back into the project that still holds the sources: found there under their own ids.
    await db.delete(claims).where(eq(claims.id, goldId));
    const back = await importJsonl(db, admin, { projectId, lines: goldOnly, skipInvalid: false });
    expect([back.claims.created, back.notes]).toEqual([1, []]);
    expect((await goldOf(db, projectId)).gold.derivedFrom).toEqual(sourceIds);

    // Into a project without them: left out, never a pointer to what the project does not hold; the note says so.
    const elsewhere = (await createTestProject(db, { name: "Gold only" })).id;
    await addMember(db, elsewhere, admin.id, "admin");
    const summary = await importJsonl(db, admin, { projectId: elsewhere, lines: goldOnly, skipInvalid: false });
    expect(summary.notes).toContainEqual(
      expect.objectContaining({
        field: "derivedFrom",
        message: expect.stringMatching(/^2 of the claims 1 gold claim was adjudicated from are neither/),
      }),
    );
    expect((await goldOf(db, elsewhere)).gold.derivedFrom).toEqual([]);

    // An export made before provenance was carried (no derivedFrom at all) restores as before: gold, with none.
    const old = goldOnly.map((line) => {
      if (!line.includes('"type":"claim"')) return line;
      const { derivedFrom: _derivedFrom, ...record } = JSON.parse(line) as ClaimLine;
      return JSON.stringify(record);
    });
    expect(old.join("\n")).not.toContain("derivedFrom");
    const oldProject = (await createTestProject(db, { name: "Old export" })).id;
    await addMember(db, oldProject, admin.id, "admin");
    const oldSummary = await importJsonl(db, admin, { projectId: oldProject, lines: old, skipInvalid: false });
    expect([oldSummary.claims.created, oldSummary.skipped, (oldSummary.notes ?? []).filter((n) => n.field === "derivedFrom")]).toEqual([1, [], []]);
    const oldGold = await db
      .select({ derivedFrom: claims.derivedFrom })
      .from(claims)
      .where(and(eq(claims.projectId, oldProject), eq(claims.isGold, true)));
    expect(oldGold).toEqual([{ derivedFrom: [] }]);
  });
});

describeEachDatabase("the projects the Export and Import pages offer", (getDatabase) => {
  it("lists each project by the person's role there: every member's for export, by format for import, nobody else's", async () => {
    const { db } = getDatabase();
    const person = await createTestUser(db, "Picker Pia");
    const siteAdmin = await createTestUser(db, "Site Admin Sam", { isAdmin: true });
    const roles = ["admin", "reviewer", "annotator", "viewer"] as const;
    const byRole = new Map<string, string>();
    for (const role of roles) {
      const project = await createTestProject(db, { name: `Picker ${role}` });
      await addMember(db, project.id, person.id, role);
      byRole.set(project.id, role);
    }
    const stranger = (await createTestProject(db, { name: "Picker stranger" })).id;

    const exportable = await listExportProjects(db, person);
    expect(exportable.map((p) => byRole.get(p.id)).toSorted()).toEqual([...roles].toSorted());
    expect(exportable.every((p) => Object.keys(p).toSorted().join() === "id,name")).toBe(true);
    const importable = new Map((await listImportProjects(db, person)).map((p) => [byRole.get(p.id), p.formats]));
    expect(Object.fromEntries(importable)).toEqual({
      admin: ["jsonl", "w3c", "articles"],
      reviewer: ["w3c", "articles"],
      annotator: ["w3c"],
    });
    for (const list of [exportable, await listImportProjects(db, person)]) expect(list.some((p) => p.id === stranger)).toBe(false);
    // A site admin acts as every project's admin.
    const everywhere = await listImportProjects(db, siteAdmin);
    expect(everywhere.find((p) => p.id === stranger)?.formats).toEqual(["jsonl", "w3c", "articles"]);
    expect((await listExportProjects(db, siteAdmin)).some((p) => p.id === stranger)).toBe(true);
  });
});

describe("JSONL restore into an empty database", () => {
  it("recreates articles, claims and their authors; the export matches the original", async () => {
    const source = await openDatabase({ kind: "memory" });
    const target = await openDatabase({ kind: "memory" });
    try {
      await migrateDatabase(source);
      await migrateDatabase(target);
      const admin = await createTestUser(source.db, "Admin", { isAdmin: true });
      const project = await createTestProject(source.db);
      const article = await seedArticle(source.db, project.id, UNICODE_ARTICLE_RAW);
      await saveClaim(
        source.db,
        admin,
        claimSaveFor(article.id, UNICODE_ARTICLE_TEXT, "Wir haben 🇩🇪 4 Mio. Euro ausgegeben.", { sources: [sourceInput()] }),
      );
      const original = await exportText(source.db, admin, { format: "jsonl", projectId: project.id });

      // The empty database: only the target project and the importing admin exist; the author does not.
      const restorer = await createTestUser(target.db, "Restorer", { isAdmin: true });
      await target.db.insert((await import("@/db/schema")).projects).values({ id: project.id, name: project.name, taxonomy: project.taxonomy });
      await importJsonl(target.db, restorer, { projectId: project.id, lines: original.text.split("\n"), skipInvalid: false });
      const restored = await exportText(target.db, restorer, { format: "jsonl", projectId: project.id });
      expect(restored.text).toBe(original.text);
    } finally {
      await source.close();
      await target.close();
    }
  });
});
