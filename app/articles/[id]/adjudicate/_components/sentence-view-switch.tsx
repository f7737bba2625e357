import Link from "next/link";
import { useTranslations } from "next-intl";
import { SENTENCE_VIEWS, type SentenceView } from "@/lib/adjudication-agreed";
import styles from "../adjudicate.module.css";

/** The view's address: the page with `?show=` (the drill-down's `#sentence-N` anchors work on either). */
export function sentenceViewHref(articleId: string, view: SentenceView): string {
  return `/articles/${articleId}/adjudicate?show=${view}`;
}

/**
 * Disputed · All, as one segmented choice of links (each view has its own
 * URL, so it survives a reload and can be shared); the current one is
 * `aria-current="page"`. Each says how many sentences it shows.
 */
export function SentenceViewSwitch({
  articleId,
  view,
  disputedCount,
  allCount,
}: {
  articleId: string;
  view: SentenceView;
  disputedCount: number;
  allCount: number;
}) {
  const t = useTranslations("review.adjudicate");
  return (
    <nav aria-label={t("viewLabel")}>
      <ul className={styles.segmented}>
        {SENTENCE_VIEWS.map((to) => (
          <li key={to}>
            <Link href={sentenceViewHref(articleId, to)} aria-current={view === to ? "page" : undefined} scroll={false}>
              {to === "disputed" ? t("viewDisputed", { count: disputedCount }) : t("viewAll", { count: allCount })}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
