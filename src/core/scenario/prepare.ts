/**
 * Before any step runs: load every contract source, read its schema, and check every deploy, call
 * and view against it (method names, view/write, payable, argument types), so a typo fails in
 * seconds with one message instead of halfway through a run.
 */
import { Address } from "../calldata";
import { ArgError, convertArgs, readContractSchema, type ContractSchema, type MethodSchema, type NameResolver } from "./args";
import { suggest } from "./check";
import { stepKind, type JsonValue, type Scenario } from "./format";
import type { ScenarioNetwork } from "./network";

export class ScenarioError extends Error {
  constructor(
    message: string,
    readonly step: number | null = null,
  ) {
    super(message);
    this.name = "ScenarioError";
  }
}

export interface LoadedSource {
  code: string;
  /** How messages name it: the file path or `contracts.<label>`. */
  origin: string;
  schema: ContractSchema;
}

export interface PreparedScenario {
  /** Source of each deploy step, by step index. */
  deploySources: Map<number, LoadedSource>;
  /** Deploy label → its source. */
  contractSources: Map<string, LoadedSource>;
}

export type LoadSource = (path: string) => Promise<string> | string;

const PLACEHOLDER = new Address(new Uint8Array(20));

export async function prepareScenario(
  scenario: Scenario,
  net: ScenarioNetwork,
  loadSource: LoadSource,
  resolveFixed: NameResolver,
): Promise<PreparedScenario> {
  const texts = new Map<string, Promise<{ code: string; origin: string }>>();
  const read = (file: string, path: string, step: number) => {
    let p = texts.get(file);
    if (!p) {
      p = Promise.resolve()
        .then(() => loadSource(file))
        .then(
          (code) => ({ code, origin: file }),
          (e: unknown) => {
            throw new ScenarioError(`${path}: cannot read ${file}${e instanceof Error && e.message ? ` (${e.message})` : ""}`, step);
          },
        );
      texts.set(file, p);
    }
    return p;
  };
  const schemas = new Map<string, Promise<ContractSchema>>();
  const load = async (text: Promise<{ code: string; origin: string }>, path: string, step: number): Promise<LoadedSource> => {
    const { code, origin } = await text;
    let s = schemas.get(code);
    if (!s) {
      s = schemaOf(net, code, origin, path, step);
      schemas.set(code, s);
    }
    return { code, origin, schema: await s };
  };

  const out: PreparedScenario = { deploySources: new Map(), contractSources: new Map() };
  for (const [i, step] of scenario.steps.entries()) {
    if (!("deploy" in step)) continue;
    const d = step.deploy;
    const path = `steps[${i}].deploy`;
    let text: Promise<{ code: string; origin: string }>;
    if (d.file !== undefined) text = read(d.file, `${path}.file`, i);
    else {
      const src = scenario.contracts[d.contract!];
      text =
        "file" in src
          ? read(src.file, `contracts.${d.contract}.file`, i)
          : Promise.resolve({ code: src.source, origin: `contracts.${d.contract}` });
    }
    const loaded = await load(text, d.file !== undefined ? `${path}.file` : `${path}.contract`, i);
    out.deploySources.set(i, loaded);
    out.contractSources.set(d.label, loaded);
  }
  checkSteps(scenario, out, resolveFixed);
  return out;
}

async function schemaOf(net: ScenarioNetwork, code: string, origin: string, path: string, step: number): Promise<ContractSchema> {
  const res = await net.schema(code);
  if (!res.ok) throw new ScenarioError(`${path}: ${origin}:${res.line ?? 1}: ${res.message}`, step);
  try {
    return readContractSchema(res.schema);
  } catch (e) {
    throw new ScenarioError(`${path}: ${origin}: ${e instanceof Error ? e.message : String(e)}`, step);
  }
}

/** Finds a method of a deployed contract, checking view/write; throws ScenarioError. */
export function methodOf(
  prepared: PreparedScenario,
  contract: string,
  method: string,
  path: string,
  want: "view" | "write",
  step: number,
): MethodSchema {
  const schema = prepared.contractSources.get(contract)!.schema;
  const m = Object.hasOwn(schema.methods, method) ? schema.methods[method] : undefined;
  if (!m) {
    const names = Object.keys(schema.methods);
    const known = names.length ? `; it has ${names.map((n) => `"${n}"`).join(", ")}` : "; it has no public methods";
    throw new ScenarioError(`${path}: contract "${contract}" has no method "${method}"${suggest(method, names) || known}`, step);
  }
  if (want === "write" && m.readonly) throw new ScenarioError(`${path}: "${method}" is a view; read it with a view step`, step);
  if (want === "view" && !m.readonly) throw new ScenarioError(`${path}: "${method}" writes; send it with a call step`, step);
  return m;
}

function checkSteps(scenario: Scenario, prepared: PreparedScenario, resolveFixed: NameResolver): void {
  const deployed = new Set<string>();
  const resolve: NameResolver = (name) => resolveFixed(name) ?? (deployed.has(name) ? PLACEHOLDER : undefined);
  const args = (fn: () => void, step: number) => {
    try {
      fn();
    } catch (e) {
      if (e instanceof ArgError) throw new ScenarioError(e.message, step);
      throw e;
    }
  };
  const check = (i: number, contract: string, method: string, path: string, key: string, want: "view" | "write", a?: JsonValue[], k?: Record<string, JsonValue>) => {
    const m = methodOf(prepared, contract, method, `${path}.${key}`, want, i);
    args(() => convertArgs(m, method, a, k, path, resolve), i);
    return m;
  };
  scenario.steps.forEach((step, i) => {
    const path = `steps[${i}].${stepKind(step)}`;
    if ("deploy" in step) {
      const d = step.deploy;
      args(() => convertArgs(prepared.deploySources.get(i)!.schema.ctor, undefined, d.args, d.kwargs, path, resolve), i);
      deployed.add(d.label);
    } else if ("call" in step) {
      const c = step.call;
      const m = check(i, c.contract, c.method, path, "method", "write", c.args, c.kwargs);
      if (c.value !== undefined && BigInt(c.value) > 0n && !m.payable)
        throw new ScenarioError(`${path}.value: "${c.method}" is not payable (mark it @gl.public.write.payable to accept value)`, i);
    } else if ("view" in step) {
      const v = step.view;
      check(i, v.contract, v.method, path, "method", "view", v.args, v.kwargs);
    } else if ("expect" in step && "view" in step.expect) {
      const e = step.expect;
      check(i, e.contract, e.view, path, "view", "view", e.args, e.kwargs);
    }
  });
}
