import Link from "next/link";
import { useTranslations } from "next-intl";
import { ArticleLink } from "@/components/article-link";
import { DateTime } from "@/components/date-time";
import { claimLink } from "@/lib/client/claim-link";
import { notificationWording } from "@/lib/notification-kinds";
import type { NotificationItem } from "@/server/team/notifications";
import { MarkRead } from "./mark-read";

/**
 * The inbox's notifications, newest first: each says who did what about
 * which claim (its quote, in the claim's language), in which article, when,
 * links to the claim on its article page, and quotes the comment that came
 * with it. An unread one says so in words and carries its "Mark as read"
 * (the unread marker is text and a bar, not a colour alone).
 */
export function NotificationList({ items, empty }: { items: NotificationItem[]; empty: string }) {
  const t = useTranslations("notifications");
  if (items.length === 0) {
    return (
      <p className="empty" role="status">
        {empty}
      </p>
    );
  }
  return (
    <ol className="inbox" aria-label={t("list")}>
      {items.map((item) => (
        <NotificationRow key={item.id} item={item} />
      ))}
    </ol>
  );
}

function NotificationRow({ item }: { item: NotificationItem }) {
  const t = useTranslations("notifications");
  const sentenceId = `notification-${item.id}`;
  const actor = item.actorName ?? t("someone");
  return (
    <li className={item.isRead ? "inbox-item" : "inbox-item unread"}>
      <p className="inbox-what" id={sentenceId}>
        {!item.isRead && <strong className="badge inbox-unread">{t("unread")}</strong>}{" "}
        {t.rich(`what.${notificationWording(item)}`, {
          actor,
          quote: () => (
            <span className="inbox-quote" lang={item.claim.language ?? item.article.language ?? undefined}>
              {item.claim.quote}
            </span>
          ),
        })}
      </p>
      {item.text !== null && <blockquote className="inbox-text">{item.text}</blockquote>}
      <p className="inbox-meta muted">
        {t.rich("article", {
          project: item.project.name,
          article: () => <span lang={item.article.language ?? undefined}>{item.article.title}</span>,
        })}{" "}
        · <DateTime value={item.createdAt} />
      </p>
      <p className="row inbox-actions">
        {item.claim.isDeleted ? (
          <ArticleLink id={item.article.id}>{t("openArticle")}</ArticleLink>
        ) : (
          <Link href={claimLink(item.article.id, item.claim.id)}>{t("openClaim")}</Link>
        )}
        {!item.isRead && <MarkRead target={{ ids: [item.id] }} describedBy={sentenceId} />}
      </p>
    </li>
  );
}
