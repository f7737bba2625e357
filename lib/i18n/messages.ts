/**
 * The interface's messages, one catalogue per language, each in namespaces
 * (one JSON file per area of the app, `messages/<locale>/<namespace>.json`).
 * English is the reference: its shape is the type every catalogue must have
 * (`lib/i18n/messages.test.ts` also checks that the German one has exactly
 * the same keys and placeholders, and that every message parses as ICU).
 *
 * Namespaces: `common` (shared words, language), `nav` (header), `vocab` (the
 * closed value lists of lib/vocabularies.ts: the compiler checks every value
 * has a message), `auth` (sign-in, sign-up, setup, invitations), `articles`
 * (article list, article page), `articleImport` (adding articles: paste,
 * upload, folder), `annotator` (the annotating page), `claim`
 * (claim editor and claim fields), `claimFilters` (the annotator's claim
 * list filters), `projects`, `review` (review queue,
 * adjudication, activity), `transfer` (import and export), `errors` (error
 * pages and problems as the UI words them), `agreement` (the project's
 * agreement section and its drill-down), `assignments` (the project's
 * assignment section), `history` (a claim's readable history),
 * `notifications` (the inbox: the words for each kind of notification, from
 * lib/notification-kinds.ts), `revisions` (an article's revisions, the diff
 * between two, adding one, and the claims waiting to be placed).
 */
import type { HistoryActionWords } from "@/lib/history-actions";
import type { Locale } from "@/lib/i18n/locales";
import type { NotificationWording } from "@/lib/notification-kinds";
import type { AnchorState, AssignmentStatus, ProjectRole, ReviewDecision, ReviewStatus, SentenceDecision } from "@/lib/vocabularies";
import deAgreement from "@/messages/de/agreement.json";
import deAnnotator from "@/messages/de/annotator.json";
import deArticleImport from "@/messages/de/articleImport.json";
import deArticles from "@/messages/de/articles.json";
import deAssignments from "@/messages/de/assignments.json";
import deAuth from "@/messages/de/auth.json";
import deClaim from "@/messages/de/claim.json";
import deClaimFilters from "@/messages/de/claimFilters.json";
import deCommon from "@/messages/de/common.json";
import deErrors from "@/messages/de/errors.json";
import deHistory from "@/messages/de/history.json";
import deNav from "@/messages/de/nav.json";
import deNotifications from "@/messages/de/notifications.json";
import deProjects from "@/messages/de/projects.json";
import deReview from "@/messages/de/review.json";
import deRevisions from "@/messages/de/revisions.json";
import deTransfer from "@/messages/de/transfer.json";
import deVocab from "@/messages/de/vocab.json";
import enAgreement from "@/messages/en/agreement.json";
import enAnnotator from "@/messages/en/annotator.json";
import enArticleImport from "@/messages/en/articleImport.json";
import enArticles from "@/messages/en/articles.json";
import enAssignments from "@/messages/en/assignments.json";
import enAuth from "@/messages/en/auth.json";
import enClaim from "@/messages/en/claim.json";
import enClaimFilters from "@/messages/en/claimFilters.json";
import enCommon from "@/messages/en/common.json";
import enErrors from "@/messages/en/errors.json";
import enHistory from "@/messages/en/history.json";
import enNav from "@/messages/en/nav.json";
import enNotifications from "@/messages/en/notifications.json";
import enProjects from "@/messages/en/projects.json";
import enReview from "@/messages/en/review.json";
import enRevisions from "@/messages/en/revisions.json";
import enTransfer from "@/messages/en/transfer.json";
import enVocab from "@/messages/en/vocab.json";

/** Every value of each closed list must have its words (a value added to lib/vocabularies.ts fails to compile until it has). */
type VocabMessages = {
  reviewStatus: Record<ReviewStatus, string>;
  reviewDecision: Record<ReviewDecision, string>;
  reviewDecisionAction: Record<ReviewDecision, string>;
  assignmentStatus: Record<AssignmentStatus, string>;
  projectRole: Record<ProjectRole, string>;
  sentenceDecision: Record<SentenceDecision, string>;
  anchorState: Record<AnchorState, string>;
};

const en = {
  common: enCommon,
  nav: enNav,
  vocab: enVocab satisfies VocabMessages,
  auth: enAuth,
  articles: enArticles,
  articleImport: enArticleImport,
  annotator: enAnnotator,
  claim: enClaim,
  claimFilters: enClaimFilters,
  projects: enProjects,
  // The activity feed words every kind of change the history records (lib/history-actions.ts).
  review: enReview satisfies { activity: { actions: HistoryActionWords } },
  transfer: enTransfer,
  errors: enErrors,
  agreement: enAgreement,
  assignments: enAssignments,
  history: enHistory,
  // The inbox words every kind of notification (lib/notification-kinds.ts).
  notifications: enNotifications satisfies { what: Record<NotificationWording, string> },
  revisions: enRevisions,
};

export type Messages = typeof en;

export const MESSAGES: Record<Locale, Messages> = {
  en,
  de: {
    common: deCommon,
    nav: deNav,
    vocab: deVocab,
    auth: deAuth,
    articles: deArticles,
    articleImport: deArticleImport,
    annotator: deAnnotator,
    claim: deClaim,
    claimFilters: deClaimFilters,
    projects: deProjects,
    review: deReview,
    transfer: deTransfer,
    errors: deErrors,
    agreement: deAgreement,
    assignments: deAssignments,
    history: deHistory,
    notifications: deNotifications,
    revisions: deRevisions,
  },
};
