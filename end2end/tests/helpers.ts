import { expect, Page, APIRequestContext } from "@playwright/test";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export const PASSWORD = "a long enough passphrase";

/** A fresh email per test run, so tests never collide on the unique-email rule. */
export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.org`;
}

/** Opens a page and waits until the WASM bundle has hydrated it. */
export async function gotoHydrated(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await waitHydrated(page);
}

/**
 * Waits until the page's islands (its forms and other interactive parts) have hydrated. Every
 * navigation loads a whole page, so call it once the new page is showing (after checking its
 * heading or URL), before using a form's in-place behaviour.
 */
export async function waitHydrated(page: Page): Promise<void> {
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}

/** Creates an account through the JSON API and returns its token and user. */
export async function registerViaApi(
  request: APIRequestContext,
  email: string,
  role: "mentor" | "mentee",
  name = "Test Person",
): Promise<{ token: string; user: { id: string } }> {
  const response = await request.post("/api/v1/auth/register", {
    data: { email, password: PASSWORD, name, role },
  });
  expect(response.status()).toBe(201);
  return response.json();
}

/**
 * Gives a mentor what the directory lists them with: weekly hours (every day 09:00–17:00) and,
 * when `profile` is given, that profile (it needs a headline and a skill to be listed).
 */
export async function makeListed(
  request: APIRequestContext,
  mentor: { token: string },
  profile: Record<string, unknown> = { headline: "Mentor", skills: ["mentoring"], timezone: "UTC" },
): Promise<void> {
  const headers = { Authorization: `Bearer ${mentor.token}` };
  expect((await request.put("/api/v1/me/profile", { headers, data: profile })).status()).toBe(200);
  const hours = await request.put("/api/v1/me/availability", {
    headers,
    data: { blocks: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: "09:00", end: "17:00" })), days_off: [] },
  });
  expect(hours.status()).toBe(200);
}

/** Fills and submits the login form, without waiting for the outcome. */
export async function attemptLogIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await gotoHydrated(page, "/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
}

/** The navigation offers "Log out" (on a phone, inside the closed menu): someone is signed in. */
export async function expectSignedIn(page: Page): Promise<void> {
  await expect(page.getByRole("button", { name: "Log out", includeHidden: true })).toBeAttached();
}

/** Logs in and waits until the session is established. */
export async function logIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await attemptLogIn(page, email, password);
  await expectSignedIn(page);
}

/** Logs in through the plain form, for pages opened with JavaScript turned off. */
export async function logInWithoutJavaScript(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expectSignedIn(page);
}

/** An admin made the only way there is: the operator CLI, against the test database. */
export function createAdmin(email: string, name = "Root Admin"): void {
  execFileSync(path.join(__dirname, "..", "..", "target", "debug", "server"), ["create-admin", "--email", email, "--name", name], {
    env: { ...process.env, DATABASE_URL: process.env.E2E_DATABASE_URL ?? "", ADMIN_PASSWORD: PASSWORD, APP_ENV: "dev", RUST_LOG: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Where the tests' SMTP server (end2end/scripts/smtp_sink.py) keeps the mail it received. */
const MAIL_DIR = process.env.E2E_MAIL_DIR ?? path.join(__dirname, "..", "..", "target", "e2e-mail");

export type Mail = { to: string[]; subject: string; list_unsubscribe: string | null; text: string; html: string };

function mailbox(address: string): Mail[] {
  if (!fs.existsSync(MAIL_DIR)) return [];
  return fs
    .readdirSync(MAIL_DIR)
    .filter((name) => name.endsWith(".json"))
    .map((name) => JSON.parse(fs.readFileSync(path.join(MAIL_DIR, name), "utf8")) as Mail)
    .filter((mail) => mail.to.some((to) => to.toLowerCase() === address.toLowerCase()));
}

/** Waits until a mail whose subject contains `subject` has reached `address` over SMTP. */
export async function mailTo(address: string, subject: string): Promise<Mail> {
  let found: Mail | undefined;
  await expect
    .poll(() => {
      found = mailbox(address).find((mail) => mail.subject.includes(subject));
      return found !== undefined;
    }, { message: `a mail "${subject}" to ${address}`, timeout: 15_000 })
    .toBe(true);
  return found!;
}

/** The link to `pathname` in a mail's plain-text part (the path and its query). */
export function linkIn(mail: Mail, pathname: string): string {
  const match = mail.text.match(new RegExp(`https?://[^\\s]+${pathname.replace(/[?]/g, "\\?")}[^\\s]*`));
  expect(match, `a link to ${pathname} in:\n${mail.text}`).not.toBeNull();
  const url = new URL(match![0]);
  return url.pathname + url.search;
}
