import { asc, eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { articles, assignments, sentences } from "@/db/schema";
import { sentenceCoverage as pageCoverage, toSentenceDecisions } from "@/lib/client/sentence-decisions";
import { emptyClaimFields } from "@/lib/fields";
import { createOffsetIndex } from "@/lib/offsets";
import { claimSaveFor, seedArticle, UNICODE_ARTICLE_RAW, UNICODE_ARTICLE_TEXT, UNICODE_SENTENCES } from "@/test-support/fixtures";
import { addRole, createUser, describeEachDatabase, newProject } from "@/test-support/team-fixtures";
import type { Actor } from "./authz";
import { listArticleClaims, saveClaim, setClaimDeleted } from "./claims";
import { parseWith } from "./http";
import { listSentenceDecisions, type SentenceCoverage, sentenceCoverage, setSentenceDecision, setSentenceExclusion } from "./sentence-decisions";
import { writeGoldClaim, writeGoldSchema } from "./team/adjudication";

/**
 * Coverage ("12 of 17 sentences decided") is defined twice: as SQL for the
 * article list (server/sentence-decisions.ts) and in TypeScript for the
 * annotator's count (lib/client/sentence-decisions.ts). Both are fed the
 * same data here — the page's inputs as the page gets them (the claims and
 * decisions the person may see, offsets painted in UTF-16) — for every kind
 * of viewer, before and after submitting and closing, and must agree.
 */

// UNICODE_SENTENCES: 0 the title, 1 "Der Bürgermeister …", 2 "Die Kosten …", 3 "In 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 …", 4 "Kritiker …"; astral characters
// throughout, so code points and UTF-16 differ.
const [TITLE, MAYOR, COSTS, UNICODE, CRITICS] = UNICODE_SENTENCES;
const TEXT = UNICODE_ARTICLE_TEXT;

describeEachDatabase("coverage: the server's figures and the page's agree", (getDatabase) => {
  let db: Db;
  let admin: Actor;
  let ann: Actor;
  let ben: Actor;
  let rita: Actor;
  let vic: Actor;

  beforeAll(async () => {
    db = getDatabase().db;
    admin = await createUser(db, "Admin", { isAdmin: true });
    ann = await createUser(db, "Ann");
    ben = await createUser(db, "Ben");
    rita = await createUser(db, "Rita");
    vic = await createUser(db, "Vic");
  });

  /** A claim from the start of `first` to the end of `last` (which may be the same sentence). */
  const span = (articleId: string, first: string, last = first) => {
    const start = TEXT.indexOf(first);
    return claimSaveFor(articleId, TEXT, TEXT.slice(start, TEXT.indexOf(last) + last.length));
  };

  /** A project (blind or not) with one article holding a bit of everything, and a second article with nothing on it. */
  async function build(isBlind: boolean) {
    const project = await newProject(db, admin, `Coverage ${isBlind ? "blind" : "open"}`, { isBlind });
    for (const [user, role] of [
      [ann, "annotator"],
      [ben, "annotator"],
      [rita, "reviewer"],
      [vic, "viewer"],
    ] as const)
      await addRole(db, project.id, user.id, role);
    const articleId = (await seedArticle(db, project.id, UNICODE_ARTICLE_RAW)).id;
    const emptyId = (await seedArticle(db, project.id, `${UNICODE_ARTICLE_RAW}Noch ein Satz.`)).id;
    // Ann: one claim over two sentences, one on part of a sentence, one deleted; "no claim" on the title and on 3.
    await saveClaim(db, ann, span(articleId, MAYOR!, COSTS!));
    await saveClaim(db, ann, claimSaveFor(articleId, TEXT, "Verschwendung"));
    const deleted = (await saveClaim(db, ann, span(articleId, UNICODE!))).claim;
    await setClaimDeleted(db, ann, { claimId: deleted.id, restore: false });
    await setSentenceDecision(db, ann, { articleId, sentenceIndex: 0, decision: "no_claim" });
    await setSentenceDecision(db, ann, { articleId, sentenceIndex: 3, decision: "no_claim" });
    // Ben: a claim from the middle of sentence 2 into sentence 3, and "no claim" on 4.
    await saveClaim(db, ben, claimSaveFor(articleId, TEXT, `12 Prozent. In 𝔘𝔫𝔦𝔠𝔬𝔡𝔢`));
    await setSentenceDecision(db, ben, { articleId, sentenceIndex: 4, decision: "no_claim" });
    // Rita: the title is boilerplate (Ann's "no claim" there counts nowhere), and a gold claim on sentence 4.
    await setSentenceExclusion(db, rita, { articleId, sentenceIndex: 0, excluded: true, reason: "Titel" });
    await writeGoldClaim(db, rita, {
      articleId,
      ...parseWith(writeGoldSchema, { target: span(articleId, CRITICS!).target, fields: emptyClaimFields() }),
    });
    return { projectId: project.id, articleId, emptyId };
  }

  /** What the annotator counts for `actor`: the page's inputs as it loads them, painted in UTF-16. */
  async function onThePage(actor: Actor, articleId: string): Promise<SentenceCoverage> {
    const [article] = await db.select({ text: articles.text }).from(articles).where(eq(articles.id, articleId));
    const offsets = createOffsetIndex(article!.text);
    const stored = await db.select().from(sentences).where(eq(sentences.articleId, articleId)).orderBy(asc(sentences.index));
    const sentences16 = stored.map((s) => ({ index: s.index, start: offsets.toUtf16(s.start), end: offsets.toUtf16(s.end) }));
    const claims = await listArticleClaims(db, actor, articleId);
    const targets16 = claims.filter((c) => !c.deletedAt).map((c) => ({ start: offsets.toUtf16(c.target.start), end: offsets.toUtf16(c.target.end) }));
    const decisions = toSentenceDecisions(await listSentenceDecisions(db, actor, articleId));
    return pageCoverage(sentences16, targets16, decisions);
  }

  async function compare(actors: Record<string, Actor>, ids: readonly string[]) {
    const out: Record<string, { server: Array<SentenceCoverage | undefined>; page: SentenceCoverage[] }> = {};
    for (const [who, actor] of Object.entries(actors)) {
      const server = await sentenceCoverage(db, actor, ids);
      out[who] = { server: ids.map((id) => server.get(id)), page: await Promise.all(ids.map((id) => onThePage(actor, id))) };
    }
    for (const [who, { server, page }] of Object.entries(out)) expect([who, server]).toEqual([who, page]);
    return Object.fromEntries(Object.entries(out).map(([who, figures]) => [who, figures.page[0]]));
  }

  it("in a blind project, for each viewer, while open, after Ann submits, and once closed", async () => {
    const { projectId, articleId, emptyId } = await build(true);
    const everyone = { ann, ben, rita, vic, admin };
    // Open: Ann sees her own (1, 2, and 4 by the partial claim), Ben his (2, 3 by the claim, 4 by "no claim"), Vic nothing;
    // Rita and the site admin everything (1–4, with the gold claim).
    expect(await compare(everyone, [articleId, emptyId])).toEqual({
      ann: { annotatable: 4, decided: 4 },
      ben: { annotatable: 4, decided: 3 },
      rita: { annotatable: 4, decided: 4 },
      vic: { annotatable: 4, decided: 0 },
      admin: { annotatable: 4, decided: 4 },
    });
    await db.insert(assignments).values({ articleId, userId: ann.id, projectId, status: "submitted", submittedAt: new Date() });
    await compare(everyone, [articleId, emptyId]);
    await db.update(articles).set({ closedAt: new Date(), closedBy: rita.id }).where(eq(articles.id, articleId));
    expect((await compare(everyone, [articleId, emptyId])).vic).toEqual({ annotatable: 4, decided: 4 });
  });

  it("in an open project, for each viewer", async () => {
    const { articleId, emptyId } = await build(false);
    const figures = await compare({ ann, ben, rita, vic, admin }, [articleId, emptyId]);
    for (const who of ["ann", "ben", "rita", "vic", "admin"]) expect([who, figures[who]]).toEqual([who, { annotatable: 4, decided: 4 }]);
  });

  it("counts a sentence once however many claims and decisions cover it, and nothing on excluded ones", async () => {
    const { articleId } = await build(false);
    await saveClaim(db, ben, span(articleId, TITLE!, MAYOR!));
    await setSentenceExclusion(db, rita, { articleId, sentenceIndex: 2, excluded: true });
    expect(await compare({ ann, rita }, [articleId])).toEqual({ ann: { annotatable: 3, decided: 3 }, rita: { annotatable: 3, decided: 3 } });
  });
});
