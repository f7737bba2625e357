import { acceptClaimOf, annotateAsA, expect, openClaimAsReviewer, reviewPanel, submitForReview, test } from "./support/team";

const COMMENT = "Name the officials' source, please.";

test("[TEAM] review: changes requested with a comment reopen the annotator's work; they revise and resubmit, and the reviewer accepts", async ({
  team,
}) => {
  const { a } = team;
  await annotateAsA(team);
  await submitForReview(a);

  // The reviewer asks for changes on A's claim, with a comment (which reopens A's submitted article).
  const review = await openClaimAsReviewer(team, a);
  await review.getByLabel(/Comment/).fill(COMMENT);
  await review.getByRole("button", { name: "Request changes" }).click();
  await expect(review.getByTestId("claim-status")).toHaveText("Changes requested");
  await expect(review.getByTestId("comment")).toContainText(COMMENT);

  // A sees the decision and the comment, revises (back to draft) and resubmits.
  await a.page.reload();
  await a.annotator.claimItems.filter({ hasText: a.user.name }).click();
  const reviewA = reviewPanel(a.page);
  await expect(reviewA.getByTestId("claim-status")).toHaveText("Changes requested");
  await expect(reviewA.getByTestId("comment")).toContainText(COMMENT);
  await a.annotator.editor.speaker.fill("Reuters, citing five officials");
  await expect(a.annotator.saveState).toHaveText("Saved");
  await expect(reviewA.getByTestId("claim-status")).toHaveText("Draft");
  await a.page.getByRole("button", { name: "Submit article for review" }).click();
  await expect(reviewA.getByTestId("claim-status")).toHaveText("Submitted for review");

  // The reviewer accepts the revision.
  await acceptClaimOf(team, a);
});
