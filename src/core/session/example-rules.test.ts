/** Example rules come from the real example scenarios; the session validates rules it is given. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { FakeExecutor } from "../consensus/fake-executor";
import { createEngineNetwork } from "../scenario/engine-network";
import { storageProgram } from "../scenario/testing/storage-program";
import { exampleRuleSets, noRules, rulesForContract } from "./example-rules";
import { PlaygroundSession } from "./session";

const DIR = fileURLToPath(new URL("../../../contracts-examples/", import.meta.url));
function files(dir = "", out: Record<string, string> = {}): Record<string, string> {
  for (const e of readdirSync(join(DIR, dir), { withFileTypes: true })) {
    const p = dir ? `${dir}/${e.name}` : e.name;
    if (e.isDirectory()) files(p, out);
    else out[p] = readFileSync(join(DIR, p), "utf8");
  }
  return out;
}

describe("example rules", () => {
  const all = files();

  it("finds the wizard's rules for wizard_of_coin.py and none for storage.py", () => {
    const wizard = rulesForContract(all, "wizard_of_coin.py");
    expect(wizard?.scenario).toBe("scenarios/wizard.scenario.json");
    expect(wizard?.rules).toEqual(JSON.parse(all["scenarios/wizard.scenario.json"]).llm);
    expect(rulesForContract(all, "storage.py")).toBeNull();
    expect(exampleRuleSets(all).every((s) => !noRules(s.rules))).toBe(true);
  });

  it("the session takes valid rules before the first transaction and refuses bad ones with one line", async () => {
    const s = new PlaygroundSession({
      createNetwork: (spec) => createEngineNetwork(spec, new FakeExecutor({ program: storageProgram("initial_storage"), executionTimeoutMs: spec.settings.executionTimeoutMs })),
      files: [{ path: "storage.py", text: "#" }],
    });
    await s.setLlmRules(rulesForContract(all, "wizard_of_coin.py")!.rules);
    expect(s.getState().setup.llm.prompts?.length).toBeGreaterThan(0);
    expect(s.toScenario().llm).toEqual(s.getState().setup.llm);
    await s.setLlmRules({ prompts: [{ match: "(", answer: "x" }] });
    expect(s.getState().errors[0].message).toMatch(/^rules\.prompts\[0\]\.match: /);
    await s.deploy("storage.py", ["a"]);
    await s.setLlmRules({});
    expect(s.getState().errors[0].message).toMatch(/reset it to change validators or settings/);
  });
});
