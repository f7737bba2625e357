import { z } from "zod";
import { requireActor } from "@/server/auth";
import { getDatabase } from "@/server/db";
import { getEnv } from "@/server/env";
import { AppError } from "@/server/errors";
import { handleRoute, parseWith, readBodyText } from "@/server/http";
import { articlesFromJsonLines, importArticleStream } from "@/server/articles";
import { importJsonl, importW3c, type ImportSummary } from "@/server/import";
import { DEFAULT_PROJECT_ID } from "@/server/projects";

const JSONL_LIMIT = 1024 * 1024 * 1024;
const W3C_LIMIT = 64 * 1024 * 1024;

const querySchema = z.object({
  format: z.enum(["jsonl", "w3c", "articles"]),
  projectId: z.uuid().default(DEFAULT_PROJECT_ID),
  skipInvalid: z.preprocess((v) => v === "1" || v === "true", z.boolean()).default(false),
});

/** The request body as lines, decoded as it arrives (a JSONL restore never holds the whole file). */
async function* bodyLines(body: ReadableStream<Uint8Array>, limit: number): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8");
  let carry = "";
  let total = 0;
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > limit) throw new AppError("payload_too_large:import", "The import file is larger than 1 GB.");
    carry += decoder.decode(chunk, { stream: true });
    let newline = carry.indexOf("\n");
    while (newline !== -1) {
      yield carry.slice(0, newline);
      carry = carry.slice(newline + 1);
      newline = carry.indexOf("\n");
    }
  }
  carry += decoder.decode();
  if (carry) yield carry;
}

/**
 * POST /api/import?format=jsonl|w3c|articles[&projectId=…][&skipInvalid=1] with the file as the request body.
 * `articles` is a JSONL of articles, one `{ "text", "title"?, … }` per line.
 */
export const POST = handleRoute(async (request: Request) => {
  const actor = await requireActor(request.headers);
  const url = new URL(request.url);
  const query = parseWith(querySchema, Object.fromEntries(url.searchParams));
  const { db } = await getDatabase();
  if (query.format === "jsonl") {
    if (!request.body) throw new AppError("bad_request:import", "The request has no body: send the JSONL file as the body.");
    const summary = await importJsonl(db, actor, { projectId: query.projectId, lines: bodyLines(request.body, JSONL_LIMIT), skipInvalid: query.skipInvalid });
    return Response.json({ summary });
  }
  if (query.format === "articles") {
    if (!request.body) throw new AppError("bad_request:import", "The request has no body: send the JSONL file as the body.");
    const result = await importArticleStream(db, actor, {
      projectId: query.projectId,
      items: articlesFromJsonLines(bodyLines(request.body, JSONL_LIMIT), "upload"),
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
  const summary = await importW3c(db, actor, { projectId: query.projectId, json, baseUrl: getEnv().baseUrl ?? url.origin, skipInvalid: query.skipInvalid });
  return Response.json({ summary });
});
