import { route } from "@/server/route";
import { listNotifications, notificationsQueryFrom, notificationsQuerySchema, unreadCount } from "@/server/team/notifications";

/**
 * The signed-in person's inbox, newest first, a page at a time:
 * `?unread=1` for the unread ones only, `?before=<id>` for the older page
 * (the page's `older`). With the unread count, for a badge. A malformed
 * parameter is a 422 naming it.
 */
export const GET = route({ query: notificationsQuerySchema }, async ({ db, actor, query }) => {
  const [page, unread] = await Promise.all([listNotifications(db, actor, notificationsQueryFrom(query)), unreadCount(db, actor)]);
  return Response.json({ ...page, unreadCount: unread });
});
