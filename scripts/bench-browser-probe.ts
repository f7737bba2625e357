/**
 * The in-page half of the browser benchmark (scripts/bench-browser.ts): installed
 * with `addInitScript` before any of the page's own scripts run, so it sees the
 * navigation from its start. Everything it records is `performance.now()` time
 * (milliseconds since navigation start) in `window.__bench`, also left as
 * `bench:*` performance marks for a trace.
 *
 * Self-contained on purpose: Playwright serialises the function, so it may use
 * nothing from its module but types.
 */

/** A React fiber, as far as the render count reads it (React 19's field names). */
type Fiber = {
  tag: number;
  type: unknown;
  memoizedProps: Record<string, unknown> | null;
  flags: number;
  child: Fiber | null;
  sibling: Fiber | null;
  alternate: Fiber | null;
};

/** What one React commit re-rendered: claim list items, article text pieces, components, host elements. */
export type CommitRecord = { at: number; items: number; spans: number; components: number; hostNodes: number };

export type KeyRecord = { key: string; down: number; painted: number };

export type EventRecord = { name: string; start: number; duration: number; processingStart: number; processingEnd: number; interactionId: number };

export type DomChange = { at: number; items: number; spans: number; records: number };

export type Probe = {
  marks: Record<string, number>;
  /** Whether the first claim item had React's props (its click handler) when the hydration committed. */
  itemWiredAtHydration: boolean | null;
  keys: KeyRecord[];
  events: EventRecord[];
  /** Filled only while `counting` is on (walking the tree costs time of its own). */
  commits: CommitRecord[];
  counting: boolean;
  notices: number[];
  ready: number[];
  claimFetches: Array<{ start: number; end: number; bytes: number }>;
  longTasks: Array<{ start: number; duration: number }>;
  lcp: Array<{ at: number; inText: boolean; size: number }>;
  domChanges: DomChange[];
  /** How many claim items the list holds once complete (set by the bench before the page's scripts run); null: not watched. */
  expectItems: number | null;
  /** Stops the frame loop that watches for the text, the first claim and the editor. */
  stopWatching: () => void;
  /** Records which claim items and text pieces the DOM changes touch from now on. */
  watchDom: () => void;
};

export type ProbeWindow = Window & { __bench: Probe; __REACT_DEVTOOLS_GLOBAL_HOOK__?: unknown };

/** React's fiber tags for components whose rendering sets the PerformedWork flag. */
const COMPONENT_TAGS = [0, 1, 11, 14, 15];

/**
 * tsx keeps function names with esbuild's `__name` helper, which a serialised
 * function calls in the page: defined there first, as a no-op.
 */
export const NAME_SHIM = "globalThis.__name = globalThis.__name || ((fn) => fn);";

export function installProbe(componentTags: number[]): void {
  const w = window as unknown as ProbeWindow;
  let isWatching = true;
  const probe: Probe = {
    marks: {},
    itemWiredAtHydration: null,
    keys: [],
    events: [],
    commits: [],
    counting: false,
    notices: [],
    ready: [],
    claimFetches: [],
    longTasks: [],
    lcp: [],
    domChanges: [],
    expectItems: (w as unknown as { __benchExpectItems?: number }).__benchExpectItems ?? null,
    stopWatching: () => {
      isWatching = false;
    },
    watchDom: () => {
      const list = document.querySelector("ol.claim-list");
      const text = document.querySelector('[data-testid="article-text"]');
      const observer = new MutationObserver((records) => {
        const items = new Set<Element>();
        const spans = new Set<Element>();
        for (const record of records) {
          const node = record.target instanceof Element ? record.target : record.target.parentElement;
          const item = node?.closest('[data-testid="claim-item"]');
          if (item) items.add(item);
          else if (node && text?.contains(node)) spans.add(node);
        }
        probe.domChanges.push({ at: performance.now(), items: items.size, spans: spans.size, records: records.length });
      });
      const options = { subtree: true, childList: true, characterData: true, attributes: true };
      if (list) observer.observe(list, options);
      if (text) observer.observe(text, options);
    },
  };
  w.__bench = probe;

  const mark = (name: string) => {
    if (probe.marks[name] !== undefined) return;
    probe.marks[name] = performance.now();
    performance.mark(`bench:${name}`);
  };

  // A frame loop rather than a MutationObserver: a rAF callback runs in the frame that paints what the DOM
  // holds, so "found in a frame" is "on screen", and it costs nothing per parsed node.
  const poll = () => {
    if (probe.marks.textVisible === undefined && (document.querySelector('[data-testid="article-text"]')?.textContent ?? "").length > 0) {
      mark("textVisible");
    }
    if (probe.marks.itemInDom === undefined && document.querySelector('[data-testid="claim-item"]')) mark("itemInDom");
    if (probe.marks.editorOpen === undefined && document.querySelector('[data-testid="claim-quote"]')) mark("editorOpen");
    // All claims are in the store once the loading line gives way to the coverage figure (counted on all of them only);
    // the list then renders the rest in a transition, done when it holds as many items as the load expects.
    if (probe.marks.claimsLoaded === undefined && document.querySelector('[data-testid="coverage"]')) mark("claimsLoaded");
    // Read when needed: the bench's page-level script that sets it runs after this context-level one.
    probe.expectItems ??= (w as unknown as { __benchExpectItems?: number }).__benchExpectItems ?? null;
    if (
      probe.marks.claimsLoaded !== undefined &&
      probe.marks.listComplete === undefined &&
      probe.expectItems !== null &&
      document.querySelectorAll('[data-testid="claim-item"]').length >= probe.expectItems
    ) {
      mark("listComplete");
    }
    if (isWatching) requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);

  /** What a commit re-rendered, the way React DevTools decides it: a subtree whose child list is unchanged bailed out. */
  const countRendered = (current: Fiber): CommitRecord => {
    const tally: CommitRecord = { at: performance.now(), items: 0, spans: 0, components: 0, hostNodes: 0 };
    const visit = (fiber: Fiber, prev: Fiber | null) => {
      const isComponent = componentTags.includes(fiber.tag);
      const rendered = prev === null || (isComponent ? (fiber.flags & 1) !== 0 : fiber.memoizedProps !== prev.memoizedProps);
      if (rendered && isComponent) tally.components++;
      else if (rendered && fiber.tag === 5) {
        tally.hostNodes++;
        const props = fiber.memoizedProps;
        if (fiber.type === "li" && props?.["data-testid"] === "claim-item") tally.items++;
        else if (fiber.type === "span" && props?.["data-o"] !== undefined) tally.spans++;
      }
      if (prev !== null && fiber.child === prev.child) return;
      for (let child = fiber.child; child; child = child.sibling) visit(child, child.alternate);
    };
    visit(current, current.alternate);
    return tally;
  };

  // React DOM reports every commit to the DevTools hook, production builds included: the first one is the
  // hydration (the claim items' handlers are live from then on), later ones are counted on request.
  w.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true,
    renderers: new Map(),
    inject: () => 1,
    checkDCE: () => {},
    onScheduleFiberRoot: () => {},
    onCommitFiberUnmount: () => {},
    onPostCommitFiberRoot: () => {},
    onCommitFiberRoot: (_renderer: number, root: { current: Fiber }) => {
      if (probe.marks.hydrated === undefined) {
        mark("hydrated");
        const item = document.querySelector('[data-testid="claim-item"]');
        probe.itemWiredAtHydration = item ? Object.keys(item).some((key) => key.startsWith("__reactProps$")) : null;
      }
      if (probe.counting) probe.commits.push(countRendered(root.current));
    },
  };

  type EventTiming = PerformanceEntry & { processingStart: number; processingEnd: number; interactionId?: number };
  const observe = (type: string, onEntry: (entry: PerformanceEntry) => void, extra: Record<string, unknown> = {}) => {
    try {
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) onEntry(entry);
      }).observe({ type, buffered: true, ...extra });
    } catch {
      // an entry type this browser does not have: its figures stay empty
    }
  };
  observe(
    "event",
    (entry) => {
      const e = entry as EventTiming;
      probe.events.push({
        name: e.name,
        start: e.startTime,
        duration: e.duration,
        processingStart: e.processingStart,
        processingEnd: e.processingEnd,
        interactionId: e.interactionId ?? 0,
      });
    },
    { durationThreshold: 16 },
  );
  observe("longtask", (entry) => probe.longTasks.push({ start: entry.startTime, duration: entry.duration }));
  observe("resource", (entry) => {
    const e = entry as PerformanceResourceTiming;
    if (/\/api\/articles\/[^/]+\/claims$/.test(new URL(e.name).pathname)) {
      probe.claimFetches.push({ start: e.startTime, end: e.responseEnd, bytes: e.encodedBodySize });
    }
  });
  observe("largest-contentful-paint", (entry) => {
    const e = entry as PerformanceEntry & { element: Element | null; size: number; renderTime: number };
    const inText = Boolean(e.element?.closest('[data-testid="article-text"]') ?? e.element?.querySelector('[data-testid="article-text"]'));
    probe.lcp.push({ at: e.renderTime || e.startTime, inText, size: e.size });
  });

  // When each live notice reached the page: a listener added in the constructor runs before the app's own.
  const Native = window.EventSource;
  if (Native) {
    class Watched extends Native {
      constructor(url: string | URL, init?: EventSourceInit) {
        super(url, init);
        this.addEventListener("change", () => probe.notices.push(performance.now()));
        this.addEventListener("ready", () => probe.ready.push(performance.now()));
      }
    }
    window.EventSource = Watched;
  }

  // Keystroke to the next paint: a rAF callback runs before the frame that shows the key's effect, and a
  // message posted from it runs once that frame is done.
  window.addEventListener(
    "keydown",
    (event) => {
      const record: KeyRecord = { key: event.key, down: event.timeStamp, painted: -1 };
      probe.keys.push(record);
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          record.painted = performance.now();
        };
        channel.port2.postMessage(null);
      });
    },
    true,
  );
}

export const PROBE_ARG = COMPONENT_TAGS;
