//! Each event notifies the right person, and only them; marking read works and stays private.

use super::*;
use crate::availability::{Availability, WeeklyBlock};
use crate::feedback::FeedbackInput;
use crate::sessions::NewSession;
use crate::test_support::{pair, person, utc};

async fn kinds(pool: &PgPool, user: &User) -> Vec<NotificationKind> {
    list(pool, user, PageRequest::new(None, None)).await.unwrap().page.items.into_iter().rev().map(|n| n.kind).collect()
}

#[sqlx::test(migrations = "../migrations")]
async fn requests_notify_the_other_side(pool: PgPool) {
    let mentor = person(&pool, "Grace", "mentor", "UTC").await;
    let mentee = person(&pool, "Ada", "mentee", "UTC").await;
    let other = person(&pool, "Bea", "mentee", "UTC").await;
    let bystander = person(&pool, "Eve", "mentee", "UTC").await;

    let first = crate::requests::service::send(&pool, &mentee, mentor.id, "Hello", Utc::now()).await.unwrap();
    let second = crate::requests::service::send(&pool, &other, mentor.id, "Hi", Utc::now()).await.unwrap();
    assert_eq!(kinds(&pool, &mentor).await, [NotificationKind::RequestReceived; 2]);
    let received = list(&pool, &mentor, PageRequest::new(None, None)).await.unwrap();
    assert_eq!(received.unread, 2);
    assert_eq!(received.page.items[1].message, "Ada asked you for mentorship.");

    crate::requests::service::accept(&pool, &mentor, first.id, Utc::now()).await.unwrap();
    crate::requests::service::decline(&pool, &mentor, second.id, Some("Full this month"), Utc::now()).await.unwrap();
    assert_eq!(kinds(&pool, &mentee).await, [NotificationKind::RequestAccepted]);
    assert_eq!(kinds(&pool, &other).await, [NotificationKind::RequestDeclined]);
    let declined = list(&pool, &other, PageRequest::new(None, None)).await.unwrap();
    assert!(declined.page.items[0].message.ends_with("Full this month"));
    assert!(kinds(&pool, &bystander).await.is_empty());
    // Refused actions leave no notice behind.
    crate::requests::service::send(&pool, &mentee, mentor.id, "Again", Utc::now()).await.unwrap_err();
    assert_eq!(kinds(&pool, &mentor).await.len(), 2);
}

#[sqlx::test(migrations = "../migrations")]
async fn sessions_and_feedback_notify_the_other_side(pool: PgPool) {
    let mentor = person(&pool, "Grace", "mentor", "America/New_York").await;
    let mentee = person(&pool, "Ada", "mentee", "Europe/London").await;
    pair(&pool, &mentor, &mentee).await;
    let blocks = (1..=7).map(|weekday| WeeklyBlock { weekday, start: "09:00".into(), end: "17:00".into() }).collect();
    crate::availability::service::replace(
        &pool,
        &mentor,
        &Availability { timezone: String::new(), blocks, days_off: vec![] },
    )
    .await
    .unwrap();
    let now = utc(2030, 6, 3, 0, 0);
    let book = |starts_at| NewSession { mentor_id: mentor.id, starts_at, duration_minutes: 60, agenda: "Talk".into() };

    let first = crate::sessions::service::book(&pool, &mentee, &book(utc(2030, 6, 4, 13, 0)), now).await.unwrap();
    let booked = list(&pool, &mentor, PageRequest::new(None, None)).await.unwrap();
    // The mentor reads the time in their own zone.
    assert_eq!(booked.page.items[0].message, "Ada booked a session with you: Tue 4 Jun 2030, 09:00–10:00 EDT.");

    crate::sessions::service::cancel(&pool, &mentor, first.id, "Ill today", now).await.unwrap();
    let cancelled = list(&pool, &mentee, PageRequest::new(None, None)).await.unwrap();
    assert_eq!(cancelled.page.items[0].kind, NotificationKind::SessionCancelled);
    assert_eq!(
        cancelled.page.items[0].message,
        "Grace cancelled the session of Tue 4 Jun 2030, 14:00–15:00 BST: Ill today"
    );

    let second = crate::sessions::service::book(&pool, &mentee, &book(utc(2030, 6, 5, 13, 0)), now).await.unwrap();
    let rating = FeedbackInput { rating: 5, comment: String::new() };
    crate::feedback::service::submit(&pool, &mentee, second.id, &rating, second.ends_at).await.unwrap();
    assert_eq!(
        kinds(&pool, &mentor).await,
        [NotificationKind::SessionBooked, NotificationKind::SessionBooked, NotificationKind::FeedbackReceived]
    );
    assert_eq!(kinds(&pool, &mentee).await, [NotificationKind::SessionCancelled]);
}

#[sqlx::test(migrations = "../migrations")]
async fn marking_read_touches_only_your_own(pool: PgPool) {
    let mentor = person(&pool, "Grace", "mentor", "UTC").await;
    let mentee = person(&pool, "Ada", "mentee", "UTC").await;
    let other_mentor = person(&pool, "Linus", "mentor", "UTC").await;
    crate::requests::service::send(&pool, &mentee, mentor.id, "Hello", Utc::now()).await.unwrap();
    crate::requests::service::send(&pool, &mentee, other_mentor.id, "Hello", Utc::now()).await.unwrap();
    let theirs = list(&pool, &other_mentor, PageRequest::new(None, None)).await.unwrap().page.items[0].id;

    // Someone else's id changes nothing.
    assert_eq!(mark_read(&pool, &mentor, Some(&[theirs]), Utc::now()).await.unwrap(), 1);
    assert_eq!(unread_count(&pool, &other_mentor).await.unwrap(), 1);
    let mine = list(&pool, &mentor, PageRequest::new(None, None)).await.unwrap().page.items[0].id;
    assert_eq!(mark_read(&pool, &mentor, Some(&[mine]), Utc::now()).await.unwrap(), 0);
    assert!(list(&pool, &mentor, PageRequest::new(None, None)).await.unwrap().page.items[0].read_at.is_some());
    assert_eq!(mark_read(&pool, &other_mentor, None, Utc::now()).await.unwrap(), 0);
}
