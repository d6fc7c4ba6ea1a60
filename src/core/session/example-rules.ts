/**
 * Scripted answers that go with an example contract: the `llm` rules of the example scenarios
 * that deploy it, so a contract opened from the examples answers its prompts out of the box.
 */
import type { ScriptedRules } from "../runtime/providers/scripted";

export interface ExampleRules {
  /** The scenario file, e.g. "scenarios/wizard.scenario.json". */
  scenario: string;
  name: string;
  rules: ScriptedRules;
  /** File names of the contracts it deploys (e.g. "wizard_of_coin.py"). */
  contracts: string[];
}

const depth = (p: string) => p.split("/").length;

/** Every example scenario with non-empty shared rules, top-level ones first, then by path
 * (`files`: path → text). */
export function exampleRuleSets(files: Readonly<Record<string, string>>): ExampleRules[] {
  const out: ExampleRules[] = [];
  for (const path of Object.keys(files).sort((a, b) => depth(a) - depth(b) || (a < b ? -1 : a > b ? 1 : 0))) {
    if (!path.endsWith(".scenario.json")) continue;
    try {
      const doc = JSON.parse(files[path]) as { name?: unknown; llm?: ScriptedRules; contracts?: Record<string, { file?: unknown }> };
      const rules = doc.llm ?? {};
      if ((rules.prompts?.length ?? 0) + (rules.templates?.length ?? 0) + (rules.web?.length ?? 0) === 0) continue;
      const contracts = Object.values(doc.contracts ?? {}).flatMap((c) => (typeof c?.file === "string" ? [c.file.split("/").pop()!] : []));
      out.push({ scenario: path, name: typeof doc.name === "string" ? doc.name : path, rules, contracts });
    } catch {
      // a broken example is reported by the examples test, not here
    }
  }
  return out;
}

/** The rules of the first example scenario that deploys `contractPath` (e.g. "wizard_of_coin.py"). */
export function rulesForContract(files: Readonly<Record<string, string>>, contractPath: string): ExampleRules | null {
  const base = contractPath.split("/").pop();
  return exampleRuleSets(files).find((set) => set.contracts.includes(base ?? "")) ?? null;
}

/** True when no shared scripted answers are set. */
export function noRules(rules: ScriptedRules): boolean {
  return (rules.prompts?.length ?? 0) + (rules.templates?.length ?? 0) + (rules.web?.length ?? 0) === 0;
}
