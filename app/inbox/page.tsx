import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { requirePageActor } from "@/app/_lib/page-guard";
import {
  listNotifications,
  type NotificationsQuery,
  notificationsQueryFrom,
  notificationsQuerySchema,
  UNREAD_COUNT_CAP,
  unreadCount,
} from "@/server/team/notifications";
import { MarkRead } from "./_components/mark-read";
import { NotificationList } from "./_components/notification-list";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("notifications");
  return { title: t("title") };
}

type SearchParams = Record<string, string | string[] | undefined>;

/** The address's query (`unread=1`, `before=<id>`): the first value of each; null when it does not parse. */
function readQuery(params: SearchParams): NotificationsQuery | null {
  const raw: Record<string, string> = {};
  for (const key of ["unread", "before"]) {
    const value = params[key];
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) raw[key] = first;
  }
  const parsed = notificationsQuerySchema.safeParse(raw);
  return parsed.success ? notificationsQueryFrom(parsed.data) : null;
}

function inboxHref(query: NotificationsQuery): string {
  const params = new URLSearchParams();
  if (query.unreadOnly) params.set("unread", "1");
  if (query.before !== undefined) params.set("before", String(query.before));
  const search = params.toString();
  return `/inbox${search ? `?${search}` : ""}`;
}

/**
 * The signed-in person's inbox: what others did about their claims and
 * threads, newest first, a page at a time ("Older"), all or unread only,
 * with "Mark as read" per notification and for all.
 */
export default async function InboxPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { actor, db } = await requirePageActor();
  const [query, t] = await Promise.all([searchParams.then(readQuery), getTranslations("notifications")]);
  const [page, unread] = await Promise.all([query ? listNotifications(db, actor, query) : null, unreadCount(db, actor)]);
  const isUnreadOnly = query?.unreadOnly ?? false;
  const isPaged = query?.before !== undefined;
  return (
    <main className="page">
      <h1>{t("title")}</h1>
      <p className="muted">{t("intro")}</p>
      <div className="row inbox-bar">
        <p role="status">{unread >= UNREAD_COUNT_CAP ? t("unreadSummaryMany") : t("unreadSummary", { count: unread })}</p>
        <nav aria-label={t("show")} className="inbox-views">
          <Link href={inboxHref({})} aria-current={isUnreadOnly ? undefined : "page"}>
            {t("showAll")}
          </Link>
          <Link href={inboxHref({ unreadOnly: true })} aria-current={isUnreadOnly ? "page" : undefined}>
            {t("showUnread")}
          </Link>
        </nav>
        {unread > 0 && <MarkRead target={{ all: true }} />}
      </div>
      {page === null ? (
        <p className="empty" role="status">
          {t("invalid")} <Link href="/inbox">{t("backToInbox")}</Link>
        </p>
      ) : (
        <>
          <NotificationList items={page.items} empty={isPaged ? t("emptyPage") : isUnreadOnly ? t("emptyUnread") : t("empty")} />
          {(isPaged || page.older !== null) && (
            <nav aria-label={t("pages")} className="pager">
              {isPaged && <Link href={inboxHref({ unreadOnly: isUnreadOnly })}>{t("newest")}</Link>}
              {page.older !== null ? (
                <Link href={inboxHref({ unreadOnly: isUnreadOnly, before: page.older })}>{t("older")}</Link>
              ) : (
                <span aria-hidden="true">{t("older")}</span>
              )}
            </nav>
          )}
        </>
      )}
    </main>
  );
}
