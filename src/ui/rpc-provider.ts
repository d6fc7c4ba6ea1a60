/**
 * `window.genlayerPlayground.request({ method, params })`: an EIP-1193-style provider answering
 * the same Studio-compatible JSON-RPC as `cli serve`, against the network this page runs. A dApp in
 * the console, or in another frame that can reach this window, talks to the in-browser chain with no
 * server. The RPC code (and viem, which decodes signed transactions) loads on the first request.
 * Transactions sent this way show in the app's views but are not recorded as session steps.
 *
 * genlayer-js (which always `fetch`es its endpoint) can run in this page too: give it the endpoint
 * `RPC_PATH` on this origin; a narrow `fetch` wrapper answers POSTs to exactly that URL here and
 * passes every other request through untouched.
 */
import type { PlaygroundSession } from "../core/session";
import type { EngineNetwork } from "../core/scenario/engine-network";
import type { RpcMethods } from "../core/rpc";

export interface ProviderRpcError extends Error {
  code: number;
  data?: unknown;
}

/** Same-origin path of the in-page endpoint (no server answers it; the page does). */
export const RPC_PATH = "/genlayer-playground-rpc";

export function installRpcProvider(session: PlaygroundSession): void {
  const tables = new WeakMap<EngineNetwork, RpcMethods>();
  let nextId = 1;
  const methodsNow = async () => {
    const net = session.currentNetwork();
    if (!net) return null;
    const rpc = await import("../core/rpc");
    let methods = tables.get(net);
    if (!methods) tables.set(net, (methods = rpc.playgroundRpcMethods(net)));
    return { rpc, methods };
  };
  const request = async (args: { method: string; params?: unknown }): Promise<unknown> => {
    if (typeof args !== "object" || args === null || Array.isArray(args)) throw Object.assign(new Error("invalid request: call request({ method, params })"), { code: -32600 }) as ProviderRpcError;
    const { method, params } = args;
    const now = await methodsNow();
    if (!now) throw Object.assign(new Error("the network is still starting"), { code: -32002 }) as ProviderRpcError;
    const { rpc, methods } = now;
    const res = await rpc.handleJsonRpc(methods, { jsonrpc: "2.0", id: nextId++, method, ...(params !== undefined && { params }) });
    if (!res || Array.isArray(res)) throw Object.assign(new Error("invalid request"), { code: -32600 }) as ProviderRpcError;
    if ("error" in res) throw Object.assign(new Error(res.error.message), { code: res.error.code, ...(res.error.data !== undefined && { data: res.error.data }) }) as ProviderRpcError;
    return res.result;
  };
  const w = window as unknown as { genlayerPlayground?: Record<string, unknown> };
  w.genlayerPlayground = { ...(w.genlayerPlayground ?? {}), request, rpcEndpoint: new URL(RPC_PATH, location.origin).href };

  const endpoint = new URL(RPC_PATH, location.origin).href;
  const passThrough = window.fetch.bind(window);
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
    if (url !== endpoint || method !== "POST") return passThrough(input, init);
    const text = init?.body !== undefined ? String(init.body) : await (input as Request).text();
    const now = await methodsNow();
    const body = now ? await now.rpc.handleJsonRpcText(now.methods, text) : JSON.stringify({ jsonrpc: "2.0", id: null, error: { code: -32002, message: "the network is still starting" } });
    return new Response(body, { status: 200, headers: { "content-type": "application/json" } });
  };
}
