import "server-only";
import { z } from "zod";
import type { Db } from "@/db/client";
import { describeUnstorable, findUnstorableText } from "@/lib/storable-text";
import { getActor, requireActor } from "./auth";
import type { Actor } from "./authz";
import { getDatabase } from "./db";
import { databaseUnavailable, isConnectionError, withConnectionRetry } from "./db-retry";
import { getEnv } from "./env";
import { AppError } from "./errors";
import { decodeUtf8, errorResponse, JSON_BODY_LIMIT, parseWith, readBodyBytes } from "./http";

/**
 * The one door every route handler goes through. In this order, before any
 * work: the request must not be one a browser could send from another origin
 * (403), its content type must be the route's own (415), the caller must be
 * signed in (401), path and query must parse (4xx naming the field), the
 * route's `authorize` check runs (so a non-member is answered before a large
 * body is read), and only then is the body read within its size limit and
 * parsed. Errors become their status; anything unexpected is a plain 500.
 *
 * Why the cross-origin rule has three parts: a page on another origin can
 * make the browser send a form (url-encoded, multipart or text/plain) or a
 * no-cors fetch with the user's cookies. Modern browsers mark every such
 * request with `Sec-Fetch-Site` and, for non-GET requests, `Origin`; a JSON
 * or other non-form content type cannot be sent cross-origin at all without a
 * CORS preflight, which this app never grants. So a state-changing request
 * passes only if its `Sec-Fetch-Site` (when sent) is same-origin or none, its
 * `Origin` (when sent) is this server's own, and its content type is not one
 * a form can produce — except multipart uploads, which must also carry an
 * `Origin` or `Sec-Fetch-Site` saying they come from this origin.
 */

type BodyKind =
  /** No body; any body sent is refused by content type. */
  | { kind: "none" }
  /** `application/json`, read up to `limit` bytes, UTF-8 checked, then parsed against `schema`. */
  | { kind: "json"; schema: z.ZodType; limit?: number }
  /** `multipart/form-data` read up to `limit` bytes (uploads). */
  | { kind: "multipart"; limit: number }
  /** The raw body stream, for imports read line by line; `contentTypes` are the accepted media types. */
  | { kind: "stream"; contentTypes: readonly string[] }
  /** JSON or multipart, for a route that takes both (paste or upload). */
  | { kind: "json-or-multipart"; schema: z.ZodType; limit: number };

type BodyOf<B extends BodyKind> = B extends { kind: "json"; schema: infer S extends z.ZodType }
  ? z.infer<S>
  : B extends { kind: "multipart" }
    ? FormData
    : B extends { kind: "stream" }
      ? ReadableStream<Uint8Array> | null
      : B extends { kind: "json-or-multipart"; schema: infer S extends z.ZodType }
        ? { json: z.infer<S> } | { form: FormData }
        : undefined;

export type RouteContext<P, Q> = {
  request: Request;
  actor: Actor;
  params: P;
  query: Q;
  db: Db;
};

type RouteSpec<PS extends z.ZodType, QS extends z.ZodType, B extends BodyKind> = {
  params?: PS;
  query?: QS;
  body?: B;
  /** Runs before the body is read: typically the project role check, so an outsider is refused cheaply. */
  authorize?: (context: RouteContext<z.infer<PS>, z.infer<QS>>) => Promise<void>;
  /**
   * The handler may run twice when the database connection drops under it
   * (server/db-retry.ts). True for GET; a route sets it when its writes are
   * idempotent by client ids (the claim save). Other writes get one attempt,
   * and a lost connection is a 503 either way, never a 500.
   */
  isIdempotent?: boolean;
};

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

type NextContext = { params?: Promise<Record<string, string | string[]>> };

/**
 * A route handler behind the door. `handler` receives typed, validated
 * values and the signed-in actor (401 without a session).
 */
export function route<PS extends z.ZodType = z.ZodUndefined, QS extends z.ZodType = z.ZodUndefined, B extends BodyKind = { kind: "none" }>(
  spec: RouteSpec<PS, QS, B>,
  handler: (context: RouteContext<z.infer<PS>, z.infer<QS>> & { body: BodyOf<B> }) => Promise<Response>,
) {
  return door(spec, true, handler as (context: DoorContext) => Promise<Response>);
}

/** The same door for the few routes that serve people who are not signed in (sign-up): `actor` may be null. */
export function publicRoute<PS extends z.ZodType = z.ZodUndefined, QS extends z.ZodType = z.ZodUndefined, B extends BodyKind = { kind: "none" }>(
  spec: Omit<RouteSpec<PS, QS, B>, "authorize">,
  handler: (context: Omit<RouteContext<z.infer<PS>, z.infer<QS>>, "actor"> & { actor: Actor | null; body: BodyOf<B> }) => Promise<Response>,
) {
  return door(spec, false, handler as (context: DoorContext) => Promise<Response>);
}

type DoorContext = Omit<RouteContext<unknown, unknown>, "actor"> & { actor: Actor | null; body: unknown };

function door(spec: RouteSpec<z.ZodType, z.ZodType, BodyKind>, needsActor: boolean, handler: (context: DoorContext) => Promise<Response>) {
  return async (request: Request, nextContext?: NextContext): Promise<Response> => {
    try {
      const bodyKind: BodyKind = spec.body ?? { kind: "none" };
      if (STATE_CHANGING.has(request.method)) assertSameOrigin(request);
      assertContentType(request, bodyKind);
      const actor = needsActor ? await requireActor(request.headers) : await getActor(request.headers);
      const params = parseParts(spec.params, nextContext?.params ? await nextContext.params : undefined, "path");
      const query = parseParts(spec.query, spec.query ? Object.fromEntries(new URL(request.url).searchParams) : undefined, "query");
      const { db } = await getDatabase();
      const context = { request, actor, params, query, db };
      if (spec.authorize && actor) await spec.authorize({ ...context, actor });
      const body = await readBody(request, bodyKind);
      const retry = spec.isIdempotent ?? request.method === "GET";
      return await withConnectionRetry(() => handler({ ...context, body }), { retry });
    } catch (error) {
      return errorResponse(isConnectionError(error) ? databaseUnavailable(error) : error);
    }
  };
}

/** 403 unless the request comes from a page of this server (see the module comment). */
export function assertSameOrigin(request: Request): void {
  const fetchSite = request.headers.get("sec-fetch-site");
  if (fetchSite !== null && fetchSite !== "same-origin" && fetchSite !== "none") {
    throw new AppError("forbidden:origin", "This request came from another site and was refused.");
  }
  const origin = request.headers.get("origin");
  if (origin !== null && !isOwnOrigin(request, origin)) {
    throw new AppError("forbidden:origin", "This request came from another site and was refused.");
  }
  if (mediaType(request) === "multipart/form-data" && origin === null && fetchSite === null) {
    // A form upload with neither header: not from a browser page of ours.
    throw new AppError("forbidden:origin", "An upload must come from a Claimwork page (no Origin header was sent).");
  }
}

/**
 * The request's Origin names this server: the host the browser addressed
 * (the Host header, or the forwarded host when a trusted proxy is configured)
 * or the configured public URL. `null` (sandboxed frames, some redirects) is
 * never ours.
 */
function isOwnOrigin(request: Request, origin: string): boolean {
  if (origin === "null") return false;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  const env = getEnv();
  if (env.baseUrl && parsed.origin === new URL(env.baseUrl).origin) return true;
  const host = requestHost(request);
  return host !== null && parsed.host === host && (parsed.protocol === "http:" || parsed.protocol === "https:");
}

function requestHost(request: Request): string | null {
  if (getEnv().trustedProxies.length > 0) {
    const forwarded = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim();
    if (forwarded) return forwarded;
  }
  return request.headers.get("host");
}

const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"];

function mediaType(request: Request): string | null {
  const header = request.headers.get("content-type");
  return header ? (header.split(";")[0] ?? "").trim().toLowerCase() : null;
}

/** 415 for a content type that is not the route's own. */
function assertContentType(request: Request, body: BodyKind): void {
  if (!STATE_CHANGING.has(request.method)) return;
  const type = mediaType(request);
  const accepted: readonly string[] =
    body.kind === "json"
      ? ["application/json"]
      : body.kind === "multipart"
        ? ["multipart/form-data"]
        : body.kind === "json-or-multipart"
          ? ["application/json", "multipart/form-data"]
          : body.kind === "stream"
            ? body.contentTypes
            : [];
  if (body.kind === "none") {
    // A body-less action accepts no content type at all, or an empty JSON body from clients that always set one.
    if (type === null || type === "application/json") return;
  } else if (type !== null && accepted.includes(type) && !(body.kind === "stream" && FORM_TYPES.includes(type))) {
    return;
  }
  const expected = accepted.length ? accepted.join(" or ") : "no body";
  throw new AppError("unsupported_media_type:body", `This request must be sent as ${expected}${type ? `, not ${type}` : ""}.`);
}

/** Path or query values: unstorable text is a 422 naming the parameter, then the schema parses them. */
function parseParts<S extends z.ZodType>(schema: S | undefined, values: unknown, where: "path" | "query"): z.infer<S> {
  if (!schema) return undefined as z.infer<S>;
  assertStorable(values, where === "path" ? "path" : "query");
  return parseWith(schema, values);
}

function assertStorable(value: unknown, prefix?: string): void {
  const found = findUnstorableText(value);
  if (!found) return;
  const field = prefix && found.path !== "(body)" ? `${prefix}.${found.path}` : found.path;
  const message = describeUnstorable(found.problem);
  throw new AppError("unprocessable:validation", `Invalid input — ${field}: ${message}`, { fields: { [field]: message } });
}

async function readBody(request: Request, body: BodyKind): Promise<unknown> {
  switch (body.kind) {
    case "none":
      return undefined;
    case "stream":
      return request.body;
    case "json":
      return parseJson(await readBodyBytes(request, body.limit ?? JSON_BODY_LIMIT), body.schema);
    case "multipart":
      return readForm(request, body.limit);
    case "json-or-multipart":
      return mediaType(request) === "multipart/form-data"
        ? { form: await readForm(request, body.limit) }
        : { json: parseJson(await readBodyBytes(request, body.limit), body.schema) };
  }
}

/** Strict UTF-8 (a broken byte sequence is refused, not replaced), JSON, storable text, then the schema. */
function parseJson(bytes: Uint8Array, schema: z.ZodType): unknown {
  const text = decodeUtf8(bytes);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new AppError("bad_request:json", "Request body is not valid JSON.");
  }
  assertStorable(data);
  return parseWith(schema, data);
}

async function readForm(request: Request, limit: number): Promise<FormData> {
  // Read with our own limit first: formData() alone would buffer any size.
  const bytes = await readBodyBytes(request, limit);
  const reread = new Response(bytes, { headers: { "content-type": request.headers.get("content-type") ?? "" } });
  return reread.formData().catch(() => {
    throw new AppError("bad_request:form", "The upload could not be read as form data.");
  });
}

/**
 * The door for a handler this app does not own (better-auth's endpoints):
 * the same origin, content-type, size, UTF-8, JSON and storable-text checks,
 * then the request rebuilt with the body that was checked, for the handler
 * to read. A 4xx Response when refused.
 */
export async function guardForeignHandler(request: Request, limit: number): Promise<Request | Response> {
  if (!STATE_CHANGING.has(request.method)) return request;
  try {
    const bytes = await readBodyBytes(request, limit);
    const body: BodyKind = bytes.byteLength === 0 ? { kind: "none" } : { kind: "json", schema: z.unknown() };
    assertSameOrigin(request);
    assertContentType(request, body);
    if (bytes.byteLength === 0) return new Request(request.url, { method: request.method, headers: request.headers });
    parseJson(bytes, z.unknown());
    return new Request(request.url, { method: request.method, headers: request.headers, body: bytes });
  } catch (error) {
    return errorResponse(error);
  }
}

/** Path parameter schemas shared by many routes. */
export const idParams = z.object({ id: z.uuid() });
