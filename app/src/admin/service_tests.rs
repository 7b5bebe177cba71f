//! Admin rules on a real PostgreSQL, including two admins demoting each other at once.

use super::*;
use crate::test_support::{pair, person, utc};

async fn admin(pool: &PgPool, name: &str) -> User {
    person(pool, name, "admin", "UTC").await
}

#[sqlx::test(migrations = "../migrations")]
async fn only_admins_get_in(pool: PgPool) {
    let mentor = person(&pool, "Grace", "mentor", "UTC").await;
    let mentee = person(&pool, "Ada", "mentee", "UTC").await;
    let page = PageRequest::new(None, None);
    for user in [&mentor, &mentee] {
        assert_eq!(
            users(&pool, user, &UserFilter::default(), PageRequest::new(None, None)).await.unwrap_err().status_code(),
            403
        );
        let change = UserChange { role: Some(Role::Admin), active: None, reason: None };
        assert_eq!(change_user(&pool, user, user.id, &change, Utc::now()).await.unwrap_err().status_code(), 403);
        assert_eq!(audit(&pool, user, page).await.unwrap_err().status_code(), 403);
        assert_eq!(stats(&pool, user, utc(2030, 1, 1, 0, 0)).await.unwrap_err().status_code(), 403);
        assert_eq!(requests(&pool, user, None, page).await.unwrap_err().status_code(), 403);
        assert_eq!(mentorships(&pool, user, None, page).await.unwrap_err().status_code(), 403);
        let sessions = sessions(&pool, user, Scope::Upcoming, page, utc(2030, 1, 1, 0, 0)).await;
        assert_eq!(sessions.unwrap_err().status_code(), 403);
    }
    assert_eq!(crate::auth::service::find_user(&pool, mentee.id).await.unwrap().role, Role::Mentee);
}

#[sqlx::test(migrations = "../migrations")]
async fn users_are_searched_filtered_and_changed_with_an_audit_trail(pool: PgPool) {
    let root = admin(&pool, "Root").await;
    let grace = person(&pool, "Grace Hopper", "mentor", "UTC").await;
    person(&pool, "Ada Lovelace", "mentee", "UTC").await;

    let found =
        users(&pool, &root, &UserFilter { q: Some("hop".into()), ..Default::default() }, PageRequest::new(None, None))
            .await
            .unwrap();
    assert_eq!(found.items.iter().map(|u| u.id).collect::<Vec<_>>(), vec![grace.id]);
    let mentees = users(
        &pool,
        &root,
        &UserFilter { role: Some(Role::Mentee), ..Default::default() },
        PageRequest::new(None, None),
    )
    .await
    .unwrap();
    assert_eq!(mentees.total, 1);

    let deactivated =
        change_user(&pool, &root, grace.id, &UserChange { role: None, active: Some(false), reason: None }, Utc::now())
            .await
            .unwrap();
    assert!(!deactivated.active);
    let inactive =
        users(&pool, &root, &UserFilter { active: Some(false), ..Default::default() }, PageRequest::new(None, None))
            .await
            .unwrap();
    assert_eq!(inactive.items[0].id, grace.id);
    change_user(
        &pool,
        &root,
        grace.id,
        &UserChange { role: Some(Role::Admin), active: Some(true), reason: None },
        Utc::now(),
    )
    .await
    .unwrap();

    let log = audit(&pool, &root, PageRequest::new(None, None)).await.unwrap();
    let actions: Vec<&str> = log.items.iter().map(|e| e.action.as_str()).collect();
    // Newest first: the last change made two entries (role and reactivation).
    assert_eq!(log.total, 3);
    assert!(actions[..2].contains(&"user.role_changed") && actions[..2].contains(&"user.reactivated"));
    assert_eq!(actions[2], "user.deactivated");
    let role_change = log.items.iter().find(|e| e.action == "user.role_changed").unwrap();
    assert_eq!(
        (role_change.before["role"].as_str(), role_change.after["role"].as_str()),
        (Some("mentor"), Some("admin"))
    );
    assert_eq!((role_change.admin_name.as_str(), role_change.target_name.as_deref()), ("Root", Some("Grace Hopper")));

    // No change, no entry; an unknown user is a 404.
    change_user(&pool, &root, grace.id, &UserChange::default(), Utc::now()).await.unwrap();
    assert_eq!(audit(&pool, &root, PageRequest::new(None, None)).await.unwrap().total, 3);
    let missing = change_user(&pool, &root, Uuid::new_v4(), &UserChange::default(), Utc::now()).await.unwrap_err();
    assert_eq!(missing.status_code(), 404);
}

#[sqlx::test(migrations = "../migrations")]
async fn the_last_active_admin_stays(pool: PgPool) {
    let root = admin(&pool, "Root").await;
    for change in [
        UserChange { role: Some(Role::Mentor), active: None, reason: None },
        UserChange { role: None, active: Some(false), reason: None },
    ] {
        let err = change_user(&pool, &root, root.id, &change, Utc::now()).await.unwrap_err();
        assert_eq!((err.status_code(), err.to_string()), (409, LAST_ADMIN.to_owned()));
    }
    // With a second admin, one of them may step down.
    let other = admin(&pool, "Other").await;
    change_user(
        &pool,
        &root,
        root.id,
        &UserChange { role: Some(Role::Mentor), active: None, reason: None },
        Utc::now(),
    )
    .await
    .unwrap();
    let err =
        change_user(&pool, &other, other.id, &UserChange { role: None, active: Some(false), reason: None }, Utc::now())
            .await
            .unwrap_err();
    assert_eq!(err.status_code(), 409);
}

#[sqlx::test(migrations = "../migrations")]
async fn two_admins_demoting_each_other_at_once_leave_one_admin(pool: PgPool) {
    let first = admin(&pool, "First").await;
    let second = admin(&pool, "Second").await;
    let demote = UserChange { role: Some(Role::Mentee), active: None, reason: None };
    let (a, b) = tokio::join!(
        change_user(&pool, &first, second.id, &demote, Utc::now()),
        change_user(&pool, &second, first.id, &demote, Utc::now()),
    );
    assert_eq!([a.is_ok(), b.is_ok()].iter().filter(|ok| **ok).count(), 1, "{a:?} {b:?}");
    // The loser was demoted while waiting for the lock, so is no longer allowed to act.
    let loser = a.err().or(b.err()).unwrap();
    assert_eq!(loser.status_code(), 403, "{loser}");
    let admins = sqlx::query_scalar!(r#"SELECT count(*) AS "n!" FROM users WHERE role = 'admin' AND active"#)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(admins, 1);
}

#[sqlx::test(migrations = "../migrations")]
async fn stats_count_what_happened(pool: PgPool) {
    let root = admin(&pool, "Root").await;
    let mentor = person(&pool, "Grace", "mentor", "UTC").await;
    let mentee = person(&pool, "Ada", "mentee", "UTC").await;
    pair(&pool, &mentor, &mentee).await;
    let now = chrono::Utc::now();
    let stats = stats(&pool, &root, now).await.unwrap();
    assert_eq!((stats.totals.mentors, stats.totals.mentees, stats.totals.admins), (1, 1, 1));
    assert_eq!(stats.totals.active_mentorships, 1);
    assert_eq!(stats.requests_by_status.accepted, 1);
    assert_eq!(stats.signups_per_week.len(), 12);
    assert_eq!(stats.signups_per_week.last().unwrap().count, 3, "all three joined this week");
    assert_eq!(stats.sessions_per_week.iter().map(|w| w.count).sum::<i64>(), 0);
    assert_eq!(stats.rating_distribution, vec![0; 5]);
}

#[sqlx::test(migrations = "../migrations")]
async fn a_preview_refuses_what_the_change_would_refuse(pool: PgPool) {
    let root = admin(&pool, "Root").await;
    let grace = person(&pool, "Grace Hopper", "mentor", "UTC").await;
    let now = utc(2030, 1, 1, 0, 0);
    let demote_self = UserChange { role: Some(Role::Mentor), active: None, reason: None };
    let refused = change_preview(&pool, &root, root.id, &demote_self, now).await.unwrap_err();
    assert_eq!((refused.status_code(), refused.to_string()), (409, LAST_ADMIN.to_owned()));
    let nothing = UserChange { role: Some(Role::Mentor), active: None, reason: None };
    let same = change_preview(&pool, &root, grace.id, &nothing, now).await.unwrap_err();
    assert_eq!((same.status_code(), same.to_string().as_str()), (409, "Grace Hopper is already mentor."));
    let promote = UserChange { role: Some(Role::Admin), active: None, reason: None };
    let preview = change_preview(&pool, &root, grace.id, &promote, now).await.unwrap();
    assert_eq!((preview.role, preview.active), (Role::Admin, true));
    assert!(preview.effects[0].contains("admin console"));
    let long = UserChange { reason: Some("x".repeat(1001)), ..promote };
    assert_eq!(change_user(&pool, &root, grace.id, &long, now).await.unwrap_err().status_code(), 422);
}
