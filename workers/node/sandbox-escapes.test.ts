/** The sandbox escape suite (sandbox-escape-suite.ts) on workers that started Python themselves, as in Node. */
import { sandboxEscapeSuite } from "./sandbox-escape-suite";

sandboxEscapeSuite("boot");
