import { test, expect } from "@playwright/test";
import {
  PASSWORD,
  createAdmin,
  expectSignedIn,
  gotoHydrated,
  linkIn,
  logIn,
  mailTo,
  registerViaApi,
  uniqueEmail,
} from "./helpers";

// Mail goes through a real SMTP server on loopback (aiosmtpd, started by playwright.config.ts);
// the tests read the links out of what it received.

const NEW_PASSWORD = "a brand new passphrase";

test("a member who forgot the password resets it from the link in the mail", async ({ page, request }) => {
  const email = uniqueEmail("forgetful");
  const account = await registerViaApi(request, email, "mentee", "Forgetful Fran");

  await gotoHydrated(page, "/login");
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page.getByRole("heading", { name: "Forgot your password?" })).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send me a link" }).click();
  await expect(page.getByTestId("reset-sent")).toContainText("If an account uses that address");

  // The same answer for an address nobody has.
  await page.getByLabel("Email").fill(uniqueEmail("nobody"));
  await page.getByRole("button", { name: "Send me a link" }).click();
  await expect(page.getByTestId("reset-sent")).toContainText("If an account uses that address");

  const mail = await mailTo(email, "Choose a new password");
  expect(mail.html).toContain("Mentorship Pairing Platform");
  const link = linkIn(mail, "/reset-password?token=");

  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await page.getByLabel("New password").fill("short");
  await page.getByRole("button", { name: "Set my new password" }).click();
  await expect(page.locator("#field-password-error")).toContainText("8");
  await page.getByLabel("New password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Set my new password" }).click();
  await expect(page).toHaveURL(/\/login\?reset=1/);
  await expect(page.getByTestId("password-reset-done")).toBeVisible();

  // Every earlier login has ended; the old password no longer works; the new one does.
  const me = await request.get("/api/v1/me", { headers: { Authorization: `Bearer ${account.token}` } });
  expect(me.status()).toBe(401);
  const old = await request.post("/api/v1/auth/login", { data: { email, password: PASSWORD } });
  expect(old.status()).toBe(401);
  await logIn(page, email, NEW_PASSWORD);

  // The link worked once.
  await page.goto(link);
  await page.getByLabel("New password").fill("yet another passphrase");
  await page.getByRole("button", { name: "Set my new password" }).click();
  await expect(page.getByRole("alert")).toContainText("not valid or was already used");
  await mailTo(email, "Your password was changed");
});

test("settings: logins, email change through the new address, email choices and deleting the account", async ({
  page,
  request,
}) => {
  const email = uniqueEmail("settled");
  const other = await registerViaApi(request, email, "mentor", "Settled Sam");
  await logIn(page, email);
  await page.goto("/settings");
  await expect(page.getByRole("heading", { name: "Settings" })).toBeVisible();

  // Two logins: this browser and the API client; ending the others ends the API's token.
  await expect(page.getByTestId("login-row")).toHaveCount(2);
  await expect(page.getByTestId("login-row").first()).toContainText("This device");
  await page.getByRole("button", { name: "Log out everywhere else" }).click();
  await expect(page.getByTestId("settings-done")).toContainText("Every other login has ended.");
  await expect(page.getByTestId("login-row")).toHaveCount(1);
  const me = await request.get("/api/v1/me", { headers: { Authorization: `Bearer ${other.token}` } });
  expect(me.status()).toBe(401);

  // A new address: a wrong password is refused next to its field, then the link confirms it.
  const newEmail = uniqueEmail("moved");
  await page.getByLabel("New email address").fill(newEmail);
  await page.getByLabel("Your password", { exact: true }).fill("not my password");
  await page.getByRole("button", { name: "Send confirmation link" }).click();
  await expect(page.locator("#field-email-password-error")).toContainText("not your password");
  await expect(page.getByLabel("New email address")).toHaveValue(newEmail);
  await page.getByLabel("Your password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Send confirmation link" }).click();
  await expect(page.getByTestId("settings-done")).toContainText("confirmation link");
  await expect(page.getByTestId("current-email")).toHaveText(email);
  const confirm = await mailTo(newEmail, "Confirm your new email address");
  await page.goto(linkIn(confirm, "/confirm-email?token="));
  await page.getByRole("button", { name: "Confirm my new address" }).click();
  await expect(page.getByTestId("email-confirmed")).toBeVisible();
  await mailTo(email, "Your email address was changed");
  await page.goto("/settings");
  await expect(page.getByTestId("current-email")).toHaveText(newEmail);

  // Email choices are kept.
  const booked = page.getByLabel("A session with me is booked");
  await expect(booked).toBeChecked();
  await booked.uncheck();
  await page.getByRole("button", { name: "Save email choices" }).click();
  await expect(page.getByTestId("settings-done")).toContainText("saved");
  await expect(page.getByLabel("A session with me is booked")).not.toBeChecked();
  await expect(page.getByLabel("A mentee asks me for mentorship")).toBeChecked();

  // The data download is one JSON document with the account in it.
  const download = await page.request.get("/settings/my-data.json");
  expect(download.status()).toBe(200);
  expect((await download.json()).account.email).toBe(newEmail);

  // Deleting needs the password; afterwards the address is free again.
  await page.getByLabel("Your password, to confirm").fill("wrong");
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(page.locator("#field-delete-password-error")).toContainText("not your password");
  await page.getByLabel("Your password, to confirm").fill(PASSWORD);
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(page).toHaveURL(/\/\?deleted=1/);
  const gone = await request.post("/api/v1/auth/login", { data: { email: newEmail, password: PASSWORD } });
  expect(gone.status()).toBe(401);
  await registerViaApi(request, newEmail, "mentee", "Someone New");
});

test("a notification mail's unsubscribe link works without logging in", async ({ page, request }) => {
  const mentorEmail = uniqueEmail("busy-mentor");
  const mentor = await registerViaApi(request, mentorEmail, "mentor", "Busy Bea");
  const mentee = await registerViaApi(request, uniqueEmail("keen"), "mentee", "Keen Kim");
  const headers = { Authorization: `Bearer ${mentor.token}` };
  await request.put("/api/v1/me/profile", { headers, data: { headline: "Mentor", skills: ["rust"], timezone: "UTC" } });
  await request.put("/api/v1/me/availability", {
    headers,
    data: { blocks: [{ weekday: 1, start: "09:00", end: "17:00" }], days_off: [] },
  });
  const sent = await request.post("/api/v1/requests", {
    headers: { Authorization: `Bearer ${mentee.token}` },
    data: { mentor_id: mentor.user.id, message: "Could you mentor me?" },
  });
  expect(sent.status()).toBe(201);

  const mail = await mailTo(mentorEmail, "New mentorship request");
  expect(mail.text).toContain("Keen Kim asked you for mentorship.");
  expect(mail.list_unsubscribe).toMatch(/<http:\/\/127\.0\.0\.1:\d+\/api\/v1\/unsubscribe\?token=/);
  await page.goto(linkIn(mail, "/unsubscribe?token="));
  await page.getByRole("button", { name: "Unsubscribe" }).click();
  await expect(page.getByTestId("unsubscribed")).toContainText("A mentee asks me for mentorship");
  const prefs = await request.get("/api/v1/me/notification-preferences", { headers });
  expect((await prefs.json()).request_received).toBe(false);
});

test("an admin sends a member a reset link and reads it in the outbox", async ({ page, request }) => {
  const adminEmail = uniqueEmail("mail-admin");
  createAdmin(adminEmail);
  const memberEmail = uniqueEmail("locked-out");
  await registerViaApi(request, memberEmail, "mentee", "Locked Out Lee");
  await logIn(page, adminEmail);
  await page.goto(`/admin/users?q=${encodeURIComponent(memberEmail)}`);
  await page.getByRole("button", { name: "Send Locked Out Lee a password reset link" }).click();
  await expect(page).toHaveURL(/\/admin\/outbox/);
  const row = page.getByTestId("outbox-mail").filter({ hasText: memberEmail }).first();
  await expect(row).toContainText("Choose a new password");
  await row.locator("summary").click();
  await expect(row.getByTestId("outbox-body")).toContainText("an administrator of the programme");
  await mailTo(memberEmail, "Choose a new password");
  await page.goto("/admin/audit");
  await expect(page.locator("table")).toContainText("Locked Out Lee");
  await expectSignedIn(page);
});

test("an admin deletes a member's account after seeing what it does, and the audit log keeps why", async ({
  page,
  request,
}) => {
  const adminEmail = uniqueEmail("deleting-admin");
  createAdmin(adminEmail);
  const mentorEmail = uniqueEmail("waiting-mentor");
  const mentor = await registerViaApi(request, mentorEmail, "mentor", "Waiting Wendy");
  const headers = { Authorization: `Bearer ${mentor.token}` };
  await request.put("/api/v1/me/profile", { headers, data: { headline: "Mentor", skills: ["go"], timezone: "UTC" } });
  await request.put("/api/v1/me/availability", {
    headers,
    data: { blocks: [{ weekday: 2, start: "09:00", end: "12:00" }], days_off: [] },
  });
  const leavingEmail = uniqueEmail("leaving");
  const leaving = await registerViaApi(request, leavingEmail, "mentee", "Leaving Lou");
  const sent = await request.post("/api/v1/requests", {
    headers: { Authorization: `Bearer ${leaving.token}` },
    data: { mentor_id: mentor.user.id, message: "Please?" },
  });
  expect(sent.status()).toBe(201);

  await logIn(page, adminEmail);
  await page.goto(`/admin/users?q=${encodeURIComponent(leavingEmail)}`);
  await page.getByRole("link", { name: "Delete Leaving Lou's account" }).click();
  await expect(page.getByRole("heading", { name: "Delete Leaving Lou's account?" })).toBeVisible();
  await expect(page.getByTestId("effects")).toContainText("1 pending request is closed.");
  await page.getByLabel("Reason (optional, kept in the audit log)").fill("Asked by email to be removed");
  await page.getByRole("button", { name: "Delete Leaving Lou's account" }).click();
  await expect(page).toHaveURL(/\/admin\/audit/);
  const entry = page.locator("tbody tr").first();
  await expect(entry).toContainText("Deleted account");
  await expect(entry).toContainText("Asked by email to be removed");

  const me = await request.get("/api/v1/me", { headers: { Authorization: `Bearer ${leaving.token}` } });
  expect(me.status()).toBe(401);
  const incoming = await request.get("/api/v1/requests?direction=incoming", { headers });
  const request0 = (await incoming.json()).items[0];
  expect(request0.status).toBe("cancelled");
  expect(request0.mentee_name).toBe("Deleted member");
});
