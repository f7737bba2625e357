import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { invitations, projectMembers, sessions, users, verifications } from "@/db/schema";
import { createProject, createProjectSchema } from "@/server/team/projects";
import { createTestUser, describeEachDatabase, expectAppError as expectError } from "@/test-support/databases";
import {
  acceptInvitation,
  createInvitation,
  createInvitationSchema,
  ensureSetupToken,
  listInvitations,
  revokeInvitation,
  signUp,
  viewInvitation,
} from "./accounts";
import { createAuth } from "./auth";
import type { Actor } from "./authz";
import { DEFAULT_PROJECT_ID } from "./default-project";
import { parseWith } from "./http";

const STRONG = "Fahrrad Wolke Tinte 47";

/** The AppError a call is refused with, checked for status (and code). */
async function expectAppError(promise: Promise<unknown>, status: number, code?: string) {
  const error = await expectError(() => promise);
  expect(error.status, error.message).toBe(status);
  if (code) expect(error.code).toBe(code);
  return error;
}

describeEachDatabase("accounts: closed by default, invitations, password rules", (getDb) => {
  const auth = () => createAuth(getDb().db, "test-secret-0123456789abcdef0123456789abcdef");
  /** better-auth's sign-up as the app calls it (server/auth.ts createAccount), over the test database. */
  const createAccount = async (body: { name: string; email: string; password: string }) => {
    const response = await auth().api.signUpEmail({ body, asResponse: true });
    const data = (await response.clone().json()) as { user?: { id: string }; message?: string };
    if (!data.user) throw new Error(`sign-up failed: ${response.status} ${data.message}`);
    return { userId: data.user.id, response };
  };
  let admin: Actor;
  let projectId: string;

  it("a fresh instance has a setup code; the first account needs it, becomes site admin and the code is spent", async () => {
    const { db } = getDb();
    const token = await ensureSetupToken(db);
    expect(token).toMatch(/^[\w-]{20,}$/);
    expect(await ensureSetupToken(db)).toBe(token);
    await expectAppError(
      signUp(db, { name: "Eve", email: "eve@x.example", password: STRONG, setupToken: "wrong" }, createAccount),
      403,
      "forbidden:setup",
    );
    await expectAppError(signUp(db, { name: "Eve", email: "eve@x.example", password: STRONG }, createAccount), 403, "forbidden:sign_up");
    const result = await signUp(db, { name: "Ada Admin", email: "Ada@News.example", password: STRONG, setupToken: token! }, createAccount);
    expect(result.joined).toEqual({ projectId: DEFAULT_PROJECT_ID, role: "admin" });
    expect(result.response.headers.getSetCookie().join(";")).toMatch(/session_token/);
    const [row] = await db.select().from(users).where(eq(users.email, "ada@news.example"));
    expect(row?.isAdmin).toBe(true);
    admin = { id: row!.id, name: row!.name, email: row!.email, isAdmin: true };
    expect(await ensureSetupToken(db)).toBeNull();
    await expectAppError(
      signUp(db, { name: "Eve", email: "eve2@x.example", password: STRONG, setupToken: token! }, createAccount),
      403,
      "forbidden:setup",
    );
    projectId = (await createProject(db, admin, parseWith(createProjectSchema, { name: "Desk" }))).id;
  });

  it("a second setup code issued while the first setup ran cannot mint a second administrator", async () => {
    const { db } = getDb();
    // As if an instance had started during the first setup: a code exists again although an admin does.
    await db
      .insert(verifications)
      .values({ id: "claimwork:setup", identifier: "claimwork:setup", value: "late-code-0123456789", expiresAt: new Date("9999-12-31T00:00:00Z") });
    await expectAppError(
      signUp(db, { name: "Late", email: "late@x.example", password: STRONG, setupToken: "late-code-0123456789" }, createAccount),
      403,
      "forbidden:setup",
    );
    expect(await db.select().from(users).where(eq(users.email, "late@x.example"))).toHaveLength(0);
    expect(await db.select().from(users).where(eq(users.isAdmin, true))).toHaveLength(1);
  });

  it("refuses weak passwords, the e-mail as password and over-long names, naming the field", async () => {
    const { db } = getDb();
    const { token } = await createInvitation(db, admin, { projectId, email: "weak@x.example", role: "annotator" });
    const rules: unknown[] = [];
    for (const password of ["12345678", "password1234", "weak@x.example", "qwertzuiop"]) {
      const error = await expectAppError(
        signUp(db, { name: "W", email: "weak@x.example", password, invitationToken: token }, createAccount),
        422,
        "unprocessable:validation",
      );
      expect(error.fields?.password).toBeDefined();
      rules.push((error.detail as { rules: { password?: unknown } }).rules.password);
    }
    // Each refusal also as data: the rule, and zxcvbn's warning by key, for the form to word in the person's language.
    expect(rules).toEqual([
      { rule: "too_short", min: 10 },
      { rule: "too_weak", warning: "similarToCommon", suggestions: expect.any(Array) },
      { rule: "is_email" },
      { rule: "too_weak", warning: "straightRow", suggestions: expect.any(Array) },
    ]);
    const long = await expectAppError(
      signUp(db, { name: "x".repeat(101), email: "weak@x.example", password: STRONG, invitationToken: token }, createAccount),
      422,
    );
    expect(long.fields?.name).toMatch(/at most 100/);
    // Nothing was created by the refused attempts.
    expect(await db.select().from(users).where(eq(users.email, "weak@x.example"))).toHaveLength(0);
  });

  it("an invitation lets its e-mail join that project only, once; a withdrawn or used link says the same thing", async () => {
    const { db } = getDb();
    const { token, invitation } = await createInvitation(db, admin, {
      projectId,
      ...parseWith(createInvitationSchema, { email: "Bo@X.example", role: "reviewer" }),
    });
    expect(invitation.email).toBe("bo@x.example");
    expect((await viewInvitation(db, token)).projectName).toBe("Desk");
    await expectAppError(signUp(db, { name: "Bo", email: "other@x.example", password: STRONG, invitationToken: token }, createAccount), 422);
    const result = await signUp(db, { name: "Bo", email: "bo@x.example", password: STRONG, invitationToken: token }, createAccount);
    expect(result.joined).toEqual({ projectId, role: "reviewer" });
    const [bo] = await db.select().from(users).where(eq(users.email, "bo@x.example"));
    const memberships = await db.select().from(projectMembers).where(eq(projectMembers.userId, bo!.id));
    expect(memberships.map((m) => [m.projectId, m.role])).toEqual([[projectId, "reviewer"]]);
    const used = await expectAppError(viewInvitation(db, token), 410, "gone:invitation");
    const revokedLink = await createInvitation(db, admin, { projectId, email: "cy@x.example", role: "annotator" });
    await revokeInvitation(db, admin, { projectId, invitationId: revokedLink.invitation.id });
    const revoked = await expectAppError(viewInvitation(db, revokedLink.token), 410, "gone:invitation");
    const unknown = await expectAppError(viewInvitation(db, "no-such-token"), 410, "gone:invitation");
    expect(new Set([used.message, revoked.message, unknown.message]).size).toBe(1);
    expect((await listInvitations(db, admin, projectId)).find((i) => i.id === revokedLink.invitation.id)?.state).toBe("revoked");
  });

  it("an expired invitation does not work, and a new one for the same address replaces the old", async () => {
    const { db } = getDb();
    const first = await createInvitation(db, admin, { projectId, email: "di@x.example", role: "annotator" });
    const second = await createInvitation(db, admin, { projectId, email: "di@x.example", role: "viewer" });
    await expectAppError(viewInvitation(db, first.token), 410);
    await db
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invitations.id, second.invitation.id));
    await expectAppError(signUp(db, { name: "Di", email: "di@x.example", password: STRONG, invitationToken: second.token }, createAccount), 410);
  });

  it("only project admins invite; a signed-in invitee accepts with their own e-mail only", async () => {
    const { db } = getDb();
    const annotator = await createTestUser(db, "Plain");
    await db.insert(projectMembers).values({ projectId, userId: annotator.id, role: "annotator" });
    await expectAppError(createInvitation(db, annotator, { projectId, email: "z@x.example", role: "admin" }), 403);
    const outsider = await createTestUser(db, "Outsider");
    await expectAppError(createInvitation(db, outsider, { projectId, email: "z@x.example", role: "admin" }), 404);
    const { token } = await createInvitation(db, admin, { projectId, email: outsider.email, role: "viewer" });
    await expectAppError(acceptInvitation(db, annotator, token), 403, "forbidden:invitation");
    expect(await acceptInvitation(db, outsider, token)).toEqual({ projectId, role: "viewer" });
    await expectAppError(acceptInvitation(db, outsider, token), 410);
  });

  it("better-auth's own sign-up is closed over HTTP, and a password change ends the other sessions", async () => {
    const { db } = getDb();
    const httpSignUp = await auth().handler(
      new Request("http://localhost:3000/api/auth/sign-up/email", {
        method: "POST",
        headers: { "content-type": "application/json", origin: "http://localhost:3000" },
        body: JSON.stringify({ name: "Mallory", email: "mallory@x.example", password: STRONG }),
      }),
    );
    expect(httpSignUp.status).toBe(403);
    expect(await db.select().from(users).where(eq(users.email, "mallory@x.example"))).toHaveLength(0);

    const signIn = async (password: string) =>
      auth().handler(
        new Request("http://localhost:3000/api/auth/sign-in/email", {
          method: "POST",
          headers: { "content-type": "application/json", origin: "http://localhost:3000" },
          body: JSON.stringify({ email: "ada@news.example", password }),
        }),
      );
    const first = await signIn(STRONG);
    const second = await signIn(STRONG);
    expect([first.status, second.status]).toEqual([200, 200]);
    const cookie = (r: Response) =>
      r.headers
        .getSetCookie()
        .map((c) => c.split(";")[0])
        .join("; ");
    await expect(
      auth().api.changePassword({
        body: { currentPassword: STRONG, newPassword: "ada@news.example" },
        headers: new Headers({ cookie: cookie(first) }),
      }),
    ).rejects.toThrow("Password must not be your e-mail address.");
    // Over HTTP the refusal carries the rule as data too, as sign-up's does.
    const weak = await auth().handler(
      new Request("http://localhost:3000/api/auth/change-password", {
        method: "POST",
        headers: { "content-type": "application/json", origin: "http://localhost:3000", cookie: cookie(first) },
        body: JSON.stringify({ currentPassword: STRONG, newPassword: "qwertzuiop" }),
      }),
    );
    expect(weak.status).toBe(422);
    expect(((await weak.json()) as { rules?: unknown }).rules).toEqual({
      password: { rule: "too_weak", warning: "straightRow", suggestions: expect.any(Array) },
    });
    const changed = await auth().api.changePassword({
      body: { currentPassword: STRONG, newPassword: "Leuchtturm Kaffee Schraube 9", revokeOtherSessions: false },
      headers: new Headers({ cookie: cookie(first) }),
      asResponse: true,
    });
    expect(changed.status).toBe(200);
    const left = await db.select().from(sessions).where(eq(sessions.userId, admin.id));
    expect(left).toHaveLength(1);
    expect(await auth().api.getSession({ headers: new Headers({ cookie: cookie(second) }) })).toBeNull();
  });

  it("locks an account after ten failed sign-ins, whatever address they come from", async () => {
    const attempt = (password: string, ip: string) =>
      auth().handler(
        new Request("http://localhost:3000/api/auth/sign-in/email", {
          method: "POST",
          headers: { "content-type": "application/json", origin: "http://localhost:3000", "x-forwarded-for": ip },
          body: JSON.stringify({ email: "bo@x.example", password }),
        }),
      );
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await attempt("wrong password here", `203.0.113.${i + 1}`)).status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    // Locked: even the right password waits.
    const locked = await attempt(STRONG, "203.0.113.99");
    expect(locked.status).toBe(429);
    // The wait as data (a code and seconds, in the body and as Retry-After), so the form can word it in any language.
    const body = (await locked.json()) as { code?: string; retryAfterSeconds?: number; message?: string };
    expect(body.code).toBe("SIGN_IN_LOCKED");
    expect(body.retryAfterSeconds).toBeGreaterThan(14 * 60);
    expect(body.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
    expect(locked.headers.get("retry-after")).toBe(String(body.retryAfterSeconds));
    expect(body.message).toBe("Too many failed sign-ins for this account. Try again in 15 minutes.");
  });

  it("holds the limit against a burst of parallel guesses", async () => {
    const { db } = getDb();
    const { token } = await createInvitation(db, admin, { projectId, email: "burst@x.example", role: "annotator" });
    await signUp(db, { name: "Burst", email: "burst@x.example", password: STRONG, invitationToken: token }, createAccount);
    const statuses = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        auth()
          .handler(
            new Request("http://localhost:3000/api/auth/sign-in/email", {
              method: "POST",
              headers: { "content-type": "application/json", origin: "http://localhost:3000", "x-forwarded-for": `198.51.100.${i + 1}` },
              body: JSON.stringify({ email: "burst@x.example", password: `guess number ${i}` }),
            }),
          )
          .then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(30);
  });
});
