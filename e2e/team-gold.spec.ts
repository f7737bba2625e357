import { acceptClaimOf, annotateAsA, annotateAsB, closeArticle, expect, promoteToGold, submitForReview, test } from "./support/team";

test("[TEAM] adjudication: an accepted claim promoted to gold, the article closed, the gold claim marked in the article view", async ({ team }) => {
  const { a, b, reviewerView } = team;
  await annotateAsA(team);
  await annotateAsB(team);
  await submitForReview(a);
  await submitForReview(b);
  await acceptClaimOf(team, a);

  // Adjudication: promote A's accepted claim into the gold set, then close the article.
  await promoteToGold(team, a);
  await closeArticle(team);

  // The article is closed for its annotators, who now see everyone's claims and the gold one.
  await a.annotator.goto(team.articleId);
  await expect(a.page.getByTestId("article-closed")).toBeVisible();
  await expect(a.annotator.claimItems).toHaveCount(4);

  // The gold claim is marked in the article view.
  await reviewerView.goto(team.articleId);
  await expect(reviewerView.claimItems.filter({ hasText: "Gold" })).toHaveCount(1);
});
