import { expect, test } from "@playwright/test";
import { gotoHydrated, logIn, makeListed, registerViaApi, uniqueEmail, waitHydrated } from "./helpers";

// A surname no other test (or earlier run) uses, so the search finds only this test's mentors:
// letters only, as a search word.
const SURNAME = "Quill" + Array.from({ length: 8 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join("");

test("the directory finds mentors as people type, marks what matched, and narrows by facets", async ({ page, request }) => {
  const orla = await registerViaApi(request, uniqueEmail("mentor"), "mentor", `Orla ${SURNAME}`);
  await makeListed(request, orla, {
    headline: "Helping engineers with career growth",
    skills: ["rust", "leadership"],
    bio: "I coach people through their first lead role.",
    timezone: "UTC",
  });
  const pietAccount = await registerViaApi(request, uniqueEmail("mentor"), "mentor", `Piet ${SURNAME}`);
  await makeListed(request, pietAccount, { headline: "Backend engineer", skills: ["go"], timezone: "UTC" });

  await gotoHydrated(page, "/mentors");
  const search = page.getByRole("searchbox", { name: "Search" });
  // The surname with two letters swapped, and another word in another order than the profile's.
  const typo = SURNAME.slice(0, 5) + SURNAME[6] + SURNAME[5] + SURNAME.slice(7);
  await search.fill(`career ${typo}`);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/q=career/);

  // Every word counts: Orla matched both, so she comes first, with the words marked; Piet
  // matched one (other mentors who mention "career" follow too).
  const cards = page.locator(".mentor-card");
  const first = cards.first();
  await expect(first.getByRole("link", { name: `Orla ${SURNAME}` })).toBeVisible();
  await expect(first.getByText(`Matches career and ${typo}`)).toBeVisible();
  await expect(first.locator("mark")).toHaveText(["career"]);
  const piet = cards.filter({ has: page.getByRole("link", { name: `Piet ${SURNAME}` }) });
  await expect(piet.getByText(`Matches ${typo} (1 of 2 words)`)).toBeVisible();

  // A facet narrows to the mentors with that skill, and shows it as chosen.
  await page.getByRole("link", { name: /^rust \(\d+\)$/ }).click();
  await expect(page).toHaveURL(/skill=rust/);
  await expect(cards.first().getByRole("link", { name: `Orla ${SURNAME}` })).toBeVisible();
  await expect(piet).toHaveCount(0);
  const chosen = page.getByRole("link", { name: /^rust \(\d+\) \(chosen; remove\)$/ });
  await expect(chosen).toHaveAttribute("aria-current", "true");
  await chosen.click();
  await expect(piet).toHaveCount(1);

  // A phrase in quotes and an exclusion.
  await gotoHydrated(page, `/mentors?q=${encodeURIComponent(`${SURNAME} -"career growth"`)}`);
  await expect(page.getByText("1 mentor found")).toBeVisible();
  await expect(cards.first().getByRole("link", { name: `Piet ${SURNAME}` })).toBeVisible();
  // The bio excerpt marks a word form: "leads" finds "lead".
  await gotoHydrated(page, `/mentors?q=${encodeURIComponent(`${SURNAME} leads`)}`);
  await expect(cards.first().locator(".snippet mark")).toHaveText(["lead"]);
});

test("a mentee dismisses a suggestion and it stays dismissed", async ({ page, request }) => {
  const goal = `cartography${Date.now()}`;
  for (const name of [`Gerardus ${SURNAME}`, `Abraham ${SURNAME}`]) {
    const mentor = await registerViaApi(request, uniqueEmail("mentor"), "mentor", name);
    await makeListed(request, mentor, { headline: "Map maker", skills: [goal], timezone: "UTC" });
  }
  const email = uniqueEmail("mentee");
  const mentee = await registerViaApi(request, email, "mentee", "Mia Explorer");
  const saved = await request.put("/api/v1/me/profile", {
    headers: { Authorization: `Bearer ${mentee.token}` },
    data: { goals: [goal], timezone: "UTC" },
  });
  expect(saved.status()).toBe(200);

  await logIn(page, email);
  const suggestions = page.locator(".suggestions .mentor-card");
  const gerardus = suggestions.filter({ hasText: `Gerardus ${SURNAME}` });
  await expect(gerardus).toContainText(`Shares your goal ${goal}`);
  await waitHydrated(page);
  await page.getByRole("button", { name: `Not for me: Gerardus ${SURNAME}` }).click();
  await expect(gerardus).toHaveCount(0);
  await expect(suggestions.filter({ hasText: `Abraham ${SURNAME}` })).toHaveCount(1);
  await page.reload();
  await expect(suggestions.filter({ hasText: `Abraham ${SURNAME}` })).toHaveCount(1);
  await expect(gerardus).toHaveCount(0);
});
