import "server-only";
import type { DatabaseHandle } from "@/db/client";
import type { ChangeNotice } from "@/lib/live-notice";
import type { Actor } from "../authz";
import { CHANGE_CHANNEL } from "../events";
import { judgeNotice, requireArticleViewer, requireProjectViewer } from "../visibility";

export type LiveScope = { projectId: string; articleId?: undefined } | { articleId: string; projectId?: undefined };

export type LiveSubscription = {
  projectId: string;
  articleId: string | null;
  unsubscribe(): Promise<void>;
};

export type LiveOptions = {
  /**
   * Called once when the actor turns out to be no longer a member of the
   * project (removed while the stream was open). The subscription has already
   * stopped; the caller should end the response.
   */
  onRevoked?: () => void;
};

/**
 * Subscribe the actor to the change notices of one project or one article.
 * Opening checks read access (non-members: 404, the same for an unknown id).
 * Notices of other projects/articles are dropped at once; every other notice
 * is judged by the visibility policy when it arrives (server/visibility.ts,
 * `judgeNotice`), with the actor's role, the project's blind flag and the
 * article's state as they are then — so a removed member's stream stops
 * (and `onRevoked` fires), and blind mode, assignments and closing take
 * effect on streams already open. Notices are judged one at a time, in the
 * order they arrived, so they are delivered in commit order. Notices carry
 * ids only, never content: a client refetches through the normal
 * (authorized) endpoints.
 */
export async function subscribeToChanges(
  handle: DatabaseHandle,
  actor: Actor,
  scope: LiveScope,
  onNotice: (notice: ChangeNotice) => void,
  options: LiveOptions = {},
): Promise<LiveSubscription> {
  const { db } = handle;
  let projectId: string;
  let articleId: string | null = null;
  if (scope.articleId !== undefined) {
    const { article } = await requireArticleViewer(db, actor, scope.articleId, "read");
    projectId = article.projectId;
    articleId = article.id;
  } else {
    projectId = (await requireProjectViewer(db, actor, scope.projectId, "read")).projectId;
  }

  let isStopped = false;
  let unlisten: (() => Promise<void>) | null = null;
  const stop = async () => {
    isStopped = true;
    const release = unlisten;
    unlisten = null;
    await release?.();
  };

  let queue: Promise<void> = Promise.resolve();
  unlisten = await handle.listen(CHANGE_CHANNEL, (payload) => {
    if (isStopped) return;
    let notice: ChangeNotice;
    try {
      notice = JSON.parse(payload) as ChangeNotice;
    } catch {
      return;
    }
    if (notice.projectId !== projectId) return;
    // Out of an article stream's scope, but a change to the actor's own membership is still judged: it may end the stream.
    const isInScope = articleId === null || notice.articleId === articleId;
    const isAboutMembership = notice.entityType === "member" && notice.entityId === actor.id;
    if (!isInScope && !isAboutMembership) return;
    queue = queue.then(async () => {
      if (isStopped) return;
      // A failed check drops the notice: never deliver what could not be judged.
      const verdict = await judgeNotice(db, actor, notice).catch(() => "drop" as const);
      if (isStopped) return;
      if (verdict === "revoked") {
        await stop().catch(() => {});
        options.onRevoked?.();
        return;
      }
      if (verdict === "deliver" && isInScope) onNotice(notice);
    });
  });
  return { projectId, articleId, unsubscribe: stop };
}
