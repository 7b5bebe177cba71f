// Takes the README's screenshots from a running app with demo data, including the demo admin
// (`make run` in another terminal):  node end2end/scripts/screenshots.js [http://127.0.0.1:3000]
const path = require("path");
const { chromium } = require("@playwright/test");

const base = process.argv[2] || "http://127.0.0.1:3000";
const out = path.join(__dirname, "..", "..", "docs");

(async () => {
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-sync"],
  });
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  const shot = async (name) => {
    await page.waitForSelector("body[data-hydrated=true]");
    await page.screenshot({ path: path.join(out, `screenshot-${name}.png`) });
    console.log(`docs/screenshot-${name}.png`);
  };

  // The landing page's picture of the product: the directory as a visitor sees it.
  await page.setViewportSize({ width: 1200, height: 675 });
  await page.goto(`${base}/mentors`);
  await page.locator(".mentor-card").first().waitFor();
  await page.waitForSelector("body[data-hydrated=true]");
  await page.screenshot({ path: path.join(__dirname, "..", "..", "public", "product-directory.jpg"), type: "jpeg", quality: 70 });
  console.log("public/product-directory.jpg");
  await page.setViewportSize({ width: 1200, height: 800 });

  await page.goto(`${base}/`);
  await shot("landing");

  await page.goto(`${base}/login`);
  await page.waitForSelector("body[data-hydrated=true]");
  await page.getByLabel("Email").fill("mentor@demo.example.org");
  await page.getByLabel("Password").fill("mentorship-demo");
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("link", { name: "your public page" }).first().click();
  await page.getByRole("heading", { level: 2, name: "About" }).waitFor();
  await shot("mentor");

  await page.getByRole("link", { name: "Profile" }).click();
  await page.getByRole("button", { name: "Save profile" }).waitFor();
  await shot("profile");

  await page.goto(`${base}/requests`);
  await page.getByRole("navigation", { name: "Filter by status" }).waitFor();
  await shot("requests");

  await page.goto(`${base}/availability`);
  await page.getByRole("button", { name: "Save availability" }).waitFor();
  await shot("availability");

  await page.goto(`${base}/`);
  await page.getByRole("heading", { name: "Waiting for your answer" }).waitFor();
  await page.waitForLoadState("networkidle");
  await shot("home-mentor");

  await page.goto(`${base}/notifications`);
  await page.getByRole("heading", { name: "Notifications" }).waitFor();
  await shot("notifications");

  // A mentee's view: suggestions on the home page, then the directory.
  const mentee = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  await mentee.goto(`${base}/login`);
  await mentee.waitForSelector("body[data-hydrated=true]");
  await mentee.getByLabel("Email").fill("mentee@demo.example.org");
  await mentee.getByLabel("Password").fill("mentorship-demo");
  await mentee.getByRole("button", { name: "Log in" }).click();
  await mentee.getByRole("heading", { name: /Welcome/ }).waitFor();
  await mentee.waitForSelector("body[data-hydrated=true]");
  await mentee.waitForLoadState("networkidle");
  await mentee.screenshot({ path: path.join(out, "screenshot-home-mentee.png") });
  console.log("docs/screenshot-home-mentee.png");
  await mentee.goto(`${base}/mentors?q=rust&sort=match`);
  await mentee.waitForSelector("body[data-hydrated=true]");
  await mentee.locator(".mentor-card").first().waitFor();
  await mentee.screenshot({ path: path.join(out, "screenshot-directory.png") });
  console.log("docs/screenshot-directory.png");

  // The mentee's sessions, their mentor's open times, and the mentor's ratings.
  const menteeShot = async (name) => {
    await mentee.waitForSelector("body[data-hydrated=true]");
    await mentee.waitForLoadState("networkidle");
    await mentee.screenshot({ path: path.join(out, `screenshot-${name}.png`) });
    console.log(`docs/screenshot-${name}.png`);
  };
  await mentee.goto(`${base}/sessions`);
  await mentee.locator(".session-item").first().waitFor();
  await menteeShot("sessions");
  await mentee.goto(`${base}/mentorships`);
  const mentorLink = mentee.locator(".request-item h2 a").first();
  const mentorHref = await mentorLink.getAttribute("href");
  await mentee.goto(`${base}${mentorHref}/book`);
  await mentee.locator(".slot-day").first().waitFor();
  await menteeShot("booking");
  await mentee.goto(`${base}${mentorHref}`);
  await mentee.getByRole("heading", { name: "Ratings" }).waitFor();
  await mentee.evaluate(() => {
    const heading = document.getElementById("ratings-heading");
    window.scrollTo(0, heading.getBoundingClientRect().top + window.scrollY - 24);
  });
  await menteeShot("ratings");
  await mentee.goto(`${base}/settings`);
  await mentee.getByRole("heading", { name: "Your logins" }).waitFor();
  await menteeShot("settings");
  // Something in the outbox for the admin's page: a reset link the mentee asked for.
  await mentee.request.post(`${base}/api/v1/auth/password/forgot`, { data: { email: "mentee@demo.example.org" } });
  // The admin console.
  const admin = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  await admin.goto(`${base}/login`);
  await admin.waitForSelector("body[data-hydrated=true]");
  await admin.getByLabel("Email").fill("admin@demo.example.org");
  await admin.getByLabel("Password").fill("mentorship-demo");
  await admin.getByRole("button", { name: "Log in" }).click();
  await admin.getByRole("heading", { name: /Welcome/ }).waitFor();
  for (const [name, url, ready] of [
    ["admin-dashboard", "/admin", ".chart"],
    ["admin-users", "/admin/users", ".data-table"],
    ["admin-outbox", "/admin/outbox", ".outbox-mail"],
  ]) {
    await admin.goto(`${base}${url}`);
    await admin.locator(ready).first().waitFor();
    await admin.waitForSelector("body[data-hydrated=true]");
    // The outbox shows its newest mail opened.
    if (name === "admin-outbox") await admin.locator(".outbox-mail summary").first().click();
    await admin.screenshot({ path: path.join(out, `screenshot-${name}.png`) });
    console.log(`docs/screenshot-${name}.png`);
  }
  // A matching round: opened for every mentee without a mentor, computed.
  await admin.goto(`${base}/admin/rounds`);
  await admin.waitForSelector("body[data-hydrated=true]");
  await admin.getByLabel("Name").fill("Spring cohort");
  await admin.getByLabel("Mentees without a mentor who joined since").fill("2020-01-01");
  await admin.getByRole("button", { name: "Open the round" }).click();
  await admin.getByRole("button", { name: "Compute the best pairs" }).click();
  await admin.locator(".round-pairs").waitFor();
  await admin.screenshot({ path: path.join(out, "screenshot-admin-round.png") });
  console.log("docs/screenshot-admin-round.png");
  // Two phone shots: the directory, and a mentee's sessions with the menu open.
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  await phone.goto(`${base}/mentors?q=design`);
  await phone.locator(".mentor-card").first().waitFor();
  await phone.waitForSelector("body[data-hydrated=true]");
  await phone.screenshot({ path: path.join(out, "screenshot-phone-directory.png") });
  console.log("docs/screenshot-phone-directory.png");
  await phone.goto(`${base}/login`);
  await phone.waitForSelector("body[data-hydrated=true]");
  await phone.getByLabel("Email").fill("mentee@demo.example.org");
  await phone.getByLabel("Password").fill("mentorship-demo");
  await phone.getByRole("button", { name: "Log in" }).click();
  await phone.getByRole("heading", { name: /Welcome/ }).waitFor();
  await phone.goto(`${base}/sessions`);
  await phone.locator(".session-item").first().waitFor();
  await phone.waitForSelector("body[data-hydrated=true]");
  await phone.getByRole("button", { name: /Menu/ }).click();
  await phone.screenshot({ path: path.join(out, "screenshot-phone-menu.png") });
  console.log("docs/screenshot-phone-menu.png");
  await browser.close();
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
