export * from "./codec";
export * from "./plan";
export * from "./secrets";
