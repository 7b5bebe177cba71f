import { test, expect } from "@playwright/test";
import { gotoHydrated, logIn, logInWithoutJavaScript, makeListed, registerViaApi, uniqueEmail } from "./helpers";

test("a mentee searches, requests a mentor who accepts; both see the mentorship; a second request is refused", async ({
  browser,
  request,
}) => {
  const tag = `kotlin${Date.now()}`;
  const mentorEmail = uniqueEmail("mentor");
  const mentor = await registerViaApi(request, mentorEmail, "mentor", "Margaret Hamilton");
  await makeListed(request, mentor, {
    headline: "Flight software lead",
    skills: [tag, "leadership"],
    timezone: "America/New_York",
    max_mentees: 3,
  });
  const menteeEmail = uniqueEmail("mentee");
  const menteeAccount = await registerViaApi(request, menteeEmail, "mentee", "Ada Lovelace");
  const goals = await request.put("/api/v1/me/profile", {
    headers: { Authorization: `Bearer ${menteeAccount.token}` },
    data: { goals: [tag, "leadership"], timezone: "Europe/London" },
  });
  expect(goals.status()).toBe(200);

  const menteeContext = await browser.newContext();
  const mentee = await menteeContext.newPage();
  await logIn(mentee, menteeEmail);
  await expect(mentee.getByRole("heading", { name: /Welcome back, Ada/ })).toBeVisible();

  // The home page suggests the mentor, saying why.
  const suggestion = mentee.getByRole("listitem").filter({ hasText: "Margaret Hamilton" }).filter({ hasText: tag });
  await expect(suggestion).toContainText(`Shares your goals ${tag} and leadership`);

  // Search the directory and open the mentor.
  await mentee.getByRole("link", { name: "Find mentors" }).click();
  await mentee.getByLabel("Search").fill(tag);
  await mentee.getByRole("button", { name: "Search" }).click();
  await expect(mentee).toHaveURL(new RegExp(`q=${tag}`));
  await expect(mentee.getByText("1 mentor found")).toBeVisible();
  await mentee.getByRole("link", { name: "Margaret Hamilton" }).click();
  await expect(mentee.getByRole("heading", { level: 1, name: "Margaret Hamilton" })).toBeVisible();
  await expect(mentee.locator("body")).toHaveAttribute("data-hydrated", "true");

  // A second tab on the same page, to send a duplicate later from a stale form.
  const staleTab = await menteeContext.newPage();
  await gotoHydrated(staleTab, mentee.url());

  await mentee.getByLabel("Your message to Margaret").fill("I would love help with flight software.");
  await mentee.getByRole("button", { name: "Request mentorship" }).click();
  await expect(mentee.getByRole("status")).toContainText("Your request is waiting for Margaret's answer");

  await staleTab.getByLabel("Your message to Margaret").fill("Me again!");
  await staleTab.getByRole("button", { name: "Request mentorship" }).click();
  await expect(staleTab.getByRole("alert")).toContainText("You already have an open request");

  // The mentor sees it in the inbox and accepts.
  const mentorContext = await browser.newContext();
  const mentorPage = await mentorContext.newPage();
  await logIn(mentorPage, mentorEmail);
  await mentorPage.getByRole("link", { name: "Requests", exact: true }).click();
  await expect(mentorPage.getByRole("link", { name: "Pending (1)" })).toBeVisible();
  const item = mentorPage.getByRole("listitem").filter({ hasText: "From Ada Lovelace" });
  await expect(item).toContainText("I would love help with flight software.");
  await item.getByRole("button", { name: "Accept Ada Lovelace" }).click();
  await expect(mentorPage.getByRole("link", { name: "Accepted (1)" })).toBeVisible();

  // Both see the mentorship.
  await mentorPage.getByRole("link", { name: "Mentorships", exact: true }).click();
  await expect(mentorPage.getByRole("listitem").filter({ hasText: "Ada Lovelace" })).toContainText("active");
  // Each side reads it from where they stand.
  await expect(mentorPage.getByRole("heading", { name: "Mentoring Ada Lovelace" })).toBeVisible();
  await mentee.getByRole("link", { name: "Mentorships", exact: true }).click();
  await expect(mentee.getByRole("listitem").filter({ hasText: "Margaret Hamilton" })).toContainText("active");
  await expect(mentee.getByRole("heading", { name: "Your mentor: Margaret Hamilton" })).toBeVisible();
  const bookHref = `/mentors/${mentor.user.id}/book`;
  await expect(
    mentee.getByRole("listitem").filter({ hasText: "Margaret Hamilton" }).getByRole("link", { name: "Book a session" }),
  ).toHaveAttribute("href", bookHref);
  // Home now leads to booking instead of suggesting other mentors, and so does the notification.
  await mentee.goto("/");
  await expect(mentee.getByRole("heading", { name: "Your mentor" })).toBeVisible();
  await expect(mentee.getByRole("link", { name: "Book a session" })).toHaveAttribute("href", bookHref);
  await expect(mentee.getByRole("heading", { name: "Suggested for you" })).toHaveCount(0);
  await mentee.goto("/notifications");
  await expect(mentee.getByRole("link", { name: /Margaret Hamilton accepted your mentorship request/ })).toHaveAttribute(
    "href",
    bookHref,
  );

  // The mentor page now says they are paired instead of offering another request.
  await gotoHydrated(mentee, `/mentors/${mentor.user.id}`);
  await expect(mentee.getByRole("status")).toContainText("You and Margaret are paired");

  await menteeContext.close();
  await mentorContext.close();
});

test("a mentor declines with a reason and the mentee sees it; the mentee cancels another", async ({ browser, request }) => {
  const mentorEmail = uniqueEmail("mentor");
  const mentor = await registerViaApi(request, mentorEmail, "mentor", "Barbara Liskov");
  const other = await registerViaApi(request, uniqueEmail("mentor"), "mentor", "Edsger Dijkstra");
  const menteeEmail = uniqueEmail("mentee");
  const mentee = await registerViaApi(request, menteeEmail, "mentee", "Alan Kay");
  for (const target of [mentor, other]) {
    const sent = await request.post("/api/v1/requests", {
      headers: { Authorization: `Bearer ${mentee.token}` },
      data: { mentor_id: target.user.id, message: "Hello there" },
    });
    expect(sent.status()).toBe(201);
  }

  const mentorPage = await (await browser.newContext()).newPage();
  await logIn(mentorPage, mentorEmail);
  await gotoHydrated(mentorPage, "/requests?status=pending");
  const item = mentorPage.getByRole("listitem").filter({ hasText: "From Alan Kay" });
  await item.getByLabel("Reason for declining (optional)").fill("My calendar is full until spring.");
  await item.getByRole("button", { name: "Decline" }).click();
  await expect(mentorPage.getByRole("link", { name: "Declined (1)" })).toBeVisible();

  const menteePage = await (await browser.newContext()).newPage();
  await logIn(menteePage, menteeEmail);
  await gotoHydrated(menteePage, "/requests");
  const declined = menteePage.getByRole("listitem").filter({ hasText: "To Barbara Liskov" });
  await expect(declined).toContainText("declined");
  await expect(declined).toContainText("My calendar is full until spring.");
  const pending = menteePage.getByRole("listitem").filter({ hasText: "To Edsger Dijkstra" });
  await pending.getByRole("button", { name: "Cancel request" }).click();
  await expect(menteePage.getByRole("link", { name: "Cancelled (1)" })).toBeVisible();
});

test("a mentor reads the mentee's goals, time zone and shared hours before deciding", async ({ browser, request }) => {
  const mentorEmail = uniqueEmail("mentor");
  const mentor = await registerViaApi(request, mentorEmail, "mentor", "Katherine Johnson");
  const headers = { Authorization: `Bearer ${mentor.token}` };
  expect((await request.put("/api/v1/me/profile", { headers, data: { timezone: "America/New_York" } })).status()).toBe(200);
  const hours = await request.put("/api/v1/me/availability", {
    headers,
    data: { blocks: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: "09:00", end: "17:00" })), days_off: [] },
  });
  expect(hours.status()).toBe(200);
  const mentee = await registerViaApi(request, uniqueEmail("mentee"), "mentee", "Dorothy Vaughan");
  const menteeHeaders = { Authorization: `Bearer ${mentee.token}` };
  const profile = await request.put("/api/v1/me/profile", {
    headers: menteeHeaders,
    data: { headline: "Self-taught programmer", goals: ["fortran", "leadership"], skills: ["maths"], timezone: "Asia/Kathmandu" },
  });
  expect(profile.status()).toBe(200);
  const sent = await request.post("/api/v1/requests", {
    headers: menteeHeaders,
    data: { mentor_id: mentor.user.id, message: "Could you help me lead a team?" },
  });
  expect(sent.status()).toBe(201);

  const page = await (await browser.newContext()).newPage();
  await logIn(page, mentorEmail);
  await page.goto("/requests?status=pending");
  await page.getByRole("listitem").filter({ hasText: "From Dorothy Vaughan" }).getByRole("link", { name: "Dorothy Vaughan" }).click();
  await expect(page.getByRole("heading", { name: "Dorothy Vaughan", level: 1 })).toBeVisible();
  await expect(page.getByText("Self-taught programmer")).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: "leadership" })).toBeVisible();
  await expect(page.getByText(/Asia\/Kathmandu \(UTC\+05:45 now, 1\d h 45 min ahead of you\)/)).toBeVisible();
  // 09:00–17:00 in New York is 19:45–03:45 in Kathmandu: only its first 15 minutes are in her day.
  await expect(page.getByTestId("shared-hours").getByRole("listitem").first()).toContainText("09:00–09:15");

  // Another mentor, whom she did not ask, cannot open the page.
  const otherEmail = uniqueEmail("mentor");
  await registerViaApi(request, otherEmail, "mentor", "Mary Jackson");
  const other = await (await browser.newContext()).newPage();
  await logIn(other, otherEmail);
  const refused = await other.goto(`/mentees/${mentee.user.id}`);
  expect(refused?.status()).toBe(404);
  await expect(other.getByRole("heading", { name: "Profile not found" })).toBeVisible();
});

test("the directory filters, pages and explains an empty result", async ({ page, request }) => {
  await makeListed(request, await registerViaApi(request, uniqueEmail("mentor"), "mentor", "Frances Allen"));
  await gotoHydrated(page, `/mentors?q=${encodeURIComponent("zzqxv vvqjw")}`);
  await expect(page.getByText("No mentor matches this search.")).toBeVisible();
  await page.getByRole("link", { name: "Show all mentors" }).click();
  await expect(page.getByText(/\d+ mentors? found/)).toBeVisible();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("list buttons are plain forms: the page comes back on its filter, with the reason when refused", async ({ page, request }) => {
    const mentorEmail = uniqueEmail("mentor");
    const mentor = await registerViaApi(request, mentorEmail, "mentor", "Frances Allen");
    const sent: { id: string; token: string }[] = [];
    for (const who of ["Ken Thompson", "Dennis Ritchie"]) {
      const mentee = await registerViaApi(request, uniqueEmail("mentee"), "mentee", who);
      const reply = await request.post("/api/v1/requests", {
        headers: { Authorization: `Bearer ${mentee.token}` },
        data: { mentor_id: mentor.user.id, message: "Would you mentor me?" },
      });
      expect(reply.status()).toBe(201);
      sent.push({ id: (await reply.json()).id, token: mentee.token });
    }

    await logInWithoutJavaScript(page, mentorEmail);

    await page.goto("/requests?status=pending");
    await page.getByRole("listitem").filter({ hasText: "From Ken Thompson" }).getByRole("button", { name: "Decline" }).click();
    await expect(page).toHaveURL(/\/requests\?status=pending$/);
    await expect(page.getByRole("link", { name: "Declined (1)" })).toBeVisible();

    // Dennis withdraws while the mentor's page is open; accepting it then is refused, in words.
    const withdrawn = await request.post(`/api/v1/requests/${sent[1].id}/cancel`, {
      headers: { Authorization: `Bearer ${sent[1].token}` },
    });
    expect(withdrawn.status()).toBe(200);
    await page.getByRole("button", { name: "Accept Dennis Ritchie" }).click();
    await expect(page).toHaveURL(/\/requests\?status=pending&error=/);
    await expect(page.getByRole("alert")).toHaveText("This request was already cancelled.");
  });
});
