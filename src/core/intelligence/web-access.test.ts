/** Web access: fixtures, real fetches against a local HTTP server, the CORS proxy, limits and errors. */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProviderError, type RenderRequest, type WebRequest } from "../runtime/intelligence";
import { proxiedUrl, WebAccess, type FetchFunction } from "./web-access";

const ARTICLE = `<!doctype html>
<html><head><title>Match report</title>
<style>body { color: red }</style>
<script>window.tracking = "secret-tracker";</script></head>
<body>
  <h1>Final: Lions 2 – 1 Tigers</h1>
  <p>The Lions won at <a href="https://example.org/stadium">the old stadium</a>.</p>
  <h2>Goals</h2>
  <ul><li>12' Smith</li><li>55' Jones</li></ul>
  <ol><li>First half</li><li>Second half</li></ol>
  <noscript>enable javascript</noscript>
</body></html>`;

interface Seen {
  method: string;
  url: string;
  body: string;
  header: string | undefined;
}

let server: Server;
let base = "";
const seen: Seen[] = [];

async function readAll(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const body = await readAll(req);
    seen.push({ method: req.method ?? "", url: req.url ?? "", body, header: req.headers["x-test"] as string | undefined });
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (path === "/article") {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "X-Served-By": "test" });
      res.end(ARTICLE);
    } else if (path === "/echo") {
      res.writeHead(201, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ method: req.method, body }));
    } else if (path === "/plain") {
      res.writeHead(200, { "Content-Type": "text/plain" });
      res.end("  just text\n");
    } else if (path === "/proxy") {
      // A CORS proxy: fetches the `url` query parameter's page from this same server.
      const target = new URL(req.url ?? "", "http://x").searchParams.get("url") ?? "";
      const upstream = await fetch(target);
      res.writeHead(upstream.status, { "Content-Type": upstream.headers.get("content-type") ?? "text/plain", "X-Proxied": "yes" });
      res.end(Buffer.from(await upstream.arrayBuffer()));
    } else if (path === "/big") {
      res.writeHead(200, { "Content-Type": "text/plain" });
      res.end("x".repeat(5000));
    } else {
      res.writeHead(404, { "Content-Type": "text/html" });
      res.end("<h1>Not here</h1>");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const get = (url: string): WebRequest => ({ url, method: "GET", body: null, headers: {} });
const render = (url: string, mode: RenderRequest["mode"] = "text"): RenderRequest => ({ url, mode, waitAfterLoaded: "0ms" });
const text = (body: Uint8Array) => new TextDecoder().decode(body);

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const e = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ProviderError);
  expect((e as Error).message).not.toContain("\n");
  return e as ProviderError;
}

describe("WebAccess: fixtures", () => {
  const fixtures = [
    { match: "^https://fixture\\.test/page$", status: 203, headers: { "content-type": "text/html" }, body: "<h2>Hi</h2><ul><li>one</li></ul>" },
    { match: "^https://fixture\\.test/text$", body: "<p>raw</p>", text: "given text" },
  ];

  it("answers a matching URL from its fixture without fetching, even with network access on", async () => {
    const web = new WebAccess({ fixtures, allowNetwork: true, fetch: () => Promise.reject(new Error("must not fetch")) });
    const res = await web.webRequest(get("https://fixture.test/page"));
    expect(res.status).toBe(203);
    expect(res.headers).toEqual({ "content-type": "text/html" });
    expect(text(res.body)).toBe("<h2>Hi</h2><ul><li>one</li></ul>");
    expect(await web.webRender(render("https://fixture.test/page", "html"))).toEqual({ text: "<h2>Hi</h2><ul><li>one</li></ul>" });
    expect(await web.webRender(render("https://fixture.test/page"))).toEqual({ text: "Hi\n\n * one" });
    expect(await web.webRender(render("https://fixture.test/text"))).toEqual({ text: "given text" });
  });

  it("refuses live URLs while network access is off, naming the way out", async () => {
    const web = new WebAccess({ fixtures, fetch: () => Promise.reject(new Error("must not fetch")) });
    const e = await failure(web.webRequest(get("https://elsewhere.test/")));
    expect(e.message).toBe("no web fixture for https://elsewhere.test/ and live web access is off (allow it in the settings, or add a fixture)");
  });
});

describe("WebAccess: real fetch", () => {
  it("fetches a page: status, lower-case headers and the exact body", async () => {
    const web = new WebAccess({ allowNetwork: true });
    const res = await web.webRequest(get(`${base}/article`));
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(res.headers["x-served-by"]).toBe("test");
    expect(text(res.body)).toBe(ARTICLE);
  });

  it("sends the method, headers and body of a POST", async () => {
    const web = new WebAccess({ allowNetwork: true });
    const res = await web.webRequest({ url: `${base}/echo`, method: "POST", body: new TextEncoder().encode("ping"), headers: { "X-Test": "42" } });
    expect(res.status).toBe(201);
    expect(JSON.parse(text(res.body))).toEqual({ method: "POST", body: "ping" });
    expect(seen.at(-1)).toMatchObject({ method: "POST", url: "/echo", body: "ping", header: "42" });
  });

  it("passes a 404 through for request, but render of a 404 is an error", async () => {
    const web = new WebAccess({ allowNetwork: true });
    const res = await web.webRequest(get(`${base}/missing`));
    expect(res.status).toBe(404);
    expect(text(res.body)).toBe("<h1>Not here</h1>");
    const e = await failure(web.webRender(render(`${base}/missing`)));
    expect(e.message).toBe(`could not render ${base}/missing: HTTP 404 Not Found`);
  });

  it("renders a realistic page as readable text: headings, lists and links kept, scripts and styles dropped", async () => {
    const web = new WebAccess({ allowNetwork: true });
    const { text: page } = (await web.webRender(render(`${base}/article`))) as { text: string };
    expect(page).toBe(
      [
        "Final: Lions 2 – 1 Tigers",
        "",
        "The Lions won at the old stadium [https://example.org/stadium].",
        "",
        "Goals",
        "",
        " * 12' Smith",
        " * 55' Jones",
        "",
        " 1. First half",
        " 2. Second half",
      ].join("\n"),
    );
    expect(page).not.toMatch(/secret-tracker|color: red|enable javascript|Match report/);
    expect(await web.webRender(render(`${base}/article`, "html"))).toEqual({ text: ARTICLE });
  });

  it("returns non-HTML text as it is (trimmed) in text mode", async () => {
    const web = new WebAccess({ allowNetwork: true });
    expect(await web.webRender(render(`${base}/plain`))).toEqual({ text: "just text" });
  });

  it("goes through the CORS proxy when one is set", async () => {
    const web = new WebAccess({ allowNetwork: true, corsProxy: `${base}/proxy?url={url}` });
    const before = seen.length;
    const res = await web.webRequest(get(`${base}/article?team=lions&x=1`));
    expect(res.headers["x-proxied"]).toBe("yes");
    expect(text(res.body)).toBe(ARTICLE);
    const hits = seen.slice(before).map((s) => s.url);
    expect(hits).toEqual([`/proxy?url=${encodeURIComponent(`${base}/article?team=lions&x=1`)}`, "/article?team=lions&x=1"]);
  });

  it("rewrites URLs for proxy templates with and without {url}", () => {
    expect(proxiedUrl("https://proxy.example/?url={url}", "https://a.test/x?y=1")).toBe("https://proxy.example/?url=https%3A%2F%2Fa.test%2Fx%3Fy%3D1");
    expect(proxiedUrl("https://proxy.example/raw?", "https://a.test/")).toBe("https://proxy.example/raw?https%3A%2F%2Fa.test%2F");
  });

  it("stops at the body size limit with a clear error", async () => {
    const web = new WebAccess({ allowNetwork: true, maxBodyBytes: 1024 });
    const e = await failure(web.webRequest(get(`${base}/big`)));
    expect(e.message).toBe(`the response from ${base}/big is larger than 1 KB, the playground's limit`);
    const small = await new WebAccess({ allowNetwork: true, maxBodyBytes: 5000 }).webRequest(get(`${base}/big`));
    expect(small.body.byteLength).toBe(5000);
  });

  it("turns a browser-style 'Failed to fetch' into a one-line hint about a CORS proxy", async () => {
    const blocked: FetchFunction = () => Promise.reject(new TypeError("Failed to fetch"));
    const direct = await failure(new WebAccess({ allowNetwork: true, fetch: blocked }).webRequest(get("https://news.test/a")));
    expect(direct.message).toBe(
      "could not fetch https://news.test/a: the site is unreachable or does not allow cross-origin requests (set a CORS proxy in the settings)",
    );
    const proxied = await failure(
      new WebAccess({ allowNetwork: true, fetch: blocked, corsProxy: "https://proxy.example/?url={url}" }).webRender(render("https://news.test/a")),
    );
    expect(proxied.message).toBe("could not fetch https://news.test/a through the CORS proxy proxy.example (is the proxy reachable?)");
  });

  it("refuses screenshots and non-http URLs", async () => {
    const web = new WebAccess({ allowNetwork: true });
    expect((await failure(web.webRender(render(`${base}/article`, "screenshot")))).message).toBe(
      "screenshots are not available in the browser playground",
    );
    expect((await failure(web.webRequest(get("file:///etc/passwd")))).message).toBe("only http and https URLs can be fetched, got file:///etc/passwd");
  });
});
