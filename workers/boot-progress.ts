/**
 * Boot progress a validator worker reports while it starts: which stage it is in and how far along
 * the whole boot is (0..1). Sent over the worker's host-channel port next to the channel's own
 * messages, so it needs no extra plumbing; plain data, DOM-free.
 */

export type BootStage = "loading Pyodide" | "starting Python" | "installing SDK" | "ready";

export interface BootProgress {
  stage: BootStage;
  /** Fraction of the whole boot done, 0..1. */
  progress: number;
  /** False while the fraction is a guess (e.g. download size unknown). */
  measured: boolean;
}

export interface BootProgressMessage {
  kind: "gl-boot-progress";
  progress: BootProgress;
}

/** Where each stage starts on the 0..1 bar; loading Pyodide (download + compile) is the bulk. */
export const STAGE_START: Record<BootStage, number> = {
  "loading Pyodide": 0.02,
  "starting Python": 0.6,
  "installing SDK": 0.8,
  ready: 1,
};

export function bootProgressMessage(stage: BootStage, progress = STAGE_START[stage], measured = stage === "ready"): BootProgressMessage {
  return { kind: "gl-boot-progress", progress: { stage, progress: clamp01(progress), measured } };
}

export function isBootProgressMessage(msg: unknown): msg is BootProgressMessage {
  return typeof msg === "object" && msg !== null && (msg as { kind?: unknown }).kind === "gl-boot-progress";
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}
