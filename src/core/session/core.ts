/**
 * The session's store and network plumbing: state fields, `subscribe`/`getState` for React,
 * queued actions with one-line errors, and (re)building the network with a snapshot before every
 * phase. `PlaygroundSession` (session.ts) adds the user actions.
 */
import { Address } from "../calldata";
import type { NetworkSnapshot } from "../consensus/engine";
import type { Phase } from "../consensus/network-core";
import { cloneTx } from "../consensus/snapshots";
import { accountAddress } from "../scenario/accounts";
import type { ContractSchema } from "../scenario/args";
import type { EngineNetwork } from "../scenario/engine-network";
import type { Scenario, Step } from "../scenario/format";
import { networkSpec } from "../scenario/network";
import { buildLog } from "./log";
import { buildScenario, DEFAULT_BALANCE, DEFAULT_SETUP, messageOf } from "./setup";
import type { ErrorScope, ResultView, RuntimeBoot, SessionNetworkFactory, SessionSetup, SessionState, WorkspaceFile } from "./types";

export interface PlaygroundSessionOptions {
  createNetwork: SessionNetworkFactory;
  files?: WorkspaceFile[];
  setup?: Partial<SessionSetup>;
  /** Account name → starting balance (default alice and bob with 100 GEN each). */
  accounts?: Record<string, bigint>;
}

export interface Deployed {
  label: string;
  file: string;
  code: string;
  schema: ContractSchema;
  address: Address;
  deployTx: string;
  /** Key in the scenario's `contracts`. */
  source: string;
}

interface HistoryEntry {
  snapshot: NetworkSnapshot;
  steps: number;
}

const MAX_HISTORY = 1000;

export class SessionCore {
  protected files: WorkspaceFile[];
  protected activeFile: string | null;
  protected setup: SessionSetup;
  protected readonly accounts: Map<string, bigint>;
  protected sender: string;
  protected net: EngineNetwork | null = null;
  protected netStatus: SessionState["network"] = "building";
  protected boot: RuntimeBoot[] = [];
  protected built: Promise<void> = Promise.resolve();
  protected detach: (() => void)[] = [];
  protected contracts: Deployed[] = [];
  protected sources: Record<string, string> = {};
  protected txLabels: Record<string, string> = {};
  protected results: Record<string, ResultView> = {};
  protected steps: Step[] = [];
  protected history: HistoryEntry[] = [];
  protected breakpoints = new Set<Phase>();
  protected stepMode = false;
  protected pending = 0;
  protected pauseRequested = false;
  protected errors: SessionState["errors"] = [];
  protected selectedTx: string | null = null;
  protected queue: Promise<unknown> = Promise.resolve();
  protected readonly listeners = new Set<() => void>();
  protected state: SessionState | null = null;
  protected emitScheduled = false;

  constructor(private readonly options: PlaygroundSessionOptions) {
    this.files = options.files ? options.files.map((f) => ({ ...f })) : [];
    this.activeFile = this.files[0]?.path ?? null;
    this.setup = { ...DEFAULT_SETUP, ...options.setup };
    this.accounts = new Map(Object.entries(options.accounts ?? { alice: DEFAULT_BALANCE, bob: DEFAULT_BALANCE }));
    this.sender = [...this.accounts.keys()][0] ?? "owner";
    if (this.accounts.size === 0) this.accounts.set(this.sender, 0n);
    this.built = this.rebuild();
  }

  // ---- store ----

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getState = (): SessionState => (this.state ??= this.buildState());

  /** Resolves once the network (re)build in progress is done. */
  ready(): Promise<void> {
    return this.built;
  }

  /** Waits for every queued action. */
  async idle(): Promise<void> {
    await this.built;
    while (this.pending > 0) await this.queue;
  }

  protected emit(): void {
    this.state = null;
    if (this.emitScheduled) return;
    this.emitScheduled = true;
    queueMicrotask(() => {
      this.emitScheduled = false;
      this.state = null;
      for (const l of [...this.listeners]) l();
    });
  }

  protected setError(scope: ErrorScope, message: string | null): void {
    this.errors = [...this.errors.filter((e) => e.scope !== scope), ...(message === null ? [] : [{ scope, message }])];
    this.emit();
  }

  /** Runs `fn` after every earlier action; an error becomes a one-line message in `scope`. */
  protected act<T>(scope: ErrorScope, fn: () => Promise<T> | T): Promise<T | undefined> {
    this.pending++;
    this.emit();
    const run = this.queue.then(async () => {
      this.setError(scope, null);
      try {
        await this.built;
        return await fn();
      } catch (e) {
        this.setError(scope, messageOf(e));
        return undefined;
      } finally {
        this.pending--;
        this.emit();
      }
    });
    this.queue = run;
    return run;
  }

  protected get network(): EngineNetwork {
    if (!this.net) throw new Error(this.netStatus === "failed" ? "the network failed to start; reset it" : "the network is still starting");
    return this.net;
  }

  // ---- network (re)build ----

  protected async rebuild(): Promise<void> {
    for (const d of this.detach) d();
    this.detach = [];
    const old = this.net;
    this.net = null;
    this.netStatus = "building";
    this.boot = [];
    this.emit();
    await old?.dispose?.();
    try {
      const spec = networkSpec(this.scenarioDoc());
      const net = await this.options.createNetwork(spec, (boot) => {
        this.boot = boot.map((b) => ({ ...b }));
        this.emit();
      });
      this.net = net;
      this.detach.push(net.network.subscribe(() => this.emit()));
      this.detach.push(net.network.onBeforePhase(() => this.remember()));
      this.netStatus = "ready";
      this.setError("network", null);
    } catch (e) {
      this.netStatus = "failed";
      this.setError("network", `network: ${messageOf(e)}`);
    }
    this.emit();
  }

  protected remember(): void {
    this.history.push({ snapshot: this.network.network.snapshot(), steps: this.steps.length });
    if (this.history.length > MAX_HISTORY) this.history.shift();
  }

  protected scenarioDoc(name = "Playground session"): Scenario {
    return buildScenario({ name, setup: this.setup, accounts: this.accounts, contracts: this.sources, steps: this.steps });
  }

  protected buildState(): SessionState {
    const n = this.net?.network;
    const txs = n ? n.transactions().map(cloneTx) : [];
    const events = n ? [...n.events] : [];
    const providers = new Map(this.setup.validators.map((v) => [v.id, v.llm.provider]));
    return {
      files: this.files,
      activeFile: this.activeFile,
      setup: this.setup,
      network: this.netStatus,
      boot: this.boot,
      setupLocked: txs.length > 0,
      accounts: [...this.accounts.keys()].map((name) => {
        const a = accountAddress(name);
        return { name, address: a.toChecksum(), balance: n ? n.balanceOf(a) : (this.accounts.get(name) ?? 0n) };
      }),
      sender: this.sender,
      validators: n ? n.validatorsState().map((v) => ({ ...v, llmProvider: providers.get(v.id) ?? "scripted" })) : [],
      contracts: this.contracts.map((c) => ({
        label: c.label,
        address: c.address.toChecksum(),
        file: c.file,
        code: c.code,
        schema: c.schema,
        deployTx: c.deployTx,
        status: txs.find((t) => t.hash === c.deployTx)?.status ?? "CANCELED",
      })),
      transactions: txs,
      txLabels: { ...this.txLabels },
      results: this.results,
      events,
      log: buildLog(events, new Map(txs.map((t) => [t.hash, t]))),
      next: n ? n.peek() : null,
      stepMode: this.stepMode,
      breakpoints: [...this.breakpoints],
      canBack: this.history.length > 0,
      busy: this.pending > 0 || this.netStatus === "building",
      clock: n ? n.clock : 0,
      finalityWindowMs: n ? n.settings.finalityWindowMs : 30_000,
      errors: this.errors,
      selectedTx: this.selectedTx,
    };
  }
}
