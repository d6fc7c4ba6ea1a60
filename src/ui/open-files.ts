/**
 * Contract files from this computer (the file picker or a drop on the Files panel) into the
 * workspace: each is checked (size, text, encoding: src/core/files/text-file.ts) and added under a
 * free name, so nothing of the user's is replaced; a file that can not be opened is one line under
 * the editor (error scope "open", so checking the contract does not clear it).
 */
import { decodeTextFile, fileSizeProblem, freeFilePath, MAX_CONTRACT_FILE_BYTES } from "../core/files/text-file";
import type { PlaygroundSession } from "../core/session";

/** The browser's file picker; resolves with the chosen files (none when cancelled). */
export function pickFiles(accept: string, multiple = false): Promise<File[]> {
  return new Promise((resolve) => {
    const input = document.createElement("input");
    input.type = "file";
    input.accept = accept;
    input.multiple = multiple;
    input.onchange = () => resolve([...(input.files ?? [])]);
    input.addEventListener("cancel", () => resolve([]));
    input.click();
  });
}

/** Adds each file that reads as text; returns how many were opened. */
export async function openContractFiles(session: PlaygroundSession, files: readonly File[]): Promise<number> {
  const problems: string[] = [];
  let opened = 0;
  for (const file of files) {
    // Checked before reading, so a huge file is never loaded.
    const big = fileSizeProblem(file.name, file.size, MAX_CONTRACT_FILE_BYTES);
    if (big) {
      problems.push(big);
      continue;
    }
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await file.arrayBuffer());
    } catch {
      problems.push(`${file.name} could not be read (was it moved or deleted?)`);
      continue;
    }
    const r = decodeTextFile(file.name, bytes, MAX_CONTRACT_FILE_BYTES);
    if (!r.ok) {
      problems.push(r.message);
      continue;
    }
    const path = freeFilePath(file.name, session.getState().files.map((f) => f.path));
    session.setFile(path, r.text);
    session.openFile(path);
    if (r.note) session.addNotice(r.note);
    opened++;
  }
  session.reportError("open", problems.length > 0 ? problems.join("; ") : null);
  return opened;
}
