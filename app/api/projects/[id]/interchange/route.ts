import { decodeInterchangeFile, type InterchangeFile } from "@/lib/interchange/formats";
import { requireProjectRole } from "@/server/authz";
import { AppError } from "@/server/errors";
import { parseWith } from "@/server/http";
import { importInterchange, interchangeFieldsSchema, previewInterchange, readOptionsOf } from "@/server/interchange";
import { idParams, route } from "@/server/route";

/** One import's files together (a brat folder's pairs, several Label Studio exports). */
const REQUEST_LIMIT = 64 * 1024 * 1024;

/**
 * Another tool's annotations into the project (issue 15): multipart form data with `format` (label_studio,
 * doccano, prodigy, brat, webanno_tsv, hypothesis, checkthat), one or more `files`, and optionally
 * `includePredictions` and `offsetUnit`. Without `mapping` the answer is the preview (200): the labels,
 * attributes and documents found, the articles they match, and every problem. With `mapping` (JSON: per
 * label `{"kind":"type","key"}`, `{"kind":"create","key","label"}`, `{"kind":"tag"}` or `{"kind":"skip"}`)
 * the file is imported (201) and the answer is the report.
 */
export const POST = route(
  {
    params: idParams,
    body: { kind: "multipart", limit: REQUEST_LIMIT },
    authorize: async ({ db, actor, params }) => {
      await requireProjectRole(db, params.id, actor, "import_articles");
    },
  },
  async ({ db, actor, params, body }) => {
    const fields = parseWith(
      interchangeFieldsSchema,
      Object.fromEntries([...body.entries()].filter(([key, value]) => key !== "files" && typeof value === "string")),
    );
    const files: InterchangeFile[] = [];
    for (const entry of body.getAll("files")) {
      if (typeof entry === "string") continue;
      const file = decodeInterchangeFile(entry.name, new Uint8Array(await entry.arrayBuffer()));
      if ("problem" in file) throw new AppError("unprocessable:import", `${entry.name}: ${file.problem}`, { fields: { files: file.problem } });
      files.push(file);
    }
    if (files.length === 0)
      throw new AppError("unprocessable:import", "Send at least one file.", { fields: { files: "at least one file is needed" } });
    const options = { projectId: params.id, format: fields.format, files, read: readOptionsOf(fields) };
    if (!fields.mapping) return Response.json({ preview: await previewInterchange(db, actor, options) });
    return Response.json({ report: await importInterchange(db, actor, { ...options, mapping: fields.mapping }) }, { status: 201 });
  },
);
