import { afterAll, beforeAll, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { type RouteSession, routeSession } from "@/test-support/route-session";
import { ARTICLE_TEXT, addRole, createArticle, createClaim, createUser, describeEachDatabase, newProject } from "@/test-support/team-fixtures";
import type { ActivityPage } from "./history";

// GET /api/projects/:id/activity — the activity page's pages and filters through the door.

describeEachDatabase("activity route", (getDatabase) => {
  let db: Db;
  let session: RouteSession;
  let projectId: string;

  beforeAll(async () => {
    const database = getDatabase();
    db = database.db;
    session = await routeSession(database, "Rita");
    const admin = await createUser(db, "Site admin", { isAdmin: true });
    const project = await newProject(db, admin, "Activity route");
    projectId = project.id;
    await addRole(db, projectId, session.actor.id, "reviewer");
    const article = await createArticle(db, projectId);
    await createClaim(db, admin, article.id, ARTICLE_TEXT, "The mayor said traffic fell by 12 percent.");
    await createClaim(db, admin, article.id, ARTICLE_TEXT, "Critics called the plan a waste of money.");
  });

  afterAll(() => session.restore());

  async function get(query: string) {
    const { GET } = await import("@/app/api/projects/[id]/activity/route");
    const request = new Request(`http://desk.lan:3000/api/projects/${projectId}/activity${query}`, {
      headers: { host: "desk.lan:3000", cookie: session.cookie },
    });
    return GET(request, { params: Promise.resolve({ id: projectId }) });
  }

  it("answers a page of the feed with its cursors, and the older page from the cursor", async () => {
    const first = await get("");
    expect(first.status).toBe(200);
    const page = (await first.json()) as ActivityPage;
    expect(page.items.map((i) => i.action)).toContain("claim.created");
    const newest = page.items[0]!.id;
    const older = (await (await get(`?before=${newest}`)).json()) as ActivityPage;
    expect(older.items.every((i) => i.id < newest)).toBe(true);
    const claims = (await (await get("?kind=claim.created")).json()) as ActivityPage;
    expect(claims.items.map((i) => i.action)).toEqual(["claim.created", "claim.created"]);
  });

  it("refuses a malformed cursor, kind or date with a 422 naming the field, never a 500", async () => {
    for (const [query, field] of [
      ["?before=abc", "before"],
      ["?kind=claim.nonsense", "kind"],
      ["?from=2026-13-40", "from"],
      ["?from=2026-05-02&to=2026-05-01", "to"],
    ] as const) {
      const response = await get(query);
      expect(response.status, query).toBe(422);
      const body = (await response.json()) as { error: { fields?: Record<string, string> } };
      expect(Object.keys(body.error.fields ?? {}), query).toContain(field);
    }
  });
});
