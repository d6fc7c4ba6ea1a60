/** GenLayer calldata codec (byte-identical with `src/sdk/genlayer/py/calldata.py`). */
export { Address, CalldataError, MAX_DEPTH, bytesToHex, type CalldataValue, type EncodableValue } from "./types";
export { encode } from "./encode";
export { decode } from "./decode";
export { toText, quoteString } from "./text";
export { fromTypedJson, toTypedJson, type TypedJson } from "./typed-json";
export { makeCalldataObject } from "./call-object";
