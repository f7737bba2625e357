"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ErrorLine } from "@/components/error-line";
import { ListTable } from "@/components/list-table";
import { Options } from "@/components/options";
import { ScriptForm } from "@/components/script-form";
import { PROJECT_ROLE_LABELS, PROJECT_ROLES, type ProjectRole, REVIEW_DECISION_ACTIONS } from "@/lib/vocabularies";

type Taxonomy = {
  claimTypes: Array<{ key: string; label: string }>;
  verdicts: Array<{ key: string; label: string; rating: number | null }>;
  stances: Array<{ key: string; label: string }>;
};

/** Every role a member can be given, as the role selects list them. */
const ROLE_OPTIONS = PROJECT_ROLES.map((role) => ({ key: role, label: PROJECT_ROLE_LABELS[role] }));

/** Send JSON to the API; resolves to an error message, or null on success (and refreshes the page's server data). */
function useSend() {
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
        setError(data.error?.message ?? `Request failed (${response.status}).`);
        return false;
      }
      router.refresh();
      return true;
    } catch {
      setError("Network error: the change did not reach the server.");
      return false;
    } finally {
      setIsBusy(false);
    }
  }
  return { send, isBusy, error };
}

/** The e-mail and role inputs that adding a member and inviting one share (named `email` and `role`). */
function EmailAndRoleFields({ idPrefix }: { idPrefix: string }) {
  return (
    <>
      <label htmlFor={`${idPrefix}-email`}>Email</label>
      <input id={`${idPrefix}-email`} name="email" type="email" required />
      <label htmlFor={`${idPrefix}-role`}>Role</label>
      <select id={`${idPrefix}-role`} name="role" defaultValue="annotator">
        <Options entries={ROLE_OPTIONS} />
      </select>
    </>
  );
}

export function CreateProjectForm() {
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
      <h2 id="create-project">New project</h2>
      <label htmlFor="project-name">Name</label>
      <input id="project-name" name="name" required maxLength={200} />
      <label className="row">
        <input type="checkbox" name="isBlind" /> Blind double annotation
      </label>
      <p>
        <button type="submit" disabled={isBusy}>
          Create project
        </button>
      </p>
      <ErrorLine error={error} />
    </ScriptForm>
  );
}

export function AddMemberForm({ projectId }: { projectId: string }) {
  const { send, isBusy, error } = useSend();
  return (
    <ScriptForm
      aria-label="Add member"
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
          Add member
        </button>
      </div>
      <ErrorLine error={error} />
    </ScriptForm>
  );
}

export function MemberControls({ projectId, userId, role, name }: { projectId: string; userId: string; role: ProjectRole; name: string }) {
  const { send, isBusy, error } = useSend();
  const url = `/api/projects/${projectId}/members/${encodeURIComponent(userId)}`;
  return (
    <>
      <span className="row">
        <select
          aria-label={`Role of ${name}`}
          value={role}
          disabled={isBusy}
          onChange={(event) => void send(url, "PATCH", { role: event.target.value })}
        >
          <Options entries={ROLE_OPTIONS} />
        </select>
        <button
          type="button"
          disabled={isBusy}
          onClick={() => {
            if (window.confirm(`Remove ${name} from the project?`)) void send(url, "DELETE");
          }}
        >
          Remove
        </button>
      </span>
      <ErrorLine error={error} />
    </>
  );
}

export function BlindToggle({ projectId, isBlind }: { projectId: string; isBlind: boolean }) {
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
        Blind double annotation (annotators see only their own claims until they submit)
      </label>
      <ErrorLine error={error} />
    </>
  );
}

export function AssignForm({
  articleId,
  candidates,
  assigned,
}: {
  articleId: string;
  candidates: Array<{ userId: string; name: string }>;
  assigned: string[];
}) {
  const { send, isBusy, error } = useSend();
  const open = candidates.filter((c) => !assigned.includes(c.userId));
  if (open.length === 0) return null;
  return (
    <ScriptForm
      className="row"
      onSubmit={async (form) => {
        const userIds = new FormData(form).getAll("userId").map(String);
        if (userIds.length) await send(`/api/reviews/articles/${articleId}/assignments`, "POST", { userIds });
      }}
    >
      <select name="userId" multiple aria-label="Annotators to assign" size={Math.min(4, open.length)}>
        <Options entries={open.map((c) => ({ key: c.userId, label: c.name }))} />
      </select>
      <button type="submit" disabled={isBusy}>
        Assign
      </button>
      <ErrorLine error={error} />
    </ScriptForm>
  );
}

type ListName = keyof Taxonomy;
const LIST_TITLES: Record<ListName, string> = { claimTypes: "Claim types", verdicts: "Verdicts", stances: "Source stances" };

/**
 * Edit labels, add entries, remove entries. Keys of existing entries are read-only
 * (claims store them); the server refuses removing a key that claims use.
 */
export function TaxonomyEditor({ projectId, taxonomy }: { projectId: string; taxonomy: Taxonomy }) {
  const { send, isBusy, error } = useSend();
  const [draft, setDraft] = useState<Taxonomy>(taxonomy);
  const [saved, setSaved] = useState(false);
  const existing = new Set<string>((Object.keys(LIST_TITLES) as ListName[]).flatMap((list) => taxonomy[list].map((e) => `${list}:${e.key}`)));
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
      {(Object.keys(LIST_TITLES) as ListName[]).map((list) => (
        <fieldset key={list}>
          <legend>{LIST_TITLES[list]}</legend>
          {draft[list].map((entry, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: an entry has no identity of its own until saved (its key is what is being edited); the inputs are controlled by the draft, so the row's position is what React should follow.
            <div className="row" key={index}>
              <input
                aria-label={`${LIST_TITLES[list]} key ${index + 1}`}
                value={entry.key}
                readOnly={existing.has(`${list}:${entry.key}`)}
                onChange={(event) => update(list, index, { key: event.target.value })}
                size={14}
              />
              <input
                aria-label={`${LIST_TITLES[list]} label ${index + 1}`}
                value={entry.label}
                onChange={(event) => update(list, index, { label: event.target.value })}
              />
              {list === "verdicts" && (
                <input
                  aria-label={`Rating of verdict ${index + 1}`}
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
                Remove
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
            Add
          </button>
        </fieldset>
      ))}
      <p className="row">
        <button type="submit" disabled={isBusy}>
          Save taxonomy
        </button>
        {saved && <span className="muted">Saved.</span>}
      </p>
      <ErrorLine error={error} />
    </ScriptForm>
  );
}

export function ReviewControls({ claimId }: { claimId: string }) {
  const { send, isBusy, error } = useSend();
  const [comment, setComment] = useState("");
  async function decide(decision: "accept" | "reject" | "request_changes") {
    if (await send(`/api/reviews/claims/${claimId}/decision`, "POST", { decision, comment })) setComment("");
  }
  return (
    <div>
      <label htmlFor={`comment-${claimId}`}>Comment (required to reject or request changes)</label>
      <textarea id={`comment-${claimId}`} rows={2} value={comment} onChange={(event) => setComment(event.target.value)} />
      <div className="row">
        <button type="button" disabled={isBusy} onClick={() => void decide("accept")}>
          {REVIEW_DECISION_ACTIONS.accept}
        </button>
        <button type="button" disabled={isBusy || comment.trim() === ""} onClick={() => void decide("request_changes")}>
          {REVIEW_DECISION_ACTIONS.request_changes}
        </button>
        <button type="button" disabled={isBusy || comment.trim() === ""} onClick={() => void decide("reject")}>
          {REVIEW_DECISION_ACTIONS.reject}
        </button>
      </div>
      <ErrorLine error={error} />
    </div>
  );
}

type InvitationRow = { id: string; email: string; role: ProjectRole; expiresAt: string; state: "pending" | "accepted" | "revoked" | "expired" };

/**
 * Invite someone by e-mail with a role (project admin). The link is shown
 * once, to copy into a message: no mail server is needed. Pending
 * invitations can be withdrawn.
 */
export function InvitationsPanel({ projectId, invitations }: { projectId: string; invitations: InvitationRow[] }) {
  const router = useRouter();
  const { send, isBusy, error } = useSend();
  const [link, setLink] = useState<{ email: string; url: string } | null>(null);
  const [inviteError, setInviteError] = useState<string | null>(null);
  const [isInviting, setIsInviting] = useState(false);
  const [copied, setCopied] = useState<"copied" | "selected" | null>(null);
  return (
    <div>
      <h3 id="invite-heading">Invite by e-mail</h3>
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
              setInviteError(body.error?.message ?? `The invitation failed (${response.status}).`);
              return;
            }
            setLink({ email, url: body.link });
            form.reset();
            router.refresh();
          } catch {
            setInviteError("Network error: the invitation did not reach the server.");
          } finally {
            setIsInviting(false);
          }
        }}
      >
        <div className="row">
          <EmailAndRoleFields idPrefix="invite" />
          <button type="submit" disabled={isInviting}>
            Create invitation link
          </button>
        </div>
        <ErrorLine error={inviteError} />
      </ScriptForm>
      {link && (
        <div className="card" role="status">
          <p>Send this link to {link.email}. It works once, for 7 days, and is shown only now:</p>
          <p className="row">
            <input aria-label="Invitation link" readOnly value={link.url} onFocus={(event) => event.currentTarget.select()} />
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
              Copy
            </button>
            {copied && <span className="muted">{copied === "copied" ? "Copied." : "Selected: press Ctrl+C to copy."}</span>}
          </p>
        </div>
      )}
      {invitations.length > 0 && (
        <ListTable
          label="Invitations"
          rows={invitations}
          rowKey={(invitation) => invitation.id}
          columns={[
            { header: "Email", cell: (invitation) => invitation.email },
            { header: "Role", cell: (invitation) => PROJECT_ROLE_LABELS[invitation.role] },
            { header: "State", cell: (invitation) => invitation.state },
            { header: "Expires", cell: (invitation) => invitation.expiresAt.slice(0, 10) },
            {
              header: null,
              cell: (invitation) =>
                invitation.state === "pending" && (
                  <button
                    type="button"
                    disabled={isBusy}
                    onClick={() => void send(`/api/projects/${projectId}/invitations/${invitation.id}`, "DELETE")}
                  >
                    Withdraw
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
