export { buildField, buildFields, kindOf, optionalInner, sampleJson, shortType, type FieldKind, type FieldSpec } from "./fields";
export { formatGen, INT_MESSAGE, parseIntText, parseWei, WEI_PER_GEN, type IntResult } from "./int";
export { ADDRESS_MESSAGE, BYTES_MESSAGE, parseField, parseForm, type FieldInput, type FieldResult, type FormResult } from "./parse";
export { formatResult } from "./result";
