/** `setConfidential`: the confidential chain's settings in the session setup, checked like a scenario's. */
import { describe, expect, it } from "vitest";
import { FakeExecutor } from "../consensus/fake-executor";
import { storageProgram } from "../scenario/testing/storage-program";
import { createEngineNetwork } from "../scenario/engine-network";
import { PlaygroundSession } from "./session";
import type { SessionNetworkFactory } from "./types";

const program = storageProgram("initial_storage");
const factory: SessionNetworkFactory = (spec, onBoot) => {
  onBoot([{ id: "fake", state: "ready", ms: 0 }]);
  return createEngineNetwork(spec, new FakeExecutor({ program, executionTimeoutMs: spec.settings.executionTimeoutMs }));
};

describe("PlaygroundSession.setConfidential", () => {
  it("merges settings into the setup, drops unset ones, and exports them in the scenario", async () => {
    const s = new PlaygroundSession({ createNetwork: factory, files: [{ path: "storage.py", text: "# storage" }] });
    await s.ready();
    await s.setConfidential({ feeMultiplier: 3 });
    await s.setConfidential({ committeeSize: 2 });
    expect(s.getState().setup.confidential).toEqual({ feeMultiplier: 3, committeeSize: 2 });
    expect(s.toScenario().network.confidential).toEqual({ feeMultiplier: 3, committeeSize: 2 });
    await s.setConfidential({ committeeSize: undefined });
    expect(s.getState().setup.confidential).toEqual({ feeMultiplier: 3 });
    expect(s.getState().errors).toEqual([]);
  });

  it("refuses values a scenario would refuse, with one line, and keeps the setup", async () => {
    const s = new PlaygroundSession({ createNetwork: factory, files: [] });
    await s.ready();
    await s.setConfidential({ feeMultiplier: 1.5 });
    expect(s.getState().errors).toEqual([{ scope: "validators", message: "the confidential fee multiplier must be a whole number from 1 to 100" }]);
    await s.setConfidential({ committeeSize: 4 });
    expect(s.getState().errors[0].message).toBe("the default committee size must be a whole number from 1 to 3 (the validators)");
    expect(s.getState().setup.confidential).toBeUndefined();
  });

  it("is locked once the network has transactions", async () => {
    const s = new PlaygroundSession({ createNetwork: factory, files: [{ path: "storage.py", text: "# storage" }] });
    await s.deploy("storage.py", ["a"]);
    await s.setConfidential({ feeMultiplier: 2 });
    expect(s.getState().errors[0].message).toMatch(/^the network already has transactions/);
    expect(s.getState().setup.confidential).toBeUndefined();
  });
});
