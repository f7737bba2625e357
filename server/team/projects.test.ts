import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { events, projectMembers } from "@/db/schema";
import { DEFAULT_TAXONOMY, type Taxonomy } from "@/lib/taxonomy";
import {
  ARTICLE_TEXT,
  addRole,
  createArticle,
  createClaim,
  createUser,
  createUsers,
  describeEachDatabase,
  expectAppError,
  type Users,
} from "@/test-support/team-fixtures";
import { parseWith } from "../http";
import {
  addMember,
  createProject,
  createProjectSchema,
  getProject,
  listMembers,
  listProjects,
  removeMember,
  setBlindMode,
  setMemberRole,
  taxonomySchema,
  updateTaxonomy,
} from "./projects";

describeEachDatabase("team: projects", (getDatabase) => {
  let db: Db;
  let users: Users<{ alice: string; bob: string }>;

  beforeAll(async () => {
    db = getDatabase().db;
    users = await createUsers(db, { alice: "Alice", bob: "Bob" }, "Root");
  });

  describe("createProject / listProjects", () => {
    it("lets a site admin create a project and makes them its admin, with a history entry", async () => {
      const project = await createProject(db, users.admin, parseWith(createProjectSchema, { name: "  Elections 2025 ", isBlind: true }));
      expect(project.name).toBe("Elections 2025");
      expect(project.isBlind).toBe(true);
      expect(project.taxonomy).toEqual(DEFAULT_TAXONOMY);
      const [member] = await db
        .select()
        .from(projectMembers)
        .where(and(eq(projectMembers.projectId, project.id), eq(projectMembers.userId, users.admin.id)));
      expect(member?.role).toBe("admin");
      const history = await db.select().from(events).where(eq(events.projectId, project.id));
      expect(history.map((e) => e.action)).toContain("project.created");
    });

    it("refuses anyone else (403) and validates the name (422)", async () => {
      expect((await expectAppError(() => createProject(db, users.alice, parseWith(createProjectSchema, { name: "Mine" })))).code).toBe(
        "forbidden:project",
      );
      const invalid = await expectAppError(() => createProject(db, users.admin, parseWith(createProjectSchema, { name: "   " })));
      expect(invalid.status).toBe(422);
      expect(invalid.fields).toHaveProperty("name");
    });

    it("lists only the actor's projects, with their role", async () => {
      const project = await createProject(db, users.admin, parseWith(createProjectSchema, { name: "Listed" }));
      await addMember(db, users.admin, { projectId: project.id, userId: users.alice.id, role: "reviewer" });
      const mine = await listProjects(db, users.alice);
      expect(mine.map((p) => [p.name, p.role])).toEqual([["Listed", "reviewer"]]);
      expect(mine[0]?.memberCount).toBe(2);
      expect(await listProjects(db, users.bob)).toEqual([]);
      expect((await listProjects(db, users.admin)).length).toBeGreaterThanOrEqual(2);
    });
  });

  describe("members", () => {
    it("adds by email or id, changes roles, removes; only project admins may", async () => {
      const project = await createProject(db, users.admin, parseWith(createProjectSchema, { name: "Members" }));
      await addRole(db, project.id, users.alice.id, "admin");
      const added = await addMember(db, users.alice, { projectId: project.id, email: users.bob.email.toUpperCase(), role: "annotator" });
      expect(added).toMatchObject({ userId: users.bob.id, role: "annotator" });
      expect((await setMemberRole(db, users.alice, { projectId: project.id, userId: users.bob.id, role: "viewer" })).role).toBe("viewer");
      // a member who is not an admin cannot manage members
      expect((await expectAppError(() => addMember(db, users.bob, { projectId: project.id, userId: users.bob.id, role: "admin" }))).code).toBe(
        "forbidden:project",
      );
      // an outsider gets 404
      const outsider = await createUser(db, "Outsider");
      expect((await expectAppError(() => listMembers(db, outsider, project.id))).code).toBe("not_found:project");
      // unknown account
      expect(
        (await expectAppError(() => addMember(db, users.alice, { projectId: project.id, email: "nobody@example.test", role: "viewer" }))).status,
      ).toBe(422);

      await removeMember(db, users.alice, { projectId: project.id, userId: users.bob.id });
      expect((await listMembers(db, users.alice, project.id)).map((m) => m.userId).sort()).toEqual([users.alice.id, users.admin.id].sort());
      expect((await expectAppError(() => removeMember(db, users.alice, { projectId: project.id, userId: users.bob.id }))).code).toBe(
        "not_found:member",
      );
      const actions = (await db.select({ action: events.action }).from(events).where(eq(events.projectId, project.id))).map((e) => e.action);
      expect(actions).toEqual(expect.arrayContaining(["member.added", "member.role_changed", "member.removed"]));
    });

    it("never leaves a project without an admin", async () => {
      const project = await createProject(db, users.admin, parseWith(createProjectSchema, { name: "Last admin" }));
      expect(
        (await expectAppError(() => setMemberRole(db, users.admin, { projectId: project.id, userId: users.admin.id, role: "viewer" }))).code,
      ).toBe("conflict:member");
      expect((await expectAppError(() => removeMember(db, users.admin, { projectId: project.id, userId: users.admin.id }))).code).toBe(
        "conflict:member",
      );
      await addMember(db, users.admin, { projectId: project.id, userId: users.alice.id, role: "admin" });
      await removeMember(db, users.admin, { projectId: project.id, userId: users.admin.id });
      expect((await listMembers(db, users.alice, project.id)).map((m) => m.role)).toEqual(["admin"]);
    });
  });

  describe("updateTaxonomy", () => {
    const withTypes = (claimTypes: Taxonomy["claimTypes"]): Taxonomy => ({ ...DEFAULT_TAXONOMY, claimTypes });

    it("renames labels freely and adds keys", async () => {
      const project = await createProject(db, users.admin, parseWith(createProjectSchema, { name: "Taxonomy rename" }));
      const next = withTypes([...DEFAULT_TAXONOMY.claimTypes.map((t) => ({ ...t, label: `${t.label}!` })), { key: "legal", label: "Legal" }]);
      expect(await updateTaxonomy(db, users.admin, { projectId: project.id, taxonomy: parseWith(taxonomySchema, next) })).toEqual(next);
      expect((await getProject(db, users.admin, project.id)).taxonomy.claimTypes.at(-1)).toEqual({ key: "legal", label: "Legal" });
    });

    it("refuses duplicate keys, empty labels and bad keys (422)", async () => {
      const project = await createProject(db, users.admin, parseWith(createProjectSchema, { name: "Taxonomy invalid" }));
      const dup = await expectAppError(() =>
        updateTaxonomy(db, users.admin, {
          projectId: project.id,
          taxonomy: parseWith(
            taxonomySchema,
            withTypes([
              { key: "a", label: "A" },
              { key: "a", label: "B" },
            ]),
          ),
        }),
      );
      expect(dup.status).toBe(422);
      expect(dup.fields).toHaveProperty("claimTypes.1.key");
      const empty = await expectAppError(() =>
        updateTaxonomy(db, users.admin, { projectId: project.id, taxonomy: parseWith(taxonomySchema, withTypes([{ key: "a", label: "  " }])) }),
      );
      expect(empty.fields).toHaveProperty("claimTypes.0.label");
      const badKey = await expectAppError(() =>
        updateTaxonomy(db, users.admin, {
          projectId: project.id,
          taxonomy: parseWith(taxonomySchema, withTypes([{ key: "Has Space", label: "x" }])),
        }),
      );
      expect(badKey.fields).toHaveProperty("claimTypes.0.key");
      const noDefault = await expectAppError(() =>
        updateTaxonomy(db, users.admin, {
          projectId: project.id,
          taxonomy: parseWith(taxonomySchema, { ...DEFAULT_TAXONOMY, verdicts: [{ key: "true", label: "True", rating: 5 }] }),
        }),
      );
      expect(noDefault.status).toBe(422);
    });

    it("refuses removing a key claims still use (409 naming the count), allows removing unused keys", async () => {
      const project = await createProject(db, users.admin, parseWith(createProjectSchema, { name: "Taxonomy in use" }));
      await addRole(db, project.id, users.alice.id, "annotator");
      const article = await createArticle(db, project.id);
      await createClaim(db, users.alice, article.id, ARTICLE_TEXT, "4 million euros", { claimType: "statistic" });
      await createClaim(db, users.alice, article.id, ARTICLE_TEXT, "12 percent", { claimType: "statistic" });
      const withoutStatistic = withTypes(DEFAULT_TAXONOMY.claimTypes.filter((t) => t.key !== "statistic"));
      const error = await expectAppError(() =>
        updateTaxonomy(db, users.admin, { projectId: project.id, taxonomy: parseWith(taxonomySchema, withoutStatistic) }),
      );
      expect(error.status).toBe(409);
      expect(error.message).toContain('claim type "statistic" is used by 2 claims');
      const withoutEvent = withTypes(DEFAULT_TAXONOMY.claimTypes.filter((t) => t.key !== "event"));
      await updateTaxonomy(db, users.admin, { projectId: project.id, taxonomy: parseWith(taxonomySchema, withoutEvent) });
      expect((await getProject(db, users.alice, project.id)).taxonomy.claimTypes.map((t) => t.key)).not.toContain("event");
    });

    it("is for project admins only", async () => {
      const project = await createProject(db, users.admin, parseWith(createProjectSchema, { name: "Taxonomy authz" }));
      await addRole(db, project.id, users.alice.id, "reviewer");
      expect(
        (
          await expectAppError(() =>
            updateTaxonomy(db, users.alice, { projectId: project.id, taxonomy: parseWith(taxonomySchema, DEFAULT_TAXONOMY) }),
          )
        ).code,
      ).toBe("forbidden:project");
      expect(
        (await expectAppError(() => updateTaxonomy(db, users.bob, { projectId: project.id, taxonomy: parseWith(taxonomySchema, DEFAULT_TAXONOMY) })))
          .code,
      ).toBe("not_found:project");
    });
  });

  describe("setBlindMode", () => {
    it("toggles, records history, and is for project admins only", async () => {
      const project = await createProject(db, users.admin, parseWith(createProjectSchema, { name: "Blind" }));
      await addRole(db, project.id, users.alice.id, "admin");
      await addRole(db, project.id, users.bob.id, "reviewer");
      expect(await setBlindMode(db, users.alice, { projectId: project.id, isBlind: true })).toEqual({ isBlind: true });
      expect((await getProject(db, users.bob, project.id)).isBlind).toBe(true);
      expect((await expectAppError(() => setBlindMode(db, users.bob, { projectId: project.id, isBlind: false }))).type).toBe("forbidden");
      const actions = (await db.select({ action: events.action }).from(events).where(eq(events.projectId, project.id))).map((e) => e.action);
      expect(actions).toContain("project.blind_mode_changed");
    });
  });
});
