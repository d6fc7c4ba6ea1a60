/** One line per published DKG message, for the network's event stream (the full messages stay on the bulletin). */
import type { CommitteeDkgEvent } from "../enclave/committee-dkg";

export function summarizeDkgEvent(e: CommitteeDkgEvent): string | null {
  switch (e.type) {
    case "dkg-started":
      return `${e.ceremony === "dkg" ? "DKG" : "resharing"} started: ${e.members.length} members, t = ${e.threshold}, key generation ${e.keyGeneration}`;
    case "dkg-bundles":
      return `${e.validator} published its dealer bundles (Feldman commitments, proof of knowledge, encrypted deals)`;
    case "reshare-bundles":
      return `${e.validator} published its resharing bundles`;
    case "dkg-complaints": {
      const n = e.complaints.decryption.length + e.complaints.state.length;
      return n === 0 ? null : `${e.validator} complained about ${n} deal(s)`;
    }
    case "dkg-justifications": {
      const n = e.justifications.decryption.length + e.justifications.state.length;
      return n === 0 ? null : `${e.validator} answered ${n} complaint(s) by revealing the shares`;
    }
    case "dkg-result":
      return `${e.validator} signed the committee's public keys`;
    case "dkg-member-failed":
      return `${e.validator} failed in the ${e.round} round: ${e.message}`;
    case "committee":
      return null;
  }
}
