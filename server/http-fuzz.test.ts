/**
 * Malformed requests against every mutating route and every query parameter,
 * through the real route handlers (the door, better-auth sessions, the data
 * layer) on each test database: none may be answered with a 5xx. Each route
 * starts from a valid request and fast-check replaces one part of it — a
 * field, a parameter, the whole body, its bytes — with something hostile:
 * NUL characters, lone surrogates, impossible dates, integers past int4,
 * unknown enum values, wrong types, broken JSON and UTF-8.
 */

import { eq } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import { users } from "@/db/schema";
import { routeSession } from "@/test-support/route-session";
import { ARTICLE_TEXT, claimSave, createArticle, createClaim, describeEachDatabase, newProject } from "@/test-support/team-fixtures";
import { createInvitation } from "./accounts";
import type { Actor } from "./authz";

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Json = unknown;
type RouteCase = {
  name: string;
  method: string;
  load: () => Promise<Record<string, unknown>>;
  export: string;
  params?: () => Record<string, string>;
  query?: () => Record<string, string>;
  body?: () => Json;
};

const HOSTILE: Json[] = [
  "\u0000",
  "a\u0000b",
  "x\uD800y",
  "\uDC00",
  "\uD83D",
  "",
  " ",
  "2024-02-30",
  "2023-13-01",
  "0000-00-00",
  "0000-01-01",
  "99999-01-01",
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53,
  1e308,
  -1,
  0.5,
  true,
  false,
  null,
  [],
  {},
  [null],
  { "\u0000": 1 },
  "x".repeat(3000),
  "javascript:alert(1)",
  "</script><img src=x onerror=alert(1)>",
  "%E0%A4%A",
  "bogus_value",
  "not-a-uuid",
  "00000000-0000-0000-0000-000000000000",
  "0b2d9c4e-4a7f-4a0e-9a47-1d8a2f7e1c00",
];

const hostile = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.jsonValue({ maxDepth: 2 }),
  fc.string({ unit: "binary" }),
);

/** Every path to a leaf of a JSON value (object keys and array indexes). */
function leafPaths(value: Json, path: Array<string | number> = []): Array<Array<string | number>> {
  if (Array.isArray(value)) return value.length ? value.flatMap((v, i) => leafPaths(v, [...path, i])) : [path];
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    return entries.length ? entries.flatMap(([k, v]) => [path.concat(k), ...leafPaths(v, [...path, k])]) : [path];
  }
  return [path];
}

function setAt(value: Json, path: Array<string | number>, replacement: Json): Json {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, Json>;
  copy[head as string] = setAt((value as Record<string | number, Json>)?.[head as string], rest, replacement);
  return copy;
}

type Mutation =
  | { kind: "none" }
  | { kind: "field"; pick: number; value: Json }
  | { kind: "delete-field"; pick: number }
  | { kind: "param"; pick: number; value: Json }
  | { kind: "query"; pick: number; value: Json; asKey: boolean }
  | { kind: "body"; value: Json }
  | { kind: "raw"; text: string }
  | { kind: "bytes"; bytes: Uint8Array };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("field" as const), pick: fc.nat(), value: hostile }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("delete-field" as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("param" as const), pick: fc.nat(), value: hostile }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("query" as const), pick: fc.nat(), value: hostile, asKey: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("body" as const), value: hostile }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("raw" as const),
      text: fc.oneof(
        fc.string(),
        fc.constantFrom(
          "{",
          "[1,",
          '{"a":',
          "nul\u0000l",
          "\uFEFF{}",
          "[".repeat(20_000) + "]".repeat(20_000),
          `{"a":${"[".repeat(5_000)}"\u0000"${"]".repeat(5_000)}}`,
        ),
      ),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("bytes" as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }) }) },
);

const asText = (value: Json) => (typeof value === "string" ? value : (JSON.stringify(value) ?? ""));

describeEachDatabase("route fuzzing: malformed requests never get a 5xx", (getDb) => {
  let cookie = "";
  const ids: Record<string, string> = {};
  let admin: Actor;
  let counted = 0;
  const fiveHundreds: string[] = [];
  let restore: () => void = () => {};

  beforeAll(async () => {
    const database = getDb();
    // The route handlers read the process-wide database and auth: point both at this test database.
    const session = await routeSession(database, "Fuzz Admin");
    ({ cookie, restore } = session);
    await database.db.update(users).set({ isAdmin: true }).where(eq(users.id, session.actor.id));
    admin = { ...session.actor, isAdmin: true };
    const project = await newProject(database.db, admin, "Fuzz project");
    const article = await createArticle(database.db, project.id);
    const claim = await createClaim(database.db, admin, article.id, ARTICLE_TEXT, "The mayor said traffic fell by 12 percent.");
    const { invitation, token } = await createInvitation(database.db, admin, {
      projectId: project.id,
      email: "invitee@example.test",
      role: "annotator",
    });
    Object.assign(ids, { project: project.id, article: article.id, claim: claim.id, user: admin.id, invitation: invitation.id, token });
  });

  afterAll(() => {
    restore();
  });

  const routes: RouteCase[] = [
    {
      name: "PUT /api/claims/:id",
      method: "PUT",
      load: () => import("@/app/api/claims/[id]/route"),
      export: "PUT",
      params: () => ({ id: ids.claim! }),
      body: () => ({
        ...claimSave(ids.article!, ARTICLE_TEXT, "Critics called the plan a waste of money.", {
          sources: [
            {
              id: "5b1f5f7e-3b55-4c0c-9d8c-3f5d0f7a9a10",
              url: "https://example.org/a",
              title: "T",
              publisher: "P",
              stance: "supports",
              excerpt: "E",
              accessedOn: "2024-02-28",
              archiveUrl: null,
            },
          ],
        }),
        id: ids.claim!,
        baseVersion: 1,
      }),
    },
    {
      name: "DELETE /api/claims/:id",
      method: "DELETE",
      load: () => import("@/app/api/claims/[id]/route"),
      export: "DELETE",
      params: () => ({ id: ids.claim! }),
    },
    {
      name: "POST /api/claims/:id/restore",
      method: "POST",
      load: () => import("@/app/api/claims/[id]/restore/route"),
      export: "POST",
      params: () => ({ id: ids.claim! }),
    },
    {
      name: "POST /api/projects",
      method: "POST",
      load: () => import("@/app/api/projects/route"),
      export: "POST",
      body: () => ({ name: "P", isBlind: false, publisherName: "X", publisherUrl: "https://x.example" }),
    },
    {
      name: "PATCH /api/projects/:id",
      method: "PATCH",
      load: () => import("@/app/api/projects/[id]/route"),
      export: "PATCH",
      params: () => ({ id: ids.project! }),
      body: () => ({ isBlind: false }),
    },
    {
      name: "POST /api/projects/:id/members",
      method: "POST",
      load: () => import("@/app/api/projects/[id]/members/route"),
      export: "POST",
      params: () => ({ id: ids.project! }),
      body: () => ({ email: "nobody@example.test", role: "annotator" }),
    },
    {
      name: "PATCH /api/projects/:id/members/:userId",
      method: "PATCH",
      load: () => import("@/app/api/projects/[id]/members/[userId]/route"),
      export: "PATCH",
      params: () => ({ id: ids.project!, userId: ids.user! }),
      body: () => ({ role: "admin" }),
    },
    {
      name: "PUT /api/projects/:id/taxonomy",
      method: "PUT",
      load: () => import("@/app/api/projects/[id]/taxonomy/route"),
      export: "PUT",
      params: () => ({ id: ids.project! }),
      body: () => ({
        claimTypes: [
          { key: "statistic", label: "Statistic" },
          { key: "quote", label: "Quote" },
        ],
        verdicts: [
          { key: "unverified", label: "Unverified", rating: null },
          { key: "true", label: "True", rating: 5 },
        ],
        stances: [{ key: "supports", label: "Supports" }],
      }),
    },
    {
      name: "POST /api/projects/:id/invitations",
      method: "POST",
      load: () => import("@/app/api/projects/[id]/invitations/route"),
      export: "POST",
      params: () => ({ id: ids.project! }),
      body: () => ({ email: "someone@example.test", role: "viewer" }),
    },
    {
      name: "DELETE /api/projects/:id/invitations/:invitationId",
      method: "DELETE",
      load: () => import("@/app/api/projects/[id]/invitations/[invitationId]/route"),
      export: "DELETE",
      params: () => ({ id: ids.project!, invitationId: ids.invitation! }),
    },
    {
      name: "POST /api/articles (paste)",
      method: "POST",
      load: () => import("@/app/api/articles/route"),
      export: "POST",
      query: () => ({ projectId: ids.project! }),
      body: () => ({ files: [{ name: "a.txt", content: "Titel\n\nEin Satz. Noch einer." }] }),
    },
    {
      name: "POST /api/reviews/gold",
      method: "POST",
      load: () => import("@/app/api/reviews/gold/route"),
      export: "POST",
      body: () => ({ claimIds: [ids.claim!] }),
    },
    {
      name: "POST /api/reviews/articles/:id/gold/agreed",
      method: "POST",
      load: () => import("@/app/api/reviews/articles/[id]/gold/agreed/route"),
      export: "POST",
      params: () => ({ id: ids.article! }),
    },
    {
      name: "GET /api/notifications",
      method: "GET",
      load: () => import("@/app/api/notifications/route"),
      export: "GET",
      query: () => ({ unread: "1" }),
    },
    { name: "GET /api/notifications/unread", method: "GET", load: () => import("@/app/api/notifications/unread/route"), export: "GET" },
    {
      name: "POST /api/notifications/read",
      method: "POST",
      load: () => import("@/app/api/notifications/read/route"),
      export: "POST",
      body: () => ({ all: true }),
    },
    {
      name: "POST /api/reviews/articles/:id/gold",
      method: "POST",
      load: () => import("@/app/api/reviews/articles/[id]/gold/route"),
      export: "POST",
      params: () => ({ id: ids.article! }),
      body: () => ({
        target: claimSave(ids.article!, ARTICLE_TEXT, "The mayor said").target,
        fields: { claimType: "statistic", verdict: "unverified" },
      }),
    },
    {
      name: "POST /api/reviews/articles/:id/submit",
      method: "POST",
      load: () => import("@/app/api/reviews/articles/[id]/submit/route"),
      export: "POST",
      params: () => ({ id: ids.article! }),
    },
    {
      name: "POST /api/reviews/articles/:id/assignments",
      method: "POST",
      load: () => import("@/app/api/reviews/articles/[id]/assignments/route"),
      export: "POST",
      params: () => ({ id: ids.article! }),
      body: () => ({ userIds: [ids.user!] }),
    },
    {
      name: "DELETE /api/reviews/articles/:id/assignments",
      method: "DELETE",
      load: () => import("@/app/api/reviews/articles/[id]/assignments/route"),
      export: "DELETE",
      params: () => ({ id: ids.article! }),
      query: () => ({ userId: ids.user! }),
    },
    {
      name: "POST /api/reviews/claims/:id/decision",
      method: "POST",
      load: () => import("@/app/api/reviews/claims/[id]/decision/route"),
      export: "POST",
      params: () => ({ id: ids.claim! }),
      body: () => ({ decision: "request_changes", comment: "Bitte prüfen." }),
    },
    {
      name: "POST /api/reviews/claims/:id/comments",
      method: "POST",
      load: () => import("@/app/api/reviews/claims/[id]/comments/route"),
      export: "POST",
      params: () => ({ id: ids.claim! }),
      body: () => ({ id: "6c1f5f7e-3b55-4c0c-9d8c-3f5d0f7a9a11", body: "Kommentar" }),
    },
    {
      name: "POST /api/account/sign-up",
      method: "POST",
      load: () => import("@/app/api/account/sign-up/route"),
      export: "POST",
      body: () => ({ name: "N", email: "invitee@example.test", password: "short", invitationToken: ids.token! }),
    },
    {
      name: "POST /api/invitations/accept",
      method: "POST",
      load: () => import("@/app/api/invitations/accept/route"),
      export: "POST",
      body: () => ({ token: ids.token! }),
    },
    {
      name: "POST /api/admin/accounts",
      method: "POST",
      load: () => import("@/app/api/admin/accounts/route"),
      export: "POST",
      body: () => ({ name: "Made", email: "made@example.test", password: "weak" }),
    },
    {
      name: "POST /api/import (jsonl)",
      method: "POST",
      load: () => import("@/app/api/import/route"),
      export: "POST",
      query: () => ({ format: "jsonl", projectId: ids.project!, skipInvalid: "1" }),
      body: () => ({ type: "header", format: "claimwork-jsonl", format_version: 1, generated_at: "2024-01-01T00:00:00.000Z" }),
    },
    {
      name: "POST /api/import (w3c)",
      method: "POST",
      load: () => import("@/app/api/import/route"),
      export: "POST",
      query: () => ({ format: "w3c", projectId: ids.project! }),
      body: () => ({
        type: "AnnotationCollection",
        first: {
          type: "AnnotationPage",
          items: [
            {
              type: "Annotation",
              motivation: "assessing",
              target: { source: "https://x.example/articles/1", selector: [{ type: "TextQuoteSelector", exact: "The mayor" }] },
            },
          ],
        },
      }),
    },
    {
      name: "POST /api/import (articles)",
      method: "POST",
      load: () => import("@/app/api/import/route"),
      export: "POST",
      query: () => ({ format: "articles", projectId: ids.project! }),
      body: () => ({ text: "Titel\n\nEin Satz.", title: "T", sourceUrl: "https://x.example/a", language: "de" }),
    },
    {
      name: "GET /api/export",
      method: "GET",
      load: () => import("@/app/api/export/route"),
      export: "GET",
      query: () => ({
        format: "jsonl",
        projectId: ids.project!,
        articleIds: ids.article!,
        authorId: ids.user!,
        statuses: "draft,submitted",
        goldOnly: "1",
        from: "2024-01-01",
        to: "2030-12-31",
      }),
    },
    {
      name: "GET /api/export/count",
      method: "GET",
      load: () => import("@/app/api/export/count/route"),
      export: "GET",
      query: () => ({ format: "csv", projectId: ids.project!, statuses: "accepted", from: "2024-01-01" }),
    },
    { name: "GET /api/live", method: "GET", load: () => import("@/app/api/live/route"), export: "GET", query: () => ({ articleId: ids.article! }) },
    {
      name: "GET /api/reviews/claims/:id/history",
      method: "GET",
      load: () => import("@/app/api/reviews/claims/[id]/history/route"),
      export: "GET",
      params: () => ({ id: ids.claim! }),
    },
    {
      name: "GET /api/articles/:id/claims",
      method: "GET",
      load: () => import("@/app/api/articles/[id]/claims/route"),
      export: "GET",
      params: () => ({ id: ids.article! }),
    },
    {
      name: "GET /api/articles/:id/sentences/decisions",
      method: "GET",
      load: () => import("@/app/api/articles/[id]/sentences/decisions/route"),
      export: "GET",
      params: () => ({ id: ids.article! }),
    },
    {
      name: "PUT /api/articles/:id/sentences/:index/decision",
      method: "PUT",
      load: () => import("@/app/api/articles/[id]/sentences/[index]/decision/route"),
      export: "PUT",
      params: () => ({ id: ids.article!, index: "0" }),
      body: () => ({ decision: "no_claim" }),
    },
    {
      name: "PUT /api/articles/:id/sentences/:index/exclusion",
      method: "PUT",
      load: () => import("@/app/api/articles/[id]/sentences/[index]/exclusion/route"),
      export: "PUT",
      params: () => ({ id: ids.article!, index: "1" }),
      body: () => ({ excluded: true, reason: "footer" }),
    },
    {
      name: "GET /api/projects/:id/suggestions",
      method: "GET",
      load: () => import("@/app/api/projects/[id]/suggestions/route"),
      export: "GET",
      params: () => ({ id: ids.project! }),
      query: () => ({ field: "speaker", q: "Re", limit: "5" }),
    },
    {
      name: "GET /api/articles (search)",
      method: "GET",
      load: () => import("@/app/api/articles/route"),
      export: "GET",
      query: () => ({ q: "Critics", sort: "title", size: "25", page: "1", state: "open", mine: "assigned", language: "en" }),
    },
    {
      name: "POST /api/articles/:id/revisions",
      method: "POST",
      load: () => import("@/app/api/articles/[id]/revisions/route"),
      export: "POST",
      params: () => ({ id: ids.article! }),
      body: () => ({ text: `${ARTICLE_TEXT}\n\nA correction was added.`, name: "corrected.txt" }),
    },
    {
      name: "GET /api/articles/:id/revisions/:number",
      method: "GET",
      load: () => import("@/app/api/articles/[id]/revisions/[number]/route"),
      export: "GET",
      params: () => ({ id: ids.article!, number: "1" }),
    },
    {
      name: "POST /api/claims/:id/reanchor",
      method: "POST",
      load: () => import("@/app/api/claims/[id]/reanchor/route"),
      export: "POST",
      params: () => ({ id: ids.claim! }),
      body: () => ({ version: 1, resolution: { action: "place", start: 0, end: 3 } }),
    },
  ];

  async function send(route: RouteCase, m: Mutation): Promise<number> {
    const module = await route.load();
    const handler = module[route.export] as Handler;
    const params: Record<string, unknown> = route.params?.() ?? {};
    const query: Record<string, unknown> = route.query?.() ?? {};
    let body: Json = route.body?.();
    let raw: BodyInit | undefined;
    if (m.kind === "field" || m.kind === "delete-field") {
      if (body === undefined) body = {};
      const paths = leafPaths(body);
      const path = paths[m.pick % paths.length]!;
      body = m.kind === "field" ? setAt(body, path, m.value) : setAt(body, path, undefined);
    } else if (m.kind === "param") {
      const keys = Object.keys(params);
      if (keys.length) params[keys[m.pick % keys.length]!] = asText(m.value);
    } else if (m.kind === "query") {
      const keys = Object.keys(query);
      if (m.asKey || keys.length === 0) query[asText(m.value)] = "1";
      else query[keys[m.pick % keys.length]!] = asText(m.value);
    } else if (m.kind === "body") body = m.value;
    else if (m.kind === "raw") raw = m.text;
    else if (m.kind === "bytes") raw = m.bytes as unknown as BodyInit;
    const url = new URL(`http://localhost/fuzz`);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, String(v));
    const hasBody = route.method !== "GET" && (raw !== undefined || body !== undefined);
    const request = new Request(url, {
      method: route.method,
      headers: { cookie, ...(hasBody ? { "content-type": "application/json" } : {}) },
      body: hasBody ? (raw ?? JSON.stringify(body)) : undefined,
    });
    const response = await handler(request, { params: Promise.resolve(params as Record<string, string>) });
    if (response.status >= 500) {
      fiveHundreds.push(`${route.name} ${JSON.stringify(m).slice(0, 300)} → ${response.status} ${(await response.text()).slice(0, 200)}`);
    } else {
      await response.body?.cancel().catch(() => {});
    }
    counted++;
    return response.status;
  }

  it("answers the valid form of every route without a 5xx (the fuzzing starts from working requests)", async () => {
    const statuses: string[] = [];
    for (const route of routes) {
      const status = await send(route, { kind: "none" }).catch((e: unknown) => {
        throw new Error(`${route.name} threw: ${String(e)}`);
      });
      expect(status, route.name).toBeLessThan(500);
      statuses.push(`${route.name} ${status}`);
    }
    console.log(`[fuzz] valid forms: ${statuses.join(", ")}`);
  });

  it("sends at least 2,000 malformed requests and gets no 5xx", async () => {
    const runsPerRoute = Math.ceil(2000 / routes.length) + 2;
    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(mutation, async (m) => {
          await send(route, m);
        }),
        { numRuns: runsPerRoute, seed: 9_302_152, endOnFailure: true },
      );
    }
    expect(fiveHundreds, fiveHundreds.slice(0, 10).join("\n")).toEqual([]);
    expect(counted).toBeGreaterThanOrEqual(2000);
    console.log(`[fuzz] ${getDb().kind}: ${counted} requests, ${fiveHundreds.length} answered 5xx`);
  }, 600_000);
});
