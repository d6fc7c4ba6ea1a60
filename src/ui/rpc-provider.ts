/**
 * `window.genlayerPlayground.request({ method, params })`: an EIP-1193-style provider answering
 * the same Studio-compatible JSON-RPC as `cli serve`, against the network this page runs. A dApp in
 * the console, or in another frame that can reach this window, talks to the in-browser chain with no
 * server. The RPC code (and viem, which decodes signed transactions) loads on the first request.
 * Transactions sent this way show in the app's views but are not recorded as session steps.
 */
import type { PlaygroundSession } from "../core/session";
import type { EngineNetwork } from "../core/scenario/engine-network";
import type { RpcMethods } from "../core/rpc";

export interface ProviderRpcError extends Error {
  code: number;
  data?: unknown;
}

export function installRpcProvider(session: PlaygroundSession): void {
  const tables = new WeakMap<EngineNetwork, RpcMethods>();
  let nextId = 1;
  const request = async ({ method, params }: { method: string; params?: unknown }): Promise<unknown> => {
    const net = session.currentNetwork();
    if (!net) throw Object.assign(new Error("the network is still starting"), { code: -32002 }) as ProviderRpcError;
    const rpc = await import("../core/rpc");
    let methods = tables.get(net);
    if (!methods) tables.set(net, (methods = rpc.playgroundRpcMethods(net)));
    const res = await rpc.handleJsonRpc(methods, { jsonrpc: "2.0", id: nextId++, method, ...(params !== undefined && { params }) });
    if (!res || Array.isArray(res)) throw Object.assign(new Error("invalid request"), { code: -32600 }) as ProviderRpcError;
    if ("error" in res) throw Object.assign(new Error(res.error.message), { code: res.error.code, ...(res.error.data !== undefined && { data: res.error.data }) }) as ProviderRpcError;
    return res.result;
  };
  const w = window as unknown as { genlayerPlayground?: Record<string, unknown> };
  w.genlayerPlayground = { ...(w.genlayerPlayground ?? {}), request };
}
