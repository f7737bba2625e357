import Link from "next/link";
import { loadForPage } from "@/app/_lib/page-guard";
import { ArticleLink } from "@/components/article-link";
import { ListTable } from "@/components/list-table";
import { PROJECT_ROLE_LABELS } from "@/lib/vocabularies";
import { listInvitations } from "@/server/accounts";
import { roleCan } from "@/server/authz";
import { type AgreementReport, getProjectAgreement } from "@/server/team/agreement";
import { ARTICLE_STATES, getProjectDashboard } from "@/server/team/dashboard";
import { getProject, listMembers } from "@/server/team/projects";
import { seesAllWork } from "@/server/visibility";
import { AddMemberForm, AssignForm, BlindToggle, InvitationsPanel, MemberControls, TaxonomyEditor } from "../_components/forms";

const STATE_LABELS: Record<(typeof ARTICLE_STATES)[number], string> = {
  unassigned: "Unassigned",
  in_progress: "In progress",
  submitted: "Submitted",
  reviewed: "Reviewed",
  adjudicated: "Adjudicated",
};

function formatScore(value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : value.toFixed(2);
}

export default async function ProjectPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const data = await loadForPage(id, async ({ actor, db }) => {
    const project = await getProject(db, actor, id);
    const [members, dashboard] = await Promise.all([listMembers(db, actor, id), getProjectDashboard(db, actor, id)]);
    const agreement = roleCan(project.role, "review") ? await getProjectAgreement(db, actor, id) : null;
    const invitations = roleCan(project.role, "manage_members") ? await listInvitations(db, actor, id) : [];
    return { project, members, dashboard, agreement, invitations };
  });
  const { project, members, dashboard, agreement, invitations } = data;
  const isAdmin = roleCan(project.role, "manage_members");
  const canAssign = roleCan(project.role, "assign");
  const canAdjudicate = roleCan(project.role, "adjudicate");
  const candidates = members.filter((m) => m.role !== "viewer").map((m) => ({ userId: m.userId, name: m.name }));

  return (
    <main className="page">
      <h1>{project.name}</h1>
      <p className="row">
        <span className="badge">your role: {PROJECT_ROLE_LABELS[project.role]}</span>
        <span className="badge">{project.isBlind ? "blind annotation" : "open annotation"}</span>
        {roleCan(project.role, "review") && <Link href={`/projects/${project.id}/review`}>Review queue</Link>}
        <Link href={`/projects/${project.id}/activity`}>Activity</Link>
      </p>

      <section aria-labelledby="progress-heading">
        <h2 id="progress-heading">Progress</h2>
        <table className="list" aria-label="Articles by state">
          <thead>
            <tr>
              {ARTICLE_STATES.map((state) => (
                <th key={state} className="num">
                  {STATE_LABELS[state]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              {ARTICLE_STATES.map((state) => (
                <td key={state} className="num" data-testid={`state-${state}`}>
                  {dashboard.stateCounts[state]}
                </td>
              ))}
            </tr>
          </tbody>
        </table>

        <h3>Per annotator</h3>
        {!seesAllWork({ role: project.role, isBlind: project.isBlind }) && (
          <p className="muted" data-testid="blind-counts-note">
            Blind annotation: others’ claims and submissions are counted here once a reviewer has closed the article.
          </p>
        )}
        <ListTable
          label="Per-annotator progress"
          empty="No annotators yet."
          rows={dashboard.annotators}
          rowKey={(a) => a.userId}
          columns={[
            { header: "Annotator", cell: (a) => a.name },
            { header: "Assigned", isNumeric: true, cell: (a) => a.assigned },
            { header: "Submitted", isNumeric: true, cell: (a) => a.submitted },
            { header: "Claims", isNumeric: true, cell: (a) => a.claims },
            { header: "Draft", isNumeric: true, cell: (a) => a.byStatus.draft ?? 0 },
            { header: "Awaiting review", isNumeric: true, cell: (a) => a.byStatus.submitted ?? 0 },
            { header: "Accepted", isNumeric: true, cell: (a) => a.byStatus.accepted ?? 0 },
            { header: "Changes requested", isNumeric: true, cell: (a) => a.byStatus.changes_requested ?? 0 },
            { header: "Rejected", isNumeric: true, cell: (a) => a.byStatus.rejected ?? 0 },
          ]}
        />

        <h3>Articles and assignments</h3>
        <ListTable
          label="Assignments"
          empty="No articles in this project yet."
          rows={dashboard.articles}
          rowKey={(article) => article.id}
          columns={[
            {
              header: "Article",
              cell: (article) => (
                <>
                  <ArticleLink id={article.id}>{article.title}</ArticleLink>
                  {canAdjudicate && (
                    <>
                      {" · "}
                      <Link href={`/articles/${article.id}/adjudicate`} aria-label={`Adjudicate ${article.title}`}>
                        Adjudicate
                      </Link>
                    </>
                  )}
                </>
              ),
            },
            {
              header: "State",
              cell: (article) => (
                <>
                  {STATE_LABELS[article.state]}
                  {article.closedAt && (
                    <>
                      {" "}
                      <span className="badge" title="Annotation has ended; blind mode no longer hides anything on it">
                        closed
                      </span>
                    </>
                  )}
                </>
              ),
            },
            {
              header: "Assigned to",
              cell: (article) =>
                article.assignees.length === 0 ? "—" : article.assignees.map((a) => `${a.name}${a.status === "submitted" ? " ✓" : ""}`).join(", "),
            },
            canAssign && {
              header: "Assign",
              cell: (article) => <AssignForm articleId={article.id} candidates={candidates} assigned={article.assignees.map((a) => a.userId)} />,
            },
          ]}
        />
      </section>

      {agreement && <AgreementSection report={agreement} />}

      <section aria-labelledby="members-heading">
        <h2 id="members-heading">Members</h2>
        <ListTable
          label="Members"
          rows={members}
          rowKey={(m) => m.userId}
          columns={[
            { header: "Name", cell: (m) => m.name },
            { header: "Email", cell: (m) => m.email },
            {
              header: "Role",
              cell: (m) =>
                isAdmin ? <MemberControls projectId={project.id} userId={m.userId} role={m.role} name={m.name} /> : PROJECT_ROLE_LABELS[m.role],
            },
          ]}
        />
        {isAdmin && (
          <>
            <h3>Add someone who has an account</h3>
            <AddMemberForm projectId={project.id} />
            <InvitationsPanel
              projectId={project.id}
              invitations={invitations.map((i) => ({ id: i.id, email: i.email, role: i.role, state: i.state, expiresAt: i.expiresAt.toISOString() }))}
            />
          </>
        )}
      </section>

      <section aria-labelledby="settings-heading">
        <h2 id="settings-heading">Settings</h2>
        {isAdmin ? (
          <>
            <BlindToggle projectId={project.id} isBlind={project.isBlind} />
            <h3>Taxonomy</h3>
            <TaxonomyEditor projectId={project.id} taxonomy={project.taxonomy} />
          </>
        ) : (
          <>
            <h3>Taxonomy</h3>
            <ul>
              {project.taxonomy.claimTypes.map((t) => (
                <li key={t.key}>{t.label}</li>
              ))}
            </ul>
          </>
        )}
      </section>
    </main>
  );
}

function AgreementSection({ report }: { report: AgreementReport }) {
  const names = new Map(report.annotators.map((a) => [a.id, a.name]));
  const { result } = report;
  const bars = [
    { label: "α claim", value: result.alphaClaim },
    { label: "α type", value: result.alphaClaimType },
    ...result.pairs.map((p) => ({ label: `κ ${names.get(p.a) ?? p.a} / ${names.get(p.b) ?? p.b}`, value: p.kappaClaim.kappa })),
  ];
  const width = 520;
  const rowHeight = 22;
  const labelWidth = 200;
  const scale = (v: number) => (Math.max(-1, Math.min(1, v)) + 1) / 2; // −1…1 → 0…1
  return (
    <section aria-labelledby="agreement-heading">
      <h2 id="agreement-heading">Agreement</h2>
      <p className="muted">
        Over {report.articleCount} article{report.articleCount === 1 ? "" : "s"} with submitted work; {result.units} sentences coded by two or more
        annotators. Gold claims are excluded.
      </p>
      <table className="list" aria-label="Agreement">
        <tbody>
          <tr>
            <th>Krippendorff&apos;s α (claim / not claim)</th>
            <td className="num">{formatScore(result.alphaClaim)}</td>
          </tr>
          <tr>
            <th>Krippendorff&apos;s α (claim type)</th>
            <td className="num">{formatScore(result.alphaClaimType)}</td>
          </tr>
        </tbody>
      </table>
      {result.pairs.length > 0 && (
        <ListTable
          label="Pairwise agreement"
          rows={result.pairs}
          rowKey={(p) => `${p.a}:${p.b}`}
          columns={[
            { header: "Pair", cell: (p) => `${names.get(p.a) ?? p.a} / ${names.get(p.b) ?? p.b}` },
            { header: "Articles", isNumeric: true, cell: (p) => p.articles },
            { header: "κ claim", isNumeric: true, cell: (p) => formatScore(p.kappaClaim.kappa) },
            { header: "κ type", isNumeric: true, cell: (p) => formatScore(p.kappaClaimType.kappa) },
            { header: "F1 exact", isNumeric: true, cell: (p) => formatScore(p.spanF1Exact.f1) },
            { header: "F1 overlap", isNumeric: true, cell: (p) => formatScore(p.spanF1Overlap.f1) },
          ]}
        />
      )}
      <svg
        role="img"
        aria-label="Agreement chart: alpha and pairwise kappa on a scale from −1 to 1"
        width={width}
        height={bars.length * rowHeight + 20}
        viewBox={`0 0 ${width} ${bars.length * rowHeight + 20}`}
      >
        {(() => {
          const zeroX = labelWidth + (width - labelWidth - 40) * scale(0);
          return <line x1={zeroX} x2={zeroX} y1={0} y2={bars.length * rowHeight} stroke="currentColor" strokeWidth={1} opacity={0.4} />;
        })()}
        {bars.map((bar, i) => {
          const span = width - labelWidth - 40;
          const zeroX = labelWidth + span * scale(0);
          const x = bar.value === null ? zeroX : labelWidth + span * scale(Math.min(bar.value, 0));
          const w = bar.value === null ? 0 : (span * Math.abs(bar.value)) / 2;
          const y = i * rowHeight;
          return (
            <g key={bar.label}>
              <text x={0} y={y + 15} fontSize={12} fill="currentColor">
                {bar.label}
              </text>
              <rect x={x} y={y + 4} width={w} height={rowHeight - 8} fill={bar.value !== null && bar.value < 0 ? "#c0392b" : "#2e7d32"} />
              <text x={zeroX + (bar.value !== null && bar.value > 0 ? w : 0) + 4} y={y + 15} fontSize={11} fill="currentColor">
                {formatScore(bar.value)}
              </text>
            </g>
          );
        })}
        <text x={labelWidth} y={bars.length * rowHeight + 14} fontSize={10} fill="currentColor">
          −1
        </text>
        <text x={width - 50} y={bars.length * rowHeight + 14} fontSize={10} fill="currentColor">
          1
        </text>
      </svg>
    </section>
  );
}
