/**
 * Bad input everywhere (issue 10, point 5): contract files, method forms and scenario files, driven
 * the way a person would (share links and JSON-RPC requests: bad-input-links.spec.ts). Every case
 * must end in one line a person understands — no stack trace, no blank screen, no uncaught page
 * error — and the user's files and chain must survive, with the editor, the file tabs and a valid
 * deploy or call still working afterwards.
 */
import { expect, test, type Locator } from "@playwright/test";
import {
  type Upload,
  editor,
  tabs,
  watchPageErrors,
  waitReady,
  expectOneLine,
  expectUsable,
  deployForm,
  openContractFiles,
  paletteRun,
  openScenarioFile,
  noise,
  PNG,
  WIDE_SOURCE,
  LATIN1_SOURCE,
  TYPES_SOURCE,
  STORAGE_SOURCE,
  OWNER,
  BEYOND_U256,
  scenarioWith,
  json,
} from "./bad-input-helpers";

test("contract files that are binary, huge or not UTF-8: one line each, nothing of mine is lost", async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  const errors = watchPageErrors(page);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto("/");
  await waitReady(page);
  // My own edit, autosaved.
  await editor(page).click();
  await page.keyboard.press("Control+Home");
  await page.keyboard.type("# mine", { delay: 20 });
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("save-status")).toContainText("saved in this browser");
  const fileError = page.getByTestId("error-open");

  const refused: [Upload, RegExp, string?][] = [
    [{ name: "noise.py", mimeType: "text/x-python", buffer: noise(4096) }, /^noise\.py is not a text file \(it contains NUL bytes\)$/],
    [{ name: "logo.png", mimeType: "image/png", buffer: PNG }, /^logo\.png is not a text file \(it looks like a PNG image\)$/, "refused-png.png"],
    [{ name: "huge.py", mimeType: "text/x-python", buffer: Buffer.from("x = 1\n".repeat(900_000)) }, /^huge\.py is too large \(5\.1 MB; the limit is 1\.0 MB\)$/, "refused-huge.png"],
    [{ name: "nul.py", mimeType: "text/x-python", buffer: Buffer.from("from genlayer import *\0\nx = 1\n") }, /^nul\.py is not a text file \(it contains NUL bytes\)$/],
  ];
  for (const [file, why, shot] of refused) {
    await openContractFiles(page, [file]);
    await expectOneLine(fileError, why);
    if (shot) await page.screenshot({ path: testInfo.outputPath(shot) });
    await expect(tabs(page)).toHaveCount(1);
    await expect(editor(page)).toContainText("# mine");
    await expectUsable(page);
  }

  // Several at once: the good one opens, the bad one is named in the line.
  await openContractFiles(page, [
    { name: "wide.py", mimeType: "text/x-python", buffer: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(WIDE_SOURCE, "utf16le")]) },
    { name: "photo.png", mimeType: "image/png", buffer: PNG },
  ]);
  await expectOneLine(fileError, /^photo\.png is not a text file/);
  await expect(tabs(page).filter({ hasText: "wide.py" })).toHaveCount(1);
  await expect(editor(page)).toContainText("class Wide");
  await expect(page.getByTestId("notice").filter({ hasText: "wide.py was UTF-16: it was converted to UTF-8" })).toBeVisible();

  // Latin-1: opened, converted, deployable; the accented letters survive.
  await openContractFiles(page, [{ name: "menu.py", mimeType: "text/x-python", buffer: Buffer.from(LATIN1_SOURCE, "latin1") }]);
  await expect(fileError).toHaveCount(0);
  await expect(editor(page)).toContainText("Café crème, saved in Latin-1.");
  await expect(page.getByTestId("notice").filter({ hasText: "menu.py was not UTF-8: it was read as Latin-1" })).toBeVisible();
  const deploy = page.getByTestId("deploy");
  const menuForm = await deployForm(page, "menu.py");
  await menuForm.getByLabel("label").fill("crème brûlée");
  await menuForm.getByRole("button", { name: "Deploy", exact: true }).click();
  await expect(page.getByTestId("contract").locator(".contract-head")).toContainText("ACCEPTED", { timeout: 90_000 });
  await page.getByTestId("method-get_label").getByRole("button", { name: "Read" }).click();
  await expect(page.getByTestId("result-get_label")).toContainText('"crème brûlée à la carte"');

  // Text that is not Python: the check says where, in one line; there is nothing to deploy.
  await openContractFiles(page, [{ name: "notes.py", mimeType: "text/plain", buffer: Buffer.from("Liste de courses :\n  - pâtes\n  - crème fraîche (2)\n", "latin1") }]);
  await expectOneLine(page.getByTestId("output").locator(".error"), /^line \d+: .*Error/);
  await expect(deploy).toContainText("Fix the contract to fill in its constructor.");

  // Dropped on the panel: the same checks.
  await page.getByTestId("files").evaluate((el, bytes) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(bytes)], "dropped.png", { type: "image/png" }));
    el.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, [...PNG]);
  await expectOneLine(fileError, /^dropped\.png is not a text file \(it looks like a PNG image\)$/);

  // A name I already use: the new file gets another name, mine stays as it is.
  await openContractFiles(page, [{ name: "storage.py", mimeType: "text/x-python", buffer: Buffer.from(STORAGE_SOURCE) }]);
  await expect(tabs(page).filter({ hasText: "storage_2.py" })).toHaveCount(1);
  await tabs(page).filter({ hasText: /^storage\.py/ }).first().click();
  await expect(editor(page)).toContainText("# mine");
  await expectUsable(page);

  // After a reload: my files, the opened ones and the deployed contract are all there.
  await expect(page.getByTestId("save-status")).toContainText("saved in this browser");
  await page.reload();
  await expect(tabs(page).filter({ hasText: "menu.py" })).toHaveCount(1);
  await expect(tabs(page).filter({ hasText: "wide.py" })).toHaveCount(1);
  await tabs(page).filter({ hasText: /^storage\.py/ }).first().click();
  await expect(editor(page)).toContainText("# mine");
  await expect(page.getByTestId("contract").locator(".contract-head")).toContainText("ACCEPTED", { timeout: 90_000 });
  expect(errors).toEqual([]);
});

test("method and constructor forms with wrong types say what to type; the contract's own errors are one line", async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  const errors = watchPageErrors(page);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto("/");
  await waitReady(page);
  await openContractFiles(page, [{ name: "types.py", mimeType: "text/x-python", buffer: Buffer.from(TYPES_SOURCE) }]);
  const deploy = await deployForm(page, "types.py");
  const deployButton = deploy.getByRole("button", { name: "Deploy", exact: true });
  const fieldMessage = async (form: Locator, label: string, text: string, why: RegExp | string) => {
    const input = form.getByLabel(label);
    await input.fill(text);
    await expect(input).toHaveAttribute("aria-invalid", "true");
    const id = (await input.getAttribute("aria-describedby"))!.split(" ")[0];
    await expectOneLine(page.locator(`[id="${id}"]`), why);
  };

  // The constructor: malformed addresses and integers.
  await fieldMessage(deploy, "owner", "0x1234", "an address is 0x followed by 40 hex digits (this has 4)");
  await fieldMessage(deploy, "owner", "alice's wallet", "an address is 0x followed by 40 hex digits");
  await fieldMessage(deploy, "owner", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeZ", "has other characters");
  await fieldMessage(deploy, "owner", "0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "does not match its checksum");
  await fieldMessage(deploy, "supply", "ten", "enter a whole number, e.g. 42 or -7");
  await fieldMessage(deploy, "supply", "1.5", '"1.5" is not a whole number (calldata has no fractions)');
  await fieldMessage(deploy, "supply", "1e99999", "is too large");
  await expect(deployButton).toBeDisabled();
  await expect(deploy.getByRole("note")).toContainText("check: owner, supply");
  await page.screenshot({ path: testInfo.outputPath("form-constructor-invalid.png") });

  // Well-formed, but beyond u256: the contract refuses it in one line, the app carries on.
  await deploy.getByLabel("owner").fill(OWNER);
  await deploy.getByLabel("supply").fill(BEYOND_U256);
  await expect(deployButton).toBeEnabled();
  await deployButton.click();
  await expect(page.getByTestId("tx-types")).toContainText(/ACCEPTED|FINALIZED/, { timeout: 90_000 });
  await page.getByTestId("tx-types").click();
  const detail = page.getByTestId("tx-detail");
  await expectOneLine(detail.locator("dd").nth(3), /VM error: OverflowError: int too big to convert/);

  // A valid deploy.
  await deploy.getByLabel("supply").fill("5");
  await deployButton.click();
  await expect(page.getByTestId("tx-types_2")).toContainText("ACCEPTED", { timeout: 90_000 });
  const configure = page.getByRole("form", { name: "configure (write)" });
  await expect(configure).toBeVisible();

  // A write method: every field wrong in its own way.
  await fieldMessage(configure, "count", "12abc", "enter a whole number");
  await fieldMessage(configure, "count", "0xZZ", '"0xZZ" is not a valid hex number');
  await fieldMessage(configure, "who", "0xABC", "(this has 3)");
  await fieldMessage(configure, "tags", '["a", 1', "invalid JSON");
  await fieldMessage(configure, "tags", "[1]", "this list expects strings: item 1 is 1");
  await fieldMessage(configure, "tags", "[".repeat(5000) + "]".repeat(5000), "nest more than 100 levels deep");
  await fieldMessage(configure, "scores", '{"a": "x"}', 'this object expects integers as values: "a" is "x"');
  await fieldMessage(configure, "scores", "{'a': 1}", "invalid JSON");
  await fieldMessage(configure, "blob", "0xabc", "bytes need an even number of hex digits (this has 3)");
  await fieldMessage(configure, "blob", "0xzz", "this has non-hex characters");
  await fieldMessage(configure, "blob", "hello", "bytes are 0x followed by pairs of hex digits");
  await expect(configure.getByRole("button", { name: "Send" })).toBeDisabled();
  await page.screenshot({ path: testInfo.outputPath("form-method-invalid.png") });

  // Fixed: it sends and the contract got exactly what was typed.
  await configure.getByLabel("count").fill("12");
  await configure.getByLabel("who").fill(OWNER);
  await configure.getByLabel("tags").fill('["a", "b"]');
  await configure.getByLabel("scores").fill('{"a": 1}');
  await configure.getByLabel("blob").fill("0x00ff");
  await configure.getByRole("button", { name: "Send" }).click();
  await expect(page.getByTestId("tx-configure#1")).toContainText("ACCEPTED", { timeout: 90_000 });
  await page.getByTestId("method-get_note").getByRole("button", { name: "Read" }).click();
  await expect(page.getByTestId("result-get_note")).toContainText(`"12 ['a', 'b'] {'a': 1} 00ff"`);

  // Beyond u256 through a method: one line in the transaction, the stored value unchanged.
  const setSupply = page.getByRole("form", { name: "set_supply (write)" });
  await setSupply.getByRole("textbox", { name: "supply (int)" }).fill(BEYOND_U256);
  await setSupply.getByRole("button", { name: "Send" }).click();
  await expect(page.getByTestId("tx-set_supply#1")).toContainText(/ACCEPTED|FINALIZED/, { timeout: 90_000 });
  await page.getByTestId("tx-set_supply#1").click();
  await expectOneLine(detail.locator("dd").nth(3), /OverflowError: int too big to convert/);
  await expect(page.getByTestId("state-supply")).toContainText("5");
  await expectUsable(page);
  await expect(page.locator("body")).not.toContainText("Traceback");
  expect(errors).toEqual([]);
});


test("scenario and workspace files that are not what they claim: one line, my workspace untouched", async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  const errors = watchPageErrors(page);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto("/");
  await waitReady(page);
  await editor(page).click();
  await page.keyboard.press("Control+Home");
  await page.keyboard.type("# mine", { delay: 20 });
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("save-status")).toContainText("saved in this browser");
  const banner = page.getByTestId("start-error");

  const cases: [Upload, RegExp, string?][] = [
    [json("notes.json", "hello there"), /^notes\.json: not a JSON file \(line 1, column 1: Unexpected token 'h'\)$/],
    [json("cut.json", '{"version": 1,\n "name": "x",\n "seed": }'), /^cut\.json: not a JSON file \(line 3, column 10: Unexpected token '\}'\)$/, "scenario-not-json.png"],
    [json("list.json", "[1, 2]"), /^list\.json: scenario: expected an object, got an array$/],
    [json("empty.json", "{}"), /^empty\.json: version: required/],
    [json("future.json", JSON.stringify({ ...scenarioWith(STORAGE_SOURCE), version: 7 })), /^future\.json: version: unsupported scenario version 7/],
    [json("steps.json", JSON.stringify(scenarioWith(STORAGE_SOURCE, [{ explode: {} } as never]))), /^steps\.json: steps\[0\]: unknown step "explode"; a step is one of "deploy"/, "scenario-unknown-step.png"],
    [json("deep.json", JSON.stringify(scenarioWith(STORAGE_SOURCE, [{ deploy: { contract: "Store", label: "store", args: [JSON.parse("[".repeat(500) + "]".repeat(500))] } }]))), /^deep\.json: the scenario nests lists or objects more than 100 levels deep$/],
    [json("huge.scenario.json", Buffer.alloc(20 * 1024 * 1024, 0x20)), /^huge\.scenario\.json is too large \(20\.0 MB; the limit is 4\.0 MB\)$/, "scenario-too-large.png"],
    [json("picture.json", PNG), /^picture\.json is not a text file \(it looks like a PNG image\)$/],
    [json("noise.json", noise(2048, 11)), /^noise\.json is not a text file/],
  ];
  for (const [file, why, shot] of cases) {
    await openScenarioFile(page, file);
    await expectOneLine(banner, why);
    if (shot) await page.screenshot({ path: testInfo.outputPath(shot) });
    await expect(page.getByTestId("temp-banner")).toHaveCount(0);
    await expect(editor(page)).toContainText("# mine");
    await expectUsable(page);
    await page.getByRole("button", { name: "Dismiss" }).click();
    await expect(banner).toHaveCount(0);
  }

  // Workspace import of a file that is not a workspace: one line, my files stay.
  for (const [file, why] of [
    [json("photo.json", PNG), /^Import workspace: this file is not a playground workspace \(not JSON\)$/],
    [json("other.json", JSON.stringify(scenarioWith(STORAGE_SOURCE))), /^Import workspace: /],
  ] as const) {
    const chooser = page.waitForEvent("filechooser");
    await paletteRun(page, "Import workspace");
    await (await chooser).setFiles(file);
    await expectOneLine(page.getByTestId("error-open"), why);
    await expect(editor(page)).toContainText("# mine");
  }
  await page.screenshot({ path: testInfo.outputPath("workspace-import-refused.png") });

  // A well-formed scenario whose contract has a NUL byte: it opens, and Run stops in one line.
  await openScenarioFile(page, json("nul.scenario.json", JSON.stringify(scenarioWith("from genlayer import *\u0000\n\nclass Store(gl.Contract):\n    def __init__(self):\n        pass\n"))));
  await expect(page.getByTestId("temp-banner")).toContainText("Scenario file nul.scenario.json: Bad input fixture");
  await waitReady(page);
  await page.getByTestId("temp-run").click();
  await expectOneLine(page.getByTestId("temp-status"), /null (bytes|characters)/);
  await page.screenshot({ path: testInfo.outputPath("scenario-nul-run.png") });
  await expectUsable(page);

  // Back: my workspace as I left it, and a valid deploy works.
  await page.getByRole("button", { name: "Back to my workspace" }).click();
  await expect(page.getByTestId("temp-banner")).toHaveCount(0);
  await expect(editor(page)).toContainText("# mine");
  await waitReady(page);
  const form = await deployForm(page, "storage.py");
  await form.getByLabel("initial_storage").fill("still here");
  await form.getByRole("button", { name: "Deploy", exact: true }).click();
  await expect(page.getByTestId("contract").locator(".contract-head")).toContainText("ACCEPTED", { timeout: 90_000 });
  expect(errors).toEqual([]);
});
