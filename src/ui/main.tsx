import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { PlaygroundSession } from "../core/session";
import { App } from "./App";
import "./app.css";
import { EXAMPLE_FILES } from "./example-files";
import { installScenarioBridge } from "./scenario-bridge";
import { createSessionNetwork } from "./session-network";
import { WorkspacePersistence } from "./workspace";

installScenarioBridge();

export const DEFAULT_FILES = [{ path: "storage.py", text: EXAMPLE_FILES["storage.py"] ?? "" }];

async function start() {
  // Saved files, settings and the chain come back before the session starts.
  const { ws, initial } = await WorkspacePersistence.open();
  const session = new PlaygroundSession({ createNetwork: createSessionNetwork, files: initial.files ?? DEFAULT_FILES, restore: initial.chain ?? undefined });
  for (const w of initial.warnings) session.addNotice(`storage: ${w}`);
  if (initial.activeFile && initial.files?.some((f) => f.path === initial.activeFile)) session.openFile(initial.activeFile);
  ws.attach(session);
  createRoot(document.getElementById("root")!).render(
    <StrictMode>
      <App session={session} workspace={ws} defaultFiles={DEFAULT_FILES} initialUi={initial.ui} />
    </StrictMode>,
  );
}

void start();
