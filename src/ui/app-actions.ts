/** Every user action of the app, registered once in the ActionRegistry. */
import type { ConsensusMode } from "../core/consensus/types";
import type { ContractSchema } from "../core/scenario/args";
import type { JsonValue, ScenarioValidator } from "../core/scenario/format";
import type { Phase } from "../core/consensus/network-core";
import type { PlaygroundSession } from "../core/session";
import type { CommitteeOptions } from "../core/session/confidential-steps";
import type { ConfidentialSettings } from "../core/confidential/execution/confidential-world";
import type { ActionRegistry } from "./actions";
import { noRules, rulesForContract } from "../core/session/example-rules";
import { EXAMPLE_FILES } from "./example-files";
import { registerLlmActions } from "./llm/llm-actions";
import type { WorkspaceFile } from "../core/persistence";
import type { WorkspacePersistence } from "./workspace";
import { openContractFiles, pickFiles } from "./open-files";

export interface WorkspaceHooks {
  ws: WorkspacePersistence;
  /** the files a reset puts back */
  defaultFiles: readonly WorkspaceFile[];
}

export type CheckOutput = { kind: "none" } | { kind: "busy" } | { kind: "schema"; path: string; schema: ContractSchema } | { kind: "error"; message: string };

export interface UiHooks {
  setCheck(c: CheckOutput): void;
  togglePalette(): void;
  /** Puts the layout and the open tab back to their defaults. */
  resetUi(): void;
}

export interface DeployArg {
  args: JsonValue[];
  kwargs?: Record<string, JsonValue>;
  from: string;
  value: bigint;
  mode: ConsensusMode;
  /** A confidential contract's committee: size, threshold, auditor account names. */
  confidential?: CommitteeOptions;
}
export interface CallArg {
  contract: string;
  method: string;
  args: JsonValue[];
  kwargs?: Record<string, JsonValue>;
  value?: bigint;
  mode?: ConsensusMode;
}

const GEN = 10n ** 18n;

export function registerAppActions(r: ActionRegistry, s: PlaygroundSession, ui: UiHooks, workspace?: WorkspaceHooks): void {
  const st = () => s.getState();
  const ready = () => st().network === "ready";
  const idle = () => ready() && !st().busy;

  r.register({ id: "palette.open", label: "Command palette", shortcut: "Mod+k", group: "App", run: () => ui.togglePalette() });

  // ---- files and contracts ----
  r.register({
    id: "contract.schema",
    label: "Check contract",
    shortcut: "Mod+Enter",
    group: "Contract",
    enabled: () => ready() && st().activeFile !== null,
    async run() {
      const path = st().activeFile!;
      ui.setCheck({ kind: "busy" });
      const res = await s.schema(path);
      if (res.ok) ui.setCheck({ kind: "schema", path, schema: res.schema });
      else ui.setCheck({ kind: "error", message: res.line !== undefined ? `line ${res.line}: ${res.message}` : res.message });
    },
  });
  r.register<string>({
    id: "files.openExample",
    label: "Open example",
    palette: false,
    run(path) {
      const text = EXAMPLE_FILES[path!];
      if (text === undefined) return;
      s.setFile(path!, text);
      s.openFile(path!);
      ui.setCheck({ kind: "none" });
      // An example that prompts an LLM comes with the scripted answers of its scenario.
      const set = !st().setupLocked && noRules(st().setup.llm) ? rulesForContract(EXAMPLE_FILES, path!) : null;
      if (set) void s.setLlmRules(set.rules).then(() => s.addNotice(`scripted answers from the example “${set.name}” are in use (tab LLM)`));
    },
  });
  r.register<string>({ id: "files.open", label: "Open file", palette: false, run: (p) => s.openFile(p!) });
  r.register<string>({ id: "files.close", label: "Close file", palette: false, run: (p) => s.removeFile(p!) });
  r.register({
    id: "files.new",
    label: "New contract file",
    group: "Files",
    run() {
      let n = 1;
      while (st().files.some((f) => f.path === `contract_${n}.py`)) n++;
      const path = `contract_${n}.py`;
      s.setFile(path, '# v0.2.16\n# { "Depends": "py-genlayer:test" }\nfrom genlayer import *\n\n');
      s.openFile(path);
      ui.setCheck({ kind: "none" });
    },
  });
  r.register<readonly File[]>({
    id: "files.openFromDisk",
    label: "Open contract files from this computer…",
    group: "Files",
    async run(given) {
      const files = given ?? (await pickFiles(".py,.txt,text/x-python,text/plain", true));
      if (files.length > 0 && (await openContractFiles(s, files)) > 0) ui.setCheck({ kind: "none" });
    },
  });
  if (workspace) {
    const { ws, defaultFiles } = workspace;
    r.register({ id: "workspace.export", label: "Export workspace", group: "Workspace", run: () => ws.guard(() => ws.exportWorkspace()) });
    r.register({
      id: "workspace.import",
      label: "Import workspace",
      group: "Workspace",
      // A file that is not a workspace is one line under the editor; nothing of the current one changes.
      run: async () => {
        try {
          await ws.importWorkspace();
          s.reportError("open", null);
          ui.setCheck({ kind: "none" });
        } catch (e) {
          s.reportError("open", `Import workspace: ${(e instanceof Error ? e.message : String(e)).split("\n")[0]}`);
        }
      },
    });
    r.register({
      id: "workspace.resetFiles",
      label: "Reset files (forget saved edits)",
      group: "Workspace",
      run: () => ws.guard(async () => {
        await ws.resetFiles(defaultFiles);
        ui.setCheck({ kind: "none" });
      }),
    });
    r.register({
      id: "workspace.resetNetwork",
      label: "Reset network and forget its saved state",
      group: "Workspace",
      enabled: () => !st().busy || st().network === "failed",
      run: () => ws.guard(async () => {
        await ws.resetNetwork();
        await s.reset();
      }),
    });
    r.register({
      id: "workspace.resetSettings",
      label: "Reset settings (layout, open tab, step mode, breakpoints)",
      group: "Workspace",
      run: () => ws.guard(async () => {
        await ws.resetSettings();
        ui.resetUi();
        s.setStepMode(false);
        for (const p of st().breakpoints) s.toggleBreakpoint(p);
      }),
    });
  }
  r.register<DeployArg>({
    id: "contract.deploy",
    label: "Deploy",
    palette: false,
    enabled: (a) => ready() && st().activeFile !== null && a !== undefined,
    run: async (a) => void (await s.deploy(st().activeFile!, a!.args, a!.kwargs ?? {}, { from: a!.from, value: a!.value, mode: a!.mode, ...(a!.confidential && { confidential: a!.confidential }) })),
  });
  r.register<CallArg>({ id: "contract.call", label: "Send transaction", palette: false, enabled: ready, run: async (a) => void (await s.call(a!.contract, a!.method, a!.args, a!.kwargs ?? {}, { value: a!.value, mode: a!.mode })) });
  r.register<unknown>({ id: "validators.rules", label: "Set scripted answers", palette: false, enabled: () => !st().setupLocked, run: async (rules) => void (await s.setLlmRules(rules)) });
  r.register<{ contract: string; field: string }>({ id: "contract.audit", label: "Open sealed values as auditor", palette: false, enabled: () => st().network === "ready", run: async (a) => void (await s.auditOpen(a!.contract, a!.field)) });
  r.register<string>({ id: "contract.state", label: "Read contract state", palette: false, enabled: () => st().network === "ready", run: async (label) => void (await s.readState(label!)) });
  r.register<CallArg>({ id: "contract.view", label: "Read", palette: false, enabled: ready, run: async (a) => void (await s.view(a!.contract, a!.method, a!.args, a!.kwargs ?? {})) });

  // ---- consensus stepping ----
  r.register({ id: "stepper.next", label: "Next phase", shortcut: "F10", group: "Consensus", enabled: () => idle() && st().next !== null, run: () => void s.step() });
  r.register({ id: "stepper.continue", label: "Continue", shortcut: "F8", group: "Consensus", enabled: () => idle() && st().next !== null, run: () => void s.continue() });
  r.register({ id: "stepper.back", label: "Back one phase", shortcut: "Shift+F10", group: "Consensus", enabled: () => idle() && st().canBack, run: () => void s.back() });
  r.register({ id: "stepper.pause", label: "Pause", group: "Consensus", enabled: () => st().busy, run: () => s.pause() });
  r.register({ id: "stepper.mode", label: "Toggle step mode (pause before each phase)", group: "Consensus", run: () => s.setStepMode(!st().stepMode) });
  r.register<Phase>({ id: "stepper.breakpoint", label: "Toggle breakpoint", palette: false, run: (p) => s.toggleBreakpoint(p!) });
  r.register<string | null>({ id: "tx.select", label: "Show transaction", palette: false, run: (h) => s.selectTx(h ?? null) });

  // ---- clock and appeals ----
  r.register({
    id: "clock.finality",
    label: "Advance clock past the finality window",
    group: "Clock",
    enabled: idle,
    run: () => void s.advanceTime(st().finalityWindowMs + 1),
  });
  r.register<number>({ id: "clock.advance", label: "Advance clock", palette: false, enabled: idle, run: (ms) => void s.advanceTime(ms!) });
  r.register({
    id: "tx.appeal",
    label: "Appeal the selected transaction",
    group: "Clock",
    enabled: () => {
      const tx = st().transactions.find((t) => t.hash === st().selectedTx);
      return idle() && !!tx && ["ACCEPTED", "UNDETERMINED", "LEADER_TIMEOUT", "VALIDATORS_TIMEOUT"].includes(tx.status);
    },
    run: () => void s.appeal(st().selectedTx!),
  });

  // ---- accounts ----
  r.register<string>({ id: "accounts.sender", label: "Use account", palette: false, run: (n) => s.setSender(n!) });
  r.register<{ name: string; amount: bigint }>({
    id: "accounts.fund",
    label: "Faucet: 10 GEN to the sender",
    group: "Accounts",
    enabled: ready,
    run: (a) => void s.fund(a?.name ?? st().sender, a?.amount ?? 10n * GEN),
  });

  // ---- validators and network ----
  r.register({ id: "validators.add", label: "Add a validator", group: "Network", enabled: () => idle() && !st().setupLocked, run: () => void s.addValidator() });
  r.register<string>({ id: "validators.remove", label: "Remove validator", palette: false, enabled: () => idle() && !st().setupLocked, run: (id) => void s.removeValidator(id!) });
  r.register<{ id: string; patch: Partial<ScenarioValidator> }>({
    id: "validators.update",
    label: "Change validator",
    palette: false,
    enabled: () => idle() && !st().setupLocked,
    run: (a) => void s.updateValidator(a!.id, a!.patch),
  });
  r.register<number>({ id: "validators.perTx", label: "Validators per transaction", palette: false, enabled: () => idle() && !st().setupLocked, run: (n) => void s.setConsensus({ validatorsPerTx: n! }) });
  r.register<ConfidentialSettings>({
    id: "confidential.settings",
    label: "Confidential settings",
    palette: false,
    enabled: () => idle() && !st().setupLocked,
    run: (patch) => void s.setConfidential(patch!),
  });
  registerLlmActions(r, s);
  r.register({ id: "network.reset", label: "Reset network (keeps files and accounts)", group: "Network", enabled: () => !st().busy || st().network === "failed", run: () => void s.reset() });
  r.register({
    id: "scenario.copy",
    label: "Copy session as scenario JSON",
    group: "App",
    run: async () => {
      await navigator.clipboard?.writeText(JSON.stringify(s.toScenario(), null, 2)).catch(() => undefined);
    },
  });
}
