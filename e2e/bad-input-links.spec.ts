/**
 * Bad input, continued (issue 10, point 5): share links and JSON-RPC requests. Each must end in one
 * line, open nothing it should not, raise no uncaught page error, and leave the app working.
 */
import { expect, test } from "@playwright/test";
import { deflateRaw, encodePayload, toBase64Url } from "../src/core/share/codec";
import {
  editor,
  watchPageErrors,
  waitReady,
  expectOneLine,
  expectUsable,
  deployForm,
  noise,
  STORAGE_SOURCE,
  OWNER,
  scenarioWith,
  json,
} from "./bad-input-helpers";

test("share links that are cut, mangled, from the future, garbage or enormous open nothing and say why", async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  const errors = watchPageErrors(page);
  await page.setViewportSize({ width: 1366, height: 768 });
  const good = await encodePayload(scenarioWith(STORAGE_SOURCE));
  const b64 = (text: string | Uint8Array) => toBase64Url(typeof text === "string" ? new TextEncoder().encode(text) : text);
  const bomb = await deflateRaw(new Uint8Array(20 * 1024 * 1024));
  const links: [string, RegExp, string?][] = [
    [`s=${good.slice(0, good.length - 40)}`, /damaged or cut short/, "link-cut.png"],
    [`s=${good.slice(0, 12)}`, /damaged/],
    [`s=v1.d.${"$".repeat(40)}`, /its data is not valid base64url/],
    [`s=v1.j.A`, /its data is not valid base64url/],
    [`s=${good.replace(/^v1/, "v9")}`, /made by a newer playground \(link format v9; this one reads up to v1\)/],
    [`s=${good.replace(/^v1/, "v0")}`, /format v0 is unknown/],
    [`s=${good.replace(/^v1\.d/, "v1.z")}`, /unknown encoding "z"/],
    [`s=hello`, /does not look like a playground share link/],
    [`s=v1.j.${b64("hello, world")}`, /not a complete scenario/],
    [`s=v1.j.${b64('{"version": 1}')}`, /scenario is invalid: name: required/],
    [`s=v1.j.${b64("[".repeat(300_000) + "]".repeat(300_000))}`, /more than 100 levels deep/],
    [`s=v1.d.${b64(noise(3000, 5))}`, /damaged or cut short/],
    [`s=v1.d.${b64(bomb)}`, /its data unpacks to more than 8 MB/, "link-bomb.png"],
    [`s=v1.j.${"A".repeat(1_600_000)}`, /far too long to be a playground link \(1\.5 MB/],
    [`s=${good}&phase=sideways&tx=store`, /phase "sideways" is not one of select/],
    [`s=${good}&tx=store&round=zero`, /round "zero" is not a round number/],
  ];
  for (const [fragment, why, shot] of links) {
    await page.goto(`/#${fragment}`);
    const line = page.getByTestId("start-error");
    await expectOneLine(line, why);
    await expect(line).toContainText(/^Could not open the shared link: /);
    if (shot) await page.screenshot({ path: testInfo.outputPath(shot) });
    await expect(page.getByTestId("temp-banner")).toHaveCount(0);
    await expect(editor(page)).toContainText("class Storage");
    expect(new URL(page.url()).hash).toBe("");
    await expectUsable(page);
  }

  // A broken link pasted into the address bar of a running app: the same line, nothing opened.
  await page.goto("/");
  await waitReady(page);
  await page.evaluate((f) => (location.hash = f), `s=v1.d.${b64(noise(100, 9))}`);
  await expectOneLine(page.getByTestId("start-error"), /^Could not open the shared link: this link is damaged/);
  await expect(page.getByTestId("temp-banner")).toHaveCount(0);

  // The good one still opens and runs.
  await page.goto(`/#s=${good}`);
  await expect(page.getByTestId("temp-banner")).toContainText("Shared link: Bad input fixture");
  await waitReady(page);
  await page.getByTestId("temp-run").click();
  await expect(page.getByTestId("temp-status")).toContainText("ran 1 of 1 steps", { timeout: 90_000 });
  expect(errors).toEqual([]);
});

test("JSON-RPC requests through the in-page provider that are malformed get one-line errors; the app carries on", async ({ page }) => {
  test.setTimeout(240_000);
  const errors = watchPageErrors(page);
  await page.goto("/");
  await waitReady(page);
  const request = (arg: unknown) =>
    page.evaluate(async (a) => {
      try {
        return { result: await (window as any).genlayerPlayground.request(a) };
      } catch (e) {
        return { error: { code: (e as { code?: number }).code, message: (e as Error).message } };
      }
    }, arg as never);
  const cases: [unknown, number, RegExp][] = [
    [null, -32600, /^invalid request: call request\(\{ method, params \}\)$/],
    ["eth_chainId", -32600, /^invalid request/],
    [[{ method: "eth_chainId" }], -32600, /^invalid request/],
    [{}, -32600, /"method" must be a non-empty string/],
    [{ method: 42 }, -32600, /"method" must be a non-empty string/],
    [{ method: "eth_mine" }, -32601, /^method not found: eth_mine$/],
    [{ method: "x".repeat(10_000) }, -32601, /^method not found: x{70,80}…?$/],
    [{ method: "eth_getBalance", params: "bob" }, -32600, /"params" must be a list or an object/],
    [{ method: "eth_getBalance", params: ["bob"] }, -32602, /^invalid params/],
    [{ method: "eth_getBalance", params: [] }, -32602, /^invalid params/],
    [{ method: "eth_sendRawTransaction", params: ["0xdeadbeef"] }, -32602, /^invalid params/],
    [{ method: "eth_sendRawTransaction", params: [42] }, -32602, /^invalid params/],
    [{ method: "gen_call", params: [{ type: "read", to: "0x1234", data: "0xzz" }] }, -32602, /^invalid params/],
    [{ method: "gen_getContractSchemaForCode", params: ["0x" + Buffer.from("this is not python(").toString("hex")] }, -32000, /SyntaxError|line \d+/],
    [{ method: "sim_fundAccount", params: [OWNER, "lots"] }, -32602, /^invalid params/],
  ];
  for (const [arg, code, why] of cases) {
    const got = (await request(arg)) as { result?: unknown; error?: { code: number; message: string } };
    expect(got.error, JSON.stringify(arg).slice(0, 80)).toBeDefined();
    expect(got.error!.code, `${JSON.stringify(arg).slice(0, 80)}: ${got.error!.message}`).toBe(code);
    expect(got.error!.message).toMatch(why);
    expect(got.error!.message.split("\n")).toHaveLength(1);
    expect(got.error!.message.length).toBeLessThan(300);
  }

  // An unknown transaction is not an error: null, as Ethereum nodes answer.
  expect(await request({ method: "eth_getTransactionByHash", params: ["0x" + "ab".repeat(32)] })).toEqual({ result: null });

  // The same endpoint over fetch (as genlayer-js calls it): bad bodies get JSON-RPC errors.
  const posted = await page.evaluate(async () => {
    const url = (window as any).genlayerPlayground.rpcEndpoint;
    const send = async (body: string) => (await fetch(url, { method: "POST", body, headers: { "content-type": "application/json" } })).json();
    return [await send("not json at all"), await send("[]"), await send('{"jsonrpc": "2.0", "id": 1}'), await send("[1, 2]")];
  });
  expect(posted[0]).toMatchObject({ error: { code: -32700, message: "parse error: the body is not valid JSON" } });
  expect(posted[1]).toMatchObject({ error: { code: -32600, message: "invalid request: empty batch" } });
  expect(posted[2]).toMatchObject({ error: { code: -32600 } });
  expect(posted[3]).toEqual([expect.objectContaining({ error: expect.objectContaining({ code: -32600 }) }), expect.objectContaining({ error: expect.objectContaining({ code: -32600 }) })]);

  // Still answering, and the app still deploys.
  expect(await request({ method: "eth_chainId" })).toEqual({ result: "0xeec7" });
  const form = await deployForm(page, "storage.py");
  await form.getByLabel("initial_storage").fill("after the bad requests");
  await form.getByRole("button", { name: "Deploy", exact: true }).click();
  await expect(page.getByTestId("contract").locator(".contract-head")).toContainText("ACCEPTED", { timeout: 90_000 });
  await expectUsable(page);
  expect(errors).toEqual([]);
});
