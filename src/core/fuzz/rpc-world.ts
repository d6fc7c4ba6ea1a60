/**
 * A playground node for the JSON-RPC fuzzer: the method table `cli serve` answers with (the
 * Studio-compatible methods and validator management, which rebuilds the network), over a
 * network made by `createNetwork` (the fake executor for the bulk, Pyodide for the Python run),
 * and transactions signed the way genlayer-js signs them.
 */
import { encodeFunctionData, toHex, toRlp, type Hex } from "viem";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { encode, makeCalldataObject, type EncodableValue } from "../calldata";
import { playgroundRpcMethods } from "../rpc";
import type { RpcMethods } from "../rpc/json-rpc";
import { CONSENSUS_MAIN_ADDRESS } from "../rpc/tx-methods";
import { validatorMethods } from "../rpc/validator-methods";
import { accountAddress, accountPrivateKey, validatorAddress } from "../scenario/accounts";
import type { EngineNetwork } from "../scenario/engine-network";
import type { ScenarioValidator } from "../scenario/format";
import { networkSpec, type NetworkSpec } from "../scenario/network";
import { parseScenario } from "../scenario/parse";

export const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";
export const ACCOUNTS = ["alice", "bob", "carol"];

const ADD_TRANSACTION = [
  {
    type: "function",
    name: "addTransaction",
    stateMutability: "nonpayable",
    outputs: [],
    inputs: [
      { name: "_sender", type: "address" },
      { name: "_recipient", type: "address" },
      { name: "_numOfInitialValidators", type: "uint256" },
      { name: "_maxRotations", type: "uint256" },
      { name: "_txData", type: "bytes" },
    ],
  },
] as const;

/** The network of `cli serve` with these validators, and funded accounts. */
function setupFor(validators: ScenarioValidator[] | { count: number }): { spec: NetworkSpec; validators: ScenarioValidator[] } {
  const accounts = Object.fromEntries(ACCOUNTS.map((a) => [a, "1000000000000000000000"]));
  const parsed = parseScenario({ version: 1, name: "fuzz", seed: "fuzz", network: { validators, runtimes: 1 }, accounts, steps: [] });
  if (!parsed.ok) throw new Error(parsed.errors[0]);
  return { spec: networkSpec(parsed.scenario), validators: parsed.scenario.network.validators };
}

export interface TxRequest {
  from: string;
  /** A contract's address, or the zero address for a deploy. */
  to: string;
  calldata: Uint8Array;
  code?: string;
  /** Default: the account's next nonce. */
  nonce?: number;
  value?: bigint;
}

export class RpcWorld {
  private net: EngineNetwork;
  private table: RpcMethods;
  private validatorList: ScenarioValidator[];
  private readonly management: RpcMethods;
  private readonly signers = new Map<string, PrivateKeyAccount>();
  /** Addresses and hashes met so far (contracts deployed, transactions sent), for requests to use. */
  readonly contracts: string[] = [];
  readonly txHashes: string[] = [];

  constructor(private readonly createNetwork: (spec: NetworkSpec) => EngineNetwork, validators = 3) {
    const first = setupFor({ count: validators });
    this.validatorList = first.validators;
    this.net = createNetwork(first.spec);
    this.table = playgroundRpcMethods(this.net);
    this.management = validatorMethods({
      network: () => this.net,
      validators: () => [...this.validatorList],
      rebuild: async (list) => {
        const old = this.net;
        const next = setupFor(list);
        this.validatorList = next.validators;
        this.net = this.createNetwork(next.spec);
        this.table = playgroundRpcMethods(this.net);
        await old.dispose?.();
      },
    });
  }

  /** The method table as `cli serve` builds it for each request. */
  methods(): RpcMethods {
    return { ...this.table, ...this.management };
  }

  network(): EngineNetwork {
    return this.net;
  }

  accountAddresses(): string[] {
    return ACCOUNTS.map((a) => accountAddress(a).toChecksum());
  }

  validatorAddresses(): string[] {
    return this.validatorList.map((v) => validatorAddress(v.id).toChecksum());
  }

  private signer(name: string): PrivateKeyAccount {
    let s = this.signers.get(name);
    if (!s) {
      s = privateKeyToAccount(toHex(accountPrivateKey(name)));
      this.signers.set(name, s);
    }
    return s;
  }

  /** A signed `addTransaction` as genlayer-js sends it (`from` is an account name). */
  async signedTx(t: TxRequest): Promise<Hex> {
    const account = this.signer(t.from);
    const deploy = t.to === ZERO_ADDRESS;
    const txData = deploy ? toRlp([toHex(t.code ?? ""), toHex(t.calldata), toHex(false)]) : toRlp([toHex(t.calldata), toHex(false)]);
    const data = encodeFunctionData({ abi: ADD_TRANSACTION, functionName: "addTransaction", args: [account.address, t.to as Hex, 3n, 3n, txData] });
    const nonce = t.nonce ?? Number(this.net.network.accountState(accountAddress(t.from)).nonce);
    return account.signTransaction({ to: CONSENSUS_MAIN_ADDRESS, data, nonce, gas: 200_000n, gasPrice: 0n, value: t.value ?? 0n, chainId: Number(this.net.network.chainId), type: "legacy" });
  }

  /** `RLP([calldata, leaderOnly])` as gen_call takes it. */
  static callData(method: string | undefined, args: EncodableValue[]): Hex {
    return toRlp([toHex(encode(makeCalldataObject(method, args, {}))), toHex(false)]);
  }

  async dispose(): Promise<void> {
    await this.net.dispose?.();
  }
}
