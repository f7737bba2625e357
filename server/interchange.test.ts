/**
 * Importing other tools' files through the data layer, on each test
 * database: the preview names labels, attributes and the articles documents
 * match; the import makes articles (reusing one with the same text), claims
 * on exactly their words with the mapped fields, reports what it could not
 * place, and adds nothing the second time.
 */
import { eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { articles, projects } from "@/db/schema";
import { sliceCodePoints } from "@/lib/offsets";
import { createArticle, createTeam, describeEachDatabase, expectAppError, type Team } from "@/test-support/team-fixtures";
import { getArticle, importArticles } from "./articles";
import { listArticleClaims } from "./claims";
import { importInterchange, previewInterchange } from "./interchange";

const CAST = { reviewer: ["Rae", "reviewer"], ann: ["Abe", "annotator"] } as const;

/** A Label Studio export of one task: the text with emoji (code points, as Label Studio stores them), two regions and a prediction. */
function labelStudioFile(text: string) {
  const at = (needle: string) => {
    const start = [...text.slice(0, text.indexOf(needle))].length;
    return { start, end: start + [...needle].length, text: needle };
  };
  return JSON.stringify([
    {
      id: 7,
      data: { text },
      annotations: [
        {
          id: 1,
          result: [
            { id: "a", from_name: "label", to_name: "text", type: "labels", value: { ...at("4 Mio. € 🚲"), labels: ["STAT"] } },
            { id: "b", from_name: "label", to_name: "text", type: "labels", value: { ...at("sagte die Bürgermeisterin"), labels: ["QUOTE"] } },
            { id: "a", from_name: "cw", to_name: "text", type: "choices", value: { ...at("4 Mio. € 🚲"), choices: ["3"] } },
          ],
        },
      ],
      predictions: [{ result: [{ id: "p", from_name: "label", to_name: "text", type: "labels", value: { ...at("Radwege"), labels: ["STAT"] } }] }],
    },
  ]);
}

describeEachDatabase("interchange import", (getDb) => {
  let team: Team<typeof CAST>;

  beforeAll(async () => {
    team = await createTeam(getDb().db, "Interchange", CAST);
  });

  it("previews a Label Studio file, imports it with the mapping, and adds nothing the second time", async () => {
    const { db } = getDb();
    const text = `Radwege für alle ${crypto.randomUUID()}\n\nDie Stadt gab 4 Mio. € 🚲 für Radwege aus, sagte die Bürgermeisterin.`;
    const files = [{ name: "project-7.json", content: labelStudioFile(text) }];
    const preview = await previewInterchange(db, team.reviewer, { projectId: team.projectId, format: "label_studio", files });
    expect(preview).toMatchObject({
      offsetUnit: "code_points",
      labels: [
        { label: "QUOTE", spans: 1, machineMade: 0 },
        { label: "STAT", spans: 1, machineMade: 0 },
      ],
      documents: [{ key: "7", spans: 2, article: null }],
      problems: [],
      skipped: { predictions: 1 },
      canCreateTypes: false,
    });
    const mapping = { STAT: { kind: "type", key: "statistic" }, QUOTE: { kind: "type", key: "quote" } } as const;
    const report = await importInterchange(db, team.reviewer, { projectId: team.projectId, format: "label_studio", files, mapping });
    expect(report).toMatchObject({
      articles: { created: 1, existing: 0 },
      claims: { created: 2, existing: 0 },
      problems: [],
      skipped: { predictions: 1 },
    });
    const [article] = await db
      .select()
      .from(articles)
      .where(eq(articles.title, text.split("\n")[0]!));
    expect(article?.text).toBe(text);
    const claims = await listArticleClaims(db, team.reviewer, article!.id);
    expect(claims.map((c) => [c.target.exact, c.claimType, c.status, c.authorId])).toEqual([
      ["4 Mio. € 🚲", "statistic", "draft", team.reviewer.id],
      ["sagte die Bürgermeisterin", "quote", "draft", team.reviewer.id],
    ]);
    for (const claim of claims) expect(sliceCodePoints(text, claim.target.start, claim.target.end)).toBe(claim.target.exact);

    const again = await importInterchange(db, team.reviewer, { projectId: team.projectId, format: "label_studio", files, mapping });
    expect(again).toMatchObject({ articles: { created: 0, existing: 1 }, claims: { created: 0, existing: 2 } });
    expect(
      (await previewInterchange(db, team.reviewer, { projectId: team.projectId, format: "label_studio", files })).documents[0]?.article?.id,
    ).toBe(article!.id);
  });

  it("takes attributes as claim fields, unmapped labels as problems, and new types only from an admin", async () => {
    const { db } = getDb();
    const text = `Prodigy ${crypto.randomUUID()}\n\nThe mayor said traffic fell by 12 percent.`;
    const start = [...text.slice(0, text.indexOf("traffic"))].length;
    const doccano = JSON.stringify({
      text,
      label: [
        [start, start + 7, "TOPIC"],
        [0, 7, "ODD"],
      ],
    });
    const files = [{ name: "doccano.jsonl", content: `${doccano}\n` }];
    const create = { TOPIC: { kind: "create", key: "topic", label: "Topic" } } as const;
    expect(
      (await expectAppError(() => importInterchange(db, team.reviewer, { projectId: team.projectId, format: "doccano", files, mapping: create })))
        .status,
    ).toBe(403);
    const report = await importInterchange(db, team.admin, { projectId: team.projectId, format: "doccano", files, mapping: create });
    expect(report.createdTypes).toEqual([{ key: "topic", label: "Topic" }]);
    expect(report.problems).toEqual([
      expect.objectContaining({ field: "label", message: 'the label "ODD" is not mapped to a claim type, a tag or "skip"' }),
    ]);
    expect(report.claims.created).toBe(1);
    const [project] = await db.select({ taxonomy: projects.taxonomy }).from(projects).where(eq(projects.id, team.projectId));
    expect(project?.taxonomy.claimTypes.at(-1)).toEqual({ key: "topic", label: "Topic" });
    // An annotator may not import articles at all.
    expect((await expectAppError(() => previewInterchange(db, team.ann, { projectId: team.projectId, format: "doccano", files }))).status).toBe(403);
  });

  it("places Hypothesis annotations in the article with their page's URL, by quote, and reports the others", async () => {
    const { db } = getDb();
    const url = `https://news.example/${crypto.randomUUID()}`;
    const [imported] = await importArticles(db, team.reviewer, {
      projectId: team.projectId,
      files: [
        { name: "page.md", content: `---\nsource_url: ${url}\n---\nPage title\n\nCritics called the plan a waste of money. Officials disagree.\n` },
      ],
    });
    const article = await getArticle(db, team.admin, (imported as { id: string }).id);
    const annotation = (exact: string, prefix: string, uri = url) => ({
      id: crypto.randomUUID(),
      uri,
      tags: ["CLAIM"],
      text: "a note",
      // The page's positions (UTF-16 of the DOM's text) disagree with the article's: the quote places it.
      target: [
        {
          source: uri,
          selector: [
            { type: "TextPositionSelector", start: 3, end: 3 + exact.length },
            { type: "TextQuoteSelector", exact, prefix, suffix: "" },
          ],
        },
      ],
    });
    const files = [
      {
        name: "hypothesis.json",
        content: JSON.stringify([
          annotation("a waste of money", "called the plan "),
          annotation("not in the page", ""),
          annotation("x", "", "https://elsewhere.example/"),
        ]),
      },
    ];
    const preview = await previewInterchange(db, team.reviewer, { projectId: team.projectId, format: "hypothesis", files });
    expect(preview.documents.map((d) => d.article?.id ?? null)).toEqual(expect.arrayContaining([article.id, null]));
    const report = await importInterchange(db, team.reviewer, {
      projectId: team.projectId,
      format: "hypothesis",
      files,
      mapping: { CLAIM: { kind: "type", key: "position" } },
    });
    expect(report.claims.created).toBe(1);
    expect(report.problems.map((p) => p.message)).toEqual(
      expect.arrayContaining([expect.stringContaining("https://elsewhere.example/"), expect.any(String)]),
    );
    const [claim] = await listArticleClaims(db, team.reviewer, article.id);
    expect([claim?.target.exact, claim?.claimType, claim?.rationale]).toEqual(["a waste of money", "position", "a note"]);
  });

  it("reuses an article already in the project with the same text, whatever the file's line endings", async () => {
    const { db } = getDb();
    const text = `Reused ${crypto.randomUUID()}\n\nOne sentence here. Another one there.`;
    const existing = await createArticle(db, team.projectId, text);
    const start = [...text.slice(0, text.indexOf("Another"))].length;
    const prodigy = JSON.stringify({
      text: text.replace(/\n/g, "\r\n"),
      spans: [{ start: start + 2, end: start + 2 + 7, label: "C" }],
      answer: "accept",
    });
    const report = await importInterchange(db, team.reviewer, {
      projectId: team.projectId,
      format: "prodigy",
      files: [{ name: "prodigy.jsonl", content: `${prodigy}\n` }],
      mapping: { C: { kind: "tag" } },
    });
    expect(report).toMatchObject({ articles: { created: 0, existing: 1 }, claims: { created: 1 }, problems: [] });
    const [claim] = await listArticleClaims(db, team.reviewer, existing.id);
    expect([claim?.target.exact, claim?.claimType, claim?.tags]).toEqual(["Another", null, ["C"]]);
  });

  it("keeps documents of different files apart when their keys repeat, and reports a document Postgres cannot store", async () => {
    const { db } = getDb();
    const line = (text: string, word: string) => {
      const start = [...text.slice(0, text.indexOf(word))].length;
      return `${JSON.stringify({ text, label: [[start, start + [...word].length, "W"]] })}\n`;
    };
    const a = `File A ${crypto.randomUUID()}\n\nAlpha beta gamma.`;
    const b = `File B ${crypto.randomUUID()}\n\nDelta epsilon zeta.`;
    const files = [
      { name: "a.jsonl", content: line(a, "beta") },
      { name: "b.jsonl", content: line(b, "epsilon") + JSON.stringify({ text: "Bad \u0000 text", label: [[0, 3, "W"]] }) },
    ];
    const report = await importInterchange(db, team.reviewer, {
      projectId: team.projectId,
      format: "doccano",
      files,
      mapping: { W: { kind: "tag" } },
    });
    expect(report.claims.created).toBe(2);
    expect(report.problems).toEqual([expect.objectContaining({ message: expect.stringContaining("NUL") })]);
    const [articleA] = await db
      .select()
      .from(articles)
      .where(eq(articles.title, a.split("\n")[0]!));
    const [articleB] = await db
      .select()
      .from(articles)
      .where(eq(articles.title, b.split("\n")[0]!));
    expect((await listArticleClaims(db, team.reviewer, articleA!.id)).map((c) => c.target.exact)).toEqual(["beta"]);
    expect((await listArticleClaims(db, team.reviewer, articleB!.id)).map((c) => c.target.exact)).toEqual(["epsilon"]);
  });
});
