import { annotateAsA, annotateAsB, closeArticle, expect, promoteToGold, submitForReview, test } from "./support/team";

test("[TEAM] blind: annotators see only their own claims, also after submitting and after adjudication, until the article is closed; then everything, live", async ({
  team,
}) => {
  const { a, b } = team;
  // Both annotate blind: each finds the article and sees only their own claims.
  await annotateAsA(team);
  await annotateAsB(team);
  await submitForReview(a);
  await submitForReview(b);

  // Submitting reveals nothing: the blinds stay until a reviewer closes the article.
  await a.page.reload();
  await expect(a.page.getByTestId("article-blind")).toBeVisible();
  await expect(a.annotator.claimItems).toHaveCount(1);

  // A gold claim is hidden from the annotators too; closing the article shows them everything, live.
  await promoteToGold(team, a);
  await expect(a.annotator.claimItems).toHaveCount(1);
  await closeArticle(team);
  await expect(a.annotator.claimItems).toHaveCount(4); // A's, B's two and the gold claim
  await a.page.reload();
  await expect(a.page.getByTestId("article-closed")).toBeVisible();
  await expect(a.annotator.claimItems).toHaveCount(4);
});
