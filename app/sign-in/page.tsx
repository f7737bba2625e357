import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { AuthForm } from "@/components/auth-form";
import { PASSWORD_MAX_LENGTH } from "@/lib/password-policy";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth");
  return { title: t("signIn.title") };
}

export default function SignInPage() {
  return (
    <main className="page narrow">
      {/* useSearchParams (the ?next= after signing in) needs a Suspense boundary in a prerendered page. */}
      <Suspense>
        <AuthForm passwordMaxLength={PASSWORD_MAX_LENGTH} />
      </Suspense>
    </main>
  );
}
