import { notFound, redirect } from "next/navigation";
import { getAnnotationWorkspace } from "@/server/articles";
import { getActor } from "@/server/auth";
import { roleCan } from "@/server/authz";
import { listArticleClaims } from "@/server/claims";
import { getDatabase } from "@/server/db";
import { AppError } from "@/server/errors";
import { listAssignments } from "@/server/team/review";
import { Annotator } from "./_components/annotator";

export default async function ArticlePage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await getActor();
  if (!actor) redirect("/sign-in");
  const { id } = await params;
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  const { db } = await getDatabase();
  try {
    const workspace = await getAnnotationWorkspace(db, actor, id);
    const claims = await listArticleClaims(db, actor, id);
    const mine = (await listAssignments(db, actor, id)).find((a) => a.userId === actor.id);
    return (
      <Annotator
        article={workspace.article}
        initialClaims={claims}
        taxonomy={workspace.taxonomy}
        currentUser={{ id: actor.id, name: actor.name }}
        canAnnotate={roleCan(workspace.role, "annotate")}
        canReview={roleCan(workspace.role, "review")}
        assignmentStatus={mine?.status ?? null}
      />
    );
  } catch (error) {
    if (error instanceof AppError && error.type === "not_found") notFound();
    throw error;
  }
}
