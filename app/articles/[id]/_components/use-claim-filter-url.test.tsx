// @vitest-environment happy-dom
import { act, cleanup, renderHook } from "@testing-library/react";
import { renderToString } from "react-dom/server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type ClaimFilter, NO_FILTER } from "@/lib/client/claim-filter";
import { DEFAULT_TAXONOMY } from "@/lib/taxonomy";
import { TEXT_WRITE_DELAY_MS, useClaimFilterUrl } from "./use-claim-filter-url";

const PATH = "/articles/a1";
const filter = (over: Partial<ClaimFilter>): ClaimFilter => ({ ...NO_FILTER, ...over });

/** Where the browser is now, as a link would show it. */
const address = () => `${window.location.pathname}${window.location.search}${window.location.hash}`;

/** Back or Forward as the browser does them: the address changes, then popstate. */
function traverseTo(url: string) {
  act(() => {
    window.history.replaceState(null, "", url);
    window.dispatchEvent(new PopStateEvent("popstate", { state: null }));
  });
}

const claims = [
  {
    claim: { authorId: "ben", status: "draft" as const },
    draft: {
      target: { start: 0, end: 1, exact: "x", prefix: "", suffix: "" },
      normalizedClaim: "",
      speaker: "",
      rationale: "",
      claimType: "statistic",
      verdict: "false",
      tags: ["economy"],
      checkWorthiness: null,
    },
  },
];

/** The filter as a component using the hook renders it. */
function Probe() {
  const [current] = useClaimFilterUrl();
  return <output>{JSON.stringify(current)}</output>;
}

let pushes: ReturnType<typeof vi.spyOn>;
let replaces: ReturnType<typeof vi.spyOn>;

beforeEach(() => {
  window.history.replaceState(null, "", PATH);
  pushes = vi.spyOn(window.history, "pushState");
  replaces = vi.spyOn(window.history, "replaceState");
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe("useClaimFilterUrl", () => {
  it("renders no filter on the server, where there is no address to read", () => {
    window.history.replaceState(null, "", `${PATH}?f.type=statistic&f.q=export`);
    expect(renderToString(<Probe />)).toContain(JSON.stringify(NO_FILTER).replace(/"/g, "&quot;"));
  });

  it("reads a link's filter after mount, beside the page's own parameters, and leaves the address as it was", () => {
    window.history.replaceState(null, "", `${PATH}?claim=c1&f.type=statistic&f.type=!none&f.q=export#claim-c1`);
    replaces.mockClear();
    const { result } = renderHook(() => useClaimFilterUrl());
    expect(result.current[0]).toEqual(filter({ claimType: ["statistic", null], text: "export" }));
    expect(result.current[2]).toEqual([]);
    expect(pushes).not.toHaveBeenCalled();
    expect(replaces).not.toHaveBeenCalled();
  });

  it("pushes an address for each choice, keeping ?claim= and the hash, and Back and Forward bring the filters back", () => {
    window.history.replaceState(null, "", `${PATH}?claim=c1#claim-c1`);
    const { result } = renderHook(() => useClaimFilterUrl());
    const first = filter({ claimType: ["statistic"] });
    act(() => result.current[1](first));
    expect(address()).toBe(`${PATH}?claim=c1&f.type=statistic#claim-c1`);
    const second = filter({ claimType: ["statistic", "event"], tag: ["a,b"] });
    act(() => result.current[1](second));
    expect(address()).toBe(`${PATH}?claim=c1&f.type=statistic&f.type=event&f.tag=a%2Cb#claim-c1`);
    expect(pushes).toHaveBeenCalledTimes(2);
    // The same choice again (in another order) is no new entry.
    act(() => result.current[1](filter({ claimType: ["event", "statistic"], tag: ["a,b"] })));
    expect(pushes).toHaveBeenCalledTimes(2);

    traverseTo(`${PATH}?claim=c1&f.type=statistic#claim-c1`);
    expect(result.current[0]).toEqual(first);
    traverseTo(`${PATH}?claim=c1#claim-c1`);
    expect(result.current[0]).toEqual(NO_FILTER);
    traverseTo(`${PATH}?claim=c1&f.type=statistic&f.type=event&f.tag=a%2Cb#claim-c1`);
    expect(result.current[0]).toEqual(second);

    act(() => result.current[1](NO_FILTER));
    expect(address()).toBe(`${PATH}?claim=c1#claim-c1`);
  });

  it("follows typing at once, and writes the address after a pause: one entry per run of typing", () => {
    vi.useFakeTimers();
    const { result } = renderHook(() => useClaimFilterUrl());
    act(() => result.current[1](filter({ text: "m" })));
    act(() => result.current[1](filter({ text: "mü" })));
    expect(result.current[0].text).toBe("mü");
    expect(address()).toBe(PATH);
    act(() => vi.advanceTimersByTime(TEXT_WRITE_DELAY_MS));
    expect(address()).toBe(`${PATH}?f.q=m%C3%BC`);
    expect(pushes).toHaveBeenCalledTimes(1);

    replaces.mockClear();
    act(() => result.current[1](filter({ text: "mül" })));
    act(() => vi.advanceTimersByTime(TEXT_WRITE_DELAY_MS));
    expect(address()).toBe(`${PATH}?f.q=m%C3%BCl`);
    expect(pushes).toHaveBeenCalledTimes(1);
    expect(replaces).toHaveBeenCalledTimes(1);

    // A choice is an entry of its own, and takes the text typed so far with it at once.
    act(() => result.current[1](filter({ text: "müll" })));
    act(() => result.current[1](filter({ text: "müll", status: ["draft"] })));
    expect(address()).toBe(`${PATH}?f.status=draft&f.q=m%C3%BCll`);
    expect(pushes).toHaveBeenCalledTimes(2);
    act(() => vi.advanceTimersByTime(TEXT_WRITE_DELAY_MS * 2));
    expect(pushes).toHaveBeenCalledTimes(2);

    // Typing after the choice starts a new entry.
    act(() => result.current[1](filter({ text: "mü", status: ["draft"] })));
    act(() => vi.advanceTimersByTime(TEXT_WRITE_DELAY_MS));
    expect(pushes).toHaveBeenCalledTimes(3);
  });

  it("drops a text write still waiting when Back is pressed", () => {
    vi.useFakeTimers();
    const { result } = renderHook(() => useClaimFilterUrl());
    act(() => result.current[1](filter({ status: ["draft"] })));
    act(() => result.current[1](filter({ status: ["draft"], text: "x" })));
    traverseTo(PATH);
    act(() => vi.advanceTimersByTime(TEXT_WRITE_DELAY_MS));
    expect(address()).toBe(PATH);
    expect(result.current[0]).toEqual(NO_FILTER);
  });

  it("leaves out, and says, a link's values the list does not offer, and forgets that once the person changes the filter", () => {
    window.history.replaceState(null, "", `${PATH}?f.type=opinion&f.type=statistic&f.tag=gone&f.status=archived&f.author=ben`);
    const { result } = renderHook(() => useClaimFilterUrl({ claims, taxonomy: DEFAULT_TAXONOMY }));
    expect(result.current[0]).toEqual(filter({ claimType: ["statistic"], author: ["ben"] }));
    expect(result.current[2]).toEqual([
      { kind: "status", value: "archived" },
      { kind: "claimType", value: "opinion" },
      { kind: "tag", value: "gone" },
    ]);
    // A value the person chooses is theirs: it is kept whatever the claims carry.
    act(() => result.current[1](filter({ claimType: ["statistic"], author: ["ben"], tag: ["new"] })));
    expect(result.current[0].tag).toEqual(["new"]);
    expect(result.current[2]).toEqual([]);
  });

  it("stops listening once unmounted", () => {
    const { result, unmount } = renderHook(() => useClaimFilterUrl());
    const seen = result.current[0];
    unmount();
    traverseTo(`${PATH}?f.type=statistic`);
    expect(result.current[0]).toBe(seen);
  });
});
