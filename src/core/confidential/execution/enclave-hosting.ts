/**
 * Builds a network's confidential side from its spec: one enclave worker per validator that opted
 * in (`enclave: true`), started from the measured bundle and booted with its EnclaveInit, and the
 * ConfidentialNetwork that attests them, forms committees and routes executions into them. The
 * environment (Node worker threads or browser Workers) supplies `EnclaveHosting`.
 */
import type { Network } from "../../consensus/engine";
import type { ValidatorConfig } from "../../consensus/types";
import type { ConfidentialRouting } from "../../consensus/validator-executor";
import { DEFAULT_LLM_TOKEN_LIMIT } from "../../runtime/executor";
import type { PythonRuntime } from "../../runtime/python-runtime";
import type { NetworkSpec } from "../../scenario/network";
import type { EnclaveInit } from "../enclave/enclave";
import type { EnclaveRequest, EnclaveResponse } from "../enclave/enclave-messages";
import { ConfidentialNetwork, type EnclaveEndpoint } from "./confidential-network";
import { buildConfidentialWorld, type ConfidentialWorld } from "./confidential-world";

export interface EnclaveHosting {
  /** The exact bytes enclave workers start from (MRENCLAVE = SHA-256 of them). */
  bundle(): Promise<Uint8Array> | Uint8Array;
  /** A Python runtime whose worker is also `validator`'s enclave; `init` is read at each boot. */
  runtime(validator: string, init: () => EnclaveInit): PythonRuntime;
}

/** The executor's confidential routing, pointed at the ConfidentialNetwork once it exists. */
export class RoutingForwarder implements ConfidentialRouting {
  target: ConfidentialRouting | null = null;
  route: ConfidentialRouting["route"] = async (...args) => (this.target ? this.target.route(...args) : null);
  routeView: ConfidentialRouting["routeView"] = async (...args) => (this.target ? this.target.routeView(...args) : null);
}

export interface ConfidentialSide {
  network: ConfidentialNetwork;
  runtimes: Map<string, PythonRuntime>;
  terminate(): void;
}

export function enclaveValidators(spec: NetworkSpec): ValidatorConfig[] {
  return spec.validators.filter((v) => v.enclave === true);
}

/** Null when no validator runs an enclave. */
export function createConfidentialSide(spec: NetworkSpec, network: Network, hosting: EnclaveHosting, llmTokenLimit = DEFAULT_LLM_TOKEN_LIMIT): ConfidentialSide | null {
  const members = enclaveValidators(spec);
  if (members.length === 0) return null;
  let world: ConfidentialWorld | null = null;
  const worldReady = Promise.resolve(hosting.bundle()).then((bundle) => {
    world = buildConfidentialWorld({
      seed: String(spec.seed),
      chainId: spec.chainId,
      genesisMs: Date.parse(spec.genesisTime),
      validators: spec.validators,
      bundle,
      settings: { committeeSize: Math.min(spec.settings.validatorsPerTx, members.length), ...spec.confidential },
    });
    return world;
  });
  const runtimes = new Map<string, PythonRuntime>();
  const endpoints = new Map<string, EnclaveEndpoint>();
  let confidential: ConfidentialNetwork | null = null;
  for (const v of members) {
    const runtime = hosting.runtime(v.id, () => {
      const init = world?.enclaveInits.get(v.id);
      if (!init) throw new Error(`enclave of ${v.id} started before its bundle was measured`);
      // A restarted worker (crash, reload) unseals the key shares it sealed before.
      const sealedStore = confidential?.sealedStoreOf(v.id);
      return sealedStore ? { ...init, sealedStore } : init;
    });
    runtimes.set(v.id, runtime);
    endpoints.set(v.id, {
      request: async (r: EnclaveRequest) => (await runtime.enclaveRequest(r)) as EnclaveResponse,
      run: (req, host, timeoutMs) => runtime.executeInEnclave(req, host, timeoutMs),
    });
  }
  confidential = new ConfidentialNetwork({
    network,
    world: worldReady,
    validators: spec.validators,
    endpoints,
    scriptedRulesFor: (v) => (v.llm.provider === "scripted" ? (spec.rules[v.id] ?? {}) : null),
    llmTokenLimit,
  });
  return {
    network: confidential,
    runtimes,
    terminate: () => {
      for (const r of runtimes.values()) r.terminate();
    },
  };
}
