/**
 * Headless entry point: `npm run -s cli -- <command> ...`.
 *   schema <contract.py>              print the contract's schema JSON (exit 1 with `file:line: message` on errors)
 *   run <scenario.json> [--trace]     run a scenario, print its JSON report (exit 1 unless every expect holds)
 */
import { runRunCommand } from "./run-command";
import { runSchemaCommand } from "./schema-command";

const USAGE = `usage: npm run -s cli -- <command>

commands:
  schema <contract.py>             print the contract's schema as JSON
  run <scenario.json> [--trace]    run a scenario and print its report as JSON
                                   (--trace: every network event on stderr)`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "schema":
      return runSchemaCommand(rest);
    case "run":
      return runRunCommand(rest);
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
