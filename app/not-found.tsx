import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("errors");
  return { title: t("notFound.title") };
}

/** Any address no page answers, and every `notFound()` a page calls. */
export default async function NotFound() {
  const t = await getTranslations("errors");
  return (
    <main className="page narrow">
      <div className="card">
        <h1>{t("notFound.title")}</h1>
        <p>{t("notFound.message")}</p>
        <p>
          <Link href="/articles">{t("notFound.back")}</Link>
        </p>
      </div>
    </main>
  );
}
