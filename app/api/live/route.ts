import { z } from "zod";
import { getDatabase } from "@/server/db";
import { route } from "@/server/route";
import { type LiveScope, subscribeToChanges } from "@/server/team/live";

export const dynamic = "force-dynamic";

const HEARTBEAT_MS = 25_000;

const querySchema = z
  .object({ projectId: z.uuid().optional(), articleId: z.uuid().optional() })
  .refine((q) => (q.projectId === undefined) !== (q.articleId === undefined), {
    message: "give exactly one of projectId and articleId",
    path: ["projectId"],
  });

/**
 * Server-sent events: `GET /api/live?projectId=…` or `?articleId=…`.
 * Emits `event: ready` once subscribed, then `event: change` with a
 * ChangeNotice (ids only) per committed change the actor may see, and a
 * comment line every 25 s to keep proxies from closing the connection.
 * Authorization (read access to the project) is checked when subscribing.
 */
export const GET = route({ query: querySchema }, async ({ request, actor, query }) => {
  const scope: LiveScope = query.articleId !== undefined ? { articleId: query.articleId } : { projectId: query.projectId! };
  const handle = await getDatabase();
  const encoder = new TextEncoder();

  let cleanup: (() => Promise<void>) | null = null;
  let controllerRef: ReadableStreamDefaultController<Uint8Array> | null = null;
  const send = (chunk: string) => {
    try {
      controllerRef?.enqueue(encoder.encode(chunk));
    } catch {
      // the stream is already closed
    }
  };
  // Subscribe before answering, so a 404/403 is an ordinary error response, not a broken stream.
  const subscription = await subscribeToChanges(
    handle,
    actor,
    scope,
    (notice) => {
      send(`event: change\ndata: ${JSON.stringify(notice)}\n\n`);
    },
    // Removed from the project (or the article is gone): the open stream ends, it does not merely go quiet.
    { onRevoked: () => void cleanup?.() },
  );

  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controllerRef = controller;
      send(`retry: 3000\nevent: ready\ndata: ${JSON.stringify({ projectId: subscription.projectId, articleId: subscription.articleId })}\n\n`);
      const heartbeat = setInterval(() => send(`: keep-alive\n\n`), HEARTBEAT_MS);
      let closed = false;
      cleanup = async () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        await subscription.unsubscribe().catch(() => {});
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      request.signal.addEventListener("abort", () => void cleanup?.());
    },
    async cancel() {
      await cleanup?.();
    },
  });

  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
});
