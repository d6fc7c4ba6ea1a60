import { afterAll, describe, expect, it } from "vitest";
import { createNodeRuntime } from "./node-runtime";
import { Address } from "../../src/core/calldata";
import { DirectRunner } from "../../src/core/runtime/direct-runner";

const HEADER = '# v0.2.16\n# { "Depends": "py-genlayer:test" }\n';

describe("editor analysis in the validator worker (lint, describeApi)", () => {
  const rt = createNodeRuntime();
  afterAll(() => rt.terminate());

  it("reports a syntax error at its line", async () => {
    const code = HEADER + "from genlayer import *\n\nclass C(gl.Contract):\n    def f(self)\n        pass\n";
    const diags = await rt.lint(code);
    const errors = diags.filter((d) => d.severity === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0].line).toBe(6);
    expect(errors[0].message).toMatch(/^SyntaxError/);
  });

  it("flags storage annotations, non-deterministic calls and a missing header", async () => {
    const code = [
      "from genlayer import *",
      "class C(gl.Contract):",
      "    n: int",
      "    @gl.public.write",
      "    def f(self) -> str:",
      '        return gl.nondet.exec_prompt("hi")',
      "",
    ].join("\n");
    const diags = await rt.lint(code);
    expect(diags.map((d) => [d.line, d.severity])).toEqual([
      [1, "warning"],
      [3, "error"],
      [6, "error"],
    ]);
    expect(diags[0].message).toContain("missing runner header");
    expect(diags[1].message).toContain("bigint");
    expect(diags[2].message).toContain("outside a non-deterministic block");
  });

  it("passes code with quotes, backslashes and non-ASCII through unchanged", async () => {
    const code = HEADER + 'from genlayer import *\nx = "é \\\\ \\" ✓"\n';
    expect(await rt.lint(code)).toEqual([]);
  });

  it("describes the SDK API for completions", async () => {
    const api = await rt.describeApi();
    const gl = api.namespaces["gl"].map((e) => e.name);
    expect(gl).toEqual(expect.arrayContaining(["Contract", "nondet", "eq_principle", "vm", "public"]));
    const prompt = api.namespaces["gl.nondet"].find((e) => e.name === "exec_prompt");
    expect(prompt?.signature).toMatch(/^\(prompt: str/);
    expect(api.globals.map((e) => e.name)).toEqual(expect.arrayContaining(["TreeMap", "u256", "Address"]));
  });

  it("interleaves with executions in the same interpreter", async () => {
    const runner = new DirectRunner({ runtime: rt });
    const at = new Address(new Uint8Array(20).fill(0x42));
    const code = HEADER + [
      "from genlayer import *",
      "class C(gl.Contract):",
      "    n: u256",
      "    def __init__(self):",
      "        self.n = u256(1)",
      "    @gl.public.view",
      "    def get(self) -> int:",
      "        return self.n",
      "",
    ].join("\n");
    expect((await runner.deploy(at, code)).outcome.kind).toBe("return");
    expect(await rt.lint(code)).toEqual([]);
    expect((await rt.lint(code + "def broken(:\n")).map((d) => d.severity)).toEqual(["error"]);
    expect((await runner.view(at, "get")).outcome).toMatchObject({ kind: "return", value: 1n });
    expect(rt.bootCount).toBe(1);
  });
});
