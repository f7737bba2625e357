import { ARTICLE_FILE_LIMIT, type ArticleFileInput } from "@/server/articles";
import { AppError } from "@/server/errors";
import { addRevision, listRevisions, pastedRevisionSchema } from "@/server/revisions";
import { idParams, route } from "@/server/route";

const ARTICLE_FILE_NAME = /\.(txt|md)$/i;

/** The article's revisions, oldest first, the current one marked. */
export const GET = route({ params: idParams }, async ({ db, actor, params }) =>
  Response.json({ revisions: await listRevisions(db, actor, params.id) }),
);

/**
 * Add a new revision: JSON `{ text, name? }` (paste) or multipart form data with one `file` (.txt or .md,
 * its encoding detected as on import). Every claim is re-anchored in the same transaction; the answer
 * says how many were kept, relocated, queued for confirmation or orphaned (201). The same text as the
 * current revision is a 422 ("no change").
 */
export const POST = route(
  { params: idParams, body: { kind: "json-or-multipart", schema: pastedRevisionSchema, limit: ARTICLE_FILE_LIMIT + 64 * 1024 } },
  async ({ db, actor, params, body }) => {
    const file: ArticleFileInput = "json" in body ? { name: body.json.name, content: body.json.text } : await fileFromUpload(body.form);
    return Response.json({ revision: await addRevision(db, actor, { articleId: params.id, file }) }, { status: 201 });
  },
);

async function fileFromUpload(form: FormData): Promise<ArticleFileInput> {
  const unknown = [...new Set(form.keys())].filter((key) => key !== "file");
  if (unknown.length) {
    throw new AppError("unprocessable:validation", `Unknown form fields: ${unknown.join(", ")} (the revision goes in "file").`, {
      fields: Object.fromEntries(unknown.map((key) => [key, "not a field of this upload"])),
    });
  }
  const entries = form.getAll("file");
  const entry = entries[0];
  if (entries.length !== 1 || entry === undefined || typeof entry === "string") {
    throw new AppError("unprocessable:validation", "Send exactly one file as the new revision.", { fields: { file: "exactly one file is needed" } });
  }
  const name = entry.name.trim();
  if (!ARTICLE_FILE_NAME.test(name)) {
    throw new AppError("unprocessable:validation", `${name}: only .txt and .md files can be a revision.`, {
      fields: { file: "must be a .txt or .md file" },
    });
  }
  return { name, bytes: new Uint8Array(await entry.arrayBuffer()) };
}
