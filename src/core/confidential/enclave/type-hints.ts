// Plaintext type hints of encrypted arguments (the schema's type string of `EncryptedField[T]`).
// The enclave decodes each decrypted argument with the calldata codec and checks it against the
// hint; the client checks before encrypting, so a mismatch is caught on both sides.
import { Address, type CalldataValue } from "../../calldata";

/** True when `value` fits `hint`. Unknown (composite) hints accept any value that decodes. */
export function valueMatchesHint(value: CalldataValue, hint: string): boolean {
  switch (hint) {
    case "int":
      return typeof value === "bigint";
    case "string":
    case "str":
      return typeof value === "string";
    case "bytes":
      return value instanceof Uint8Array;
    case "bool":
      return typeof value === "boolean";
    case "address":
      return value instanceof Address;
    case "null":
      return value === null;
    case "array":
      return Array.isArray(value);
    case "dict":
      return value instanceof Map;
    default:
      return true;
  }
}
