/** `npm run -s cli -- schema <file>` as a user runs it: JSON on success, `file:line: message` on errors. */
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], { cwd: ROOT }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

function tempContract(source: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "gl-cli-")), "contract.py");
  writeFileSync(file, source);
  return file;
}

describe("cli schema", () => {
  it("prints the schema JSON of an example", async () => {
    const out = await cli(["schema", "contracts-examples/storage.py"]);
    expect(out.code).toBe(0);
    const schema = JSON.parse(out.stdout);
    expect(schema.ctor.params).toEqual([["initial_storage", "string"]]);
    expect(Object.keys(schema.methods)).toEqual(["get_storage", "update_storage"]);
    expect(schema.methods.get_storage.readonly).toBe(true);
  });

  it("reports a syntax error as file:line: message and exits 1", async () => {
    const file = tempContract('# { "Depends": "py-genlayer:test" }\nfrom genlayer import *\n\nclass C(gl.Contract:\n    pass\n');
    const out = await cli(["schema", file]);
    expect(out.code).toBe(1);
    expect(out.stdout).toBe("");
    expect(out.stderr.trim()).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}:4: SyntaxError: .+`));
    expect(out.stderr).not.toContain("Traceback");
  });

  it("reports an invalid storage field with its message", async () => {
    const file = tempContract('# { "Depends": "py-genlayer:test" }\nfrom genlayer import *\n\nclass C(gl.Contract):\n    n: int\n    def __init__(self):\n        pass\n');
    const out = await cli(["schema", file]);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain("use `bigint` or one of sized integers");
  });

  it("warns about a missing runner header but still prints the schema", async () => {
    const file = tempContract("from genlayer import *\n\nclass C(gl.Contract):\n    def __init__(self):\n        pass\n");
    const out = await cli(["schema", file]);
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout).methods).toEqual({});
    expect(out.stderr).toMatch(/:1: warning: missing runner header/);
  });

  it("explains a missing file and bad usage", async () => {
    expect((await cli(["schema", "no/such/file.py"])).stderr).toContain("no/such/file.py: cannot read the file");
    const usage = await cli(["schema"]);
    expect(usage.code).toBe(1);
    expect(usage.stderr).toContain("usage:");
  });
});
