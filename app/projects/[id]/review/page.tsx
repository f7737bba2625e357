import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { loadForPage } from "@/app/_lib/page-guard";
import { taxonomyLabelWith } from "@/components/taxonomy-label";
import { claimLink } from "@/lib/client/claim-link";
import { roleCan } from "@/server/authz";
import { reviewQueue } from "@/server/team/decisions";
import { getProject } from "@/server/team/projects";
import { ReviewControls } from "../../_components/forms";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("review.queue");
  return { title: t("title") };
}

export default async function ReviewPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const [{ project, queue }, t, tVocab] = await Promise.all([
    loadForPage(id, async ({ actor, db }) => {
      const project = await getProject(db, actor, id);
      return { project, queue: roleCan(project.role, "review") ? await reviewQueue(db, actor, id) : null };
    }),
    getTranslations("review.queue"),
    getTranslations("vocab"),
  ]);
  const { taxonomy } = project;
  return (
    <main className="page">
      <p>
        <Link href={`/projects/${project.id}`}>← {project.name}</Link>
      </p>
      <h1>{t("title")}</h1>
      {queue === null ? (
        <p className="error">{t("notReviewer", { role: tVocab(`projectRole.${project.role}`) })}</p>
      ) : queue.length === 0 ? (
        <p className="empty">{t("empty")}</p>
      ) : (
        queue.map((group) => (
          <section key={group.articleId} className="card" aria-label={group.title}>
            <h2>
              <Link href={`/articles/${group.articleId}`}>{group.title}</Link>
            </h2>
            <ul className="claim-list">
              {group.claims.map((claim) => (
                <li key={claim.id} data-testid="review-claim">
                  <blockquote>{claim.exact}</blockquote>
                  <p>
                    <Link href={claimLink(group.articleId, claim.id)}>{t("openInArticle")}</Link>
                  </p>
                  <p className="muted">
                    {[
                      claim.authorName,
                      claim.claimType ? taxonomyLabelWith(tVocab, "claimTypes", taxonomy.claimTypes, claim.claimType) : "—",
                      t("verdict", { verdict: taxonomyLabelWith(tVocab, "verdicts", taxonomy.verdicts, claim.verdict) }),
                      ...(claim.speaker ? [t("speaker", { speaker: claim.speaker })] : []),
                    ].join(" · ")}
                  </p>
                  {claim.normalizedClaim && <p>{claim.normalizedClaim}</p>}
                  {claim.rationale && <p className="muted">{claim.rationale}</p>}
                  <ReviewControls claimId={claim.id} />
                </li>
              ))}
            </ul>
          </section>
        ))
      )}
    </main>
  );
}
