/**
 * What the article list can be asked for: one definition for the page's
 * controls, the API's query (`GET /api/articles`) and the data layer
 * (server/articles.ts `searchArticles`).
 */
import { z } from "zod";

/** Orders of the list. `relevance` is the default while searching, `activity` (newest first) otherwise. */
export const ARTICLE_SORTS = ["relevance", "activity", "title", "created", "claims", "sentences"] as const;
export type ArticleSort = (typeof ARTICLE_SORTS)[number];

/** An article is open for work, or closed by a reviewer after adjudication. */
export const ARTICLE_STATES = ["open", "closed"] as const;
export type ArticleState = (typeof ARTICLE_STATES)[number];

export const ARTICLE_PAGE_SIZES = [25, 50, 100, 250] as const;
export const DEFAULT_ARTICLE_PAGE_SIZE = 50;

/** The primary subtag of a BCP 47 tag, lower-cased ("de-AT" → "de"): what the language filter compares. */
export function primaryLanguage(tag: string): string {
  return tag.split("-")[0]!.toLowerCase();
}

/** A query as the URL carries it: every part optional, text trimmed, unknown values refused by name. */
export const articleListQuerySchema = z.object({
  q: z.string().trim().max(200, "at most 200 characters").optional(),
  projectId: z.uuid({ error: "must be a project id" }).optional(),
  language: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, "must be a language tag such as de or en-GB")
    .optional(),
  mine: z.enum(["assigned"], { error: "must be assigned" }).optional(),
  state: z.enum(ARTICLE_STATES, { error: `must be one of ${ARTICLE_STATES.join(", ")}` }).optional(),
  sort: z.enum(ARTICLE_SORTS, { error: `must be one of ${ARTICLE_SORTS.join(", ")}` }).optional(),
  size: z.coerce
    .number()
    .int()
    .refine((n) => (ARTICLE_PAGE_SIZES as readonly number[]).includes(n), `must be one of ${ARTICLE_PAGE_SIZES.join(", ")}`)
    .optional(),
  page: z.coerce.number().int().min(1, "must be 1 or more").max(100_000, "must be at most 100000").optional(),
});
export type ArticleListQuery = z.infer<typeof articleListQuerySchema>;
