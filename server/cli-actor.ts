import "server-only";
import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import type { Actor } from "./authz";
import { AppError } from "./errors";

/**
 * The user a command-line run acts as: `--user email`, or the first site
 * admin. The CLI goes through the same data-layer checks as the web app,
 * so it can do only what that user could do in the browser.
 */
export async function resolveCliActor(db: Db, email: string | undefined): Promise<Actor> {
  const select = { id: users.id, name: users.name, email: users.email, isAdmin: users.isAdmin };
  const [user] = email
    ? await db.select(select).from(users).where(eq(users.email, email.toLowerCase()))
    : await db.select(select).from(users).where(eq(users.isAdmin, true)).orderBy(asc(users.createdAt)).limit(1);
  if (!user) {
    throw new AppError(
      "not_found:user",
      email ? `No user with the email ${email}.` : "No administrator exists yet: sign up in the app first, or pass --user EMAIL.",
    );
  }
  return user;
}
