// Node worker_threads cannot load .ts entries by themselves: register tsx, then load the thread.
import { register } from "tsx/esm/api";

register();
await import("./validator-thread.ts");
