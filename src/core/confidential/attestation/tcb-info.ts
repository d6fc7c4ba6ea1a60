/**
 * TCB-info table (the on-chain analogue of Intel's TCB Info collateral): per FMSPC, TCB levels
 * from highest to lowest, each with a status. A platform's level is the first one whose every
 * CPU SVN component and PCE SVN it meets or exceeds; no such level means "unrecognized".
 */
import { toHex } from "./encoding.js";

export const TCB_STATUSES = [
  "UpToDate",
  "SWHardeningNeeded",
  "ConfigurationNeeded",
  "ConfigurationAndSWHardeningNeeded",
  "OutOfDate",
  "OutOfDateConfigurationNeeded",
  "Revoked",
] as const;
export type TcbStatus = (typeof TCB_STATUSES)[number];

/** The statuses a registry accepts unless configured otherwise. */
export const DEFAULT_ACCEPTED_TCB: readonly TcbStatus[] = ["UpToDate", "SWHardeningNeeded"];

export interface TcbLevel {
  cpuSvn: Uint8Array; // 16 components
  pceSvn: number;
  status: TcbStatus;
}

export interface TcbInfo {
  fmspc: Uint8Array; // 6
  levels: TcbLevel[]; // highest first
}

export function fmspcKey(fmspc: Uint8Array): string {
  return toHex(fmspc);
}

function meetsLevel(cpuSvn: Uint8Array, pceSvn: number, level: TcbLevel): boolean {
  for (let i = 0; i < 16; i++) if (cpuSvn[i] < level.cpuSvn[i]) return false;
  return pceSvn >= level.pceSvn;
}

/** The platform's TCB status, or undefined when no level matches (TCB unrecognized). */
export function tcbStatusFor(info: TcbInfo, cpuSvn: Uint8Array, pceSvn: number): TcbStatus | undefined {
  return info.levels.find((level) => meetsLevel(cpuSvn, pceSvn, level))?.status;
}
