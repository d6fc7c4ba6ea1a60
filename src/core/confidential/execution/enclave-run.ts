/**
 * One confidential execution inside an enclave worker: open the transaction's encrypted
 * arguments with the committee's shares, put them into the entry calldata, run the contract in
 * the worker's own Python with sealed state and (scripted) LLM answered in place, and let out
 * only what may leave: the result, ciphertext storage writes, public events and the leader's
 * non-deterministic results sealed for the other enclaves. Stdout, stderr and tracebacks stay in.
 * DOM-free; the worker adapter supplies `runPython` and the enclave.
 */
import { decode, encode, type CalldataValue } from "../../calldata";
import { ScriptedProvider, type ScriptedRules } from "../../runtime/providers/scripted";
import type { ShareEvidenceRecord, ShareReport } from "../protocol";
import { EnclaveLocalHost, type SealedStateAccess } from "./enclave-local-host";

/** What an enclave's opened execution gives the runner (see enclave/enclave.ts). */
export interface OpenedInputs extends SealedStateAccess {
  /** Calldata-encoded plaintext of each encrypted argument, by position. */
  args: Map<number, Uint8Array>;
  sealNondet(results: Uint8Array[]): Uint8Array;
  openNondet(sealed: Uint8Array): Uint8Array[];
  shares: ShareReport[];
  evidence: ShareEvidenceRecord[];
  sign(message: Uint8Array): Uint8Array;
}

export type OpenResult =
  | { ok: true; opened: OpenedInputs }
  | { ok: false; message: string; shares: ShareReport[]; evidence: ShareEvidenceRecord[] };

export interface EnclaveRunRequest {
  /** The runner request (as `executeContract` encodes it) with public calldata only. */
  request: Uint8Array;
  /** The enclave's opening input (committee, public tx fields, ciphertext, sealed shares). */
  opening: unknown;
  /** Leader's sealed non-deterministic results (validator mode). */
  sealedLeaderResults: Uint8Array | null;
  /** The validator's scripted rules when its LLM is scripted: answered inside the enclave. */
  scriptedRules: ScriptedRules | null;
  llmTokenLimit: number;
}

export interface EnclaveRunReply {
  /** The filtered runner response; absent when the inputs could not be opened. */
  response: Uint8Array | null;
  unavailable: string | null;
  shares: ShareReport[];
  evidence: ShareEvidenceRecord[];
  /** Names of the host requests answered inside the enclave (contents withheld). */
  enclaveCalls: string[];
  enclaveTokens: number;
  /** Ed25519 signature of the enclave over sha256-free bytes of `response` (see verify in the executor). */
  signature: Uint8Array | null;
}

export const WITHHELD = "[withheld: printed inside the enclave]";

export function runInEnclave(
  open: (opening: unknown) => OpenResult,
  runPython: (request: Uint8Array, localHost: (req: Uint8Array) => Uint8Array | undefined) => Uint8Array,
  req: EnclaveRunRequest,
): EnclaveRunReply {
  const opened = open(req.opening);
  if (!opened.ok)
    return { response: null, unavailable: opened.message, shares: opened.shares, evidence: opened.evidence, enclaveCalls: [], enclaveTokens: 0, signature: null };
  const inputs = opened.opened;
  const host = new EnclaveLocalHost({
    state: inputs,
    scripted: req.scriptedRules ? new ScriptedProvider(req.scriptedRules) : null,
    llmTokenLimit: req.llmTokenLimit,
  });
  const request = decode(req.request);
  if (!(request instanceof Map)) throw new Error("malformed runner request");
  const message = request.get("message");
  if (!(message instanceof Map)) throw new Error("malformed runner request");
  message.set("entry_data", withArguments(message.get("entry_data"), inputs.args));
  if (req.sealedLeaderResults) request.set("leader_results", inputs.openNondet(req.sealedLeaderResults));
  const raw = decode(runPython(encode(request as never), host.handle));
  const response = filterResponse(raw, inputs);
  const bytes = encode(response as never);
  return {
    response: bytes,
    unavailable: null,
    shares: inputs.shares,
    evidence: inputs.evidence,
    enclaveCalls: host.calls,
    enclaveTokens: host.llmTokens,
    signature: inputs.sign(bytes),
  };
}

/** Puts decrypted arguments into the public calldata, which must hold `null` at their positions. */
export function withArguments(entryData: CalldataValue | undefined, args: Map<number, Uint8Array>): Uint8Array {
  if (!(entryData instanceof Uint8Array)) throw new Error("malformed entry calldata");
  if (args.size === 0) return entryData;
  const entry = decode(entryData);
  if (!(entry instanceof Map)) throw new Error("malformed entry calldata");
  const list = entry.get("args");
  const positional: CalldataValue[] = Array.isArray(list) ? [...list] : [];
  for (const [index, plaintext] of args) {
    while (positional.length <= index) positional.push(null);
    if (positional[index] !== null) throw new Error(`argument ${index} is both public and encrypted`);
    positional[index] = decode(plaintext);
  }
  entry.set("args", positional);
  return encode(entry as never);
}

/** What leaves the enclave of a runner response. */
function filterResponse(raw: CalldataValue, inputs: OpenedInputs): CalldataValue {
  if (!(raw instanceof Map)) return raw;
  const out = new Map(raw);
  const nondet = raw.get("nondet");
  const results = Array.isArray(nondet) ? nondet.filter((x): x is Uint8Array => x instanceof Uint8Array) : [];
  out.set("nondet", results.length > 0 ? [inputs.sealNondet(results)] : []);
  for (const key of ["stdout", "stderr"]) {
    const v = raw.get(key);
    if (typeof v === "string" && v.length > 0) out.set(key, WITHHELD);
  }
  const result = raw.get("result");
  if (result instanceof Map && result.has("detail")) {
    const r = new Map(result);
    r.delete("detail");
    out.set("result", r);
  }
  return out;
}
