import "server-only";
import type { AssignmentStatus } from "@/lib/vocabularies";
import { AppError } from "./errors";

/** The state of the actor's work on an article: whether it is closed, and their own assignment on it. */
export type WorkState = { closedAt: Date | null; assignmentStatus: AssignmentStatus | null };

export function isOpenForWork(article: WorkState): boolean {
  return article.closedAt === null && article.assignmentStatus !== "submitted";
}

/**
 * Annotators' work on an article is frozen twice over. Once submitted, it
 * stays as submitted until a reviewer requests changes on one of its claims
 * (which puts the assignment back to assigned): what a reviewer reviews, and
 * what agreement counts, is what was handed in. Once the article is closed
 * (after adjudication, which lifts blind mode), nobody annotates it any more:
 * in a blind project everyone now sees everyone's claims, so work added or
 * changed after that would not be independent. Gold claims are the
 * reviewer's outcome and stay editable by their author. 409, with a message
 * the editor shows as it is. Saves, submissions and imports all ask this.
 */
export function assertOpenForWork(article: WorkState): void {
  if (article.closedAt !== null) {
    throw new AppError("conflict:article", "This article is closed: annotation on it has ended. A reviewer can reopen it.");
  }
  if (article.assignmentStatus === "submitted") {
    throw new AppError(
      "conflict:assignment",
      "You have submitted this article for review, so your claims on it cannot change until a reviewer requests changes.",
    );
  }
}
