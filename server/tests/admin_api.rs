//! The admin API and notifications through the real router: who gets in, changes that apply on
//! the very next request, the last-admin rule, and the audit log.

mod common;

use axum::http::StatusCode;
use serde_json::{Value, json};
use sqlx::PgPool;

use common::{PASSWORD, TestApp, assert_error};

const ADMIN_GETS: [&str; 8] = [
    "/api/v1/admin/users",
    "/api/v1/admin/settings",
    "/api/v1/admin/mentor-approvals",
    "/api/v1/admin/stats",
    "/api/v1/admin/audit",
    "/api/v1/admin/requests",
    "/api/v1/admin/mentorships",
    "/api/v1/admin/sessions",
];

/// An admin made the only way there is (the `create-admin` path), logged in over the API.
async fn admin_token(app: &TestApp, pool: &PgPool, email: &str) -> (String, String) {
    let admin =
        app::auth::service::create_admin(pool, email, "Root Admin", PASSWORD, chrono::Utc::now()).await.unwrap();
    let login = app.call("POST", "/api/v1/auth/login", None, Some(json!({"email": email, "password": PASSWORD}))).await;
    assert_eq!(login.status, StatusCode::OK, "{}", login.text);
    (login.body["token"].as_str().unwrap().to_owned(), admin.id.to_string())
}

async fn patch_user(app: &TestApp, token: &str, id: &str, body: Value) -> common::Reply {
    app.call("PATCH", &format!("/api/v1/admin/users/{id}"), Some(token), Some(body)).await
}

#[sqlx::test(migrations = "../migrations")]
async fn admin_endpoints_refuse_everyone_but_admins(pool: PgPool) {
    let app = TestApp::new(pool.clone());
    let (mentee, mentee_user) = app.register("ada@example.org", "mentee").await;
    let (mentor, _) = app.register("grace@example.org", "mentor").await;
    let (admin, _) = admin_token(&app, &pool, "root@example.org").await;
    let target = mentee_user["id"].as_str().unwrap();

    for uri in ADMIN_GETS {
        assert_error(&app.call("GET", uri, None, None).await, StatusCode::UNAUTHORIZED, "unauthorized");
        for token in [&mentee, &mentor] {
            assert_error(&app.call("GET", uri, Some(token), None).await, StatusCode::FORBIDDEN, "forbidden");
        }
        assert_eq!(app.call("GET", uri, Some(&admin), None).await.status, StatusCode::OK, "{uri}");
    }
    let promote = json!({"role": "admin"});
    assert_error(&patch_user(&app, &mentee, target, promote.clone()).await, StatusCode::FORBIDDEN, "forbidden");
    let anonymous = app.call("PATCH", &format!("/api/v1/admin/users/{target}"), None, Some(promote)).await;
    assert_error(&anonymous, StatusCode::UNAUTHORIZED, "unauthorized");
    assert_error(
        &app.call("GET", "/api/v1/admin/users?role=owner", Some(&admin), None).await,
        StatusCode::BAD_REQUEST,
        "bad_request",
    );
    let bad_role = patch_user(&app, &admin, target, json!({"role": "owner"})).await;
    assert_error(&bad_role, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
}

#[sqlx::test(migrations = "../migrations")]
async fn deactivation_and_demotion_apply_on_the_next_request_and_are_audited(pool: PgPool) {
    let app = TestApp::new(pool.clone());
    let (admin, _) = admin_token(&app, &pool, "root@example.org").await;
    let (mentee, mentee_user) = app.register("ada@example.org", "mentee").await;
    let (mentor, mentor_user) = app.register("grace@example.org", "mentor").await;

    let found = app.call("GET", "/api/v1/admin/users?q=GRACE&role=mentor&active=true", Some(&admin), None).await;
    assert_eq!(found.body["total"], 1);
    assert_eq!(found.body["items"][0]["email"], "grace@example.org");

    // Deactivated: the token still in the mentee's hand stops working at once.
    assert_eq!(app.call("GET", "/api/v1/me", Some(&mentee), None).await.status, StatusCode::OK);
    let off = patch_user(&app, &admin, mentee_user["id"].as_str().unwrap(), json!({"active": false})).await;
    assert_eq!((off.status, off.body["active"].clone()), (StatusCode::OK, json!(false)));
    assert_error(&app.call("GET", "/api/v1/me", Some(&mentee), None).await, StatusCode::UNAUTHORIZED, "unauthorized");

    // Demoted: the mentor's very next mentor-only call is refused.
    let availability = json!({"blocks": [], "days_off": []});
    let before = app.call("PUT", "/api/v1/me/availability", Some(&mentor), Some(availability.clone())).await;
    assert_eq!(before.status, StatusCode::OK);
    let demoted = patch_user(&app, &admin, mentor_user["id"].as_str().unwrap(), json!({"role": "mentee"})).await;
    assert_eq!(demoted.body["role"], "mentee");
    let after = app.call("PUT", "/api/v1/me/availability", Some(&mentor), Some(availability)).await;
    assert_error(&after, StatusCode::FORBIDDEN, "forbidden");

    let audit = app.call("GET", "/api/v1/admin/audit", Some(&admin), None).await;
    let actions: Vec<&str> =
        audit.body["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["user.role_changed", "user.deactivated"]);
    assert_eq!(audit.body["items"][0]["before"]["role"], "mentor");
    assert_eq!(audit.body["items"][0]["after"]["role"], "mentee");
    assert_eq!(audit.body["items"][0]["admin_name"], "Root Admin");
}

#[sqlx::test(migrations = "../migrations")]
async fn the_last_admin_cannot_step_down(pool: PgPool) {
    let app = TestApp::new(pool.clone());
    let (admin, admin_id) = admin_token(&app, &pool, "root@example.org").await;
    for change in [json!({"role": "mentor"}), json!({"active": false})] {
        assert_error(&patch_user(&app, &admin, &admin_id, change).await, StatusCode::CONFLICT, "conflict");
    }
    assert_eq!(app.call("GET", "/api/v1/admin/stats", Some(&admin), None).await.body["totals"]["admins"], 1);
    let unknown = patch_user(&app, &admin, &uuid::Uuid::new_v4().to_string(), json!({"active": false})).await;
    assert_error(&unknown, StatusCode::NOT_FOUND, "not_found");
}

#[sqlx::test(migrations = "../migrations")]
async fn stats_and_overviews_on_the_demo_data(pool: PgPool) {
    server::demo::seed(&pool, false, chrono::Utc::now()).await.unwrap();
    let app = TestApp::new(pool.clone());
    let (admin, _) = admin_token(&app, &pool, "root@example.org").await;
    let stats = app.call("GET", "/api/v1/admin/stats", Some(&admin), None).await;
    assert_eq!(stats.body["totals"]["mentors"], server::demo::MENTORS as i64);
    assert_eq!(stats.body["signups_per_week"].as_array().unwrap().len(), 12);
    let ratings: i64 = stats.body["rating_distribution"].as_array().unwrap().iter().map(|n| n.as_i64().unwrap()).sum();
    assert_eq!(ratings, stats.body["totals"]["ratings"].as_i64().unwrap());
    assert!(ratings > 0);

    let pending = app.call("GET", "/api/v1/admin/requests?status=pending&per_page=100", Some(&admin), None).await;
    assert_eq!(pending.body["total"], stats.body["requests_by_status"]["pending"]);
    assert!(pending.body["items"].as_array().unwrap().iter().all(|r| r["status"] == "pending"));
    let active = app.call("GET", "/api/v1/admin/mentorships?active=true", Some(&admin), None).await;
    assert_eq!(active.body["total"], stats.body["totals"]["active_mentorships"]);
    let past = app.call("GET", "/api/v1/admin/sessions?scope=past&per_page=5", Some(&admin), None).await;
    assert!(past.body["total"].as_i64().unwrap() > 5 && past.body["items"].as_array().unwrap().len() == 5);
    assert_error(
        &app.call("GET", "/api/v1/admin/sessions?scope=later", Some(&admin), None).await,
        StatusCode::BAD_REQUEST,
        "bad_request",
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn notifications_are_listed_and_marked_read(pool: PgPool) {
    let app = TestApp::new(pool.clone());
    let (mentee, _) = app.register("ada@example.org", "mentee").await;
    let (mentor, mentor_user) = app.register("grace@example.org", "mentor").await;
    let sent = app
        .call("POST", "/api/v1/requests", Some(&mentee), Some(json!({"mentor_id": mentor_user["id"], "message": "Hi"})))
        .await;
    assert_eq!(sent.status, StatusCode::CREATED);

    let list = app.call("GET", "/api/v1/notifications", Some(&mentor), None).await;
    assert_eq!((list.body["unread"].clone(), list.body["total"].clone()), (json!(1), json!(1)));
    assert_eq!(list.body["items"][0]["kind"], "request_received");
    assert_eq!(list.body["items"][0]["link"], "/requests?status=pending");
    assert_eq!(app.call("GET", "/api/v1/notifications", Some(&mentee), None).await.body["total"], 0);

    let read = app.call("POST", "/api/v1/notifications/read", Some(&mentor), None).await;
    assert_eq!(read.body["unread"], 0);
    assert!(
        app.call("GET", "/api/v1/notifications", Some(&mentor), None).await.body["items"][0]["read_at"].is_string()
    );
    assert_error(&app.call("GET", "/api/v1/notifications", None, None).await, StatusCode::UNAUTHORIZED, "unauthorized");
}

#[sqlx::test(migrations = "../migrations")]
async fn with_approval_required_a_new_mentor_is_listed_after_an_admin_approves(pool: PgPool) {
    let app = TestApp::new(pool.clone());
    let (admin, _) = admin_token(&app, &pool, "root@example.org").await;
    let on =
        app.call("PUT", "/api/v1/admin/settings", Some(&admin), Some(json!({"require_mentor_approval": true}))).await;
    assert_eq!((on.status, on.body["require_mentor_approval"].clone()), (StatusCode::OK, json!(true)));

    let (mentor, user) = app.register_named("grace@example.org", "Grace Hopper", "mentor").await;
    app.make_listed(&mentor).await;
    let listing = app.call("GET", "/api/v1/me/listing", Some(&mentor), None).await;
    assert_eq!(
        listing.body,
        json!({"has_headline": true, "has_skill": true, "has_weekly_hours": true, "approved": false})
    );
    assert_eq!(app.call("GET", "/api/v1/mentors", None, None).await.body["total"], 0);

    let queue = app.call("GET", "/api/v1/admin/mentor-approvals", Some(&admin), None).await;
    assert_eq!(queue.body["items"][0]["id"], user["id"]);
    assert_eq!(queue.body["items"][0]["profile_complete"], true);
    let id = user["id"].as_str().unwrap();
    let path = format!("/api/v1/admin/mentor-approvals/{id}/approve");
    assert_error(&app.call("POST", &path, Some(&mentor), None).await, StatusCode::FORBIDDEN, "forbidden");
    assert_eq!(app.call("POST", &path, Some(&admin), None).await.status, StatusCode::NO_CONTENT);
    assert_error(&app.call("POST", &path, Some(&admin), None).await, StatusCode::CONFLICT, "conflict");
    assert_eq!(app.call("GET", "/api/v1/mentors", None, None).await.body["total"], 1);
    let (mentee, _) = app.register("ada@example.org", "mentee").await;
    assert_error(&app.call("GET", "/api/v1/me/listing", Some(&mentee), None).await, StatusCode::NOT_FOUND, "not_found");
}

#[sqlx::test(migrations = "../migrations")]
async fn a_matching_round_through_the_api(pool: PgPool) {
    let app = TestApp::new(pool.clone());
    let (admin, _) = admin_token(&app, &pool, "root@example.org").await;
    let (mentee_token, ana) = app.register_named("ana@example.org", "Ana", "mentee").await;
    let (_, ben) = app.register_named("ben@example.org", "Ben", "mentee").await;
    let (mentor_token, grace) = app.register_named("grace@example.org", "Grace", "mentor").await;
    let goals = json!({"headline": "", "bio": "", "skills": [], "goals": ["mentoring"], "timezone": "UTC"});
    assert_eq!(app.call("PUT", "/api/v1/me/profile", Some(&mentee_token), Some(goals)).await.status, StatusCode::OK);
    app.make_listed(&mentor_token).await;
    let capacity = json!({"headline": "Mentor", "skills": ["mentoring"], "timezone": "UTC", "max_mentees": 1});
    assert_eq!(app.call("PUT", "/api/v1/me/profile", Some(&mentor_token), Some(capacity)).await.status, StatusCode::OK);

    let body = json!({"name": "Spring cohort", "mentee_ids": [ana["id"], ben["id"]], "mentor_ids": [grace["id"]]});
    assert_error(
        &app.call("POST", "/api/v1/admin/rounds", Some(&mentee_token), Some(body.clone())).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    );
    let bad = json!({"name": "", "mentee_ids": [grace["id"]], "mentor_ids": []});
    assert_error(
        &app.call("POST", "/api/v1/admin/rounds", Some(&admin), Some(bad)).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );
    let created = app.call("POST", "/api/v1/admin/rounds", Some(&admin), Some(body)).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    assert_eq!(created.body["status"], "draft");
    let round = format!("/api/v1/admin/rounds/{}", created.body["id"].as_str().unwrap());

    let scores = app.call("GET", &format!("{round}/scores"), Some(&admin), None).await;
    assert_eq!(scores.status, StatusCode::OK, "{}", scores.text);
    assert_eq!(scores.body["total"], 2, "both mentees may be paired with Grace");
    let computed = app.call("POST", &format!("{round}/compute"), Some(&admin), None).await;
    assert_eq!(computed.status, StatusCode::OK, "{}", computed.text);
    // One place: Ana, whose goal Grace covers, scores higher than Ben.
    assert_eq!(computed.body["pairs"][0]["mentee_id"], ana["id"]);
    assert_eq!(computed.body["pairs"][0]["reasons"][0], "Shares your goal mentoring");
    assert_eq!(computed.body["unplaced"][0]["mentee_id"], ben["id"]);
    assert_eq!(computed.body["total_score"], computed.body["pairs"][0]["score"]);

    let edit = json!({"pairs": [{"mentee_id": ben["id"], "mentor_id": grace["id"]}]});
    let edited = app.call("PUT", &format!("{round}/pairs"), Some(&admin), Some(edit)).await;
    assert_eq!(edited.status, StatusCode::OK, "{}", edited.text);
    assert_eq!(edited.body["pairs"][0]["mentee_id"], ben["id"]);
    let excluded = json!({"mentee_id": ben["id"], "mentor_id": grace["id"]});
    assert_eq!(
        app.call("POST", &format!("{round}/exclusions"), Some(&admin), Some(excluded.clone())).await.status,
        StatusCode::NO_CONTENT
    );
    let refused = app.call("PUT", &format!("{round}/pairs"), Some(&admin), Some(json!({"pairs": [excluded]}))).await;
    assert_error(&refused, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(app.call("POST", &format!("{round}/compute"), Some(&admin), None).await.status, StatusCode::OK);

    let published = app.call("POST", &format!("{round}/publish"), Some(&admin), None).await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.text);
    assert_eq!(published.body["requests_sent"], 1);
    assert_error(
        &app.call("POST", &format!("{round}/publish"), Some(&admin), None).await,
        StatusCode::CONFLICT,
        "conflict",
    );
    let incoming =
        app.call("GET", "/api/v1/requests?direction=incoming&status=pending", Some(&mentor_token), None).await;
    assert_eq!(incoming.body["items"][0]["mentee_id"], ana["id"], "{}", incoming.text);
    let shown = app.call("GET", &round, Some(&admin), None).await;
    assert_eq!((shown.body["status"].as_str(), shown.body["requests_sent"].as_i64()), (Some("published"), Some(1)));
    let listed = app.call("GET", "/api/v1/admin/rounds", Some(&admin), None).await;
    assert_eq!(listed.body["total"], 1);
    assert_error(
        &app.call("GET", "/api/v1/admin/rounds/not-an-id", Some(&admin), None).await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
}
