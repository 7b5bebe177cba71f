//! Availability against a real PostgreSQL: saving the weekly set, and slots from stored data.

use super::*;
use crate::test_support::{every_day, pair, person, utc};

fn block(weekday: u8, start: &str, end: &str) -> WeeklyBlock {
    WeeklyBlock { weekday, start: start.into(), end: end.into() }
}

#[sqlx::test(migrations = "../migrations")]
async fn a_mentor_saves_and_reads_back_the_weekly_set(pool: PgPool) {
    let mentor = person(&pool, "Grace", "mentor", "Europe/London").await;
    let input = Availability {
        timezone: "ignored".into(),
        blocks: vec![block(3, "14:00", "24:00"), block(1, "09:00", "12:00"), block(1, "13:00", "17:30")],
        days_off: vec!["2030-12-25".into(), "2030-12-24".into()],
    };
    let saved = replace(&pool, &mentor, &input).await.unwrap();
    assert_eq!(saved.timezone, "Europe/London");
    assert_eq!(saved.blocks, vec![block(1, "09:00", "12:00"), block(1, "13:00", "17:30"), block(3, "14:00", "24:00")]);
    assert_eq!(saved.days_off, vec!["2030-12-24", "2030-12-25"]);
    assert_eq!(mine(&pool, &mentor).await.unwrap(), saved);

    // Saving again replaces the whole set.
    let smaller = Availability { timezone: String::new(), blocks: vec![block(5, "10:00", "11:00")], days_off: vec![] };
    let saved = replace(&pool, &mentor, &smaller).await.unwrap();
    assert_eq!(saved.blocks, vec![block(5, "10:00", "11:00")]);
    assert!(saved.days_off.is_empty());
}

#[sqlx::test(migrations = "../migrations")]
async fn overlapping_blocks_are_refused_and_nothing_changes(pool: PgPool) {
    let mentor = person(&pool, "Grace", "mentor", "UTC").await;
    every_day(&pool, &mentor, "09:00", "10:00").await;
    let bad = Availability {
        timezone: String::new(),
        blocks: vec![block(2, "09:00", "12:00"), block(2, "11:30", "13:00")],
        days_off: vec![],
    };
    let err = replace(&pool, &mentor, &bad).await.unwrap_err();
    assert_eq!(err.status_code(), 422);
    assert!(err.field("blocks[1]").unwrap().contains("overlaps"));
    assert_eq!(mine(&pool, &mentor).await.unwrap().blocks.len(), 7);

    // The exclusion constraint backs the check up even if the service were bypassed.
    let direct = sqlx::query!(
        "INSERT INTO availability_blocks (mentor_id, weekday, starts_at, ends_at) VALUES ($1, 1, '09:30', '11:00')",
        mentor.id,
    )
    .execute(&pool)
    .await
    .unwrap_err();
    assert_eq!(AppError::from(direct).status_code(), 409);
}

#[sqlx::test(migrations = "../migrations")]
async fn only_mentors_keep_availability(pool: PgPool) {
    let mentee = person(&pool, "Ada", "mentee", "UTC").await;
    assert_eq!(mine(&pool, &mentee).await.unwrap_err().status_code(), 403);
    let err = replace(&pool, &mentee, &Availability::default()).await.unwrap_err();
    assert_eq!(err.status_code(), 403);
    let err =
        open_slots_between(&pool, mentee.id, utc(2030, 6, 3, 0, 0), utc(2030, 6, 4, 0, 0), 60, utc(2030, 6, 1, 0, 0))
            .await
            .unwrap_err();
    assert_eq!(err.status_code(), 404);
}

#[sqlx::test(migrations = "../migrations")]
async fn stored_slots_skip_days_off_and_booked_time(pool: PgPool) {
    let mentor = person(&pool, "Grace", "mentor", "America/New_York").await;
    let mentee = person(&pool, "Ada", "mentee", "UTC").await;
    let mentorship = pair(&pool, &mentor, &mentee).await;
    let input = Availability {
        timezone: String::new(),
        blocks: (1..=7).map(|weekday| block(weekday, "09:00", "11:00")).collect(),
        days_off: vec!["2025-11-03".into()],
    };
    replace(&pool, &mentor, &input).await.unwrap();
    // 2025-11-01 09:00 EDT = 13:00 UTC; after the change on the 2nd, 09:00 EST = 14:00 UTC.
    let now = utc(2025, 10, 30, 0, 0);
    crate::test_support::session(&pool, mentorship, &mentor, &mentee, utc(2025, 11, 2, 14, 0), 60, now).await;
    let open =
        open_slots_between(&pool, mentor.id, utc(2025, 11, 1, 0, 0), utc(2025, 11, 5, 0, 0), 60, now).await.unwrap();
    assert_eq!(open.timezone, "America/New_York");
    let slots = open.starts;
    assert_eq!(
        slots,
        vec![
            utc(2025, 11, 1, 13, 0),
            utc(2025, 11, 1, 13, 30),
            utc(2025, 11, 1, 14, 0),
            // 2nd: 14:00 is booked; 14:30 overlaps it; 15:00 is back to back.
            utc(2025, 11, 2, 15, 0),
            // 3rd: day off.
            utc(2025, 11, 4, 14, 0),
            utc(2025, 11, 4, 14, 30),
            utc(2025, 11, 4, 15, 0),
        ]
    );
    let err =
        open_slots_between(&pool, mentor.id, utc(2025, 11, 1, 0, 0), utc(2026, 1, 5, 0, 0), 60, now).await.unwrap_err();
    assert!(err.field("to").is_some());
    let err = open_slots_between(&pool, mentor.id, utc(2025, 11, 1, 0, 0), utc(2025, 11, 2, 0, 0), 50, now)
        .await
        .unwrap_err();
    assert!(err.field("duration_minutes").is_some());
}

#[sqlx::test(migrations = "../migrations")]
async fn the_booking_week_is_shown_in_the_viewers_zone(pool: PgPool) {
    let mentor = person(&pool, "Grace", "mentor", "UTC").await;
    let mentee = person(&pool, "Ada", "mentee", "Asia/Tokyo").await;
    let stranger = person(&pool, "Eve", "mentee", "UTC").await;
    pair(&pool, &mentor, &mentee).await;
    every_day(&pool, &mentor, "09:00", "10:00").await;
    let now = utc(2030, 6, 3, 0, 0);
    let week = booking_week(&pool, Some(&mentee), None, mentor.id, None, Some(60), now).await.unwrap();
    assert_eq!(week.viewer_timezone, "Asia/Tokyo");
    assert_eq!(week.cannot_book, None);
    assert_eq!(week.week_start, "2030-06-03");
    assert_eq!(week.previous_week, None);
    assert_eq!(week.next_week.as_deref(), Some("2030-06-10"));
    // 09:00 UTC is 18:00 in Tokyo; the 3rd's slot is within the 12-hour notice.
    let first = &week.days[0];
    assert_eq!((first.date.as_str(), first.slots[0].label.as_str()), ("2030-06-04", "18:00"));
    assert_eq!(first.slots[0].starts_at, utc(2030, 6, 4, 9, 0));

    // A visitor sees the times in their browser's zone (remembered in a cookie), else UTC.
    let anonymous = booking_week(&pool, None, Some("Asia/Kathmandu".into()), mentor.id, Some("2030-06-10"), None, now)
        .await
        .unwrap();
    assert!(anonymous.cannot_book.is_some());
    assert_eq!(anonymous.viewer_timezone, "Asia/Kathmandu");
    assert_eq!(anonymous.days[0].slots[0].label, "14:45");
    let unknown = booking_week(&pool, None, None, mentor.id, Some("2030-06-10"), None, now).await.unwrap();
    assert_eq!((unknown.viewer_timezone.as_str(), unknown.days.len()), ("UTC", 7));
    let unpaired = booking_week(&pool, Some(&stranger), None, mentor.id, None, None, now).await.unwrap();
    assert!(unpaired.cannot_book.unwrap().contains("accepted you"));
}
