"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";

type Count = { unread: number; isCapped: boolean };

/**
 * The header's link to the inbox with the unread count: shown "Inbox (3)",
 * named "Inbox, 3 unread" (a bare number in brackets says little read
 * aloud; the name begins with the visible word, WCAG 2.5.3). The name is its
 * own hidden text rather than an aria-label, so it is translated like the
 * rest. `isCapped`: the count stopped at its cap, so it reads "99+".
 *
 * The count comes with the page, and is asked for again whenever the page
 * changes: the root layout that renders this link stays as it is when a link
 * inside the app is followed, so without asking, the count would be that of
 * the first page loaded (a decision made meanwhile never shown). A failed
 * request leaves the count as it was.
 */
export function InboxLink({ unread, isCapped }: Count) {
  const t = useTranslations("nav");
  const pathname = usePathname();
  const [count, setCount] = useState<Count>({ unread, isCapped });
  const firstPath = useRef(pathname);

  useEffect(() => setCount({ unread, isCapped }), [unread, isCapped]);

  useEffect(() => {
    if (pathname === firstPath.current) return;
    firstPath.current = pathname;
    const controller = new AbortController();
    fetch("/api/notifications/unread", { signal: controller.signal, cache: "no-store" })
      .then((response) => (response.ok ? (response.json() as Promise<{ unreadCount: number; isCapped: boolean }>) : null))
      .then((body) => {
        if (body) setCount({ unread: body.unreadCount, isCapped: body.isCapped });
      })
      .catch(() => {});
    return () => controller.abort();
  }, [pathname]);

  return (
    <Link href="/inbox" className="inbox-link" data-testid="inbox-link">
      <span aria-hidden="true">{count.isCapped ? t("inboxMany") : t("inbox", { count: count.unread })}</span>
      <span className="sr-only">{count.isCapped ? t("inboxLabelMany") : t("inboxLabel", { count: count.unread })}</span>
    </Link>
  );
}
