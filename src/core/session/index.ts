export { PlaygroundSession, type PlaygroundSessionOptions, type SavedChain, type SchemaResult } from "./session";
export { buildLog, describeEvent, filterLog } from "./log";
export { DEFAULT_BALANCE, DEFAULT_SETUP } from "./setup";
export type * from "./types";
export { readSavedSession, type SavedSessionState } from "./saved-session";
