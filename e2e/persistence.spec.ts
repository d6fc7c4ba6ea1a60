import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";

const v1Fixture = JSON.parse(readFileSync(new URL("../src/core/persistence/testdata/workspace-v1-network.json", import.meta.url), "utf8"));

async function open(page: Page): Promise<void> {
  await page.goto("/persistence-test.html");
  await expect(page.getByTestId("persistence-ready")).toBeVisible();
}

test("the workspace survives a reload; resets are separate; export and import round-trip", async ({ page }) => {
  await open(page);
  const empty = await page.evaluate(() => window.persistenceTest.load());
  expect(empty.empty).toBe(true);
  expect(empty.doc.files).toEqual([]);

  const seeded = await page.evaluate(() => window.persistenceTest.seed());
  await page.reload();
  await expect(page.getByTestId("persistence-ready")).toBeVisible();

  const loaded = await page.evaluate(() => window.persistenceTest.load());
  expect(loaded.empty).toBe(false);
  expect(loaded.warnings).toEqual([]);
  expect(loaded.doc.files.map((f) => f.path)).toEqual(["contracts/extra.py", "contracts/storage.py", "notes.md"]);
  expect(loaded.doc.files[2].text).toBe("hello ✓\n");
  expect(loaded.doc.settings).toEqual({ theme: "dark", fontSize: 15 });
  expect(loaded.doc.ui).toEqual({ openTabs: ["notes.md"] });
  expect(loaded.doc.session.contracts[0]).toMatchObject({ label: "Storage", schema: { methods: ["inc"] } });
  expect(loaded.doc.session.sender).toBe(loaded.doc.session.accounts[0].address);
  expect(loaded.fingerprint).toBe(seeded.fingerprint); // the chain is exactly as it was
  expect(loaded.interrupted).toEqual([expect.objectContaining({ status: "COMMITTING", phase: "commit", executionsLost: false })]);
  expect(loaded.statusesAfterRun).toEqual(["ACCEPTED", "ACCEPTED"]); // the interrupted call resumed

  // Export before resetting anything.
  const exported = await page.evaluate(() => window.persistenceTest.exportText());
  expect(exported.type).toBe("application/json");
  expect(exported.fileName).toMatch(/^genlayer-workspace-\d{4}-\d{2}-\d{2}\.json$/);
  expect(JSON.parse(exported.text)).toMatchObject({ format: "genlayer-playground-workspace", version: 2 });

  // Reset the network only: files and settings stay.
  await page.evaluate(() => window.persistenceTest.reset("network"));
  let after = await page.evaluate(() => window.persistenceTest.load());
  expect(after.doc.network).toBeNull();
  expect(after.doc.session).toEqual({ accounts: [], contracts: [], sender: null });
  expect(after.doc.files).toHaveLength(3);
  expect(after.doc.settings).toEqual({ theme: "dark", fontSize: 15 });

  // Reset settings only.
  await page.evaluate(() => window.persistenceTest.reset("settings"));
  after = await page.evaluate(() => window.persistenceTest.load());
  expect(after.doc.settings).toEqual({});
  expect(after.doc.ui).toEqual({});
  expect(after.doc.files).toHaveLength(3);

  // Reset files only.
  await page.evaluate(() => window.persistenceTest.reset("files"));
  after = await page.evaluate(() => window.persistenceTest.load());
  expect(after.doc.files).toEqual([]);

  // Import the export: everything is back, including the chain.
  expect(await page.evaluate((t) => window.persistenceTest.importText(t), exported.text)).toEqual({ ok: true });
  await page.reload();
  const restored = await page.evaluate(() => window.persistenceTest.load());
  expect(restored.doc.files).toEqual(loaded.doc.files);
  expect(restored.doc.settings).toEqual(loaded.doc.settings);
  expect(restored.doc.session).toEqual(loaded.doc.session);
  expect(restored.fingerprint).toBe(seeded.fingerprint);

  // Foreign and newer files are refused with one line, and nothing is replaced.
  expect(await page.evaluate(() => window.persistenceTest.importText('{"name":"x"}'))).toEqual({ ok: false, message: "this file is not a playground workspace" });
  const newer = await page.evaluate(() =>
    window.persistenceTest.importText('{"format":"genlayer-playground-workspace","version":7,"savedAt":"2030-01-01T00:00:00Z"}'),
  );
  expect(newer).toEqual({ ok: false, message: "workspace from a newer version (v7); this playground reads up to v2" });
  expect((await page.evaluate(() => window.persistenceTest.load())).doc.files).toHaveLength(3);

  // Storage usage and the persistence request resolve without throwing.
  const storage = await page.evaluate(() => window.persistenceTest.storage());
  expect(storage.usage.ok).toBe(true);
  if (storage.usage.ok) expect(storage.usage.value.quotaBytes).toBeGreaterThan(0);
  expect(storage.persist.ok).toBe(true);
});

test("a schema-v1 database holding a v1 document is upgraded on open", async ({ page }) => {
  await open(page);
  await page.evaluate((doc) => window.persistenceTest.seedLegacy("legacy-db", doc), v1Fixture);
  const loaded = await page.evaluate(() => window.persistenceTest.load("legacy-db"));
  expect(loaded.doc.version).toBe(2);
  expect(loaded.doc.files.map((f) => f.path)).toEqual(["README.md", "contracts/storage.py"]);
  expect(loaded.doc.settings).toEqual({ theme: "dark", llmProvider: "scripted" });
  expect(loaded.doc.session.accounts[0].label).toBe("Alice");
  expect(loaded.interrupted).toHaveLength(1);
  expect(loaded.statusesAfterRun).toEqual(["ACCEPTED", "ACCEPTED"]);
  expect(await page.evaluate(() => window.persistenceTest.storeNames("legacy-db"))).toEqual(["files", "network", "settings"]);

  // A legacy document this build cannot read is kept, not dropped.
  await page.evaluate(() => window.persistenceTest.seedLegacy("legacy-newer", { format: "genlayer-playground-workspace", version: 9 }));
  const newer = await page.evaluate(() => window.persistenceTest.load("legacy-newer"));
  expect(newer.empty).toBe(true);
  expect(await page.evaluate(() => window.persistenceTest.storeNames("legacy-newer"))).toEqual(["files", "network", "settings", "workspace"]);
});

test("an unreadable network record does not cost the files or settings", async ({ page }) => {
  await open(page);
  await page.evaluate(() => window.persistenceTest.seed());
  await page.evaluate(() => window.persistenceTest.corruptNetwork());
  const loaded = await page.evaluate(() => window.persistenceTest.load());
  expect(loaded.doc.files).toHaveLength(3);
  expect(loaded.doc.settings).toEqual({ theme: "dark", fontSize: 15 });
  expect(loaded.doc.network).toBeNull();
  expect(loaded.fingerprint).toBeNull();
  expect(loaded.warnings).toEqual([expect.stringMatching(/^the saved network could not be restored \(corrupted workspace: network state: bad \$big "x"\)/)]);
});
