import { act, cleanup, fireEvent, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { apiErrorOf } from "@/components/error-line";
import { renderWithIntl } from "@/test-support/intl";
import { AcceptInvitationButton } from "./accept-button";

/** Joining by invitation, and through it the shared reading of an API refusal (components/error-line.tsx). */

const router = { push: vi.fn(), refresh: vi.fn() };
vi.mock("next/navigation", () => ({ useRouter: () => router }));

const fetchMock = vi.fn<typeof fetch>();

beforeEach(() => {
  fetchMock.mockReset();
  vi.stubGlobal("fetch", fetchMock);
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  router.push.mockReset();
});

async function press(name: string) {
  await act(async () => {
    fireEvent.click(screen.getByRole("button", { name }));
  });
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

describe("AcceptInvitationButton", () => {
  it("joins and opens the project", async () => {
    fetchMock.mockResolvedValueOnce(json(200, { projectId: "p1", role: "annotator" }));
    renderWithIntl(<AcceptInvitationButton token="tok" projectName="Wahl 2025" />);
    await press("Join Wahl 2025");
    expect(JSON.parse(String(fetchMock.mock.calls[0]?.[1]?.body))).toEqual({ token: "tok" });
    expect(router.push).toHaveBeenCalledWith("/projects/p1");
  });

  it("de: a used link in German (by its code), another refusal as the server said it, a lost connection in German", async () => {
    renderWithIntl(<AcceptInvitationButton token="tok" projectName="Wahl 2025" />, { locale: "de" });
    fetchMock.mockResolvedValueOnce(json(410, { error: { code: "gone:invitation", message: "This invitation link does not work." } }));
    await press("Wahl 2025 beitreten");
    expect(screen.getByRole("alert").textContent).toBe(
      "Dieser Einladungslink funktioniert nicht: Er ist vielleicht abgelaufen, wurde schon benutzt oder zurückgezogen. Bitten Sie um einen neuen.",
    );
    fetchMock.mockResolvedValueOnce(json(403, { error: { code: "forbidden:invitation", message: "This invitation is for a@example.org." } }));
    await press("Wahl 2025 beitreten");
    expect(screen.getByRole("alert").textContent).toBe("This invitation is for a@example.org.");
    fetchMock.mockResolvedValueOnce(new Response("upstream down", { status: 502 }));
    await press("Wahl 2025 beitreten");
    expect(screen.getByRole("alert").textContent).toBe("Das hat nicht geklappt (502). Bitte versuchen Sie es erneut.");
    fetchMock.mockRejectedValueOnce(new TypeError("Failed to fetch"));
    await press("Wahl 2025 beitreten");
    expect(screen.getByRole("alert").textContent).toBe("Netzwerkfehler: Bitte versuchen Sie es erneut.");
  });
});

describe("apiErrorOf", () => {
  it("keeps what has the API's shape and drops what does not", () => {
    expect(apiErrorOf({ error: { code: "conflict:account", message: "Taken.", fields: { email: "taken", bad: 3 } } })).toEqual({
      code: "conflict:account",
      message: "Taken.",
      fields: { email: "taken" },
    });
    expect(apiErrorOf({ error: { message: 7 } })).toEqual({});
    expect(apiErrorOf({ error: "nope" })).toEqual({});
    expect(apiErrorOf(null)).toEqual({});
    expect(apiErrorOf([{ error: { message: "x" } }])).toEqual({});
  });
});
