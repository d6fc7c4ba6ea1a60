/**
 * An auditor named at a confidential contract's deploy reads a sealed value: the request is signed
 * with the auditor's account key, one online member enclave gathers the committee's state shares,
 * checks the signer against the auditors bound at the DKG and answers with the value encrypted to
 * the auditor's key, which only the auditor opens (here, on the auditor's side).
 */
import type { Address } from "../../calldata";
import { auditorPublicKey, openAuditorReply, signAuditorRequest } from "../auditor";
import type { ConfidentialNetwork } from "./confidential-network";
import { fromHex0x } from "../enclave/wire";

export async function auditorOpen(
  conf: ConfidentialNetwork,
  contract: Address,
  slot: { name: string; sealed: Uint8Array },
  accountPrivateKey: Uint8Array,
): Promise<Uint8Array> {
  const committee = conf.committeeOf(contract);
  if (!committee) throw new Error("this contract has no confidential committee");
  const answering = conf.answeringMember(committee);
  if (!answering) throw new Error("no member of the committee is online to answer");
  const { member, endpoint } = answering;
  const sealedStateShares = await conf.stateSharesFor(committee, { participantId: member.participantId, transportKey: fromHex0x(member.transportKey, "transport key") });
  const auditorKey = auditorPublicKey(accountPrivateKey);
  const fields = { committeeId: committee.id, contract: committee.contract, name: slot.name, sealed: slot.sealed, auditorKey };
  const signature = signAuditorRequest(fields, accountPrivateKey);
  const answer = await endpoint.request({ kind: "auditor-open", committee, name: slot.name, sealed: slot.sealed, sealedStateShares, auditorKey, signature });
  if (answer.kind !== "auditor-reencrypted") throw new Error(answer.kind === "error" ? answer.message : "the enclave gave no answer");
  return openAuditorReply(answer.reply, { committeeId: committee.id, name: slot.name }, fromHex0x(member.enclaveKey, "enclave key"), accountPrivateKey);
}
