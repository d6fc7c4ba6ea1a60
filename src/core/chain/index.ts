/** The simulated chain: accounts, contracts, validator standing, deterministic ids. */
export {
  ChainState,
  ChainStateReader,
  InsufficientBalanceError,
  type AccountState,
  type ChainSnapshot,
  type ContractRecord,
  type ValidatorStanding,
} from "./chain-state";
export {
  addressKey,
  contractAddress,
  keccakHex,
  keccakText,
  saltedContractAddress,
  toAddress,
  txHash,
  u256Bytes,
  type TxHashFields,
} from "./addresses";
