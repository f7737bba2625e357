/**
 * The Export and Import pages work on one project, named in their address
 * (`/export?project=<id>`, `/import?project=<id>`). The parameter is defined
 * here once, for the links other pages show (the project page) and for the
 * pages that read it; which projects a person may choose is the data
 * layer's (server/export.ts, server/import.ts).
 */

/** The query parameter naming the project. */
export const TRANSFER_PROJECT_PARAM = "project";

/** Where a project's export starts: the Export page with the project chosen. */
export function exportHref(projectId: string): string {
  return `/export?${new URLSearchParams({ [TRANSFER_PROJECT_PARAM]: projectId })}`;
}

/** Where an import into a project starts: the Import page with the project chosen. */
export function importHref(projectId: string): string {
  return `/import?${new URLSearchParams({ [TRANSFER_PROJECT_PARAM]: projectId })}`;
}

/**
 * What the page address asks for, among the projects the person may use:
 * nothing yet (`none`: the page asks for a project), one of them (`chosen`),
 * or something else (`unavailable`) — an id that is malformed, unknown or of
 * a project they may not use, all answered alike so an address cannot tell
 * which projects exist.
 */
export type TransferProjectChoice<P> = { kind: "none" } | { kind: "unavailable" } | { kind: "chosen"; project: P };

/**
 * The project the page address names (`requested`, as Next gives a search
 * parameter: absent, one value or several — the first counts, as
 * URLSearchParams.get reads it), judged against the projects the person may
 * use. Ids compare without case, as Postgres reads UUIDs.
 */
export function chooseTransferProject<P extends { id: string }>(
  requested: string | readonly string[] | undefined,
  projects: readonly P[],
): TransferProjectChoice<P> {
  const value = (typeof requested === "string" ? requested : requested?.[0])?.trim() ?? "";
  if (value === "") return { kind: "none" };
  const wanted = value.toLowerCase();
  const project = projects.find((p) => p.id.toLowerCase() === wanted);
  return project ? { kind: "chosen", project } : { kind: "unavailable" };
}
