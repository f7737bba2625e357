import type { ProjectAction } from "@/server/authz";

/**
 * The project's sections, in the order the section navigation shows them: one
 * list for the navigation, the pages' titles and the links other pages give.
 * `path` follows `/projects/<id>`; `needs` is the project action a section's
 * page requires (the page itself checks it again in the data layer — this
 * only hides links a member could not use).
 */
export const PROJECT_SECTIONS = [
  { key: "overview", path: "", needs: "read" },
  { key: "articles", path: "/articles", needs: "read" },
  { key: "assignments", path: "/assignments", needs: "assign" },
  { key: "review", path: "/review", needs: "review" },
  { key: "agreement", path: "/agreement", needs: "review" },
  { key: "members", path: "/members", needs: "read" },
  { key: "activity", path: "/activity", needs: "read" },
  { key: "settings", path: "/settings", needs: "read" },
] as const satisfies ReadonlyArray<{ key: string; path: string; needs: ProjectAction }>;

export type ProjectSection = (typeof PROJECT_SECTIONS)[number]["key"];

export function projectSectionHref(projectId: string, section: ProjectSection): string {
  const entry = PROJECT_SECTIONS.find((s) => s.key === section);
  return `/projects/${projectId}${entry?.path ?? ""}`;
}
