/** The draggable line between the editor column and the middle column, and the column limits. */
import type { KeyboardEvent as ReactKeyboardEvent, PointerEvent as ReactPointerEvent } from "react";

/** The narrowest editor column, and the room the middle and right columns need (minimums, gaps, padding). */
export const LEFT_MIN = 320;
export const OTHERS_MIN = 400 + 320 + 32;

function clampLeft(width: number): number {
  return Math.round(Math.max(LEFT_MIN, Math.min(width, window.innerWidth - OTHERS_MIN)));
}

/** The draggable line between the editor column and the middle column (arrows move it, Home or a
 * double click gives the default widths back). */
export function ColumnSplitter({ width, onChange }: { width: number | null; onChange(width: number | null): void }) {
  const leftWidth = (handle: HTMLElement) => (handle.previousElementSibling as HTMLElement).getBoundingClientRect().width;
  const onPointerDown = (e: ReactPointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    e.preventDefault();
    const handle = e.currentTarget;
    const startX = e.clientX;
    const startWidth = leftWidth(handle);
    handle.setPointerCapture(e.pointerId);
    handle.classList.add("dragging");
    const move = (ev: PointerEvent) => onChange(clampLeft(startWidth + ev.clientX - startX));
    const up = () => {
      handle.classList.remove("dragging");
      handle.removeEventListener("pointermove", move);
      handle.removeEventListener("pointerup", up);
      handle.removeEventListener("pointercancel", up);
    };
    handle.addEventListener("pointermove", move);
    handle.addEventListener("pointerup", up);
    handle.addEventListener("pointercancel", up);
  };
  const onKeyDown = (e: ReactKeyboardEvent<HTMLDivElement>) => {
    const step = e.key === "ArrowLeft" ? -32 : e.key === "ArrowRight" ? 32 : 0;
    if (step !== 0) onChange(clampLeft(leftWidth(e.currentTarget) + step));
    else if (e.key === "Home") onChange(null);
    else return;
    e.preventDefault();
  };
  return (
    <div
      className="col-splitter"
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize the editor column"
      aria-valuenow={width ?? undefined}
      tabIndex={0}
      title="Drag to resize the editor column (double click: default widths)"
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
      onDoubleClick={() => onChange(null)}
    />
  );
}
