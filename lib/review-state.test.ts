import { describe, expect, it } from "vitest";
import { reviewDecision, reviewStatus } from "../db/schema";
import {
  actionRequiresComment,
  REVIEW_ACTIONS,
  REVIEW_ACTORS,
  type ReviewAction,
  type ReviewActor,
  SUBMITTABLE_STATUSES,
  transition,
} from "./review-state";
import { REVIEW_STATUSES, type ReviewStatus } from "./vocabularies";

// Expected outcome per (actor, action, status), written out by hand rather than
// derived from the implementation: a target status, "illegal" or "forbidden".
type Expected = ReviewStatus | "illegal" | "forbidden";
const F = "forbidden" as const;
const X = "illegal" as const;

//                                 draft          submitted       accepted             rejected             changes_requested
const TABLE: Record<ReviewActor, Record<ReviewAction, [Expected, Expected, Expected, Expected, Expected]>> = {
  author: {
    submit: /*          */ ["submitted", X, X, "submitted", "submitted"],
    accept: /*          */ [F, F, F, F, F],
    reject: /*          */ [F, F, F, F, F],
    request_changes: /* */ [F, F, F, F, F],
    revise: /*          */ ["draft", "draft", "draft", "draft", "draft"],
  },
  reviewer: {
    submit: /*          */ [F, F, F, F, F],
    accept: /*          */ [X, "accepted", X, "accepted", "accepted"],
    reject: /*          */ [X, "rejected", "rejected", X, "rejected"],
    request_changes: /* */ [X, "changes_requested", "changes_requested", "changes_requested", X],
    revise: /*          */ [F, F, F, F, F],
  },
};

const cases = REVIEW_ACTORS.flatMap((actor) =>
  REVIEW_ACTIONS.flatMap((action) => REVIEW_STATUSES.map((status, i) => ({ actor, action, status, expected: TABLE[actor][action][i] as Expected }))),
);

describe("transition", () => {
  it("covers every status × action × actor", () => {
    expect(cases).toHaveLength(REVIEW_STATUSES.length * REVIEW_ACTIONS.length * REVIEW_ACTORS.length);
  });

  it.each(cases)("$actor $action from $status → $expected", ({ actor, action, status, expected }) => {
    const result = transition(status, action, actor);
    if (expected === "forbidden" || expected === "illegal") {
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.code).toBe(expected === "forbidden" ? "forbidden" : "illegal_transition");
        expect(result.message.length).toBeGreaterThan(0);
      }
    } else {
      expect(result).toEqual({ ok: true, status: expected });
    }
  });

  it("reports forbidden before illegal (an author accepting a draft is forbidden, not illegal)", () => {
    expect(transition("draft", "accept", "author")).toMatchObject({ ok: false, code: "forbidden" });
  });
});

describe("actionRequiresComment", () => {
  it.each(REVIEW_ACTIONS.map((action) => ({ action })))("$action", ({ action }) => {
    expect(actionRequiresComment(action)).toBe(action === "reject" || action === "request_changes");
  });
});

describe("vocabularies", () => {
  it("match the database enums, so a status or decision never drifts between layers", () => {
    expect([...REVIEW_STATUSES]).toEqual(reviewStatus.enumValues);
    for (const decision of reviewDecision.enumValues) expect(REVIEW_ACTIONS).toContain(decision);
  });
});

describe("SUBMITTABLE_STATUSES", () => {
  it("are exactly the statuses the author may submit from", () => {
    for (const status of REVIEW_STATUSES) expect(SUBMITTABLE_STATUSES.includes(status), status).toBe(transition(status, "submit", "author").ok);
  });
});
