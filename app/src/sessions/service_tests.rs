//! Booking and cancelling on a real PostgreSQL, including fifty mentees racing for one slot.

use super::*;
use crate::test_support::{every_day, pair, person, utc};

/// A Monday; the test mentors are free 09:00–17:00 UTC every day.
fn now() -> DateTime<Utc> {
    utc(2030, 6, 3, 0, 0)
}

fn request(mentor: &User, starts_at: DateTime<Utc>, minutes: u32) -> NewSession {
    NewSession { mentor_id: mentor.id, starts_at, duration_minutes: minutes, agenda: "Career next steps".into() }
}

async fn mentor_with_mentee(pool: &PgPool) -> (User, User) {
    let mentor = person(pool, "Grace", "mentor", "UTC").await;
    let mentee = person(pool, "Ada", "mentee", "Europe/London").await;
    pair(pool, &mentor, &mentee).await;
    every_day(pool, &mentor, "09:00", "17:00").await;
    (mentor, mentee)
}

#[sqlx::test(migrations = "../migrations")]
async fn a_mentee_books_and_both_sides_see_it(pool: PgPool) {
    let (mentor, mentee) = mentor_with_mentee(&pool).await;
    let mut input = request(&mentor, utc(2030, 6, 4, 9, 0), 45);
    input.agenda = "  Career next steps  ".into();
    let session = book(&pool, &mentee, &input, now()).await.unwrap();
    assert_eq!(session.ends_at, utc(2030, 6, 4, 9, 45));
    assert_eq!((session.duration_minutes, session.agenda.as_str()), (45, "Career next steps"));
    assert_eq!(session.status, SessionStatus::Scheduled);

    for user in [&mentor, &mentee] {
        let upcoming = list(&pool, user, Scope::Upcoming, PageRequest::new(None, None), now()).await.unwrap();
        assert_eq!(upcoming.items.iter().map(|s| s.id).collect::<Vec<_>>(), vec![session.id]);
        let past = list(&pool, user, Scope::Past, PageRequest::new(None, None), now()).await.unwrap();
        assert_eq!(past.total, 0);
    }
    // Once it has ended it moves to the past list.
    let later = utc(2030, 6, 4, 9, 45);
    let past = list(&pool, &mentee, Scope::Past, PageRequest::new(None, None), later).await.unwrap();
    assert_eq!(past.total, 1);
    let cards = overview(&pool, &mentee, Scope::Past, PageRequest::new(None, None), later).await.unwrap();
    let card = &cards.page.items[0];
    assert_eq!(card.when, "Tue 4 Jun 2030, 10:00–10:45 BST");
    assert!(card.can_rate && !card.can_cancel && card.viewer_is_mentee);
    assert_eq!(card.with_name, "Grace");
}

#[sqlx::test(migrations = "../migrations")]
async fn booking_needs_an_active_mentorship(pool: PgPool) {
    let (mentor, mentee) = mentor_with_mentee(&pool).await;
    let stranger = person(&pool, "Eve", "mentee", "UTC").await;
    let slot = utc(2030, 6, 4, 9, 0);
    assert_eq!(book(&pool, &stranger, &request(&mentor, slot, 60), now()).await.unwrap_err().status_code(), 403);
    // Mentors do not book, not even with themselves.
    assert_eq!(book(&pool, &mentor, &request(&mentor, slot, 60), now()).await.unwrap_err().status_code(), 403);
    sqlx::query!("UPDATE mentorships SET ended_at = $2 WHERE mentee_id = $1", mentee.id, Utc::now())
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(book(&pool, &mentee, &request(&mentor, slot, 60), now()).await.unwrap_err().status_code(), 403);
}

#[sqlx::test(migrations = "../migrations")]
async fn only_open_slots_can_be_booked(pool: PgPool) {
    let (mentor, mentee) = mentor_with_mentee(&pool).await;
    let not_a_slot = [
        utc(2030, 6, 4, 8, 0),   // before the block
        utc(2030, 6, 4, 16, 30), // a 60-minute session would run past 17:00
        utc(2030, 6, 4, 9, 10),  // off the 30-minute step
        utc(2030, 6, 3, 9, 0),   // within the 12-hour notice
        utc(2030, 7, 30, 9, 0),  // beyond the 8-week horizon
    ];
    for starts_at in not_a_slot {
        let err = book(&pool, &mentee, &request(&mentor, starts_at, 60), now()).await.unwrap_err();
        assert_eq!(err.status_code(), 422, "{starts_at}");
        assert!(err.field("starts_at").is_some());
    }
    let err = book(&pool, &mentee, &request(&mentor, utc(2030, 6, 4, 9, 0), 50), now()).await.unwrap_err();
    assert!(err.field("duration_minutes").is_some());
    let mut empty = request(&mentor, utc(2030, 6, 4, 9, 0), 60);
    empty.agenda = "   ".into();
    assert!(book(&pool, &mentee, &empty, now()).await.unwrap_err().field("agenda").is_some());
    // The last start of the block and a start exactly at the horizon are fine.
    book(&pool, &mentee, &request(&mentor, utc(2030, 6, 4, 16, 30), 30), now()).await.unwrap();
    let horizon_day = utc(2030, 7, 29, 9, 0);
    book(&pool, &mentee, &request(&mentor, horizon_day, 60), horizon_day - chrono::Duration::days(56)).await.unwrap();
}

#[sqlx::test(migrations = "../migrations")]
async fn nobody_is_in_two_sessions_at_once(pool: PgPool) {
    let (mentor, mentee) = mentor_with_mentee(&pool).await;
    let other_mentee = person(&pool, "Bea", "mentee", "UTC").await;
    pair(&pool, &mentor, &other_mentee).await;
    book(&pool, &mentee, &request(&mentor, utc(2030, 6, 4, 9, 0), 60), now()).await.unwrap();

    // Mentor overlap: the same start, and a start inside the booked hour.
    for starts_at in [utc(2030, 6, 4, 9, 0), utc(2030, 6, 4, 9, 30)] {
        let err = book(&pool, &other_mentee, &request(&mentor, starts_at, 30), now()).await.unwrap_err();
        assert_eq!(err.status_code(), 409);
        assert_eq!(err.to_string(), SLOT_TAKEN);
    }
    // The exclusion constraint holds even for a writer that skips the service's checks.
    let direct = sqlx::query!(
        "INSERT INTO sessions (mentorship_id, mentor_id, mentee_id, starts_at, ends_at, agenda, created_at)
         SELECT id, mentor_id, mentee_id, '2030-06-04 09:15Z', '2030-06-04 09:45Z', 'Sneaky', $2
         FROM mentorships WHERE mentee_id = $1",
        other_mentee.id,
        now(),
    )
    .execute(&pool)
    .await
    .unwrap_err();
    // ... and the feature reads its violation as the person booking should.
    let err = booking_clash(direct);
    assert_eq!((err.status_code(), err.to_string()), (409, SLOT_TAKEN.to_owned()));
    // Back to back is fine.
    book(&pool, &other_mentee, &request(&mentor, utc(2030, 6, 4, 10, 0), 30), now()).await.unwrap();

    // Mentee overlap: Ada's other mentor is free at 09:30, but Ada is not.
    let second_mentor = person(&pool, "Linus", "mentor", "UTC").await;
    pair(&pool, &second_mentor, &mentee).await;
    every_day(&pool, &second_mentor, "09:00", "17:00").await;
    let err = book(&pool, &mentee, &request(&second_mentor, utc(2030, 6, 4, 9, 30), 30), now()).await.unwrap_err();
    assert_eq!(err.status_code(), 409);
    assert_eq!(err.to_string(), MENTEE_BUSY);
    book(&pool, &mentee, &request(&second_mentor, utc(2030, 6, 4, 11, 0), 30), now()).await.unwrap();
}

#[sqlx::test(migrations = "../migrations")]
async fn fifty_mentees_racing_for_one_slot_get_exactly_one_session(pool: PgPool) {
    let mentor = person(&pool, "Grace", "mentor", "UTC").await;
    every_day(&pool, &mentor, "09:00", "17:00").await;
    let mut mentees = Vec::new();
    for i in 0..50 {
        let mentee = person(&pool, &format!("Mentee {i}"), "mentee", "UTC").await;
        pair(&pool, &mentor, &mentee).await;
        mentees.push(mentee);
    }
    let slot = utc(2030, 6, 4, 9, 0);
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(mentees.len()));
    let attempts = mentees.into_iter().map(|mentee| {
        let (pool, barrier, input) = (pool.clone(), barrier.clone(), request(&mentor, slot, 60));
        tokio::spawn(async move {
            barrier.wait().await;
            book(&pool, &mentee, &input, now()).await
        })
    });
    let results: Vec<_> = futures_join_all(attempts).await;
    let booked = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(booked, 1);
    assert!(results.iter().filter_map(|r| r.as_ref().err()).all(|err| err.status_code() == 409));
    let stored = sqlx::query_scalar!(r#"SELECT count(*) AS "n!" FROM sessions"#).fetch_one(&pool).await.unwrap();
    assert_eq!(stored, 1);
}

/// Awaits spawned tasks in order (no extra dependency for `join_all`).
async fn futures_join_all<T>(handles: impl Iterator<Item = tokio::task::JoinHandle<T>>) -> Vec<T> {
    let handles: Vec<_> = handles.collect();
    let mut out = Vec::with_capacity(handles.len());
    for handle in handles {
        out.push(handle.await.unwrap());
    }
    out
}

#[sqlx::test(migrations = "../migrations")]
async fn either_side_cancels_before_the_start_with_a_reason(pool: PgPool) {
    let (mentor, mentee) = mentor_with_mentee(&pool).await;
    let stranger = person(&pool, "Eve", "mentee", "UTC").await;
    let slot = utc(2030, 6, 4, 9, 0);
    let session = book(&pool, &mentee, &request(&mentor, slot, 60), now()).await.unwrap();

    assert_eq!(cancel(&pool, &stranger, session.id, "Nope", now()).await.unwrap_err().status_code(), 404);
    assert!(cancel(&pool, &mentor, session.id, "  ", now()).await.unwrap_err().field("reason").is_some());
    let err = cancel(&pool, &mentor, session.id, "Ill", slot).await.unwrap_err();
    assert_eq!(err.status_code(), 409, "no cancelling once it has started");

    let cancelled = cancel(&pool, &mentor, session.id, "I am ill, sorry", now()).await.unwrap();
    assert_eq!(cancelled.status, SessionStatus::Cancelled);
    assert_eq!(
        (cancelled.cancelled_by, cancelled.cancel_reason.as_deref()),
        (Some(mentor.id), Some("I am ill, sorry"))
    );
    assert_eq!(cancel(&pool, &mentee, session.id, "Me too", now()).await.unwrap_err().status_code(), 409);

    // The time is free again, and the cancelled session stays listed, marked.
    book(&pool, &mentee, &request(&mentor, slot, 60), now()).await.unwrap();
    let upcoming = list(&pool, &mentee, Scope::Upcoming, PageRequest::new(None, None), now()).await.unwrap();
    assert_eq!(upcoming.total, 2);
}

#[sqlx::test(migrations = "../migrations")]
async fn ending_the_mentorship_cancels_sessions_still_to_come(pool: PgPool) {
    use crate::notifications::NotificationKind;
    let (mentor, mentee) = mentor_with_mentee(&pool).await;
    let session = book(&pool, &mentee, &request(&mentor, utc(2030, 6, 4, 9, 0), 60), now()).await.unwrap();
    let second = book(&pool, &mentee, &request(&mentor, utc(2030, 6, 5, 9, 0), 60), now()).await.unwrap();
    let preview = crate::requests::service::end_preview(&pool, &mentor, session.mentorship_id, now()).await.unwrap();
    assert_eq!(preview.upcoming_sessions.len(), 2, "the confirmation names both sessions");
    assert!(preview.upcoming_sessions[0].starts_with("Tue 4 Jun 2030"), "{:?}", preview.upcoming_sessions);
    let ended =
        crate::requests::service::end_mentorship(&pool, &mentor, session.mentorship_id, Some("Moving abroad"), now())
            .await
            .unwrap();
    assert_eq!(ended.end_reason.as_deref(), Some("Moving abroad"));
    for id in [session.id, second.id] {
        let after = find(&pool, id).await.unwrap();
        assert_eq!(after.status, SessionStatus::Cancelled);
        assert_eq!(after.cancel_reason.as_deref(), Some("The mentorship ended: Moving abroad"));
    }
    // The mentee hears about it once, with the reason and the sessions; the mentor, who ended
    // it, hears nothing.
    let page = crate::pagination::PageRequest::new(None, None);
    let told = crate::notifications::service::list(&pool, &mentee, page).await.unwrap();
    let notice = &told.page.items[0];
    assert_eq!(notice.kind, NotificationKind::MentorshipEnded);
    assert!(
        notice.message.starts_with("Grace ended your mentorship: Moving abroad. Your 2 sessions"),
        "{}",
        notice.message
    );
    assert!(told.page.items.iter().all(|n| n.kind != NotificationKind::SessionCancelled));
    let mentor_notices = crate::notifications::service::list(&pool, &mentor, page).await.unwrap();
    assert!(mentor_notices.page.items.iter().all(|n| n.kind != NotificationKind::MentorshipEnded));
    // Ending again is refused, and so is a reason over the limit.
    let again = crate::requests::service::end_mentorship(&pool, &mentee, session.mentorship_id, None, now()).await;
    assert_eq!(again.unwrap_err().status_code(), 409);
}

#[sqlx::test(migrations = "../migrations")]
async fn deactivating_a_member_cancels_their_sessions_and_tells_the_other_side(pool: PgPool) {
    use crate::admin::{UserChange, service as admin};
    use crate::notifications::NotificationKind;
    let (mentor, mentee) = mentor_with_mentee(&pool).await;
    let root = person(&pool, "Root", "admin", "UTC").await;
    let coming = book(&pool, &mentee, &request(&mentor, utc(2030, 6, 4, 9, 0), 60), now()).await.unwrap();
    let deactivate = UserChange { role: None, active: Some(false), reason: Some("Left the programme".into()) };
    let preview = admin::change_preview(&pool, &root, mentor.id, &deactivate, now()).await.unwrap();
    assert!(
        preview.effects.iter().any(|e| e.starts_with("1 upcoming session will be cancelled")),
        "{:?}",
        preview.effects
    );

    admin::change_user(&pool, &root, mentor.id, &deactivate, now()).await.unwrap();
    let after = find(&pool, coming.id).await.unwrap();
    assert_eq!(after.status, SessionStatus::Cancelled);
    assert_eq!(after.cancel_reason.as_deref(), Some("Grace's account was deactivated."));
    // The mentee is told (without the admin's own reason, which stays in the audit log).
    let page = PageRequest::new(None, None);
    let told = crate::notifications::service::list(&pool, &mentee, page).await.unwrap();
    assert_eq!(told.page.items[0].kind, NotificationKind::SessionCancelled);
    assert!(told.page.items[0].message.ends_with("was cancelled: Grace's account was deactivated."));
    assert!(!told.page.items[0].message.contains("Left the programme"));
    let log = admin::audit(&pool, &root, page).await.unwrap();
    assert_eq!(log.items[0].reason.as_deref(), Some("Left the programme"));
}

#[sqlx::test(migrations = "../migrations")]
async fn the_pair_sees_where_they_meet_and_the_mentor_may_move_one_session(pool: PgPool) {
    let (mentor, mentee) = mentor_with_mentee(&pool).await;
    let first = book(&pool, &mentee, &request(&mentor, utc(2030, 6, 4, 9, 0), 60), now()).await.unwrap();
    assert_eq!(first.meeting_place, None);
    sqlx::query!("UPDATE profiles SET meeting_place = 'https://meet.example.org/grace' WHERE user_id = $1", mentor.id)
        .execute(&pool)
        .await
        .unwrap();
    let second = book(&pool, &mentee, &request(&mentor, utc(2030, 6, 5, 9, 0), 60), now()).await.unwrap();
    assert_eq!(second.meeting_place.as_deref(), Some("https://meet.example.org/grace"), "the default applies");

    let moved = set_meeting_place(&pool, &mentor, first.id, "Library, room 2", now()).await.unwrap();
    assert_eq!(moved.meeting_place.as_deref(), Some("Library, room 2"));
    let upcoming = list(&pool, &mentee, Scope::Upcoming, PageRequest::new(None, None), now()).await.unwrap();
    let places: Vec<_> = upcoming.items.iter().map(|s| s.meeting_place.as_deref()).collect();
    assert_eq!(places, [Some("Library, room 2"), Some("https://meet.example.org/grace")]);
    // Empty goes back to the default.
    let back = set_meeting_place(&pool, &mentor, first.id, " ", now()).await.unwrap();
    assert_eq!(back.meeting_place.as_deref(), Some("https://meet.example.org/grace"));

    // Only the mentor sets it, only before the start, and a half link is refused.
    assert_eq!(set_meeting_place(&pool, &mentee, first.id, "Cafe", now()).await.unwrap_err().status_code(), 403);
    let later = utc(2030, 6, 4, 9, 30);
    assert_eq!(set_meeting_place(&pool, &mentor, first.id, "Cafe", later).await.unwrap_err().status_code(), 409);
    assert_eq!(set_meeting_place(&pool, &mentor, first.id, "https://", now()).await.unwrap_err().status_code(), 422);
    // The admin console does not show where pairs meet.
    let all =
        crate::sessions::service::sessions_page(&pool, None, Scope::Upcoming, PageRequest::new(None, None), now())
            .await
            .unwrap();
    assert!(all.items.iter().all(|s| s.meeting_place.is_none()));
}
