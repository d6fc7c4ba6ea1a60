/**
 * A real GenLayer network (a local or hosted Studio, a testnet, or `cli serve`) used through the
 * unmodified genlayer-js client with the user's own key: connect to a JSON-RPC URL, fund (on
 * simulator nodes), deploy, write, read, and watch each transaction's status until it is decided
 * and finalized. DOM-free store (`subscribe` / `getState`) the app's remote panel renders; the
 * key is handed in by the caller (the app keeps it only in this browser). genlayer-js loads on
 * the first connect.
 */
import { Address, type CalldataValue } from "../calldata";
import type { ContractSchema } from "../scenario/args";
import { readContractSchema } from "../scenario/args";
import type { JsonValue } from "../scenario/format";
import { toJsonSafe } from "../scenario/values";

export interface RemoteTx {
  hash: string;
  label: string;
  status: string;
  /** Deploys: the new contract's address once known. */
  to?: string;
  error?: string;
  /** What the network reports of it (the transaction view): sender, votes, the leader's result. */
  detail?: RemoteTxDetail;
}

export interface RemoteTxDetail {
  from?: string;
  to?: string;
  /** Validator → vote, as the node reports them (Studio networks). */
  votes?: Record<string, string>;
  /** The leader's result: "return" / "rollback" / an error kind, and its readable payload. */
  result?: { status: string; payload: string };
  /** Execution result name on networks that report one (testnets). */
  execution?: string;
  /** The transaction as genlayer-js decoded it (JSON-safe), for everything else. */
  raw: JsonValue;
}

function jsonSafe(v: unknown, depth = 0): JsonValue {
  if (depth > 12 || v === undefined) return null;
  if (v === null || typeof v === "string" || typeof v === "boolean") return v;
  if (typeof v === "number") return Number.isFinite(v) ? v : String(v);
  if (typeof v === "bigint") return v.toString();
  if (v instanceof Uint8Array) return "0x" + Array.from(v, (b) => b.toString(16).padStart(2, "0")).join("");
  if (Array.isArray(v)) return v.map((x) => jsonSafe(x, depth + 1));
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [String(k), jsonSafe(x, depth + 1)]));
  if (typeof v === "object") return Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, jsonSafe(x, depth + 1)]));
  return String(v);
}

/** The transaction view's facts from what genlayer-js returns (Studio or testnet shapes). */
export function txDetail(tx: Record<string, unknown>): RemoteTxDetail {
  const cd = tx.consensus_data as { votes?: Record<string, string>; leader_receipt?: { result?: { status?: string; payload?: { readable?: string } | string } }[] } | undefined;
  const lr = cd?.leader_receipt?.[0]?.result;
  const payload = lr?.payload;
  return {
    ...(typeof (tx.from_address ?? tx.sender) === "string" && { from: String(tx.from_address ?? tx.sender) }),
    ...(typeof (tx.to_address ?? tx.recipient) === "string" && { to: String(tx.to_address ?? tx.recipient) }),
    ...(cd?.votes && { votes: { ...cd.votes } }),
    ...(lr?.status && { result: { status: lr.status, payload: typeof payload === "string" ? payload : (payload?.readable ?? "") } }),
    ...(typeof tx.txExecutionResultName === "string" && { execution: tx.txExecutionResultName }),
    raw: jsonSafe(tx),
  };
}

export interface RemoteContract {
  label: string;
  address: string;
  schema: ContractSchema;
}

export interface RemoteState {
  url: string;
  status: "idle" | "connecting" | "connected" | "failed";
  chainId: number | null;
  chainName: string;
  account: string | null;
  balance: string | null;
  contracts: readonly RemoteContract[];
  transactions: readonly RemoteTx[];
  /** `<contract>.<method>` → the last read's value or error. */
  results: Readonly<Record<string, { ok: boolean; value?: JsonValue; error?: string }>>;
  error: string | null;
}

type Client = Record<string, (...a: never[]) => Promise<unknown>> & { request(r: { method: string; params?: unknown[] }): Promise<unknown> };

const DECIDED = new Set(["ACCEPTED", "FINALIZED", "UNDETERMINED", "CANCELED", "LEADER_TIMEOUT", "VALIDATORS_TIMEOUT"]);

function oneLine(e: unknown): string {
  const m = e instanceof Error ? ((e as { details?: string }).details ?? e.message) : String(e);
  return m.split("\n")[0]!.slice(0, 300);
}

export class RemoteNode {
  private state: RemoteState = { url: "", status: "idle", chainId: null, chainName: "", account: null, balance: null, contracts: [], transactions: [], results: {}, error: null };
  private readonly listeners = new Set<() => void>();
  private client: Client | null = null;
  private calldataAddress: ((bytes: Uint8Array) => unknown) | null = null;
  private watching = new Set<string>();

  constructor(private readonly options: { privateKey: `0x${string}`; pollMs?: number }) {}

  getState = (): RemoteState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(patch: Partial<RemoteState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of [...this.listeners]) l();
  }

  private guard = async <T>(fn: () => Promise<T>): Promise<T | undefined> => {
    try {
      this.set({ error: null });
      return await fn();
    } catch (e) {
      this.set({ error: oneLine(e) });
      return undefined;
    }
  };

  /**
   * `wallet`: an injected EIP-1193 wallet (`window.ethereum`) that holds the account and sends the
   * transactions (it must be on the same chain); without it, this browser's own key signs.
   */
  async connect(url: string, wallet?: { request(r: { method: string; params?: unknown[] }): Promise<unknown> }): Promise<void> {
    this.set({ url, status: "connecting", error: null, contracts: [], transactions: [], results: {} });
    try {
      const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }) });
      const body = (await res.json()) as { result?: string; error?: { message: string } };
      if (!body.result) throw new Error(body.error?.message ?? "the node did not answer eth_chainId");
      const chainId = Number(BigInt(body.result));
      const gl = await import("genlayer-js");
      const chains = (await import("genlayer-js/chains")) as Record<string, { id: number; name: string }>;
      const chain = Object.values(chains).find((c) => c.id === chainId);
      if (!chain) throw new Error(`chain id ${chainId} is not one genlayer-js knows (localnet 61127, studionet 61999, testnets)`);
      let address: string;
      if (wallet) {
        const accounts = (await wallet.request({ method: "eth_requestAccounts" })) as string[];
        if (!accounts?.[0]) throw new Error("the wallet gave no account");
        address = accounts[0];
        this.client = gl.createClient({ chain: chain as never, endpoint: url, account: address as never, provider: wallet as never }) as unknown as Client;
      } else {
        const account = gl.createAccount(this.options.privateKey);
        address = account.address;
        this.client = gl.createClient({ chain: chain as never, endpoint: url, account }) as unknown as Client;
      }
      const cd = (gl.abi as unknown as { calldata?: { CalldataAddress?: new (b: Uint8Array) => unknown } }).calldata?.CalldataAddress;
      this.calldataAddress = cd ? (b) => new cd(b) : null;
      this.set({ status: "connected", chainId, chainName: chain.name, account: address });
      await this.refreshBalance();
    } catch (e) {
      this.client = null;
      this.set({ status: "failed", error: `could not connect: ${oneLine(e)}` });
    }
  }

  private need(): Client {
    if (!this.client) throw new Error("connect to a network first");
    return this.client;
  }

  async refreshBalance(): Promise<void> {
    const c = this.need();
    const hex = (await c.request({ method: "eth_getBalance", params: [this.state.account, "latest"] })) as string;
    this.set({ balance: BigInt(hex).toString() });
  }

  /** Simulator nodes only (Studio, `cli serve`): `sim_fundAccount`. */
  fund(amountWei: bigint): Promise<void | undefined> {
    return this.guard(async () => {
      await this.need().request({ method: "sim_fundAccount", params: [this.state.account, Number(amountWei)] });
      await this.refreshBalance();
    });
  }

  /** Our values for genlayer-js's encoder (addresses become its CalldataAddress). */
  private toClient(v: CalldataValue): unknown {
    if (v instanceof Address) return this.calldataAddress ? this.calldataAddress(v.toBytes()) : v.toHex();
    if (Array.isArray(v)) return v.map((x) => this.toClient(x));
    if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, this.toClient(x as CalldataValue)]));
    return v;
  }

  /** The schema the remote node computes for `code` (throws one line on errors). */
  async schemaForCode(code: string): Promise<ContractSchema> {
    try {
      return readContractSchema(await this.need().getContractSchemaForCode(code as never));
    } catch (e) {
      throw new Error(oneLine(e));
    }
  }

  deploy(label: string, code: string, args: CalldataValue[], kwargs: Map<string, CalldataValue>): Promise<string | undefined> {
    return this.guard(async () => {
      const c = this.need();
      const schema = readContractSchema(await c.getContractSchemaForCode(code as never));
      const hash = (await c.deployContract({ code, args: args.map((a) => this.toClient(a)), kwargs: new Map([...kwargs].map(([k, v]) => [k, this.toClient(v)])) } as never)) as string;
      this.track({ hash, label, status: "PENDING" }, { label, schema });
      return hash;
    });
  }

  call(contract: string, method: string, args: CalldataValue[], kwargs: Map<string, CalldataValue>, value = 0n): Promise<string | undefined> {
    return this.guard(async () => {
      const c = this.need();
      const target = this.contract(contract);
      const hash = (await c.writeContract({ address: target.address, functionName: method, args: args.map((a) => this.toClient(a)), kwargs: new Map([...kwargs].map(([k, v]) => [k, this.toClient(v)])), value } as never)) as string;
      const n = this.state.transactions.filter((t) => t.label.startsWith(`${method}#`)).length + 1;
      this.track({ hash, label: `${method}#${n}`, status: "PENDING" });
      return hash;
    });
  }

  read(contract: string, method: string, args: CalldataValue[], kwargs: Map<string, CalldataValue>): Promise<void | undefined> {
    return this.guard(async () => {
      const c = this.need();
      const target = this.contract(contract);
      const key = `${contract}.${method}`;
      try {
        const value = await c.readContract({ address: target.address, functionName: method, args: args.map((a) => this.toClient(a)), kwargs: new Map([...kwargs].map(([k, v]) => [k, this.toClient(v)])), jsonSafeReturn: false } as never);
        this.set({ results: { ...this.state.results, [key]: { ok: true, value: toJsonSafe(value as CalldataValue) } } });
      } catch (e) {
        this.set({ results: { ...this.state.results, [key]: { ok: false, error: oneLine(e) } } });
      }
    });
  }

  private contract(label: string): RemoteContract {
    const c = this.state.contracts.find((x) => x.label === label);
    if (!c) throw new Error(`no deployed contract ${label}`);
    return c;
  }

  private track(tx: RemoteTx, deploy?: { label: string; schema: ContractSchema }): void {
    this.set({ transactions: [tx, ...this.state.transactions] });
    void this.watch(tx.hash, deploy);
  }

  private update(hash: string, patch: Partial<RemoteTx>): void {
    this.set({ transactions: this.state.transactions.map((t) => (t.hash === hash ? { ...t, ...patch } : t)) });
  }

  /** Polls the transaction until it is finalized (or decided without a way to finality). */
  private async watch(hash: string, deploy?: { label: string; schema: ContractSchema }): Promise<void> {
    if (this.watching.has(hash)) return;
    this.watching.add(hash);
    const c = this.need();
    try {
      for (let i = 0; i < 2400; i++) {
        const tx = (await c.getTransaction({ hash } as never)) as { statusName?: string; status_name?: string; to_address?: string; recipient?: string; txExecutionResultName?: string };
        const status = tx.statusName ?? tx.status_name ?? "PENDING";
        const to = tx.to_address ?? tx.recipient;
        this.update(hash, { status, ...(to && { to }), detail: txDetail(tx as Record<string, unknown>) });
        if (deploy && DECIDED.has(status) && to && !this.state.contracts.some((x) => x.label === deploy.label)) {
          this.set({ contracts: [...this.state.contracts, { label: deploy.label, address: to, schema: deploy.schema }] });
        }
        if (status === "FINALIZED" || status === "CANCELED" || status === "UNDETERMINED") break;
        await new Promise((r) => setTimeout(r, this.options.pollMs ?? 1000));
      }
      await this.refreshBalance();
    } catch (e) {
      this.update(hash, { error: oneLine(e) });
    } finally {
      this.watching.delete(hash);
    }
  }
}
