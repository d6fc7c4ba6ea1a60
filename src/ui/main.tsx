import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { PlaygroundSession } from "../core/session";
import { App } from "./App";
import "./app.css";
import { EXAMPLE_FILES } from "./example-files";
import { installScenarioBridge } from "./scenario-bridge";
import { createSessionNetwork } from "./session-network";

installScenarioBridge();

const session = new PlaygroundSession({
  createNetwork: createSessionNetwork,
  files: [{ path: "storage.py", text: EXAMPLE_FILES["storage.py"] ?? "" }],
});

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App session={session} />
  </StrictMode>,
);
