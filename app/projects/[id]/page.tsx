import type { Metadata } from "next";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { getFormatter, getTranslations } from "next-intl/server";
import { cache } from "react";
import { loadForPage } from "@/app/_lib/page-guard";
import { ArticleLink } from "@/components/article-link";
import { ListTable } from "@/components/list-table";
import { taxonomyLabelWith } from "@/components/taxonomy-label";
import { INVITATION_DAYS, listInvitations } from "@/server/accounts";
import { roleCan } from "@/server/authz";
import { type AgreementReport, getProjectAgreement } from "@/server/team/agreement";
import { ARTICLE_STATES, getProjectDashboard } from "@/server/team/dashboard";
import { getProject, listMembers } from "@/server/team/projects";
import { seesAllWork } from "@/server/visibility";
import { AddMemberForm, AssignForm, BlindToggle, InvitationsPanel, MemberControls, TaxonomyEditor } from "../_components/forms";

type NumberFormatter = ReturnType<typeof useFormatter>;

/** An agreement figure to two decimals in the interface's language ("0.48", "0,48"); "—" where it cannot be computed. */
function formatScore(format: NumberFormatter, value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : format.number(value, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** Everything the page shows; cached for the request, so the title and the page load it once. */
const loadProjectPage = cache(async (id: string) =>
  loadForPage(id, async ({ actor, db }) => {
    const project = await getProject(db, actor, id);
    const [members, dashboard] = await Promise.all([listMembers(db, actor, id), getProjectDashboard(db, actor, id)]);
    const agreement = roleCan(project.role, "review") ? await getProjectAgreement(db, actor, id) : null;
    const invitations = roleCan(project.role, "manage_members") ? await listInvitations(db, actor, id) : [];
    return { project, members, dashboard, agreement, invitations };
  }),
);

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { project } = await loadProjectPage((await params).id);
  return { title: project.name };
}

export default async function ProjectPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const [data, t, tFields, tVocab, format] = await Promise.all([
    loadProjectPage(id),
    getTranslations("projects"),
    getTranslations("projects.fields"),
    getTranslations("vocab"),
    getFormatter(),
  ]);
  const { project, members, dashboard, agreement, invitations } = data;
  const isAdmin = roleCan(project.role, "manage_members");
  const canAssign = roleCan(project.role, "assign");
  const canAdjudicate = roleCan(project.role, "adjudicate");
  const candidates = members.filter((m) => m.role !== "viewer").map((m) => ({ userId: m.userId, name: m.name }));

  return (
    <main className="page">
      <h1>{project.name}</h1>
      <p className="row">
        <span className="badge">{t("overview.yourRole", { role: tVocab(`projectRole.${project.role}`) })}</span>
        <span className="badge">{project.isBlind ? t("overview.blind") : t("overview.open")}</span>
        {roleCan(project.role, "review") && <Link href={`/projects/${project.id}/review`}>{t("overview.reviewQueue")}</Link>}
        <Link href={`/projects/${project.id}/activity`}>{t("overview.activity")}</Link>
      </p>

      <section aria-labelledby="progress-heading">
        <h2 id="progress-heading">{t("progress.heading")}</h2>
        <table className="list" aria-label={t("progress.byState")}>
          <thead>
            <tr>
              {ARTICLE_STATES.map((state) => (
                <th key={state} className="num">
                  {t(`progress.states.${state}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              {ARTICLE_STATES.map((state) => (
                <td key={state} className="num" data-testid={`state-${state}`}>
                  {format.number(dashboard.stateCounts[state])}
                </td>
              ))}
            </tr>
          </tbody>
        </table>

        <h3>{t("progress.perAnnotatorHeading")}</h3>
        {!seesAllWork({ role: project.role, isBlind: project.isBlind }) && (
          <p className="muted" data-testid="blind-counts-note">
            {t("progress.blindCountsNote")}
          </p>
        )}
        <ListTable
          label={t("progress.perAnnotatorTable")}
          empty={t("progress.noAnnotators")}
          rows={dashboard.annotators}
          rowKey={(a) => a.userId}
          columns={[
            { header: t("progress.annotator"), cell: (a) => a.name },
            { header: t("progress.assigned"), isNumeric: true, cell: (a) => format.number(a.assigned) },
            { header: t("progress.submitted"), isNumeric: true, cell: (a) => format.number(a.submitted) },
            { header: t("progress.claims"), isNumeric: true, cell: (a) => format.number(a.claims) },
            { header: tVocab("reviewStatus.draft"), isNumeric: true, cell: (a) => format.number(a.byStatus.draft ?? 0) },
            { header: t("progress.awaitingReview"), isNumeric: true, cell: (a) => format.number(a.byStatus.submitted ?? 0) },
            { header: tVocab("reviewStatus.accepted"), isNumeric: true, cell: (a) => format.number(a.byStatus.accepted ?? 0) },
            { header: tVocab("reviewStatus.changes_requested"), isNumeric: true, cell: (a) => format.number(a.byStatus.changes_requested ?? 0) },
            { header: tVocab("reviewStatus.rejected"), isNumeric: true, cell: (a) => format.number(a.byStatus.rejected ?? 0) },
          ]}
        />

        <h3>{t("progress.articlesHeading")}</h3>
        <ListTable
          label={t("progress.assignmentsTable")}
          empty={t("progress.noArticles")}
          rows={dashboard.articles}
          rowKey={(article) => article.id}
          columns={[
            {
              header: t("progress.article"),
              cell: (article) => (
                <>
                  <ArticleLink id={article.id}>{article.title}</ArticleLink>
                  {canAdjudicate && (
                    <>
                      {" · "}
                      <Link href={`/articles/${article.id}/adjudicate`} aria-label={t("progress.adjudicateArticle", { title: article.title })}>
                        {t("progress.adjudicate")}
                      </Link>
                    </>
                  )}
                </>
              ),
            },
            {
              header: t("progress.state"),
              cell: (article) => (
                <>
                  {t(`progress.states.${article.state}`)}
                  {article.closedAt && (
                    <>
                      {" "}
                      <span className="badge" title={t("progress.closedHint")}>
                        {t("progress.closed")}
                      </span>
                    </>
                  )}
                </>
              ),
            },
            {
              header: t("progress.assignedTo"),
              cell: (article) =>
                article.assignees.length === 0
                  ? "—"
                  : article.assignees.map((a) => (a.status === "submitted" ? t("progress.assigneeSubmitted", { name: a.name }) : a.name)).join(", "),
            },
            canAssign && {
              header: t("progress.assign"),
              cell: (article) => <AssignForm articleId={article.id} candidates={candidates} assigned={article.assignees.map((a) => a.userId)} />,
            },
          ]}
        />
      </section>

      {agreement && <AgreementSection report={agreement} />}

      <section aria-labelledby="members-heading">
        <h2 id="members-heading">{t("members.heading")}</h2>
        <ListTable
          label={t("members.table")}
          rows={members}
          rowKey={(m) => m.userId}
          columns={[
            { header: tFields("name"), cell: (m) => m.name },
            { header: tFields("email"), cell: (m) => m.email },
            {
              header: tFields("role"),
              cell: (m) =>
                isAdmin ? <MemberControls projectId={project.id} userId={m.userId} role={m.role} name={m.name} /> : tVocab(`projectRole.${m.role}`),
            },
          ]}
        />
        {isAdmin && (
          <>
            <h3>{t("members.addExistingHeading")}</h3>
            <AddMemberForm projectId={project.id} />
            <InvitationsPanel
              projectId={project.id}
              invitationDays={INVITATION_DAYS}
              invitations={invitations.map((i) => ({ id: i.id, email: i.email, role: i.role, state: i.state, expiresAt: i.expiresAt.toISOString() }))}
            />
          </>
        )}
      </section>

      <section aria-labelledby="settings-heading">
        <h2 id="settings-heading">{t("settings.heading")}</h2>
        {isAdmin ? (
          <>
            <BlindToggle projectId={project.id} isBlind={project.isBlind} />
            <h3>{t("settings.taxonomyHeading")}</h3>
            <TaxonomyEditor projectId={project.id} taxonomy={project.taxonomy} />
          </>
        ) : (
          <>
            <h3>{t("settings.taxonomyHeading")}</h3>
            <ul>
              {project.taxonomy.claimTypes.map((entry) => (
                <li key={entry.key}>{taxonomyLabelWith(tVocab, "claimTypes", project.taxonomy.claimTypes, entry.key)}</li>
              ))}
            </ul>
          </>
        )}
      </section>
    </main>
  );
}

function AgreementSection({ report }: { report: AgreementReport }) {
  const t = useTranslations("projects.agreement");
  const format = useFormatter();
  const score = (value: number | null | undefined) => formatScore(format, value);
  const names = new Map(report.annotators.map((a) => [a.id, a.name]));
  const pairNames = (pair: { a: string; b: string }) => ({ a: names.get(pair.a) ?? pair.a, b: names.get(pair.b) ?? pair.b });
  const { result } = report;
  const bars = [
    { label: t("barAlphaClaim"), value: result.alphaClaim },
    { label: t("barAlphaType"), value: result.alphaClaimType },
    ...result.pairs.map((p) => ({ label: t("barKappa", pairNames(p)), value: p.kappaClaim.kappa })),
  ];
  const width = 520;
  const rowHeight = 22;
  const labelWidth = 200;
  const scale = (v: number) => (Math.max(-1, Math.min(1, v)) + 1) / 2; // −1…1 → 0…1
  return (
    <section aria-labelledby="agreement-heading">
      <h2 id="agreement-heading">{t("heading")}</h2>
      <p className="muted">{t("scope", { articles: report.articleCount, units: result.units })}</p>
      <p className="muted">{t("explanation")}</p>
      <table className="list" aria-label={t("table")}>
        <tbody>
          <tr>
            <th>{t("alphaClaim")}</th>
            <td className="num">{score(result.alphaClaim)}</td>
          </tr>
          <tr>
            <th>{t("alphaClaimType")}</th>
            <td className="num">{score(result.alphaClaimType)}</td>
          </tr>
        </tbody>
      </table>
      {result.pairs.length > 0 && (
        <ListTable
          label={t("pairwiseTable")}
          rows={result.pairs}
          rowKey={(p) => `${p.a}:${p.b}`}
          columns={[
            { header: t("pair"), cell: (p) => t("pairNames", pairNames(p)) },
            { header: t("articles"), isNumeric: true, cell: (p) => format.number(p.articles) },
            { header: t("kappaClaim"), isNumeric: true, cell: (p) => score(p.kappaClaim.kappa) },
            { header: t("kappaType"), isNumeric: true, cell: (p) => score(p.kappaClaimType.kappa) },
            { header: t("f1Exact"), isNumeric: true, cell: (p) => score(p.spanF1Exact.f1) },
            { header: t("f1Overlap"), isNumeric: true, cell: (p) => score(p.spanF1Overlap.f1) },
          ]}
        />
      )}
      <svg
        role="img"
        aria-label={t("chart")}
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
                {score(bar.value)}
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
