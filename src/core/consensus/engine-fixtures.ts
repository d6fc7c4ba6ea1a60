/** Shared set-up for the engine tests (a network over the fake executor). */
import { Address, encode, type EncodableValue } from "../calldata";
import { applyWrites, stateRoot } from "../runtime/state-root";
import { Network } from "./engine";
import { FakeExecutor, makeValidators, slotOf, type FakeExecutorOptions } from "./fake-executor";
import { DEFAULT_SETTINGS, type ConsensusSettings, type Receipt, type ValidatorConfig } from "./types";

export const ALICE = Address.fromHex("0x" + "a1".repeat(20));
export const BOB = Address.fromHex("0x" + "b0".repeat(20));
export const GEN = 10n ** 18n;

export interface TestNetOptions {
  validators?: number | ValidatorConfig[];
  settings?: Partial<ConsensusSettings>;
  executor?: FakeExecutorOptions;
  seed?: string | number;
}

export function makeNet(o: TestNetOptions = {}): { net: Network; exec: FakeExecutor; validators: ValidatorConfig[] } {
  const validators = Array.isArray(o.validators) ? o.validators : makeValidators(o.validators ?? 10);
  const settings = { ...DEFAULT_SETTINGS, ...o.settings };
  const exec = new FakeExecutor({ executionTimeoutMs: settings.executionTimeoutMs, ...o.executor });
  const net = new Network({ validators, settings, executor: exec, seed: o.seed ?? "test-seed" });
  net.fund(ALICE, 1000n * GEN);
  net.fund(BOB, 1000n * GEN);
  return { net, exec, validators };
}

export const call = (method: string, ...args: EncodableValue[]): Uint8Array => encode(args.length ? { method, args } : { method });
export const deployArgs = (...args: EncodableValue[]): Uint8Array => encode(args.length ? { args } : {});

/** Submits a deploy of the fake kv contract. */
export function submitDeploy(net: Network, initial?: bigint, from: Address = ALICE): { hash: string; address: Address } {
  const hash = net.submit({ kind: "deploy", from, code: "# kv contract", calldata: initial === undefined ? deployArgs() : deployArgs(initial) });
  return { hash, address: net.getTx(hash)!.to };
}

/** A receipt a malicious leader would report instead of `honest`. */
export function tampered(honest: Receipt, storage: Map<string, Uint8Array> = new Map()): Receipt {
  const writes = new Map([[slotOf("value"), encode("tampered")]]);
  const calldata = encode("tampered");
  return { ...honest, outcome: { kind: "return", calldata, value: "tampered" }, writes, stateRoot: stateRoot(applyWrites(storage, writes)) };
}

/** The kv contract's stored "value" in accepted (or finalized) storage. */
export function storedValue(net: Network, address: Address, stage: "accepted" | "finalized" = "accepted"): Uint8Array | undefined {
  const c = net.contractState(address);
  const slots = stage === "accepted" ? c?.accepted : c?.finalized;
  return slots?.get(slotOf("value"));
}

export function eventsOf(net: Network, type: string, tx?: string) {
  return net.events.filter((e) => e.type === type && (tx === undefined || ("tx" in e && e.tx === tx)));
}
