import { afterAll, beforeAll, expect, it } from "vitest";
import type { ChangeNotice } from "@/lib/live-notice";
import { createMember, createTestProject, describeEachDatabase, type TestDatabase } from "@/test-support/databases";
import { claimSaveFor, nextSave, seedArticle, UNICODE_ARTICLE_RAW, UNICODE_ARTICLE_TEXT } from "@/test-support/fixtures";
import type { Actor } from "./authz";
import { saveClaim, setClaimDeleted } from "./claims";
import { CHANGE_CHANNEL, recordEvent } from "./events";

/** Notices received on the change channel, with a way to wait for one. */
class NoticeLog {
  readonly notices: ChangeNotice[] = [];
  private waiters: Array<{ match: (n: ChangeNotice) => boolean; resolve: (n: ChangeNotice) => void }> = [];

  push(payload: string): void {
    const notice = JSON.parse(payload) as ChangeNotice;
    this.notices.push(notice);
    this.waiters = this.waiters.filter((w) => {
      if (!w.match(notice)) return true;
      w.resolve(notice);
      return false;
    });
  }

  waitFor(match: (n: ChangeNotice) => boolean, timeoutMs = 5_000): Promise<ChangeNotice> {
    const seen = this.notices.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching notice within ${timeoutMs} ms; got ${JSON.stringify(this.notices)}`)), timeoutMs);
      this.waiters.push({
        match,
        resolve: (n) => {
          clearTimeout(timer);
          resolve(n);
        },
      });
    });
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeEachDatabase("change notices (LISTEN/NOTIFY)", (getDatabase) => {
  let t: TestDatabase;
  let projectId: string;
  let articleId: string;
  let alice: Actor;
  const log = new NoticeLog();
  let unlisten: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    t = getDatabase();
    projectId = (await createTestProject(t.db, { name: "Live" })).id;
    alice = await createMember(t.db, projectId, "annotator", "Alice");
    articleId = (await seedArticle(t.db, projectId, UNICODE_ARTICLE_RAW)).id;
    unlisten = await t.handle.listen(CHANGE_CHANNEL, (payload) => log.push(payload));
  });

  afterAll(async () => {
    await unlisten?.();
  });

  it("delivers a notice with the claim id for each saved change", async () => {
    const save = claimSaveFor(articleId, UNICODE_ARTICLE_TEXT, "Kritiker nannten den Plan");
    await saveClaim(t.db, alice, save);
    const created = await log.waitFor((n) => n.entityId === save.id && n.action === "claim.created");
    expect(created).toEqual({
      projectId,
      articleId,
      entityType: "claim",
      entityId: save.id,
      action: "claim.created",
      actorId: alice.id,
    });

    await saveClaim(t.db, alice, nextSave(save, 1, { verdict: "true" }));
    await setClaimDeleted(t.db, alice, { claimId: save.id, restore: false });
    await log.waitFor((n) => n.entityId === save.id && n.action === "claim.deleted");
    expect(log.notices.filter((n) => n.entityId === save.id).map((n) => n.action)).toEqual(["claim.created", "claim.updated", "claim.deleted"]);
  });

  it("delivers nothing before commit and nothing for a rolled-back change", async () => {
    const entityId = `pending-${Date.now()}`;
    const notice: ChangeNotice = { projectId, articleId, entityType: "test", entityId, action: "claim.updated", actorId: alice.id };
    await t.db.transaction(async (tx) => {
      await recordEvent(tx, notice);
      // A negative assertion's window: a notice sent before commit would arrive within it.
      await sleep(150);
      expect(log.notices.some((n) => n.entityId === entityId)).toBe(false);
    });
    await log.waitFor((n) => n.entityId === entityId);

    const rolledBack = `rolled-back-${Date.now()}`;
    await expect(
      t.db.transaction(async (tx) => {
        await recordEvent(tx, { ...notice, entityId: rolledBack });
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    // A later change arrives; the rolled-back one never does.
    const after = claimSaveFor(articleId, UNICODE_ARTICLE_TEXT, "Emoji-Test 😀");
    await saveClaim(t.db, alice, after);
    // Notices arrive in commit order, so once the later change's is here, an earlier one would have been too.
    await log.waitFor((n) => n.entityId === after.id);
    expect(log.notices.some((n) => n.entityId === rolledBack)).toBe(false);
  });
});
