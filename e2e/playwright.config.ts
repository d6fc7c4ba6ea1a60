import { defineConfig } from "@playwright/test";
import { existsSync } from "node:fs";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
// Another port lets two checkouts run their e2e tests side by side.
const PORT = Number(process.env.E2E_PORT ?? 4173);
// …and its own build folder, so one run's build never replaces files another run is serving.
const OUT = process.env.E2E_PORT ? `dist-e2e-${PORT}` : "dist";
const EXECUTABLE = existsSync(CHROMIUM) ? CHROMIUM : undefined;
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export default defineConfig({
  testDir: ".",
  timeout: 120_000,
  expect: { timeout: 60_000 },
  workers: 1,
  reporter: [["list"]],
  outputDir: "../test-results",
  use: {
    baseURL: `http://localhost:${PORT}`,
    launchOptions: { executablePath: EXECUTABLE, args: ARGS },
  },
  projects: [
    // Everything except the WebGPU test, with the GPU off.
    { name: "default", testIgnore: /(^|[\\/])webgpu\.spec\.ts$/ },
    // WebGPU on SwiftShader (no real GPU here): the flag gives an adapter (without shader-f16).
    {
      name: "webgpu",
      testMatch: /(^|[\\/])webgpu\.spec\.ts$/,
      use: { launchOptions: { executablePath: EXECUTABLE, args: [...ARGS, "--enable-unsafe-webgpu"] } },
    },
  ],
  webServer: {
    command: `npx vite build --logLevel warn --outDir ${OUT} && npx vite preview --port ${PORT} --strictPort --outDir ${OUT}`,
    cwd: "..",
    url: `http://localhost:${PORT}`,
    timeout: 180_000,
    reuseExistingServer: !process.env.CI,
  },
});
