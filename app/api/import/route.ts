import { z } from "zod";
import { requireActor } from "@/server/auth";
import { getDatabase } from "@/server/db";
import { getEnv } from "@/server/env";
import { AppError } from "@/server/errors";
import { handleRoute, parseWith, readBodyText } from "@/server/http";
import { importJsonl, importW3c } from "@/server/import";
import { DEFAULT_PROJECT_ID } from "@/server/projects";

const JSONL_LIMIT = 1024 * 1024 * 1024;
const W3C_LIMIT = 64 * 1024 * 1024;

const querySchema = z.object({
  format: z.enum(["jsonl", "w3c"]),
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

/** POST /api/import?format=jsonl|w3c[&projectId=…][&skipInvalid=1] with the file as the request body. */
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
  const json = await readBodyText(request, W3C_LIMIT);
  const summary = await importW3c(db, actor, { projectId: query.projectId, json, baseUrl: getEnv().baseUrl ?? url.origin, skipInvalid: query.skipInvalid });
  return Response.json({ summary });
});
