import "server-only";
import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import type { Actor } from "./authz";
import { getDatabase } from "./db";
import { AppError } from "./errors";
import { describeStartupError } from "./startup";

/**
 * The user a command-line run acts as: `--user email`, or the first site
 * admin. The CLI goes through the same data-layer checks as the web app,
 * so it can do only what that user could do in the browser.
 */
const CLI_USER_ID = "claimwork-cli";

export async function resolveCliActor(db: Db, email: string | undefined): Promise<Actor> {
  const select = { id: users.id, name: users.name, email: users.email, isAdmin: users.isAdmin };
  const [user] = email
    ? await db.select(select).from(users).where(eq(users.email, email.toLowerCase()))
    : await db.select(select).from(users).where(eq(users.isAdmin, true)).orderBy(asc(users.createdAt)).limit(1);
  if (user) return user;
  if (email) throw new AppError("not_found:user", `No user with the email ${email}.`);
  // No administrator yet (e.g. restoring into an empty database): act as the command line itself.
  // Whoever runs the CLI already holds the database; the row exists so history can name the actor,
  // it has no password (nobody can sign in as it) and is not flagged admin, so the first person to
  // sign up still becomes the administrator.
  await db.insert(users).values({ id: CLI_USER_ID, name: "Command line", email: "cli@claimwork.invalid" }).onConflictDoNothing();
  return { id: CLI_USER_ID, name: "Command line", email: "cli@claimwork.invalid", isAdmin: true };
}

/**
 * One command-line run: opens the database (exit code 1 when it cannot), acts
 * as `email` (or the first site admin), runs `work`, and always closes the
 * database. A refusal by the data layer (an AppError) prints the command's
 * name and the message, then `onRefusal` may add more; the exit code is 2.
 */
export async function runAsCliUser(
  command: string,
  email: string | undefined,
  work: (db: Db, actor: Actor) => Promise<number>,
  onRefusal: (error: AppError) => void = () => {},
): Promise<number> {
  let handle: Awaited<ReturnType<typeof getDatabase>>;
  try {
    handle = await getDatabase();
  } catch (error) {
    console.error(`${command}: cannot open the database: ${describeStartupError(error)}`);
    return 1;
  }
  try {
    return await work(handle.db, await resolveCliActor(handle.db, email));
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    console.error(`${command}: ${error.message}`);
    onRefusal(error);
    return 2;
  } finally {
    await handle.close();
  }
}
