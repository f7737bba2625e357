/**
 * Authorization matrix: every role × every action × (own project, another
 * project), each expectation written out; then, for a blind project, every
 * role × every channel that reads another annotator's work × the article's
 * state (open, submitted, closed). "ok" = allowed; "forbidden" = 403
 * (a member whose role or relation to the thing does not allow it);
 * "not_found" = 404 (not a member: ids cannot be probed).
 *
 * Each case builds its own fresh target (claim, submitted claim, user to add)
 * so cases never depend on each other's side effects.
 */
import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { claims, type ProjectRole } from "@/db/schema";
import { makeTarget } from "@/lib/anchoring";
import { DEFAULT_TAXONOMY } from "@/lib/taxonomy";
import { ARTICLE_TEXT, addRole, claimSave, createArticle, createUser, describeEachDatabase, newProject, outcome } from "@/test-support/team-fixtures";
import { getArticle, importArticles, listArticles } from "../articles";
import type { Actor } from "../authz";
import { listArticleClaims, saveClaim, setClaimDeleted } from "../claims";
import { AppError } from "../errors";
import { countExportClaims } from "../export";
import { parseWith } from "../http";
import { judgeNotice } from "../visibility";
import { closeArticle, promoteSchema, promoteToGold } from "./adjudication";
import { getArticleAgreement } from "./agreement";
import { assignArticle } from "./assignments";
import { addComment, listComments } from "./comments";
import { getProjectOverview } from "./dashboard";
import { decideClaim, listReviewQueue, reviewQueueQuerySchema } from "./decisions";
import { claimHistory, projectActivity } from "./history";
import { addMember, taxonomySchema, updateTaxonomy } from "./projects";
import { submitArticle } from "./submission";

type Outcome = "ok" | "forbidden" | "not_found";
type RoleName = ProjectRole | "non_member" | "site_admin";
type Scope = "own" | "other";

const ACTIONS = [
  "read article",
  "list claims",
  "create claim",
  "edit own claim",
  "edit another's claim",
  "delete another's claim",
  "import article",
  "assign",
  "review decision",
  "comment on own claim",
  "comment on another's claim",
  "manage members",
  "edit taxonomy",
] as const;
type Action = (typeof ACTIONS)[number];

const OK: Outcome = "ok";
const FB: Outcome = "forbidden";
const NF: Outcome = "not_found";

const ROLES: RoleName[] = ["admin", "reviewer", "annotator", "viewer", "non_member", "site_admin"];

/**
 * Expected outcome in the actor's own project (where they hold the role), one
 * column per role in the order of ROLES. Site administrators act as project
 * admins everywhere (and still only change their own claims).
 */
// biome-ignore format: a table, aligned by column
const OWN_PROJECT_TABLE: Record<Action, [admin: Outcome, reviewer: Outcome, annotator: Outcome, viewer: Outcome, non_member: Outcome, site_admin: Outcome]> = {
  //                            admin reviewer annotator viewer non_member site_admin
  "read article":               [OK,  OK,      OK,       OK,    NF,        OK],
  "list claims":                [OK,  OK,      OK,       OK,    NF,        OK],
  "create claim":               [OK,  OK,      OK,       FB,    NF,        OK],
  // viewer: a claim from before they were made a viewer; non_member: from before they were removed
  "edit own claim":             [OK,  OK,      OK,       FB,    NF,        OK],
  "edit another's claim":       [FB,  FB,      FB,       FB,    NF,        FB],
  "delete another's claim":     [FB,  FB,      FB,       FB,    NF,        FB],
  "import article":             [OK,  OK,      FB,       FB,    NF,        OK],
  assign:                       [OK,  OK,      FB,       FB,    NF,        OK],
  "review decision":            [OK,  OK,      FB,       FB,    NF,        OK],
  "comment on own claim":       [OK,  OK,      OK,       FB,    NF,        OK],
  "comment on another's claim": [OK,  OK,      FB,       FB,    NF,        OK],
  "manage members":             [OK,  FB,      FB,       FB,    NF,        OK],
  "edit taxonomy":              [OK,  FB,      FB,       FB,    NF,        OK],
};
const OWN_PROJECT = Object.fromEntries(
  ROLES.map((role, i) => [role, Object.fromEntries(ACTIONS.map((action) => [action, OWN_PROJECT_TABLE[action][i]!]))]),
) as Record<RoleName, Record<Action, Outcome>>;

/** Expected outcome in a project where the actor has no membership. */
const ALL_NOT_FOUND = Object.fromEntries(ACTIONS.map((action) => [action, NF])) as Record<Action, Outcome>;
const OTHER_PROJECT: Record<RoleName, Record<Action, Outcome>> = {
  admin: ALL_NOT_FOUND,
  reviewer: ALL_NOT_FOUND,
  annotator: ALL_NOT_FOUND,
  viewer: ALL_NOT_FOUND,
  non_member: ALL_NOT_FOUND,
  site_admin: OWN_PROJECT.site_admin,
};

/** Numbers the fixtures each case creates (unique article texts and user names). */
let counter = 0;

// One database for the whole matrix (per backend): every case builds its own targets.
describeEachDatabase("authorization matrix", (getDatabase) => {
  let db: Db;
  const actors = {} as Record<RoleName, Actor>;
  /** Another annotator, member of both projects, who owns the "another's" claims. */
  let helper: Actor;
  const projects = {} as Record<Scope, { id: string; articleId: string }>;

  beforeAll(async () => {
    db = getDatabase().db;
    const root = await createUser(db, "Root", { isAdmin: true });
    helper = await createUser(db, "Helper");
    for (const role of ROLES) actors[role] = await createUser(db, `Actor-${role}`, { isAdmin: role === "site_admin" });
    for (const scope of ["own", "other"] as const) {
      const project = await newProject(db, root, `Matrix ${scope}`);
      const article = await createArticle(db, project.id);
      await addRole(db, project.id, helper.id, "annotator");
      projects[scope] = { id: project.id, articleId: article.id };
    }
    for (const role of ["admin", "reviewer", "annotator", "viewer"] as const) {
      await addRole(db, projects.own.id, actors[role].id, role);
    }
  });

  /** A claim row written directly (bypassing authorization): the fixture's own setup. */
  async function insertClaim(projectId: string, articleId: string, authorId: string, status: "draft" | "submitted" = "draft") {
    const exact = "12 percent";
    const at = ARTICLE_TEXT.indexOf(exact);
    const id = crypto.randomUUID();
    await db.insert(claims).values({
      id,
      articleId,
      projectId,
      authorId,
      ...makeTarget(ARTICLE_TEXT, at, at + exact.length),
      claimType: "statistic",
      status,
    });
    return id;
  }

  async function run(actor: Actor, action: Action, scope: Scope): Promise<string> {
    const { id: projectId, articleId } = projects[scope];
    counter++;
    switch (action) {
      case "read article":
        return outcome(() => getArticle(db, actor, articleId));
      case "list claims":
        return outcome(() => listArticleClaims(db, actor, articleId));
      case "create claim":
        return outcome(() => saveClaim(db, actor, claimSave(articleId, ARTICLE_TEXT, "4 million euros")));
      case "edit own claim": {
        const id = await insertClaim(projectId, articleId, actor.id);
        return outcome(() => saveClaim(db, actor, { ...claimSave(articleId, ARTICLE_TEXT, "12 percent", { id, speaker: "Mayor" }), baseVersion: 1 }));
      }
      case "edit another's claim": {
        const id = await insertClaim(projectId, articleId, helper.id);
        return outcome(() => saveClaim(db, actor, { ...claimSave(articleId, ARTICLE_TEXT, "12 percent", { id, speaker: "Mayor" }), baseVersion: 1 }));
      }
      case "delete another's claim": {
        const id = await insertClaim(projectId, articleId, helper.id);
        return outcome(() => setClaimDeleted(db, actor, { claimId: id, restore: false }));
      }
      case "import article":
        return outcome(() =>
          importArticles(db, actor, { projectId, files: [{ name: null, content: `Imported ${counter}\n\nA new article number ${counter}.` }] }),
        );
      case "assign":
        return outcome(() => assignArticle(db, actor, { articleId, userIds: [helper.id] }));
      case "review decision": {
        const id = await insertClaim(projectId, articleId, helper.id, "submitted");
        return outcome(() => decideClaim(db, actor, { claimId: id, decision: "accept", comment: "" }));
      }
      case "comment on own claim": {
        const id = await insertClaim(projectId, articleId, actor.id);
        return outcome(() => addComment(db, actor, { claimId: id, body: "Note to self" }));
      }
      case "comment on another's claim": {
        const id = await insertClaim(projectId, articleId, helper.id);
        return outcome(() => addComment(db, actor, { claimId: id, body: "Please check" }));
      }
      case "manage members": {
        const newcomer = await createUser(db, `Newcomer${counter}`);
        return outcome(() => addMember(db, actor, { projectId, userId: newcomer.id, role: "viewer" }));
      }
      case "edit taxonomy":
        return outcome(() =>
          updateTaxonomy(db, actor, {
            projectId,
            taxonomy: parseWith(taxonomySchema, {
              ...DEFAULT_TAXONOMY,
              claimTypes: DEFAULT_TAXONOMY.claimTypes.map((t) => ({ ...t, label: `${t.label} ${counter}` })),
            }),
          }),
        );
    }
  }

  it("covers every role and action in both tables", () => {
    for (const role of ROLES) {
      expect(Object.keys(OWN_PROJECT[role]).sort()).toEqual([...ACTIONS].sort());
      expect(Object.keys(OTHER_PROJECT[role]).sort()).toEqual([...ACTIONS].sort());
    }
  });

  for (const role of ROLES) {
    for (const scope of ["own", "other"] as const) {
      describe(`${role} in ${scope} project`, () => {
        for (const action of ACTIONS) {
          const expected = (scope === "own" ? OWN_PROJECT : OTHER_PROJECT)[role][action];
          it(`${action} → ${expected}`, async () => {
            expect(await run(actors[role], action, scope)).toBe(expected);
          });
        }
      });
    }
  }

  // ── Blind projects, channel by channel ─────────────────────────────────────
  //
  // Another annotator's (the helper's) work on an article — a claim, and a gold claim a reviewer made from it
  // before closing — through every channel that reads it, in three states of the article: "open" (nobody has
  // submitted), "submitted" (the helper and the actor's annotator have submitted; the annotator with no claims
  // of their own, the copy-the-partner exploit) and "closed" (a reviewer closed it). "sees" = the helper's work
  // is in the answer; "hidden" = an answer without it; forbidden / not_found as above. Submitting reveals
  // nothing; closing reveals everything; reviewers and admins see all throughout.
  describe("blind project", () => {
    const BLIND_CHANNELS = [
      "claim list",
      "gold claim in claim list",
      "article list count",
      "dashboard counts",
      "activity feed",
      "claim history",
      "comments",
      "live notice",
      "export",
      "edit another's claim",
      "delete another's claim",
      "comment on another's claim",
      "review queue",
      "agreement",
    ] as const;
    type BlindChannel = (typeof BLIND_CHANNELS)[number];
    type BlindOutcome = "sees" | "hidden" | Outcome;
    const STATES = ["open", "submitted", "closed"] as const;
    type State = (typeof STATES)[number];
    const SE: BlindOutcome = "sees";
    const HI: BlindOutcome = "hidden";
    type States = [open: BlindOutcome, submitted: BlindOutcome, closed: BlindOutcome];
    type Row = Record<BlindChannel, States>;

    /** Per channel, in the states open, submitted, closed: what a blinded annotator gets, and what reviewers and admins get. */
    // biome-ignore format: a table, aligned by column
    const BLIND_TABLE: Record<BlindChannel, [blindedAnnotator: States, seesAll: States]> = {
      //                             blinded annotator  reviewers, admins
      "claim list":                 [[HI, HI, SE], [SE, SE, SE]],
      "gold claim in claim list":   [[HI, HI, SE], [SE, SE, SE]],
      "article list count":         [[HI, HI, SE], [SE, SE, SE]],
      "dashboard counts":           [[HI, HI, SE], [SE, SE, SE]],
      "activity feed":              [[HI, HI, SE], [SE, SE, SE]],
      "claim history":              [[NF, NF, SE], [SE, SE, SE]],
      comments:                     [[NF, NF, SE], [SE, SE, SE]],
      "live notice":                [[HI, HI, SE], [SE, SE, SE]],
      export:                       [[HI, HI, SE], [SE, SE, SE]],
      "edit another's claim":       [[NF, NF, FB], [FB, FB, FB]],
      "delete another's claim":     [[NF, NF, FB], [FB, FB, FB]],
      "comment on another's claim": [[NF, NF, FB], [OK, OK, OK]],
      "review queue":               [[FB, FB, FB], [OK, OK, OK]],
      agreement:                    [[FB, FB, FB], [OK, OK, OK]],
    };
    const column = (i: 0 | 1) => Object.fromEntries(BLIND_CHANNELS.map((channel) => [channel, BLIND_TABLE[channel][i]])) as Row;
    const BLINDED_ANNOTATOR = column(0);
    const BLINDED_VIEWER: Row = {
      ...BLINDED_ANNOTATOR,
      // A viewer may not annotate at all: refused for the article before any claim is looked at, so the same for every id.
      "edit another's claim": [FB, FB, FB],
    };
    const SEES_ALL = column(1);
    const OUTSIDER: Row = Object.fromEntries(BLIND_CHANNELS.map((c) => [c, [NF, NF, NF]])) as unknown as Row;
    const BLIND: Record<RoleName, Row> = {
      admin: SEES_ALL,
      reviewer: SEES_ALL,
      annotator: BLINDED_ANNOTATOR,
      viewer: BLINDED_VIEWER,
      non_member: OUTSIDER,
      site_admin: SEES_ALL,
    };

    /** One blind project per state, so project-wide channels (dashboard, feed, export) count that state only. */
    const blind = {} as Record<State, { projectId: string; articleId: string; helperClaimId: string; goldId: string }>;

    beforeAll(async () => {
      const root = await createUser(db, "Blind root", { isAdmin: true });
      for (const state of STATES) {
        const project = await newProject(db, root, `Matrix blind ${state}`, { isBlind: true });
        await addRole(db, project.id, helper.id, "annotator");
        for (const role of ["admin", "reviewer", "annotator", "viewer"] as const) await addRole(db, project.id, actors[role].id, role);
        const article = await createArticle(db, project.id);
        await assignArticle(db, root, { articleId: article.id, userIds: [helper.id, actors.annotator.id] });
        const claim = (await saveClaim(db, helper, claimSave(article.id, ARTICLE_TEXT, "12 percent"))).claim;
        const gold = await promoteToGold(db, root, parseWith(promoteSchema, { claimIds: [claim.id] }));
        if (state !== "open") {
          await submitArticle(db, helper, article.id);
          await submitArticle(db, actors.annotator, article.id); // with no claims of their own
        }
        if (state === "closed") await closeArticle(db, root, article.id);
        blind[state] = { projectId: project.id, articleId: article.id, helperClaimId: claim.id, goldId: gold.id };
      }
    });

    /** "sees"/"hidden" from a check that answers whether the helper's work is in the answer; errors as their type. */
    async function seen(check: () => Promise<boolean>): Promise<string> {
      let isSeen = false;
      const result = await outcome(async () => {
        isSeen = await check();
      });
      return result === "ok" ? (isSeen ? "sees" : "hidden") : result;
    }

    async function runBlind(actor: Actor, channel: BlindChannel, state: State): Promise<string> {
      const { projectId, articleId, helperClaimId, goldId } = blind[state];
      counter++;
      switch (channel) {
        case "claim list":
          return seen(async () => (await listArticleClaims(db, actor, articleId)).some((c) => c.id === helperClaimId));
        case "gold claim in claim list":
          return seen(async () => (await listArticleClaims(db, actor, articleId)).some((c) => c.id === goldId));
        case "article list count":
          return seen(async () => {
            const item = (await listArticles(db, actor, { projectId })).find((a) => a.id === articleId);
            if (!item) throw new AppError("not_found:article", "not listed");
            return item.claimCount > 0; // the actor has no claims of their own here
          });
        case "dashboard counts":
          return seen(async () => {
            const row = (await getProjectOverview(db, actor, projectId)).annotators.find((a) => a.userId === helper.id);
            return (row?.claims ?? 0) > 0;
          });
        case "activity feed":
          return seen(async () => (await projectActivity(db, actor, projectId)).some((e) => e.entityId === helperClaimId || e.entityId === goldId));
        case "claim history":
          return seen(async () => (await claimHistory(db, actor, helperClaimId)).length > 0);
        case "comments":
          return seen(async () => Array.isArray(await listComments(db, actor, helperClaimId)));
        case "live notice": {
          const verdict = await judgeNotice(db, actor, {
            projectId,
            articleId,
            entityType: "claim",
            entityId: helperClaimId,
            action: "claim.updated",
            actorId: helper.id,
          });
          return verdict === "deliver" ? "sees" : verdict === "drop" ? "hidden" : "not_found";
        }
        case "export":
          return seen(
            async () => (await countExportClaims(db, actor, { format: "jsonl", projectId, goldOnly: false }, "https://claims.example")) > 0,
          );
        case "edit another's claim":
          return outcome(() =>
            saveClaim(db, actor, { ...claimSave(articleId, ARTICLE_TEXT, "12 percent", { id: helperClaimId, speaker: "Mayor" }), baseVersion: 1 }),
          );
        case "delete another's claim":
          return outcome(() => setClaimDeleted(db, actor, { claimId: helperClaimId, restore: false }));
        case "comment on another's claim":
          return outcome(() => addComment(db, actor, { claimId: helperClaimId, body: `Note ${counter}` }));
        case "review queue":
          return outcome(() => listReviewQueue(db, actor, projectId, reviewQueueQuerySchema.parse({})));
        case "agreement":
          return outcome(() => getArticleAgreement(db, actor, articleId));
      }
    }

    for (const role of ROLES) {
      describe(`${role}`, () => {
        for (const channel of BLIND_CHANNELS) {
          STATES.forEach((state, i) => {
            const expected = BLIND[role][channel][i]!;
            it(`${channel} (${state}) → ${expected}`, async () => {
              expect(await runBlind(actors[role], channel, state)).toBe(expected);
            });
          });
        }
      });
    }
  });

  it("leaves no partial writes behind when refused (a denied edit keeps the claim as it was)", async () => {
    const id = await insertClaim(projects.own.id, projects.own.articleId, helper.id);
    const attempt = { ...claimSave(projects.own.articleId, ARTICLE_TEXT, "12 percent", { id, speaker: "Mayor" }), baseVersion: 1 };
    expect(await outcome(() => saveClaim(db, actors.annotator, attempt))).toBe("forbidden");
    const [row] = await db.select().from(claims).where(eq(claims.id, id));
    expect(row?.speaker).toBe("");
    expect(row?.version).toBe(1);
  });
});
