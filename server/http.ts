import "server-only";
import type { z } from "zod";
// Plain words for every route schema's problems (the door parses with parseWith).
import "@/lib/validation-words";
import { AppError, describeFields, fieldErrorsFromZod } from "./errors";

/** Largest JSON body the API accepts (a claim with 100 sources and long excerpts stays far below). */
export const JSON_BODY_LIMIT = 1024 * 1024;

/**
 * Read a request body as text, refusing anything over `limit` bytes with 413,
 * whether or not the client declared a Content-Length.
 */
export async function readBodyText(request: Request, limit: number): Promise<string> {
  return decodeUtf8(await readBodyBytes(request, limit));
}

/** Strict UTF-8: a broken byte sequence is a 400, never silently replaced by U+FFFD. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new AppError("bad_request:encoding", "Request body is not valid UTF-8.");
  }
}

/** The raw body bytes, with the same size limit. */
export async function readBodyBytes(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) throw tooLarge(limit);
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

function tooLarge(limit: number): AppError {
  return new AppError("payload_too_large:body", `Request body is larger than the limit of ${formatBytes(limit)}.`);
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(0)} MB` : `${(bytes / 1024).toFixed(0)} KB`;
}

/** Validate `data` against a zod schema: 422 naming each invalid field. */
export function parseWith<S extends z.ZodType>(schema: S, data: unknown): z.infer<S> {
  const result = schema.safeParse(data);
  if (!result.success) {
    const fields = fieldErrorsFromZod(result.error.issues);
    throw new AppError("unprocessable:validation", `Invalid input — ${describeFields(fields)}`, { fields });
  }
  return result.data;
}

/** An error as the response the client gets: an AppError's status and JSON; anything else is logged and a plain 500. */
export function errorResponse(error: unknown): Response {
  if (error instanceof AppError) return Response.json(error.toJSON(), { status: error.status });
  console.error("[claimwork] unexpected error", error);
  return Response.json({ error: { code: "internal", message: "Something went wrong on the server." } }, { status: 500 });
}
