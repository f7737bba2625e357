import { loadForPage } from "@/app/_lib/page-guard";
import { getAnnotationWorkspace } from "@/server/articles";
import { roleCan } from "@/server/authz";
import { listArticleClaims } from "@/server/claims";
import { listAssignments } from "@/server/team/assignments";
import { seesAllWork } from "@/server/visibility";
import { Annotator } from "./_components/annotator";

const DATE_FORMAT = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short" });

export default async function ArticlePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { actor, workspace, claims, mine } = await loadForPage(id, async ({ actor, db }) => {
    const workspace = await getAnnotationWorkspace(db, actor, id);
    const claims = await listArticleClaims(db, actor, id);
    const mine = (await listAssignments(db, actor, id)).find((a) => a.userId === actor.id);
    return { actor, workspace, claims, mine };
  });
  const { closure } = workspace;
  // The same question the data layer asks (server/visibility.ts), only to say so on the page.
  const isBlindForMe = !seesAllWork({ role: workspace.role, isBlind: workspace.isBlind }) && closure === null;
  return (
    <>
      {closure ? (
        <p className="card" role="status" data-testid="article-closed" style={{ margin: "0 0 0.75rem" }}>
          <span className="badge">Closed</span> Closed on {DATE_FORMAT.format(closure.closedAt)}
          {closure.closedByName ? ` by ${closure.closedByName}` : ""}: annotation on this article has ended
          {workspace.isBlind ? ", and everyone’s claims and the gold claims are shown" : ""}.
        </p>
      ) : (
        isBlindForMe && (
          <p className="muted" data-testid="article-blind" style={{ margin: "0 0 0.75rem" }}>
            Blind annotation: you see only your own claims on this article until a reviewer closes it (submitting does not change that).
          </p>
        )
      )}
      <Annotator
        article={workspace.article}
        initialClaims={claims}
        taxonomy={workspace.taxonomy}
        currentUser={{ id: actor.id, name: actor.name }}
        // What the server would refuse (server/claims.ts assertOpenForWork) is not offered, and the page says why;
        // submitted work is the annotator's own state (it changes on the page when they submit).
        readOnlyReason={
          !roleCan(workspace.role, "annotate")
            ? "You can read this article; your role does not allow annotating."
            : closure !== null
              ? "This article is closed: annotation on it has ended. A reviewer can reopen it."
              : null
        }
        canReview={roleCan(workspace.role, "review")}
        assignmentStatus={mine?.status ?? null}
      />
    </>
  );
}
