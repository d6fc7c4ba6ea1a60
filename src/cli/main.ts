/**
 * Headless entry point: `npm run -s cli -- <command> ...`.
 *   schema <contract.py>              print the contract's schema JSON (exit 1 with `file:line: message` on errors)
 *   run <scenario.json>... [--trace] [--allow-network]
 *                                     run scenarios, print the JSON report(s) (exit 1 unless every expect holds)
 *   serve [--port 4000] [--host 127.0.0.1] [--validators 5]
 *                                     a local node speaking Studio-compatible JSON-RPC
 */
import { runRunCommand } from "./run-command";
import { runSchemaCommand } from "./schema-command";
import { runServeCommand } from "./serve-command";

const USAGE = `usage: npm run -s cli -- <command>

commands:
  schema <contract.py>             print the contract's schema as JSON
  run <scenario.json>...           run scenarios and print the report as JSON (several
                                   files: a list of reports, one line per file on stderr)
      --trace                      every network event on stderr
      --allow-network              validators may fetch URLs no web fixture matches
                                   (OpenAI-compatible validators: key in GENLAYER_LLM_API_KEY)
  serve                            a local node speaking Studio-compatible JSON-RPC on
                                   http://127.0.0.1:4000 (--port, --host, --validators)`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "schema":
      return runSchemaCommand(rest);
    case "run":
      return runRunCommand(rest);
    case "serve":
      return runServeCommand(rest);
    case undefined:
    case "help":
    case "--help":
    case "-h":
      console.log(USAGE);
      return command === undefined ? 1 : 0;
    default:
      console.error(`unknown command '${command}'\n\n${USAGE}`);
      return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
