import "server-only";
import crypto from "node:crypto";
import { and, count, desc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { type Db, rowsOf, type Tx } from "@/db/client";
import { invitations, type ProjectRole, projectMembers, projects, signInFailures, users, verifications } from "@/db/schema";
import { LOCALES, type Locale } from "@/lib/i18n/locales";
import {
  describePasswordRefusal,
  NAME_MAX_LENGTH,
  nameProblem,
  PASSWORD_MAX_LENGTH,
  type PasswordRefusal,
  passwordRefusal,
} from "@/lib/password-policy";
import { PROJECT_ROLES } from "@/lib/vocabularies";
import { type Actor, requireProjectRole } from "./authz";
import { DEFAULT_PROJECT_ID, ensureDefaultProject } from "./default-project";
import { getEnv } from "./env";
import { AppError } from "./errors";
import { recordEvent } from "./events";

/**
 * How people get an account. Closed by default:
 * - the very first account of a fresh instance needs the one-time setup code
 *   printed in the log at first start (so whoever reaches a new server first
 *   cannot claim it) and becomes site admin;
 * - after that, people join through an invitation to one project, or are
 *   created by a site admin;
 * - CLAIMWORK_OPEN_SIGNUP=true lets anyone create an account, which joins no project.
 * better-auth's own sign-up endpoint is closed to HTTP (server/auth.ts); this
 * module calls it from the server once it has decided the sign-up is allowed.
 */

const SETUP_IDENTIFIER = "claimwork:setup";
/** Serialises granting the first site admin (any fixed number unique to this purpose). */
const SETUP_LOCK = 7302153;
export const INVITATION_DAYS = 7;

// ── The setup code of a fresh instance ──

/**
 * The setup code while the instance has no account, created on first call
 * (CLAIMWORK_SETUP_TOKEN, or random). Kept in the database so every instance
 * on one Postgres server prints the same code; null once an account exists.
 */
export async function ensureSetupToken(db: Db): Promise<string | null> {
  if (!(await needsSetup(db))) return null;
  const wanted = getEnv().setupToken ?? crypto.randomBytes(18).toString("base64url");
  await db
    .insert(verifications)
    .values({ id: SETUP_IDENTIFIER, identifier: SETUP_IDENTIFIER, value: wanted, expiresAt: new Date("9999-12-31T00:00:00Z") })
    .onConflictDoNothing();
  if (getEnv().setupToken) {
    await db.update(verifications).set({ value: wanted }).where(eq(verifications.id, SETUP_IDENTIFIER));
  }
  const [stored] = await db.select({ value: verifications.value }).from(verifications).where(eq(verifications.id, SETUP_IDENTIFIER));
  return stored?.value ?? null;
}

/**
 * Whether the instance still waits for its administrator: no site admin yet.
 * (Not "no account": an instance whose setup was interrupted after the
 * account was created, or that had open sign-up first, must still be able to
 * get one — through the setup code, which is then issued again at start.)
 */
export async function needsSetup(db: Db | Tx): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(users).where(eq(users.isAdmin, true));
  return (row?.n ?? 0) === 0;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

// ── Invitations ──

export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

export const createInvitationSchema = z.object({
  email: z
    .email("must be an e-mail address")
    .max(254)
    .transform((e) => e.toLowerCase()),
  role: z.enum(PROJECT_ROLES),
});

export type InvitationItem = {
  id: string;
  email: string;
  role: ProjectRole;
  createdAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
  state: "pending" | "accepted" | "revoked" | "expired";
};

function stateOf(row: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, now = new Date()): InvitationItem["state"] {
  if (row.acceptedAt) return "accepted";
  if (row.revokedAt) return "revoked";
  return row.expiresAt <= now ? "expired" : "pending";
}

/**
 * Invite an e-mail into a project with a role (project admin). Returns the
 * link's token once — only its hash is stored. A pending invitation for the
 * same address is revoked, so one link at a time is valid.
 */
export async function createInvitation(
  db: Db,
  actor: Actor,
  input: { projectId: string } & z.output<typeof createInvitationSchema>,
): Promise<{ invitation: InvitationItem; token: string }> {
  const { projectId, ...data } = input;
  const token = crypto.randomBytes(24).toString("base64url");
  return db.transaction(async (tx) => {
    await requireProjectRole(tx, projectId, actor, "manage_members");
    const now = new Date();
    await tx
      .update(invitations)
      .set({ revokedAt: now })
      .where(
        and(eq(invitations.projectId, projectId), eq(invitations.email, data.email), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)),
      );
    const [row] = await tx
      .insert(invitations)
      .values({
        projectId,
        email: data.email,
        role: data.role,
        tokenHash: hashToken(token),
        createdBy: actor.id,
        expiresAt: new Date(now.getTime() + INVITATION_DAYS * 24 * 3600 * 1000),
      })
      .returning();
    await recordEvent(tx, {
      projectId,
      actorId: actor.id,
      entityType: "invitation",
      entityId: row!.id,
      action: "invitation.created",
      after: { email: data.email, role: data.role },
    });
    return { invitation: toItem(row!), token };
  });
}

function toItem(row: typeof invitations.$inferSelect): InvitationItem {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    acceptedAt: row.acceptedAt,
    revokedAt: row.revokedAt,
    state: stateOf(row),
  };
}

/** A project's invitations, newest first (project admin). */
export async function listInvitations(db: Db, actor: Actor, projectId: string): Promise<InvitationItem[]> {
  await requireProjectRole(db, projectId, actor, "manage_members");
  const rows = await db.select().from(invitations).where(eq(invitations.projectId, projectId)).orderBy(desc(invitations.createdAt)).limit(500);
  return rows.map(toItem);
}

/** Revoke a pending invitation (project admin); revoking twice is harmless. */
export async function revokeInvitation(db: Db, actor: Actor, options: { projectId: string; invitationId: string }): Promise<InvitationItem> {
  return db.transaction(async (tx) => {
    await requireProjectRole(tx, options.projectId, actor, "manage_members");
    const [row] = await tx
      .select()
      .from(invitations)
      .where(and(eq(invitations.id, options.invitationId), eq(invitations.projectId, options.projectId)))
      .for("update");
    if (!row) throw new AppError("not_found:invitation", "No such invitation.");
    if (stateOf(row) !== "pending") return toItem(row);
    const [updated] = await tx.update(invitations).set({ revokedAt: new Date() }).where(eq(invitations.id, row.id)).returning();
    await recordEvent(tx, {
      projectId: options.projectId,
      actorId: actor.id,
      entityType: "invitation",
      entityId: row.id,
      action: "invitation.revoked",
      before: { email: row.email, role: row.role },
    });
    return toItem(updated!);
  });
}

/** What the invitation page shows about a link; one message for every link that does not work, so links cannot be probed. */
export type InvitationView = { email: string; role: ProjectRole; projectName: string; expiresAt: Date; hasAccount: boolean };

const INVALID_LINK = "This invitation link does not work: it may have expired, been used or been withdrawn. Ask for a new one.";

export async function viewInvitation(db: Db | Tx, token: string): Promise<InvitationView> {
  const [row] = await db
    .select({ invitation: invitations, projectName: projects.name })
    .from(invitations)
    .innerJoin(projects, eq(projects.id, invitations.projectId))
    .where(eq(invitations.tokenHash, hashToken(token)));
  if (!row || stateOf(row.invitation) !== "pending") throw new AppError("gone:invitation", INVALID_LINK);
  const [account] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(sql`lower(${users.email})`, row.invitation.email));
  return {
    email: row.invitation.email,
    role: row.invitation.role,
    projectName: row.projectName,
    expiresAt: row.invitation.expiresAt,
    hasAccount: Boolean(account),
  };
}

/**
 * Join the invitation's project as `userId`, whose e-mail must be the invited
 * one. Locks the invitation, so a link is used once however many tabs press Join.
 */
async function acceptInTransaction(
  tx: Tx,
  token: string,
  user: { id: string; email: string; name: string },
): Promise<{ projectId: string; role: ProjectRole }> {
  const [row] = await tx
    .select()
    .from(invitations)
    .where(eq(invitations.tokenHash, hashToken(token)))
    .for("update");
  if (!row || stateOf(row) !== "pending") throw new AppError("gone:invitation", INVALID_LINK);
  if (row.email !== user.email.toLowerCase()) {
    throw new AppError("forbidden:invitation", `This invitation is for ${row.email}; you are signed in as ${user.email}.`);
  }
  await tx.update(invitations).set({ acceptedAt: new Date(), acceptedBy: user.id }).where(eq(invitations.id, row.id));
  const [existing] = await tx
    .select({ role: projectMembers.role })
    .from(projectMembers)
    .where(and(eq(projectMembers.projectId, row.projectId), eq(projectMembers.userId, user.id)));
  // An existing member keeps a stronger role; an invitation never demotes.
  if (!existing) await tx.insert(projectMembers).values({ projectId: row.projectId, userId: user.id, role: row.role });
  await recordEvent(tx, {
    projectId: row.projectId,
    actorId: user.id,
    entityType: "member",
    entityId: user.id,
    action: existing ? "invitation.accepted" : "member.joined",
    after: { role: existing?.role ?? row.role, name: user.name, invitationId: row.id },
  });
  return { projectId: row.projectId, role: existing?.role ?? row.role };
}

/** A signed-in person accepts an invitation sent to their e-mail. */
export async function acceptInvitation(db: Db, actor: Actor, token: string): Promise<{ projectId: string; role: ProjectRole }> {
  return db.transaction((tx) => acceptInTransaction(tx, token, actor));
}

// ── Creating accounts ──

export const signUpSchema = z.object({
  name: z.string().max(1000),
  email: z.email("must be an e-mail address").max(254),
  password: z.string().max(PASSWORD_MAX_LENGTH * 4),
  setupToken: z.string().max(200).optional(),
  invitationToken: z.string().max(200).optional(),
});
export type SignUpInput = z.infer<typeof signUpSchema>;

/**
 * The account rules for a name and a password, as sentences by field
 * (`fields`) and, for a refused password, as data (`rules.password`: the
 * rule and zxcvbn's warning by key) for an interface to word in the
 * person's language: the one definition that sign-up here and better-auth's
 * hooks (server/auth.ts: profile and password changes) both apply. Values of
 * the wrong type are refused too, since the hooks see raw request bodies.
 */
export function accountFieldRefusals(input: { name?: unknown; email?: unknown; password?: unknown }): AccountFieldRefusals {
  const fields: Record<string, string> = {};
  const rules: AccountFieldRefusals["rules"] = {};
  if (input.name !== undefined) {
    const problem =
      typeof input.name !== "string"
        ? "must be text"
        : input.name.length > NAME_MAX_LENGTH * 2
          ? `must be at most ${NAME_MAX_LENGTH} characters`
          : nameProblem(input.name);
    if (problem) fields.name = `Name ${problem}.`;
  }
  if (input.password !== undefined) {
    const email = typeof input.email === "string" ? input.email : undefined;
    const name = typeof input.name === "string" ? input.name : undefined;
    const refusal = typeof input.password === "string" ? passwordRefusal(input.password, { email, name }) : null;
    if (refusal) rules.password = refusal;
    const problem = typeof input.password !== "string" ? "must be text" : refusal ? describePasswordRefusal(refusal) : null;
    if (problem) fields.password = `Password ${problem}.`;
  }
  return { fields, rules };
}

/** What {@link accountFieldRefusals} answers: sentences by field, and the password's rule as data. */
export type AccountFieldRefusals = { fields: Record<string, string>; rules: { password?: PasswordRefusal } };

/** The account rules' sentences by field ({@link accountFieldRefusals} without the data). */
export function accountFieldProblems(input: { name?: unknown; email?: unknown; password?: unknown }): Record<string, string> {
  return accountFieldRefusals(input).fields;
}

/**
 * 422 naming each field whose value the account rules refuse (name length,
 * password strength): `fields` in the API's English, and `detail.rules` with
 * the password's rule as data (`{ rule: "too_weak", warning: "commonNames", … }`).
 */
export function assertAccountFields(input: { name?: string; email?: string; password?: string }): void {
  const { fields, rules } = accountFieldRefusals(input);
  if (Object.keys(fields).length) {
    throw new AppError("unprocessable:validation", Object.values(fields).join(" "), { fields, detail: { rules } });
  }
}

type CreateAccount = (body: { name: string; email: string; password: string }) => Promise<{ userId: string; response: Response }>;

/**
 * Sign up, if this server lets this person: with the setup code (first
 * account, becomes site admin), an invitation (joins its project), or under
 * open sign-up (joins nothing). `createAccount` is better-auth's sign-up,
 * passed in so that this rule stays free of the auth wiring.
 */
export async function signUp(
  db: Db,
  input: SignUpInput,
  createAccount: CreateAccount,
): Promise<{ response: Response; joined: { projectId: string; role: ProjectRole } | null }> {
  const name = input.name.trim();
  const email = input.email.trim().toLowerCase();
  assertAccountFields({ name, email, password: input.password });

  if (input.setupToken !== undefined) {
    // Consume the code first: of two people racing with it, one gets it.
    const [taken] = await db.delete(verifications).where(eq(verifications.id, SETUP_IDENTIFIER)).returning({ value: verifications.value });
    if (!taken || !sameSecret(taken.value, input.setupToken)) {
      if (taken)
        await db
          .insert(verifications)
          .values({ id: SETUP_IDENTIFIER, identifier: SETUP_IDENTIFIER, value: taken.value, expiresAt: new Date("9999-12-31T00:00:00Z") })
          .onConflictDoNothing();
      throw new AppError("forbidden:setup", "This setup code is not valid. It is printed in the server's log at first start and works once.", {
        fields: { setupToken: "not valid" },
      });
    }
    let created: { userId: string; response: Response };
    try {
      created = await createAccount({ name, email, password: input.password });
    } catch (error) {
      await db
        .insert(verifications)
        .values({ id: SETUP_IDENTIFIER, identifier: SETUP_IDENTIFIER, value: taken.value, expiresAt: new Date("9999-12-31T00:00:00Z") })
        .onConflictDoNothing();
      throw error;
    }
    // Only while there is no site admin: if a second code was issued meanwhile (an instance started while
    // this sign-up ran), the first account to get here is the administrator and the other is undone.
    const isAdmin = await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${SETUP_LOCK})`);
      if (!(await needsSetup(tx))) return false;
      await tx.update(users).set({ isAdmin: true }).where(eq(users.id, created.userId));
      await ensureDefaultProject(tx);
      await tx.insert(projectMembers).values({ projectId: DEFAULT_PROJECT_ID, userId: created.userId, role: "admin" }).onConflictDoNothing();
      await tx.delete(verifications).where(eq(verifications.id, SETUP_IDENTIFIER));
      return true;
    });
    if (!isAdmin) {
      await db.delete(users).where(eq(users.id, created.userId));
      throw new AppError("forbidden:setup", "This instance has its administrator already: sign in, or ask them for an invitation.");
    }
    return { response: created.response, joined: { projectId: DEFAULT_PROJECT_ID, role: "admin" } };
  }

  if (input.invitationToken !== undefined) {
    const view = await viewInvitation(db, input.invitationToken);
    if (view.email !== email) {
      throw new AppError("unprocessable:validation", `This invitation is for ${view.email}.`, {
        fields: { email: `must be ${view.email}, the invited address` },
      });
    }
    const created = await createAccount({ name, email, password: input.password });
    const joined = await db.transaction((tx) => acceptInTransaction(tx, input.invitationToken!, { id: created.userId, email, name }));
    return { response: created.response, joined };
  }

  if (!getEnv().isOpenSignup || (await needsSetup(db))) {
    // Also while there is no administrator: open sign-up starts once the instance has one.
    throw new AppError("forbidden:sign_up", "Accounts on this server are created by invitation. Ask a project admin for an invitation link.");
  }
  const created = await createAccount({ name, email, password: input.password });
  return { response: created.response, joined: null };
}

export const createAccountSchema = z.object({
  name: z.string().max(1000),
  email: z.email("must be an e-mail address").max(254),
  password: z.string().max(PASSWORD_MAX_LENGTH * 4),
});

/** A site admin creates an account directly (it joins no project until added or invited). */
export async function createAccountAsSiteAdmin(
  actor: Actor,
  input: z.infer<typeof createAccountSchema>,
  createAccount: CreateAccount,
): Promise<{ userId: string }> {
  if (!actor.isAdmin) throw new AppError("forbidden:account", "Only site administrators create accounts directly.");
  const name = input.name.trim();
  const email = input.email.trim().toLowerCase();
  assertAccountFields({ name, email, password: input.password });
  const { userId } = await createAccount({ name, email, password: input.password });
  return { userId };
}

// ── Password guessing, limited per account ──

const FAILURE_WINDOW_MS = 15 * 60 * 1000;
const MAX_FAILURES = 10;
const LOCK_MS = 15 * 60 * 1000;

/**
 * Count a sign-in attempt for an account before its password is checked, and
 * refuse it (429) past the limit. Counting before the check, in one atomic
 * statement, is what makes the limit hold against a burst of parallel
 * guesses: each attempt takes the row in turn, so only the first ten of a
 * thousand get through. A successful sign-in clears the count
 * ({@link clearSignInAttempts}); while locked, attempts do not extend the lock.
 */
export async function countSignInAttempt(db: Db, email: string): Promise<void> {
  const key = email.trim().toLowerCase();
  const windowStart = sql`${new Date(Date.now() - FAILURE_WINDOW_MS).toISOString()}::timestamptz`;
  const f = signInFailures;
  const rows = rowsOf<{ locked_until: string | Date | null }>(
    await db.execute(sql`
    insert into ${f} (email, failures, window_started_at, locked_until) values (${key}, 1, now(), null)
    on conflict (email) do update set
      failures = case when ${f.lockedUntil} > now() then ${f.failures}
                      when ${f.windowStartedAt} < ${windowStart} then 1 else ${f.failures} + 1 end,
      window_started_at = case when ${f.lockedUntil} > now() then ${f.windowStartedAt}
                               when ${f.windowStartedAt} < ${windowStart} then now() else ${f.windowStartedAt} end,
      locked_until = case when ${f.lockedUntil} > now() then ${f.lockedUntil}
                          when ${f.windowStartedAt} >= ${windowStart} and ${f.failures} + 1 > ${MAX_FAILURES}
                          then now() + ${`${LOCK_MS / 1000} seconds`}::interval
                          else null end
    returning locked_until`),
  );
  const lockedUntil = rows[0]?.locked_until ?? null;
  if (lockedUntil === null) return;
  const until = new Date(lockedUntil);
  if (until.getTime() <= Date.now()) return;
  throw new SignInLockedError(Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000)));
}

/**
 * The code a locked sign-in is answered with (better-auth's `code` in the 429's
 * body, beside `retryAfterSeconds` and a `Retry-After` header: server/auth.ts),
 * so the sign-in form words the wait in the person's language.
 */
export const SIGN_IN_LOCKED = "SIGN_IN_LOCKED";

/** A sign-in refused because the account is locked ({@link countSignInAttempt}): the seconds to wait, as data. */
export class SignInLockedError extends AppError {
  readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number) {
    const minutes = Math.ceil(retryAfterSeconds / 60);
    super("too_many_requests:sign_in", `Too many failed sign-ins for this account. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`, {
      detail: { retryAfterSeconds },
    });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** A successful sign-in: the account's attempts start from zero again. */
export async function clearSignInAttempts(db: Db, email: string): Promise<void> {
  await db.delete(signInFailures).where(eq(signInFailures.email, email.trim().toLowerCase()));
}

export const localeSettingSchema = z.strictObject({
  locale: z.enum(LOCALES, { error: `must be one of ${LOCALES.join(", ")}` }),
});

/**
 * The signed-in person's interface language. The users trigger (migration
 * 0006) makes every instance forget the cached session, so the next page of
 * theirs is in the new language wherever it is served.
 */
export async function setUserLocale(db: Db, actor: Actor, locale: Locale): Promise<void> {
  await db.update(users).set({ locale, updatedAt: new Date() }).where(eq(users.id, actor.id));
}
