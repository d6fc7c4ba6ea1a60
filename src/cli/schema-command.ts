/** `cli schema <contract.py>`: prints the schema JSON, or `file:line: message` and exit code 1. */
import { readFileSync } from "node:fs";
import { DirectRunner } from "../core/runtime/direct-runner";
import { describeFailure } from "../core/runtime/errors";
import { createNodeRuntime } from "../../workers/node/node-runtime";

export async function runSchemaCommand(args: string[]): Promise<number> {
  const file = args[0];
  if (!file || args.length > 1) {
    console.error("usage: npm run -s cli -- schema <contract.py>");
    return 1;
  }
  let code: string;
  try {
    code = readFileSync(file, "utf8");
  } catch {
    console.error(`${file}: cannot read the file`);
    return 1;
  }
  const runtime = createNodeRuntime();
  try {
    const runner = new DirectRunner({ runtime });
    const out = await runner.schema(code);
    for (const w of out.warnings) console.error(`${file}:1: warning: ${w}`);
    if (out.ok) {
      console.log(JSON.stringify(out.schema, null, 2));
      return 0;
    }
    const failure = describeFailure(out.result.outcome);
    console.error(`${file}:${failure.line ?? 1}: ${failure.message}`);
    return 1;
  } finally {
    runtime.terminate();
  }
}
