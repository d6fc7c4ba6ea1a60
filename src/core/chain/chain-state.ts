/**
 * The simulated chain's state: accounts (balance, nonce; contracts are accounts too), contracts
 * (code, accepted and finalized storage) and the validators' standing (stake, reputation counts).
 * Plain maps, copied structurally by `snapshot()` / `restore()`.
 *
 * Slot contents (`Uint8Array`) are treated as immutable: nothing here mutates one in place.
 */
import type { Address } from "../calldata";
import type { ChainReader, DeployedContractView, StorageState } from "../runtime/host";
import type { SlotMap } from "../runtime/execution-types";
import { stateRoot } from "../runtime/state-root";
import { addressKey } from "./addresses";

export interface AccountState {
  balance: bigint;
  nonce: bigint;
}

export interface ContractRecord {
  address: Address;
  code: string;
  /** Storage after the latest accepted transaction. */
  accepted: SlotMap;
  /** Storage after the latest finalized transaction; null until the deploy is finalized. */
  finalized: SlotMap | null;
  /** Hash of the deploy transaction. */
  deployTx: string;
}

export interface ValidatorStanding {
  id: string;
  address: Address;
  stake: bigint;
  /** Votes that matched the final outcome / all counted votes (reputation = ratio). */
  votesWithOutcome: number;
  votesTotal: number;
  rewarded: bigint;
  slashed: bigint;
}

export interface ChainSnapshot {
  accounts: [string, AccountState][];
  contracts: [string, ContractRecord][];
  validators: [string, ValidatorStanding][];
}

export class InsufficientBalanceError extends Error {
  constructor(address: Address, needed: bigint, available: bigint) {
    super(`insufficient balance: ${address.toChecksum()} has ${available} wei, needs ${needed}`);
    this.name = "InsufficientBalanceError";
  }
}

export class ChainState {
  readonly accounts = new Map<string, AccountState>();
  readonly contracts = new Map<string, ContractRecord>();
  readonly validators = new Map<string, ValidatorStanding>();

  constructor(validators: readonly { id: string; address: Address; stake: bigint }[] = []) {
    for (const v of validators)
      this.validators.set(v.id, { id: v.id, address: v.address, stake: v.stake, votesWithOutcome: 0, votesTotal: 0, rewarded: 0n, slashed: 0n });
  }

  // ---- accounts ----

  account(a: Address): AccountState {
    const key = addressKey(a);
    let acc = this.accounts.get(key);
    if (!acc) {
      acc = { balance: 0n, nonce: 0n };
      this.accounts.set(key, acc);
    }
    return acc;
  }

  balanceOf(a: Address): bigint {
    return this.accounts.get(addressKey(a))?.balance ?? 0n;
  }

  nonceOf(a: Address): bigint {
    return this.accounts.get(addressKey(a))?.nonce ?? 0n;
  }

  /** The faucet: mints `amount` wei to `a`. */
  fund(a: Address, amount: bigint): void {
    if (amount < 0n) throw new RangeError("cannot fund a negative amount");
    this.account(a).balance += amount;
  }

  credit(a: Address, amount: bigint): void {
    this.account(a).balance += amount;
  }

  /** Takes `amount` from `a`; throws `InsufficientBalanceError` if it does not have it. */
  debit(a: Address, amount: bigint): void {
    const acc = this.account(a);
    if (acc.balance < amount) throw new InsufficientBalanceError(a, amount, acc.balance);
    acc.balance -= amount;
  }

  /** Moves `amount` from `from` to `to` (throws if `from` lacks it). */
  transfer(from: Address, to: Address, amount: bigint): void {
    this.debit(from, amount);
    this.credit(to, amount);
  }

  /** Returns the current nonce of `a` and increments it. */
  useNonce(a: Address): bigint {
    const acc = this.account(a);
    const n = acc.nonce;
    acc.nonce = n + 1n;
    return n;
  }

  // ---- contracts ----

  contract(a: Address): ContractRecord | undefined {
    return this.contracts.get(addressKey(a));
  }

  registerContract(address: Address, code: string, storage: SlotMap, deployTx: string): ContractRecord {
    const rec: ContractRecord = { address, code, accepted: new Map(storage), finalized: null, deployTx };
    this.contracts.set(addressKey(address), rec);
    return rec;
  }

  setAccepted(a: Address, storage: SlotMap): void {
    const rec = this.contract(a);
    if (!rec) throw new Error(`no contract at ${a.toChecksum()}`);
    rec.accepted = new Map(storage);
  }

  setFinalized(a: Address, storage: SlotMap): void {
    const rec = this.contract(a);
    if (!rec) throw new Error(`no contract at ${a.toChecksum()}`);
    rec.finalized = new Map(storage);
  }

  /** Puts a contract back as it was (`null`: not deployed). */
  restoreContract(a: Address, rec: ContractRecord | null): void {
    if (rec) this.contracts.set(addressKey(a), copyContract(rec));
    else this.contracts.delete(addressKey(a));
  }

  /** A structural copy of the contract record, or null. */
  copyContract(a: Address): ContractRecord | null {
    const rec = this.contract(a);
    return rec ? copyContract(rec) : null;
  }

  stateRoot(a: Address, stage: "accepted" | "finalized"): string | null {
    const rec = this.contract(a);
    if (!rec) return null;
    const slots = stage === "accepted" ? rec.accepted : rec.finalized;
    return slots ? stateRoot(slots) : null;
  }

  // ---- validators ----

  validator(id: string): ValidatorStanding {
    const v = this.validators.get(id);
    if (!v) throw new Error(`unknown validator ${id}`);
    return v;
  }

  // ---- snapshots ----

  snapshot(): ChainSnapshot {
    return {
      accounts: [...this.accounts].map(([k, v]) => [k, { ...v }]),
      contracts: [...this.contracts].map(([k, v]) => [k, copyContract(v)]),
      validators: [...this.validators].map(([k, v]) => [k, { ...v }]),
    };
  }

  restore(s: ChainSnapshot): void {
    this.accounts.clear();
    this.contracts.clear();
    this.validators.clear();
    for (const [k, v] of s.accounts) this.accounts.set(k, { ...v });
    for (const [k, v] of s.contracts) this.contracts.set(k, copyContract(v));
    for (const [k, v] of s.validators) this.validators.set(k, { ...v });
  }

  /** A `ChainReader` for executions (cross-contract views, balances). */
  reader(): ChainReader {
    return new ChainStateReader(this);
  }
}

function copySlots(s: SlotMap): SlotMap {
  const out: SlotMap = new Map();
  for (const [k, v] of s) out.set(k, v.slice());
  return out;
}

function copyContract(r: ContractRecord): ContractRecord {
  return { ...r, accepted: copySlots(r.accepted), finalized: r.finalized ? copySlots(r.finalized) : null };
}

/** Reads accepted (`latest_nonfinal`) or finalized (`latest_final`) contract state. */
export class ChainStateReader implements ChainReader {
  constructor(private readonly chain: ChainState) {}

  getContract(address: Address, state: StorageState): DeployedContractView | null {
    const rec = this.chain.contract(address);
    if (!rec) return null;
    const storage = state === "latest_final" ? rec.finalized : rec.accepted;
    if (!storage) return null;
    return { code: rec.code, storage: new Map(storage), balance: this.chain.balanceOf(address) };
  }

  getBalance(address: Address): bigint {
    return this.chain.balanceOf(address);
  }
}
