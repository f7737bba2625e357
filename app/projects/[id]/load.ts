import { notFound, redirect } from "next/navigation";
import type { Actor } from "@/server/authz";
import { getActor } from "@/server/auth";
import { AppError } from "@/server/errors";
import { isUuid } from "@/lib/ids";

/** Sign-in redirect, id shape check, and 404 for AppError not_found (non-members) around a page's data loading. */
export async function loadForPage<T>(id: string, load: (actor: Actor) => Promise<T>): Promise<T> {
  const actor = await getActor();
  if (!actor) redirect("/sign-in");
  if (!isUuid(id)) notFound();
  try {
    return await load(actor);
  } catch (error) {
    if (error instanceof AppError && error.type === "not_found") notFound();
    throw error;
  }
}
