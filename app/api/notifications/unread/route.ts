import { route } from "@/server/route";
import { UNREAD_COUNT_CAP, unreadCount } from "@/server/team/notifications";

/**
 * The signed-in person's unread count alone, for the header's Inbox link,
 * which asks again on each page change (the root layout is not rendered
 * again when a link is followed inside the app). `isCapped`: the count
 * stopped at its cap.
 */
export const GET = route({}, async ({ db, actor }) => {
  const unread = await unreadCount(db, actor);
  return Response.json({ unreadCount: unread, isCapped: unread >= UNREAD_COUNT_CAP });
});
