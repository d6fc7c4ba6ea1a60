import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { LlmConfig } from "../consensus/types";
import { parseScenario } from "../scenario/parse";
import type { Scenario } from "../scenario/format";
import { inlineScenario } from "../session/scenario-loader";
import { buildFragment, decodeFragment, decodePayload, encodePayload, fromBase64Url, hasSharedScenario, toBase64Url } from "./codec";
import { MAX_LINK_PAYLOAD, planShare, scenarioFileName } from "./plan";
import { isSecretField, scrubScenario } from "./secrets";

/** Links made by the first release of the format: they must decode forever. */
const PINNED_V1_DEFLATE =
  "v1.d.tZHBagIxEIZfJfwXtaRShV4CPfUFhPZWReLu2A1mJ0smuyqSdy_ZbcFCr80lf8jwzZfJDQNFcYFhVhpsW4LBxjFTrYaV8o5P0BCiGgad48cVNJjSOcQTzA2D9a62KUSB-bjBlbKh1Eiyp8JaPf21oHGgxg4u9BEGTWCSBA3v20LtYhhcTeVKqui6RDVy1j_89f_wdxpVYCGWXn6_bUPx_QKzzlnDVlXoOY0V1ruKSjhYb7lEPBfRuz5tl6bRtDZVDQzOZFNDERqW5Tw59MxX5F0eBVK01YSXFOKIl9DHkX6MoVWfxN5eKSrXdiEm9bDlylsR9Tb_9MvXb8LCbFkppS5GSYpTrumo9nvHLu33cyF_XBhVtuVFvahZ42ZbHvUlUTdZ19T5cC0OP2bFd_TS8PZA_u5c7GC-pzL-V-wZ5pbzLn8B";
const PINNED_V1_JSON =
  "v1.j.eyJ2ZXJzaW9uIjoxLCJuYW1lIjoiUGlubmVkIHYxIGxpbmsiLCJzZWVkIjoicGluLTEiLCJuZXR3b3JrIjp7InZhbGlkYXRvcnMiOlt7ImlkIjoidjEiLCJzdGFrZSI6IjEwMDAwMDAwMDAwMDAwMDAwMDAwMDAiLCJiZWhhdmlvdXIiOiJob25lc3QiLCJsbG0iOnsicHJvdmlkZXIiOiJzY3JpcHRlZCJ9fSx7ImlkIjoidjIiLCJzdGFrZSI6IjEwMDAwMDAwMDAwMDAwMDAwMDAwMDAiLCJiZWhhdmlvdXIiOiJob25lc3QiLCJsbG0iOnsicHJvdmlkZXIiOiJzY3JpcHRlZCJ9fV0sImNvbnNlbnN1cyI6eyJ2YWxpZGF0b3JzUGVyVHgiOjJ9fSwiYWNjb3VudHMiOnsiYWxpY2UiOnsiYmFsYW5jZSI6IjUifX0sImxsbSI6eyJwcm9tcHRzIjpbeyJtYXRjaCI6IndlYXRoZXIiLCJhbnN3ZXIiOiJzdW5ueSJ9XX0sImNvbnRyYWN0cyI6eyJzdG9yZSI6eyJzb3VyY2UiOiJmcm9tIGdlbmxheWVyIGltcG9ydCAqXG5jbGFzcyBTKGdsLkNvbnRyYWN0KTpcbiAgICB4OiBzdHJcbiAgICBkZWYgX19pbml0X18oc2VsZik6IHNlbGYueCA9ICdoaSdcbiJ9fSwic3RlcHMiOlt7ImRlcGxveSI6eyJjb250cmFjdCI6InN0b3JlIiwibGFiZWwiOiJzdG9yZSIsImZyb20iOiJhbGljZSJ9fSx7InJ1biI6e319XX0";

const EXAMPLES = resolve(__dirname, "../../../contracts-examples/scenarios");

function exampleScenarios(): { path: string; scenario: Scenario }[] {
  const out: { path: string; scenario: Scenario }[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".scenario.json")) {
        const parsed = parseScenario(JSON.parse(readFileSync(p, "utf8")));
        if (!parsed.ok) throw new Error(`${p}: ${parsed.errors[0]}`);
        out.push({ path: p, scenario: inlineScenario(parsed.scenario, (file) => readFileSync(resolve(dirname(p), file), "utf8")) });
      }
    }
  };
  walk(EXAMPLES);
  return out;
}

describe("share link codec", () => {
  it("decodes the pinned v1 links (deflate and plain JSON) to the same scenario", async () => {
    const d = await decodePayload(PINNED_V1_DEFLATE);
    const j = await decodePayload(PINNED_V1_JSON);
    if (!d.ok || !j.ok) throw new Error("pinned link did not decode");
    expect(d.scenario).toEqual(j.scenario);
    expect(d.scenario.name).toBe("Pinned v1 link");
    expect(d.scenario.seed).toBe("pin-1");
    expect(d.scenario.network.validators.map((v) => v.id)).toEqual(["v1", "v2"]);
    expect(d.scenario.accounts).toEqual({ alice: { balance: "5" } });
    expect(d.scenario.contracts.store).toEqual({ source: expect.stringContaining("class S(gl.Contract)") });
    expect(d.scenario.steps).toEqual([{ deploy: { contract: "store", label: "store", from: "alice" } }, { run: {} }]);
  });

  it("round-trips every example scenario through a link, and deflate makes it smaller", async () => {
    const examples = exampleScenarios();
    expect(examples.length).toBeGreaterThanOrEqual(20);
    for (const { path, scenario } of examples) {
      const payload = await encodePayload(scenario);
      expect(payload.startsWith("v1.d."), path).toBe(true);
      const back = await decodeFragment(`#${buildFragment(payload)}`);
      if (!back.ok) throw new Error(`${path}: ${back.message}`);
      expect(back.scenario, path).toEqual(scenario);
      const plain = await encodePayload(scenario, "j");
      expect(payload.length, path).toBeLessThan(plain.length);
      const plainBack = await decodePayload(plain);
      expect(plainBack.ok && plainBack.scenario, path).toEqual(scenario);
    }
  });

  it("base64url round-trips every byte value and rejects other alphabets", () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const text = toBase64Url(bytes);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(fromBase64Url(text)).toEqual(bytes);
    expect(fromBase64Url("ab+c")).toBeNull();
    expect(fromBase64Url("abcde")).toBeNull();
  });

  it("reads the deep-link and autorun parameters", async () => {
    const frag = `#${buildFragment(PINNED_V1_DEFLATE, { autorun: true, deep: { tx: "resolve#1", round: 2, phase: "reveal" } })}`;
    expect(frag).toContain("tx=resolve%231&round=2&phase=reveal&autorun=1");
    expect(hasSharedScenario(frag)).toBe(true);
    expect(hasSharedScenario("#example=storage")).toBe(false);
    const r = await decodeFragment(frag);
    expect(r.ok && r.options).toEqual({ autorun: true, deep: { tx: "resolve#1", round: 2, phase: "reveal" } });
    const bad = await decodeFragment(`#s=${PINNED_V1_DEFLATE}&tx=a&phase=vote`);
    expect(bad).toEqual({ ok: false, message: expect.stringContaining('phase "vote"') });
  });
});

describe("broken links give one line and no scenario", () => {
  const oneLine = (r: { ok: boolean; message?: string }) => {
    expect(r.ok).toBe(false);
    expect(r.message).toBeTruthy();
    expect(r.message).not.toContain("\n");
    return r.message!;
  };

  it("truncated links", async () => {
    for (const cut of [20, 60, 200, PINNED_V1_DEFLATE.length - 3]) {
      expect(oneLine(await decodePayload(PINNED_V1_DEFLATE.slice(0, cut)))).toMatch(/damaged|cut short/);
    }
    expect(oneLine(await decodePayload(PINNED_V1_JSON.slice(0, 300)))).toMatch(/cut short/);
  });

  it("garbled links", async () => {
    const flipped = PINNED_V1_DEFLATE.slice(0, 40) + (PINNED_V1_DEFLATE[40] === "A" ? "B" : "A") + PINNED_V1_DEFLATE.slice(41);
    expect(oneLine(await decodePayload(flipped))).toMatch(/damaged|invalid/);
    expect(oneLine(await decodePayload("v1.d.not*base64"))).toMatch(/base64url/);
    expect(oneLine(await decodePayload("hello"))).toMatch(/does not look like/);
    expect(oneLine(await decodePayload("v1.z.AAAA"))).toMatch(/unknown encoding "z"/);
    expect(oneLine(await decodeFragment("#x=1"))).toMatch(/no scenario/);
    // Valid JSON that is not a valid scenario.
    const notScenario = `v1.j.${toBase64Url(new TextEncoder().encode(JSON.stringify({ version: 1, name: "x", seed: 1, steps: [{ deploy: { contract: "nope" } }] })))}`;
    expect(oneLine(await decodePayload(notScenario))).toMatch(/scenario is invalid: steps\[0\]/);
  });

  it("links from a future format version", async () => {
    expect(oneLine(await decodePayload(PINNED_V1_DEFLATE.replace(/^v1/, "v2")))).toMatch(/newer playground \(link format v2/);
  });
});

describe("what never goes into a link", () => {
  it("LlmConfig has no field for API keys", () => {
    // Every field of LlmConfig (a new field makes this literal fail to type-check, so it is reviewed here).
    const all: Required<LlmConfig> = { provider: "openai", model: "m", temperature: 0, seed: 1, baseUrl: "https://llm.test/v1", maxTokens: 10 };
    expect(Object.keys(all).filter(isSecretField)).toEqual([]);
    type Named = Extract<keyof LlmConfig, "apiKey" | "api_key" | "key" | "secret" | "token" | "password" | "authorization">;
    const none: [Named] extends [never] ? true : false = true;
    expect(none).toBe(true);
  });

  it("names secret fields by one rule", () => {
    for (const k of ["apiKey", "api_key", "OPENAI_API_KEY", "x-api-key", "secret", "client_secret", "password", "privateKey", "private_key", "mnemonic", "accessToken", "Authorization", "Cookie"]) {
      expect(isSecretField(k), k).toBe(true);
    }
    for (const k of ["seed", "token", "key", "model", "secretary", "tokens", "passing", "baseUrl", "keyword"]) expect(isSecretField(k), k).toBe(false);
  });

  it("strips secret-named fields outside steps and says which", async () => {
    const p = await decodePayload(PINNED_V1_JSON);
    if (!p.ok) throw new Error(p.message);
    const s = structuredClone(p.scenario) as unknown as Record<string, any>;
    s.network.validators[0].llm = { provider: "openai", baseUrl: "https://llm.test/v1", model: "m", apiKey: "sk-live-123" };
    s.llm.web = [{ match: "^https://x", status: 200, headers: { Authorization: "Bearer abc", "content-type": "text/plain" }, body: "ok" }];
    const r = scrubScenario(s as unknown as Scenario);
    if (!r.ok) throw new Error(r.message);
    expect(r.removed.sort()).toEqual(["llm.web[0].headers.Authorization", "network.validators[0].llm.apiKey"]);
    const text = JSON.stringify(r.scenario);
    expect(text).not.toContain("sk-live-123");
    expect(text).not.toContain("Bearer abc");
    expect(text).toContain("content-type");
    // The input is untouched.
    expect(JSON.stringify(s)).toContain("sk-live-123");
    const plan = await planShare(s as unknown as Scenario, "https://play.test/");
    expect(plan.kind).toBe("link");
    if (plan.kind !== "link") return;
    const back = await decodeFragment(new URL(plan.url).hash);
    expect(back.ok && JSON.stringify(back.scenario)).not.toContain("sk-live-123");
  });

  it("refuses encrypted or secret-named step arguments", async () => {
    const p = await decodePayload(PINNED_V1_JSON);
    if (!p.ok) throw new Error(p.message);
    const enc = structuredClone(p.scenario);
    enc.steps.push({ call: { contract: "store", method: "set", args: [{ $encrypted: "my plaintext bid" }] } });
    const r1 = await planShare(enc, "https://play.test/");
    expect(r1).toEqual({ kind: "refused", message: expect.stringContaining("steps[2].call.args[0] is an encrypted argument") });
    expect(JSON.stringify(r1)).not.toContain("my plaintext bid");
    const kw = structuredClone(p.scenario);
    kw.steps.push({ call: { contract: "store", method: "login", kwargs: { password: "hunter2" } } });
    const r2 = await planShare(kw, "https://play.test/");
    expect(r2.kind === "refused" && r2.message).toMatch(/steps\[2\]\.call\.kwargs\.password looks like a secret/);
  });
});

describe("size policy", () => {
  it("small scenarios become links; big ones a .json file, saying why", async () => {
    const p = await decodePayload(PINNED_V1_JSON);
    if (!p.ok) throw new Error(p.message);
    const small = await planShare(p.scenario, "https://play.test/app/#old", { autorun: true });
    expect(small.kind).toBe("link");
    if (small.kind === "link") {
      expect(small.url).toMatch(/^https:\/\/play\.test\/app\/#s=v1\.d\.[A-Za-z0-9_-]+&autorun=1$/);
      expect(small.payloadChars).toBeLessThanOrEqual(MAX_LINK_PAYLOAD);
    }
    // Random text does not compress: ~12 KB of it cannot fit in a link.
    const big = structuredClone(p.scenario);
    let noise = "";
    for (let i = 0; noise.length < 12_000; i++) noise += ((i * 2654435761) >>> 0).toString(36);
    big.contracts.store = { source: `# ${noise}\n` };
    const plan = await planShare(big, "https://play.test/");
    expect(plan.kind).toBe("file");
    if (plan.kind !== "file") return;
    expect(plan.payloadChars).toBeGreaterThan(MAX_LINK_PAYLOAD);
    expect(plan.reason).toMatch(/over the 8\.0 KB a link can safely hold/);
    expect(plan.fileName).toBe("pinned-v1-link.scenario.json");
    const again = parseScenario(JSON.parse(plan.json));
    expect(again.ok && again.scenario).toEqual(big);
    expect(scenarioFileName("  ")).toBe("scenario.scenario.json");
  });
});
