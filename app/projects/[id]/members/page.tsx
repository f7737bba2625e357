import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { cache } from "react";
import { loadForPage } from "@/app/_lib/page-guard";
import { ListTable } from "@/components/list-table";
import { INVITATION_DAYS, listInvitations } from "@/server/accounts";
import { roleCan } from "@/server/authz";
import { listMembers } from "@/server/team/projects";
import { AddMemberForm, InvitationsPanel, MemberControls } from "../../_components/forms";
import { loadProject } from "../_lib/load-project";

const loadMembers = cache(async (id: string) =>
  loadForPage(id, async ({ actor, db }) => {
    const project = await loadProject(id);
    const members = await listMembers(db, actor, id);
    const invitations = roleCan(project.role, "manage_members") ? await listInvitations(db, actor, id) : [];
    return { project, members, invitations };
  }),
);

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const [project, t] = await Promise.all([loadProject((await params).id), getTranslations("projects.sections")]);
  return { title: t("pageTitle", { section: t("members"), name: project.name }) };
}

/** Who is on the team with which role; for admins, adding people and inviting them by e-mail. */
export default async function ProjectMembersPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const [{ project, members, invitations }, t, tFields, tVocab] = await Promise.all([
    loadMembers(id),
    getTranslations("projects"),
    getTranslations("projects.fields"),
    getTranslations("vocab"),
  ]);
  const isAdmin = roleCan(project.role, "manage_members");

  return (
    <main className="page">
      <section aria-labelledby="members-heading">
        <h1 id="members-heading">{t("members.heading")}</h1>
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
            <h2>{t("members.addExistingHeading")}</h2>
            <AddMemberForm projectId={project.id} />
            <InvitationsPanel
              projectId={project.id}
              invitationDays={INVITATION_DAYS}
              invitations={invitations.map((i) => ({ id: i.id, email: i.email, role: i.role, state: i.state, expiresAt: i.expiresAt.toISOString() }))}
            />
          </>
        )}
      </section>
    </main>
  );
}
