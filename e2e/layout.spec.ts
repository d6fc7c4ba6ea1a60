/**
 * The app's layout at the two screen sizes we design for (columns fill the viewport and scroll on
 * their own, the editor gets most of the room, nothing overlaps or overflows the page), and the
 * app's forms refusing an argument of the wrong type until it is fixed.
 */
import { expect, test, type Page } from "@playwright/test";

const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;

async function waitReady(page: Page) {
  await expect(page.getByTestId("boot-status")).toContainText("Validator ready", { timeout: 90_000 });
}

interface Box {
  name: string;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Page overflow, the editor's box, every column and the panels inside them, measured in the page. */
async function measure(page: Page) {
  return page.evaluate(() => {
    const box = (name: string, el: Element) => {
      const r = el.getBoundingClientRect();
      return { name, left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    };
    const doc = document.documentElement;
    const columns = [...document.querySelectorAll(".workspace > .col")].map((col) => ({
      ...box(col.className, col),
      last: box("last", col.lastElementChild!),
      panels: [...col.children].map((p, i) => box(`${col.className} > ${p.getAttribute("data-testid") ?? p.className} #${i}`, p)),
    }));
    return {
      scrollWidth: doc.scrollWidth,
      clientWidth: doc.clientWidth,
      scrollHeight: doc.scrollHeight,
      clientHeight: doc.clientHeight,
      editor: box("editor", document.querySelector('[data-testid="contract-editor"]')!),
      columns,
    };
  });
}

const overlaps = (a: Box, b: Box) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;

/** The layout facts that must hold at any moment, whatever the panels show. */
async function expectLayoutHolds(page: Page, size: { width: number; height: number }, where: string, minEditorHeight = 0.4) {
  const m = await measure(page);
  // No page-level scrolling: everything scrolls inside its own column.
  expect(m.scrollWidth, `${where}: page overflows horizontally`).toBeLessThanOrEqual(m.clientWidth);
  expect(m.scrollHeight, `${where}: page overflows vertically`).toBeLessThanOrEqual(m.clientHeight);
  // The editor gets the most room: over a third of the width and (unless the schema JSON is open) over 40% of the height.
  const editorW = m.editor.right - m.editor.left;
  const editorH = m.editor.bottom - m.editor.top;
  expect(editorW / size.width, `${where}: editor width ${editorW}`).toBeGreaterThan(0.34);
  expect(editorH / size.height, `${where}: editor height ${editorH}`).toBeGreaterThan(minEditorHeight);
  expect(m.columns).toHaveLength(3);
  for (const col of m.columns) {
    // Each column and its last panel end at the bottom of the viewport (8px page padding).
    expect(col.bottom, `${where}: ${col.name} bottom`).toBeGreaterThan(size.height - 12);
    expect(col.bottom, `${where}: ${col.name} bottom`).toBeLessThanOrEqual(size.height);
    expect(col.last.bottom, `${where}: last panel of ${col.name}`).toBeGreaterThan(size.height - 12);
    expect(col.right, `${where}: ${col.name} right edge`).toBeLessThanOrEqual(size.width);
    expect(col.left).toBeGreaterThanOrEqual(0);
  }
  // The editor is the widest column, and columns sit side by side left to right.
  const widths = m.columns.map((c) => c.right - c.left);
  expect(widths[0]).toBeGreaterThan(widths[1]);
  expect(widths[0]).toBeGreaterThan(widths[2]);
  expect(m.columns[0].right).toBeLessThanOrEqual(m.columns[1].left);
  expect(m.columns[1].right).toBeLessThanOrEqual(m.columns[2].left);
  // No two panels overlap, within a column or across columns.
  const panels = m.columns.flatMap((c) => c.panels);
  expect(panels.length).toBeGreaterThanOrEqual(7);
  for (let i = 0; i < panels.length; i++) {
    for (let j = i + 1; j < panels.length; j++) {
      expect(overlaps(panels[i], panels[j]), `${where}: ${panels[i].name} overlaps ${panels[j].name}`).toBe(false);
    }
  }
  return m;
}

for (const size of SIZES) {
  test(`layout at ${size.width}×${size.height}: columns fill the screen, the editor gets the room, nothing overlaps`, async ({ page }, testInfo) => {
    test.setTimeout(240_000);
    await page.setViewportSize(size);
    await page.goto("/");
    await waitReady(page);
    await expect(page.getByTestId("deploy").getByLabel("initial_storage")).toBeVisible({ timeout: 60_000 });
    await expectLayoutHolds(page, size, "start");
    await page.screenshot({ path: testInfo.outputPath(`layout-${size.width}-1-start.png`) });

    // The schema check folds into one line under the editor; its JSON opens on demand.
    const output = page.getByTestId("output");
    await expect(output.locator("summary")).toContainText("constructor(initial_storage) · 1 view · 1 write");
    await expect(output.locator("pre")).toBeHidden();

    // Deploy the storage example, send a write, open its detail.
    const deploy = page.getByTestId("deploy");
    await deploy.getByLabel("initial_storage").fill("hello");
    await deploy.getByRole("button", { name: "Deploy", exact: true }).click();
    await expect(page.getByTestId("contract").locator(".contract-head")).toContainText("ACCEPTED", { timeout: 90_000 });
    const update = page.getByTestId("method-update_storage");
    await update.getByLabel("new_storage").fill("bye");
    await update.getByRole("button", { name: "Send" }).click();
    await expect(page.getByTestId("tx-update_storage#1")).toContainText("ACCEPTED", { timeout: 90_000 });
    await page.getByTestId("tx-update_storage#1").click();
    await expect(page.getByTestId("tx-detail")).toContainText("Round 1");
    await expectLayoutHolds(page, size, "tx detail");
    await page.screenshot({ path: testInfo.outputPath(`layout-${size.width}-2-tx-detail.png`) });

    await page.getByRole("tab", { name: "Validators" }).click();
    await expect(page.getByTestId("validators")).toBeVisible();
    await expectLayoutHolds(page, size, "validators tab");
    await page.screenshot({ path: testInfo.outputPath(`layout-${size.width}-3-validators.png`) });

    await page.getByRole("tab", { name: "Logs" }).click();
    await expect(page.getByTestId("log-lines")).toContainText("ACCEPTED");
    const m = await expectLayoutHolds(page, size, "logs tab");
    // The log list scrolls inside its panel rather than growing the column.
    const logs = await page.getByTestId("log-lines").evaluate((el) => ({ bottom: el.getBoundingClientRect().bottom, scrolls: el.scrollHeight > el.clientHeight }));
    expect(logs.bottom).toBeLessThanOrEqual(m.columns[2].bottom);
    await page.screenshot({ path: testInfo.outputPath(`layout-${size.width}-4-logs.png`) });

    // Opening the schema JSON keeps the layout intact (it scrolls inside the Files panel).
    await output.locator("summary").click();
    await expect(output.locator("pre")).toContainText('"initial_storage"');
    await expectLayoutHolds(page, size, "schema open", 0.25);
  });
}

test("the splitter widens the editor column by drag and by keyboard, within the screen", async ({ page }) => {
  const size = SIZES[0];
  await page.setViewportSize(size);
  await page.goto("/");
  await expect(page.getByTestId("contract-editor")).toBeVisible({ timeout: 60_000 });
  const splitter = page.getByRole("separator", { name: "Resize the editor column" });
  const editorWidth = async () => (await page.getByTestId("contract-editor").boundingBox())!.width;
  const before = await editorWidth();

  const s = (await splitter.boundingBox())!;
  await page.mouse.move(s.x + s.width / 2, s.y + 200);
  await page.mouse.down();
  await page.mouse.move(s.x + s.width / 2 + 40, s.y + 200, { steps: 4 });
  await page.mouse.up();
  await expect.poll(editorWidth).toBeGreaterThan(before + 30);
  const dragged = await editorWidth();

  await splitter.focus();
  await page.keyboard.press("ArrowRight");
  await expect.poll(editorWidth).toBeGreaterThan(dragged + 20);

  // Dragging far right stops where the other two columns still fit: the page never scrolls sideways.
  const s2 = (await splitter.boundingBox())!;
  await page.mouse.move(s2.x + 4, s2.y + 200);
  await page.mouse.down();
  await page.mouse.move(size.width - 5, s2.y + 200, { steps: 4 });
  await page.mouse.up();
  await expectLayoutHolds(page, size, "after a wide drag");

  // Home puts the default widths back.
  await splitter.focus();
  await page.keyboard.press("Home");
  await expect.poll(editorWidth).toBeCloseTo(before, 0);
});

test("the app's forms refuse an argument of the wrong type and send nothing until it is fixed", async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  await page.setViewportSize(SIZES[0]);
  await page.goto("/");
  await waitReady(page);
  await page.getByLabel("Open example").selectOption("counter.py");
  const txCount = page.getByTestId("transactions").locator(".tx-list > li");
  const deploy = page.getByTestId("deploy");
  await expect(deploy).toContainText("Deploy counter.py");

  // Deploy form: "abc" in the int constructor parameter.
  const start = deploy.getByLabel("start");
  await start.fill("abc");
  await expect(start).toHaveAttribute("aria-invalid", "true");
  await expect(deploy.getByText("enter a whole number, e.g. 42 or -7 (big numbers are fine)")).toBeVisible();
  const deployButton = deploy.getByRole("button", { name: "Deploy", exact: true });
  await expect(deployButton).toBeDisabled();
  await expect(deploy.getByText("check: start")).toBeVisible();
  await start.press("Enter"); // submitting from the keyboard is refused too
  await expect(txCount).toHaveCount(0);
  await expect(page.getByTestId("transactions")).toContainText("Transactions (0)");
  await page.screenshot({ path: testInfo.outputPath("forms-deploy-rejected.png") });

  // Fixed, it goes through.
  await start.fill("5");
  await expect(start).not.toHaveAttribute("aria-invalid", "true");
  await expect(deploy.getByText("enter a whole number")).toHaveCount(0);
  await expect(deployButton).toBeEnabled();
  await deployButton.click();
  const contract = page.getByTestId("contract");
  await expect(contract.locator(".contract-head")).toContainText("ACCEPTED", { timeout: 90_000 });
  await expect(txCount).toHaveCount(1);

  // Method form: a fraction in the int parameter of the write method `add`.
  const add = page.getByTestId("method-add");
  const amount = add.getByLabel("amount");
  const send = add.getByRole("button", { name: "Send" });
  await amount.fill("1.5");
  await expect(amount).toHaveAttribute("aria-invalid", "true");
  await expect(add.getByText('"1.5" is not a whole number (calldata has no fractions)')).toBeVisible();
  await expect(send).toBeDisabled();
  await amount.press("Enter");
  await amount.fill("abc");
  await expect(add.getByText("enter a whole number, e.g. 42 or -7 (big numbers are fine)")).toBeVisible();
  await expect(send).toBeDisabled();
  await expect(txCount).toHaveCount(1);
  await expect(page.getByTestId("transactions")).toContainText("Transactions (1)");
  await page.screenshot({ path: testInfo.outputPath("forms-method-rejected.png") });

  await amount.fill("3");
  await expect(amount).not.toHaveAttribute("aria-invalid", "true");
  await expect(send).toBeEnabled();
  await send.click();
  await expect(page.getByTestId("tx-add#1")).toContainText("ACCEPTED", { timeout: 90_000 });
  await expect(txCount).toHaveCount(2);
  await page.getByTestId("method-get_count").getByRole("button", { name: "Read" }).click();
  await expect(page.getByTestId("result-get_count")).toContainText("8");
});
