"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { DateTime } from "@/components/date-time";
import { ErrorLine } from "@/components/error-line";
import { ListTable } from "@/components/list-table";
import { Options } from "@/components/options";
import { ScriptForm } from "@/components/script-form";
import { PROJECT_ROLES, type ProjectRole } from "@/lib/vocabularies";

type Taxonomy = {
  claimTypes: Array<{ key: string; label: string }>;
  verdicts: Array<{ key: string; label: string; rating: number | null }>;
  stances: Array<{ key: string; label: string }>;
};

/** Every role a member can be given, as the role selects list them, in the interface's language. */
function useRoleOptions(): Array<{ key: ProjectRole; label: string }> {
  const t = useTranslations("vocab");
  return PROJECT_ROLES.map((role) => ({ key: role, label: t(`projectRole.${role}`) }));
}

/** Send JSON to the API; resolves to an error message, or null on success (and refreshes the page's server data). */
function useSend() {
  const t = useTranslations("projects.send");
  const router = useRouter();
  const [isBusy, setIsBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function send(url: string, method: string, body?: unknown): Promise<boolean> {
    setIsBusy(true);
    setError(null);
    try {
      const response = await fetch(url, {
        method,
        headers: body === undefined ? undefined : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!response.ok) {
        const data = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
        setError(data.error?.message ?? t("requestFailed", { status: response.status }));
        return false;
      }
      router.refresh();
      return true;
    } catch {
      setError(t("networkError"));
      return false;
    } finally {
      setIsBusy(false);
    }
  }
  return { send, isBusy, error };
}

/** The e-mail and role inputs that adding a member and inviting one share (named `email` and `role`). */
function EmailAndRoleFields({ idPrefix }: { idPrefix: string }) {
  const t = useTranslations("projects.fields");
  const roleOptions = useRoleOptions();
  return (
    <>
      <label htmlFor={`${idPrefix}-email`}>{t("email")}</label>
      <input id={`${idPrefix}-email`} name="email" type="email" required />
      <label htmlFor={`${idPrefix}-role`}>{t("role")}</label>
      <select id={`${idPrefix}-role`} name="role" defaultValue="annotator">
        <Options entries={roleOptions} />
      </select>
    </>
  );
}

export function CreateProjectForm() {
  const t = useTranslations("projects.create");
  const tFields = useTranslations("projects.fields");
  const { send, isBusy, error } = useSend();
  return (
    <ScriptForm
      className="card"
      aria-labelledby="create-project"
      onSubmit={async (form) => {
        const data = new FormData(form);
        const ok = await send("/api/projects", "POST", {
          name: String(data.get("name") ?? ""),
          isBlind: data.get("isBlind") === "on",
        });
        if (ok) form.reset();
      }}
    >
      <h2 id="create-project">{t("heading")}</h2>
      <label htmlFor="project-name">{tFields("name")}</label>
      <input id="project-name" name="name" required maxLength={200} />
      <label className="row">
        <input type="checkbox" name="isBlind" /> {t("blind")}
      </label>
      <p>
        <button type="submit" disabled={isBusy}>
          {t("submit")}
        </button>
      </p>
      <ErrorLine error={error} />
    </ScriptForm>
  );
}

export function AddMemberForm({ projectId }: { projectId: string }) {
  const t = useTranslations("projects.members");
  const { send, isBusy, error } = useSend();
  return (
    <ScriptForm
      aria-label={t("addForm")}
      onSubmit={async (form) => {
        const data = new FormData(form);
        const ok = await send(`/api/projects/${projectId}/members`, "POST", {
          email: String(data.get("email") ?? ""),
          role: String(data.get("role") ?? "annotator"),
        });
        if (ok) form.reset();
      }}
    >
      <div className="row">
        <EmailAndRoleFields idPrefix="member" />
        <button type="submit" disabled={isBusy}>
          {t("add")}
        </button>
      </div>
      <ErrorLine error={error} />
    </ScriptForm>
  );
}

export function MemberControls({ projectId, userId, role, name }: { projectId: string; userId: string; role: ProjectRole; name: string }) {
  const t = useTranslations("projects.members");
  const roleOptions = useRoleOptions();
  const { send, isBusy, error } = useSend();
  const url = `/api/projects/${projectId}/members/${encodeURIComponent(userId)}`;
  return (
    <>
      <span className="row">
        <select
          aria-label={t("roleOf", { name })}
          value={role}
          disabled={isBusy}
          onChange={(event) => void send(url, "PATCH", { role: event.target.value })}
        >
          <Options entries={roleOptions} />
        </select>
        <button
          type="button"
          disabled={isBusy}
          onClick={() => {
            if (window.confirm(t("confirmRemove", { name }))) void send(url, "DELETE");
          }}
        >
          {t("remove")}
        </button>
      </span>
      <ErrorLine error={error} />
    </>
  );
}

export function BlindToggle({ projectId, isBlind }: { projectId: string; isBlind: boolean }) {
  const t = useTranslations("projects.settings");
  const { send, isBusy, error } = useSend();
  return (
    <>
      <label className="row">
        <input
          type="checkbox"
          checked={isBlind}
          disabled={isBusy}
          onChange={(event) => void send(`/api/projects/${projectId}`, "PATCH", { isBlind: event.target.checked })}
        />
        {t("blindToggle")}
      </label>
      <ErrorLine error={error} />
    </>
  );
}

type ListName = keyof Taxonomy;
const LIST_NAMES: readonly ListName[] = ["claimTypes", "verdicts", "stances"];

/**
 * Edit labels, add entries, remove entries. Keys of existing entries are read-only
 * (claims store them); the server refuses removing a key that claims use. The
 * labels are the project's own words, shown and saved as written (not translated).
 */
export function TaxonomyEditor({ projectId, taxonomy }: { projectId: string; taxonomy: Taxonomy }) {
  const t = useTranslations("projects.taxonomy");
  const { send, isBusy, error } = useSend();
  const [draft, setDraft] = useState<Taxonomy>(taxonomy);
  const [saved, setSaved] = useState(false);
  const existing = new Set<string>(LIST_NAMES.flatMap((list) => taxonomy[list].map((e) => `${list}:${e.key}`)));
  function update(list: ListName, index: number, patch: Record<string, unknown>) {
    setSaved(false);
    setDraft((d) => ({ ...d, [list]: d[list].map((e, i) => (i === index ? { ...e, ...patch } : e)) }));
  }
  return (
    <ScriptForm
      onSubmit={async () => {
        setSaved(await send(`/api/projects/${projectId}/taxonomy`, "PUT", draft));
      }}
    >
      {LIST_NAMES.map((list) => (
        <fieldset key={list}>
          <legend>{t(`lists.${list}`)}</legend>
          {draft[list].map((entry, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: an entry has no identity of its own until saved (its key is what is being edited); the inputs are controlled by the draft, so the row's position is what React should follow.
            <div className="row" key={index}>
              <input
                aria-label={t("key", { list: t(`lists.${list}`), number: index + 1 })}
                value={entry.key}
                readOnly={existing.has(`${list}:${entry.key}`)}
                onChange={(event) => update(list, index, { key: event.target.value })}
                size={14}
              />
              <input
                aria-label={t("label", { list: t(`lists.${list}`), number: index + 1 })}
                value={entry.label}
                onChange={(event) => update(list, index, { label: event.target.value })}
              />
              {list === "verdicts" && (
                <input
                  aria-label={t("rating", { number: index + 1 })}
                  type="number"
                  min={1}
                  max={5}
                  size={3}
                  value={(entry as Taxonomy["verdicts"][number]).rating ?? ""}
                  onChange={(event) => update(list, index, { rating: event.target.value === "" ? null : Number(event.target.value) })}
                />
              )}
              <button
                type="button"
                onClick={() => {
                  setSaved(false);
                  setDraft((d) => ({ ...d, [list]: d[list].filter((_, i) => i !== index) }));
                }}
              >
                {t("remove")}
              </button>
            </div>
          ))}
          <button
            type="button"
            onClick={() => {
              setSaved(false);
              setDraft((d) => ({ ...d, [list]: [...d[list], list === "verdicts" ? { key: "", label: "", rating: null } : { key: "", label: "" }] }));
            }}
          >
            {t("add")}
          </button>
        </fieldset>
      ))}
      <p className="row">
        <button type="submit" disabled={isBusy}>
          {t("save")}
        </button>
        {saved && <span className="muted">{t("saved")}</span>}
      </p>
      <ErrorLine error={error} />
    </ScriptForm>
  );
}

type InvitationRow = { id: string; email: string; role: ProjectRole; expiresAt: string; state: "pending" | "accepted" | "revoked" | "expired" };

/**
 * Invite someone by e-mail with a role (project admin). The link is shown
 * once, to copy into a message: no mail server is needed. Pending
 * invitations can be withdrawn. `invitationDays`: how long a link works (the
 * server's rule, passed in so the sentence cannot drift from it).
 */
export function InvitationsPanel({
  projectId,
  invitations,
  invitationDays,
}: {
  projectId: string;
  invitations: InvitationRow[];
  invitationDays: number;
}) {
  const t = useTranslations("projects.invitations");
  const tFields = useTranslations("projects.fields");
  const tVocab = useTranslations("vocab");
  const router = useRouter();
  const { send, isBusy, error } = useSend();
  const [link, setLink] = useState<{ email: string; url: string } | null>(null);
  const [inviteError, setInviteError] = useState<string | null>(null);
  const [isInviting, setIsInviting] = useState(false);
  const [copied, setCopied] = useState<"copied" | "selected" | null>(null);
  return (
    <div>
      <h3 id="invite-heading">{t("heading")}</h3>
      <ScriptForm
        aria-labelledby="invite-heading"
        onSubmit={async (form) => {
          const data = new FormData(form);
          const email = String(data.get("email") ?? "").trim();
          setIsInviting(true);
          setInviteError(null);
          setLink(null);
          setCopied(null);
          try {
            const response = await fetch(`/api/projects/${projectId}/invitations`, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ email, role: String(data.get("role") ?? "annotator") }),
            });
            const body = (await response.json().catch(() => ({}))) as { link?: string; error?: { message?: string } };
            if (!response.ok || !body.link) {
              setInviteError(body.error?.message ?? t("failed", { status: response.status }));
              return;
            }
            setLink({ email, url: body.link });
            form.reset();
            router.refresh();
          } catch {
            setInviteError(t("networkError"));
          } finally {
            setIsInviting(false);
          }
        }}
      >
        <div className="row">
          <EmailAndRoleFields idPrefix="invite" />
          <button type="submit" disabled={isInviting}>
            {t("submit")}
          </button>
        </div>
        <ErrorLine error={inviteError} />
      </ScriptForm>
      {link && (
        <div className="card" role="status">
          <p>{t("sendLink", { email: link.email, days: invitationDays })}</p>
          <p className="row">
            <input aria-label={t("link")} readOnly value={link.url} onFocus={(event) => event.currentTarget.select()} />
            <button
              type="button"
              onClick={async (event) => {
                // navigator.clipboard exists only in secure contexts (https, localhost): on a plain-http
                // office address the link is selected instead, for Ctrl+C.
                const ok = await (navigator.clipboard?.writeText(link.url).then(
                  () => true,
                  () => false,
                ) ?? Promise.resolve(false));
                if (!ok) (event.currentTarget.previousElementSibling as HTMLInputElement | null)?.select();
                setCopied(ok ? "copied" : "selected");
              }}
            >
              {t("copy")}
            </button>
            {copied && <span className="muted">{t(copied)}</span>}
          </p>
        </div>
      )}
      {invitations.length > 0 && (
        <ListTable
          label={t("table")}
          rows={invitations}
          rowKey={(invitation) => invitation.id}
          columns={[
            { header: tFields("email"), cell: (invitation) => invitation.email },
            { header: tFields("role"), cell: (invitation) => tVocab(`projectRole.${invitation.role}`) },
            { header: t("state"), cell: (invitation) => t(`states.${invitation.state}`) },
            { header: t("expires"), cell: (invitation) => <DateTime value={invitation.expiresAt} /> },
            {
              header: null,
              cell: (invitation) =>
                invitation.state === "pending" && (
                  <button
                    type="button"
                    disabled={isBusy}
                    onClick={() => void send(`/api/projects/${projectId}/invitations/${invitation.id}`, "DELETE")}
                  >
                    {t("withdraw")}
                  </button>
                ),
            },
          ]}
        />
      )}
      <ErrorLine error={error} />
    </div>
  );
}
