import { test, expect, Page } from "@playwright/test";
import { PASSWORD, createAdmin, gotoHydrated, logIn, logInWithoutJavaScript, makeListed, registerViaApi, uniqueEmail } from "./helpers";

async function logInAsNewAdmin(page: Page): Promise<void> {
  const email = uniqueEmail("admin");
  createAdmin(email, "Root Admin");
  await logIn(page, email);
}

test("an admin finds a user and deactivates them; the user's open page stops working on the next action", async ({
  browser,
  request,
}) => {
  const menteeEmail = uniqueEmail("mentee");
  const name = `Tim Berners ${Date.now()}`;
  await registerViaApi(request, menteeEmail, "mentee", name);

  // The mentee has their profile open.
  const menteePage = await (await browser.newContext()).newPage();
  await logIn(menteePage, menteeEmail);
  await gotoHydrated(menteePage, "/profile");
  await menteePage.getByLabel("Headline").fill("Inventing the web");

  // An admin finds and deactivates them.
  const adminPage = await (await browser.newContext()).newPage();
  await logInAsNewAdmin(adminPage);
  await adminPage.getByRole("link", { name: "Admin", exact: true }).click();
  await expect(adminPage.getByRole("heading", { name: "Admin console" })).toBeVisible();
  await adminPage.getByRole("link", { name: "Users" }).click();
  await adminPage.getByLabel("Name or email").fill(menteeEmail);
  await adminPage.getByRole("button", { name: "Find users" }).click();
  await expect(adminPage.getByText("1 user", { exact: true })).toBeVisible();
  // Deactivating asks first and says what will happen.
  await adminPage.getByRole("link", { name: `Deactivate ${name}` }).click();
  await expect(adminPage.getByRole("heading", { name: `Deactivate ${name}?` })).toBeVisible();
  await expect(adminPage.getByTestId("effects")).toContainText(`${name} is signed out at once and can no longer log in.`);
  await expect(adminPage.getByTestId("effects")).toContainText("They have no upcoming sessions to cancel.");
  await adminPage.getByLabel("Reason (optional, kept in the audit log)").fill("Left the programme");
  await adminPage.getByRole("button", { name: `Deactivate ${name}` }).click();
  await expect(adminPage.getByRole("row", { name: new RegExp(name) })).toContainText("Deactivated");

  // The mentee's very next action is refused.
  await menteePage.getByRole("button", { name: "Save profile" }).click();
  await expect(menteePage.getByRole("alert")).toContainText("This account has been deactivated.");

  // The action is in the audit log.
  await adminPage.getByRole("link", { name: "Audit log" }).click();
  const entry = adminPage.getByRole("row", { name: new RegExp(name) }).first();
  await expect(entry).toContainText("Deactivated");
  await expect(entry).toContainText("active → deactivated");
  await expect(entry).toContainText("Root Admin");
  await expect(entry).toContainText("Left the programme");

  // Reactivated, they can log in again.
  await adminPage.getByRole("link", { name: "Users" }).click();
  await adminPage.getByLabel("Name or email").fill(menteeEmail);
  await adminPage.getByRole("button", { name: "Find users" }).click();
  await adminPage.getByRole("link", { name: `Reactivate ${name}` }).click();
  await expect(adminPage.getByRole("heading", { name: `Reactivate ${name}?` })).toBeVisible();
  await adminPage.getByRole("button", { name: `Reactivate ${name}` }).click();
  await expect(adminPage.getByRole("row", { name: new RegExp(name) })).toContainText("Active");
  const again = await request.post("/api/v1/auth/login", { data: { email: menteeEmail, password: PASSWORD } });
  expect(again.status()).toBe(200);
});

test("the notifications badge counts new requests and clears when they are read", async ({ browser, request }) => {
  const mentorEmail = uniqueEmail("mentor");
  const mentor = await registerViaApi(request, mentorEmail, "mentor", "Radia Perlman");
  for (const who of ["Vint Cerf", "Bob Kahn"]) {
    const mentee = await registerViaApi(request, uniqueEmail("mentee"), "mentee", who);
    const sent = await request.post("/api/v1/requests", {
      headers: { Authorization: `Bearer ${mentee.token}` },
      data: { mentor_id: mentor.user.id, message: "Would you mentor me?" },
    });
    expect(sent.status()).toBe(201);
  }

  const page = await (await browser.newContext()).newPage();
  await logIn(page, mentorEmail);
  await expect(page.getByTestId("unread-badge")).toHaveText(/2/);
  // The mentor's home page shows the same requests waiting.
  await expect(page.getByRole("heading", { name: "Waiting for your answer" })).toBeVisible();
  await expect(page.getByText("From Vint Cerf")).toBeVisible();

  await page.getByRole("link", { name: /Notifications/ }).click();
  await expect(page.getByRole("heading", { name: "Notifications" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Bob Kahn asked you for mentorship." })).toBeVisible();
  await expect(page.getByText("2 unread")).toBeVisible();
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");

  // One read, then the rest.
  await page.getByRole("button", { name: "Mark as read" }).first().click();
  await expect(page.getByTestId("unread-badge")).toHaveText(/1/);
  await page.getByRole("button", { name: "Mark all as read" }).click();
  await expect(page.getByText("0 unread")).toBeVisible();
  await expect(page.getByTestId("unread-badge")).toHaveCount(0);
});

test("deciding a request on its page marks its notification read", async ({ browser, request }) => {
  const mentorEmail = uniqueEmail("mentor");
  const mentor = await registerViaApi(request, mentorEmail, "mentor", "Sophie Wilson");
  for (const who of ["Steve Furber", "Hermann Hauser"]) {
    const mentee = await registerViaApi(request, uniqueEmail("mentee"), "mentee", who);
    const sent = await request.post("/api/v1/requests", {
      headers: { Authorization: `Bearer ${mentee.token}` },
      data: { mentor_id: mentor.user.id, message: "Would you mentor me?" },
    });
    expect(sent.status()).toBe(201);
  }
  const page = await (await browser.newContext()).newPage();
  await logIn(page, mentorEmail);
  await expect(page.getByTestId("unread-badge")).toHaveText(/2/);
  await page.goto("/requests?status=pending");
  await page.getByRole("button", { name: "Accept Steve Furber" }).click();
  await expect(page.getByTestId("unread-badge")).toHaveText(/1/);
  const item = page.getByRole("listitem").filter({ hasText: "From Hermann Hauser" });
  await item.getByRole("button", { name: "Decline" }).click();
  await expect(page.getByTestId("unread-badge")).toHaveCount(0);
  await page.goto("/notifications");
  await expect(page.getByText("0 unread")).toBeVisible();
});

test("without JavaScript an admin changes a mentor's role after reading what stays as it is", async ({ browser, request }) => {
  const mentorEmail = uniqueEmail("mentor");
  const name = `Hedy Lamarr ${Date.now()}`;
  const mentor = await registerViaApi(request, mentorEmail, "mentor", name);
  const mentee = await registerViaApi(request, uniqueEmail("mentee"), "mentee", "George Antheil");
  const sent = await request.post("/api/v1/requests", {
    headers: { Authorization: `Bearer ${mentee.token}` },
    data: { mentor_id: mentor.user.id, message: "Frequency hopping?" },
  });
  const accepted = await request.post(`/api/v1/requests/${(await sent.json()).id}/accept`, {
    headers: { Authorization: `Bearer ${mentor.token}` },
  });
  expect(accepted.status()).toBe(200);

  const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  const adminEmail = uniqueEmail("admin");
  createAdmin(adminEmail, "Root Admin");
  await logInWithoutJavaScript(page, adminEmail);
  await page.goto(`/admin/users?q=${encodeURIComponent(mentorEmail)}`);
  await page.getByLabel(`Role for ${name}`).selectOption("mentee");
  await page.getByRole("button", { name: `Change role of ${name}` }).click();
  await expect(page.getByRole("heading", { name: `Make ${name} a mentee?` })).toBeVisible();
  await expect(page.getByTestId("effects")).toContainText(
    "Their 1 mentorship as a mentor stays active until ended, but they no longer appear in the directory.",
  );
  // Cancel changes nothing.
  await page.getByRole("link", { name: "Cancel" }).click();
  await expect(page.getByRole("row", { name: new RegExp(name) })).toContainText("Mentor");

  await page.getByLabel(`Role for ${name}`).selectOption("mentee");
  await page.getByRole("button", { name: `Change role of ${name}` }).click();
  await page.getByRole("button", { name: "Make a mentee" }).click();
  await expect(page.getByRole("row", { name: new RegExp(name) })).toContainText("Mentee");
  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("row", { name: new RegExp(name) }).first()).toContainText("mentor → mentee");
});

test("a new mentor sees what keeps them unlisted; with approval required an admin approves them", async ({
  browser,
  request,
}) => {
  const adminPage = await (await browser.newContext()).newPage();
  const adminEmail = uniqueEmail("admin");
  createAdmin(adminEmail, "Root Admin");
  await logIn(adminPage, adminEmail);
  await adminPage.goto("/admin/mentors");
  await adminPage.getByLabel("New mentors need an admin's approval before mentees can find them").check();
  await adminPage.getByRole("button", { name: "Save setting" }).click();
  await expect(adminPage.getByLabel("New mentors need an admin's approval before mentees can find them")).toBeChecked();
  try {
    const mentorEmail = uniqueEmail("mentor");
    const name = `Annie Easley ${Date.now()}`;
    const mentor = await registerViaApi(request, mentorEmail, "mentor", name);
    const page = await (await browser.newContext()).newPage();
    await logIn(page, mentorEmail);
    const status = page.getByTestId("listing-status");
    await expect(status).toContainText("Not listed yet");
    await expect(status.getByRole("listitem").filter({ hasText: "Weekly hours" })).toContainText("Set your hours");

    await makeListed(request, mentor, { headline: "Rocket software", skills: ["fortran"], timezone: "UTC" });
    await page.reload();
    await expect(status.getByRole("listitem").filter({ hasText: "Weekly hours" })).toContainText("Done:");
    await expect(status.getByRole("listitem").filter({ hasText: "Approval" })).toContainText("waiting for an admin");
    const hidden = await (await request.get(`/api/v1/mentors?q=${encodeURIComponent(name)}`)).json();
    expect(hidden.total).toBe(0);

    await adminPage.reload();
    await adminPage.getByRole("button", { name: `Approve ${name}` }).click();
    await expect(adminPage.getByRole("button", { name: `Approve ${name}` })).toHaveCount(0);
    await page.reload();
    await expect(status).toContainText("You are listed: mentees can find you in the directory.");
    const shown = await (await request.get(`/api/v1/mentors?q=${encodeURIComponent(name)}`)).json();
    expect(shown.total).toBe(1);
  } finally {
    await adminPage.goto("/admin/mentors");
    await adminPage.getByLabel("New mentors need an admin's approval before mentees can find them").uncheck();
    await adminPage.getByRole("button", { name: "Save setting" }).click();
    await expect(adminPage.getByLabel("New mentors need an admin's approval before mentees can find them")).not.toBeChecked();
  }
});
