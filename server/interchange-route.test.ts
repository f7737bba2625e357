import { afterAll, beforeAll, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { type RouteSession, routeSession } from "@/test-support/route-session";
import { addRole, createArticle, createUser, describeEachDatabase, newProject } from "@/test-support/team-fixtures";
import type { InterchangePreview, InterchangeReport } from "./interchange";

// POST /api/projects/:id/interchange (issue 15) and POST /api/articles/:id/revisions (issue 14) through the door:
// multipart uploads decoded by their encoding, the preview, the import, and refusals naming the field.

describeEachDatabase("interchange and revision upload routes", (getDatabase) => {
  let db: Db;
  let session: RouteSession;
  let projectId: string;

  beforeAll(async () => {
    const database = getDatabase();
    db = database.db;
    session = await routeSession(database, "Ines");
    const admin = await createUser(db, "Site admin", { isAdmin: true });
    projectId = (await newProject(db, admin, "Interchange route")).id;
    await addRole(db, projectId, session.actor.id, "reviewer");
  });

  afterAll(() => session.restore());

  async function post(fields: Record<string, string>, files: Array<{ name: string; bytes: Uint8Array<ArrayBuffer> | string }>) {
    const { POST } = await import("@/app/api/projects/[id]/interchange/route");
    const form = new FormData();
    for (const [key, value] of Object.entries(fields)) form.append(key, value);
    for (const file of files) form.append("files", new File([file.bytes], file.name));
    const request = new Request(`http://desk.lan:3000/api/projects/${projectId}/interchange`, {
      method: "POST",
      headers: { host: "desk.lan:3000", origin: "http://desk.lan:3000", cookie: session.cookie },
      body: form,
    });
    return POST(request, { params: Promise.resolve({ id: projectId }) });
  }

  it("previews a brat pair (a .txt saved with a byte-order mark, which brat counts), then imports it", async () => {
    const text = `Brat ${crypto.randomUUID()}\n\nDie Stadt gab 4 Mio. € aus.`;
    const start = 1 + [...text.slice(0, text.indexOf("4 Mio."))].length; // brat counts the BOM as character 0
    const txt = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
    const ann = `T1\tStatistic ${start} ${start + 8}\t4 Mio. €\n`;
    const files = [
      { name: "doc.txt", bytes: txt },
      { name: "doc.ann", bytes: ann },
    ];
    const preview = await post({ format: "brat" }, files);
    expect(preview.status).toBe(200);
    const body = (await preview.json()) as { preview: InterchangePreview };
    expect(body.preview).toMatchObject({ labels: [{ label: "Statistic", spans: 1 }], problems: [], documents: [{ key: "doc", article: null }] });
    const imported = await post({ format: "brat", mapping: JSON.stringify({ Statistic: { kind: "type", key: "statistic" } }) }, files);
    expect(imported.status).toBe(201);
    const report = ((await imported.json()) as { report: InterchangeReport }).report;
    expect(report).toMatchObject({ articles: { created: 1 }, claims: { created: 1 }, problems: [] });
  });

  it("answers bad fields with a 422 naming them, never a 500", async () => {
    const file = [{ name: "x.jsonl", bytes: '{"text":"a","label":[]}\n' }];
    for (const [fields, field] of [
      [{ format: "excel" }, "format"],
      [{ format: "doccano", mapping: "{not json" }, "mapping"],
      [{ format: "doccano", mapping: JSON.stringify({ A: { kind: "type", key: "Bad Key" } }) }, "mapping.A.key"],
      [{ format: "doccano", offsetUnit: "bytes" }, "offsetUnit"],
      [{ format: "doccano", extra: "1" }, "(body)"],
    ] as const) {
      const response = await post(fields, file);
      expect(response.status, JSON.stringify(fields)).toBe(422);
      const error = ((await response.json()) as { error: { fields?: Record<string, string> } }).error;
      expect(Object.keys(error.fields ?? {}).join(","), JSON.stringify(fields)).toContain(field === "(body)" ? "" : field);
    }
    const none = await post({ format: "doccano" }, []);
    expect(none.status).toBe(422);
    const binary = await post({ format: "doccano" }, [{ name: "x.jsonl", bytes: new Uint8Array([0, 1, 2, 0, 0xff]) }]);
    expect(binary.status).toBe(422);
  });

  it("adds a revision from an uploaded file read in its encoding, and refuses an upload with the wrong fields", async () => {
    const article = await createArticle(db, projectId, `Fassung ${crypto.randomUUID()}\n\nDie Gebühr steigt um 5 €.`);
    const { POST } = await import("@/app/api/articles/[id]/revisions/route");
    const send = (form: FormData) =>
      POST(
        new Request(`http://desk.lan:3000/api/articles/${article.id}/revisions`, {
          method: "POST",
          headers: { host: "desk.lan:3000", origin: "http://desk.lan:3000", cookie: session.cookie },
          body: form,
        }),
        { params: Promise.resolve({ id: article.id }) },
      );
    // "Die Gebühr steigt um 6 €." in Windows-1252: ü is 0xFC, € is 0x80.
    const latin = new Uint8Array([
      ...new TextEncoder().encode("Neue Fassung\n\nDie Geb"),
      0xfc,
      ...new TextEncoder().encode("hr steigt um 6 "),
      0x80,
      0x2e,
    ]);
    const form = new FormData();
    form.append("file", new File([latin], "korrigiert.txt"));
    const added = await send(form);
    expect(added.status).toBe(201);
    expect(((await added.json()) as { revision: { revision: number; encoding: string } }).revision).toMatchObject({
      revision: 2,
      encoding: "windows-1252",
    });
    const wrong = new FormData();
    wrong.append("files", new File(["x"], "a.txt"));
    const refused = await send(wrong);
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { error: { fields: Record<string, string> } }).error.fields).toEqual({ files: "not a field of this upload" });
  });
});
