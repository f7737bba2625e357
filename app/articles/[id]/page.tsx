import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { cache } from "react";
import { loadForPage } from "@/app/_lib/page-guard";
import { DateTime } from "@/components/date-time";
import { toSentenceDecisions } from "@/lib/client/sentence-decisions";
import { getAnnotationWorkspace } from "@/server/articles";
import { roleCan } from "@/server/authz";
import { listFirstArticleClaims } from "@/server/claims";
import { countWaitingClaims } from "@/server/revisions";
import { listSentenceDecisions } from "@/server/sentence-decisions";
import { listAssignments } from "@/server/team/assignments";
import { seesAllWork } from "@/server/visibility";
import { Annotator } from "./_components/annotator";

type Params = { params: Promise<{ id: string }> };

/**
 * How many claims (in text order) come with the page; the page loads the rest itself once it is
 * interactive. Enough for the first screens of text and list: with thousands of claims, sending all
 * of them in the page's payload held its first byte and its hydration back by hundreds of milliseconds
 * (BENCHMARKS.md, issue 12 part 11).
 */
const FIRST_CLAIMS = 100;

/** The page's data, loaded once per request (the title and the page both ask for it). */
const loadArticlePage = cache((id: string) =>
  loadForPage(id, async ({ actor, db }) => {
    // Each checks the person's access itself (a 404 from any is the page's 404), so they can run side by side.
    const [workspace, claims, decisionList, assignments] = await Promise.all([
      getAnnotationWorkspace(db, actor, id),
      listFirstArticleClaims(db, actor, id, FIRST_CLAIMS),
      listSentenceDecisions(db, actor, id),
      listAssignments(db, actor, id),
    ]);
    const decisions = toSentenceDecisions(decisionList);
    const mine = assignments.find((a) => a.userId === actor.id);
    const viewer = { actorId: actor.id, projectId: workspace.article.projectId, role: workspace.role, isBlind: workspace.isBlind };
    const waiting = await countWaitingClaims(db, viewer, id);
    return { actor, workspace, claims, decisions, mine, waiting: waiting.needs_confirmation + waiting.orphaned };
  }),
);

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { id } = await params;
  const { workspace } = await loadArticlePage(id);
  return { title: workspace.article.title };
}

export default async function ArticlePage({ params }: Params) {
  const { id } = await params;
  const [{ actor, workspace, claims, decisions, mine, waiting }, t, tRevisions] = await Promise.all([
    loadArticlePage(id),
    getTranslations("articles"),
    getTranslations("revisions.bar"),
  ]);
  const { closure } = workspace;
  // The same question the data layer asks (server/visibility.ts), only to say so on the page.
  const isBlindForMe = !seesAllWork({ role: workspace.role, isBlind: workspace.isBlind }) && closure === null;
  return (
    <>
      <p className="row muted" data-testid="article-revision" style={{ margin: "0 0 0.5rem" }}>
        <span>{tRevisions("current", { number: workspace.article.revision, count: workspace.article.revision })}</span>
        <Link href={`/articles/${id}/revisions`}>{tRevisions("history")}</Link>
      </p>
      {waiting > 0 && (
        <p className="card" role="status" data-testid="article-reanchor-waiting" style={{ margin: "0 0 0.75rem" }}>
          {tRevisions("waiting", { count: waiting })} <Link href={`/articles/${id}/revisions#queue`}>{tRevisions("review")}</Link>
        </p>
      )}
      {closure ? (
        <p className="card" role="status" data-testid="article-closed" style={{ margin: "0 0 0.75rem" }}>
          <span className="badge">{t("article.closedBadge")}</span>{" "}
          {t.rich(closure.closedByName ? "article.closedBy" : "article.closed", {
            time: () => <DateTime value={closure.closedAt} />,
            name: closure.closedByName ?? "",
            blind: workspace.isBlind ? "yes" : "no",
          })}
        </p>
      ) : (
        isBlindForMe && (
          <p className="muted" data-testid="article-blind" style={{ margin: "0 0 0.75rem" }}>
            {t("article.blind")}
          </p>
        )
      )}
      <Annotator
        article={workspace.article}
        initialClaims={claims.claims}
        claimCount={claims.total}
        initialDecisions={decisions}
        taxonomy={workspace.taxonomy}
        currentUser={{ id: actor.id, name: actor.name }}
        // What the server would refuse (server/claims.ts assertOpenForWork) is not offered, and the page says why;
        // submitted work is the annotator's own state (it changes on the page when they submit).
        readOnlyReason={!roleCan(workspace.role, "annotate") ? t("article.readOnlyRole") : closure !== null ? t("article.readOnlyClosed") : null}
        canReview={roleCan(workspace.role, "review")}
        canAdjudicate={roleCan(workspace.role, "adjudicate")}
        assignmentStatus={mine?.status ?? null}
      />
    </>
  );
}
