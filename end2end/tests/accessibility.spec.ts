import { test, expect, Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { tourEveryPage } from "./tour";

/** Runs axe-core on the page as it is and fails on any serious or critical violation. */
async function expectAccessible(page: Page, where: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const blocking = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
  expect(blocking, `${where} has accessibility violations`).toEqual([]);
}

test("every page passes axe-core without serious or critical violations", async ({ browser, request }) => {
  test.setTimeout(240_000);
  await tourEveryPage(browser, request, {}, expectAccessible);
});
