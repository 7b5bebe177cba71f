//! Availability, slots, sessions, calendar export and feedback through the JSON API and the real
//! router, on a fresh migrated database per test.
//!
//! Slots depend on "now". Each test starts with the application clock at noon today and picks
//! times a few days ahead (past the 12-hour notice, inside the 56-day horizon); it moves that
//! clock, never sleeps, to get past a session's start or end.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::{DateTime, Duration, SecondsFormat, Timelike, Utc};
use serde_json::{Value, json};
use sqlx::PgPool;

use app::sessions::service::{MENTEE_BUSY, SLOT_TAKEN};
use common::{PASSWORD, Reply, TestApp, assert_error};

/// A registered account: its bearer token and id.
struct Person {
    token: String,
    id: String,
}

async fn person(app: &TestApp, email: &str, name: &str, role: &str) -> Person {
    let (token, user) = app.register_named(email, name, role).await;
    Person { token, id: user["id"].as_str().unwrap().to_owned() }
}

/// Pairs them the way people do: the mentee asks, the mentor accepts. Returns the mentorship id.
async fn pair(app: &TestApp, mentee: &Person, mentor: &Person) -> String {
    let sent = app
        .call(
            "POST",
            "/api/v1/requests",
            Some(&mentee.token),
            Some(json!({"mentor_id": mentor.id, "message": "Hello!"})),
        )
        .await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.text);
    let accept = format!("/api/v1/requests/{}/accept", sent.body["id"].as_str().unwrap());
    let accepted = app.call("POST", &accept, Some(&mentor.token), None).await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.text);
    accepted.body["mentorship"]["id"].as_str().unwrap().to_owned()
}

/// The same block on every weekday (the mentor's zone is UTC, the profile default).
async fn every_day(app: &TestApp, mentor: &Person, start: &str, end: &str, days_off: &[String]) {
    let blocks: Vec<Value> = (1..=7).map(|weekday| json!({"weekday": weekday, "start": start, "end": end})).collect();
    let saved = app
        .call(
            "PUT",
            "/api/v1/me/availability",
            Some(&mentor.token),
            Some(json!({"blocks": blocks, "days_off": days_off})),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text);
}

/// A mentor free around the clock, so that every half hour past the notice is a slot.
async fn always_open(app: &TestApp, mentor: &Person) {
    every_day(app, mentor, "00:00", "24:00", &[]).await;
}

/// Grace, a mentor free around the clock; Ada, her mentee; Eve, a mentee of no one.
struct Cast {
    mentor: Person,
    mentee: Person,
    stranger: Person,
    mentorship_id: String,
}

async fn cast(app: &TestApp) -> Cast {
    let mentor = person(app, "grace@example.org", "Grace", "mentor").await;
    let mentee = person(app, "ada@example.org", "Ada", "mentee").await;
    let stranger = person(app, "eve@example.org", "Eve", "mentee").await;
    let mentorship_id = pair(app, &mentee, &mentor).await;
    always_open(app, &mentor).await;
    Cast { mentor, mentee, stranger, mentorship_id }
}

/// The router with its clock set to noon (UTC) today, so that no test straddles midnight and
/// "day 2 at 10:00" names the same instant all through it.
fn app_at_noon(pool: PgPool) -> TestApp {
    let app = TestApp::new(pool);
    move_clock_to(&app, Utc::now().date_naive().and_hms_opt(12, 0, 0).unwrap().and_utc());
    app
}

/// `hour:minute` UTC, `days` calendar days after the application clock's today.
fn day_at(app: &TestApp, days: i64, hour: u32, minute: u32) -> DateTime<Utc> {
    (app.clock.now().date_naive() + Duration::days(days)).and_hms_opt(hour, minute, 0).unwrap().and_utc()
}

fn date(instant: DateTime<Utc>) -> String {
    instant.format("%Y-%m-%d").to_string()
}

/// Sets the application clock so that it reads `instant` (from now on, as time passes).
fn move_clock_to(app: &TestApp, instant: DateTime<Utc>) {
    app.clock.set_offset(instant - Utc::now());
}

fn instant(value: &Value) -> DateTime<Utc> {
    value.as_str().unwrap_or_else(|| panic!("not a time: {value}")).parse().unwrap()
}

async fn book(app: &TestApp, mentee: &Person, mentor: &Person, starts_at: DateTime<Utc>, minutes: u32) -> Reply {
    let body = json!({"mentor_id": mentor.id, "starts_at": starts_at, "duration_minutes": minutes, "agenda": "Career next steps"});
    app.call("POST", "/api/v1/sessions", Some(&mentee.token), Some(body)).await
}

/// Books and checks it worked; returns the session id.
async fn booked(app: &TestApp, mentee: &Person, mentor: &Person, starts_at: DateTime<Utc>, minutes: u32) -> String {
    let reply = book(app, mentee, mentor, starts_at, minutes).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    reply.body["id"].as_str().unwrap().to_owned()
}

/// Slot start times from a `GET /mentors/{id}/slots` reply.
fn starts(reply: &Reply) -> Vec<DateTime<Utc>> {
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    reply.body["slots"].as_array().unwrap().iter().map(|slot| instant(&slot["starts_at"])).collect()
}

/// Ids of a page of sessions, in the order listed.
async fn listed(app: &TestApp, who: &Person, scope: &str) -> Vec<String> {
    let reply = app.call("GET", &format!("/api/v1/sessions?scope={scope}"), Some(&who.token), None).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let items = reply.body["items"].as_array().unwrap();
    assert_eq!(reply.body["total"], items.len(), "{}", reply.text);
    items.iter().map(|session| session["id"].as_str().unwrap().to_owned()).collect()
}

fn assert_field_error(reply: &Reply, status: StatusCode, code: &str, field: &str) {
    assert_error(reply, status, code);
    assert!(
        reply.body["error"]["fields"][field].as_str().is_some_and(|m| !m.is_empty()),
        "no `{field}` in {}",
        reply.text
    );
}

// ---- availability ----------------------------------------------------------------------------

#[sqlx::test(migrations = "../migrations")]
async fn availability_round_trips_for_mentors_only(pool: PgPool) {
    let app = &app_at_noon(pool);
    let mentor = person(app, "grace@example.org", "Grace", "mentor").await;
    let mentee = person(app, "ada@example.org", "Ada", "mentee").await;

    // A new mentor has no hours yet.
    let empty = app.call("GET", "/api/v1/me/availability", Some(&mentor.token), None).await;
    assert_eq!(empty.status, StatusCode::OK, "{}", empty.text);
    assert_eq!(empty.body, json!({"timezone": "UTC", "blocks": [], "days_off": []}));

    // Sent out of order; stored and returned sorted by weekday and start. `timezone` in the body
    // is ignored: it comes from the profile.
    let [morning, afternoon, friday] = [
        json!({"weekday": 2, "start": "09:00", "end": "12:00"}),
        json!({"weekday": 2, "start": "14:00", "end": "17:00"}),
        json!({"weekday": 5, "start": "00:00", "end": "24:00"}),
    ];
    let days_off = json!(["2030-12-24", "2030-12-25"]);
    let input = json!({"timezone": "Asia/Tokyo", "blocks": [afternoon, friday, morning], "days_off": days_off});
    let expected = json!({"timezone": "UTC", "blocks": [morning, afternoon, friday], "days_off": days_off});
    let saved = app.call("PUT", "/api/v1/me/availability", Some(&mentor.token), Some(input)).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text);
    assert_eq!(saved.body, expected);
    let read = app.call("GET", "/api/v1/me/availability", Some(&mentor.token), None).await;
    assert_eq!(read.body, expected);

    // A PUT replaces the whole set.
    let cleared = app.call("PUT", "/api/v1/me/availability", Some(&mentor.token), Some(json!({"blocks": []}))).await;
    assert_eq!(cleared.body, json!({"timezone": "UTC", "blocks": [], "days_off": []}));

    // Mentees have no availability; anonymous callers are asked to log in.
    let mentee_get = app.call("GET", "/api/v1/me/availability", Some(&mentee.token), None).await;
    assert_error(&mentee_get, StatusCode::FORBIDDEN, "forbidden");
    let mentee_put = app.call("PUT", "/api/v1/me/availability", Some(&mentee.token), Some(expected)).await;
    assert_error(&mentee_put, StatusCode::FORBIDDEN, "forbidden");
    assert_error(
        &app.call("GET", "/api/v1/me/availability", None, None).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn invalid_availability_gets_a_message_per_row_and_keeps_the_stored_set(pool: PgPool) {
    let app = &app_at_noon(pool);
    let mentor = person(app, "grace@example.org", "Grace", "mentor").await;
    every_day(app, &mentor, "09:00", "12:00", &[]).await;
    let before = app.call("GET", "/api/v1/me/availability", Some(&mentor.token), None).await;

    let bad = json!({
        "blocks": [
            {"weekday": 2, "start": "09:00", "end": "12:00"},
            {"weekday": 2, "start": "11:00", "end": "13:00"},
            {"weekday": 3, "start": "12:00", "end": "09:00"},
        ],
        "days_off": ["24/12/2030", "-5000-01-01"],
    });
    let refused = app.call("PUT", "/api/v1/me/availability", Some(&mentor.token), Some(bad)).await;
    assert_error(&refused, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    let fields = &refused.body["error"]["fields"];
    assert_eq!(fields["blocks[1]"], "Tuesday 11:00–13:00 overlaps 09:00–12:00.");
    assert!(fields["blocks[2]"].as_str().unwrap().contains("ends (09:00) before it starts (12:00)"), "{fields}");
    assert!(fields["days_off[0]"].is_string(), "{fields}");
    assert!(fields.get("blocks[0]").is_none(), "the first of two overlapping blocks is fine: {fields}");

    // A body of the wrong shape is refused as a whole.
    let wrong_shape = json!({"blocks": [{"weekday": "Tuesday", "start": "09:00", "end": "10:00"}]});
    let refused_shape = app.call("PUT", "/api/v1/me/availability", Some(&mentor.token), Some(wrong_shape)).await;
    assert_error(&refused_shape, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");

    // Nothing of the refused sets was saved.
    let after = app.call("GET", "/api/v1/me/availability", Some(&mentor.token), None).await;
    assert_eq!(after.body, before.body);
}

// ---- slots -----------------------------------------------------------------------------------

#[sqlx::test(migrations = "../migrations")]
async fn slots_default_to_a_week_of_hour_long_sessions_past_the_notice(pool: PgPool) {
    let app = &app_at_noon(pool);
    let Cast { mentor, .. } = cast(app).await;

    let before = app.clock.now();
    let reply = app.call("GET", &format!("/api/v1/mentors/{}/slots", mentor.id), None, None).await;
    let after = app.clock.now();
    let slots = starts(&reply);
    assert_eq!(reply.body["mentor_id"], mentor.id.as_str());
    assert_eq!(reply.body["timezone"], "UTC");
    assert_eq!(reply.body["duration_minutes"], 60);

    // Open around the clock: the first slot is the first half hour at least 12 hours ahead (an
    // hour at most after it, as 23:30 cannot hold a 60-minute session in a block ending 24:00),
    // and the list stops a week after now.
    let first = slots[0];
    assert!(first >= before + Duration::hours(12) && first < after + Duration::hours(13), "{first} vs {before}");
    assert!(*slots.last().unwrap() < after + Duration::days(7));
    assert!(slots.len() > 6 * 46, "a week of half-hourly slots, got {}", slots.len());
    for (slot, raw) in slots.iter().zip(reply.body["slots"].as_array().unwrap()) {
        assert!(slot.minute() % 30 == 0 && slot.second() == 0, "{slot} is off the 30-minute step");
        assert_eq!(instant(&raw["ends_at"]), *slot + Duration::minutes(60));
    }
    assert!(slots.windows(2).all(|pair| pair[0] < pair[1]), "slots are sorted");
}

#[sqlx::test(migrations = "../migrations")]
async fn slots_follow_blocks_days_off_duration_and_bookings(pool: PgPool) {
    let app = &app_at_noon(pool);
    let Cast { mentor, mentee, .. } = cast(app).await;
    let day = |days: i64, hour: u32, minute: u32| day_at(app, days, hour, minute);
    // Free 09:00–12:00 every day, except the third day from today.
    every_day(app, &mentor, "09:00", "12:00", &[date(day(3, 0, 0))]).await;

    let query = |duration: u32| {
        format!(
            "/api/v1/mentors/{}/slots?from={}&to={}&duration={duration}",
            mentor.id,
            date(day(2, 0, 0)),
            date(day(4, 0, 0))
        )
    };
    let hourly = app.call("GET", &query(60), None, None).await;
    assert_eq!(starts(&hourly), vec![day(2, 9, 0), day(2, 9, 30), day(2, 10, 0), day(2, 10, 30), day(2, 11, 0)]);

    let half_hours = app.call("GET", &query(30), None, None).await;
    assert_eq!(half_hours.body["duration_minutes"], 30);
    assert_eq!(starts(&half_hours).len(), 6, "09:00 … 11:30");
    assert_eq!(instant(&half_hours.body["slots"][5]["ends_at"]), day(2, 12, 0));
    // A 45-minute session fits at 11:00 (ends 11:45) but not at 11:30.
    assert_eq!(starts(&app.call("GET", &query(45), None, None).await).last(), Some(&day(2, 11, 0)));

    // A booked hour takes every slot that would overlap it, and only those.
    booked(app, &mentee, &mentor, day(2, 10, 0), 60).await;
    let after_booking = app.call("GET", &query(60), None, None).await;
    assert_eq!(starts(&after_booking), vec![day(2, 9, 0), day(2, 11, 0)]);
}

#[sqlx::test(migrations = "../migrations")]
async fn slot_queries_are_checked(pool: PgPool) {
    let app = &app_at_noon(pool);
    let Cast { mentor, mentee, .. } = cast(app).await;
    let slots = |query: &str| {
        let uri = format!("/api/v1/mentors/{}/slots?{query}", mentor.id);
        async move { app.call("GET", &uri, None, None).await }
    };

    assert_field_error(
        &slots("duration=50").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        "duration_minutes",
    );
    assert_error(&slots("duration=an-hour").await, StatusCode::BAD_REQUEST, "bad_request");
    assert_error(&slots("from=next-tuesday").await, StatusCode::BAD_REQUEST, "bad_request");
    assert_error(&slots("from=2030-01-01&to=31/01/2030").await, StatusCode::BAD_REQUEST, "bad_request");
    assert_field_error(
        &slots("from=2030-01-10&to=2030-01-09").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        "to",
    );
    assert_field_error(
        &slots("from=2030-01-01&to=2030-06-01").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        "to",
    );
    // Years chrono parses but arithmetic or PostgreSQL cannot take are a 400, not a crash.
    for extreme in ["from=%2B262142-12-31", "from=-5000-01-01", "to=%2B262142-12-31T00:00:00Z"] {
        assert_error(&slots(extreme).await, StatusCode::BAD_REQUEST, "bad_request");
    }
    // RFC 3339 instants work as well as dates: starts in [09:00, 10:00) on day 2.
    let rfc3339 = |hour: u32| day_at(app, 2, hour, 0).to_rfc3339_opts(SecondsFormat::Secs, true);
    let hour = slots(&format!("from={}&to={}", rfc3339(9), rfc3339(10))).await;
    assert_eq!(starts(&hour), vec![day_at(app, 2, 9, 0), day_at(app, 2, 9, 30)]);

    // Unknown ids, malformed ids and mentees are all "no such mentor".
    for id in [uuid::Uuid::new_v4().to_string(), "not-a-uuid".to_owned(), mentee.id.clone()] {
        let reply = app.call("GET", &format!("/api/v1/mentors/{id}/slots"), None, None).await;
        assert_error(&reply, StatusCode::NOT_FOUND, "not_found");
    }
}

// ---- booking ---------------------------------------------------------------------------------

#[sqlx::test(migrations = "../migrations")]
async fn a_paired_mentee_books_an_open_slot(pool: PgPool) {
    let app = &app_at_noon(pool);
    let Cast { mentor, mentee, mentorship_id, .. } = cast(app).await;

    let starts_at = day_at(app, 2, 10, 0);
    let body = json!({"mentor_id": mentor.id, "starts_at": starts_at, "duration_minutes": 45, "agenda": "  Career next steps  "});
    let reply = app.call("POST", "/api/v1/sessions", Some(&mentee.token), Some(body)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    let session = &reply.body;
    assert_eq!(session["mentorship_id"], mentorship_id.as_str());
    assert_eq!((&session["mentor_id"], &session["mentee_id"]), (&json!(mentor.id), &json!(mentee.id)));
    assert_eq!((&session["mentor_name"], &session["mentee_name"]), (&json!("Grace"), &json!("Ada")));
    assert_eq!(instant(&session["starts_at"]), starts_at);
    assert_eq!(instant(&session["ends_at"]), starts_at + Duration::minutes(45));
    assert_eq!(session["duration_minutes"], 45);
    assert_eq!(session["agenda"], "Career next steps", "the agenda is trimmed");
    assert_eq!(session["status"], "scheduled");
    assert!(session["rating"].is_null() && session["cancelled_at"].is_null());
}

#[sqlx::test(migrations = "../migrations")]
async fn booking_needs_an_active_mentorship(pool: PgPool) {
    let app = &app_at_noon(pool);
    let Cast { mentor, mentee, stranger, mentorship_id } = cast(app).await;
    let slot = day_at(app, 2, 10, 0);

    assert_error(&book(app, &stranger, &mentor, slot, 60).await, StatusCode::FORBIDDEN, "forbidden");
    // Mentors do not book, not even with themselves.
    assert_error(&book(app, &mentor, &mentor, slot, 60).await, StatusCode::FORBIDDEN, "forbidden");
    let anonymous = app
        .call(
            "POST",
            "/api/v1/sessions",
            None,
            Some(json!({"mentor_id": mentor.id, "starts_at": slot, "duration_minutes": 60, "agenda": "x"})),
        )
        .await;
    assert_error(&anonymous, StatusCode::UNAUTHORIZED, "unauthorized");

    // Once the mentorship has ended, its mentee can no longer book.
    let ended = app.call("POST", &format!("/api/v1/mentorships/{mentorship_id}/end"), Some(&mentee.token), None).await;
    assert_eq!(ended.status, StatusCode::OK, "{}", ended.text);
    assert_error(&book(app, &mentee, &mentor, slot, 60).await, StatusCode::FORBIDDEN, "forbidden");
}

#[sqlx::test(migrations = "../migrations")]
async fn only_open_slots_can_be_booked(pool: PgPool) {
    let app = &app_at_noon(pool);
    let Cast { mentor, mentee, .. } = cast(app).await;
    // Free 09:00–17:00 every day but the third from today.
    every_day(app, &mentor, "09:00", "17:00", &[date(day_at(app, 3, 0, 0))]).await;

    let not_a_slot = [
        ("before the block", day_at(app, 2, 8, 0)),
        ("running past the block's end", day_at(app, 2, 16, 30)),
        ("off the 30-minute step", day_at(app, 2, 9, 10)),
        ("on a day off", day_at(app, 3, 10, 0)),
        ("beyond the 56-day horizon", day_at(app, 57, 10, 0)),
    ];
    for (why, starts_at) in not_a_slot {
        let reply = book(app, &mentee, &mentor, starts_at, 60).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{why}: {}", reply.text);
        assert_field_error(&reply, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", "starts_at");
    }

    let bad_duration = book(app, &mentee, &mentor, day_at(app, 2, 10, 0), 50).await;
    assert_field_error(&bad_duration, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", "duration_minutes");
    let no_agenda =
        json!({"mentor_id": mentor.id, "starts_at": day_at(app, 2, 10, 0), "duration_minutes": 60, "agenda": "  "});
    let refused = app.call("POST", "/api/v1/sessions", Some(&mentee.token), Some(no_agenda)).await;
    assert_field_error(&refused, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", "agenda");
    // A start in a year chrono parses but cannot add an hour to is "not a slot", not a crash.
    let far = json!({"mentor_id": mentor.id, "starts_at": "+262142-12-31T23:30:00Z", "duration_minutes": 60, "agenda": "Later"});
    let refused = app.call("POST", "/api/v1/sessions", Some(&mentee.token), Some(far)).await;
    assert_field_error(&refused, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", "starts_at");
    assert!(listed(app, &mentee, "upcoming").await.is_empty(), "nothing was booked");
}

#[sqlx::test(migrations = "../migrations")]
async fn booking_needs_twelve_hours_notice(pool: PgPool) {
    let app = &app_at_noon(pool);
    let Cast { mentor, mentee, .. } = cast(app).await;

    // With the clock at 08:00 on day 2, that day's 10:00 and 19:30 are too soon (less than
    // twelve hours ahead), while 20:30 is fine.
    let (too_soon, just_too_soon, fine) = (day_at(app, 2, 10, 0), day_at(app, 2, 19, 30), day_at(app, 2, 20, 30));
    move_clock_to(app, day_at(app, 2, 8, 0));
    for starts_at in [too_soon, just_too_soon] {
        let refused = book(app, &mentee, &mentor, starts_at, 60).await;
        assert_field_error(&refused, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", "starts_at");
    }
    let on_notice = book(app, &mentee, &mentor, fine, 60).await;
    assert_eq!(on_notice.status, StatusCode::CREATED, "{}", on_notice.text);
}

#[sqlx::test(migrations = "../migrations")]
async fn overlaps_are_refused_for_mentor_and_mentee_but_back_to_back_is_fine(pool: PgPool) {
    let app = &app_at_noon(pool);
    let grace = person(app, "grace@example.org", "Grace", "mentor").await;
    let alan = person(app, "alan@example.org", "Alan", "mentor").await;
    let ada = person(app, "ada@example.org", "Ada", "mentee").await;
    let bob = person(app, "bob@example.org", "Bob", "mentee").await;
    pair(app, &ada, &grace).await;
    pair(app, &bob, &grace).await;
    pair(app, &ada, &alan).await;
    always_open(app, &grace).await;
    always_open(app, &alan).await;
    let at = |hour: u32, minute: u32| day_at(app, 2, hour, minute);

    booked(app, &ada, &grace, at(10, 0), 60).await;

    // Grace is busy 10:00–11:00: another mentee's 10:30 is taken.
    let taken = book(app, &bob, &grace, at(10, 30), 30).await;
    assert_error(&taken, StatusCode::CONFLICT, "conflict");
    assert_eq!(taken.body["error"]["fields"]["starts_at"], SLOT_TAKEN);
    // Sessions ending as hers starts, or starting as it ends, do not overlap.
    booked(app, &bob, &grace, at(9, 0), 60).await;
    booked(app, &bob, &grace, at(11, 0), 30).await;

    // Ada is busy 10:00–11:00 too, whoever the mentor.
    let busy = book(app, &ada, &alan, at(10, 30), 30).await;
    assert_error(&busy, StatusCode::CONFLICT, "conflict");
    assert_eq!(busy.body["error"]["fields"]["starts_at"], MENTEE_BUSY);
    booked(app, &ada, &alan, at(11, 0), 45).await;

    assert_eq!(listed(app, &grace, "upcoming").await.len(), 3);
    assert_eq!(listed(app, &ada, "upcoming").await.len(), 2);
}

#[sqlx::test(migrations = "../migrations")]
async fn both_sides_list_upcoming_and_past_sessions(pool: PgPool) {
    let app = &app_at_noon(pool);
    let Cast { mentor, mentee, stranger, .. } = cast(app).await;

    // Booked later-first, listed soonest-first.
    let later = booked(app, &mentee, &mentor, day_at(app, 3, 10, 0), 60).await;
    let sooner = booked(app, &mentee, &mentor, day_at(app, 2, 10, 0), 30).await;
    for who in [&mentee, &mentor] {
        assert_eq!(listed(app, who, "upcoming").await, vec![sooner.clone(), later.clone()]);
        assert!(listed(app, who, "past").await.is_empty());
    }
    // `upcoming` is the default.
    let default = app.call("GET", "/api/v1/sessions", Some(&mentee.token), None).await;
    assert_eq!(default.body["total"], 2);
    assert!(listed(app, &stranger, "upcoming").await.is_empty(), "others see none of them");

    // Once the first has ended (10:30) it is in the past list, for both sides.
    let (first_ended, both_ended) = (day_at(app, 2, 10, 31), day_at(app, 3, 12, 0));
    move_clock_to(app, first_ended);
    for who in [&mentee, &mentor] {
        assert_eq!(listed(app, who, "upcoming").await, vec![later.clone()]);
        assert_eq!(listed(app, who, "past").await, vec![sooner.clone()]);
    }
    // Both ended: the past list is latest first.
    move_clock_to(app, both_ended);
    assert_eq!(listed(app, &mentor, "past").await, vec![later, sooner]);

    let unknown = app.call("GET", "/api/v1/sessions?scope=someday", Some(&mentee.token), None).await;
    assert_error(&unknown, StatusCode::BAD_REQUEST, "bad_request");
    assert_error(&app.call("GET", "/api/v1/sessions", None, None).await, StatusCode::UNAUTHORIZED, "unauthorized");
}

// ---- cancelling ------------------------------------------------------------------------------

#[sqlx::test(migrations = "../migrations")]
async fn a_participant_cancels_before_the_start_with_a_reason(pool: PgPool) {
    let app = &app_at_noon(pool);
    let Cast { mentor, mentee, stranger, .. } = cast(app).await;
    let slot = day_at(app, 2, 10, 0);
    let id = booked(app, &mentee, &mentor, slot, 60).await;
    let cancel = |who: &Person, body: Option<Value>| {
        let token = who.token.clone();
        let uri = format!("/api/v1/sessions/{id}/cancel");
        async move { app.call("POST", &uri, Some(&token), body).await }
    };

    // Someone else's session looks like no session at all.
    let reason = Some(json!({"reason": "Something came up"}));
    assert_error(&cancel(&stranger, reason.clone()).await, StatusCode::NOT_FOUND, "not_found");
    let unknown = app
        .call("POST", &format!("/api/v1/sessions/{}/cancel", uuid::Uuid::new_v4()), Some(&mentee.token), reason.clone())
        .await;
    assert_error(&unknown, StatusCode::NOT_FOUND, "not_found");

    // A reason is required: no body, or a blank one, is refused.
    assert_field_error(&cancel(&mentor, None).await, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", "reason");
    let blank = cancel(&mentor, Some(json!({"reason": "   "}))).await;
    assert_field_error(&blank, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", "reason");

    let cancelled = cancel(&mentor, Some(json!({"reason": "I am ill, sorry"}))).await;
    assert_eq!(cancelled.status, StatusCode::OK, "{}", cancelled.text);
    assert_eq!(cancelled.body["status"], "cancelled");
    assert_eq!(cancelled.body["cancel_reason"], "I am ill, sorry");
    assert_eq!(cancelled.body["cancelled_by"], mentor.id.as_str());
    assert!(cancelled.body["cancelled_at"].is_string());
    assert_error(&cancel(&mentee, reason.clone()).await, StatusCode::CONFLICT, "conflict");

    // It stays listed, marked, and its time is free to book again.
    let upcoming = app.call("GET", "/api/v1/sessions?scope=upcoming", Some(&mentee.token), None).await;
    assert_eq!(upcoming.body["items"][0]["status"], "cancelled");
    let rebooked = booked(app, &mentee, &mentor, slot, 60).await;

    // Once it has started it can no longer be cancelled.
    move_clock_to(app, slot + Duration::minutes(1));
    let started = app.call("POST", &format!("/api/v1/sessions/{rebooked}/cancel"), Some(&mentee.token), reason).await;
    assert_error(&started, StatusCode::CONFLICT, "conflict");
}

// ---- calendar export -------------------------------------------------------------------------

/// The cast, and Ada's session with Grace on day 2, 10:00–11:00 UTC.
async fn one_session(app: &TestApp) -> (Cast, String) {
    let cast = cast(app).await;
    let id = booked(app, &cast.mentee, &cast.mentor, day_at(app, 2, 10, 0), 60).await;
    (cast, id)
}

fn assert_calendar(reply: &Reply, app: &TestApp, id: &str) {
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let content_type = reply.headers[header::CONTENT_TYPE].to_str().unwrap();
    assert!(content_type.starts_with("text/calendar"), "{content_type}");
    assert!(reply.headers[header::CONTENT_DISPOSITION].to_str().unwrap().contains(".ics"));
    let starts = day_at(app, 2, 10, 0).format("%Y%m%dT%H%M%SZ");
    let ends = day_at(app, 2, 11, 0).format("%Y%m%dT%H%M%SZ");
    let lines: Vec<&str> = reply.text.split("\r\n").collect();
    assert_eq!(lines.first(), Some(&"BEGIN:VCALENDAR"), "{}", reply.text);
    for expected in
        [format!("DTSTART:{starts}"), format!("DTEND:{ends}"), format!("UID:{id}@mentorship-pairing-platform")]
    {
        assert!(lines.contains(&expected.as_str()), "{expected} missing from\n{}", reply.text);
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn participants_download_the_session_as_ics(pool: PgPool) {
    let app = &app_at_noon(pool);
    let (Cast { mentor, mentee, stranger, .. }, id) = one_session(app).await;
    let uri = format!("/api/v1/sessions/{id}/ics");

    for who in [&mentee, &mentor] {
        assert_calendar(&app.call("GET", &uri, Some(&who.token), None).await, app, &id);
    }
    assert_error(&app.call("GET", &uri, Some(&stranger.token), None).await, StatusCode::NOT_FOUND, "not_found");
    assert_error(&app.call("GET", &uri, None, None).await, StatusCode::UNAUTHORIZED, "unauthorized");
}

#[sqlx::test(migrations = "../migrations")]
async fn the_web_calendar_link_uses_the_session_cookie(pool: PgPool) {
    let app = &app_at_noon(pool);
    let (Cast { stranger, .. }, id) = one_session(app).await;
    let uri = format!("/sessions/{id}/calendar.ics");
    let with_cookie = |cookie: Option<String>| {
        let mut request = Request::get(&uri);
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        app.send(request.body(Body::empty()).unwrap())
    };

    // A fresh login, as the browser has: the cookie carries the login token.
    let login = app
        .call("POST", "/api/v1/auth/login", None, Some(json!({"email": "ada@example.org", "password": PASSWORD})))
        .await;
    assert_eq!(login.status, StatusCode::OK, "{}", login.text);
    let token = login.body["token"].as_str().unwrap();
    let cookie = format!("theme=dark; {}={token}", app::auth::web::SESSION_COOKIE);
    assert_calendar(&with_cookie(Some(cookie)).await, app, &id);

    assert_eq!(with_cookie(None).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(with_cookie(Some("mp_session=not-a-token".into())).await.status, StatusCode::UNAUTHORIZED);
    let outsider = with_cookie(Some(format!("mp_session={}", stranger.token))).await;
    assert_eq!(outsider.status, StatusCode::NOT_FOUND);
}

// ---- feedback --------------------------------------------------------------------------------

#[sqlx::test(migrations = "../migrations")]
async fn the_mentee_rates_once_after_the_end(pool: PgPool) {
    let app = &app_at_noon(pool);
    let (Cast { mentor, mentee, stranger, .. }, id) = one_session(app).await;
    let uri = format!("/api/v1/sessions/{id}/feedback");
    let rate = |who: &Person, rating: i64| {
        let token = who.token.clone();
        let uri = uri.clone();
        async move {
            app.call("POST", &uri, Some(&token), Some(json!({"rating": rating, "comment": " Very helpful. "}))).await
        }
    };

    // Not before it has ended (11:00): halfway through is still too early.
    let (halfway, ended) = (day_at(app, 2, 10, 30), day_at(app, 2, 11, 1));
    move_clock_to(app, halfway);
    assert_field_error(&rate(&mentee, 5).await, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", "rating");

    move_clock_to(app, ended);
    assert_error(&rate(&mentor, 5).await, StatusCode::FORBIDDEN, "forbidden");
    // Who may rate is decided before what they sent is looked at.
    assert_error(&rate(&mentor, 9).await, StatusCode::FORBIDDEN, "forbidden");
    assert_error(&rate(&stranger, 5).await, StatusCode::FORBIDDEN, "forbidden");
    for out_of_range in [0, 6] {
        assert_field_error(
            &rate(&mentee, out_of_range).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            "rating",
        );
    }
    let unknown = app
        .call(
            "POST",
            &format!("/api/v1/sessions/{}/feedback", uuid::Uuid::new_v4()),
            Some(&mentee.token),
            Some(json!({"rating": 5})),
        )
        .await;
    assert_error(&unknown, StatusCode::NOT_FOUND, "not_found");

    let rated = rate(&mentee, 5).await;
    assert_eq!(rated.status, StatusCode::CREATED, "{}", rated.text);
    assert_eq!(rated.body["session_id"], id.as_str());
    assert_eq!((&rated.body["rating"], &rated.body["comment"]), (&json!(5), &json!("Very helpful.")));
    assert_eq!(rated.body["mentor_id"], mentor.id.as_str());

    let twice = rate(&mentee, 4).await;
    assert_error(&twice, StatusCode::CONFLICT, "conflict");
    assert!(twice.body["error"]["fields"]["rating"].is_string(), "{}", twice.text);
    // The session now carries its rating.
    let past = app.call("GET", "/api/v1/sessions?scope=past", Some(&mentor.token), None).await;
    assert_eq!(past.body["items"][0]["rating"], 5);
}

#[sqlx::test(migrations = "../migrations")]
async fn a_cancelled_session_cannot_be_rated(pool: PgPool) {
    let app = &app_at_noon(pool);
    let (Cast { mentee, .. }, id) = one_session(app).await;
    let cancelled = app
        .call("POST", &format!("/api/v1/sessions/{id}/cancel"), Some(&mentee.token), Some(json!({"reason": "Clash"})))
        .await;
    assert_eq!(cancelled.status, StatusCode::OK, "{}", cancelled.text);
    move_clock_to(app, day_at(app, 3, 0, 0));
    let refused = app
        .call("POST", &format!("/api/v1/sessions/{id}/feedback"), Some(&mentee.token), Some(json!({"rating": 3})))
        .await;
    assert_field_error(&refused, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", "rating");
}

#[sqlx::test(migrations = "../migrations")]
async fn mentor_feedback_shows_average_count_and_distribution(pool: PgPool) {
    let app = &app_at_noon(pool);
    let Cast { mentor, mentee: ada, .. } = cast(app).await;
    let bob = person(app, "bob@example.org", "Bob", "mentee").await;
    pair(app, &bob, &mentor).await;
    let uri = format!("/api/v1/mentors/{}/feedback", mentor.id);

    let none = app.call("GET", &uri, None, None).await;
    assert_eq!(none.status, StatusCode::OK, "{}", none.text);
    assert_eq!(none.body["summary"], json!({"average": null, "count": 0, "distribution": [0, 0, 0, 0, 0]}));

    let first = booked(app, &ada, &mentor, day_at(app, 2, 10, 0), 60).await;
    let second = booked(app, &bob, &mentor, day_at(app, 2, 11, 0), 60).await;
    move_clock_to(app, day_at(app, 3, 0, 0));
    for (who, id, body) in
        [(&ada, &first, json!({"rating": 5, "comment": "Clear and kind."})), (&bob, &second, json!({"rating": 4}))]
    {
        let reply = app.call("POST", &format!("/api/v1/sessions/{id}/feedback"), Some(&who.token), Some(body)).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    }

    let summary = app.call("GET", &uri, None, None).await;
    assert_eq!(summary.body["summary"], json!({"average": 4.5, "count": 2, "distribution": [0, 0, 0, 1, 1]}));
    // Ratings without a comment count, but only comments are listed.
    let comments = &summary.body["comments"];
    assert_eq!(comments["total"], 1);
    assert_eq!(comments["items"][0]["comment"], "Clear and kind.");
    assert_eq!(comments["items"][0]["mentee_name"], "Ada");
    assert_eq!(comments["items"][0]["rating"], 5);

    let unknown = app.call("GET", &format!("/api/v1/mentors/{}/feedback", uuid::Uuid::new_v4()), None, None).await;
    assert_error(&unknown, StatusCode::NOT_FOUND, "not_found");
    let a_mentee = app.call("GET", &format!("/api/v1/mentors/{}/feedback", ada.id), None, None).await;
    assert_error(&a_mentee, StatusCode::NOT_FOUND, "not_found");
}

// ---- documentation ---------------------------------------------------------------------------

#[sqlx::test(migrations = "../migrations")]
async fn the_openapi_document_lists_the_booking_endpoints(pool: PgPool) {
    let app = &app_at_noon(pool);
    let doc = app.call("GET", "/api/v1/openapi.json", None, None).await;
    assert_eq!(doc.status, StatusCode::OK);
    let operations = [
        ("/api/v1/me/availability", "get"),
        ("/api/v1/me/availability", "put"),
        ("/api/v1/mentors/{id}/slots", "get"),
        ("/api/v1/mentors/{id}/feedback", "get"),
        ("/api/v1/sessions", "get"),
        ("/api/v1/sessions", "post"),
        ("/api/v1/sessions/{id}/cancel", "post"),
        ("/api/v1/sessions/{id}/ics", "get"),
        ("/api/v1/sessions/{id}/feedback", "post"),
    ];
    for (path, method) in operations {
        assert!(doc.body["paths"][path][method].is_object(), "{method} {path} missing from the OpenAPI document");
    }
    let ics = &doc.body["paths"]["/api/v1/sessions/{id}/ics"]["get"]["responses"]["200"]["content"];
    assert!(ics["text/calendar"].is_object(), "{ics}");
}
