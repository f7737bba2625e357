import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { getTranslations } from "next-intl/server";
import { SignUpForm } from "@/components/sign-up-form";
import { NAME_MAX_LENGTH, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@/lib/password-policy";
import { needsSetup } from "@/server/accounts";
import { getDatabase } from "@/server/db";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth");
  return { title: t("setup.title") };
}

/** The first account of a fresh instance, with the one-time setup code printed in the server's log. */
export default async function SetupPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  await connection();
  const { db } = await getDatabase();
  if (!(await needsSetup(db))) redirect("/sign-in");
  const { token } = await searchParams;
  return (
    <main className="page narrow">
      <SignUpForm
        mode={{ kind: "setup", setupToken: typeof token === "string" ? token : "" }}
        limits={{ nameMaxLength: NAME_MAX_LENGTH, passwordMinLength: PASSWORD_MIN_LENGTH, passwordMaxLength: PASSWORD_MAX_LENGTH }}
      />
    </main>
  );
}
