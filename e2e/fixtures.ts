/**
 * Page objects and fixtures for the end-to-end specs.
 *
 * - `user`: a fresh annotator, signed up in the test's own `page` (unique email per test).
 * - `admin`: a second browser context signed in as the administrator that
 *   e2e/auth.setup.ts created as the very first account of the fresh database.
 * - `articles` / `annotator`: page objects over the test's `page`.
 */
import fs from "node:fs";
import { type APIRequestContext, type Browser, test as base, expect, type Locator, type Page, type Response, request } from "@playwright/test";
import { ADMIN_STATE_FILE } from "./paths";

export { expect };

export const SEED_TITLE = "Putin offen für Gespräche mit Trump, doch territoriale Konzessionen ausgeschlossen";

export type TestUser = { name: string; email: string; password: string };

/** A short random suffix so names, emails and imported texts never collide (also across reused servers). */
export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

export function newUser(prefix = "annotator"): TestUser {
  const suffix = uniqueSuffix();
  // A phrase of unrelated words plus the suffix: strong enough for the password policy (lib/password-policy.ts).
  return { name: `${prefix} ${suffix}`, email: `${prefix}-${suffix}@e2e.example.org`, password: `Tinte Fahrrad ${suffix} Wolke` };
}

/** Claim as the API returns it (only the fields the specs read). */
export type ApiClaim = {
  id: string;
  authorName: string;
  version: number;
  target: { start: number; end: number; exact: string; prefix: string; suffix: string };
  claimType: string | null;
  checkWorthiness: number | null;
  speaker: string;
  verdict: string;
  sources: Array<{ id: string; url: string; title: string; stance: string }>;
};

/** The body of a claim save (PUT /api/claims/:id) as the browser sends it. */
export type SaveBody = Omit<ApiClaim, "authorName" | "version"> & { baseVersion: number | null; mutationId: string };

/** The default project every instance has (server/default-project.ts). */
export const DEFAULT_PROJECT_ID = "00000000-0000-4000-8000-000000000001";

/** The setup code e2e/serve.mjs gives the fresh instance (CLAIMWORK_SETUP_TOKEN). */
export const E2E_SETUP_TOKEN = "e2e-setup-code-4f9c2a7b1d";

export class AuthPage {
  constructor(readonly page: Page) {}

  /** Create the first account of a fresh instance through /setup with its setup code (it becomes the site admin). */
  async setUp(user: TestUser, setupToken = E2E_SETUP_TOKEN): Promise<void> {
    await this.page.goto(`/setup?token=${encodeURIComponent(setupToken)}`);
    await this.fillSignUp(user, { withEmail: true });
  }

  /**
   * Join by invitation, as people do: `inviter` (a project admin's API
   * context; by default the run's administrator) invites the user's e-mail
   * into a project, and the user opens the link and creates the account.
   */
  async signUp(user: TestUser, options: { inviter?: APIRequestContext; projectId?: string; role?: string } = {}): Promise<void> {
    const origin = new URL(this.page.url() === "about:blank" ? `${baseUrlOf(this.page)}/` : this.page.url()).origin;
    const own = options.inviter ? null : await request.newContext({ baseURL: origin, storageState: ADMIN_STATE_FILE });
    try {
      const inviter = options.inviter ?? own!;
      const response = await inviter.post(`/api/projects/${options.projectId ?? DEFAULT_PROJECT_ID}/invitations`, {
        data: { email: user.email, role: options.role ?? "annotator" },
      });
      expect(response.status(), await response.text()).toBe(201);
      const { link } = (await response.json()) as { link: string };
      await this.page.goto(new URL(link).pathname);
    } finally {
      await own?.dispose();
    }
    await this.fillSignUp(user, { withEmail: false });
  }

  private async fillSignUp(user: TestUser, options: { withEmail: boolean }): Promise<void> {
    const form = this.page.getByRole("form", { name: "Sign up" });
    await form.getByLabel("Name").fill(user.name);
    if (options.withEmail) await form.getByLabel("Email").fill(user.email);
    await form.getByLabel("Password").fill(user.password);
    await form.getByRole("button", { name: "Sign up" }).click();
    await this.page.waitForURL("**/articles");
    await expect(this.page.getByTestId("current-user")).toContainText(user.name);
  }
}

/** The base URL a page's context was made with (Playwright keeps it in the context's options). */
function baseUrlOf(page: Page): string {
  const options = (page.context() as unknown as { _options?: { baseURL?: string } })._options;
  return options?.baseURL ?? "http://127.0.0.1:3100";
}

export class ArticlesPage {
  readonly table: Locator;
  readonly pasteField: Locator;
  readonly fileInput: Locator;
  /** The import result line (role status) or error (role alert). */
  readonly importStatus: Locator;
  readonly importError: Locator;

  constructor(readonly page: Page) {
    this.table = page.getByRole("table", { name: "Articles" });
    const section = page.getByRole("region", { name: "Add articles" });
    this.pasteField = section.getByLabel("Paste an article");
    this.fileInput = section.getByLabel(/Upload \.txt or \.md files/);
    this.importStatus = section.getByRole("status");
    this.importError = section.getByRole("alert");
  }

  async goto(): Promise<void> {
    await this.page.goto("/articles");
    await expect(this.page.getByRole("heading", { name: "Articles", level: 1 })).toBeVisible();
  }

  articleLink(title: string): Locator {
    return this.table.getByRole("link", { name: title, exact: true });
  }

  /** Paste an article (first line is the title), wait for the import to be reported; returns the new article's id. */
  async importPasted(content: string): Promise<string> {
    await this.pasteField.fill(content);
    const response = this.page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/api/articles");
    await this.page.getByRole("button", { name: "Import pasted text" }).click();
    const body = (await (await response).json()) as { articles?: Array<{ id: string; isNew: boolean }> };
    await expect(this.importStatus).toHaveText("1 article imported.");
    const article = body.articles?.[0];
    expect(article?.isNew).toBe(true);
    return article!.id;
  }

  /** Import a fresh article (a unique title line is added) and return its id and title. */
  async importFresh(titlePrefix: string, body: string): Promise<{ id: string; title: string }> {
    const title = `${titlePrefix} ${uniqueSuffix()}`;
    await this.goto();
    const id = await this.importPasted(`${title}\n\n${body}\n`);
    return { id, title };
  }

  async upload(files: Array<{ name: string; mimeType: string; buffer: Buffer }>): Promise<void> {
    await this.fileInput.setInputFiles(files);
    await this.page.getByRole("button", { name: "Upload", exact: true }).click();
  }

  /** Open an article from the list; returns its id. */
  async open(title: string): Promise<string> {
    await this.articleLink(title).click();
    await this.page.waitForURL(/\/articles\/[0-9a-f-]{36}$/);
    await expect(this.page.getByTestId("article-text")).toBeVisible();
    return articleIdOf(this.page);
  }
}

export function articleIdOf(page: Page): string {
  const match = /\/articles\/([0-9a-f-]{36})/.exec(page.url());
  if (!match?.[1]) throw new Error(`not on an article page: ${page.url()}`);
  return match[1];
}

export class ClaimEditor {
  readonly root: Locator;
  readonly quote: Locator;
  readonly claimType: Locator;
  readonly checkWorthiness: Locator;
  readonly speaker: Locator;
  readonly normalizedClaim: Locator;
  readonly verdict: Locator;
  readonly rationale: Locator;
  readonly tags: Locator;
  readonly addSource: Locator;
  readonly close: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByRole("region", { name: "Claim editor" });
    this.quote = this.root.getByTestId("claim-quote");
    this.claimType = this.root.getByLabel("Claim type");
    this.checkWorthiness = this.root.getByLabel("Check-worthiness");
    this.speaker = this.root.getByLabel("Speaker / attribution");
    this.normalizedClaim = this.root.getByLabel("Normalised claim");
    this.verdict = this.root.getByLabel("Verdict");
    this.rationale = this.root.getByLabel("Rationale");
    this.tags = this.root.getByLabel(/^Tags/);
    this.addSource = this.root.getByRole("button", { name: "Add source" });
    this.close = this.root.getByRole("button", { name: "Close claim editor" });
  }

  source(index: number) {
    const group = this.root.getByRole("group", { name: `Source ${index + 1}` });
    return {
      group,
      url: group.getByLabel("URL (http or https)"),
      stance: group.getByLabel("Stance"),
      title: group.getByLabel("Title"),
      publisher: group.getByLabel("Publisher"),
    };
  }
}

export class AnnotatorPage {
  readonly text: Locator;
  readonly toolbar: Locator;
  readonly claimList: Locator;
  readonly claimItems: Locator;
  readonly saveState: Locator;
  readonly notice: Locator;
  /** "Claim deleted." with its Undo button. */
  readonly toast: Locator;
  readonly editor: ClaimEditor;

  constructor(readonly page: Page) {
    this.text = page.getByRole("region", { name: "Article text" });
    this.toolbar = page.getByRole("toolbar", { name: "Selection" });
    this.claimList = page.locator('ol[aria-label="Claims in text order"]');
    this.claimItems = this.claimList.getByTestId("claim-item");
    this.saveState = page.getByTestId("save-state");
    this.notice = page.getByRole("complementary", { name: "Claims" }).getByRole("alert");
    this.toast = page.getByRole("status").filter({ hasText: "Claim deleted." });
    this.editor = new ClaimEditor(page);
  }

  get articleId(): string {
    return articleIdOf(this.page);
  }

  async goto(articleId: string): Promise<void> {
    await this.page.goto(`/articles/${articleId}`);
    await expect(this.text).toBeVisible();
  }

  /** The article text exactly as rendered (the region's text is the canonical text). */
  async articleText(): Promise<string> {
    return this.text.evaluate((el) => el.textContent ?? "");
  }

  /** The text of sentence `index`, from its pieces. */
  async sentenceText(index: number): Promise<string> {
    return this.text.locator(`span[data-sentence="${index}"]`).evaluateAll((spans) => spans.map((s) => s.textContent ?? "").join(""));
  }

  claimItem(quote: string | RegExp): Locator {
    return this.claimItems.filter({ hasText: quote });
  }

  /** Screen points at the start of UTF-16 offset `start` and the end of offset `end - 1` in the text. */
  async pointsFor(start: number, end: number): Promise<{ from: { x: number; y: number }; to: { x: number; y: number } }> {
    return this.text.evaluate(
      (root, [s, e]) => {
        const locate = (offset: number): [Node, number] => {
          const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
          let seen = 0;
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const length = node.textContent?.length ?? 0;
            if (offset < seen + length) return [node, offset - seen];
            seen += length;
          }
          throw new Error(`offset ${offset} is outside the text`);
        };
        const rectOf = (offset: number) => {
          const [node, at] = locate(offset);
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + 1);
          const rects = range.getClientRects();
          const rect = rects[0] ?? range.getBoundingClientRect();
          return rect;
        };
        const first = rectOf(s);
        const last = rectOf(e - 1);
        return {
          from: { x: first.left + 1, y: first.top + first.height / 2 },
          to: { x: last.right - 1, y: last.top + last.height / 2 },
        };
      },
      [start, end] as const,
    );
  }

  /** Select `[start, end)` (UTF-16 offsets into the article text) with a real mouse drag. */
  async dragSelect(start: number, end: number): Promise<void> {
    await this.text.scrollIntoViewIfNeeded();
    const { from, to } = await this.pointsFor(start, end);
    await this.page.mouse.move(from.x, from.y);
    await this.page.mouse.down();
    await this.page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 4 });
    await this.page.mouse.move(to.x, to.y, { steps: 4 });
    await this.page.mouse.up();
    await expect(this.toolbar).toBeVisible();
  }

  /** Select `[start, end)` (UTF-16 offsets) with a DOM Range, then let the page see a mouseup. */
  async rangeSelect(start: number, end: number): Promise<string> {
    const selected = await this.text.evaluate(
      (root, [s, e]) => {
        const locate = (offset: number): [Node, number] => {
          const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
          let seen = 0;
          let lastNode: Node | null = null;
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const length = node.textContent?.length ?? 0;
            if (offset < seen + length) return [node, offset - seen];
            seen += length;
            lastNode = node;
          }
          if (lastNode && offset === seen) return [lastNode, lastNode.textContent?.length ?? 0];
          throw new Error(`offset ${offset} is outside the text`);
        };
        const range = document.createRange();
        range.setStart(...locate(s));
        range.setEnd(...locate(e));
        const selection = window.getSelection()!;
        selection.removeAllRanges();
        selection.addRange(range);
        root.dispatchEvent(new MouseEvent("mouseup", { bubbles: true, cancelable: true, view: window }));
        return selection.toString();
      },
      [start, end] as const,
    );
    await expect(this.toolbar).toBeVisible();
    return selected;
  }

  /** Wait for the next claim save whose request body matches. */
  nextSave(matches: (body: SaveBody) => boolean = () => true): Promise<Response> {
    return this.page.waitForResponse((response) => {
      const request = response.request();
      if (request.method() !== "PUT" || !/\/api\/claims\/[0-9a-f-]{36}$/.test(request.url())) return false;
      try {
        return matches(request.postDataJSON() as SaveBody);
      } catch {
        return false;
      }
    });
  }

  /** Claims of this article as the server has them (same session as the page). */
  async apiClaims(articleId = this.articleId): Promise<ApiClaim[]> {
    const response = await this.page.request.get(`/api/articles/${articleId}/claims`);
    expect(response.status()).toBe(200);
    return ((await response.json()) as { claims: ApiClaim[] }).claims;
  }

  /** All sentences' texts, by sentence index (pieces outside any sentence are left out). */
  async sentences(): Promise<string[]> {
    return this.text.locator("span[data-sentence]").evaluateAll((spans) => {
      const out: string[] = [];
      for (const span of spans) {
        const index = Number((span as HTMLElement).dataset.sentence);
        if (index >= 0) out[index] = (out[index] ?? "") + (span.textContent ?? "");
      }
      return out;
    });
  }

  /** Index of the first sentence that starts with `prefix`. */
  async sentenceStartingWith(prefix: string): Promise<number> {
    const index = (await this.sentences()).findIndex((s) => s.trimStart().startsWith(prefix));
    expect(index, `a sentence starting with "${prefix}"`).toBeGreaterThanOrEqual(0);
    return index;
  }

  /** On a freshly loaded page (no sentence focused yet): focus the text and move to sentence `index` with ArrowDown / j. */
  async focusSentence(index: number): Promise<void> {
    await this.text.focus();
    for (let i = 0; i <= index; i++) await this.page.keyboard.press(i % 2 ? "j" : "ArrowDown");
    await expect(this.text.locator("span.seg-focus").first()).toHaveAttribute("data-sentence", String(index));
  }

  /** Move keyboard focus onto the text with Tab only (no click), as a keyboard user would. */
  async tabToText(maxTabs = 15): Promise<void> {
    for (let i = 0; i < maxTabs; i++) {
      await this.page.keyboard.press("Tab");
      if (await this.text.evaluate((el) => el === document.activeElement)) return;
    }
    throw new Error(`the article text was not reached with ${maxTabs} Tab presses`);
  }

  /** Press Tab until the element with `id` has focus. */
  async tabTo(id: string, maxTabs = 15): Promise<void> {
    for (let i = 0; i < maxTabs; i++) {
      await this.page.keyboard.press("Tab");
      if (await this.page.evaluate((want) => document.activeElement?.id === want, id)) return;
    }
    throw new Error(`#${id} was not reached with ${maxTabs} Tab presses`);
  }

  /** The quote shown in the editor, exactly (no whitespace normalisation). */
  async editorQuote(): Promise<string> {
    return this.editor.quote.evaluate((el) => el.textContent ?? "");
  }
}

/**
 * Headers that make a browser context look like its own client machine:
 * the auth rate limits count per address (X-Forwarded-For, which Next fills
 * from the socket when a request has none), and every test is a different
 * user on a different machine. 198.18.0.0/15 is reserved for testing.
 */
export function clientHeaders(): Record<string, string> {
  const byte = () => Math.floor(Math.random() * 254) + 1;
  return { "x-forwarded-for": `198.${18 + (byte() % 2)}.${byte()}.${byte()}` };
}

export type AdminSession = { page: Page; articles: ArticlesPage; annotator: AnnotatorPage };

type Fixtures = {
  auth: AuthPage;
  /** A fresh annotator signed in on `page`. */
  user: TestUser;
  articles: ArticlesPage;
  annotator: AnnotatorPage;
  /** The administrator, in a separate browser context. */
  admin: AdminSession;
};

async function adminSession(browser: Browser, baseURL: string | undefined): Promise<{ session: AdminSession; close: () => Promise<void> }> {
  if (!fs.existsSync(ADMIN_STATE_FILE)) throw new Error(`no admin session at ${ADMIN_STATE_FILE}: the setup project did not run`);
  const context = await browser.newContext({ storageState: ADMIN_STATE_FILE, baseURL, extraHTTPHeaders: clientHeaders() });
  const page = await context.newPage();
  const checkCsp = watchCsp(page);
  return {
    session: { page, articles: new ArticlesPage(page), annotator: new AnnotatorPage(page) },
    close: async () => {
      await context.close();
      checkCsp();
    },
  };
}

/**
 * Fail on any Content-Security-Policy violation the page reports: Chromium
 * logs each refused script, style or connection as a console error.
 */
export function watchCsp(page: Page): () => void {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return () => expect(violations, "Content-Security-Policy violations").toEqual([]);
}

/** Create a claim on the first occurrence of `exact` in `text` through the API the browser uses, as the user of `request`; `fields` override the defaults. */
export async function saveClaimViaApi(
  request: APIRequestContext,
  articleId: string,
  text: string,
  exact: string,
  fields: Record<string, unknown> = {},
) {
  const at = text.indexOf(exact);
  expect(at).toBeGreaterThanOrEqual(0);
  const cp = (s: string) => [...s].length;
  const start = cp(text.slice(0, at));
  const body = {
    id: crypto.randomUUID(),
    articleId,
    mutationId: crypto.randomUUID(),
    baseVersion: null,
    target: {
      start,
      end: start + cp(exact),
      exact,
      prefix: [...text.slice(0, at)].slice(-32).join(""),
      suffix: [...text.slice(at + exact.length)].slice(0, 32).join(""),
    },
    claimType: "statistic",
    verdict: "false",
    speaker: "Reuters",
    sources: [{ id: crypto.randomUUID(), url: "https://example.org/check", stance: "refutes", title: "Check" }],
    ...fields,
  };
  const response = await request.put(`/api/claims/${body.id}`, { data: body });
  expect(response.status()).toBe(201);
  return body;
}

export const test = base.extend<Fixtures>({
  page: async ({ page }, use) => {
    const check = watchCsp(page);
    await use(page);
    check();
  },
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from its parameter pattern; this one has none
  extraHTTPHeaders: async ({}, use) => {
    await use(clientHeaders());
  },
  auth: async ({ page }, use) => {
    await use(new AuthPage(page));
  },
  user: async ({ auth }, use) => {
    const user = newUser();
    await auth.signUp(user);
    await use(user);
  },
  articles: async ({ page }, use) => {
    await use(new ArticlesPage(page));
  },
  annotator: async ({ page }, use) => {
    await use(new AnnotatorPage(page));
  },
  admin: async ({ browser, baseURL }, use) => {
    const { session, close } = await adminSession(browser, baseURL);
    await use(session);
    await close();
  },
});
