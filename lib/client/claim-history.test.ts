import { describe, expect, it } from "vitest";
import { emptyClaimFields } from "../fields";
import type { ClaimDraft } from "./claim-fields";
import { ClaimHistory, HISTORY_LIMIT } from "./claim-history";

const TEXT = "Exports fell by 3 percent.";

function draft(id: string, speaker = ""): ClaimDraft {
  return { id, articleId: "a", target: { start: 0, end: TEXT.length, exact: TEXT, prefix: "", suffix: "" }, ...emptyClaimFields(), speaker };
}

describe("ClaimHistory", () => {
  it("undoes and redoes in order", () => {
    const history = new ClaimHistory();
    const created = { kind: "create", claim: draft("a") } as const;
    history.record(created);
    const edit = { kind: "edit", before: draft("a"), after: draft("a", "the mayor") } as const;
    history.record(edit);
    expect(history.nextUndo()).toEqual(edit);
    history.undid(history.nextUndo()!);
    expect(history.nextUndo()).toEqual(created);
    expect(history.nextRedo()).toEqual(edit);
    history.redid(history.nextRedo()!);
    expect(history.canRedo).toBe(false);
    expect(history.nextUndo()).toEqual(edit);
  });

  it("makes one step of the keystrokes typed into one claim, from before the first to after the last", () => {
    const history = new ClaimHistory();
    history.record({ kind: "edit", before: draft("a"), after: draft("a", "t") });
    history.record({ kind: "edit", before: draft("a", "t"), after: draft("a", "th") });
    history.record({ kind: "edit", before: draft("a", "th"), after: draft("a", "the") });
    expect(history.nextUndo()).toEqual({ kind: "edit", before: draft("a"), after: draft("a", "the") });
    history.undid(history.nextUndo()!);
    expect(history.canUndo).toBe(false);
  });

  it("starts a new step after the person moved on, and for another claim", () => {
    const history = new ClaimHistory();
    history.record({ kind: "edit", before: draft("a"), after: draft("a", "x") });
    history.endEdit();
    history.record({ kind: "edit", before: draft("a", "x"), after: draft("a", "xy") });
    history.record({ kind: "edit", before: draft("b"), after: draft("b", "z") });
    const steps = [];
    while (history.canUndo) {
      const step = history.nextUndo()!;
      steps.push(step);
      history.undid(step);
    }
    expect(steps.map((s) => (s.kind === "edit" ? `${s.after.id}:${s.after.speaker}` : s.kind))).toEqual(["b:z", "a:xy", "a:x"]);
  });

  it("records no step for an edit that changes nothing, and drops one typed back to where it began", () => {
    const history = new ClaimHistory();
    history.record({ kind: "edit", before: draft("a"), after: draft("a") });
    expect(history.canUndo).toBe(false);
    history.record({ kind: "edit", before: draft("a"), after: draft("a", "x") });
    history.record({ kind: "edit", before: draft("a", "x"), after: draft("a") });
    expect(history.canUndo).toBe(false);
  });

  it("forgets what was undone once the person does something new", () => {
    const history = new ClaimHistory();
    history.record({ kind: "create", claim: draft("a") });
    history.undid(history.nextUndo()!);
    history.record({ kind: "create", claim: draft("b") });
    expect(history.canRedo).toBe(false);
  });

  it("takes a deletion undone by the toast off the stack, so Ctrl+Z does not restore it twice", () => {
    const history = new ClaimHistory();
    history.record({ kind: "create", claim: draft("a") });
    history.record({ kind: "delete", claim: draft("a") });
    history.restoredElsewhere("a");
    expect(history.nextUndo()).toEqual({ kind: "create", claim: draft("a") });
    expect(history.nextRedo()).toEqual({ kind: "delete", claim: draft("a") });
  });

  it("keeps the latest steps when the session runs long", () => {
    const history = new ClaimHistory();
    for (let i = 0; i <= HISTORY_LIMIT; i++) history.record({ kind: "create", claim: draft(`c${i}`) });
    let count = 0;
    while (history.canUndo) {
      history.undid(history.nextUndo()!);
      count++;
    }
    expect(count).toBe(HISTORY_LIMIT);
  });

  it("forgets every step on a claim someone else changed, and keeps the others", () => {
    const history = new ClaimHistory();
    history.record({ kind: "create", claim: draft("a") });
    history.record({ kind: "create", claim: draft("b") });
    history.record({ kind: "edit", before: draft("a"), after: draft("a", "x") });
    history.undid(history.nextUndo()!);
    history.forget("a");
    expect(history.canRedo).toBe(false);
    expect(history.nextUndo()).toEqual({ kind: "create", claim: draft("b") });
    history.undid(history.nextUndo()!);
    expect(history.canUndo).toBe(false);
  });
});
