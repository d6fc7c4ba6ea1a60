/** Scenarios: the JSON format, its parser and its runner (see README "Scenario format"). */
export * from "./format";
export { parseScenario, type ParseResult } from "./parse";
export { parseJsonText, type JsonTextResult } from "./json-text";
export { runScenario, type RunOptions } from "./runner";
export { createEngineNetwork, type EngineNetwork } from "./engine-network";
export { stepTitle } from "./expectations";
export { ScenarioError, type LoadSource } from "./prepare";
export {
  networkSpec,
  mergeRules,
  DEFAULT_CHAIN_ID,
  DEFAULT_GENESIS_TIME,
  type CreateNetwork,
  type NetworkSpec,
  type ScenarioNetwork,
  type SubmitRequest,
  type ViewRequest,
  type SchemaOutcome,
  type ValidatorInfo,
  type ContractInfo,
} from "./network";
export type * from "./report";
export { accountAddress, accountPrivateKey, validatorAddress } from "./accounts";
export { convertArgs, convertValue, readContractSchema, typeName, ArgError, type ContractSchema, type SchemaType } from "./args";
export { toJsonSafe, matchesExpected } from "./values";
export { formatEvent, shortHash } from "./trace";
