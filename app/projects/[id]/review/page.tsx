import Link from "next/link";
import { loadForPage } from "@/app/_lib/page-guard";
import { PROJECT_ROLE_LABELS } from "@/lib/vocabularies";
import { roleCan } from "@/server/authz";
import { reviewQueue } from "@/server/team/decisions";
import { getProject } from "@/server/team/projects";
import { ReviewControls } from "../../_components/forms";

export default async function ReviewPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { project, queue } = await loadForPage(id, async ({ actor, db }) => {
    const project = await getProject(db, actor, id);
    return { project, queue: roleCan(project.role, "review") ? await reviewQueue(db, actor, id) : null };
  });
  const typeLabel = (key: string | null) => project.taxonomy.claimTypes.find((t) => t.key === key)?.label ?? key ?? "—";
  const verdictLabel = (key: string) => project.taxonomy.verdicts.find((v) => v.key === key)?.label ?? key;
  return (
    <main className="page">
      <p>
        <Link href={`/projects/${project.id}`}>← {project.name}</Link>
      </p>
      <h1>Review queue</h1>
      {queue === null ? (
        <p className="error">Your role ({PROJECT_ROLE_LABELS[project.role]}) does not include reviewing.</p>
      ) : queue.length === 0 ? (
        <p className="empty">Nothing awaits review.</p>
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
                  <p className="muted">
                    {claim.authorName} · {typeLabel(claim.claimType)} · verdict {verdictLabel(claim.verdict)}
                    {claim.speaker ? ` · speaker ${claim.speaker}` : ""}
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
