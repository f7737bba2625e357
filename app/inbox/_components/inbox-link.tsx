import Link from "next/link";
import { useTranslations } from "next-intl";

/**
 * The header's link to the inbox with the unread count: shown "Inbox (3)",
 * named "Inbox, 3 unread" (a bare number in brackets says little read
 * aloud; the name begins with the visible word, WCAG 2.5.3). The name is its
 * own hidden text rather than an aria-label, so it is translated like the
 * rest. `isCapped`: the count stopped at its cap, so it reads "99+".
 */
export function InboxLink({ unread, isCapped }: { unread: number; isCapped: boolean }) {
  const t = useTranslations("nav");
  return (
    <Link href="/inbox" className="inbox-link" data-testid="inbox-link">
      <span aria-hidden="true">{isCapped ? t("inboxMany") : t("inbox", { count: unread })}</span>
      <span className="sr-only">{isCapped ? t("inboxLabelMany") : t("inboxLabel", { count: unread })}</span>
    </Link>
  );
}
