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
  // Saved files and settings come back before the session starts (the network starts fresh).
  const { ws, initial } = await WorkspacePersistence.open();
  for (const w of initial.warnings) console.warn(`workspace: ${w}`);
  const session = new PlaygroundSession({ createNetwork: createSessionNetwork, files: initial.files ?? DEFAULT_FILES });
  if (initial.activeFile && initial.files?.some((f) => f.path === initial.activeFile)) session.openFile(initial.activeFile);
  ws.attach(session);
  createRoot(document.getElementById("root")!).render(
    <StrictMode>
      <App session={session} workspace={ws} defaultFiles={DEFAULT_FILES} />
    </StrictMode>,
  );
}

void start();
