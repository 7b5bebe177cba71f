import { test, expect } from "@playwright/test";
import { PASSWORD, attemptLogIn, gotoHydrated, logIn, makeListed, registerViaApi, uniqueEmail, waitHydrated } from "./helpers";

test("a mentor signs up, fills the profile, logs out, logs back in and views the public page", async ({ page }) => {
  const email = uniqueEmail("mentor");
  await gotoHydrated(page, "/signup");
  await page.getByRole("radio", { name: /^Mentor/ }).check();
  await page.getByLabel("Name").fill("Grace Hopper");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();

  await expect(page).toHaveURL(/\/profile/);
  await expect(page.getByRole("heading", { name: "Your profile" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" })).toContainText("Grace Hopper");
  await waitHydrated(page);

  await page.getByLabel("Headline").fill("Compilers and teams");
  await page.getByLabel("About you").fill("I wrote one of the first compilers.");
  await page.getByLabel("Skills").fill("COBOL, compilers, leadership");
  await page.getByLabel("Time zone").fill("America/New_York");
  await page.getByLabel("Maximum active mentees").fill("4");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Profile saved." })).toBeVisible();
  await expect(page.getByLabel("Skills")).toHaveValue("cobol, compilers, leadership");

  // A bad time zone is refused next to its field, and nothing typed is lost.
  await page.getByLabel("Time zone").fill("Mars/Olympus_Mons");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.locator("#field-timezone-error")).toContainText("time zone");
  await expect(page.getByLabel("Time zone")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Headline")).toHaveValue("Compilers and teams");
  await page.getByLabel("Time zone").fill("America/New_York");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Profile saved." })).toBeVisible();

  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page.getByRole("link", { name: "Log in" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" })).not.toContainText("Grace Hopper");

  await logIn(page, email);
  await expect(page.getByRole("heading", { name: /Welcome back, Grace/ })).toBeVisible();

  await page.getByRole("link", { name: "your public page" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Grace Hopper" })).toBeVisible();
  await expect(page.getByText("Compilers and teams")).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: "cobol" })).toBeVisible();
  await expect(page.getByText("Accepting mentees · up to 4")).toBeVisible();
  await expect(page.getByText(/America\/New_York \(UTC-0[45]:00 now\)/)).toBeVisible();
});

test("a mentee signs up; mistakes are explained next to the right field", async ({ page, request }) => {
  const taken = uniqueEmail("taken");
  await registerViaApi(request, taken, "mentee");

  await gotoHydrated(page, "/signup");
  await page.getByLabel("Name").fill("Ada Lovelace");
  await page.getByLabel("Email").fill(taken.toUpperCase());
  await page.getByLabel("Password").fill("password123");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.locator("#field-password-error")).toContainText("too common");

  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.locator("#field-email-error")).toContainText("already exists");
  await expect(page.getByLabel("Name")).toHaveValue("Ada Lovelace");

  const email = uniqueEmail("mentee");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/profile/);
  await expect(page.getByRole("navigation", { name: "Main" })).toContainText("Mentee");
  // Mentees have no capacity settings and no public mentor page.
  await expect(page.getByLabel("Maximum active mentees")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "your public page" })).toHaveCount(0);
  await waitHydrated(page);
  await page.getByLabel("Goals").fill("rust, career growth");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Profile saved." })).toBeVisible();
  // Someone who has just joined is welcomed, not welcomed back.
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome, Ada");
});

test.describe("in Kathmandu", () => {
  test.use({ timezoneId: "Asia/Kathmandu" });

  test("sign-up starts from the device's time zone; any letter case is taken; times are shown in it", async ({
    page,
    request,
  }) => {
    // A visitor's times are in the device's zone once the first page has run.
    const mentor = await registerViaApi(request, uniqueEmail("mentor"), "mentor", "Time Keeper");
    await makeListed(request, mentor);
    await gotoHydrated(page, `/mentors/${mentor.user.id}`);
    await page.reload();
    await expect(page.getByText("Hour-long sessions this week, in Asia/Kathmandu:")).toBeVisible();

    await gotoHydrated(page, "/signup");
    await expect(page.getByLabel("Time zone")).toHaveValue("Asia/Kathmandu");
    await expect(page.locator("#timezone-options option[value='Asia/Kathmandu']")).toHaveText("UTC+05:45");
    await page.getByLabel("Name").fill("Tenzing Norgay");
    await page.getByLabel("Email").fill(uniqueEmail("mentee"));
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByRole("heading", { name: "Your profile" })).toBeVisible();
    await expect(page.getByLabel("Time zone")).toHaveValue("Asia/Kathmandu");

    await waitHydrated(page);
    await page.getByLabel("Time zone").fill("europe/berlin");
    await page.getByRole("button", { name: "Save profile" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Profile saved." })).toBeVisible();
    await expect(page.getByLabel("Time zone")).toHaveValue("Europe/Berlin");
    // Set back to UTC, the profile offers the device's zone instead of forcing it.
    await page.getByLabel("Time zone").fill("UTC");
    await page.getByRole("button", { name: "Save profile" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Profile saved." })).toBeVisible();
    await page.reload();
    await waitHydrated(page);
    await expect(page.getByLabel("Time zone")).toHaveValue("UTC");
    await page.getByRole("button", { name: "Use Asia/Kathmandu (your device's zone)" }).click();
    await expect(page.getByLabel("Time zone")).toHaveValue("Asia/Kathmandu");
  });
});

test("a wrong password is refused with one message that does not reveal whether the email exists", async ({ page, request }) => {
  const email = uniqueEmail("someone");
  await registerViaApi(request, email, "mentee");
  const refused = page.waitForResponse((r) => r.url().includes("/api/auth/login"));
  await attemptLogIn(page, email, "not my password");
  // The server function answers with the error's own status, never a 500.
  expect((await refused).status()).toBe(401);
  await expect(page.getByRole("alert")).toHaveText("Email or password is incorrect.");
  await attemptLogIn(page, uniqueEmail("nobody"), "not my password");
  await expect(page.getByRole("alert")).toHaveText("Email or password is incorrect.");
});

test.describe("before any script runs", () => {
  test.use({ javaScriptEnabled: false });

  test("the profile page's text is in the server's HTML, and login works as a plain form", async ({ page, request }) => {
    const email = uniqueEmail("nojs");
    const { token } = await registerViaApi(request, email, "mentor", "Katherine Johnson");
    const saved = await request.put("/api/v1/me/profile", {
      headers: { Authorization: `Bearer ${token}` },
      data: { headline: "Orbital mechanics by hand", bio: "Trajectories.", skills: ["math"], timezone: "America/Chicago" },
    });
    expect(saved.status()).toBe(200);

    // A mistake comes back as a message on the form page.
    await page.goto("/login");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Log in" }).click();
    await expect(page).toHaveURL(/\/login\?error=/);
    await expect(page.getByRole("alert")).toHaveText("Email or password is incorrect.");

    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Log in" }).click();
    await expect(page.getByRole("heading", { name: /Welcome back, Katherine/ })).toBeVisible();

    await page.goto("/profile");
    await expect(page.getByLabel("Headline")).toHaveValue("Orbital mechanics by hand");
    await expect(page.getByLabel("Time zone")).toHaveValue("America/Chicago");

    // A refused save comes back with what was typed and the error next to its field.
    await page.getByLabel("Headline").fill("Computing by hand");
    await page.getByLabel("Time zone").fill("Mars/Olympus_Mons");
    await page.getByRole("button", { name: "Save profile" }).click();
    await expect(page.getByLabel("Headline")).toHaveValue("Computing by hand");
    await expect(page.getByLabel("Time zone")).toHaveValue("Mars/Olympus_Mons");
    await expect(page.locator("#field-timezone-error")).toContainText("time zone");
    await page.getByLabel("Time zone").fill("america/chicago");
    await page.getByRole("button", { name: "Save profile" }).click();
    await expect(page.getByLabel("Headline")).toHaveValue("Computing by hand");
    await expect(page.getByLabel("Time zone")).toHaveValue("America/Chicago");

    // The raw HTML, as the server sent it, already carries the content.
    const html = await (await page.request.get("/profile")).text();
    expect(html).toContain("Computing by hand");
    expect(html).toContain("Katherine Johnson");
  });

  test("a refused sign-up comes back filled in, with each error next to its field", async ({ page }) => {
    await page.goto("/signup?role=mentor");
    await page.getByLabel("Name").fill("Radia Perlman");
    await page.getByLabel("Email").fill("radia-at-example.org");
    await page.getByLabel("Password").fill("short");
    await page.getByLabel("Time zone").fill("America/New_York");
    await page.getByRole("button", { name: "Create account" }).click();

    await expect(page.getByLabel("Name")).toHaveValue("Radia Perlman");
    await expect(page.getByLabel("Email")).toHaveValue("radia-at-example.org");
    await expect(page.getByLabel("Password")).toHaveValue("");
    await expect(page.getByLabel("Time zone")).toHaveValue("America/New_York");
    await expect(page.getByRole("radio", { name: /^Mentor/ })).toBeChecked();
    await expect(page.locator("#field-email-error")).toContainText("email");
    await expect(page.locator("#field-password-error")).toContainText("8");
    await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");

    // A second visit starts empty: what was typed is not kept around.
    await page.goto("/signup");
    await expect(page.getByLabel("Name")).toHaveValue("");
  });
});
