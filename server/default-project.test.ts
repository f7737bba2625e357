import { eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { projectMembers, projects, users } from "@/db/schema";
import { DEFAULT_TAXONOMY } from "@/lib/taxonomy";
import { createTestUser, describeEachDatabase, onboardNewUser, onboardTestUser, type TestDatabase } from "@/test-support/databases";
import { DEFAULT_PROJECT_ID, ensureDefaultProject } from "./default-project";

describeEachDatabase("onboarding", (getDatabase) => {
  let t: TestDatabase;

  beforeAll(() => {
    t = getDatabase();
  });

  async function roleIn(userId: string) {
    const [row] = await t.db.select({ role: projectMembers.role }).from(projectMembers).where(eq(projectMembers.userId, userId));
    return row?.role ?? null;
  }

  it("makes exactly one of the first users site admin, even when they sign up at once", async () => {
    // The database is fresh: nobody is admin yet.
    const racers = await Promise.all(Array.from({ length: 4 }, (_, i) => createTestUser(t.db, `Racer ${i}`)));
    await Promise.all(racers.map((r) => onboardNewUser(t.db, r.id)));
    const admins = await t.db.select({ id: users.id }).from(users).where(eq(users.isAdmin, true));
    expect(admins).toHaveLength(1);
    const roles = await Promise.all(racers.map((r) => roleIn(r.id)));
    expect(roles.filter((r) => r === "admin")).toHaveLength(1);
    expect(roles.filter((r) => r === "annotator")).toHaveLength(3);
    expect(await roleIn(admins[0]!.id)).toBe("admin");
  });

  it("makes later users annotators of the default project, idempotently", async () => {
    const later = await onboardTestUser(t.db, "Later");
    expect(later.isAdmin).toBe(false);
    expect(await roleIn(later.id)).toBe("annotator");
    await onboardNewUser(t.db, later.id);
    expect(await roleIn(later.id)).toBe("annotator");

    const [project] = await t.db.select().from(projects).where(eq(projects.id, DEFAULT_PROJECT_ID));
    expect(project).toMatchObject({ isDefault: true, taxonomy: DEFAULT_TAXONOMY });
    expect(await ensureDefaultProject(t.db)).toBe(DEFAULT_PROJECT_ID);
    expect(await t.db.select().from(projects).where(eq(projects.isDefault, true))).toHaveLength(1);
  });
});
