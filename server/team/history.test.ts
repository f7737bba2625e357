import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { events } from "@/db/schema";
import { DEFAULT_TAXONOMY } from "@/lib/taxonomy";
import {
  ARTICLE_TEXT,
  addRole,
  blindProjectArticle,
  claimSave,
  createArticle,
  createClaim,
  createTeam,
  describeEachDatabase,
  expectAppError,
  newProject,
  type Team,
} from "@/test-support/team-fixtures";
import { createInvitation } from "../accounts";
import { saveClaim, setClaimDeleted } from "../claims";
import { closeArticle } from "./adjudication";
import { ACTIVITY_PAGE_SIZE, type ActivityQuery, activityFilterOptions, activityQuerySchema, claimHistory, projectActivityPage } from "./history";
import { setBlindMode, setMemberRole, updateTaxonomy } from "./projects";

describeEachDatabase("team: history you can read (claim history, activity feed)", (getDatabase) => {
  const CAST = {
    reviewer: ["Rita", "reviewer"],
    ann: ["Ann", "annotator"],
    ben: ["Ben", "annotator"],
    viewer: ["Vera", "viewer"],
    outsider: ["Otto", null],
  } as const;
  let db: Db;
  let team: Team<typeof CAST>;

  beforeAll(async () => {
    db = getDatabase().db;
    team = await createTeam(db, "History project", CAST);
  });

  const feed = (actor: (typeof team)["ann"], projectId: string, query: ActivityQuery = {}, timeZone?: string) =>
    projectActivityPage(db, actor, projectId, query, { timeZone });

  describe("claim history", () => {
    it("says what each edit changed, field by field", async () => {
      const text = `${ARTICLE_TEXT} fields`;
      const article = await createArticle(db, team.projectId, text);
      const claim = await createClaim(db, team.ann, article.id, text, "12 percent");
      const source = { id: crypto.randomUUID(), url: "https://example.org/report", title: "Report", stance: "supports" };
      const edited = await saveClaim(db, team.ann, {
        ...claimSave(article.id, text, "traffic fell by 12 percent", { id: claim.id, verdict: "false", speaker: "Reuters", tags: ["traffic"] }),
        sources: [{ ...source, publisher: "", excerpt: "", accessedOn: null, archiveUrl: null }],
        baseVersion: claim.version,
      });
      await saveClaim(db, team.ann, {
        ...claimSave(article.id, text, "traffic fell by 12 percent", { id: claim.id, verdict: "false", speaker: "Reuters", tags: ["traffic"] }),
        sources: [{ ...source, stance: "refutes", publisher: "", excerpt: "", accessedOn: null, archiveUrl: null }],
        baseVersion: edited.claim.version,
      });
      const history = await claimHistory(db, team.ann, claim.id);
      expect(history.map((h) => h.action)).toEqual(["claim.created", "claim.updated", "claim.updated"]);
      expect(history[0]?.changes).toEqual([]);
      expect(history[1]?.changes).toEqual([
        {
          kind: "span",
          before: expect.objectContaining({ exact: "12 percent" }),
          after: expect.objectContaining({ exact: "traffic fell by 12 percent" }),
        },
        { kind: "value", field: "speaker", before: "", after: "Reuters" },
        { kind: "value", field: "verdict", before: "unverified", after: "false" },
        { kind: "list", field: "tags", added: ["traffic"], removed: [] },
        { kind: "sourceAdded", source: { url: "https://example.org/report", title: "Report" } },
      ]);
      expect(history[2]?.changes).toEqual([
        {
          kind: "sourceChanged",
          source: { url: "https://example.org/report", title: "Report" },
          field: "stance",
          before: "supports",
          after: "refutes",
        },
      ]);
      // The snapshots stay on the server: a reader gets the changes.
      expect(history[1]).not.toHaveProperty("before");
      expect(history[1]).not.toHaveProperty("after");
    });
  });

  describe("activity feed", () => {
    it("pages through everything, older and newer, by keyset on the event id", async () => {
      const project = await newProject(db, team.admin, "Paging project");
      const count = ACTIVITY_PAGE_SIZE * 2 + 7;
      await db.insert(events).values(
        Array.from({ length: count }, (_, i) => ({
          projectId: project.id,
          actorId: team.admin.id,
          entityType: "project",
          entityId: project.id,
          action: "project.blind_mode_changed",
          before: { isBlind: i % 2 === 1 },
          after: { isBlind: i % 2 === 0 },
        })),
      );
      const first = await feed(team.admin, project.id);
      expect(first.items).toHaveLength(ACTIVITY_PAGE_SIZE);
      expect(first.newer).toBeNull();
      const ids = first.items.map((item) => item.id);
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
      const second = await feed(team.admin, project.id, { before: first.older! });
      expect(second.items).toHaveLength(ACTIVITY_PAGE_SIZE);
      expect(second.items[0]!.id).toBeLessThan(ids.at(-1)!);
      const third = await feed(team.admin, project.id, { before: second.older! });
      // The rest, down to the project's creation.
      expect(third.items).toHaveLength(count + 1 - 2 * ACTIVITY_PAGE_SIZE);
      expect(third.older).toBeNull();
      expect(third.items.at(-1)?.action).toBe("project.created");
      // Newer from the second page is the first page again, in the same order.
      const back = await feed(team.admin, project.id, { after: second.newer! });
      expect(back.items.map((item) => item.id)).toEqual(ids);
      expect(back.newer).toBeNull();
      expect(back.older).toBe(first.older);
      // Every entry says what it changed.
      expect(first.items[0]?.changes).toEqual([{ kind: "blindMode", before: expect.any(Boolean), after: expect.any(Boolean) }]);
    });

    it("validates the address: a bad cursor or filter is refused by the schema, a cursor past the end is an empty page", async () => {
      for (const before of ["abc", "0", "-1", "1.5", "99999999999999999", " 1"]) {
        expect(activityQuerySchema.safeParse({ before }).success, before).toBe(false);
      }
      expect(activityQuerySchema.safeParse({ before: "1", after: "2" }).success).toBe(false);
      expect(activityQuerySchema.safeParse({ kind: "claim.frobnicated" }).success).toBe(false);
      expect(activityQuerySchema.safeParse({ article: "not-a-uuid" }).success).toBe(false);
      expect(activityQuerySchema.safeParse({ from: "2026-02-30" }).success).toBe(false);
      expect(activityQuerySchema.safeParse({ from: "2026-02-02", to: "2026-02-01" }).success).toBe(false);
      // What a GET form sends for unused fields is no filter.
      expect(activityQuerySchema.parse({ person: "", article: "", kind: "", from: "", to: "", before: "42" })).toEqual({ before: 42 });
      const page = await feed(team.admin, team.projectId, { before: 1 });
      expect(page).toEqual({ items: [], older: null, newer: null });
    });

    it("names the claim by its quote and the article by its title, and says when the claim is deleted", async () => {
      const text = `Bike lanes report\n\n${ARTICLE_TEXT.split("\n\n")[1]} quote`;
      const article = await createArticle(db, team.projectId, text);
      const claim = await createClaim(db, team.ann, article.id, text, "The mayor said traffic fell by 12 percent.");
      const page = await feed(team.admin, team.projectId, { article: article.id });
      expect(page.items.map((item) => item.action)).toEqual(["claim.created", "article.imported"]);
      expect(page.items[0]).toMatchObject({
        claim: { id: claim.id, quote: "The mayor said traffic fell by 12 percent.", isDeleted: false },
        article: { id: article.id, title: "Bike lanes report" },
      });
      expect(page.items[1]).toMatchObject({ claim: null, article: { id: article.id, title: "Bike lanes report" } });
      await setClaimDeleted(db, team.ann, { claimId: claim.id, restore: false });
      const after = await feed(team.admin, team.projectId, { article: article.id, kind: "claim" });
      expect(after.items.map((item) => [item.action, item.claim?.isDeleted])).toEqual([
        ["claim.deleted", true],
        ["claim.created", true],
      ]);
    });

    it("cuts a long quote to a line", async () => {
      const sentence = `${"Very long sentence about the budget ".repeat(8).trim()}.`;
      const text = `Long quote\n\n${sentence}`;
      const article = await createArticle(db, team.projectId, text);
      await createClaim(db, team.ann, article.id, text, sentence);
      const [item] = (await feed(team.admin, team.projectId, { article: article.id, kind: "claim.created" })).items;
      expect(item?.claim?.quote.length).toBe(160);
      expect(item?.claim?.quote.endsWith("…")).toBe(true);
    });

    it("filters by person, article, kind (a group or one action) and date range", async () => {
      const project = await newProject(db, team.admin, "Filter project");
      await addRole(db, project.id, team.ann.id, "annotator");
      await addRole(db, project.id, team.ben.id, "annotator");
      const one = await createArticle(db, project.id, `${ARTICLE_TEXT} filter one`);
      const two = await createArticle(db, project.id, `${ARTICLE_TEXT} filter two`);
      const annClaim = await createClaim(db, team.ann, one.id, `${ARTICLE_TEXT} filter one`, "12 percent");
      await createClaim(db, team.ben, two.id, `${ARTICLE_TEXT} filter two`, "12 percent");
      await setBlindMode(db, team.admin, { projectId: project.id, isBlind: true });

      const byAnn = await feed(team.admin, project.id, { person: team.ann.id });
      expect(byAnn.items.map((item) => [item.action, item.entityId])).toEqual([["claim.created", annClaim.id]]);
      const onOne = await feed(team.admin, project.id, { article: one.id });
      expect(onOne.items.map((item) => item.action)).toEqual(["claim.created", "article.imported"]);
      expect(onOne.items.every((item) => item.article?.id === one.id)).toBe(true);
      const claims = await feed(team.admin, project.id, { kind: "claim" });
      expect(claims.items.map((item) => item.actorName)).toEqual(["Ben", "Ann"]);
      const blind = await feed(team.admin, project.id, { kind: "project.blind_mode_changed" });
      expect(blind.items.map((item) => item.changes)).toEqual([[{ kind: "blindMode", before: false, after: true }]]);
      const projectKind = await feed(team.admin, project.id, { kind: "project" });
      expect(projectKind.items.map((item) => item.action)).toEqual(["project.blind_mode_changed", "project.created"]);

      // Dates are calendar days in the site's time zone, both ends included.
      const all = await feed(team.admin, project.id);
      const newest = all.items[0]!;
      const day = (date: Date, timeZone: string) => new Intl.DateTimeFormat("en-CA", { timeZone }).format(date);
      for (const timeZone of ["UTC", "Pacific/Kiritimati"]) {
        const today = day(newest.createdAt, timeZone);
        expect((await feed(team.admin, project.id, { from: today, to: today }, timeZone)).items.length, timeZone).toBe(all.items.length);
      }
      const old = "2001-01-01";
      expect((await feed(team.admin, project.id, { to: old })).items).toEqual([]);
      expect((await feed(team.admin, project.id, { from: "2999-01-01" })).items).toEqual([]);
      // An event shortly before midnight UTC is the next day in Berlin.
      const [late] = await db
        .insert(events)
        .values({
          projectId: project.id,
          actorId: team.admin.id,
          entityType: "project",
          entityId: project.id,
          action: "project.taxonomy_updated",
          before: DEFAULT_TAXONOMY,
          after: DEFAULT_TAXONOMY,
          createdAt: new Date("2026-01-01T23:30:00Z"),
        })
        .returning({ id: events.id });
      const ids = async (query: ActivityQuery, timeZone: string) => (await feed(team.admin, project.id, query, timeZone)).items.map((i) => i.id);
      expect(await ids({ from: "2026-01-01", to: "2026-01-01" }, "UTC")).toEqual([late!.id]);
      expect(await ids({ from: "2026-01-01", to: "2026-01-01" }, "Europe/Berlin")).toEqual([]);
      expect(await ids({ from: "2026-01-02", to: "2026-01-02" }, "Europe/Berlin")).toEqual([late!.id]);

      const options = await activityFilterOptions(db, team.ann, project.id);
      expect(options.people.map((p) => p.name)).toEqual(["Admin", "Ann", "Ben"]);
      expect(options.articles.map((a) => a.id).sort()).toEqual([one.id, two.id].sort());
      expect((await expectAppError(() => activityFilterOptions(db, team.outsider, project.id))).code).toBe("not_found:project");
    });

    it("words role, blind-mode, taxonomy and invitation changes; an invitation's e-mail only for those who manage members", async () => {
      const project = await newProject(db, team.admin, "Settings project");
      await addRole(db, project.id, team.ann.id, "annotator");
      await addRole(db, project.id, team.viewer.id, "viewer");
      await setMemberRole(db, team.admin, { projectId: project.id, userId: team.ann.id, role: "reviewer" });
      await setBlindMode(db, team.admin, { projectId: project.id, isBlind: true });
      await setBlindMode(db, team.admin, { projectId: project.id, isBlind: false });
      await updateTaxonomy(db, team.admin, {
        projectId: project.id,
        taxonomy: { ...DEFAULT_TAXONOMY, claimTypes: [...DEFAULT_TAXONOMY.claimTypes, { key: "rumour", label: "Rumour" }] },
      });
      await createInvitation(db, team.admin, { projectId: project.id, email: "new@example.org", role: "annotator" });

      const page = await feed(team.admin, project.id);
      const byAction = (action: string) => page.items.filter((item) => item.action === action);
      expect(byAction("member.role_changed")).toMatchObject([
        { subjectName: "Ann", changes: [{ kind: "role", before: "annotator", after: "reviewer" }] },
      ]);
      expect(byAction("project.blind_mode_changed").map((item) => item.changes)).toEqual([
        [{ kind: "blindMode", before: true, after: false }],
        [{ kind: "blindMode", before: false, after: true }],
      ]);
      expect(byAction("project.taxonomy_updated").map((item) => item.changes)).toEqual([
        [{ kind: "entryAdded", list: "claimTypes", key: "rumour", label: "Rumour" }],
      ]);
      expect(byAction("invitation.created")).toMatchObject([
        { email: "new@example.org", changes: [{ kind: "role", before: null, after: "annotator" }] },
      ]);
      // The viewer sees that someone was invited and as what, not whom: the invitation list is the admins'.
      const seen = await feed(team.viewer, project.id, { kind: "invitation" });
      expect(seen.items).toMatchObject([{ action: "invitation.created", email: null, changes: [{ kind: "role", after: "annotator" }] }]);
    });

    it("stays within the blind rule: a fellow annotator's claim events only once the article is closed, filters included", async () => {
      const { project, article } = await blindProjectArticle(db, team.admin, "Blind history", [
        [team.ann, "annotator"],
        [team.ben, "annotator"],
        [team.viewer, "viewer"],
      ]);
      const annClaim = await createClaim(db, team.ann, article.id, ARTICLE_TEXT, "12 percent");
      const benClaim = await createClaim(db, team.ben, article.id, ARTICLE_TEXT, "4 million euros");
      const claimIds = async (actor: (typeof team)["ann"], query: ActivityQuery = {}) =>
        (await feed(actor, project.id, query)).items.filter((item) => item.entityType === "claim").map((item) => item.entityId);

      expect(await claimIds(team.ann)).toEqual([annClaim.id]);
      expect(await claimIds(team.ann, { person: team.ben.id })).toEqual([]);
      expect(await claimIds(team.ann, { article: article.id })).toEqual([annClaim.id]);
      expect(await claimIds(team.viewer, { kind: "claim" })).toEqual([]);
      // Assignments follow their annotator's work: Ann sees her own only.
      const assignments = (await feed(team.ann, project.id, { kind: "assignment" })).items;
      expect(assignments.map((item) => item.subjectName)).toEqual(["Ann"]);
      expect(await claimIds(team.admin)).toEqual([benClaim.id, annClaim.id]);

      await closeArticle(db, team.admin, article.id);
      expect(await claimIds(team.ann, { person: team.ben.id })).toEqual([benClaim.id]);
      expect(await claimIds(team.viewer, { article: article.id })).toEqual([benClaim.id, annClaim.id]);
      expect((await expectAppError(() => feed(team.outsider, project.id))).code).toBe("not_found:project");
    });
  });
});
