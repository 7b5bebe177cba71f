//! Listing rules on a real PostgreSQL: the checklist, the directory only showing complete and
//! approved mentors, the approval setting and queue.

use super::*;
use crate::directory::DirectoryQuery;
use crate::test_support::{every_day, person, utc};

async fn listed_ids(pool: &PgPool) -> Vec<Uuid> {
    let query = DirectoryQuery::default();
    crate::directory::service::search(pool, &query, None, chrono::Utc::now())
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|card| card.id)
        .collect()
}

async fn complete_profile(pool: &PgPool, mentor: &User) {
    sqlx::query!("UPDATE profiles SET headline = 'Staff engineer', skills = '{rust}' WHERE user_id = $1", mentor.id)
        .execute(pool)
        .await
        .unwrap();
}

#[sqlx::test(migrations = "../migrations")]
async fn a_mentor_is_listed_once_the_checklist_is_done(pool: PgPool) {
    let grace = person(&pool, "Grace", "mentor", "UTC").await;
    let empty = checklist(&pool, &grace).await.unwrap();
    assert_eq!(
        (empty.has_headline, empty.has_skill, empty.has_weekly_hours, empty.approved, empty.listed()),
        (false, false, false, true, false)
    );
    assert!(listed_ids(&pool).await.is_empty(), "an empty profile is not listed");
    complete_profile(&pool, &grace).await;
    assert!(listed_ids(&pool).await.is_empty(), "no weekly hours yet");
    every_day(&pool, &grace, "09:00", "17:00").await;
    assert!(checklist(&pool, &grace).await.unwrap().listed());
    assert_eq!(listed_ids(&pool).await, [grace.id]);
    let mentee = person(&pool, "Ada", "mentee", "UTC").await;
    assert_eq!(checklist(&pool, &mentee).await.unwrap_err().status_code(), 404);
}

#[sqlx::test(migrations = "../migrations")]
async fn with_approval_required_new_mentors_wait_for_an_admin(pool: PgPool) {
    use crate::auth::service::{NewAccount, register};
    let root = person(&pool, "Root", "admin", "UTC").await;
    let now = utc(2030, 1, 1, 0, 0);
    let mentee = person(&pool, "Ada", "mentee", "UTC").await;
    assert_eq!(settings(&pool, &mentee).await.unwrap_err().status_code(), 403);
    update_settings(&pool, &root, &ProgrammeSettings { require_mentor_approval: true }, now).await.unwrap();

    let new_mentor = |email: &'static str| NewAccount {
        email: email.into(),
        password: "a long enough passphrase".into(),
        name: "Barbara Liskov".into(),
        role: "mentor".into(),
        timezone: None,
    };
    let barbara = register(&pool, new_mentor("barbara@example.org"), now).await.unwrap();
    complete_profile(&pool, &barbara).await;
    every_day(&pool, &barbara, "09:00", "17:00").await;
    let waiting = checklist(&pool, &barbara).await.unwrap();
    assert!(!waiting.approved && !waiting.listed());
    assert!(listed_ids(&pool).await.is_empty());
    // Requests to a mentor still waiting are refused.
    let refused = crate::requests::service::send(&pool, &mentee, barbara.id, "Hello", now).await.unwrap_err();
    assert_eq!(refused.status_code(), 409);

    let queue = pending(&pool, &root, PageRequest::new(None, None)).await.unwrap();
    assert_eq!(queue.items.iter().map(|m| (m.id, m.profile_complete)).collect::<Vec<_>>(), [(barbara.id, true)]);
    approve(&pool, &root, barbara.id, now).await.unwrap();
    assert_eq!(approve(&pool, &root, barbara.id, now).await.unwrap_err().status_code(), 409);
    assert_eq!(listed_ids(&pool).await, [barbara.id]);
    let told = crate::notifications::service::list(&pool, &barbara, PageRequest::new(None, None)).await.unwrap();
    assert_eq!(told.page.items[0].kind, crate::notifications::NotificationKind::MentorApproved);

    // Turning the setting off approves whoever is still waiting; both changes are in the log.
    let edsger = register(&pool, new_mentor("edsger@example.org"), now).await.unwrap();
    assert!(!checklist(&pool, &edsger).await.unwrap().approved);
    update_settings(&pool, &root, &ProgrammeSettings { require_mentor_approval: false }, now).await.unwrap();
    assert!(checklist(&pool, &edsger).await.unwrap().approved);
    let log = crate::admin::service::audit(&pool, &root, PageRequest::new(None, None)).await.unwrap();
    let actions: Vec<_> = log.items.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions.iter().filter(|a| **a == "programme.settings_changed").count(), 2);
    assert!(actions.contains(&"mentor.approved"));
}

#[sqlx::test(migrations = "../migrations")]
async fn the_landing_numbers_count_listed_mentors_and_held_sessions(pool: PgPool) {
    let grace = person(&pool, "Grace", "mentor", "UTC").await;
    person(&pool, "Barbara", "mentor", "UTC").await; // not listed: an empty profile
    complete_profile(&pool, &grace).await;
    every_day(&pool, &grace, "09:00", "17:00").await;
    let numbers = crate::directory::service::programme_numbers(&pool, utc(2030, 1, 1, 0, 0)).await.unwrap();
    assert_eq!((numbers.listed_mentors, numbers.mentors_with_room), (1, 1));
    assert_eq!((numbers.sessions_held, numbers.rating_count, numbers.rating_average), (0, 0, None));
}
