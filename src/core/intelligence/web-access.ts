/**
 * Web access for validators (`gl.nondet.web.request` / `render`): web fixtures first (the same
 * rules as the scripted provider's `web` list), then — only when the user allowed it — a real
 * `fetch`, optionally through a user-configured CORS proxy. DOM-free: the fetch function is
 * injected (the browser's or Node's `fetch` by default, a local server's in tests).
 *
 * Decisions: an HTTP status is an answer for `request` (a 404 comes back as status 404), but
 * `render` of a status ≥ 400 fails ("could not render …: HTTP 404 Not Found"), since there is no page
 * to read. Bodies over `maxBodyBytes` (2 MB) fail with a clear message. Screenshots fail: the
 * browser playground has no headless browser to take them.
 */
import {
  ProviderError,
  type IntelligenceProvider,
  type RenderRequest,
  type RenderResult,
  type WebRequest,
  type WebResponse,
} from "../runtime/intelligence";
import type { WebRule } from "../runtime/providers/scripted";
import { htmlToReadableText, looksLikeHtml } from "./html-text";

/** The part of `fetch` web access uses (the global `fetch` fits). */
export type FetchFunction = (url: string, init: RequestInit) => Promise<Response>;

export const DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024;
export const DEFAULT_WEB_TIMEOUT_MS = 30_000;

export interface WebAccessOptions {
  /** Tried first, in order: a regular expression on the URL → the response (scripted `web` rules). */
  fixtures?: WebRule[];
  /** Real requests for URLs no fixture matches (off by default: runs stay reproducible). */
  allowNetwork?: boolean;
  /** e.g. `https://proxy.example/?url={url}`: `{url}` becomes the URL, percent-encoded; without
   * `{url}`, the encoded URL is appended. Empty or unset: fetch the URL directly. */
  corsProxy?: string;
  fetch?: FetchFunction;
  maxBodyBytes?: number;
  timeoutMs?: number;
}

export type WebCapability = Pick<IntelligenceProvider, "webRequest" | "webRender">;

export class WebAccess implements WebCapability {
  private readonly maxBodyBytes: number;

  constructor(private readonly options: WebAccessOptions = {}) {
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  }

  async webRequest(req: WebRequest): Promise<WebResponse> {
    const rule = this.fixtureFor(req.url);
    if (rule) {
      return {
        status: rule.status ?? 200,
        headers: rule.headers ?? {},
        body: this.limited(req.url, new TextEncoder().encode(rule.body ?? rule.text ?? rule.html ?? "")),
      };
    }
    const method = req.method.toUpperCase();
    const body = req.body === null || method === "GET" || method === "HEAD" ? undefined : req.body;
    return this.fetchLive(req.url, {
      method,
      headers: req.headers,
      ...(body !== undefined && { body: typeof body === "string" ? body : copyToArrayBuffer(body) }),
    });
  }

  async webRender(req: RenderRequest): Promise<RenderResult> {
    if (req.mode === "screenshot") throw new ProviderError("screenshots are not available in the browser playground");
    const rule = this.fixtureFor(req.url);
    if (rule) {
      if (req.mode === "html") return { text: rule.html ?? rule.body ?? rule.text ?? "" };
      return { text: rule.text ?? htmlToReadableText(rule.body ?? rule.html ?? "") };
    }
    const res = await this.fetchLive(req.url, { method: "GET", headers: {} });
    if (res.status >= 400) throw new ProviderError(`could not render ${shortUrl(req.url)}: HTTP ${res.status}${statusText(res.status)}`);
    const contentType = res.headers["content-type"];
    const text = decodeText(res.body, contentType);
    if (req.mode === "html") return { text };
    return { text: looksLikeHtml(contentType, text) ? htmlToReadableText(text) : text.trim() };
  }

  private fixtureFor(url: string): WebRule | undefined {
    return (this.options.fixtures ?? []).find((r) => new RegExp(r.match).test(url));
  }

  private async fetchLive(url: string, init: RequestInit): Promise<WebResponse> {
    if (!this.options.allowNetwork)
      throw new ProviderError(`no web fixture for ${shortUrl(url)} and live web access is off (allow it in the settings, or add a fixture)`);
    if (!/^https?:\/\//i.test(url)) throw new ProviderError(`only http and https URLs can be fetched, got ${shortUrl(url)}`);
    const proxy = this.options.corsProxy?.trim();
    const target = proxy ? proxiedUrl(proxy, url) : url;
    const fetchFn = this.options.fetch ?? globalThis.fetch.bind(globalThis);
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_WEB_TIMEOUT_MS;
    let res: Response;
    try {
      res = await fetchFn(target, { ...init, redirect: "follow", signal: AbortSignal.timeout(timeoutMs) });
    } catch (e) {
      throw fetchFailure(url, proxy, timeoutMs, e);
    }
    const headers: Record<string, string> = {};
    res.headers.forEach((value, key) => {
      headers[key.toLowerCase()] = value;
    });
    const declared = Number(headers["content-length"]);
    if (Number.isFinite(declared) && declared > this.maxBodyBytes) {
      await res.body?.cancel().catch(() => undefined);
      throw this.tooLarge(url);
    }
    let body: Uint8Array;
    try {
      body = await this.readBody(url, res);
    } catch (e) {
      if (e instanceof ProviderError) throw e;
      throw fetchFailure(url, proxy, timeoutMs, e);
    }
    return { status: res.status, headers: sortedKeys(headers), body };
  }

  /** Reads the body chunk by chunk and stops as soon as it passes the limit. */
  private async readBody(url: string, res: Response): Promise<Uint8Array> {
    if (!res.body) return this.limited(url, new Uint8Array(await res.arrayBuffer()));
    const reader = res.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > this.maxBodyBytes) {
        await reader.cancel().catch(() => undefined);
        throw this.tooLarge(url);
      }
      chunks.push(value);
    }
    const out = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      out.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return out;
  }

  private limited(url: string, body: Uint8Array): Uint8Array {
    if (body.byteLength > this.maxBodyBytes) throw this.tooLarge(url);
    return body;
  }

  private tooLarge(url: string): ProviderError {
    return new ProviderError(`the response from ${shortUrl(url)} is larger than ${formatBytes(this.maxBodyBytes)}, the playground's limit`);
  }
}

/** The address to fetch through a CORS proxy URL template. */
export function proxiedUrl(template: string, url: string): string {
  const encoded = encodeURIComponent(url);
  return template.includes("{url}") ? template.split("{url}").join(encoded) : template + encoded;
}

function fetchFailure(url: string, proxy: string | undefined, timeoutMs: number, e: unknown): ProviderError {
  const name = e instanceof Error ? e.name : "";
  if (name === "TimeoutError" || name === "AbortError")
    return new ProviderError(`fetching ${shortUrl(url)} timed out after ${Math.round(timeoutMs / 1000)} s`);
  if (e instanceof TypeError) {
    // Browsers report a blocked cross-origin request exactly like a network failure.
    return proxy
      ? new ProviderError(`could not fetch ${shortUrl(url)} through the CORS proxy ${hostOf(proxy)} (is the proxy reachable?)`)
      : new ProviderError(`could not fetch ${shortUrl(url)}: the site is unreachable or does not allow cross-origin requests (set a CORS proxy in the settings)`);
  }
  const message = e instanceof Error ? e.message : String(e);
  return new ProviderError(`could not fetch ${shortUrl(url)}: ${message.split("\n")[0]}`);
}

function decodeText(body: Uint8Array, contentType: string | undefined): string {
  const charset = /charset=["']?([\w.:-]+)/i.exec(contentType ?? "")?.[1];
  try {
    return new TextDecoder(charset ?? "utf-8").decode(body);
  } catch {
    return new TextDecoder("utf-8").decode(body);
  }
}

function copyToArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const out = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(out).set(bytes);
  return out;
}

function sortedKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

const STATUS_TEXT: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  410: "Gone",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

function statusText(status: number): string {
  return STATUS_TEXT[status] ? ` ${STATUS_TEXT[status]}` : "";
}

function shortUrl(url: string): string {
  return url.length > 100 ? url.slice(0, 97) + "..." : url;
}

function hostOf(url: string): string {
  try {
    return new URL(url.replace("{url}", "")).host;
  } catch {
    return shortUrl(url);
  }
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${+(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}
