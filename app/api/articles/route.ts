import { z } from "zod";
import { articleListQuerySchema } from "@/lib/article-list";
import { ARTICLE_FILE_LIMIT, type ArticleFileInput, importArticles, listArticles, searchArticles } from "@/server/articles";
import { requireProjectRole } from "@/server/authz";
import { DEFAULT_PROJECT_ID } from "@/server/default-project";
import { AppError } from "@/server/errors";
import { parseWith } from "@/server/http";
import { route } from "@/server/route";

/** Up to 20 files of the per-file limit in one request. */
const MAX_FILES = 20;
const REQUEST_LIMIT = ARTICLE_FILE_LIMIT * MAX_FILES + 64 * 1024;

const MAX_NAME_LENGTH = 255;

/** A paste and an upload hold the same number of files. */
const batchOf = <T extends z.ZodType>(file: T) =>
  z.array(file).min(1, "at least one article is needed").max(MAX_FILES, `at most ${MAX_FILES} files at once`);

const filesSchema = batchOf(z.object({ name: z.string().trim().max(MAX_NAME_LENGTH).nullable().default(null), content: z.string() }));
const uploadSchema = batchOf(z.custom<ArticleFileInput>());

// Strict: a projectId in the body (where it used to be) is refused, not silently ignored in favour of the query's.
const pasteSchema = z.strictObject({ files: filesSchema });

/**
 * The articles the caller may see. Without a query: all of them, newest
 * activity first (what scripts and the bench read). With any of `q`,
 * `projectId`, `language`, `mine=assigned`, `state`, `sort`, `size`, `page`
 * (lib/article-list.ts): one page of the search, with the total that matched.
 */
export const GET = route({ query: articleListQuerySchema }, async ({ db, actor, query }) => {
  if (Object.values(query).every((value) => value === undefined)) return Response.json({ articles: await listArticles(db, actor) });
  const { items, total } = await searchArticles(db, actor, query);
  return Response.json({ articles: items, total });
});

/**
 * Import articles into `?projectId=…` (default: the default project): JSON
 * `{ files: [{ name, content }] }` (paste) or multipart form data with one or
 * more `files` (upload, decoded by detecting each file's encoding). The
 * project is in the query so that the caller's role is checked before
 * megabytes of upload are read.
 *
 * Each file is imported or refused on its own. The answer lists every file's
 * outcome in `files` (with the encoding an upload was read in, or why it was
 * refused) and, as before, the articles imported or found in `articles`:
 * 201 when at least one is new, 200 when all were there already, 422 when
 * every file was refused (the error names each one; `files` lists them).
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
    const outcomes = await importArticles(db, actor, { projectId: query.projectId, files });
    const articles = outcomes.flatMap((file) =>
      file.status === "refused" ? [] : [{ id: file.id, title: file.title, isNew: file.status === "imported" }],
    );
    if (articles.length === 0) {
      const reasons = outcomes.flatMap((file) => (file.status === "refused" ? [file.reason] : []));
      const message = reasons.length === 1 ? reasons[0]! : `None of the ${reasons.length} files was imported: ${reasons.join("; ")}`;
      return Response.json({ ...new AppError("unprocessable:article", message).toJSON(), files: outcomes, articles }, { status: 422 });
    }
    return Response.json({ files: outcomes, articles }, { status: articles.some((a) => a.isNew) ? 201 : 200 });
  },
);

const ARTICLE_FILE_NAME = /\.(txt|md)$/i;

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
    const name = entry.name.trim();
    if (name.length > MAX_NAME_LENGTH) {
      files.push({ name, refused: { problem: "invalid", reason: `The file name is longer than ${MAX_NAME_LENGTH} characters.` } });
    } else if (!ARTICLE_FILE_NAME.test(name)) {
      files.push({ name, refused: { problem: "file_type", reason: `${name}: only .txt and .md files can be imported.` } });
    } else {
      // Bytes, not text: the import detects each file's encoding (lib/text-encoding.ts).
      files.push({ name, bytes: new Uint8Array(await entry.arrayBuffer()) });
    }
  }
  return parseWith(uploadSchema, files);
}
