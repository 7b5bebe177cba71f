import { expect, test } from "@playwright/test";
import { gotoHydrated, makeListed, registerViaApi, uniqueEmail } from "./helpers";

// A surname no other test uses, so the search finds only this test's mentors.
const SURNAME = "Quillfeather";

test("the directory finds mentors as people type, marks what matched, and narrows by facets", async ({ page, request }) => {
  const orla = await registerViaApi(request, uniqueEmail("mentor"), "mentor", `Orla ${SURNAME}`);
  await makeListed(request, orla, {
    headline: "Helping engineers with career growth",
    skills: ["rust", "leadership"],
    bio: "I coach people through their first lead role.",
    timezone: "UTC",
  });
  const piet = await registerViaApi(request, uniqueEmail("mentor"), "mentor", `Piet ${SURNAME}`);
  await makeListed(request, piet, { headline: "Backend engineer", skills: ["go"], timezone: "UTC" });

  await gotoHydrated(page, "/mentors");
  const search = page.getByRole("searchbox", { name: "Search" });
  // A misspelt word ("carer") in another order than the profile's, with the surname.
  await search.fill(`carer ${SURNAME.toLowerCase()}`);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/q=carer/);

  const cards = page.locator(".mentor-card");
  await expect(page.getByText("2 mentors found")).toBeVisible();
  // Orla matched both words, so she comes first, with the corrected word marked.
  const first = cards.first();
  await expect(first.getByRole("link", { name: `Orla ${SURNAME}` })).toBeVisible();
  await expect(first.getByText(`Matches carer and ${SURNAME.toLowerCase()}`)).toBeVisible();
  await expect(first.locator("mark")).toHaveText(["career"]);
  await expect(cards.nth(1).getByText(`(1 of 2 words)`)).toBeVisible();

  // A facet narrows to the mentors with that skill, and shows it as chosen.
  await page.getByRole("link", { name: "rust (1)" }).click();
  await expect(page).toHaveURL(/skill=rust/);
  await expect(page.getByText("1 mentor found")).toBeVisible();
  await expect(page.getByRole("link", { name: /rust \(1\) \(chosen; remove\)/ })).toHaveAttribute("aria-current", "true");
  await page.getByRole("link", { name: /rust \(1\) \(chosen; remove\)/ }).click();
  await expect(page.getByText("2 mentors found")).toBeVisible();

  // A phrase in quotes and an exclusion.
  await gotoHydrated(page, `/mentors?q=${encodeURIComponent(`${SURNAME} -"career growth"`)}`);
  await expect(page.getByText("1 mentor found")).toBeVisible();
  await expect(cards.first().getByRole("link", { name: `Piet ${SURNAME}` })).toBeVisible();
  // The bio excerpt marks a word form: "leads" finds "lead".
  await gotoHydrated(page, `/mentors?q=${encodeURIComponent(`${SURNAME} leads`)}`);
  await expect(cards.first().locator(".snippet mark")).toHaveText(["lead"]);
});
