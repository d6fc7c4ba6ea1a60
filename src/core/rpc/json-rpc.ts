/**
 * JSON-RPC 2.0 envelope for the playground's Studio-compatible node: parsing, batches, and the
 * standard error objects. Every failure becomes an error object with a one-line message; nothing
 * thrown by a method escapes. DOM-free: the in-page provider and `cli serve` both use it.
 */

export const PARSE_ERROR = -32700;
export const INVALID_REQUEST = -32600;
export const METHOD_NOT_FOUND = -32601;
export const INVALID_PARAMS = -32602;
export const INTERNAL_ERROR = -32603;
/** Application errors (e.g. an unknown transaction), as Studio reports them. */
export const SERVER_ERROR = -32000;

export type JsonRpcId = string | number | null;

export interface JsonRpcError {
  code: number;
  message: string;
  data?: unknown;
}

export type JsonRpcResponse =
  | { jsonrpc: "2.0"; id: JsonRpcId; result: unknown }
  | { jsonrpc: "2.0"; id: JsonRpcId; error: JsonRpcError };

/** A method's failure with its JSON-RPC code (anything else thrown is an internal error). */
export class RpcError extends Error {
  constructor(readonly code: number, message: string, readonly data?: unknown) {
    super(message);
  }
}

export function invalidParams(message: string): RpcError {
  return new RpcError(INVALID_PARAMS, `invalid params: ${message}`);
}

export type RpcMethod = (params: unknown[]) => unknown;
export type RpcMethods = Readonly<Record<string, RpcMethod>>;

const MAX_BATCH = 100;
const MAX_MESSAGE = 280;

/** A request's value for an error message: text with control characters and line breaks escaped,
 * cut to `max` characters; anything else as short JSON. */
export function shown(v: unknown, max = 80): string {
  if (v === undefined) return "nothing";
  const text = typeof v === "string" ? v : (JSON.stringify(v) ?? typeof v);
  const cut = text.length > max ? text.slice(0, max - 1) + "…" : text;
  return cut.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function errorResponse(id: JsonRpcId, code: number, message: string, data?: unknown): JsonRpcResponse {
  // one short line, whatever a method threw
  let line = message.split(/\r\n|[\n\r\u2028\u2029]/)[0]!;
  if (line.length > MAX_MESSAGE) line = line.slice(0, MAX_MESSAGE - 1) + "…";
  return { jsonrpc: "2.0", id, error: { code, message: line, ...(data !== undefined && { data }) } };
}

function validId(v: unknown): v is JsonRpcId {
  return v === null || typeof v === "string" || (typeof v === "number" && Number.isFinite(v));
}

/** Positional params as a list (an object becomes a one-element list, as Studio's methods take). */
function paramsList(p: unknown): unknown[] | null {
  if (p === undefined) return [];
  if (Array.isArray(p)) return p;
  if (typeof p === "object" && p !== null) return [p];
  return null;
}

async function handleOne(methods: RpcMethods, req: unknown): Promise<JsonRpcResponse | null> {
  if (typeof req !== "object" || req === null || Array.isArray(req)) return errorResponse(null, INVALID_REQUEST, "invalid request: expected an object");
  const r = req as Record<string, unknown>;
  const id = validId(r.id) ? r.id : null;
  const notification = !("id" in r);
  if (r.jsonrpc !== "2.0") return errorResponse(id, INVALID_REQUEST, 'invalid request: "jsonrpc" must be "2.0"');
  if (typeof r.method !== "string" || r.method.length === 0) return errorResponse(id, INVALID_REQUEST, 'invalid request: "method" must be a non-empty string');
  if ("id" in r && !validId(r.id)) return errorResponse(null, INVALID_REQUEST, 'invalid request: "id" must be a string, a number or null');
  const params = paramsList(r.params);
  if (params === null) return errorResponse(id, INVALID_REQUEST, 'invalid request: "params" must be a list or an object');
  const method = Object.prototype.hasOwnProperty.call(methods, r.method) ? methods[r.method] : undefined;
  if (!method) return notification ? null : errorResponse(id, METHOD_NOT_FOUND, `method not found: ${shown(r.method)}`);
  try {
    const result = await method(params);
    return notification ? null : { jsonrpc: "2.0", id, result: result === undefined ? null : result };
  } catch (e) {
    if (notification) return null;
    if (e instanceof RpcError) return errorResponse(id, e.code, e.message, e.data);
    return errorResponse(id, INTERNAL_ERROR, `internal error: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** One parsed request body (an object or a batch) → the response body (null: notifications only). */
export async function handleJsonRpc(methods: RpcMethods, body: unknown): Promise<JsonRpcResponse | JsonRpcResponse[] | null> {
  if (Array.isArray(body)) {
    if (body.length === 0) return errorResponse(null, INVALID_REQUEST, "invalid request: empty batch");
    if (body.length > MAX_BATCH) return errorResponse(null, INVALID_REQUEST, `invalid request: a batch holds at most ${MAX_BATCH} calls`);
    const out: JsonRpcResponse[] = [];
    // In order: calls in a batch may depend on each other (fund, then send).
    for (const req of body) {
      const res = await handleOne(methods, req);
      if (res) out.push(res);
    }
    return out.length > 0 ? out : null;
  }
  return handleOne(methods, body);
}

/** A request body as text (HTTP) → the response text ("" when there is nothing to answer). */
export async function handleJsonRpcText(methods: RpcMethods, text: string): Promise<string> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return JSON.stringify(errorResponse(null, PARSE_ERROR, "parse error: the body is not valid JSON"));
  }
  const res = await handleJsonRpc(methods, body);
  return res === null ? "" : JSON.stringify(res);
}
