/**
 * `cli serve [--port 4000] [--host 127.0.0.1] [--validators 5]`: a local GenLayer node over HTTP,
 * speaking the Studio-compatible JSON-RPC subset (src/core/rpc) on `/` and `/api`, with Pyodide
 * validators in worker threads. Binds 127.0.0.1 unless told otherwise. Bodies over 1 MiB, bad JSON
 * and unknown methods get JSON-RPC error objects; the server keeps serving. Requests are handled
 * one at a time, in arrival order. Prints one line when ready (with the real port: `--port 0`
 * picks a free one) and stops cleanly on Ctrl+C.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { handleJsonRpcText, INVALID_REQUEST, type RpcMethods } from "../core/rpc/json-rpc";
import { playgroundRpcMethods } from "../core/rpc";
import { validatorMethods } from "../core/rpc/validator-methods";
import type { ScenarioValidator } from "../core/scenario/format";
import { networkSpec } from "../core/scenario/network";
import { parseScenario } from "../core/scenario/parse";
import { createPyodideNetwork } from "../../workers/node/pyodide-network";

const USAGE = "usage: npm run -s cli -- serve [--port 4000] [--host 127.0.0.1] [--validators 5]";
export const MAX_BODY_BYTES = 1 << 20;

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function rpcError(code: number, message: string): string {
  return JSON.stringify({ jsonrpc: "2.0", id: null, error: { code, message } });
}

function send(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, {
    "content-type": "application/json",
    "access-control-allow-origin": "*",
    "access-control-allow-headers": "content-type",
    "access-control-allow-methods": "POST, OPTIONS",
  });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((done) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) over = true;
      else chunks.push(c);
    });
    req.on("end", () => done(over ? null : Buffer.concat(chunks).toString("utf8")));
    req.on("error", () => done(null));
  });
}

export async function runServeCommand(args: string[]): Promise<number> {
  const known = new Set(["--port", "--host", "--validators"]);
  for (let i = 0; i < args.length; i += 2) {
    if (!known.has(args[i]!) || args[i + 1] === undefined) {
      console.error(`${known.has(args[i]!) ? `missing value for ${args[i]}` : `unknown option '${args[i]}'`}\n${USAGE}`);
      return 1;
    }
  }
  const port = Number(option(args, "--port") ?? "4000");
  const host = option(args, "--host") ?? "127.0.0.1";
  const count = Number(option(args, "--validators") ?? "5");
  if (!Number.isInteger(port) || port < 0 || port > 65535) return fail(`--port must be 0..65535\n${USAGE}`);
  if (!Number.isInteger(count) || count < 1 || count > 100) return fail(`--validators must be 1..100\n${USAGE}`);
  const specFor = (validators: ScenarioValidator[] | { count: number }) => {
    const size = Array.isArray(validators) ? validators.length : validators.count;
    const parsed = parseScenario({ version: 1, name: "serve", seed: "serve", network: { validators, runtimes: Math.min(size, 3) }, steps: [] });
    if (!parsed.ok) throw new Error(parsed.errors[0]);
    return parsed.scenario;
  };
  const first = specFor({ count });
  let validators: ScenarioValidator[] = first.network.validators;
  let net = createPyodideNetwork(networkSpec(first));
  let table: RpcMethods = playgroundRpcMethods(net);
  const management = validatorMethods({
    network: () => net,
    validators: () => [...validators],
    rebuild: async (list) => {
      const scenario = specFor(list);
      const old = net;
      validators = scenario.network.validators;
      net = createPyodideNetwork(networkSpec(scenario));
      table = playgroundRpcMethods(net);
      await old.dispose?.();
    },
  });
  let queue: Promise<unknown> = Promise.resolve();

  const server = createServer((req, res) => {
    if (req.method === "OPTIONS") return send(res, 204, "");
    if (req.method !== "POST") return send(res, 405, rpcError(INVALID_REQUEST, "invalid request: send JSON-RPC with POST"));
    const path = (req.url ?? "/").split("?")[0];
    if (path !== "/" && path !== "/api") return send(res, 404, rpcError(INVALID_REQUEST, "invalid request: the endpoint is / (or /api)"));
    void readBody(req).then((text) => {
      if (text === null) return send(res, 413, rpcError(INVALID_REQUEST, `invalid request: the body is larger than ${MAX_BODY_BYTES} bytes`));
      if (process.env.GENLAYER_RPC_LOG) console.error(`rpc ← ${text.slice(0, 300)}`);
      const run = queue.then(() => handleJsonRpcText({ ...table, ...management }, text));
      queue = run.catch(() => undefined);
      run.then(
        (out) => send(res, 200, out),
        (e: unknown) => send(res, 500, rpcError(-32603, `internal error: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`)),
      );
    });
  });
  await new Promise<void>((ready, failed) => {
    server.once("error", failed);
    server.listen(port, host, () => ready());
  }).catch((e: NodeJS.ErrnoException) => {
    throw new Error(e.code === "EADDRINUSE" ? `port ${port} is already in use` : e.message);
  });
  const address = server.address();
  const actual = typeof address === "object" && address ? address.port : port;
  console.error(`GenLayer playground node on http://${host}:${actual} (chain ${net.network.chainId}, ${count} validators); Ctrl+C stops it`);
  await new Promise<void>((stop) => {
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  server.close();
  await net.dispose?.();
  return 0;
}

function fail(message: string): number {
  console.error(message);
  return 1;
}
