import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { getFormatter, getTranslations } from "next-intl/server";
import { apiErrorText } from "@/components/error-line";
import { SignUpForm } from "@/components/sign-up-form";
import { NAME_MAX_LENGTH, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@/lib/password-policy";
import { viewInvitation } from "@/server/accounts";
import { getActor } from "@/server/auth";
import { getDatabase } from "@/server/db";
import { AppError } from "@/server/errors";
import { AcceptInvitationButton } from "./accept-button";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth");
  return { title: t("invitation.title") };
}

/** An invitation link: create the account (or, signed in as the invited address, join). */
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  await connection();
  const { token } = await params;
  const { db } = await getDatabase();
  const [actor, t, tVocab, tErrors, format] = await Promise.all([
    getActor(),
    getTranslations("auth"),
    getTranslations("vocab"),
    getTranslations("errors"),
    getFormatter(),
  ]);
  let invitation: Awaited<ReturnType<typeof viewInvitation>>;
  try {
    invitation = await viewInvitation(db, token);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return (
      <main className="page narrow">
        <div className="card">
          <h1>{t("invitation.title")}</h1>
          <p role="alert">{apiErrorText(tErrors, { code: error.code, message: error.message }, error.message)}</p>
        </div>
      </main>
    );
  }
  const intro = (
    <p>
      {t.rich("invitation.intro", {
        project: invitation.projectName,
        role: tVocab(`projectRole.${invitation.role}`),
        email: invitation.email,
        expires: format.dateTime(invitation.expiresAt, { dateStyle: "medium", timeStyle: "short" }),
        strong: (chunks) => <strong>{chunks}</strong>,
      })}
    </p>
  );
  if (actor) {
    return (
      <main className="page narrow">
        <div className="card">
          <h1>{t("invitation.title")}</h1>
          {intro}
          {actor.email.toLowerCase() === invitation.email ? (
            <AcceptInvitationButton token={token} projectName={invitation.projectName} />
          ) : (
            <p role="alert">{t("invitation.signedInAsOther", { current: actor.email, email: invitation.email })}</p>
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
            {t.rich("invitation.hasAccount", {
              link: (chunks) => <Link href={`/sign-in?next=${encodeURIComponent(`/invite/${token}`)}`}>{chunks}</Link>,
            })}
          </p>
        </div>
      ) : (
        <SignUpForm
          mode={{ kind: "invitation", invitationToken: token, email: invitation.email }}
          limits={{ nameMaxLength: NAME_MAX_LENGTH, passwordMinLength: PASSWORD_MIN_LENGTH, passwordMaxLength: PASSWORD_MAX_LENGTH }}
        />
      )}
    </main>
  );
}
