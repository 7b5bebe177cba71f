import { test, expect, APIRequestContext } from "@playwright/test";
import { gotoHydrated, logIn, logInWithoutJavaScript, registerViaApi, uniqueEmail, waitHydrated } from "./helpers";

type Account = { token: string; user: { id: string } };

const auth = (account: Account) => ({ Authorization: `Bearer ${account.token}` });

/** A mentor and a mentee in an active mentorship, set up through the JSON API. */
async function pairedAccounts(request: APIRequestContext, mentorName: string, menteeName: string) {
  const mentorEmail = uniqueEmail("mentor");
  const mentor = await registerViaApi(request, mentorEmail, "mentor", mentorName);
  const mentorProfile = await request.put("/api/v1/me/profile", {
    headers: auth(mentor),
    data: { headline: "Staff engineer", skills: ["rust"], timezone: "America/New_York", max_mentees: 5 },
  });
  expect(mentorProfile.status()).toBe(200);
  const menteeEmail = uniqueEmail("mentee");
  const mentee = await registerViaApi(request, menteeEmail, "mentee", menteeName);
  const menteeProfile = await request.put("/api/v1/me/profile", {
    headers: auth(mentee),
    data: { goals: ["rust"], timezone: "Europe/London" },
  });
  expect(menteeProfile.status()).toBe(200);
  const sent = await request.post("/api/v1/requests", {
    headers: auth(mentee),
    data: { mentor_id: mentor.user.id, message: "Could you mentor me?" },
  });
  expect(sent.status()).toBe(201);
  const accepted = await request.post(`/api/v1/requests/${(await sent.json()).id}/accept`, { headers: auth(mentor) });
  expect(accepted.status()).toBe(200);
  return { mentor, mentorEmail, mentee, menteeEmail };
}

test("a mentor sets weekly hours; a mentee books a slot; both see it; the mentee cancels", async ({ browser, request }) => {
  const { mentor, mentorEmail, menteeEmail } = await pairedAccounts(request, "Barbara Liskov", "Alan Kay");

  // The mentor opens the weekly grid and adds a block on every day.
  const mentorContext = await browser.newContext();
  const mentorPage = await mentorContext.newPage();
  await logIn(mentorPage, mentorEmail);
  await mentorPage.getByRole("link", { name: "Availability" }).click();
  await expect(mentorPage.getByRole("heading", { name: "Weekly availability" })).toBeVisible();
  await expect(mentorPage.getByText("America/New_York")).toBeVisible();
  await waitHydrated(mentorPage);
  for (const day of ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]) {
    await mentorPage.getByRole("button", { name: `Add a block on ${day}` }).click();
  }
  // A second Monday block that overlaps the first is refused, next to that block.
  await mentorPage.getByRole("button", { name: "Add a block on Monday" }).click();
  await mentorPage.getByLabel("Monday block starts").nth(1).fill("10:00");
  await mentorPage.getByRole("button", { name: "Save availability" }).click();
  await expect(mentorPage.getByText("Monday 10:00–18:00 overlaps 09:00–17:00.")).toBeVisible();
  await mentorPage.getByRole("button", { name: /Remove Monday block 17:00–18:00/ }).click();
  await mentorPage.getByRole("button", { name: "Save availability" }).click();
  await expect(mentorPage.getByRole("status")).toContainText("Availability saved.");
  const stored = await request.get("/api/v1/me/availability", { headers: auth(mentor) });
  expect((await stored.json()).blocks).toHaveLength(7);

  // The mentee finds the open times on the mentor's page, shown in their own zone.
  const menteeContext = await browser.newContext();
  const menteePage = await menteeContext.newPage();
  await logIn(menteePage, menteeEmail);
  await gotoHydrated(menteePage, `/mentors/${mentor.user.id}`);
  // The mentor's page already lists the next open hours; the button leads to the full week.
  await expect(menteePage.getByRole("heading", { name: "Bookable times" })).toBeVisible();
  await expect(menteePage.locator(".open-times dt").first()).toBeVisible();
  await menteePage.getByRole("link", { name: "Book a session" }).click();
  await expect(menteePage.getByRole("heading", { name: /Book a session with Barbara Liskov/ })).toBeVisible();
  await expect(menteePage.getByText("Times are shown in Europe/London")).toBeVisible();
  await expect(menteePage.locator("body")).toHaveAttribute("data-hydrated", "true");

  // Booking without a time says so next to the slots.
  await menteePage.getByLabel("Agenda").fill("Designing abstractions");
  await menteePage.getByRole("button", { name: "Book session" }).click();
  await expect(menteePage.getByText("Pick one of the open times.")).toBeVisible();

  const firstDay = menteePage.locator(".slot-day").first();
  const dayLabel = (await firstDay.locator("legend").textContent())!.trim();
  const firstSlot = firstDay.locator(".slot").first();
  const timeLabel = (await firstSlot.locator(".slot-time").textContent())!.trim();
  // Each choice names its day for screen readers, not only the time.
  await expect(firstDay.getByRole("radio", { name: `${dayLabel} ${timeLabel}`, exact: true })).toHaveCount(1);
  await firstSlot.click();
  await menteePage.getByRole("button", { name: "Book session" }).click();
  await expect(menteePage.getByRole("status").filter({ hasText: "Session booked:" })).toBeVisible();
  // The booked time is no longer offered.
  await expect(menteePage.getByRole("radio", { name: `${dayLabel} ${timeLabel}`, exact: true })).toHaveCount(0);

  // Both see it among their upcoming sessions, at the same instant in their own zones.
  await menteePage.getByRole("link", { name: "See your sessions" }).click();
  const menteeItem = menteePage.getByRole("listitem").filter({ hasText: "Designing abstractions" });
  await expect(menteeItem).toContainText("With Barbara Liskov");
  await expect(menteeItem).toContainText(`${timeLabel}–`);
  await expect(menteeItem).toContainText(dayLabel);
  const calendarLink = menteeItem.getByRole("link", { name: "Add to calendar (.ics)" });
  const calendar = await menteePage.request.get((await calendarLink.getAttribute("href"))!);
  expect(calendar.headers()["content-type"]).toContain("text/calendar");
  expect(await calendar.text()).toContain("DESCRIPTION:Designing abstractions");

  await mentorPage.getByRole("link", { name: "Sessions", exact: true }).click();
  const mentorItem = mentorPage.getByRole("listitem").filter({ hasText: "Designing abstractions" });
  await expect(mentorItem).toContainText("With Alan Kay");

  // The mentee cancels, with a reason; the mentor sees it cancelled.
  await expect(menteePage.locator("body")).toHaveAttribute("data-hydrated", "true");
  await menteeItem.getByRole("button", { name: "Cancel session" }).click();
  await expect(menteeItem.getByText("Let the other person know why you are cancelling.")).toBeVisible();
  await menteeItem.getByLabel("Reason for cancelling").fill("Something came up, sorry");
  await menteeItem.getByRole("button", { name: "Cancel session" }).click();
  const cancelledItem = menteePage.getByRole("listitem").filter({ hasText: "Designing abstractions" });
  await expect(cancelledItem).toContainText("Cancelled: Something came up, sorry");
  await expect(cancelledItem.getByRole("button", { name: "Cancel session" })).toHaveCount(0);
  await mentorPage.reload();
  await expect(mentorPage.getByRole("listitem").filter({ hasText: "Designing abstractions" })).toContainText(
    "Cancelled: Something came up, sorry",
  );
});

test("after a session has ended the mentee rates it and the mentor page shows the rating", async ({ browser, request }) => {
  const { mentor, mentee, menteeEmail } = await pairedAccounts(request, "Frances Allen", "Grace Hopper");
  const hours = await request.put("/api/v1/me/availability", {
    headers: auth(mentor),
    data: { blocks: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: "00:00", end: "24:00" })), days_off: [] },
  });
  expect(hours.status()).toBe(200);
  const slots = await (await request.get(`/api/v1/mentors/${mentor.user.id}/slots?duration=30`)).json();
  const slot = slots.slots[0];
  const booked = await request.post("/api/v1/sessions", {
    headers: auth(mentee),
    data: { mentor_id: mentor.user.id, starts_at: slot.starts_at, duration_minutes: 30, agenda: "Compiler optimisations" },
  });
  expect(booked.status()).toBe(201);

  // Move the application clock past the session's end instead of waiting for it.
  const offsetSeconds = Math.ceil((Date.parse(slot.ends_at) - Date.now()) / 1000) + 3600;
  expect((await request.put("/__test/clock", { data: { offset_seconds: offsetSeconds } })).status()).toBe(200);
  try {
    const page = await (await browser.newContext()).newPage();
    await logIn(page, menteeEmail);
    await gotoHydrated(page, "/sessions?scope=past");
    const item = page.getByRole("listitem").filter({ hasText: "Compiler optimisations" });
    // A session that has ended took place: it no longer reads "scheduled".
    await expect(item.locator(".pill")).toHaveText("completed");
    await item.getByText("4 ★").click();
    await item.getByLabel("Comment (optional)").fill("Sharp and generous with time.");
    await item.getByRole("button", { name: "Send feedback" }).click();
    await expect(page.getByRole("listitem").filter({ hasText: "Compiler optimisations" })).toContainText(
      "You rated this session 4/5",
    );

    await gotoHydrated(page, `/mentors/${mentor.user.id}`);
    await expect(page.getByTestId("rating-average")).toHaveText("4.0 out of 5 · 1 rating");
    await expect(page.getByText("Sharp and generous with time.")).toBeVisible();
    // Under the rating, the public reads the mentee's first name and initial only.
    const ratings = page.locator(".ratings");
    await expect(ratings).toContainText("Grace H.");
    await expect(ratings).not.toContainText("Grace Hopper");
  } finally {
    await request.put("/__test/clock", { data: { offset_seconds: 0 } });
  }
});

test("after a booking the picker starts over: nothing chosen, no agenda, and a second click books nothing", async ({ browser, request }) => {
  const { mentor, mentee, menteeEmail } = await pairedAccounts(request, "Radia Perlman", "Vint Cerf");
  const hours = await request.put("/api/v1/me/availability", {
    headers: auth(mentor),
    data: { blocks: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: "08:00", end: "20:00" })), days_off: [] },
  });
  expect(hours.status()).toBe(200);

  const page = await (await browser.newContext()).newPage();
  await logIn(page, menteeEmail);
  await gotoHydrated(page, `/mentors/${mentor.user.id}/book`);
  const slot = page.locator(".slot-day").first().locator(".slot").nth(2);
  const time = (await slot.locator(".slot-time").textContent())!.trim();
  await slot.click();
  await page.getByLabel("Agenda").fill("Spanning trees");
  await page.getByRole("button", { name: "Book session" }).click();
  const booked = page.getByRole("status").filter({ hasText: "Session booked:" });
  await expect(booked).toBeVisible();
  // The banner names what was booked.
  await expect(booked).toContainText(time);

  // The form is fresh: no time chosen, the agenda empty.
  await expect(page.getByRole("radio", { checked: true })).toHaveCount(0);
  await expect(page.getByLabel("Agenda")).toHaveValue("");
  // Clicking again does not book anything: it asks for a time.
  await page.getByLabel("Agenda").fill("Something else");
  await page.getByRole("button", { name: "Book session" }).click();
  await expect(page.getByText("Pick one of the open times.")).toBeVisible();
  const sessions = await (await request.get("/api/v1/sessions", { headers: auth(mentee) })).json();
  expect(sessions.items).toHaveLength(1);
});

test("the mentor says where they meet; the pair sees the link, the calendar file carries it", async ({ browser, request }) => {
  const { mentor, mentorEmail, mentee, menteeEmail } = await pairedAccounts(request, "Margaret Hamilton", "Dan Lickly");
  const hours = await request.put("/api/v1/me/availability", {
    headers: auth(mentor),
    data: { blocks: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: "00:00", end: "24:00" })), days_off: [] },
  });
  expect(hours.status()).toBe(200);

  const mentorPage = await (await browser.newContext()).newPage();
  await logIn(mentorPage, mentorEmail);
  await gotoHydrated(mentorPage, "/profile");
  await mentorPage.getByLabel("Where you meet").fill("https://");
  await mentorPage.getByRole("button", { name: "Save profile" }).click();
  await expect(mentorPage.getByText("Write the whole link, starting with https:// and without spaces.")).toBeVisible();
  await mentorPage.getByLabel("Where you meet").fill("https://meet.example.org/apollo");
  await mentorPage.getByRole("button", { name: "Save profile" }).click();
  await expect(mentorPage.getByRole("status")).toContainText("Profile saved.");

  const slot = (await (await request.get(`/api/v1/mentors/${mentor.user.id}/slots?duration=30`)).json()).slots[0];
  const booked = await request.post("/api/v1/sessions", {
    headers: auth(mentee),
    data: { mentor_id: mentor.user.id, starts_at: slot.starts_at, duration_minutes: 30, agenda: "Guidance computer" },
  });
  expect(booked.status()).toBe(201);
  const sessionId = (await booked.json()).id;

  const menteePage = await (await browser.newContext()).newPage();
  await logIn(menteePage, menteeEmail);
  await menteePage.goto("/sessions");
  await expect(menteePage.getByRole("link", { name: "https://meet.example.org/apollo" })).toHaveAttribute(
    "href",
    "https://meet.example.org/apollo",
  );
  const ics = await (await request.get(`/api/v1/sessions/${sessionId}/ics`, { headers: auth(mentee) })).text();
  expect(ics).toContain("LOCATION:https://meet.example.org/apollo");

  // The mentor moves this one session to a room; the mentee reads the place instead.
  await mentorPage.goto("/sessions");
  await mentorPage.getByText("Meet somewhere else for this session").click();
  await mentorPage.getByLabel("Video link or place").fill("Building 7, room 12");
  await mentorPage.getByRole("button", { name: "Save place" }).click();
  await expect(mentorPage.getByText("Where: Building 7, room 12")).toBeVisible();
  await menteePage.reload();
  await expect(menteePage.getByText("Where: Building 7, room 12")).toBeVisible();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("ending a mentorship asks first, names the sessions it cancels, and tells the other side why", async ({
    browser,
    request,
  }) => {
    const { mentor, mentee, mentorEmail, menteeEmail } = await pairedAccounts(request, "Ada Lovelace", "Charles Babbage");
    const hours = await request.put("/api/v1/me/availability", {
      headers: auth(mentor),
      data: { blocks: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: "00:00", end: "24:00" })), days_off: [] },
    });
    expect(hours.status()).toBe(200);
    const slots = (await (await request.get(`/api/v1/mentors/${mentor.user.id}/slots?duration=30`)).json()).slots;
    for (const slot of [slots[0], slots[4]]) {
      const booked = await request.post("/api/v1/sessions", {
        headers: auth(mentee),
        data: { mentor_id: mentor.user.id, starts_at: slot.starts_at, duration_minutes: 30, agenda: "Engines" },
      });
      expect(booked.status()).toBe(201);
    }

    const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    await logInWithoutJavaScript(page, menteeEmail);
    await page.goto("/mentorships");
    await page.getByRole("link", { name: "End mentorship…" }).click();
    await expect(page.getByRole("heading", { name: "End your mentorship with Ada Lovelace?" })).toBeVisible();
    await expect(page.getByText("Your 2 upcoming sessions together will be cancelled:")).toBeVisible();
    await expect(page.getByTestId("sessions-to-cancel").getByRole("listitem")).toHaveCount(2);

    // Changing one's mind leaves everything as it was.
    await page.getByRole("link", { name: "Keep the mentorship" }).click();
    await expect(page).toHaveURL(/\/mentorships$/);
    await expect(page.getByText("active", { exact: true })).toBeVisible();

    // A reason over the limit is refused on the confirmation page itself.
    await page.getByRole("link", { name: "End mentorship…" }).click();
    await page.getByLabel("Reason (optional)").evaluate((el: HTMLTextAreaElement) => el.removeAttribute("maxlength"));
    await page.getByLabel("Reason (optional)").fill("x".repeat(1001));
    await page.getByRole("button", { name: "End mentorship" }).click();
    await expect(page.getByRole("alert")).toContainText("1000");
    await expect(page.getByRole("heading", { name: "End your mentorship with Ada Lovelace?" })).toBeVisible();

    await page.getByLabel("Reason (optional)").fill("I am moving to Turin.");
    await page.getByRole("button", { name: "End mentorship" }).click();
    await expect(page).toHaveURL(/\/mentorships$/);
    await expect(page.getByText("ended", { exact: true })).toBeVisible();
    await expect(page.getByText("Reason: I am moving to Turin.")).toBeVisible();

    // The mentor is told once, with the reason and the cancelled sessions.
    const mentorPage = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    await logInWithoutJavaScript(mentorPage, mentorEmail);
    await mentorPage.goto("/notifications");
    await expect(
      mentorPage.getByRole("link", { name: /Charles Babbage ended your mentorship: I am moving to Turin\. Your 2 sessions/ }),
    ).toBeVisible();
    const sessions = await (await request.get("/api/v1/sessions", { headers: auth(mentee) })).json();
    expect(sessions.items.map((s: { status: string }) => s.status)).toEqual(["cancelled", "cancelled"]);
  });
});
