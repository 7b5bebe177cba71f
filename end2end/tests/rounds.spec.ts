import { expect, test, APIRequestContext } from "@playwright/test";
import { createAdmin, gotoHydrated, logIn, makeListed, registerViaApi, uniqueEmail } from "./helpers";

async function menteeWithGoals(request: APIRequestContext, name: string, goals: string[]) {
  const mentee = await registerViaApi(request, uniqueEmail("mentee"), "mentee", name);
  const saved = await request.put("/api/v1/me/profile", {
    headers: { Authorization: `Bearer ${mentee.token}` },
    data: { headline: "", bio: "", skills: [], goals, timezone: "UTC" },
  });
  expect(saved.status()).toBe(200);
  return mentee;
}

test("an admin runs a matching round from opening to publishing, and the mentor accepts", async ({ browser, request }) => {
  // A topic no other test uses keeps this round to its own members.
  const topic = `astronomy ${Date.now()}`;
  const suffix = Date.now() % 100000;
  const [vera, edwin] = [`Vera Rubin ${suffix}`, `Edwin Hubble ${suffix}`];
  const [ana, ben] = [`Ana Mentee ${suffix}`, `Ben Mentee ${suffix}`];
  const veraEmail = uniqueEmail("mentor");
  const veraAccount = await registerViaApi(request, veraEmail, "mentor", vera);
  await makeListed(request, veraAccount, { headline: "Astronomer", skills: [topic, "go"], timezone: "UTC", max_mentees: 1 });
  const edwinAccount = await registerViaApi(request, uniqueEmail("mentor"), "mentor", edwin);
  await makeListed(request, edwinAccount, { headline: "Astronomer", skills: [topic], timezone: "UTC", max_mentees: 1 });
  await menteeWithGoals(request, ana, [topic]);
  await menteeWithGoals(request, ben, [topic, "go"]);

  const admin = await (await browser.newContext()).newPage();
  const adminEmail = uniqueEmail("admin");
  createAdmin(adminEmail, "Round Admin");
  await logIn(admin, adminEmail);
  await gotoHydrated(admin, "/admin");
  await admin.getByRole("link", { name: "Matching rounds" }).click();
  await expect(admin.getByRole("heading", { name: "Matching rounds" })).toBeVisible();

  // Open: mentees who joined since today, on the topic.
  await admin.getByLabel("Name").fill(`Sky cohort ${suffix}`);
  await admin.getByLabel("Mentees without a mentor who joined since").fill(new Date().toISOString().slice(0, 10));
  await admin.getByLabel("Only this topic (optional)").fill(topic);
  await admin.getByRole("button", { name: "Open the round" }).click();
  await expect(admin.getByRole("heading", { name: `Sky cohort ${suffix}` })).toBeVisible();
  await expect(admin.getByText("2 mentees to place · 2 mentors with 2 free places")).toBeVisible();
  await expect(admin.getByTestId("round-status")).toHaveText("Draft · not computed yet");

  // Compute: Ben shares Vera's "go" as well, so the best total pairs Ben–Vera and Ana–Edwin.
  await admin.getByRole("button", { name: "Compute the best pairs" }).click();
  const benRow = admin.getByRole("row", { name: new RegExp(`^${ben}`) });
  await expect(benRow).toContainText(vera);
  await expect(benRow).toContainText(`Shares your goals ${topic} and go`);
  await expect(admin.getByRole("row", { name: new RegExp(`^${ana}`) })).toContainText(edwin);
  const total = await admin.getByRole("heading", { name: /Pairs · total score/ }).textContent();

  // Swap the two mentors: a lower total; computing again restores the best one.
  await admin.getByLabel(`Swap ${ana}'s mentor with`).selectOption({ label: ben });
  await admin.getByRole("button", { name: `Swap ${ana}'s mentor` }).click();
  await expect(admin.getByRole("row", { name: new RegExp(`^${ana}`) })).toContainText(vera);
  await expect(admin.getByRole("heading", { name: /Pairs · total score/ })).not.toHaveText(total ?? "");
  await admin.getByRole("button", { name: "Compute again" }).click();
  await expect(admin.getByRole("heading", { name: /Pairs · total score/ })).toHaveText(total ?? "");

  // Remove Ana's pair: she is listed as not placed, with why.
  await admin.getByRole("button", { name: `Remove the pair ${ana} and ${edwin}` }).click();
  await expect(admin.getByRole("heading", { name: "Not placed (1)" })).toBeVisible();
  await expect(admin.locator(".unplaced")).toContainText(ana);

  await admin.getByRole("button", { name: "Publish 1 request" }).click();
  await expect(admin.getByTestId("round-status")).toContainText("1 request sent");
  await expect(admin.getByRole("button", { name: "Compute again" })).toHaveCount(0);

  // Vera finds the programme's request and accepts it as usual.
  const mentor = await (await browser.newContext()).newPage();
  await logIn(mentor, veraEmail);
  await gotoHydrated(mentor, "/requests?status=pending");
  await expect(mentor.getByText(`matching round "Sky cohort ${suffix}"`)).toBeVisible();
  await mentor.getByRole("button", { name: /Accept/ }).first().click();
  await expect(mentor.getByText(/accepted/i).first()).toBeVisible();

  // The audit log keeps the round.
  await gotoHydrated(admin, "/admin/audit");
  await expect(admin.getByText("round.published").first()).toBeVisible();
});
