/** The remote network's actions (network selector, connect, fund, deploy, write, read) in the one registry. */
import type { CalldataValue } from "../../core/calldata";
import type { ActionRegistry } from "../actions";
import { remoteNode, saveRemoteUrl, setMode, type NetworkMode } from "./remote-store";

export interface RemoteCallArg {
  contract: string;
  method: string;
  args: CalldataValue[];
  kwargs: Map<string, CalldataValue>;
  value?: bigint;
}

export interface RemoteDeployArg {
  label: string;
  code: string;
  args: CalldataValue[];
  kwargs: Map<string, CalldataValue>;
}

export function registerRemoteActions(r: ActionRegistry): void {
  const connected = () => remoteNode().getState().status === "connected";
  r.register<NetworkMode>({ id: "network.mode", label: "Switch network (in-browser / JSON-RPC URL)", group: "Network", run: (m) => setMode(m ?? "browser") });
  r.register<{ url: string; wallet: boolean }>({
    id: "remote.connect", label: "Connect to a GenLayer JSON-RPC URL", palette: false,
    run: async (a) => {
      saveRemoteUrl(a!.url);
      const injected = (window as unknown as { ethereum?: { request(r: { method: string; params?: unknown[] }): Promise<unknown> } }).ethereum;
      await remoteNode().connect(a!.url, a!.wallet ? injected : undefined);
    },
  });
  r.register({ id: "remote.fund", label: "Fund my remote account (simulator nodes)", group: "Network", enabled: connected, run: async () => void (await remoteNode().fund(100n * 10n ** 18n)) });
  r.register<RemoteDeployArg>({ id: "remote.deploy", label: "Deploy to the remote network", palette: false, enabled: connected, run: async (a) => void (await remoteNode().deploy(a!.label, a!.code, a!.args, a!.kwargs)) });
  r.register<RemoteCallArg>({ id: "remote.call", label: "Send to the remote network", palette: false, enabled: connected, run: async (a) => void (await remoteNode().call(a!.contract, a!.method, a!.args, a!.kwargs, a!.value ?? 0n)) });
  r.register<RemoteCallArg>({ id: "remote.read", label: "Read from the remote network", palette: false, enabled: connected, run: async (a) => void (await remoteNode().read(a!.contract, a!.method, a!.args, a!.kwargs)) });
}
