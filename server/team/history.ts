import "server-only";
import { type AnyColumn, and, asc, desc, eq, gt, inArray, lt, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { Db } from "@/db/client";
import { articles, claims, events, projectMembers, users } from "@/db/schema";
import { shorten } from "@/lib/adjudication-merge";
import { HISTORY_ACTIONS, type HistoryAction } from "@/lib/history-actions";
import { changesOf, type HistoryChange } from "@/lib/history-diff";
import { calendarDate } from "@/lib/value-schemas";
import { type Actor, roleCan } from "../authz";
import { requireProjectViewer, visibleEvents } from "../visibility";
import { loadClaimForRead } from "./loaders";

// ── A claim's history ───────────────────────────────────────────────────────

export type HistoryItem = {
  id: number;
  action: string;
  actorId: string | null;
  actorName: string | null;
  /** What the entry changed, field by field (lib/history-diff.ts); empty when its action says it all. */
  changes: HistoryChange[];
  createdAt: Date;
};

/**
 * Everything that happened to a claim (edits, deletes, submission, decisions,
 * comments), oldest first, each entry with its field-level changes. The
 * snapshots themselves stay on the server: the changes are what a reader
 * needs, and a snapshot carries more (author ids, every source in full).
 */
export async function claimHistory(db: Db, actor: Actor, claimId: string): Promise<HistoryItem[]> {
  const { viewer } = await loadClaimForRead(db, actor, claimId);
  const rows = await db
    .select({
      id: events.id,
      action: events.action,
      actorId: events.actorId,
      actorName: users.name,
      before: events.before,
      after: events.after,
      createdAt: events.createdAt,
    })
    .from(events)
    .leftJoin(users, eq(users.id, events.actorId))
    .where(and(eq(events.entityType, "claim"), eq(events.entityId, claimId), visibleEvents(viewer)))
    .orderBy(asc(events.id));
  return rows.map(({ before, after, ...row }) => ({ ...row, changes: changesOf(row.action, before, after) }));
}

// ── The project's activity feed ─────────────────────────────────────────────

/** How many events one page of the feed shows: enough to read, few enough that every page answers at desk scale. */
export const ACTIVITY_PAGE_SIZE = 50;

/** The groups of actions (`claim`, `member`, …), in the order lib/history-actions.ts lists them. */
export const ACTIVITY_GROUPS = [...new Set(HISTORY_ACTIONS.map((action) => action.slice(0, action.indexOf("."))))] as Array<
  HistoryAction extends `${infer G}.${string}` ? G : never
>;
export type ActivityGroup = (typeof ACTIVITY_GROUPS)[number];
/** What the kind filter takes: a group of actions or one action. */
export type ActivityKind = ActivityGroup | HistoryAction;
const ACTIVITY_KINDS: [ActivityKind, ...ActivityKind[]] = [...HISTORY_ACTIONS, ...ACTIVITY_GROUPS];

/** An event id as a page's cursor: digits only, within what a bigserial holds and a JS number carries exactly. */
const eventCursor = z
  .string()
  .regex(/^[1-9][0-9]{0,15}$/, "must be an event number")
  .transform(Number)
  .refine((n) => Number.isSafeInteger(n), "must be an event number");

/** A GET form sends an unused field as ""; that is no filter, not a wrong value. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

/**
 * The feed's query, as the page address carries it: `before` (older than
 * that event) or `after` (newer than it), and the filters — `person` (who
 * did it), `article`, `kind` (an action or a group) and `from`/`to`
 * (calendar dates, inclusive, in the site's time zone).
 */
export const activityQuerySchema = z
  .object({
    before: optional(eventCursor),
    after: optional(eventCursor),
    person: optional(z.string().min(1).max(255)),
    article: optional(z.uuid()),
    kind: optional(z.enum(ACTIVITY_KINDS)),
    from: optional(calendarDate),
    to: optional(calendarDate),
  })
  .refine((q) => q.before === undefined || q.after === undefined, { message: "give before or after, not both", path: ["after"] })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { message: "must not be before from", path: ["to"] });
export type ActivityQuery = z.output<typeof activityQuerySchema>;

/** The page's ends: the cursors of the neighbouring pages, null where there is nothing more. */
export type ActivityPage = {
  items: ActivityItem[];
  /** `before` for the next older page. */
  older: number | null;
  /** `after` for the next newer page. */
  newer: number | null;
};

/** How long a quote the feed carries: a line's worth (the claim page has the rest). */
const QUOTE_LENGTH = 160;

export type ActivityItem = {
  id: number;
  action: string;
  entityType: string;
  entityId: string;
  actorId: string | null;
  actorName: string | null;
  createdAt: Date;
  /** The claim an entry is about: its quote (cut to a line) and whether it is deleted (then it has no page to link to). */
  claim: { id: string; quote: string; isDeleted: boolean } | null;
  /** The article an entry is about (a claim's, an assignment's, or the article itself). */
  article: { id: string; title: string } | null;
  /** The person an entry is about: a member whose role changed, an annotator assigned. */
  subjectName: string | null;
  /** An invitation's e-mail, for those who manage members only (the invitation list is theirs). */
  email: string | null;
  changes: HistoryChange[];
};

/** The claim an event is about, if it is one: the uuid cast sits in the CASE, so no other entity's id is ever cast. */
function claimIdOf(event: { entityType: SQL.Aliased | AnyColumn; entityId: SQL.Aliased | AnyColumn }): SQL {
  return sql`(case when ${event.entityType} = 'claim' then ${event.entityId} end)::uuid`;
}
/** The article an article's or an assignment's (`<articleId>:<userId>`) event is about. */
function articleIdOf(event: { entityType: SQL.Aliased | AnyColumn; entityId: SQL.Aliased | AnyColumn }): SQL {
  return sql`(case ${event.entityType} when 'article' then ${event.entityId} when 'assignment' then left(${event.entityId}, 36) end)::uuid`;
}
/** The user a member's or an assignment's event is about. */
function userIdOf(event: { entityType: SQL.Aliased | AnyColumn; entityId: SQL.Aliased | AnyColumn }): SQL {
  return sql`(case ${event.entityType} when 'member' then ${event.entityId} when 'assignment' then substr(${event.entityId}, 38) end)`;
}

/**
 * The events of one article, by the three ways an event names it: the
 * article itself, one of its claims, an assignment to it. Each arm is an
 * index lookup on events_entity_idx (the events table has no article column:
 * an assignment's id is found from each account, as `<article>:<user>`).
 */
function eventsOfArticle(articleId: string): SQL {
  return sql`${events.id} in (
    select "e"."id" from ${events} "e" where "e"."entity_type" = 'article' and "e"."entity_id" = ${articleId}
    union all
    select "e"."id" from ${claims} "c" join ${events} "e" on "e"."entity_type" = 'claim' and "e"."entity_id" = "c"."id"::text
      where "c"."article_id" = ${articleId}
    union all
    select "e"."id" from ${users} "u" join ${events} "e" on "e"."entity_type" = 'assignment' and "e"."entity_id" = ${articleId} || ':' || "u"."id"
  )`;
}

/** Midnight at the start of a calendar date in the site's time zone, as Postgres reads it. */
function startOfDay(date: string, timeZone: string): SQL {
  return sql`(${date}::date::timestamp at time zone ${timeZone})`;
}

function filtersOf(query: ActivityQuery, timeZone: string): SQL[] {
  const where: SQL[] = [];
  if (query.person !== undefined) where.push(eq(events.actorId, query.person));
  if (query.article !== undefined) where.push(eventsOfArticle(query.article));
  if (query.kind !== undefined) {
    const kind = query.kind;
    // A group as its listed actions rather than a LIKE: equality is what an index on the action can serve.
    where.push(inArray(events.action, kind.includes(".") ? [kind] : HISTORY_ACTIONS.filter((action) => action.startsWith(`${kind}.`))));
  }
  if (query.from !== undefined) where.push(sql`${events.createdAt} >= ${startOfDay(query.from, timeZone)}`);
  if (query.to !== undefined) where.push(sql`${events.createdAt} < ${startOfDay(query.to, timeZone)} + interval '1 day'`);
  return where;
}

/**
 * One page of a project's history as the actor may see it (server/visibility.ts:
 * in a blind project, not a fellow annotator's claim or assignment events,
 * nor gold claims, until the article is closed), newest first, for any
 * member. Keyset pages on the event id: `before` pages back, `after` forward,
 * so a page stays put while new events arrive. Each entry names the claim by
 * its quote and the article by its title, and says what it changed.
 */
export async function projectActivityPage(
  db: Db,
  actor: Actor,
  projectId: string,
  query: ActivityQuery = {},
  options: { timeZone?: string } = {},
): Promise<ActivityPage> {
  const viewer = await requireProjectViewer(db, actor, projectId, "read");
  const timeZone = options.timeZone ?? "UTC";
  const isForward = query.after !== undefined;
  const cursor = isForward ? gt(events.id, query.after!) : query.before !== undefined ? lt(events.id, query.before) : undefined;
  // The page is chosen first, on events alone, and only its rows are joined to what names them: a subquery
  // with a LIMIT is planned on its own, so the joins below are index lookups for at most a page of rows,
  // whatever the planner guesses about how rare a filter is (a guess of "one row" once joined a whole
  // claims table by scanning it).
  const chosen = db
    .select({
      id: events.id,
      action: events.action,
      entityType: events.entityType,
      entityId: events.entityId,
      actorId: events.actorId,
      createdAt: events.createdAt,
      before: events.before,
      after: events.after,
    })
    .from(events)
    .where(and(visibleEvents(viewer), cursor, ...filtersOf(query, timeZone)))
    .orderBy(isForward ? asc(events.id) : desc(events.id))
    .limit(ACTIVITY_PAGE_SIZE + 1)
    .as("chosen");
  const subject = alias(users, "subject");
  const claimArticle = alias(articles, "claim_article");
  const rows = await db
    .select({
      id: chosen.id,
      action: chosen.action,
      entityType: chosen.entityType,
      entityId: chosen.entityId,
      actorId: chosen.actorId,
      actorName: users.name,
      createdAt: chosen.createdAt,
      before: chosen.before,
      after: chosen.after,
      claimId: claims.id,
      // Cut in the database: a quote may be a whole paragraph, and a page needs a line of each.
      quote: sql<string | null>`left(${claims.exact}, ${QUOTE_LENGTH + 1})`,
      claimDeletedAt: claims.deletedAt,
      articleId: sql<string | null>`coalesce(${claimArticle.id}, ${articles.id})`,
      articleTitle: sql<string | null>`coalesce(${claimArticle.title}, ${articles.title})`,
      subjectName: subject.name,
    })
    .from(chosen)
    .leftJoin(users, eq(users.id, chosen.actorId))
    .leftJoin(claims, eq(claims.id, claimIdOf(chosen)))
    .leftJoin(claimArticle, eq(claimArticle.id, claims.articleId))
    .leftJoin(articles, eq(articles.id, articleIdOf(chosen)))
    .leftJoin(subject, eq(subject.id, userIdOf(chosen)))
    .orderBy(isForward ? asc(chosen.id) : desc(chosen.id));
  const hasMore = rows.length > ACTIVITY_PAGE_SIZE;
  const shown = rows.slice(0, ACTIVITY_PAGE_SIZE);
  if (isForward) shown.reverse();
  const canSeeEmails = roleCan(viewer.role, "manage_members");
  const items = shown.map((row): ActivityItem => {
    const invited = row.entityType === "invitation" ? ((row.after ?? row.before) as { email?: unknown } | null) : null;
    return {
      id: row.id,
      action: row.action,
      entityType: row.entityType,
      entityId: row.entityId,
      actorId: row.actorId,
      actorName: row.actorName,
      createdAt: row.createdAt,
      claim: row.claimId === null ? null : { id: row.claimId, quote: shorten(row.quote ?? "", QUOTE_LENGTH), isDeleted: row.claimDeletedAt !== null },
      article: row.articleId === null ? null : { id: row.articleId, title: row.articleTitle ?? "" },
      subjectName: row.subjectName,
      email: canSeeEmails && typeof invited?.email === "string" ? invited.email : null,
      changes: changesOf(row.action, row.before, row.after),
    };
  });
  const first = items[0]?.id ?? null;
  const last = items.at(-1)?.id ?? null;
  // Going back there is a newer page whenever the page did not start at the top; going forward, an older one.
  const hasNewer = isForward ? hasMore : query.before !== undefined && first !== null;
  const hasOlder = isForward ? last !== null : hasMore;
  return { items, newer: hasNewer ? first : null, older: hasOlder ? last : null };
}

/** The newest page of the feed (projectActivityPage with no cursor or filter): what the feed's first view and its API show. */
export async function projectActivity(db: Db, actor: Actor, projectId: string): Promise<ActivityItem[]> {
  return (await projectActivityPage(db, actor, projectId)).items;
}

export type ActivityFilterOptions = {
  people: Array<{ id: string; name: string }>;
  articles: Array<{ id: string; title: string }>;
};

/**
 * What the feed's filters offer: the project's members and its articles, by
 * name and title. Only who and what the actor may read anyway (listMembers
 * and the article list show the same to any member).
 */
export async function activityFilterOptions(db: Db, actor: Actor, projectId: string): Promise<ActivityFilterOptions> {
  await requireProjectViewer(db, actor, projectId, "read");
  const [people, articleRows] = await Promise.all([
    db
      .select({ id: users.id, name: users.name })
      .from(projectMembers)
      .innerJoin(users, eq(users.id, projectMembers.userId))
      .where(eq(projectMembers.projectId, projectId))
      .orderBy(asc(users.name), asc(users.id)),
    db
      .select({ id: articles.id, title: articles.title })
      .from(articles)
      .where(eq(articles.projectId, projectId))
      .orderBy(asc(articles.title), asc(articles.id)),
  ]);
  return { people, articles: articleRows };
}
