/**
 * Appeal bonds and appeal round sizes, after Studio's backend/protocol_rpc/fees.py and
 * backend/consensus/base.py `get_extra_validators` (numbers only; our own code).
 */

/** Validators per round: normal rounds at even indexes, appeal rounds at odd ones. */
export const VALIDATORS_PER_ROUND: readonly number[] = [
  5, 7, 11, 13, 23, 25, 47, 49, 95, 97, 191, 193, 383, 385, 767, 769, 1535, 1537,
];

export interface FeeSettings {
  /** Wei per time unit (Studio default 10^15 = 0.001 GEN; 0 = gasless: bonds are 0). */
  genPerTimeUnit: bigint;
  leaderTimeUnits: bigint;
  validatorTimeUnits: bigint;
}

export const DEFAULT_FEES: FeeSettings = {
  genPerTimeUnit: 10n ** 15n,
  leaderTimeUnits: 100n,
  validatorTimeUnits: 200n,
};

function perRound(index: number): bigint {
  const t = VALIDATORS_PER_ROUND;
  return BigInt(t[Math.min(index, t.length - 1)]);
}

/**
 * Minimum bond of a validator appeal (tx ACCEPTED or VALIDATORS_TIMEOUT): target round =
 * current + 1; bond = VALIDATORS_PER_ROUND[target] × validator time units × gen per time unit.
 */
export function validatorAppealBond(currentRound: number, fees: FeeSettings = DEFAULT_FEES): bigint {
  return perRound(currentRound + 1) * fees.validatorTimeUnits * fees.genPerTimeUnit;
}

/**
 * Minimum bond of a leader appeal (tx UNDETERMINED or LEADER_TIMEOUT): target round = current + 2;
 * bond = rotations × leader units + rotations × VALIDATORS_PER_ROUND[target] × validator units,
 * × gen per time unit.
 */
export function leaderAppealBond(currentRound: number, rotations: number, fees: FeeSettings = DEFAULT_FEES): bigint {
  const r = BigInt(Math.max(1, rotations));
  return (r * fees.leaderTimeUnits + r * perRound(currentRound + 2) * fees.validatorTimeUnits) * fees.genPerTimeUnit;
}

/**
 * Validators in a validator-appeal round (Studio's table, n = the transaction's original count,
 * leader included): first appeal n + 2 new ones; after f failed appeals 2·f·n + 3 (the previous
 * appeal validators are reused, the rest are new).
 */
export function appealRoundSize(n: number, appealsFailed: number): number {
  return appealsFailed === 0 ? n + 2 : 2 * appealsFailed * n + 3;
}

/** Formats wei as GEN with up to 6 decimals ("1.4 GEN"). */
export function formatGen(wei: bigint): string {
  const neg = wei < 0n;
  const abs = neg ? -wei : wei;
  const whole = abs / 10n ** 18n;
  const frac = (abs % 10n ** 18n).toString().padStart(18, "0").slice(0, 6).replace(/0+$/, "");
  return `${neg ? "-" : ""}${whole}${frac ? "." + frac : ""} GEN`;
}
