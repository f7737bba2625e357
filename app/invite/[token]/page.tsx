import Link from "next/link";
import { connection } from "next/server";
import { SignUpForm } from "@/components/sign-up-form";
import { PROJECT_ROLE_LABELS } from "@/lib/vocabularies";
import { viewInvitation } from "@/server/accounts";
import { getActor } from "@/server/auth";
import { getDatabase } from "@/server/db";
import { AppError } from "@/server/errors";
import { AcceptInvitationButton } from "./accept-button";

/** An invitation link: create the account (or, signed in as the invited address, join). */
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  await connection();
  const { token } = await params;
  const { db } = await getDatabase();
  const actor = await getActor();
  let invitation: Awaited<ReturnType<typeof viewInvitation>>;
  try {
    invitation = await viewInvitation(db, token);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return (
      <main className="page narrow">
        <div className="card">
          <h1>Invitation</h1>
          <p role="alert">{error.message}</p>
        </div>
      </main>
    );
  }
  const intro = (
    <p>
      You are invited to <strong>{invitation.projectName}</strong> as <strong>{PROJECT_ROLE_LABELS[invitation.role]}</strong> ({invitation.email}).
      The link works until {invitation.expiresAt.toISOString().slice(0, 10)}.
    </p>
  );
  if (actor) {
    return (
      <main className="page narrow">
        <div className="card">
          <h1>Invitation</h1>
          {intro}
          {actor.email.toLowerCase() === invitation.email ? (
            <AcceptInvitationButton token={token} projectName={invitation.projectName} />
          ) : (
            <p role="alert">
              You are signed in as {actor.email}. Sign out and open this link again to accept it as {invitation.email}.
            </p>
          )}
        </div>
      </main>
    );
  }
  return (
    <main className="page narrow">
      <div className="card">{intro}</div>
      {invitation.hasAccount ? (
        <div className="card">
          <p>
            An account with this address exists. <Link href={`/sign-in?next=${encodeURIComponent(`/invite/${token}`)}`}>Sign in</Link>, then open this
            link again to join.
          </p>
        </div>
      ) : (
        <SignUpForm mode={{ kind: "invitation", invitationToken: token, email: invitation.email }} />
      )}
    </main>
  );
}
