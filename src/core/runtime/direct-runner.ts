/**
 * One validator, no consensus: deploy, write and view against a local set of contracts. Used by the
 * CLI (`schema`), the SDK conformance tests and anywhere a single execution is enough. The network
 * engine builds on the same `executeContract`.
 */
import { Address, encode, makeCalldataObject, type CalldataValue, type EncodableValue } from "../calldata";
import {
  DEFAULT_GAS_LIMIT,
  DEFAULT_LLM_TOKEN_LIMIT,
  DEFAULT_TIMEOUT_MS,
  executeContract,
  ZERO_ADDRESS,
} from "./executor";
import type { ExecutionMode, ExecutionResult, SlotMap } from "./execution-types";
import type { ChainReader, DeployedContractView } from "./host";
import type { IntelligenceProvider } from "./intelligence";
import { ScriptedProvider } from "./providers/scripted";
import type { PythonRuntime } from "./python-runtime";
import { applyWrites } from "./state-root";

export interface CallOptions {
  sender?: Address;
  origin?: Address;
  value?: bigint;
  datetime?: string;
  mode?: ExecutionMode;
  leaderResults?: Uint8Array[];
  gasLimit?: bigint;
  timeoutMs?: number;
  llmTokenLimit?: number;
  seed?: Uint8Array;
  /** Balance the contract sees as its own (defaults to the tracked balance). */
  balance?: bigint;
  /** Keep the storage changes of a successful execution (writes and deploys do). */
  commit?: boolean;
  readonly?: boolean;
}

export interface DirectRunnerOptions {
  runtime: PythonRuntime;
  provider?: IntelligenceProvider;
  chainId?: bigint;
  defaultSender?: Address;
  defaultDatetime?: string;
}

interface DeployedContract {
  code: string;
  storage: SlotMap;
  balance: bigint;
}

export class DirectRunner implements ChainReader {
  readonly contracts = new Map<string, DeployedContract>();
  private readonly balances = new Map<string, bigint>();
  provider: IntelligenceProvider;

  constructor(private readonly options: DirectRunnerOptions) {
    this.provider = options.provider ?? new ScriptedProvider();
  }

  getContract(address: Address): DeployedContractView | null {
    return this.contracts.get(address.toHex()) ?? null;
  }

  getBalance(address: Address): bigint {
    return this.contracts.get(address.toHex())?.balance ?? this.balances.get(address.toHex()) ?? 0n;
  }

  /** Deploys `code` at `address` by running `__init__`. Storage is kept only when it returns. */
  async deploy(
    address: Address,
    code: string,
    args: EncodableValue[] = [],
    kwargs: Record<string, EncodableValue> = {},
    opts: CallOptions = {},
  ): Promise<ExecutionResult> {
    const entry = encode(makeCalldataObject(undefined, args, kwargs));
    const res = await this.run(address, code, new Map(), entry, { ...opts, isInit: true });
    if (res.outcome.kind === "return") {
      this.contracts.set(address.toHex(), {
        code,
        storage: applyWrites(new Map(), res.writes),
        balance: (opts.value ?? 0n) + (opts.balance ?? 0n),
      });
    }
    return res;
  }

  /** Calls a method; by default a write (commits on success), or a view with `readonly: true`. */
  async call(
    address: Address,
    method: string,
    args: EncodableValue[] = [],
    kwargs: Record<string, EncodableValue> = {},
    opts: CallOptions = {},
  ): Promise<ExecutionResult> {
    const contract = this.contracts.get(address.toHex());
    if (!contract) throw new Error(`no contract at ${address.toChecksum()}`);
    const entry = encode(makeCalldataObject(method, args, kwargs));
    const res = await this.run(address, contract.code, contract.storage, entry, opts);
    const commit = opts.commit ?? !opts.readonly;
    if (commit && res.outcome.kind === "return") {
      contract.storage = applyWrites(contract.storage, res.writes);
      contract.balance += opts.value ?? 0n;
    }
    return res;
  }

  view(address: Address, method: string, args: EncodableValue[] = [], kwargs: Record<string, EncodableValue> = {}, opts: CallOptions = {}) {
    return this.call(address, method, args, kwargs, { ...opts, readonly: true, commit: false });
  }

  /** Runs `#get-schema` on code that need not be deployed. */
  async schema(
    code: string,
  ): Promise<{ ok: true; schema: unknown; raw: string; warnings: string[] } | { ok: false; result: ExecutionResult; warnings: string[] }> {
    const entry = encode(new Map<string, CalldataValue>([["method", "#get-schema"]]));
    const res = await this.run(ZERO_ADDRESS, code, new Map(), entry, { sender: ZERO_ADDRESS, readonly: true });
    if (res.outcome.kind === "return" && typeof res.outcome.value === "string") {
      return { ok: true, schema: JSON.parse(res.outcome.value), raw: res.outcome.value, warnings: res.warnings };
    }
    return { ok: false, result: res, warnings: res.warnings };
  }

  private run(
    address: Address,
    code: string,
    storage: SlotMap,
    entryData: Uint8Array,
    opts: CallOptions & { isInit?: boolean },
  ): Promise<ExecutionResult> {
    const sender = opts.sender ?? this.options.defaultSender ?? ZERO_ADDRESS;
    return executeContract(
      this.options.runtime,
      {
        code,
        message: {
          contractAddress: address,
          senderAddress: sender,
          originAddress: opts.origin ?? sender,
          value: opts.value ?? 0n,
          chainId: this.options.chainId ?? 61127n,
          datetime: opts.datetime ?? this.options.defaultDatetime ?? "2025-06-01T12:00:00Z",
          isInit: opts.isInit ?? false,
          stack: [],
          entryData,
        },
        mode: opts.mode ?? "leader",
        readonly: opts.readonly ?? false,
        leaderResults: opts.leaderResults ?? [],
        storage,
        balance: opts.balance ?? this.contracts.get(address.toHex())?.balance ?? 0n,
        gasLimit: opts.gasLimit ?? DEFAULT_GAS_LIMIT,
        seed: opts.seed ?? new Uint8Array(32),
      },
      {
        provider: this.provider,
        chain: this,
        llmTokenLimit: opts.llmTokenLimit ?? DEFAULT_LLM_TOKEN_LIMIT,
        timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      },
    );
  }
}
