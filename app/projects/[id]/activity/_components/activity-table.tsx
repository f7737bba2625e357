import Link from "next/link";
import { useTranslations } from "next-intl";
import { ArticleLink } from "@/components/article-link";
import { DateTime } from "@/components/date-time";
import { ListTable } from "@/components/list-table";
import type { Taxonomy } from "@/lib/taxonomy";
import type { ActivityItem } from "@/server/team/history";
import { HistoryChanges, useActionWords } from "./history-changes";

type ActivityTableProps = { items: ActivityItem[]; taxonomy: Taxonomy; empty: string };

/** The entries of one page (a sync server component, so next-intl's hooks word it the way the claim history does). */
export function ActivityTable({ items, taxonomy, empty }: ActivityTableProps) {
  const t = useTranslations("review.activity");
  const th = useTranslations("history");
  const actionWords = useActionWords();
  return (
    <ListTable
      label={t("table")}
      empty={empty}
      rows={items}
      rowKey={(item) => item.id}
      columns={[
        { header: t("when"), cell: (item) => <DateTime value={item.createdAt} precision="seconds" /> },
        { header: t("who"), cell: (item) => item.actorName ?? t("system") },
        {
          header: t("what"),
          cell: (item) => {
            const action = actionWords(item.action);
            return (
              <>
                {item.email !== null
                  ? th("feed.invitedEmail", { action, email: item.email })
                  : item.subjectName !== null
                    ? th("feed.subject", { action, name: item.subjectName })
                    : action}
                <HistoryChanges changes={item.changes} taxonomy={taxonomy} />
              </>
            );
          },
        },
        { header: t("on"), cell: (item) => <ActivityTarget item={item} /> },
      ]}
    />
  );
}

/** The claim (its quote as text, linked to the claim's page while it has one) and the article (its title) an entry is about. */
function ActivityTarget({ item }: { item: ActivityItem }) {
  const t = useTranslations("history");
  const quote = item.claim && t("change.quoted", { text: item.claim.quote });
  return (
    <>
      {item.claim &&
        (item.claim.isDeleted ? (
          <span>
            {quote} <span className="muted">{t("feed.claimDeleted")}</span>
          </span>
        ) : (
          <Link href={`/claims/${item.claim.id}`}>{quote}</Link>
        ))}
      {item.claim && item.article && <br />}
      {item.article && <ArticleLink id={item.article.id}>{item.article.title || t("feed.untitled")}</ArticleLink>}
      {!item.claim && !item.article && <span className="muted">—</span>}
    </>
  );
}
