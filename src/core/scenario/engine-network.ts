/**
 * `ScenarioNetwork` over the consensus engine (`Network`), with any `ValidatorExecutor`: the
 * Pyodide executor in the CLI and the app, the engine's fake executor in tests.
 */
import { Address, encode, type CalldataValue } from "../calldata";
import { Network } from "../consensus/engine";
import type { ValidatorExecutor } from "../consensus/executor-api";
import { describeFailure } from "../runtime/errors";
import type { NetworkSpec, ScenarioNetwork, SchemaOutcome } from "./network";
import type { ConfidentialNetwork } from "../confidential/execution/confidential-network";
import { prepareConfidentialSubmit } from "../confidential/execution/confidential-submit";
import type { ConfidentialTxData } from "../confidential/protocol";

export interface EngineNetwork extends ScenarioNetwork {
  readonly network: Network;
  /** The confidential chain (attestations, committees, enclaves) when validators run enclaves. */
  readonly confidential?: ConfidentialNetwork;
}

const ZERO = new Address(new Uint8Array(20));

export function createEngineNetwork(
  spec: NetworkSpec,
  executor: ValidatorExecutor,
  onDispose?: () => void | Promise<void>,
  withConfidential?: (network: Network) => ConfidentialNetwork | undefined,
): EngineNetwork {
  const network = new Network({
    validators: spec.validators,
    settings: spec.settings,
    executor,
    seed: spec.seed,
    chainId: spec.chainId,
    genesisTime: spec.genesisTime,
  });
  for (const a of spec.accounts) if (a.balance > 0n) network.fund(a.address, a.balance);
  const schemaValidator = spec.validators.find((v) => v.behaviour === "honest") ?? spec.validators[0];
  const confidential = withConfidential?.(network);
  if (confidential) {
    network.extension = confidential;
    network.eligible = confidential.eligible;
  }
  const schema = async (code: string): Promise<SchemaOutcome> => {
    const receipt = await executor.view(schemaValidator, {
      code,
      storage: new Map(),
      balance: 0n,
      datetime: spec.genesisTime,
      chainId: spec.chainId,
      seed: new Uint8Array(32),
      chain: network.chain.reader(),
      origin: ZERO,
      contract: ZERO,
      calldata: encode(new Map<string, CalldataValue>([["method", "#get-schema"]])),
      sender: ZERO,
    });
    const o = receipt.outcome;
    if (o.kind === "return" && typeof o.value === "string") {
      try {
        return { ok: true, schema: JSON.parse(o.value) };
      } catch {
        return { ok: false, message: "the contract's schema is not JSON" };
      }
    }
    if (o.kind === "return") return { ok: false, message: "the contract's schema is not a string" };
    const f = describeFailure(o);
    return { ok: false, message: f.message, ...(f.line !== undefined && { line: f.line }) };
  };

  return {
    network,
    ...(confidential && { confidential }),
    submit: async (req) => {
      let calldata = req.calldata;
      let sealed: ConfidentialTxData | undefined;
      if (confidential && req.confidential) {
        const prepared = await prepareConfidentialSubmit(confidential, network, req, req.confidential, schema);
        calldata = prepared.calldata;
        sealed = prepared.confidential;
      }
      const extra = sealed ? { confidential: sealed } : {};
      return network.submit(
        req.kind === "deploy"
          ? { kind: "deploy", from: req.from, code: req.code, calldata, value: req.value, mode: req.mode, ...extra }
          : { kind: "call", from: req.from, to: req.to, calldata, value: req.value, mode: req.mode, ...extra },
      );
    },
    runUntilIdle: async () => {
      await network.runUntilIdle();
    },
    advanceTime: (ms) => network.advanceTime(ms),
    appeal: (hash, opts) => {
      network.appeal(hash, { by: opts.by, ...(opts.bond !== undefined && { bond: opts.bond }) });
    },
    view: async (req) => (await network.view(req.to, req.calldata, { from: req.from, state: req.state })).outcome,
    schema,
    getTx: (hash) => network.getTx(hash),
    transactions: () => network.transactions(),
    subscribe: (listener) => {
      for (const e of network.events) listener(e);
      return network.subscribe(listener);
    },
    validatorsState: () =>
      network.validatorsState().map((v) => ({ id: v.id, address: v.address, stake: v.stake, balance: v.balance, reputation: v.reputationBps / 10_000 })),
    contractState: (address) => {
      const c = network.contractState(address);
      return c ? { stateRoot: c.acceptedRoot, balance: c.balance } : null;
    },
    balanceOf: (address) => network.balanceOf(address),
    dispose: onDispose,
  };
}
