import { test, expect } from "@playwright/test";
import { gotoHydrated, logIn, registerViaApi, uniqueEmail } from "./helpers";

// The Content-Security-Policy: pages hydrate under it (Leptos's own scripts carry the
// per-response nonce), and a script that got into a page without the nonce would not run.

test("pages hydrate under a nonce-based policy without unsafe-inline", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (message.text().includes("Content Security Policy")) violations.push(message.text());
  });
  const response = await page.goto("/mentors");
  const policy = response?.headers()["content-security-policy"] ?? "";
  expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9_-]{16,}'/);
  expect(policy).not.toContain("unsafe-inline");
  expect(policy).toContain("frame-ancestors 'none'");
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");

  // Every inline script the server sent carries this response's nonce.
  const nonce = /'nonce-([^']+)'/.exec(policy)![1];
  const html = await response!.text();
  const inlineScripts = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)].map((m) => m[1]);
  expect(inlineScripts.length).toBeGreaterThan(0);
  for (const attributes of inlineScripts) expect(attributes).toContain(`nonce="${nonce}"`);

  // A second load gets a fresh nonce.
  const again = await page.request.get("/mentors");
  expect(again.headers()["content-security-policy"]).not.toContain(nonce);

  // Client-side navigation keeps working (server functions, the router) under the policy.
  await page.getByRole("link", { name: "Log in" }).click();
  await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible();
  expect(violations).toEqual([]);
});

test("a script smuggled in through a profile field does not run", async ({ page, request }) => {
  const mentor = await registerViaApi(request, uniqueEmail("csp-mentor"), "mentor", "Mallory Mentor");
  const payload = `<script>window.__pwned = "script"</script><img src=x onerror="window.__pwned='img'">`;
  const saved = await request.put("/api/v1/me/profile", {
    headers: { Authorization: `Bearer ${mentor.token}` },
    data: { headline: "Security mentor", bio: payload, skills: ["security"], goals: [], timezone: "UTC" },
  });
  expect(saved.status()).toBe(200);

  const blocked: string[] = [];
  await page.exposeFunction("reportViolation", (directive: string) => blocked.push(directive));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) =>
      (window as unknown as { reportViolation: (d: string) => void }).reportViolation(event.violatedDirective),
    );
  });
  await gotoHydrated(page, `/mentors/${mentor.user.id}`);
  // Escaped: the payload shows as text, not markup.
  await expect(page.getByText(payload)).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();

  // Even if escaping failed somewhere, an inline script without the nonce is refused.
  const ran = await page.evaluate(() => {
    const script = document.createElement("script");
    script.textContent = "window.__pwned = 'injected'";
    document.body.appendChild(script);
    return (window as unknown as { __pwned?: string }).__pwned ?? null;
  });
  expect(ran).toBeNull();
  await expect.poll(() => blocked.some((d) => d.startsWith("script-src"))).toBe(true);
});

test("a login leaves the browser a device cookie that outlives logging out", async ({ page, request }) => {
  const email = uniqueEmail("device");
  await registerViaApi(request, email, "mentee");
  await logIn(page, email);
  const device = (await page.context().cookies()).find((c) => c.name === "mp_device");
  expect(device?.httpOnly).toBe(true);
  expect(device?.sameSite).toBe("Lax");
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page.getByRole("link", { name: "Log in" })).toBeVisible();
  const after = await page.context().cookies();
  expect(after.find((c) => c.name === "mp_device")?.value).toBe(device?.value);
  expect(after.find((c) => c.name === "mp_session")?.value ?? "").toBe("");
});
