import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { getTranslations } from "next-intl/server";
import { SignUpForm } from "@/components/sign-up-form";
import { NAME_MAX_LENGTH, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@/lib/password-policy";
import { needsSetup } from "@/server/accounts";
import { getDatabase } from "@/server/db";
import { getEnv } from "@/server/env";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth");
  return { title: getEnv().isOpenSignup ? t("signUp.title") : t("joining.title") };
}

/** Open sign-up when the server allows it; otherwise how people join (an invitation). */
export default async function SignUpPage() {
  await connection();
  const { db } = await getDatabase();
  if (await needsSetup(db)) redirect("/setup");
  if (getEnv().isOpenSignup) {
    return (
      <main className="page narrow">
        <SignUpForm
          mode={{ kind: "open" }}
          limits={{ nameMaxLength: NAME_MAX_LENGTH, passwordMinLength: PASSWORD_MIN_LENGTH, passwordMaxLength: PASSWORD_MAX_LENGTH }}
        />
      </main>
    );
  }
  const t = await getTranslations("auth");
  return (
    <main className="page narrow">
      <div className="card">
        <h1>{t("joining.title")}</h1>
        <p>{t("joining.text")}</p>
        <p className="muted">{t.rich("joining.haveAccount", { link: (chunks) => <Link href="/sign-in">{chunks}</Link> })}</p>
      </div>
    </main>
  );
}
