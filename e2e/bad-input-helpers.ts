/** Helpers and fixtures shared by the bad-input specs (bad-input.spec.ts, bad-input-links.spec.ts). */
import { expect, type Locator, type Page } from "@playwright/test";
import type { Scenario } from "../src/core/scenario/format";

export type Upload = { name: string; mimeType: string; buffer: Buffer };

export const editor = (page: Page) => page.locator(".monaco-editor .view-lines").first();
export const tabs = (page: Page) => page.locator(".ce-tab");

/** Fails the test on any uncaught error in the page (thrown or an unhandled rejection). */
export function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(`${e.name}: ${e.message}`));
  return errors;
}

export async function waitReady(page: Page) {
  await expect(page.getByTestId("boot-status")).toContainText("Validator ready", { timeout: 90_000 });
}

/** One line of text, matching `why`, with nothing that looks like a stack trace. */
export async function expectOneLine(el: Locator, why: RegExp | string) {
  await expect(el).toBeVisible();
  await expect(el).toContainText(why);
  const text = (await el.innerText()).trim();
  expect(text.split("\n"), text).toHaveLength(1);
  expect(text).not.toMatch(/Traceback|\n\s+at |at \w+ \(|\.tsx?:\d+|\.js:\d+/);
  expect(text.length, text).toBeLessThan(400);
}

/** The app is on screen and usable: the root has content, the editor and the file tabs show. */
export async function expectUsable(page: Page) {
  expect(await page.locator("#root").evaluate((r) => r.childElementCount)).toBeGreaterThan(0);
  await expect(page.getByTestId("files")).toBeVisible();
  await expect(editor(page)).toBeVisible();
  await expect(tabs(page).first()).toBeVisible();
}

/** Waits for the deploy form of the open file. On this shared 2-core machine a schema check can
 * hit the compute-time limit and recycle its worker (one line under the editor): check again then. */
export async function deployForm(page: Page, file: string): Promise<Locator> {
  const form = page.getByRole("form", { name: `Deploy ${file}` });
  for (let attempt = 0; attempt < 3; attempt++) {
    await expect(form.or(page.getByTestId("output").locator(".error"))).toBeVisible({ timeout: 90_000 });
    if (await form.isVisible()) return form;
    await waitReady(page);
    await page.getByRole("button", { name: /Check contract/ }).click();
  }
  await expect(form).toBeVisible();
  return form;
}

export async function openContractFiles(page: Page, files: Upload[]) {
  const chooser = page.waitForEvent("filechooser");
  await page.getByTestId("open-files").click();
  await (await chooser).setFiles(files);
}

export async function paletteRun(page: Page, entry: string) {
  await page.locator("h1").click();
  await page.keyboard.press("Control+k");
  await page.getByRole("dialog", { name: "Command palette" }).getByText(entry).click();
}

export async function openScenarioFile(page: Page, file: Upload) {
  const chooser = page.waitForEvent("filechooser");
  await paletteRun(page, "Open scenario file");
  await (await chooser).setFiles(file);
}

/** Deterministic noise (no Math.random: the same bytes every run). */
export function noise(length: number, seed = 7): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    out[i] = seed >> 16;
  }
  return out;
}

export const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), Buffer.from("IHDR"), noise(400, 3)]);

export const WIDE_SOURCE = `# v0.2.16
# { "Depends": "py-genlayer:test" }
from genlayer import *


class Wide(gl.Contract):
    n: u256

    def __init__(self):
        self.n = 1

    @gl.public.view
    def get_n(self) -> int:
        return self.n
`;

/** A contract saved by an editor set to Latin-1: é, è and à are single bytes, not UTF-8. */
export const LATIN1_SOURCE = `# v0.2.16
# { "Depends": "py-genlayer:test" }
# Café crème, saved in Latin-1.
from genlayer import *


class Menu(gl.Contract):
    label: str

    def __init__(self, label: str):
        self.label = label + " à la carte"

    @gl.public.view
    def get_label(self) -> str:
        return self.label
`;

/** Parameters of every kind a form parses: int (and u256 storage), address, list, dict, bytes. */
export const TYPES_SOURCE = `# v0.2.16
# { "Depends": "py-genlayer:test" }
from genlayer import *


class Types(gl.Contract):
    supply: u256
    owner: Address
    note: str

    def __init__(self, owner: Address, supply: u256):
        self.owner = owner
        self.supply = supply
        self.note = ""

    @gl.public.write
    def configure(self, count: int, who: Address, tags: list[str], scores: dict[str, int], blob: bytes) -> str:
        self.note = f"{count} {tags} {scores} {blob.hex()}"
        return self.note

    @gl.public.write
    def set_supply(self, supply: u256) -> None:
        self.supply = supply

    @gl.public.view
    def get_note(self) -> str:
        return self.note
`;

export const STORAGE_SOURCE = `from genlayer import *

class Store(gl.Contract):
    x: str
    def __init__(self):
        self.x = "hi"
`;

export const OWNER = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
export const BEYOND_U256 = (2n ** 300n).toString();

/** A valid scenario carrying its contract inline (what "Open scenario file" and links take). */
export function scenarioWith(source: string, steps: Scenario["steps"] = [{ deploy: { contract: "Store", label: "store" } }]): Scenario {
  return { version: 1, name: "Bad input fixture", seed: "bad-input", contracts: { Store: { source } }, steps } as unknown as Scenario;
}
export const json = (name: string, text: string | Buffer): Upload => ({ name, mimeType: "application/json", buffer: Buffer.isBuffer(text) ? text : Buffer.from(text) });
