/** The sandbox escape suite (sandbox-escape-suite.ts) on workers restored from an interpreter snapshot, as in the browser. */
import { sandboxEscapeSuite } from "./sandbox-escape-suite";

sandboxEscapeSuite("snapshot");
