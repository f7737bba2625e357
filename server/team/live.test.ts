import { beforeAll, describe, expect, it, vi } from "vitest";
import type { DatabaseHandle, Db } from "@/db/client";
import type { ChangeNotice } from "@/lib/live-notice";
import {
  ARTICLE_TEXT,
  addRole,
  blindProjectArticle,
  createArticle,
  createClaim,
  createUsers,
  describeEachDatabase,
  expectAppError,
  newProject,
  type Users,
} from "@/test-support/team-fixtures";
import { decideClaim } from "./decisions";
import { subscribeToChanges } from "./live";
import { submitArticle } from "./submission";

describeEachDatabase("team: live", (getDatabase) => {
  let handle: DatabaseHandle;
  let db: Db;
  let users: Users<{ ann: string; ben: string; outsider: string }>;

  beforeAll(async () => {
    handle = getDatabase().handle;
    db = handle.db;
    users = await createUsers(db, { ann: "Ann", ben: "Ben", outsider: "Otto" });
  });

  // A negative assertion's window ("nothing more arrives"): notices arrive asynchronously after commit.
  const quietWindow = () => new Promise((resolve) => setTimeout(resolve, 100));

  describe("subscribeToChanges", () => {
    it("forwards the project's/article's notices after commit, and refuses non-members (404)", async () => {
      const project = await newProject(db, users.admin, "Live");
      const other = await newProject(db, users.admin, "Live other");
      await addRole(db, project.id, users.ann.id, "annotator");
      const article = await createArticle(db, project.id);
      const otherArticle = await createArticle(db, other.id);

      const projectNotices: ChangeNotice[] = [];
      const articleNotices: ChangeNotice[] = [];
      const sub1 = await subscribeToChanges(handle, users.ann, { projectId: project.id }, (n) => projectNotices.push(n));
      const sub2 = await subscribeToChanges(handle, users.ann, { articleId: article.id }, (n) => articleNotices.push(n));
      expect((await expectAppError(() => subscribeToChanges(handle, users.outsider, { projectId: project.id }, () => {}))).code).toBe(
        "not_found:project",
      );
      expect((await expectAppError(() => subscribeToChanges(handle, users.ann, { articleId: otherArticle.id }, () => {}))).code).toBe(
        "not_found:article",
      );

      const claim = await createClaim(db, users.ann, article.id, ARTICLE_TEXT, "12 percent");
      await createClaim(db, users.admin, otherArticle.id, ARTICLE_TEXT, "12 percent");
      await vi.waitFor(() => expect(projectNotices.length * articleNotices.length).toBeGreaterThan(0));
      await quietWindow();
      expect(projectNotices.map((n) => [n.action, n.entityId])).toEqual([["claim.created", claim.id]]);
      expect(articleNotices.map((n) => n.articleId)).toEqual([article.id]);
      await sub1.unsubscribe();
      await sub2.unsubscribe();
      await createClaim(db, users.ann, article.id, ARTICLE_TEXT, "4 million euros");
      await quietWindow();
      expect(projectNotices).toHaveLength(1);
    });

    it("in a blind project, hides fellow annotators' claim activity from an annotator who has not submitted", async () => {
      const { article } = await blindProjectArticle(db, users.admin, "Live blind", [
        [users.ann, "annotator"],
        [users.ben, "annotator"],
      ]);
      const seen: ChangeNotice[] = [];
      const sub = await subscribeToChanges(handle, users.ann, { articleId: article.id }, (n) => seen.push(n));
      const bens = await createClaim(db, users.ben, article.id, ARTICLE_TEXT, "12 percent");
      const mine = await createClaim(db, users.ann, article.id, ARTICLE_TEXT, "4 million euros");
      await submitArticle(db, users.ann, article.id);
      await decideClaim(db, users.admin, { claimId: mine.id, decision: "accept", comment: "" });
      // Each stream delivers in commit order: once the acceptance is here, Ben's earlier claim would have been too.
      await vi.waitFor(() => expect(seen.some((n) => n.entityId === mine.id && n.action === "claim.accepted")).toBe(true));
      expect(seen.some((n) => n.entityId === bens.id)).toBe(false);
      expect(seen.filter((n) => n.entityId === mine.id).map((n) => n.action)).toEqual(["claim.created", "claim.submitted", "claim.accepted"]);
      await sub.unsubscribe();
    });
  });
});
