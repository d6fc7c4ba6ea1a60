/**
 * Crash and reload: the page goes away in the middle of consensus (renderer crash, tab closed,
 * navigation away) and comes back in the same browser profile. Files, accounts, contracts with
 * their state and finished transactions are intact; the transaction in flight is marked
 * "interrupted by reload" with one line and resumes to a final status. (Storage full and two tabs:
 * storage-full-two-tabs.spec.ts.)
 *
 * Consensus is held in a phase by a web page the contract reads (`feed.test`, answered by a route in
 * this test): while the route holds the request the leader (or the validators) wait mid-execution.
 */
import { expect, test, type BrowserContext, type Page, type Route } from "@playwright/test";
import { editorLines, open, saved, shot, waitReady } from "./app-page";

test.use({ actionTimeout: 60_000 });

const FEED = `# v0.2.16
# { "Depends": "py-genlayer:test" }
from genlayer import *


class Feed(gl.Contract):
    price: str

    def __init__(self):
        self.price = "none"

    @gl.public.write
    def refresh(self, url: str) -> None:
        def read() -> str:
            return gl.nondet.web.get(url).body.decode()

        self.price = gl.eq_principle.strict_eq(read)

    @gl.public.view
    def get_price(self) -> str:
        return self.price
`;

/** The feed page: answered ("answer"), held forever ("hang"), or answered once then held
 * ("leader-only": the leader reads it, the validators then wait). */
class FeedServer {
  mode: "answer" | "hang" | "leader-only" = "answer";
  private seen = 0;
  readonly held: Route[] = [];

  async install(context: BrowserContext): Promise<void> {
    await context.route("https://feed.test/**", async (route) => {
      this.seen++;
      if (this.mode === "hang" || (this.mode === "leader-only" && this.seen > 1)) {
        this.held.push(route); // never answered: the execution waits for it
        return;
      }
      const price = new URL(route.request().url()).searchParams.get("p") ?? "0";
      await route.fulfill({ status: 200, contentType: "text/plain", body: price, headers: { "access-control-allow-origin": "*" } });
    });
  }

  set(mode: FeedServer["mode"]): void {
    this.mode = mode;
    this.seen = 0;
    this.held.length = 0; // their page is gone
  }
}

/** The renderer dies at once: no pagehide, no last save. */
async function crash(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  const gone = page.waitForEvent("crash");
  void cdp.send("Page.crash").catch(() => undefined);
  await gone;
  await page.close();
}

async function palette(page: Page, command: string) {
  await page.locator("h1").click();
  await page.keyboard.press("Control+k");
  await page.getByRole("dialog", { name: "Command palette" }).getByRole("button", { name: command }).click();
}

async function pickContract(page: Page, label: string) {
  await page.getByRole("tab", { name: "Contract", exact: true }).click();
  await page.getByTestId("contract").getByLabel("Contract", { exact: true }).selectOption(label);
}

async function refresh(page: Page, price: number) {
  await pickContract(page, "contract_1");
  const form = page.getByTestId("method-refresh");
  await form.getByLabel("url").fill(`https://feed.test/price?p=${price}`);
  await form.getByRole("button", { name: "Send" }).click();
}

/** Everything that must survive every reload below. */
async function expectWorkspaceIntact(page: Page) {
  // Files: the storage contract with its edit made after the deploy (never sent to the chain), and the feed.
  await page.getByRole("tab", { name: "storage.py" }).click();
  await expect(editorLines(page)).toContainText("# edited after the deploy");
  await page.getByRole("tab", { name: "contract_1.py" }).click();
  await expect(editorLines(page)).toContainText("class Feed");
  // Accounts, with the faucet's 25 GEN for carol.
  await page.getByRole("tab", { name: "Accounts", exact: true }).click();
  await expect(page.getByTestId("accounts")).toContainText("carol");
  await expect(page.getByTestId("accounts").locator("tr", { hasText: "carol" })).toContainText("25");
  // Finished transactions and contract state.
  await expect(page.getByTestId("tx-storage")).toContainText(/ACCEPTED|FINALIZED/);
  await expect(page.getByTestId("tx-contract_1")).toContainText(/ACCEPTED|FINALIZED/);
  await pickContract(page, "storage");
  await expect(page.getByTestId("state-storage")).toContainText('"kept"');
}

test("closed mid-consensus in four phases: the workspace is intact, the transaction is marked and resumes", async ({ context }, testInfo) => {
  test.setTimeout(600_000);
  const pageErrors: string[] = [];
  context.on("page", (p) => p.on("pageerror", (e) => pageErrors.push(e.message)));
  // This browser lets validators read real pages (the feed is answered by the route, never the network).
  await context.addInitScript(() => {
    if (location.protocol === "http:") localStorage.setItem("genlayer-playground.web", JSON.stringify({ allowNetwork: true, corsProxy: "" }));
  });
  const feed = new FeedServer();
  await feed.install(context);

  let page = await open(context);
  // Two more validators than a round uses, so there is someone left to appeal to.
  await palette(page, "Add a validator");
  await palette(page, "Add a validator");
  await page.getByRole("tab", { name: "Validators", exact: true }).click();
  await expect(page.getByTestId("validators")).toContainText("v5");

  // A deployed contract with state, an edit after its deploy, a second contract, a funded account.
  await page.getByLabel("Open example").selectOption("storage.py");
  const deploy = page.getByTestId("deploy");
  await deploy.getByLabel("initial_storage").fill("kept");
  await deploy.getByRole("button", { name: "Deploy", exact: true }).click();
  await expect(page.getByTestId("tx-storage")).toContainText("ACCEPTED", { timeout: 90_000 });
  await editorLines(page).click();
  await page.keyboard.press("Control+End");
  await page.keyboard.type("\n# edited after the deploy", { delay: 10 });
  await page.getByRole("button", { name: "New file" }).click();
  await expect(page.getByRole("tab", { name: "contract_1.py" })).toBeVisible();
  // Pasted, not typed: the editor would indent typed lines again.
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.evaluate((text) => navigator.clipboard.writeText(text), FEED);
  await editorLines(page).click();
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Control+V");
  await expect(editorLines(page)).toContainText("class Feed");
  await page.keyboard.press("Control+Enter"); // check the contract: its deploy form appears
  await expect(deploy.getByRole("button", { name: "Deploy", exact: true })).toBeEnabled({ timeout: 60_000 });
  await deploy.getByRole("button", { name: "Deploy", exact: true }).click();
  await expect(page.getByTestId("tx-contract_1")).toContainText("ACCEPTED", { timeout: 90_000 });
  await page.getByRole("tab", { name: "Accounts", exact: true }).click();
  await page.getByLabel("Faucet account").fill("carol");
  await page.getByLabel("Faucet amount (GEN)").fill("25");
  await page.getByTestId("accounts").getByRole("button", { name: "Fund" }).click();
  await expect(page.getByTestId("accounts")).toContainText("carol");
  await saved(page);

  // 1. The leader is executing (waiting for the page) when the renderer crashes.
  feed.set("hang");
  await refresh(page, 41);
  await expect.poll(() => feed.held.length, { timeout: 60_000 }).toBe(1);
  await expect(page.getByTestId("tx-refresh#1")).toContainText("PROPOSING");
  await saved(page);
  await crash(page);

  feed.set("answer");
  page = await open(context);
  const banner = page.getByTestId("interrupted-banner");
  await expect(banner).toHaveCount(1);
  await expect(banner).toContainText("Interrupted by reload");
  await expect(banner).toContainText("refresh#1 was interrupted by a reload during the leader's execution (PROPOSING); that phase runs again when you resume.");
  await expect(page.getByTestId("tx-refresh#1")).toContainText("PROPOSING");
  await expect(page.getByTestId("tx-refresh#1").getByTestId("interrupted-badge")).toBeVisible();
  await page.screenshot({ path: shot(testInfo, "crash-reload-leader-1366.png") });
  await expectWorkspaceIntact(page);
  await banner.getByRole("button", { name: /Resume/ }).click();
  await expect(page.getByTestId("tx-refresh#1")).toContainText("ACCEPTED", { timeout: 90_000 });
  await expect(page.getByTestId("interrupted-banner")).toHaveCount(0);
  await expect(page.getByTestId("interrupted-badge")).toHaveCount(0);
  await pickContract(page, "contract_1");
  await expect(page.getByTestId("state-price")).toContainText('"41"');
  await saved(page);

  // 2. The leader proposed; the validators are executing for their votes when the tab is closed.
  feed.set("leader-only");
  await refresh(page, 42);
  await expect(page.getByTestId("tx-refresh#2")).toContainText("COMMITTING", { timeout: 60_000 });
  await expect.poll(() => feed.held.length, { timeout: 60_000 }).toBe(2);
  await saved(page);
  await page.close();

  feed.set("answer");
  page = await open(context);
  await expect(page.getByTestId("interrupted-banner")).toContainText(
    "refresh#2 was interrupted by a reload during validator voting (commit) (COMMITTING); that phase runs again when you resume.",
  );
  await expectWorkspaceIntact(page);
  await page.keyboard.press("F8");
  await expect(page.getByTestId("tx-refresh#2")).toContainText("ACCEPTED", { timeout: 90_000 });
  await expect(page.getByTestId("interrupted-banner")).toHaveCount(0);
  await saved(page);

  // 3. Accepted, inside the finality window: nothing was in flight; the window is still open after the reload.
  await page.getByTestId("tx-refresh#2").click();
  const windowLine = page.getByTestId("stepper").locator(".clock-row small");
  await expect(windowLine).toContainText("s left to appeal refresh#2");
  const before = await windowLine.textContent();
  await page.close();
  page = await open(context);
  await expect(page.getByTestId("interrupted-banner")).toHaveCount(0);
  await expect(page.getByTestId("tx-refresh#2")).toContainText("ACCEPTED");
  await page.getByTestId("tx-refresh#2").click();
  await expect(page.getByTestId("stepper").locator(".clock-row small")).toHaveText(before!);
  await expectWorkspaceIntact(page);

  // 4. An appeal: its validators are executing when the page navigates away.
  feed.set("hang");
  await page.getByTestId("tx-refresh#2").click();
  await page.getByTestId("appeal").click();
  await expect.poll(() => feed.held.length, { timeout: 60_000 }).toBeGreaterThan(0);
  await saved(page);
  await page.goto("about:blank");
  feed.set("answer");
  await page.goto("/");
  await waitReady(page);
  await expect(page.getByTestId("interrupted-banner")).toContainText(
    "refresh#2 was interrupted by a reload during validator voting (commit) of its appeal (COMMITTING); that phase runs again when you resume.",
  );
  await page.screenshot({ path: shot(testInfo, "crash-reload-appeal-1366.png") });
  await expectWorkspaceIntact(page);
  await page.getByTestId("resume-interrupted").click();
  await expect(page.getByTestId("tx-refresh#2")).toContainText("ACCEPTED", { timeout: 90_000 });
  await page.getByTestId("tx-refresh#2").click();
  await expect(page.getByTestId("tx-detail")).toContainText(/Appeal/i);
  await page.getByTestId("advance-clock").click();
  await page.getByTestId("advance-clock").click();
  await expect(page.getByTestId("tx-refresh#2")).toContainText("FINALIZED", { timeout: 60_000 });
  await pickContract(page, "contract_1");
  await expect(page.getByTestId("state-price")).toContainText('"42"');
  expect(pageErrors).toEqual([]);
});
