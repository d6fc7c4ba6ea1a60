/** Confidential Intelligent Contracts in the app: three enclave validators set up in the
 * Validators panel, the sealed-bid auction deployed with a 2-of-3 committee and a bid placed
 * through the forms (encrypted fields marked, cleared after submit, never left in the page), then
 * the committee panel, the transaction's ciphertext and share reports, and sealed state. */
import { expect, test, type Page } from "@playwright/test";

const RESERVE = "8765432101";
const BID = "9123456789012";

/** Every string the page's JS heap holds after a full GC, searched for `needle`. */
async function heapHolds(page: Page, needle: string): Promise<boolean> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("HeapProfiler.enable");
  await cdp.send("HeapProfiler.collectGarbage");
  const chunks: string[] = [];
  cdp.on("HeapProfiler.addHeapSnapshotChunk", (e) => void chunks.push(e.chunk));
  await cdp.send("HeapProfiler.takeHeapSnapshot", { reportProgress: false });
  await cdp.detach();
  const snapshot = JSON.parse(chunks.join("")) as { strings: string[] };
  return snapshot.strings.some((s) => s.includes(needle));
}

test("a sealed-bid auction through the UI: committee, encrypted fields, ciphertext, shares, sealed state", async ({ page }, testInfo) => {
  test.setTimeout(420_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto("/");
  await expect(page.getByTestId("boot-status")).toContainText("Validator ready", { timeout: 90_000 });

  // Three enclave validators, one toggle each (each rebuilds the network).
  await page.getByRole("tab", { name: "Validators" }).click();
  await expect(page.getByRole("tab", { name: "TEE" })).toHaveCount(0);
  for (const v of ["v1", "v2", "v3"]) {
    const box = page.getByLabel(`Enclave of ${v}`);
    await expect(box).toBeEnabled({ timeout: 60_000 });
    await box.check();
    await expect(page.getByTestId(`enclave-badge-${v}`)).toBeVisible();
  }
  await expect(page.getByTestId("confidential-settings")).toBeVisible();
  // v3 asks an OpenAI-compatible server (never reached: the auction prompts no LLM): it would see the plaintext.
  await expect(page.getByTestId("plaintext-warning-v3")).toHaveCount(0);
  await page.getByRole("button", { name: "LLM of v3" }).click();
  const dialog = page.getByRole("dialog", { name: "LLM of v3" });
  await dialog.getByLabel("Provider").selectOption("openai");
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("plaintext-warning-v3")).toContainText("sees the plaintext");
  await expect(page.getByTestId("plaintext-warning-v1")).toHaveCount(0);
  // Confidential settings beside the consensus ones: confidential transactions pay ×3.
  const fee = page.getByLabel("Confidential fee multiplier");
  await expect(fee).toBeEnabled({ timeout: 60_000 });
  await fee.fill("3");
  await fee.press("Enter");
  await page.getByTestId("validators").screenshot({ path: testInfo.outputPath("confidential-1-validators.png") });

  // The confidential tab: emulated TEE said plainly; enclaves attest on the first confidential deploy.
  await page.getByRole("tab", { name: "TEE" }).click();
  const panel = page.getByTestId("confidential");
  await expect(panel.getByTestId("conf-emulated")).toContainText("emulated");
  await expect(panel.getByTestId("conf-facts")).toContainText("MRENCLAVE", { timeout: 60_000 });
  await expect(panel.getByTestId("conf-facts")).toContainText("×3 the fee");
  await expect(panel).toContainText("No attestation yet");

  // Deploy with a 2-of-3 committee; the reserve is marked encrypted and cleared after submit.
  await page.getByLabel("Open example").selectOption("sealed_bid_auction.py");
  const deploy = page.getByTestId("deploy");
  await expect(deploy.getByTestId("committee-options")).toBeVisible({ timeout: 60_000 });
  const reserve = deploy.getByLabel(/^reserve/);
  await expect(deploy.locator(".mf-field", { has: page.getByLabel(/^reserve/) }).getByTestId("encrypted-mark")).toContainText("encrypted to the committee");
  await expect(deploy.locator(".mf-field", { has: page.getByLabel(/^item/) }).getByTestId("encrypted-mark")).toHaveCount(0);
  await deploy.getByLabel(/^item/).fill("Vintage guitar");
  await reserve.fill(RESERVE);
  await deploy.getByLabel("Committee size n").fill("3");
  await deploy.getByLabel("Threshold t").fill("2");
  await deploy.getByLabel("Auditor bob").check();
  await deploy.screenshot({ path: testInfo.outputPath("confidential-2-deploy-form.png") });
  await deploy.getByRole("button", { name: "Deploy", exact: true }).click();
  await expect(reserve).toHaveValue("");
  await expect(page.getByTestId("tx-sealed_bid_auction")).toContainText("ACCEPTED", { timeout: 180_000 });

  // Three valid attestations; the committee: t = 2 of n = 3, three attested members, bob as auditor.
  for (const v of ["v1", "v2", "v3"]) await expect(panel.getByTestId(`attestation-${v}`)).toContainText("valid");
  const committee = panel.getByTestId("committee-sealed_bid_auction");
  await expect(committee.getByTestId("committee-threshold")).toContainText("t = 2 of n = 3");
  const members = committee.getByTestId("committee-members").locator("tbody tr");
  await expect(members).toHaveCount(3);
  for (let i = 0; i < 3; i++) await expect(members.nth(i)).toContainText("yes");
  await expect(committee).toContainText("bob");
  await panel.screenshot({ path: testInfo.outputPath("confidential-3-committee.png") });

  // A bid through the method form: marked, cleared after submit.
  await page.getByRole("tab", { name: "Contract" }).click();
  const bid = page.getByTestId("method-bid");
  const amount = bid.getByLabel(/^amount/);
  await expect(bid.getByTestId("encrypted-mark")).toBeVisible();
  await amount.fill(BID);
  await bid.getByRole("button", { name: "Send" }).click();
  await expect(amount).toHaveValue("");
  await expect(page.getByTestId("tx-bid#1")).toContainText(/ACCEPTED|FINALIZED/, { timeout: 120_000 });

  // The transaction view: ciphertext and metadata, three valid decryption shares in the leader's enclave.
  await page.getByTestId("tx-bid#1").click();
  const ctx = page.getByTestId("confidential-tx");
  await expect(ctx.getByTestId("ctx-ciphertext")).toContainText(/0x[0-9a-f]{16}…[0-9a-f]{8} \(\d+ bytes/);
  await expect(ctx.getByTestId("ctx-args")).toContainText("#0 amount (int)");
  const leader = ctx.locator(".ctx-receipt").first();
  await expect(leader.locator('[data-kind="decryption"][data-status="valid"]')).toHaveCount(3);
  await expect(leader.locator('[data-kind="state"][data-status="valid"]')).toHaveCount(3);
  await expect(ctx.getByTestId("ctx-unavailable")).toHaveCount(0);
  await expect(ctx.getByTestId("ctx-plaintext-warning-v3")).toContainText("v3: its LLM server sees the plaintext");
  await expect(ctx.locator(".llm-plaintext-warning")).toHaveCount(1);
  await ctx.screenshot({ path: testInfo.outputPath("confidential-4-tx.png") });

  // Sealed state: the reserve and the bid are ciphertext only.
  const state = page.getByTestId("contract-state");
  await expect(state.getByTestId("state-reserve").getByTestId("sealed-value")).toContainText("sealed", { timeout: 60_000 });
  await expect(state.getByTestId("state-bids").getByTestId("sealed-value")).toHaveCount(1);
  await expect(state.getByTestId("state-item")).toContainText("Vintage guitar");
  // bob was named auditor at deploy: as bob, the sealed reserve is re-encrypted to bob's key and opened here.
  await expect(state.getByRole("button", { name: /open as alice/ })).toHaveCount(0);
  await page.getByLabel("bid from").selectOption("bob");
  await state.getByTestId("state-reserve").getByRole("button", { name: "open as bob (auditor)" }).click();
  await expect(state.getByTestId("audit-reserve")).toContainText(BigInt(RESERVE).toString(16), { timeout: 60_000 });
  await page.getByLabel("bid from").selectOption("alice");
  await page.getByTestId("contract").screenshot({ path: testInfo.outputPath("confidential-5-state.png") });
  await page.screenshot({ path: testInfo.outputPath("confidential-6-app-1366.png") });
  // Six tabs (TEE among them) still fit the right column at 1366 px.
  const tabs = await page.locator("nav.tabs").evaluate((el) => ({ client: el.clientWidth, scroll: el.scrollWidth }));
  expect(tabs.scroll).toBeLessThanOrEqual(tabs.client);

  // The typed plaintexts are gone from the page and from the JS heap.
  const html = await page.content();
  expect(html).not.toContain(RESERVE);
  expect(html).not.toContain(BID);
  expect(await heapHolds(page, "Vintage guitar")).toBe(true); // the scan does find what the page holds
  expect(await heapHolds(page, RESERVE)).toBe(false);
  expect(await heapHolds(page, BID)).toBe(false);
});
