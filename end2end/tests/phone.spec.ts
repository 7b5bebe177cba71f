import { test, expect, Page } from "@playwright/test";
import { tourEveryPage } from "./tour";

/** WCAG 2.5.5: a target is at least 44 × 44 CSS pixels. */
const TAP = 44;

/**
 * The page fits the screen (nothing scrolls sideways) and every control a thumb aims at is big
 * enough: buttons, fields, button-styled links, navigation and tab links, pager links, the
 * labels around check boxes and radio buttons. Links inside running text are exempt (as WCAG
 * allows for inline targets).
 */
async function fitsThePhone(page: Page, where: string): Promise<void> {
  const overflow = await page.evaluate(() => {
    const root = document.documentElement;
    const wide = [...document.querySelectorAll<HTMLElement>("body *")]
      .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1 && el.getClientRects().length > 0)
      .filter((el) => getComputedStyle(el).position !== "fixed" && !el.parentElement?.closest(".table-wrap") && !el.closest(".visually-hidden"))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className} (right ${Math.round(el.getBoundingClientRect().right)})`);
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide };
  });
  expect.soft(overflow.scrollWidth, `${where} scrolls sideways: ${overflow.wide.join(", ")}`).toBeLessThanOrEqual(
    overflow.clientWidth,
  );

  const small = await page.evaluate((tap) => {
    const targets = document.querySelectorAll<HTMLElement>(
      [
        "button",
        "input:not([type=hidden]):not([type=checkbox]):not([type=radio])",
        "select",
        "textarea",
        "summary",
        "a.button",
        "a.tab",
        ".pager a",
        "nav a",
        "label.choice",
        ".slot-option",
      ].join(", "),
    );
    return [...targets]
      .filter((el) => el.getClientRects().length > 0 && !el.closest(".visually-hidden, .skip-link"))
      .filter((el) => getComputedStyle(el).visibility !== "hidden")
      .map((el) => ({ el, box: el.getBoundingClientRect() }))
      .filter(({ box }) => box.height < tap - 0.5 || box.width < tap - 0.5)
      .slice(0, 8)
      .map(({ el, box }) => `${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute("aria-label") || el.getAttribute("name") || "").trim().slice(0, 30)}" ${Math.round(box.width)}×${Math.round(box.height)}`);
  }, TAP);
  expect.soft(small, `${where} has tap targets under ${TAP} px`).toEqual([]);
}

test("every page fits a 360 px phone with tap targets of at least 44 px", async ({ browser, request }) => {
  test.setTimeout(240_000);
  await tourEveryPage(browser, request, { viewport: { width: 360, height: 780 }, isMobile: true, hasTouch: true }, fitsThePhone);
});

test("on a phone the signed-in header is one row with a menu that opens and closes", async ({ browser, request }) => {
  const { registerViaApi, uniqueEmail, logIn, waitHydrated } = await import("./helpers");
  const email = uniqueEmail("mentee");
  await registerViaApi(request, email, "mentee", "Grace Hopper");
  const page = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })).newPage();
  await logIn(page, email);
  await waitHydrated(page);
  const header = page.locator(".site-header");
  const height = (await header.boundingBox())?.height ?? 0;
  expect(height, "the header is one row").toBeLessThanOrEqual(72);
  const menu = page.getByRole("button", { name: /Menu/ });
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(page.getByRole("link", { name: "Sessions" })).toBeHidden();
  await menu.click();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await expect(page.getByRole("link", { name: "Sessions" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" })).toContainText("Grace Hopper");
  await page.keyboard.press("Escape");
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(page.getByRole("link", { name: "Sessions" })).toBeHidden();
});
