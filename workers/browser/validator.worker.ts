/** Browser module Worker entry: the validator API over comlink. */
import * as Comlink from "comlink";
import { createValidatorApi } from "../validator-api";

Comlink.expose(createValidatorApi());
