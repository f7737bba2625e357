import { z } from "zod";
import { ARTICLE_FILE_LIMIT, ARTICLE_FILE_LIMIT_LABEL, type ArticleFileInput, importArticles, listArticles } from "@/server/articles";
import { requireProjectRole } from "@/server/authz";
import { DEFAULT_PROJECT_ID } from "@/server/default-project";
import { AppError } from "@/server/errors";
import { parseWith } from "@/server/http";
import { route } from "@/server/route";

/** Up to 20 files of the per-file limit in one request. */
const MAX_FILES = 20;
const REQUEST_LIMIT = ARTICLE_FILE_LIMIT * MAX_FILES + 64 * 1024;

const filesSchema = z
  .array(z.object({ name: z.string().trim().max(255).nullable().default(null), content: z.string() }))
  .min(1, "at least one article is needed")
  .max(MAX_FILES, `at most ${MAX_FILES} files at once`);

// Strict: a projectId in the body (where it used to be) is refused, not silently ignored in favour of the query's.
const pasteSchema = z.strictObject({ files: filesSchema });

export const GET = route({}, async ({ db, actor }) => Response.json({ articles: await listArticles(db, actor) }));

/**
 * Import articles into `?projectId=…` (default: the default project): JSON
 * `{ files: [{ name, content }] }` (paste) or multipart form data with one or
 * more `files` (upload). The project is in the query so that the caller's
 * role is checked before megabytes of upload are read.
 */
export const POST = route(
  {
    query: z.object({ projectId: z.uuid().default(DEFAULT_PROJECT_ID) }),
    body: { kind: "json-or-multipart", schema: pasteSchema, limit: REQUEST_LIMIT },
    authorize: async ({ db, actor, query }) => {
      await requireProjectRole(db, query.projectId, actor, "import_articles");
    },
  },
  async ({ db, actor, query, body }) => {
    const files = "json" in body ? body.json.files : await filesFromUpload(body.form);
    for (const file of files) checkSize(file);
    const imported = await importArticles(db, actor, { projectId: query.projectId, files });
    return Response.json({ articles: imported }, { status: imported.some((a) => a.isNew) ? 201 : 200 });
  },
);

function checkSize(file: ArticleFileInput): void {
  if (Buffer.byteLength(file.content, "utf8") > ARTICLE_FILE_LIMIT) {
    throw new AppError("payload_too_large:article", `${file.name ?? "The article"} is larger than the limit of ${ARTICLE_FILE_LIMIT_LABEL}.`);
  }
}

async function filesFromUpload(form: FormData): Promise<ArticleFileInput[]> {
  const unknown = [...new Set(form.keys())].filter((key) => key !== "files");
  if (unknown.length) {
    throw new AppError("unprocessable:validation", `Unknown form fields: ${unknown.join(", ")} (the project goes in the query: ?projectId=…).`, {
      fields: Object.fromEntries(unknown.map((key) => [key, "not a field of this upload"])),
    });
  }
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
  return parseWith(filesSchema, files);
}
