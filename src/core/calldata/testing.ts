/** Test-only helpers: load the calldata oracle (src/core/testdata/calldata-vectors.json). Node only. */
import { readFileSync } from "node:fs";
import type { TypedJson } from "./typed-json";

export interface ValidVector {
  name: string;
  value: TypedJson;
  decoded?: TypedJson;
  hex: string;
}

export interface MalformedInput {
  name: string;
  hex: string;
  why: string;
  py: { verdict: "accept" | "reject"; decoded?: TypedJson; error?: string };
}

export interface EncodeEdgeCase {
  impl: "genlayer-js" | "genlayer-py";
  name: string;
  input: string;
  hex?: string;
  error?: string;
  to_string?: string;
  to_str?: string;
}

export interface CalldataOracle {
  vectors: ValidVector[];
  malformed: MalformedInput[];
  encode_edge_cases: EncodeEdgeCase[];
}

let cached: CalldataOracle | undefined;

export function loadOracle(): CalldataOracle {
  cached ??= JSON.parse(
    readFileSync(new URL("../testdata/calldata-vectors.json", import.meta.url), "utf8"),
  ) as CalldataOracle;
  return cached;
}

export function hexToBytes(hex: string): Uint8Array {
  const body = hex.startsWith("0x") ? hex.slice(2) : hex;
  const out = new Uint8Array(body.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(body.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function toHex(bytes: Uint8Array): string {
  return "0x" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
