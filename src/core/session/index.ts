export { PlaygroundSession, type PlaygroundSessionOptions, type SchemaResult } from "./session";
export { buildLog, describeEvent, filterLog } from "./log";
export { DEFAULT_BALANCE, DEFAULT_SETUP } from "./setup";
export type * from "./types";
