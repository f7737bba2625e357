import { z } from "zod";
import { IMPORT_FORMATS } from "@/lib/export";
import { articlesFromJsonLines, importArticleStream } from "@/server/articles";
import { requireProjectRole } from "@/server/authz";
import { DEFAULT_PROJECT_ID } from "@/server/default-project";
import { getEnv } from "@/server/env";
import { AppError } from "@/server/errors";
import { readBodyText } from "@/server/http";
import { IMPORT_FORMAT_ACTIONS, type ImportSummary, importJsonl, importW3c } from "@/server/import";
import { route } from "@/server/route";

const JSONL_LIMIT = 1024 * 1024 * 1024;
const W3C_LIMIT = 64 * 1024 * 1024;

const querySchema = z.object({
  format: z.enum(IMPORT_FORMATS),
  projectId: z.uuid().default(DEFAULT_PROJECT_ID),
  skipInvalid: z.preprocess((v) => v === "1" || v === "true", z.boolean()).default(false),
});

/** The request body as lines, decoded as it arrives (a JSONL restore never holds the whole file). */
async function* bodyLines(body: ReadableStream<Uint8Array>, limit: number): AsyncGenerator<string> {
  // fatal: a broken byte sequence is refused, never stored as U+FFFD.
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const decode = (chunk?: Uint8Array) => {
    try {
      return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
    } catch {
      throw new AppError("bad_request:encoding", "The import file is not valid UTF-8.");
    }
  };
  let carry = "";
  let total = 0;
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > limit) throw new AppError("payload_too_large:import", "The import file is larger than 1 GB.");
    carry += decode(chunk);
    let newline = carry.indexOf("\n");
    while (newline !== -1) {
      yield carry.slice(0, newline);
      carry = carry.slice(newline + 1);
      newline = carry.indexOf("\n");
    }
  }
  carry += decode();
  if (carry) yield carry;
}

/**
 * POST /api/import?format=jsonl|w3c|articles[&projectId=…][&skipInvalid=1] with the file as the request body,
 * sent as application/x-ndjson (JSONL, articles) or application/ld+json / application/json (W3C): types a
 * cross-site form cannot send. `articles` is a JSONL of articles, one `{ "text", "title"?, … }` per line.
 */
export const POST = route(
  {
    query: querySchema,
    body: { kind: "stream", contentTypes: ["application/x-ndjson", "application/jsonl", "application/ld+json", "application/json"] },
    authorize: async ({ db, actor, query }) => {
      await requireProjectRole(db, query.projectId, actor, IMPORT_FORMAT_ACTIONS[query.format]);
    },
  },
  async ({ db, actor, query, body, request }) => {
    if (!body) throw new AppError("bad_request:import", "The request has no body: send the file as the body.");
    if (query.format === "jsonl") {
      const summary = await importJsonl(db, actor, {
        projectId: query.projectId,
        lines: bodyLines(body, JSONL_LIMIT),
        skipInvalid: query.skipInvalid,
      });
      return Response.json({ summary });
    }
    if (query.format === "articles") {
      const result = await importArticleStream(db, actor, {
        projectId: query.projectId,
        items: articlesFromJsonLines(bodyLines(body, JSONL_LIMIT), "upload"),
        skipInvalid: query.skipInvalid,
      });
      const summary: ImportSummary = {
        articles: { created: result.created, existing: result.existing },
        claims: { created: 0, existing: 0 },
        skipped: result.skipped.map((s) => ({ line: s.line ?? -1, field: s.item, message: s.message })),
      };
      return Response.json({ summary });
    }
    const json = await readBodyText(request, W3C_LIMIT);
    const summary = await importW3c(db, actor, {
      projectId: query.projectId,
      json,
      baseUrl: getEnv().baseUrl ?? new URL(request.url).origin,
      skipInvalid: query.skipInvalid,
    });
    return Response.json({ summary });
  },
);
