import { describe, expect, it } from "vitest";
import { lookupApi, splitDottedPrefix } from "./genlayer-language";
import type { ApiDoc } from "../../core/runtime/editor-analysis-types";

const entry = (name: string, kind: "module" | "function" | "decorator" = "function") => ({
  name,
  kind,
  signature: kind === "module" ? null : "()",
  doc: `${name} doc`,
  deprecated: false,
});

const API: ApiDoc = {
  namespaces: {
    gl: [entry("nondet", "module"), entry("public", "module")],
    "gl.nondet": [entry("exec_prompt")],
    "gl.public": [entry("view", "decorator")],
  },
  globals: [entry("gl", "module"), entry("TreeMap")],
};

describe("GenLayer completions: what the cursor is after", () => {
  it("splits a dotted name into namespace and prefix", () => {
    expect(splitDottedPrefix("    x = gl.")).toEqual({ namespace: "gl", prefix: "" });
    expect(splitDottedPrefix("    return gl.nondet.ex")).toEqual({ namespace: "gl.nondet", prefix: "ex" });
    expect(splitDottedPrefix("    @gl.public.")).toEqual({ namespace: "gl.public", prefix: "" });
    expect(splitDottedPrefix("x: Tree")).toEqual({ namespace: null, prefix: "Tree" });
    expect(splitDottedPrefix("f(a).b")).toBeNull();
    expect(splitDottedPrefix("")).toEqual({ namespace: null, prefix: "" });
  });

  it("looks up qualified names", () => {
    expect(lookupApi(API, "gl.nondet.exec_prompt")?.doc).toBe("exec_prompt doc");
    expect(lookupApi(API, "gl.public.view")?.kind).toBe("decorator");
    expect(lookupApi(API, "TreeMap")?.name).toBe("TreeMap");
    expect(lookupApi(API, "gl.nope")).toBeNull();
  });
});

describe("GenLayer parameter hints", () => {
  it("finds the open call and the argument under the cursor", async () => {
    const { findOpenCall } = await import("./signature-help");
    expect(findOpenCall('    x = gl.nondet.exec_prompt("a, b", ')).toEqual({
      callee: "gl.nondet.exec_prompt",
      argIndex: 1,
      keyword: null,
    });
    expect(findOpenCall("gl.vm.run_nondet(f, g(1, 2), compare_vm_errors=")).toEqual({
      callee: "gl.vm.run_nondet",
      argIndex: 2,
      keyword: "compare_vm_errors",
    });
    expect(findOpenCall("x = (1 + 2")).toBeNull();
    expect(findOpenCall("f(a)")).toBeNull();
  });

  it("splits signatures and picks the active parameter", async () => {
    const { splitParameters, activeParameter } = await import("./signature-help");
    const params = splitParameters("(prompt: str, *, response_format: Literal['text', 'json'] = 'text', images=None) -> Any");
    expect(params).toEqual(["prompt: str", "*", "response_format: Literal['text', 'json'] = 'text'", "images=None"]);
    expect(activeParameter(params, { callee: "f", argIndex: 0, keyword: null })).toBe(0);
    expect(activeParameter(params, { callee: "f", argIndex: 1, keyword: "images" })).toBe(3);
    expect(activeParameter(params, { callee: "f", argIndex: 1, keyword: null })).toBe(-1);
  });
});
