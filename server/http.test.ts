import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "./errors";
import { errorResponse, parseWith, readBodyText } from "./http";
import { publicRoute } from "./route";

// The door looks for a session (none here) and opens the process-wide embedded database: in a folder of this test's own.
process.env.CLAIMWORK_DATA_DIR = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "claimwork-http-")), "pglite");

const schema = z.object({ name: z.string().min(1), target: z.object({ start: z.number().int().nonnegative() }) });

/** A route behind the door that needs no session, so the body checks are reached without signing in. */
const jsonDoor = publicRoute({ body: { kind: "json", schema } }, async () => Response.json({ ok: true }));

function jsonRequest(body: BodyInit, headers: Record<string, string> = {}) {
  return new Request("http://localhost/api/x", {
    method: "PUT",
    body,
    headers: { "content-type": "application/json", ...headers },
    duplex: "half",
  } as RequestInit);
}

async function statusOf(
  promise: Promise<unknown>,
): Promise<{ status: number; body: { error: { code: string; message: string; fields?: Record<string, string> } } }> {
  try {
    await promise;
  } catch (error) {
    const response = errorResponse(error);
    return { status: response.status, body: await response.json() };
  }
  throw new Error("expected a failure");
}

describe("request bodies at the boundary", () => {
  it("answers malformed JSON with 400, through the door", async () => {
    const response = await jsonDoor(jsonRequest("{nope"));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("bad_request:json");
  });

  it("answers invalid fields with 422 naming each field, through the door", async () => {
    const response = await jsonDoor(jsonRequest(JSON.stringify({ name: "", target: { start: -1 } })));
    expect(response.status).toBe(422);
    const body = (await response.json()) as { error: { message: string; fields?: Record<string, string> } };
    expect(Object.keys(body.error.fields ?? {})).toEqual(["name", "target.start"]);
    expect(body.error.message).toContain("target.start");
    expect((await jsonDoor(jsonRequest(JSON.stringify({ name: "x", target: { start: 0 } })))).status).toBe(200);
  });

  it("parseWith names each invalid field (422) for a data-layer check", async () => {
    const { status, body } = await statusOf(Promise.resolve().then(() => parseWith(schema, { name: "" })));
    expect(status).toBe(422);
    expect(Object.keys(body.error.fields ?? {})).toEqual(["name", "target"]);
  });

  it("refuses a body over the limit with 413, by its declared length", async () => {
    const { status, body } = await statusOf(readBodyText(jsonRequest("{}", { "content-length": String(5_000_000) }), 1024));
    expect(status).toBe(413);
    expect(body.error.message).toContain("1 KB");
  });

  it("refuses a body over the limit with 413 while streaming, when no length was declared", async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 10; i++) controller.enqueue(new Uint8Array(512));
        controller.close();
      },
    });
    const { status } = await statusOf(readBodyText(jsonRequest(stream), 1024));
    expect(status).toBe(413);
  });

  it("hides unexpected errors behind a plain 500", async () => {
    const response = errorResponse(new Error('relation "claims" does not exist'));
    expect(response.status).toBe(500);
    expect(JSON.stringify(await response.json())).not.toContain("relation");
  });

  it("keeps AppError detail for the client", async () => {
    const response = errorResponse(new AppError("conflict:claim", "stale", { detail: { current: { version: 3 } } }));
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ error: { code: "conflict:claim", detail: { current: { version: 3 } } } });
  });
});
