// In-memory driver for a whole DKG ceremony (all rounds, all parties, one broadcast view).
// Used by tests and by the emulator before the rounds are moved into enclave workers.
import { randomBytes } from "@noble/hashes/utils.js";
import {
  type Complaint, type DealerBundle, type DkgConfig, type DkgIdentity, type DkgMember, type Justification, newDkgIdentity,
} from "./dkg-messages.js";
import { type DkgResult, createDealerBundle, finalizeDkg, justifyComplaints, processDeals, screenBundles } from "./dkg.js";
import type { Polynomial } from "./shamir.js";

export interface DkgParty {
  readonly identity: DkgIdentity;
  readonly member: DkgMember;
}

export function newDkgCommittee(size: number, threshold: number, sessionId: Uint8Array = randomBytes(32)) {
  const parties: DkgParty[] = [];
  for (let id = 1; id <= size; id++) parties.push(newDkgIdentity(id));
  const config: DkgConfig = { sessionId, threshold, members: parties.map((party) => party.member) };
  return { config, parties };
}

export interface CeremonyInput {
  readonly config: DkgConfig;
  /** Parties that run rounds 2 and 3 and finalize (the honest ones whose outputs are compared). */
  readonly parties: readonly DkgParty[];
  /** Everything broadcast in round 1, honest and adversarial. */
  readonly bundles: readonly DealerBundle[];
  /** Dealer polynomials of dealers that answer complaints (a dealer missing here stays silent). */
  readonly polynomials: ReadonlyMap<number, Polynomial>;
  /** Extra complaints broadcast by adversarial parties. */
  readonly extraComplaints?: readonly Complaint[];
}

export interface CeremonyOutput {
  readonly results: ReadonlyMap<number, DkgResult | Error>;
  readonly evicted: readonly { dealer: number; reason: string }[];
  readonly complaints: readonly Complaint[];
  readonly justifications: readonly Justification[];
}

export function runDkgCeremony(input: CeremonyInput): CeremonyOutput {
  const { config, parties } = input;
  const screened = screenBundles(config, input.bundles);
  const round2 = new Map(parties.map((party) => [party.identity.id, processDeals(config, party.identity, screened)]));
  const complaints = [...[...round2.values()].flatMap((output) => output.complaints), ...(input.extraComplaints ?? [])];
  const justifications: Justification[] = [];
  for (const [dealerId, polynomial] of input.polynomials) {
    const dealer = parties.find((party) => party.identity.id === dealerId);
    if (dealer) justifications.push(...justifyComplaints(config, dealer.identity, polynomial, complaints));
  }
  const results = new Map<number, DkgResult | Error>();
  for (const party of parties) {
    try {
      const shares = round2.get(party.identity.id)!.shares;
      results.set(party.identity.id, finalizeDkg(config, party.identity, screened, shares, complaints, justifications));
    } catch (error) {
      results.set(party.identity.id, error as Error);
    }
  }
  return { results, evicted: screened.evicted, complaints, justifications };
}

/** Happy path: every member deals honestly; returns each member's result. */
export function runHonestDkg(size: number, threshold: number) {
  const { config, parties } = newDkgCommittee(size, threshold);
  const dealt = parties.map((party) => createDealerBundle(config, party.identity));
  const output = runDkgCeremony({
    config,
    parties,
    bundles: dealt.map((entry) => entry.bundle),
    polynomials: new Map(dealt.map((entry, index) => [parties[index]!.identity.id, entry.polynomial])),
  });
  const results = parties.map((party) => {
    const result = output.results.get(party.identity.id)!;
    if (result instanceof Error) throw result;
    return result;
  });
  return { config, parties, results };
}
