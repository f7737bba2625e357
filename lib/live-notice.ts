/**
 * A committed change as the live stream announces it: written by
 * server/events.ts (NOTIFY, in the change's transaction), judged per viewer by
 * server/visibility.ts, sent by `/api/live`, read by app/_client/live.ts. Ids
 * only: a live view refetches through the normal API, which checks access.
 */
import type { HistoryAction } from "./history-actions";

export type ChangeNotice = {
  projectId: string;
  articleId?: string;
  entityType: string;
  entityId: string;
  action: HistoryAction;
  actorId: string | null;
};
