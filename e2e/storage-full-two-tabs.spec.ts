/**
 * The saved workspace under pressure: browser storage full (one clear line, the last save intact,
 * saving resumes by itself once there is space) and two tabs on one workspace (the second says so
 * and saves nothing until it takes over; the first then stops saving).
 */
import { expect, test, type BrowserContext } from "@playwright/test";
import { editorLines, open, saved, shot, typeLine, waitReady } from "./app-page";

test.use({ actionTimeout: 60_000 });

/** Browser storage full, emulated: while localStorage says so, every IndexedDB write transaction of
 * the page aborts with QuotaExceededError, all or nothing, as Chromium does at the quota. */
async function emulateQuota(context: BrowserContext) {
  await context.addInitScript(() => {
    const full = () => {
      try {
        return localStorage.getItem("e2e-storage-full") === "1";
      } catch {
        return false;
      }
    };
    const transaction = IDBDatabase.prototype.transaction;
    IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase["transaction"]>) {
      const tx = transaction.apply(this, args);
      if (args[1] === "readwrite" && full()) {
        const error = new DOMException("The quota has been exceeded.", "QuotaExceededError");
        Object.defineProperty(tx, "error", { get: () => error });
        queueMicrotask(() => {
          try {
            tx.abort();
          } catch {
            // finished already
          }
        });
      }
      return tx;
    };
  });
}

test("browser storage full: one clear line, the last save stays intact, saving resumes once there is space", async ({ context }, testInfo) => {
  test.setTimeout(300_000);
  await emulateQuota(context);
  let page = await open(context);
  await page.getByLabel("Open example").selectOption("storage.py");
  const deploy = page.getByTestId("deploy");
  await deploy.getByLabel("initial_storage").fill("before full");
  await deploy.getByRole("button", { name: "Deploy", exact: true }).click();
  await expect(page.getByTestId("tx-storage")).toContainText("ACCEPTED", { timeout: 90_000 });
  await typeLine(page, "# saved edit");
  await saved(page);

  // Storage fills up: an edit and a transaction are not saved, and the page says so in one line.
  await page.evaluate(() => localStorage.setItem("e2e-storage-full", "1"));
  await typeLine(page, "# edit while full");
  const full = page.getByTestId("storage-full");
  await expect(full).toHaveText(
    "Browser storage is full — your latest changes are not saved (the last saved workspace is kept). Free some space: saving retries by itself.Export workspace",
  );
  await expect(page.getByTestId("save-status")).toContainText("not saved: browser storage is full");
  await page.getByRole("tab", { name: "Contract", exact: true }).click();
  const update = page.getByTestId("method-update_storage");
  await update.getByLabel("new_storage").fill("while full");
  await update.getByRole("button", { name: "Send" }).click();
  await expect(page.getByTestId("tx-update_storage#1")).toContainText("ACCEPTED", { timeout: 90_000 });
  await page.screenshot({ path: shot(testInfo, "storage-full-1366.png") });

  // A reload while still full shows the last good save, nothing half-written.
  await page.reload();
  await waitReady(page);
  await expect(editorLines(page)).toContainText("# saved edit");
  await expect(editorLines(page)).not.toContainText("# edit while full");
  await expect(page.getByTestId("tx-storage")).toContainText("ACCEPTED");
  await expect(page.getByTestId("tx-update_storage#1")).toHaveCount(0);
  await page.getByRole("tab", { name: "Contract", exact: true }).click();
  await expect(page.getByTestId("state-storage")).toContainText('"before full"');

  // Another edit while full, then space is freed: the pending save goes through by itself.
  await typeLine(page, "# edit kept once freed");
  await expect(full).toBeVisible();
  await page.evaluate(() => localStorage.removeItem("e2e-storage-full"));
  await expect(full).toHaveCount(0, { timeout: 20_000 });
  await saved(page);
  await page.close();
  page = await open(context);
  await expect(editorLines(page)).toContainText("# saved edit");
  await expect(editorLines(page)).toContainText("# edit kept once freed");
  await expect(page.getByTestId("tx-storage")).toContainText("ACCEPTED");
  await page.getByRole("tab", { name: "Contract", exact: true }).click();
  await expect(page.getByTestId("state-storage")).toContainText('"before full"');
});

test("two tabs on one workspace: the second one says so and saves nothing until it takes over", async ({ context }, testInfo) => {
  test.setTimeout(300_000);
  const a = await open(context);
  await a.getByLabel("Open example").selectOption("storage.py");
  await typeLine(a, "# from tab A");
  await saved(a);

  // Tab B opens the same workspace: read-only, says why, shows what A saved.
  const b = await open(context);
  const bBanner = b.getByTestId("other-tab-banner");
  await expect(bBanner).toContainText("This workspace is open in another tab — changes in this tab are not saved.");
  await expect(b.getByTestId("save-status")).toContainText("not saved: this workspace is open in another tab");
  await expect(editorLines(b)).toContainText("# from tab A");
  await b.screenshot({ path: shot(testInfo, "two-tabs-reader-1366.png") });
  // Edits and a deploy in B stay in B.
  await typeLine(b, "# typed in tab B");
  const bDeploy = b.getByTestId("deploy");
  await bDeploy.getByLabel("initial_storage").fill("from B");
  await bDeploy.getByRole("button", { name: "Deploy", exact: true }).click();
  await expect(b.getByTestId("tx-storage")).toContainText("ACCEPTED", { timeout: 90_000 });

  // A goes on editing and deploying, and saves.
  await typeLine(a, "# A again");
  const aDeploy = a.getByTestId("deploy");
  await aDeploy.getByLabel("initial_storage").fill("from A");
  await aDeploy.getByRole("button", { name: "Deploy", exact: true }).click();
  await expect(a.getByTestId("tx-storage")).toContainText("ACCEPTED", { timeout: 90_000 });
  await saved(a);

  // B reloaded: still read-only, showing A's work and none of its own.
  await b.reload();
  await waitReady(b);
  await expect(bBanner).toBeVisible();
  await expect(editorLines(b)).toContainText("# A again");
  await expect(editorLines(b)).not.toContainText("# typed in tab B");
  await b.getByRole("tab", { name: "Contract", exact: true }).click();
  await expect(b.getByTestId("state-storage")).toContainText('"from A"');

  // A types and B takes over at once: A saves what it had first, then stops saving.
  await typeLine(a, "# A last words");
  await b.getByTestId("take-over").click();
  await expect(a.getByTestId("other-tab-banner")).toContainText("This workspace is now open in another tab — changes in this tab are not saved.");
  await b.waitForLoadState();
  await waitReady(b);
  await expect(bBanner).toHaveCount(0);
  await expect(editorLines(b)).toContainText("# A last words");
  await a.screenshot({ path: shot(testInfo, "two-tabs-handed-over-1366.png") });

  // Now B saves and A does not.
  await typeLine(b, "# B owns it now");
  await saved(b);
  await typeLine(a, "# A after the hand-over");
  await expect(a.getByTestId("save-status")).toContainText("not saved: this workspace is now open in another tab");
  await b.reload();
  await waitReady(b);
  await expect(editorLines(b)).toContainText("# B owns it now");
  await expect(editorLines(b)).not.toContainText("# A after the hand-over");

  // B closes: A is told at once, and takes the workspace back without waiting for anyone.
  await b.close();
  await expect(a.getByTestId("other-tab-banner")).toContainText("The other tab with this workspace was closed — this tab saves nothing until you choose Edit here.");
  await expect(a.getByTestId("take-over")).toHaveText("Edit here");
  await expect(a.getByTestId("save-status")).toContainText("the other tab was closed");
  await a.screenshot({ path: shot(testInfo, "two-tabs-writer-gone-1366.png") });
  await a.getByTestId("take-over").click();
  await waitReady(a);
  await expect(a.getByTestId("other-tab-banner")).toHaveCount(0);
  await expect(editorLines(a)).toContainText("# B owns it now");
  await typeLine(a, "# A again after B left");
  await saved(a);
});
