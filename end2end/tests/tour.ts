import { expect, Browser, BrowserContextOptions, Page, APIRequestContext } from "@playwright/test";
import { PASSWORD, createAdmin, gotoHydrated, logIn, makeListed, registerViaApi, uniqueEmail } from "./helpers";

/** A listed mentor and a mentee paired with them, with one session booked and one request. */
async function cast(request: APIRequestContext) {
  const mentorEmail = uniqueEmail("mentor");
  const mentor = await registerViaApi(request, mentorEmail, "mentor", "Katherine Johnson");
  await makeListed(request, mentor, { headline: "Orbital mechanics", skills: ["maths", "fortran"], timezone: "UTC" });
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const menteeEmail = uniqueEmail("mentee");
  const mentee = await registerViaApi(request, menteeEmail, "mentee", "Dorothy Vaughan");
  const sent = await request.post("/api/v1/requests", {
    headers: auth(mentee.token),
    data: { mentor_id: mentor.user.id, message: "Hello!" },
  });
  await request.post(`/api/v1/requests/${(await sent.json()).id}/accept`, { headers: auth(mentor.token) });
  const other = await registerViaApi(request, uniqueEmail("mentee"), "mentee", "Mary Jackson");
  await request.post("/api/v1/requests", {
    headers: auth(other.token),
    data: { mentor_id: mentor.user.id, message: "Could you mentor me too?" },
  });
  const slots = await (await request.get(`/api/v1/mentors/${mentor.user.id}/slots`)).json();
  const booked = await request.post("/api/v1/sessions", {
    headers: auth(mentee.token),
    data: { mentor_id: mentor.user.id, starts_at: slots.slots[0].starts_at, duration_minutes: 60, agenda: "Orbits" },
  });
  expect(booked.status()).toBe(201);
  return { mentor, mentorEmail, mentee, menteeEmail };
}

/**
 * Opens every page of the app as a visitor, a mentee, a mentor and an admin (each in a fresh
 * context with `options`, e.g. a phone viewport), and runs `check` on each once it has hydrated.
 */
export async function tourEveryPage(
  browser: Browser,
  request: APIRequestContext,
  options: BrowserContextOptions,
  check: (page: Page, path: string) => Promise<void>,
): Promise<void> {
  const { mentor, mentorEmail, mentee, menteeEmail } = await cast(request);
  const mentorPage = `/mentors/${mentor.user.id}`;
  const visitAll = async (page: Page, paths: string[]) => {
    for (const path of paths) {
      await gotoHydrated(page, path);
      await check(page, path);
    }
  };

  const visitor = await (await browser.newContext(options)).newPage();
  await visitAll(visitor, ["/", "/login", "/signup", "/mentors", "/mentors?q=zzzz-nothing", "/mentors?q=rust%20career&skill=rust", mentorPage, `${mentorPage}/book`, "/no-such-page", "/forgot-password", "/forgot-password?sent=1", "/reset-password?token=0123", "/confirm-email?token=0123", "/unsubscribe?token=0123"]);

  const menteePage = await (await browser.newContext(options)).newPage();
  await logIn(menteePage, menteeEmail);
  await visitAll(menteePage, ["/", "/profile", "/settings", "/requests", "/mentorships", "/sessions", "/sessions?scope=past", "/notifications", mentorPage, `${mentorPage}/book`]);

  const mentorView = await (await browser.newContext(options)).newPage();
  await logIn(mentorView, mentorEmail);
  const mentorships = await (
    await request.get("/api/v1/mentorships", { headers: { Authorization: `Bearer ${mentee.token}` } })
  ).json();
  await visitAll(mentorView, [
    "/",
    "/availability",
    "/requests",
    "/requests?status=pending",
    "/mentorships",
    `/mentorships/${mentorships[0].id}/end`,
    `/mentees/${mentee.user.id}`,
    "/sessions",
    "/notifications",
    "/profile",
    "/settings",
  ]);

  const admin = await (await browser.newContext(options)).newPage();
  const adminEmail = uniqueEmail("admin");
  createAdmin(adminEmail);
  await logIn(admin, adminEmail);
  // A computed matching round, so its page shows pairs and their buttons.
  const adminLogin = await (await request.post("/api/v1/auth/login", { data: { email: adminEmail, password: PASSWORD } })).json();
  const asAdmin = { Authorization: `Bearer ${adminLogin.token}` };
  const newcomers = [
    await registerViaApi(request, uniqueEmail("mentee"), "mentee", "Annie Easley"),
    await registerViaApi(request, uniqueEmail("mentee"), "mentee", "Christine Darden"),
  ];
  const round = await (
    await request.post("/api/v1/admin/rounds", {
      headers: asAdmin,
      data: { name: "Tour round", mentee_ids: newcomers.map((m) => m.user.id), mentor_ids: [mentor.user.id] },
    })
  ).json();
  await request.post(`/api/v1/admin/rounds/${round.id}/compute`, { headers: asAdmin });
  await visitAll(admin, [
    "/admin/rounds",
    `/admin/rounds/${round.id}`,
    "/",
    "/admin",
    "/admin/users",
    `/admin/users/${mentor.user.id}/change?active=false`,
    `/admin/users/${mentor.user.id}/delete`,
    "/admin/mentors",
    "/admin/activity",
    "/admin/activity?view=mentorships",
    "/admin/activity?view=sessions",
    "/admin/audit",
    "/admin/outbox",
    "/settings",
  ]);
}
