/** Node `worker_threads` entry: the same validator API as the browser worker, over comlink. */
import { parentPort } from "node:worker_threads";
import * as Comlink from "comlink";
import nodeEndpoint from "comlink/dist/esm/node-adapter.mjs";
import { createValidatorApi } from "../validator-api";

if (!parentPort) throw new Error("validator-thread must run in a worker thread");
Comlink.expose(createValidatorApi(), nodeEndpoint(parentPort));
