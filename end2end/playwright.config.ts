import { defineConfig } from "@playwright/test";

// The real server binary (built by `cargo leptos build`) on its own database, driven by
// Debian's Chromium. scripts/test.sh creates the database and exports E2E_DATABASE_URL.
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "./tests",
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        browserName: "chromium",
        launchOptions: {
          executablePath: "/usr/bin/chromium",
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--no-first-run",
          ],
        },
      },
    },
  ],
  webServer: {
    command: "target/debug/server serve",
    cwd: "..",
    url: `${baseURL}/readyz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      DATABASE_URL: process.env.E2E_DATABASE_URL ?? "",
      BIND_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: "target/site",
      APP_ENV: "dev",
      JWT_SECRET: "end-to-end-test-secret-end-to-end-test-secret",
      RUST_LOG: "warn",
      // Lets the feedback test move the application clock past a session's end (dev only).
      TEST_CLOCK: "1",
    },
  },
});
