/**
 * Runs one contract execution on a validator's Python runtime: encodes the request, serves host
 * calls, enforces the compute-time limit and decodes the response into an `ExecutionResult`.
 */
import { Address, decode, encode, type CalldataValue } from "../calldata";
import type { Effect, ExecutionInput, ExecutionOutcome, ExecutionResult, SlotMap } from "./execution-types";
import { ExecutionHost, type HostOptions } from "./host";
import type { HostHandler, PythonRuntime, RawOutcome } from "./python-runtime";
import { applyWrites, stateRoot } from "./state-root";

export interface ExecuteOptions extends HostOptions {
  /** Wall-clock bound on Python compute (host waiting excluded). */
  timeoutMs: number;
  /** Runs the encoded request somewhere else than `runtime.execute` (an enclave worker). */
  run?: (request: Uint8Array, host: HostHandler, timeoutMs: number) => Promise<RawOutcome>;
}

export const DEFAULT_GAS_LIMIT = 50_000_000n;
export const DEFAULT_TIMEOUT_MS = 20_000;
export const DEFAULT_LLM_TOKEN_LIMIT = 200_000;

export async function executeContract(
  runtime: PythonRuntime | null,
  input: ExecutionInput,
  options: ExecuteOptions,
): Promise<ExecutionResult> {
  const host = new ExecutionHost(options);
  const request = encode(requestOf(input));
  if (!options.run && !runtime) throw new Error("executeContract needs a runtime or a runner");
  const raw = options.run ? await options.run(request, host.handle, options.timeoutMs) : await runtime!.execute(request, host.handle, options.timeoutMs);
  let result: ExecutionResult;
  if (!raw.ok) {
    const message = raw.reason === "timeout" ? "timeout" : "internal error: validator worker crashed";
    result = emptyResult({ kind: "vm_error", message, detail: raw.detail }, host, raw.computeMs);
  } else if (typeof (raw.extra as { unavailable?: unknown } | undefined)?.unavailable === "string") {
    // A confidential execution whose encrypted inputs could not be opened: Python never ran.
    result = emptyResult({ kind: "vm_error", message: (raw.extra as { unavailable: string }).unavailable }, host, raw.computeMs);
  } else {
    try {
      result = resultOf(decode(raw.response), host, raw.computeMs);
    } catch (e) {
      result = emptyResult(
        { kind: "vm_error", message: "internal error: malformed runner response", detail: String(e) },
        host,
        raw.computeMs,
      );
    }
  }
  if (raw.ok && raw.extra !== undefined) result.enclave = raw.extra;
  result.stateRoot = stateRoot(result.outcome.kind === "return" ? applyWrites(input.storage, result.writes) : input.storage);
  return result;
}

function requestOf(input: ExecutionInput) {
  const m = input.message;
  return {
    code: input.code,
    message: {
      contract_address: m.contractAddress,
      sender_address: m.senderAddress,
      origin_address: m.originAddress,
      value: m.value,
      chain_id: m.chainId,
      datetime: m.datetime,
      is_init: m.isInit,
      stack: m.stack,
      entry_kind: 0,
      entry_data: m.entryData,
      entry_stage_data: null,
    },
    mode: input.mode,
    readonly: input.readonly,
    leader_results: input.leaderResults,
    storage: sortedSlots(input.storage),
    balance: input.balance,
    gas_limit: input.gasLimit,
    seed: input.seed,
  };
}

function sortedSlots(slots: SlotMap): Map<string, Uint8Array> {
  return new Map([...slots.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function emptyResult(outcome: ExecutionOutcome, host: ExecutionHost, computeMs: number): ExecutionResult {
  return {
    outcome,
    writes: new Map(),
    stateRoot: "",
    nondet: [],
    effects: [],
    stdout: "",
    stderr: "",
    warnings: [],
    gasUsed: 0n,
    llmTokens: host.llmTokens,
    hostCalls: host.calls,
    computeMs,
  };
}

function resultOf(response: CalldataValue, host: ExecutionHost, computeMs: number): ExecutionResult {
  const get = (k: string) => (response instanceof Map ? response.get(k) : undefined);
  const r = get("result");
  const kind = r instanceof Map ? r.get("kind") : undefined;
  let outcome: ExecutionOutcome;
  if (kind === "return" && r instanceof Map && r.get("value") instanceof Uint8Array) {
    const calldata = r.get("value") as Uint8Array;
    outcome = { kind: "return", calldata, value: decode(calldata) };
  } else if (kind === "user_error" && r instanceof Map) {
    outcome = { kind: "user_error", message: String(r.get("message") ?? "") };
    const detail = r.get("detail");
    if (typeof detail === "string") outcome.detail = detail;
  } else if (kind === "vm_error" && r instanceof Map) {
    outcome = { kind: "vm_error", message: String(r.get("message") ?? "") };
    const exception = r.get("exception");
    const detail = r.get("detail");
    if (typeof exception === "string") outcome.exception = exception;
    if (typeof detail === "string") outcome.detail = detail;
  } else {
    outcome = { kind: "vm_error", message: "internal error: runner returned no result" };
  }
  const writes: SlotMap = new Map();
  const w = get("writes");
  if (w instanceof Map) for (const [k, v] of w) if (v instanceof Uint8Array) writes.set(k, v);
  const nondetRaw = get("nondet");
  const nondet = Array.isArray(nondetRaw) ? nondetRaw.filter((x): x is Uint8Array => x instanceof Uint8Array) : [];
  const effects: Effect[] = [];
  const e = get("effects");
  if (Array.isArray(e))
    for (const item of e)
      if (item instanceof Map && item.size === 1) {
        const [[name, payload]] = [...item.entries()];
        if (payload instanceof Map) effects.push({ kind: name as Effect["kind"], payload });
      }
  const gas = get("gas_used");
  const text = (k: string) => (typeof get(k) === "string" ? (get(k) as string) : "");
  const warningsRaw = get("warnings");
  return {
    outcome,
    writes,
    stateRoot: "",
    nondet,
    effects,
    stdout: text("stdout"),
    stderr: text("stderr"),
    warnings: Array.isArray(warningsRaw) ? warningsRaw.filter((w): w is string => typeof w === "string") : [],
    gasUsed: typeof gas === "bigint" ? gas : 0n,
    llmTokens: host.llmTokens,
    hostCalls: host.calls,
    computeMs,
  };
}

export const ZERO_ADDRESS = new Address(new Uint8Array(20));
