/**
 * Workers restored from the page's interpreter snapshot (workers/browser/interpreter-snapshots.ts):
 * the first visit makes it once and keeps it in Cache Storage, later visits restore from it, and a
 * snapshot that does not load is dropped: the workers start Python themselves and the app works.
 */
import { expect, test, type Page } from "@playwright/test";
import { waitReady } from "./app-page";

interface WorkerBoot {
  state: string;
  startedFrom?: string;
  message?: string;
}

const workers = (page: Page) =>
  page.evaluate(() => (window as unknown as { genlayerPlayground: { debug: { workers(): WorkerBoot[] } } }).genlayerPlayground.debug.workers());

const cached = (page: Page) =>
  page.evaluate(async () => {
    const cache = await caches.open("genlayer-playground-interpreter");
    return Promise.all((await cache.keys()).map(async (r) => ({ url: r.url, bytes: (await (await cache.match(r))!.arrayBuffer()).byteLength })));
  });

async function deployAndCall(page: Page, value: string) {
  await page.getByLabel("Open example").selectOption("storage.py");
  const deploy = page.getByTestId("deploy");
  await deploy.getByLabel("initial_storage").fill(value);
  await deploy.getByRole("button", { name: "Deploy", exact: true }).click();
  await page.getByRole("tab", { name: "Contract" }).click();
  await expect(page.getByTestId("contract").locator(".contract-head")).toContainText("ACCEPTED", { timeout: 90_000 });
  await page.getByTestId("method-get_storage").getByRole("button", { name: "Read" }).click();
  await expect(page.getByTestId("result-get_storage")).toContainText(`"${value}"`);
}

test("validators restore one saved interpreter; a broken one is dropped and Python starts as before", async ({ page }) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto("/");
  await waitReady(page);
  // first visit: made once, kept, and every worker restored it
  expect((await workers(page)).map((w) => w.startedFrom)).toEqual((await workers(page)).map(() => "snapshot"));
  const first = await cached(page);
  expect(first).toHaveLength(1);
  expect(first[0]!.bytes).toBeGreaterThan(10 * 2 ** 20);
  await expect(page.getByRole("progressbar", { name: "worker 1 boot" })).toHaveAttribute("aria-valuetext", /restored from the saved interpreter/);
  // the editor's own worker starts after the validators' and then checks the file
  await expect(page.locator(".ce-status")).toContainText("SDK checks up to date", { timeout: 60_000 });

  // next visit: the same entry, restored again
  await page.reload();
  await waitReady(page);
  expect((await workers(page)).every((w) => w.startedFrom === "snapshot")).toBe(true);
  expect(await cached(page)).toEqual(first);
  await deployAndCall(page, "restored");

  // a damaged entry: workers start Python, the entry goes, and the app still deploys and calls
  await page.evaluate(async (url) => {
    const cache = await caches.open("genlayer-playground-interpreter");
    await cache.put(url, new Response(new Uint8Array(4096).fill(7)));
  }, first[0]!.url);
  await page.reload();
  await waitReady(page);
  const after = await workers(page);
  expect(after.map((w) => w.startedFrom)).toEqual(after.map(() => "boot"));
  expect(after.map((w) => w.state)).toEqual(after.map(() => "ready"));
  await expect.poll(() => cached(page).then((c) => c.length)).toBe(0);
  await deployAndCall(page, "started");
  expect(errors).toEqual([]);
});
