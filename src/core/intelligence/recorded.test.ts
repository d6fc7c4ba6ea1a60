/** Recording and replaying intelligence: every kind of answer, failures, repeats, misses. */
import { describe, expect, it } from "vitest";
import {
  ProviderError,
  type IntelligenceProvider,
  type PromptRequest,
  type RenderRequest,
  type TemplateRequest,
  type WebRequest,
} from "../runtime/intelligence";
import { orderedRecording, RecordingProvider, ReplayProvider, requestKey, type Recording } from "./recorded";

/** A provider whose answers change on every call, so a replay can only match by recording. */
class CountingProvider implements IntelligenceProvider {
  readonly label = "counting";
  n = 0;
  async execPrompt(req: PromptRequest) {
    this.n++;
    if (req.prompt.includes("fail")) throw new ProviderError(`model refused #${this.n}`);
    return req.responseFormat === "json" ? { n: this.n, score: 1.5, nested: { list: [1, "two", null, true] } } : `answer #${this.n}`;
  }
  async execPromptTemplate(req: TemplateRequest) {
    this.n++;
    return req.template === "EqNonComparativeLeader" ? `leader #${this.n}` : this.n % 2 === 0;
  }
  async webRequest(req: WebRequest) {
    this.n++;
    return { status: 404, headers: { "content-type": "application/octet-stream", "x-n": String(this.n) }, body: new Uint8Array([0, 255, 128, this.n, 10]) };
  }
  async webRender(req: RenderRequest) {
    this.n++;
    return req.mode === "screenshot" ? { image: new Uint8Array([137, 80, 78, 71, this.n]) } : { text: `page ${req.url} #${this.n}` };
  }
}

const prompt = (text: string, responseFormat: "text" | "json" = "text"): PromptRequest => ({ prompt: text, responseFormat, images: [] });
const template = (name: TemplateRequest["template"], task: string): TemplateRequest => ({ template: name, vars: { task, principle: "same" } });
const request: WebRequest = { url: "https://a.test/data", method: "POST", body: new Uint8Array([1, 2, 3]), headers: { b: "2", a: "1" } };
const render = (mode: RenderRequest["mode"]): RenderRequest => ({ url: "https://a.test/", mode, waitAfterLoaded: "0ms" });

/** Runs one fixed sequence of calls and returns everything the contract would see. */
async function session(p: IntelligenceProvider): Promise<unknown[]> {
  const seen: unknown[] = [];
  const attempt = async (f: () => Promise<unknown>) => {
    try {
      seen.push(await f());
    } catch (e) {
      seen.push({ thrown: e instanceof ProviderError ? "ProviderError" : "other", message: (e as Error).message });
    }
  };
  await attempt(() => p.execPrompt(prompt("hello")));
  await attempt(() => p.execPrompt(prompt("give json", "json")));
  await attempt(() => p.execPrompt(prompt("hello")));
  await attempt(() => p.execPrompt(prompt("please fail")));
  await attempt(() => p.execPromptTemplate(template("EqComparative", "compare")));
  await attempt(() => p.execPromptTemplate(template("EqNonComparativeLeader", "lead")));
  await attempt(() => p.webRequest(request));
  await attempt(() => p.webRender(render("text")));
  await attempt(() => p.webRender(render("screenshot")));
  return seen;
}

describe("RecordingProvider + ReplayProvider", () => {
  it("replays every answer exactly, in order, as plain JSON that survives a round trip", async () => {
    const recording: Recording = {};
    const live = await session(new RecordingProvider(new CountingProvider(), "v1", recording));
    const saved = JSON.parse(JSON.stringify(orderedRecording(recording))) as Recording;
    const replayed = await session(new ReplayProvider(saved.v1, "v1"));
    expect(replayed).toEqual(live);
    // Booleans stay booleans, JSON stays objects with the same serialisation, bytes stay bytes.
    expect(JSON.stringify(replayed[1])).toBe(JSON.stringify(live[1]));
    expect(typeof replayed[4]).toBe("boolean");
    expect(replayed[6]).toMatchObject({ status: 404, body: new Uint8Array([0, 255, 128, 7, 10]) });
    expect(replayed[3]).toEqual({ thrown: "ProviderError", message: "model refused #4" });
  });

  it("stores kinds, stable keys, summaries and base64 bodies", async () => {
    const recording: Recording = {};
    await session(new RecordingProvider(new CountingProvider(), "v1", recording));
    const calls = recording.v1;
    expect(calls.map((c) => c.kind)).toEqual(["prompt", "prompt", "prompt", "prompt", "template", "template", "request", "render", "render"]);
    expect(calls[0].key).toBe(calls[2].key);
    expect(calls[0].key).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(calls.map((c) => c.key)).size).toBe(8);
    expect(calls[0]).toEqual({ kind: "prompt", key: calls[0].key, about: 'prompt "hello"', answer: "answer #1" });
    expect(calls[3]).toMatchObject({ about: 'prompt "please fail"', error: "model refused #4" });
    expect(calls[3].answer).toBeUndefined();
    expect(calls[6]).toMatchObject({ about: "POST https://a.test/data", answer: { status: 404, body: "AP+ABwo=" } });
    expect(calls[8]).toMatchObject({ about: "render (screenshot) https://a.test/", answer: { image: "iVBORwk=" } });
  });

  it("keys depend on the request's content, not on header order", () => {
    const a = requestKey("request", request);
    expect(requestKey("request", { ...request, headers: { a: "1", b: "2" } })).toBe(a);
    expect(requestKey("request", { ...request, body: new Uint8Array([1, 2, 4]) })).not.toBe(a);
    expect(requestKey("prompt", prompt("x"))).not.toBe(requestKey("prompt", prompt("x", "json")));
    expect(requestKey("render", render("text"))).not.toBe(requestKey("render", render("html")));
  });

  it("keeps each validator's calls apart and orders validators naturally", async () => {
    const recording: Recording = {};
    await new RecordingProvider(new CountingProvider(), "v10", recording).execPrompt(prompt("hello"));
    await new RecordingProvider(new CountingProvider(), "v2", recording).execPrompt(prompt("hello"));
    await new RecordingProvider(new CountingProvider(), "v2", recording).execPrompt(prompt("again"));
    expect(Object.keys(orderedRecording(recording))).toEqual(["v2", "v10"]);
    expect(recording.v2.map((c) => c.answer)).toEqual(["answer #1", "answer #1"]);
    const v10 = new ReplayProvider(recording.v10, "v10");
    expect(await v10.execPrompt(prompt("hello"))).toBe("answer #1");
    await expect(v10.execPrompt(prompt("again"))).rejects.toThrow('no recorded answer for prompt "again" on validator v10');
  });

  it("fails clearly for a request never recorded, or repeated more often than recorded", async () => {
    const recording: Recording = {};
    await new RecordingProvider(new CountingProvider(), "v1", recording).webRender(render("text"));
    const replay = new ReplayProvider(recording.v1, "v1");
    await expect(replay.webRender(render("html"))).rejects.toThrow(new ProviderError("no recorded answer for render (html) https://a.test/ on validator v1"));
    expect(await replay.webRender(render("text"))).toEqual({ text: "page https://a.test/ #1" });
    await expect(replay.webRender(render("text"))).rejects.toThrow(
      "no recorded answer for render (text) https://a.test/ on validator v1 (all 1 recorded answers already used)",
    );
  });

  it("returns copies: a caller changing an answer does not change the recording", async () => {
    const recording: Recording = {};
    const live = (await new RecordingProvider(new CountingProvider(), "v1", recording).execPrompt(prompt("j", "json"))) as Record<string, unknown>;
    live.n = 99;
    expect(recording.v1[0].answer).toMatchObject({ n: 1 });
  });
});

describe("token usage", () => {
  it("usage a model reports is recorded with the call and reported again on replay", async () => {
    const model: IntelligenceProvider = {
      label: "metered",
      execPrompt: async (_req, ctx) => {
        ctx?.reportUsage(120, 30);
        return "ok";
      },
      execPromptTemplate: async (_req, ctx) => {
        ctx?.reportUsage(50, 1);
        return true;
      },
      webRequest: async () => ({ status: 200, headers: {}, body: new Uint8Array() }),
      webRender: async () => ({ text: "" }),
    };
    const recording: Recording = {};
    const seen: [number, number][] = [];
    const ctx = { reportUsage: (p: number, c: number) => seen.push([p, c]) };
    const rec = new RecordingProvider(model, "v1", recording);
    await rec.execPrompt(prompt("q"), ctx);
    await rec.execPromptTemplate(template("EqComparative", "t"), ctx);
    expect(seen).toEqual([[120, 30], [50, 1]]);
    expect(recording.v1.map((c) => c.usage)).toEqual([[120, 30], [50, 1]]);

    const replayed: [number, number][] = [];
    const replay = new ReplayProvider(JSON.parse(JSON.stringify(recording.v1)), "v1");
    expect(await replay.execPrompt(prompt("q"), { reportUsage: (p, c) => replayed.push([p, c]) })).toBe("ok");
    expect(await replay.execPromptTemplate(template("EqComparative", "t"), { reportUsage: (p, c) => replayed.push([p, c]) })).toBe(true);
    expect(replayed).toEqual(seen);
  });
});
