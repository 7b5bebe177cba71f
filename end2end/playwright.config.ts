import { defineConfig } from "@playwright/test";

// The real server binary (built by `cargo leptos build`) on its own database, driven by
// Debian's Chromium. scripts/test.sh creates the database and exports E2E_DATABASE_URL.
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
// The mail the server sends goes to a real SMTP server (aiosmtpd, from the tests' venv), which
// keeps each message as a JSON file in mailDir for the tests to read (see helpers.ts).
const smtpPort = Number(process.env.E2E_SMTP_PORT ?? 2626);
export const mailDir = process.env.E2E_MAIL_DIR ?? `${__dirname}/../target/e2e-mail`;
const python = process.env.E2E_PYTHON ?? `${__dirname}/../.data/venv/bin/python`;

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
  webServer: [
  {
    command: `${python} end2end/scripts/smtp_sink.py ${smtpPort} ${mailDir}`,
    cwd: "..",
    port: smtpPort,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: "pipe",
    stderr: "pipe",
  },
  {
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
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      MAIL_FROM: "Mentorship Pairing Platform <programme@e2e.example.org>",
      MAIL_POLL_INTERVAL_MS: "200",
      PUBLIC_URL: baseURL,
    },
  },
  ],
});
