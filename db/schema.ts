/**
 * The single source of truth for the database. Migrations in db/migrations/
 * are generated from this file by `npm run db:generate -- --name what_changed`.
 *
 * Offsets (`start`, `end`) are stored in Unicode code points of the article's
 * canonical text: the unit every export and the API use (README, "Export and
 * import formats"). Enums are built from the value lists in lib/vocabularies.ts.
 */
import { relations, sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { LOCALES } from "@/lib/i18n/locales";
import { NOTIFICATION_KINDS } from "@/lib/notification-kinds";
import type { Taxonomy } from "@/lib/taxonomy";
import { ANCHOR_STATES, ASSIGNMENT_STATUSES, PROJECT_ROLES, REVIEW_DECISIONS, REVIEW_STATUSES, SENTENCE_DECISIONS } from "@/lib/vocabularies";
import { articleSearchDocument } from "./article-search";

const createdAt = () => timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow();

// ── Accounts (tables shaped for better-auth's Drizzle adapter, plural names) ──

export const uiLocale = pgEnum("ui_locale", LOCALES);

export const users = pgTable("users", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  email: text("email").notNull().unique(),
  emailVerified: boolean("email_verified").notNull().default(false),
  image: text("image"),
  /** Site administrator: may create projects and manage everything. The first account gets it. */
  isAdmin: boolean("is_admin").notNull().default(false),
  /** The interface language the person chose; null: their browser's (lib/i18n/negotiate.ts). */
  locale: uiLocale("locale"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});
export type User = typeof users.$inferSelect;

export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    token: text("token").notNull().unique(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const accounts = pgTable(
  "accounts",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull(),
    providerId: text("provider_id").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    accessToken: text("access_token"),
    refreshToken: text("refresh_token"),
    idToken: text("id_token"),
    accessTokenExpiresAt: timestamp("access_token_expires_at", { withTimezone: true }),
    refreshTokenExpiresAt: timestamp("refresh_token_expires_at", { withTimezone: true }),
    scope: text("scope"),
    password: text("password"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("accounts_user_idx").on(t.userId)],
);

/**
 * Relations for Drizzle's relational queries, which better-auth uses to read
 * a session together with its user in one query (`advanced.database.joins`
 * in server/auth.ts) instead of two on every authenticated request. They
 * describe the foreign keys above and change no table.
 */
export const usersRelations = relations(users, ({ many }) => ({ sessions: many(sessions), accounts: many(accounts) }));
export const sessionsRelations = relations(sessions, ({ one }) => ({ user: one(users, { fields: [sessions.userId], references: [users.id] }) }));
export const accountsRelations = relations(accounts, ({ one }) => ({ user: one(users, { fields: [accounts.userId], references: [users.id] }) }));

export const verifications = pgTable("verifications", {
  id: text("id").primaryKey(),
  identifier: text("identifier").notNull(),
  value: text("value").notNull(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/**
 * Failed sign-ins per account (lower-cased e-mail), so password guessing is
 * limited per account however many addresses it comes from — and across app
 * instances, since the count lives in the database.
 */
export const signInFailures = pgTable("sign_in_failures", {
  email: text("email").primaryKey(),
  failures: integer("failures").notNull().default(0),
  windowStartedAt: timestamp("window_started_at", { withTimezone: true }).notNull().defaultNow(),
  lockedUntil: timestamp("locked_until", { withTimezone: true }),
});

// ── Projects and membership ──

export const projectRole = pgEnum("project_role", PROJECT_ROLES);
export type { ProjectRole } from "@/lib/vocabularies";

export const projects = pgTable("projects", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  taxonomy: jsonb("taxonomy").$type<Taxonomy>().notNull(),
  /** Blind double annotation: annotators see only their own claims until they submit. */
  isBlind: boolean("is_blind").notNull().default(false),
  /** The organisation named as ClaimReview author in exports. */
  publisherName: text("publisher_name").notNull().default(""),
  publisherUrl: text("publisher_url"),
  isDefault: boolean("is_default").notNull().default(false),
  createdAt: createdAt(),
});
export type Project = typeof projects.$inferSelect;

export const projectMembers = pgTable(
  "project_members",
  {
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: projectRole("role").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.userId] }), index("project_members_user_idx").on(t.userId)],
);
export type ProjectMember = typeof projectMembers.$inferSelect;

/**
 * An invitation to join one project with one role: the only way into a
 * project for someone without an account (unless open sign-up is configured,
 * and even then a new account joins no project). The link carries a random
 * token; only its sha256 is stored, so a database dump holds no usable link.
 */
export const invitations = pgTable(
  "invitations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    /** Lower-cased; the account that accepts must use it. */
    email: text("email").notNull(),
    role: projectRole("role").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    acceptedBy: text("accepted_by").references(() => users.id, { onDelete: "set null" }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("invitations_project_idx").on(t.projectId, t.createdAt)],
);
export type Invitation = typeof invitations.$inferSelect;

// ── Articles and their sentences ──

export const articles = pgTable(
  "articles",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    /**
     * Canonical text of the current revision: line endings normalised to \n, otherwise exactly as given.
     * Replaced only by adding a revision (server/revisions.ts), which first keeps the one it replaces in
     * `article_revisions`; `sentences` and every placed claim count on this text.
     */
    text: text("text").notNull(),
    /** The current revision's number, from 1 (the text as first imported). */
    revision: integer("revision").notNull().default(1),
    language: text("language"),
    sourceUrl: text("source_url"),
    publisher: text("publisher"),
    publishedAt: text("published_at"),
    /** sha256 of `text` (the current revision's): importing the same text into a project twice is a no-op. */
    contentHash: text("content_hash").notNull(),
    originFile: text("origin_file"),
    sentenceCount: integer("sentence_count").notNull().default(0),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    /**
     * Set when a reviewer closes the article after adjudication. In a blind
     * project this is what lifts the blinds: until then an annotator sees none
     * of a fellow annotator's work on the article (server/visibility.ts).
     */
    closedAt: timestamp("closed_at", { withTimezone: true }),
    closedBy: text("closed_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    uniqueIndex("articles_project_hash_uq").on(t.projectId, t.contentHash),
    // A bulk import asks, per file with a source URL, whether it is a new revision of an article here (server/revisions.ts).
    index("articles_project_source_idx").on(t.projectId, t.sourceUrl),
    // Full-text search (db/article-search.ts): an expression index, so the row itself carries no tsvector.
    index("articles_search_idx").using("gin", articleSearchDocument({ title: sql`${t.title}`, text: sql`${t.text}`, language: sql`${t.language}` })),
  ],
);
export type Article = typeof articles.$inferSelect;

/**
 * The revisions an article's text had before its current one, and the current one once there are two:
 * immutable, numbered from 1 in the order they were added. An article never revised has no row here; its
 * only revision is the article row itself (server/revisions.ts reads both alike). Adding revision n + 1
 * first writes revision n from the article row, so every text a claim was ever made on stays readable.
 */
export const articleRevisions = pgTable(
  "article_revisions",
  {
    articleId: uuid("article_id")
      .notNull()
      .references(() => articles.id, { onDelete: "cascade" }),
    number: integer("number").notNull(),
    text: text("text").notNull(),
    contentHash: text("content_hash").notNull(),
    /** The revision's sentences as [start, end] in code points, in order (its `sentences` rows while it was current). */
    sentences: jsonb("sentences").$type<Array<[number, number]>>().notNull(),
    sourceUrl: text("source_url"),
    publishedAt: text("published_at"),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.number] })],
);
export type ArticleRevision = typeof articleRevisions.$inferSelect;

export const sentences = pgTable(
  "sentences",
  {
    articleId: uuid("article_id")
      .notNull()
      .references(() => articles.id, { onDelete: "cascade" }),
    index: integer("index").notNull(),
    start: integer("start").notNull(),
    end: integer("end").notNull(),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.index] })],
);
export type Sentence = typeof sentences.$inferSelect;

// ── Decisions on sentences (server/sentence-decisions.ts) ──

export const sentenceDecision = pgEnum("sentence_decision", SENTENCE_DECISIONS);

/**
 * A person's own decision on a sentence besides claiming it ("no claim here":
 * read, and holds no claim). Their work like a claim: it obeys the blind rule
 * (server/visibility.ts) and freezes with their submission. One per person
 * and sentence; the sentence must exist (the composite foreign key).
 */
export const sentenceDecisions = pgTable(
  "sentence_decisions",
  {
    articleId: uuid("article_id").notNull(),
    /** Denormalised from the article, as for claims: exports filter a project's decisions without a join. */
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    sentenceIndex: integer("sentence_index").notNull(),
    authorId: text("author_id")
      .notNull()
      .references(() => users.id),
    decision: sentenceDecision("decision").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.articleId, t.sentenceIndex, t.authorId] }),
    foreignKey({
      name: "sentence_decisions_sentence_fk",
      columns: [t.articleId, t.sentenceIndex],
      foreignColumns: [sentences.articleId, sentences.index],
    }).onDelete("cascade"),
    // Exports walk a project's decisions in (article, sentence, author) order.
    index("sentence_decisions_export_idx").on(t.projectId, t.articleId, t.sentenceIndex, t.authorId),
  ],
);
export type SentenceDecisionRow = typeof sentenceDecisions.$inferSelect;

/**
 * A sentence the project's reviewers marked not annotatable (scraped
 * boilerplate such as a comment form's footer): it applies to everyone and
 * is left out of agreement, coverage and the sentence dataset.
 */
export const sentenceExclusions = pgTable(
  "sentence_exclusions",
  {
    articleId: uuid("article_id").notNull(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    sentenceIndex: integer("sentence_index").notNull(),
    /** Why, in the reviewer's words (at most 200 characters); null: no reason given. */
    reason: text("reason"),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.articleId, t.sentenceIndex] }),
    foreignKey({
      name: "sentence_exclusions_sentence_fk",
      columns: [t.articleId, t.sentenceIndex],
      foreignColumns: [sentences.articleId, sentences.index],
    }).onDelete("cascade"),
    index("sentence_exclusions_project_idx").on(t.projectId, t.articleId, t.sentenceIndex),
  ],
);
export type SentenceExclusionRow = typeof sentenceExclusions.$inferSelect;

// ── Claims and their sources ──

export const reviewStatus = pgEnum("review_status", REVIEW_STATUSES);
export type { ReviewStatus } from "@/lib/vocabularies";

export const anchorState = pgEnum("anchor_state", ANCHOR_STATES);
export type { AnchorState } from "@/lib/vocabularies";

/** What re-anchoring left for a person to decide about a claim that is not placed (lib/reanchor.ts). */
export type ClaimReanchor = {
  /** The revision the proposals count on (the current one when they were made). */
  toRevision: number;
  reason: "approximate" | "ambiguous" | "context_changed" | "not_found";
  proposals: Array<{ start: number; end: number; exact: string; prefix: string; suffix: string; score: number }>;
};

export const claims = pgTable(
  "claims",
  {
    /** Generated by the client, so a retried save never duplicates. */
    id: uuid("id").primaryKey(),
    articleId: uuid("article_id")
      .notNull()
      .references(() => articles.id, { onDelete: "cascade" }),
    /** Denormalised from the article so authorization and exports filter without a join. */
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    authorId: text("author_id")
      .notNull()
      .references(() => users.id),
    start: integer("start").notNull(),
    end: integer("end").notNull(),
    exact: text("exact").notNull(),
    prefix: text("prefix").notNull(),
    suffix: text("suffix").notNull(),
    sentenceIndexes: integer("sentence_indexes").array().notNull().default(sql`'{}'::integer[]`),
    claimType: text("claim_type"),
    checkWorthiness: integer("check_worthiness"),
    speaker: text("speaker").notNull().default(""),
    normalizedClaim: text("normalized_claim").notNull().default(""),
    verdict: text("verdict").notNull().default("unverified"),
    rationale: text("rationale").notNull().default(""),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    /** The language the claim is made in (BCP 47), when it is not the article's: a quoted English statement in a German article. */
    language: text("language"),
    status: reviewStatus("status").notNull().default("draft"),
    /** Optimistic concurrency: every accepted write increments it; an edit against an older version is refused (409). */
    version: integer("version").notNull().default(1),
    /** The client's id of the last accepted save: a retried save is recognised and answered, not refused. */
    lastMutationId: uuid("last_mutation_id"),
    /** A gold (adjudicated) claim, written by a reviewer; `derivedFrom` lists the annotators' claims it came from. */
    isGold: boolean("is_gold").notNull().default(false),
    derivedFrom: uuid("derived_from").array().notNull().default(sql`'{}'::uuid[]`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    /**
     * `placed`: the target counts on the article's current text. Otherwise the target still counts on
     * revision `anchorRevision` and the claim is left out of everything that reads claims on the text
     * (claimIsPlaced in server/claim-rows.ts) until a person places it; `reanchor` holds what
     * re-anchoring proposed (derived: the lossless JSONL carries the state and the revision, and an
     * import proposes again from the two texts).
     */
    anchorState: anchorState("anchor_state").notNull().default("placed"),
    anchorRevision: integer("anchor_revision"),
    reanchor: jsonb("reanchor").$type<ClaimReanchor>(),
    /**
     * Derived, never written by the app: the claim's sources rendered as the
     * exports write them, kept beside the claim by triggers on `sources`
     * (migration 0002), so a million-claim export reads no per-claim source
     * lookup (that lookup was a large part of the export's database time, BENCHMARKS.md).
     * `sourcesJson` is the JSONL `sources` array (keys as lib/export's
     * pickSource); `sourcesCsv` the CSV cells source_count, source_urls,
     * source_stances and source_titles, escaped and comma-joined. A change to
     * either format needs a migration that replaces the render function and
     * re-renders every claim; server/export-sql.test.ts compares both with
     * lib/export byte for byte.
     */
    sourcesJson: text("sources_json").notNull().default("[]"),
    sourcesCsv: text("sources_csv").notNull().default("0,,,"),
  },
  (t) => [
    // The trailing columns let the article list count an article's claims and find its latest change from
    // the index alone (an index-only scan, no row visited once autovacuum has marked the pages all-visible).
    index("claims_article_idx").on(t.articleId, t.start, t.deletedAt, t.authorId, t.updatedAt),
    // Exports walk a project's claims in (article, position) order with a keyset cursor.
    index("claims_export_idx").on(t.projectId, t.articleId, t.start, t.id),
    index("claims_author_idx").on(t.authorId),
  ],
);
export type Claim = typeof claims.$inferSelect;

export const sources = pgTable(
  "sources",
  {
    id: uuid("id").primaryKey(),
    claimId: uuid("claim_id")
      .notNull()
      .references(() => claims.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    url: text("url").notNull(),
    title: text("title").notNull().default(""),
    publisher: text("publisher").notNull().default(""),
    stance: text("stance").notNull(),
    excerpt: text("excerpt").notNull().default(""),
    accessedOn: date("accessed_on", { mode: "string" }),
    archiveUrl: text("archive_url"),
  },
  (t) => [index("sources_claim_idx").on(t.claimId, t.position)],
);
export type Source = typeof sources.$inferSelect;

// ── Team review ──

export const assignmentStatus = pgEnum("assignment_status", ASSIGNMENT_STATUSES);

export const assignments = pgTable(
  "assignments",
  {
    articleId: uuid("article_id")
      .notNull()
      .references(() => articles.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    status: assignmentStatus("status").notNull().default("assigned"),
    assignedBy: text("assigned_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    /** When the desk wants the annotator's work on the article submitted; null: no due date. Shown, never enforced. */
    dueAt: timestamp("due_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.userId] }), index("assignments_user_idx").on(t.userId)],
);
export type Assignment = typeof assignments.$inferSelect;

export const reviewDecision = pgEnum("review_decision", REVIEW_DECISIONS);

export const reviews = pgTable(
  "reviews",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    claimId: uuid("claim_id")
      .notNull()
      .references(() => claims.id, { onDelete: "cascade" }),
    reviewerId: text("reviewer_id")
      .notNull()
      .references(() => users.id),
    decision: reviewDecision("decision").notNull(),
    comment: text("comment").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [index("reviews_claim_idx").on(t.claimId)],
);

export const comments = pgTable(
  "comments",
  {
    id: uuid("id").primaryKey(),
    claimId: uuid("claim_id")
      .notNull()
      .references(() => claims.id, { onDelete: "cascade" }),
    authorId: text("author_id")
      .notNull()
      .references(() => users.id),
    body: text("body").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("comments_claim_idx").on(t.claimId, t.createdAt)],
);

/** Append-only history, written in the same transaction as the change it records. */
export const events = pgTable(
  "events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    projectId: uuid("project_id").references(() => projects.id, { onDelete: "cascade" }),
    actorId: text("actor_id").references(() => users.id, { onDelete: "set null" }),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id").notNull(),
    action: text("action").notNull(),
    before: jsonb("before"),
    after: jsonb("after"),
    createdAt: createdAt(),
  },
  (t) => [
    index("events_entity_idx").on(t.entityType, t.entityId, t.id),
    index("events_project_idx").on(t.projectId, t.id),
    // The activity feed's kind and person filters page newest first: without these, a rare kind or an idle
    // person walks the project's whole feed backwards by id before a page is full.
    index("events_project_action_idx").on(t.projectId, t.action, t.id),
    index("events_project_actor_idx").on(t.projectId, t.actorId, t.id),
  ],
);
export type Event = typeof events.$inferSelect;

// ── Notifications ──

export const notificationKind = pgEnum("notification_kind", NOTIFICATION_KINDS);

/**
 * One person told of one event (a decision on their claim, a comment, a
 * mention, a promotion to gold): written with the event, in the same statement
 * (server/events.ts; lib/notification-kinds.ts says which actions notify whom).
 * What the inbox shows is read through the event and the claim, so nothing is
 * copied here; `project_id` lets the inbox drop what its recipient may no
 * longer see (they left the project).
 */
export const notifications = pgTable(
  "notifications",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    eventId: bigint("event_id", { mode: "number" })
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    claimId: uuid("claim_id")
      .notNull()
      .references(() => claims.id, { onDelete: "cascade" }),
    kind: notificationKind("kind").notNull(),
    createdAt: createdAt(),
    /** When the recipient marked it read; null: unread. */
    readAt: timestamp("read_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    // One notification per person and event: a mention and a comment on one event are one row (the mention).
    uniqueIndex("notifications_event_user_idx").on(t.eventId, t.userId),
    // The inbox, newest first, paged by id; the unread ones (the header's count, "unread only") have their own
    // small index, so the count stays a short walk however many read notifications a person keeps.
    index("notifications_user_idx").on(t.userId, t.id),
    index("notifications_user_unread_idx").on(t.userId, t.id).where(sql`${t.readAt} is null`),
  ],
);
export type Notification = typeof notifications.$inferSelect;
