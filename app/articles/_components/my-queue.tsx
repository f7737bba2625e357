import Link from "next/link";
import { useTranslations } from "next-intl";
import { ArticleLink } from "@/components/article-link";
import { ListTable } from "@/components/list-table";
import { encodeFacetValue, FILTER_PARAMS } from "@/lib/client/claim-filter";
import { REVIEW_STATUSES } from "@/lib/vocabularies";
import type { QueueItem } from "@/server/team/assignments";

/**
 * The article page with its claim list filtered to the claims awaiting a
 * revision (the annotator page reads `f.status`, lib/client/claim-filter.ts).
 */
function reviseHref(articleId: string): string {
  const params = new URLSearchParams({ [FILTER_PARAMS.status]: encodeFacetValue("changes_requested") });
  return `/articles/${encodeURIComponent(articleId)}?${params}`;
}

/**
 * "My queue": the annotator's assignments, what needs doing first (myQueue
 * sorts them: changes requested, then to do, then submitted), with a line
 * counting each, what each asks of them, and their claims there by status.
 */
export function MyQueue({ items }: { items: QueueItem[] }) {
  const t = useTranslations("articles.queue");
  const tv = useTranslations("vocab");
  const countOf = (step: QueueItem["step"]) => items.filter((item) => item.step === step).length;
  return (
    <section aria-labelledby="queue-heading" style={{ marginBottom: "1.5rem" }}>
      <h2 id="queue-heading">{t("title")}</h2>
      <p className="muted">{t("summary", { toDo: countOf("to_do"), revise: countOf("revise"), submitted: countOf("submitted") })}</p>
      <ListTable
        label={t("title")}
        rows={items}
        rowKey={(item) => item.articleId}
        columns={[
          { header: t("columns.article"), cell: (item) => <ArticleLink id={item.articleId}>{item.articleTitle}</ArticleLink> },
          { header: t("columns.project"), cell: (item) => item.projectName },
          {
            header: t("columns.state"),
            cell: (item) =>
              item.step === "revise" ? (
                // The row names the article; the link opens it with the claims to revise listed.
                <Link href={reviseHref(item.articleId)} className="queue-revise">
                  <strong>{t("revise", { count: item.claimCounts.changes_requested })}</strong>
                </Link>
              ) : item.step === "to_do" ? (
                t("toDo")
              ) : (
                t("waiting")
              ),
          },
          {
            header: t("columns.myClaims"),
            cell: (item) => {
              const present = REVIEW_STATUSES.filter((status) => item.claimCounts[status] > 0);
              if (present.length === 0) return t("noClaims");
              return (
                <ul className="status-counts">
                  {present.map((status) => (
                    <li key={status}>{t("statusCount", { status: tv(`reviewStatus.${status}`), count: item.claimCounts[status] })}</li>
                  ))}
                </ul>
              );
            },
          },
        ]}
      />
    </section>
  );
}
