/**
 * What a page reloads after live notices, gathered: notices that arrive close
 * together (a burst of saves, an import) become one request for the claims
 * they name, and while a request is out the next notices wait for it, so the
 * page never has two reloads racing each other and no answer overtakes a
 * newer one. A notice that names no claim asks for everything.
 */

/** One reload: the claims the notices named, or all of them. */
export type RefetchBatch = { kind: "claims"; ids: string[] } | { kind: "all" };

type Options = {
  /** How long to wait for more notices before asking (the first notice of a quiet page waits this long too). */
  delayMs: number;
  /** More claims than this in one batch ask for everything instead (the API's limit for a list of ids). */
  maxIds: number;
  run: (batch: RefetchBatch) => Promise<void>;
};

export class CoalescedRefetch {
  private ids = new Set<string>();
  private isAll = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private isRunning = false;
  private isClosed = false;

  constructor(private readonly options: Options) {}

  /** A claim changed (its id), or something the page cannot name changed (null: reload everything). */
  add(claimId: string | null): void {
    if (this.isClosed) return;
    if (claimId === null) this.isAll = true;
    else this.ids.add(claimId);
    this.schedule();
  }

  /** The page is (back) on screen: notices are taken again (React may unmount and mount a page's effects in development). */
  open(): void {
    this.isClosed = false;
  }

  /** The page is going away: nothing more is asked for. */
  close(): void {
    this.isClosed = true;
    this.ids = new Set();
    this.isAll = false;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    // A request out already: the next one is scheduled when it comes back.
    if (this.timer !== null || this.isRunning) return;
    this.timer = setTimeout(() => void this.runNext(), this.options.delayMs);
  }

  private take(): RefetchBatch | null {
    const batch: RefetchBatch | null =
      this.isAll || this.ids.size > this.options.maxIds ? { kind: "all" } : this.ids.size > 0 ? { kind: "claims", ids: [...this.ids] } : null;
    this.ids = new Set();
    this.isAll = false;
    return batch;
  }

  private async runNext(): Promise<void> {
    this.timer = null;
    const batch = this.take();
    if (!batch || this.isClosed) return;
    this.isRunning = true;
    try {
      await this.options.run(batch);
    } catch {
      // A failed reload leaves the page as it was; the next notice asks again.
    } finally {
      this.isRunning = false;
    }
    if (this.ids.size > 0 || this.isAll) this.schedule();
  }
}
