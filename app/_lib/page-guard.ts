import "server-only";
import { notFound, redirect } from "next/navigation";
import type { Db } from "@/db/client";
import { isUuid } from "@/lib/ids";
import { getActor } from "@/server/auth";
import type { Actor } from "@/server/authz";
import { getDatabase } from "@/server/db";
import { AppError } from "@/server/errors";

/**
 * The one guard of server pages. Pages answer like the API: no session is the
 * sign-in page; an id that is not ours, an unknown record and one the actor
 * may not see are all the same 404 (so ids cannot be probed).
 */

export type PageContext = { actor: Actor; db: Db };

/** The signed-in actor and the database, or the sign-in redirect. */
export async function requirePageActor(): Promise<PageContext> {
  const actor = await getActor();
  if (!actor) redirect("/sign-in");
  const { db } = await getDatabase();
  return { actor, db };
}

/**
 * Load what a page shows for the record `id` names: the sign-in redirect
 * without a session, 404 for an id that is not a UUID (before any query) and
 * for a not_found the loader throws. Other errors propagate (the error page).
 * A loader decides a 404 of its own (e.g. a role that may not use the page)
 * by throwing an AppError "not_found:…".
 */
export async function loadForPage<T>(id: string, load: (context: PageContext) => Promise<T>): Promise<T> {
  const context = await requirePageActor();
  if (!isUuid(id)) notFound();
  try {
    return await load(context);
  } catch (error) {
    if (error instanceof AppError && error.type === "not_found") notFound();
    if (error instanceof AppError && error.type === "unauthorized") redirect("/sign-in");
    throw error;
  }
}
