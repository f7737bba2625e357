import { type ClaimDraft, sameContent } from "./claim-fields";

/**
 * The person's own claim changes on this page, to undo and redo. A step is
 * what the person did; undoing it is carried out as an ordinary change of its
 * own (a save with a fresh mutation id, a delete, a restore), so the server
 * sees nothing it would not see from a person making that change by hand.
 */
export type HistoryStep =
  /** Undone by deleting the claim, redone by restoring it. */
  | { kind: "create"; claim: ClaimDraft }
  /** Undone by saving `before`, redone by saving `after`. */
  | { kind: "edit"; before: ClaimDraft; after: ClaimDraft }
  /** Undone by restoring the claim, redone by deleting it again. */
  | { kind: "delete"; claim: ClaimDraft };

/** Enough for a working day's session; the oldest steps go first. */
export const HISTORY_LIMIT = 500;

/**
 * Two stacks, done and undone. Keystrokes in the editor arrive one edit at a
 * time: consecutive edits of one claim make one step (one undo brings the
 * claim back to how it was before the person started typing in it), until
 * another step is recorded, the person moves on ({@link endEdit}) or undoes.
 */
export class ClaimHistory {
  private readonly done: HistoryStep[] = [];
  private readonly undone: HistoryStep[] = [];
  /** The claim whose edits still join the last step. */
  private editing: string | null = null;

  get canUndo(): boolean {
    return this.done.length > 0;
  }

  get canRedo(): boolean {
    return this.undone.length > 0;
  }

  /** A new action of the person's: it goes on top, and what was undone can no longer be redone. */
  record(step: HistoryStep) {
    if (step.kind === "edit") {
      const top = this.done.at(-1);
      if (this.editing === step.after.id && top?.kind === "edit" && top.after.id === step.after.id) {
        top.after = step.after;
        if (sameContent(top.before, top.after)) this.done.pop();
        this.undone.length = 0;
        return;
      }
      if (sameContent(step.before, step.after)) return;
      this.editing = step.after.id;
    } else {
      this.editing = null;
    }
    this.done.push(step);
    if (this.done.length > HISTORY_LIMIT) this.done.shift();
    this.undone.length = 0;
  }

  /** The person left the claim (closed it, opened another): their next edit of it is a step of its own. */
  endEdit() {
    this.editing = null;
  }

  /** The step an undo would take back, without taking it: the caller carries it out, then calls {@link undid}. */
  nextUndo(): HistoryStep | null {
    return this.done.at(-1) ?? null;
  }

  nextRedo(): HistoryStep | null {
    return this.undone.at(-1) ?? null;
  }

  undid(step: HistoryStep) {
    if (this.done.at(-1) !== step) return;
    this.done.pop();
    this.undone.push(step);
    this.editing = null;
  }

  redid(step: HistoryStep) {
    if (this.undone.at(-1) !== step) return;
    this.undone.pop();
    this.done.push(step);
    this.editing = null;
  }

  /**
   * Someone else changed the claim (or refused our change as stale): undoing
   * the person's steps on it would now overwrite that change, so they go.
   */
  forget(claimId: string) {
    const isOther = (step: HistoryStep) => (step.kind === "edit" ? step.after.id : step.claim.id) !== claimId;
    for (const stack of [this.done, this.undone]) {
      const kept = stack.filter(isOther);
      stack.splice(0, stack.length, ...kept);
    }
    if (this.editing === claimId) this.editing = null;
  }

  /**
   * A deletion was taken back some other way (the toast's Undo): its step is
   * done with, as if undone, and so is every step after it, which were made on
   * a claim that was deleted meanwhile.
   */
  restoredElsewhere(claimId: string) {
    const at = this.done.findLastIndex((step) => step.kind === "delete" && step.claim.id === claimId);
    if (at === -1) return;
    const [step] = this.done.splice(at, 1);
    this.undone.length = 0;
    if (step) this.undone.push(step);
    this.editing = null;
  }
}
