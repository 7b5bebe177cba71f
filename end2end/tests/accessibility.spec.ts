import { test, expect, Page, APIRequestContext } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { createAdmin, gotoHydrated, logIn, registerViaApi, uniqueEmail } from "./helpers";

/** Runs axe-core on the page as it is and fails on any serious or critical violation. */
async function expectAccessible(page: Page, where: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const blocking = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
  expect(blocking, `${where} has accessibility violations`).toEqual([]);
}

async function visitAll(page: Page, paths: string[]): Promise<void> {
  for (const p of paths) {
    await gotoHydrated(page, p);
    await expectAccessible(page, p);
  }
}

/** A mentor with weekly hours and a mentee paired with them, with one session booked. */
async function cast(request: APIRequestContext) {
  const mentorEmail = uniqueEmail("mentor");
  const mentor = await registerViaApi(request, mentorEmail, "mentor", "Katherine Johnson");
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  await request.put("/api/v1/me/availability", {
    headers: auth(mentor.token),
    data: { blocks: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: "08:00", end: "20:00" })), days_off: [] },
  });
  const menteeEmail = uniqueEmail("mentee");
  const mentee = await registerViaApi(request, menteeEmail, "mentee", "Dorothy Vaughan");
  const sent = await request.post("/api/v1/requests", {
    headers: auth(mentee.token),
    data: { mentor_id: mentor.user.id, message: "Hello!" },
  });
  await request.post(`/api/v1/requests/${(await sent.json()).id}/accept`, { headers: auth(mentor.token) });
  const slots = await (await request.get(`/api/v1/mentors/${mentor.user.id}/slots`)).json();
  const booked = await request.post("/api/v1/sessions", {
    headers: auth(mentee.token),
    data: { mentor_id: mentor.user.id, starts_at: slots.slots[0].starts_at, duration_minutes: 60, agenda: "Orbits" },
  });
  expect(booked.status()).toBe(201);
  return { mentor, mentorEmail, menteeEmail };
}

test("every page passes axe-core without serious or critical violations", async ({ browser, request }) => {
  test.setTimeout(180_000);
  const { mentor, mentorEmail, menteeEmail } = await cast(request);
  const mentorPage = `/mentors/${mentor.user.id}`;

  const visitor = await (await browser.newContext()).newPage();
  await visitAll(visitor, ["/", "/login", "/signup", "/mentors", "/mentors?q=zzzz-nothing", mentorPage, `${mentorPage}/book`, "/no-such-page"]);

  const mentee = await (await browser.newContext()).newPage();
  await logIn(mentee, menteeEmail);
  await visitAll(mentee, ["/", "/profile", "/requests", "/mentorships", "/sessions", "/sessions?scope=past", "/notifications", mentorPage, `${mentorPage}/book`]);

  const mentorContext = await (await browser.newContext()).newPage();
  await logIn(mentorContext, mentorEmail);
  await visitAll(mentorContext, ["/", "/availability", "/requests", "/sessions", "/notifications", "/profile"]);

  const admin = await (await browser.newContext()).newPage();
  const adminEmail = uniqueEmail("admin");
  createAdmin(adminEmail);
  await logIn(admin, adminEmail);
  await visitAll(admin, ["/", "/admin", "/admin/users", "/admin/activity?view=sessions", "/admin/audit"]);
});
