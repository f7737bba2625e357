import { z } from "zod";
import { requireActor } from "@/server/auth";
import { ARTICLE_FILE_LIMIT, ARTICLE_FILE_LIMIT_LABEL, importArticles, listArticles, type ArticleFileInput } from "@/server/articles";
import { getDatabase } from "@/server/db";
import { AppError } from "@/server/errors";
import { handleRoute, parseWith, readBodyBytes, readBodyText } from "@/server/http";
import { DEFAULT_PROJECT_ID } from "@/server/projects";

/** Up to 20 files of the per-file limit in one request. */
const MAX_FILES = 20;
const REQUEST_LIMIT = ARTICLE_FILE_LIMIT * MAX_FILES + 64 * 1024;

const pasteSchema = z.object({
  projectId: z.uuid().default(DEFAULT_PROJECT_ID),
  files: z
    .array(z.object({ name: z.string().trim().max(255).nullable().default(null), content: z.string() }))
    .min(1, "at least one article is needed")
    .max(MAX_FILES, `at most ${MAX_FILES} files at once`),
});

export const GET = handleRoute(async (request: Request) => {
  const actor = await requireActor(request.headers);
  const { db } = await getDatabase();
  return Response.json({ articles: await listArticles(db, actor) });
});

/**
 * Import articles: JSON `{ projectId?, files: [{ name, content }] }` (paste) or
 * multipart form data with one or more `files` (upload) and an optional `projectId`.
 */
export const POST = handleRoute(async (request: Request) => {
  const actor = await requireActor(request.headers);
  const contentType = request.headers.get("content-type") ?? "";
  let input: z.infer<typeof pasteSchema>;
  if (contentType.startsWith("multipart/form-data")) {
    input = await readUpload(request);
  } else {
    const text = await readBodyText(request, REQUEST_LIMIT);
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw new AppError("bad_request:json", "Request body is not valid JSON.");
    }
    input = parseWith(pasteSchema, data);
  }
  for (const file of input.files) checkSize(file);
  const { db } = await getDatabase();
  const imported = await importArticles(db, actor, { projectId: input.projectId, files: input.files });
  return Response.json({ articles: imported }, { status: imported.some((a) => a.isNew) ? 201 : 200 });
});

function checkSize(file: ArticleFileInput): void {
  if (Buffer.byteLength(file.content, "utf8") > ARTICLE_FILE_LIMIT) {
    throw new AppError("payload_too_large:article", `${file.name ?? "The article"} is larger than the limit of ${ARTICLE_FILE_LIMIT_LABEL}.`);
  }
}

async function readUpload(request: Request): Promise<z.infer<typeof pasteSchema>> {
  // Read with our own limit first: formData() alone would buffer any size.
  const bytes = await readBodyBytes(request, REQUEST_LIMIT);
  const reread = new Response(bytes, { headers: { "content-type": request.headers.get("content-type") ?? "" } });
  const form = await reread.formData().catch(() => {
    throw new AppError("bad_request:form", "The upload could not be read as form data.");
  });
  const files: ArticleFileInput[] = [];
  for (const entry of form.getAll("files")) {
    if (typeof entry === "string") continue;
    if (!/\.(txt|md)$/i.test(entry.name)) {
      throw new AppError("unprocessable:article", `${entry.name}: only .txt and .md files can be imported.`);
    }
    if (entry.size > ARTICLE_FILE_LIMIT) {
      throw new AppError("payload_too_large:article", `${entry.name} is larger than the limit of ${ARTICLE_FILE_LIMIT_LABEL}.`);
    }
    const bytes = new Uint8Array(await entry.arrayBuffer());
    files.push({ name: entry.name, content: new TextDecoder("utf-8").decode(bytes) });
  }
  const projectId = form.get("projectId");
  return parseWith(pasteSchema, { projectId: typeof projectId === "string" && projectId ? projectId : undefined, files });
}
