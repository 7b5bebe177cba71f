//! The JSON API and the pages through the real router, on a fresh migrated database per test.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::{Value, json};
use sqlx::PgPool;

use common::{SECRET, TestApp, assert_error};

#[sqlx::test(migrations = "../migrations")]
async fn register_then_me(pool: PgPool) {
    let app = TestApp::new(pool);
    let (token, user) = app.register("ada@example.org", "mentee").await;
    assert_eq!(user["role"], "mentee");
    assert!(user.get("password_hash").is_none());
    let me = app.call("GET", "/api/v1/me", Some(&token), None).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body["email"], "ada@example.org");
}

#[sqlx::test(migrations = "../migrations")]
async fn register_errors(pool: PgPool) {
    let app = TestApp::new(pool);
    app.register("ada@example.org", "mentee").await;

    let body = |email: &str, role: &str, password: &str| json!({"email": email, "password": password, "name": "X", "role": role});
    let dup = app
        .call(
            "POST",
            "/api/v1/auth/register",
            None,
            Some(body("ADA@EXAMPLE.org", "mentor", "a long enough passphrase")),
        )
        .await;
    assert_error(&dup, StatusCode::CONFLICT, "conflict");
    assert!(dup.body["error"]["fields"]["email"].is_string());

    let admin = app
        .call("POST", "/api/v1/auth/register", None, Some(body("eve@example.org", "admin", "a long enough passphrase")))
        .await;
    assert_error(&admin, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert!(admin.body["error"]["fields"]["role"].is_string());

    let common =
        app.call("POST", "/api/v1/auth/register", None, Some(body("bob@example.org", "mentee", "password123"))).await;
    assert_error(&common, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert!(common.body["error"]["fields"]["password"].is_string());

    let long = app
        .call("POST", "/api/v1/auth/register", None, Some(body("bob@example.org", "mentee", &"x".repeat(129))))
        .await;
    assert_error(&long, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");

    let mut nowhere = body("tim@example.org", "mentee", "a long enough passphrase");
    nowhere["timezone"] = json!("Moon/Base");
    let nowhere = app.call("POST", "/api/v1/auth/register", None, Some(nowhere)).await;
    assert_error(&nowhere, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert!(nowhere.body["error"]["fields"]["timezone"].is_string());
    let mut kathmandu = body("tenzing@example.org", "mentee", "a long enough passphrase");
    kathmandu["timezone"] = json!("Asia/Kathmandu");
    let joined = app.call("POST", "/api/v1/auth/register", None, Some(kathmandu)).await;
    assert_eq!(joined.status, StatusCode::CREATED, "{}", joined.text);
    let token = joined.body["token"].as_str().unwrap();
    let profile = app.call("GET", "/api/v1/me/profile", Some(token), None).await;
    assert_eq!(profile.body["profile"]["timezone"], "Asia/Kathmandu", "the profile starts in the given zone");

    let missing = app.call("POST", "/api/v1/auth/register", None, Some(json!({"email": "x@y.z"}))).await;
    assert_error(&missing, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");

    let malformed = app
        .send(
            Request::post("/api/v1/auth/register")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{not json"))
                .unwrap(),
        )
        .await;
    assert_error(&malformed, StatusCode::BAD_REQUEST, "bad_request");

    // An email PostgreSQL could not even store names no account: a wrong login, not an error.
    let nul = app
        .call(
            "POST",
            "/api/v1/auth/login",
            None,
            Some(json!({"email": "a\u{0}@example.org", "password": "whatever it is"})),
        )
        .await;
    assert_error(&nul, StatusCode::UNAUTHORIZED, "unauthorized");
    // Text PostgreSQL cannot store is refused next to its field.
    let (token, _) = app.register("nul@example.org", "mentee").await;
    let profile = app
        .call("PUT", "/api/v1/me/profile", Some(&token), Some(json!({"headline": "a\u{0}b", "timezone": "UTC"})))
        .await;
    assert_error(&profile, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(profile.body["error"]["fields"]["headline"], "The headline cannot contain a NUL character.");

    let no_type = app.send(Request::post("/api/v1/auth/register").body(Body::from("{}")).unwrap()).await;
    assert_error(&no_type, StatusCode::BAD_REQUEST, "bad_request");
}

#[sqlx::test(migrations = "../migrations")]
async fn login_logout(pool: PgPool) {
    let app = TestApp::new(pool);
    app.register("ada@example.org", "mentor").await;
    let login = app
        .call(
            "POST",
            "/api/v1/auth/login",
            None,
            Some(json!({"email": "Ada@Example.org", "password": "a long enough passphrase"})),
        )
        .await;
    assert_eq!(login.status, StatusCode::OK, "{}", login.text);
    let token = login.body["token"].as_str().unwrap().to_owned();
    assert_eq!(login.body["user"]["role"], "mentor");
    // The device token comes back with every login and may be sent with the next one.
    let device_token = login.body["device_token"].as_str().unwrap().to_owned();
    assert_ne!(device_token, token);
    let again = app
        .call(
            "POST",
            "/api/v1/auth/login",
            None,
            Some(json!({"email": "ada@example.org", "password": "a long enough passphrase", "device_token": device_token})),
        )
        .await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.text);
    // The device token is not a login.
    let me = app.call("GET", "/api/v1/me", Some(&device_token), None).await;
    assert_error(&me, StatusCode::UNAUTHORIZED, "unauthorized");

    let wrong = app
        .call(
            "POST",
            "/api/v1/auth/login",
            None,
            Some(json!({"email": "ada@example.org", "password": "wrong password"})),
        )
        .await;
    let unknown = app
        .call(
            "POST",
            "/api/v1/auth/login",
            None,
            Some(json!({"email": "who@example.org", "password": "wrong password"})),
        )
        .await;
    assert_error(&wrong, StatusCode::UNAUTHORIZED, "unauthorized");
    assert_eq!(wrong.body, unknown.body);
    assert_eq!(wrong.status, unknown.status);

    let out = app.call("POST", "/api/v1/auth/logout", Some(&token), None).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    let me = app.call("GET", "/api/v1/me", Some(&token), None).await;
    assert_error(&me, StatusCode::UNAUTHORIZED, "unauthorized");
    let again = app.call("POST", "/api/v1/auth/logout", Some(&token), None).await;
    assert_error(&again, StatusCode::UNAUTHORIZED, "unauthorized");
}

#[sqlx::test(migrations = "../migrations")]
async fn failed_logins_are_rate_limited(pool: PgPool) {
    let app = TestApp::new(pool);
    app.register("ada@example.org", "mentee").await;
    let attempt = |password: &'static str| {
        app.call("POST", "/api/v1/auth/login", None, Some(json!({"email": "ada@example.org", "password": password})))
    };
    for _ in 0..app::auth::login_limits::PER_PAIR {
        assert_eq!(attempt("not it at all").await.status, StatusCode::UNAUTHORIZED);
    }
    let limited = attempt("a long enough passphrase").await;
    assert_error(&limited, StatusCode::TOO_MANY_REQUESTS, "rate_limited");
    let retry: u64 = limited.headers[header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
    assert!(retry > 0 && retry <= 900);
}

#[sqlx::test(migrations = "../migrations")]
async fn bad_tokens_are_refused(pool: PgPool) {
    use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
    let app = &TestApp::new(pool.clone());
    let (token, user) = app.register("ada@example.org", "mentee").await;

    let me = |token: String| async move { app.call("GET", "/api/v1/me", Some(&token), None).await };
    assert_eq!(me(token.clone()).await.status, StatusCode::OK);

    // No header, and a header that is not Bearer.
    assert_error(&app.call("GET", "/api/v1/me", None, None).await, StatusCode::UNAUTHORIZED, "unauthorized");
    let basic = app
        .send(Request::get("/api/v1/me").header(header::AUTHORIZATION, "Basic YTpi").body(Body::empty()).unwrap())
        .await;
    assert_error(&basic, StatusCode::UNAUTHORIZED, "unauthorized");
    assert_eq!(basic.headers[header::WWW_AUTHENTICATE], "Bearer");

    // Tampered signature: flip a character of the signature part.
    let mut tampered = token.clone();
    let last = tampered.pop().unwrap();
    tampered.push(if last == 'A' { 'B' } else { 'A' });
    assert_error(&me(tampered).await, StatusCode::UNAUTHORIZED, "unauthorized");

    // Tampered payload: another user id under the original signature.
    let parts: Vec<&str> = token.split('.').collect();
    let forged_claims =
        json!({"sub": uuid::Uuid::new_v4(), "sid": uuid::Uuid::new_v4(), "iat": 0, "exp": 4102444800u64});
    let forged_payload = base64_url(&forged_claims.to_string());
    let forged = format!("{}.{}.{}", parts[0], forged_payload, parts[2]);
    assert_error(&me(forged).await, StatusCode::UNAUTHORIZED, "unauthorized");

    let session_id = sqlx::query_scalar!("SELECT id FROM login_sessions LIMIT 1").fetch_one(&pool).await.unwrap();
    let claims =
        |exp: i64| json!({"sub": user["id"], "sid": session_id, "iat": chrono::Utc::now().timestamp(), "exp": exp});
    let future = chrono::Utc::now().timestamp() + 3600;

    // Correctly signed but expired.
    let expired = encode(
        &Header::new(Algorithm::HS256),
        &claims(chrono::Utc::now().timestamp() - 10),
        &EncodingKey::from_secret(SECRET.as_bytes()),
    )
    .unwrap();
    assert_error(&me(expired).await, StatusCode::UNAUTHORIZED, "unauthorized");

    // Same secret, another algorithm in the header.
    let hs512 =
        encode(&Header::new(Algorithm::HS512), &claims(future), &EncodingKey::from_secret(SECRET.as_bytes())).unwrap();
    assert_error(&me(hs512).await, StatusCode::UNAUTHORIZED, "unauthorized");

    // `alg: none` with no signature.
    let none = format!("{}.{}.", base64_url(r#"{"alg":"none","typ":"JWT"}"#), base64_url(&claims(future).to_string()));
    assert_error(&me(none).await, StatusCode::UNAUTHORIZED, "unauthorized");

    // A properly signed token for a session that was revoked.
    sqlx::query!("UPDATE login_sessions SET revoked_at = now()").execute(&pool).await.unwrap();
    assert_error(&me(token).await, StatusCode::UNAUTHORIZED, "unauthorized");
}

fn base64_url(text: &str) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let bytes = text.as_bytes();
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

#[sqlx::test(migrations = "../migrations")]
async fn deactivation_and_role_change_apply_to_the_next_request(pool: PgPool) {
    let app = TestApp::new(pool.clone());
    let (token, user) = app.register("ada@example.org", "mentee").await;
    let id: uuid::Uuid = user["id"].as_str().unwrap().parse().unwrap();

    app::auth::service::set_role(&pool, id, app::auth::Role::Mentor, chrono::Utc::now()).await.unwrap();
    let me = app.call("GET", "/api/v1/me", Some(&token), None).await;
    assert_eq!(me.body["role"], "mentor");

    app::auth::service::set_active(&pool, id, false, chrono::Utc::now()).await.unwrap();
    assert_error(&app.call("GET", "/api/v1/me", Some(&token), None).await, StatusCode::UNAUTHORIZED, "unauthorized");
    let login = app
        .call(
            "POST",
            "/api/v1/auth/login",
            None,
            Some(json!({"email": "ada@example.org", "password": "a long enough passphrase"})),
        )
        .await;
    assert_error(&login, StatusCode::FORBIDDEN, "forbidden");
}

#[sqlx::test(migrations = "../migrations")]
async fn profiles(pool: PgPool) {
    let app = TestApp::new(pool);
    let (token, user) = app.register("grace@example.org", "mentor").await;

    let mine = app.call("GET", "/api/v1/me/profile", Some(&token), None).await;
    assert_eq!(mine.status, StatusCode::OK);
    assert_eq!(mine.body["profile"]["timezone"], "UTC");
    assert_error(&app.call("GET", "/api/v1/me/profile", None, None).await, StatusCode::UNAUTHORIZED, "unauthorized");

    let update = json!({
        "headline": "Compilers and teams", "bio": "Ask me anything.",
        "skills": ["Rust", "Leadership"], "goals": [], "timezone": "Asia/Kolkata",
        "accepting_mentees": true, "max_mentees": 4
    });
    let saved = app.call("PUT", "/api/v1/me/profile", Some(&token), Some(update.clone())).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text);
    assert_eq!(saved.body["profile"]["skills"], json!(["rust", "leadership"]));
    assert_eq!(saved.body["profile"]["max_mentees"], 4);

    let mut bad = update.clone();
    bad["timezone"] = json!("Moon/Base");
    bad["headline"] = json!("h".repeat(121));
    let refused = app.call("PUT", "/api/v1/me/profile", Some(&token), Some(bad)).await;
    assert_error(&refused, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert!(refused.body["error"]["fields"]["timezone"].is_string());
    assert!(refused.body["error"]["fields"]["headline"].is_string());

    let wrong_type = app.call("PUT", "/api/v1/me/profile", Some(&token), Some(json!({"timezone": 5}))).await;
    assert_error(&wrong_type, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");

    let id = user["id"].as_str().unwrap();
    let public = app.call("GET", &format!("/api/v1/mentors/{id}"), None, None).await;
    assert_eq!(public.status, StatusCode::OK);
    assert_eq!(public.body["headline"], "Compilers and teams");
    assert_eq!(public.body["utc_offset"], "UTC+05:30");

    let (_, mentee) = app.register("ada@example.org", "mentee").await;
    let not_mentor = app.call("GET", &format!("/api/v1/mentors/{}", mentee["id"].as_str().unwrap()), None, None).await;
    assert_error(&not_mentor, StatusCode::NOT_FOUND, "not_found");
    assert_error(&app.call("GET", "/api/v1/mentors/not-a-uuid", None, None).await, StatusCode::NOT_FOUND, "not_found");

    let unlisted = app.call("GET", "/api/v1/mentors?q=compilers", None, None).await;
    assert_eq!(unlisted.body["total"], 0, "no weekly hours yet: not listed");
    app.make_listed(&token).await;
    let directory =
        app.call("GET", "/api/v1/mentors?q=compilers&accepting=true&sort=name&per_page=5", None, None).await;
    assert_eq!(directory.status, StatusCode::OK, "{}", directory.text);
    assert_eq!(directory.body["total"], 1);
    assert_eq!(directory.body["items"][0]["id"], user["id"]);
    assert_eq!(directory.body["per_page"], 5);
    let none = app.call("GET", "/api/v1/mentors?skill=cobol", None, None).await;
    assert_eq!(none.body["total"], 0);
    assert_error(
        &app.call("GET", "/api/v1/mentors?sort=cheapest", None, None).await,
        StatusCode::BAD_REQUEST,
        "bad_request",
    );
    assert_error(
        &app.call("GET", "/api/v1/mentors?accepting=perhaps", None, None).await,
        StatusCode::BAD_REQUEST,
        "bad_request",
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn ops_endpoints_and_openapi(pool: PgPool) {
    let app = TestApp::new(pool);
    let health = app.call("GET", "/healthz", None, None).await;
    assert_eq!(health.status, StatusCode::OK);
    assert!(health.headers.contains_key("x-request-id"));
    assert_eq!(app.call("GET", "/readyz", None, None).await.status, StatusCode::OK);

    let doc = app.call("GET", "/api/v1/openapi.json", None, None).await;
    assert_eq!(doc.status, StatusCode::OK);
    assert!(doc.body["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/api/v1/auth/register",
        "/api/v1/auth/login",
        "/api/v1/auth/logout",
        "/api/v1/me",
        "/api/v1/me/profile",
        "/api/v1/mentors/{id}",
    ] {
        assert!(doc.body["paths"][path].is_object(), "{path} missing from the OpenAPI document");
    }

    assert_error(&app.call("GET", "/api/v1/nope", None, None).await, StatusCode::NOT_FOUND, "not_found");
}

#[sqlx::test(migrations = "../migrations")]
async fn pages_are_rendered_on_the_server(pool: PgPool) {
    let app = TestApp::new(pool);
    let (token, user) = app.register("grace@example.org", "mentor").await;
    app.call(
        "PUT",
        "/api/v1/me/profile",
        Some(&token),
        Some(json!({"headline": "Teaching compilers since 1952", "timezone": "Europe/Paris", "skills": ["cobol"]})),
    )
    .await;
    let page = app.call("GET", &format!("/mentors/{}", user["id"].as_str().unwrap()), None, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("Teaching compilers since 1952"), "{}", page.text);
    assert!(page.text.contains("cobol"));

    let missing = app.call("GET", &format!("/mentors/{}", uuid::Uuid::new_v4()), None, None).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.text.contains("Mentor not found"));

    let unknown_page = app.call("GET", "/no/such/page", None, None).await;
    assert_eq!(unknown_page.status, StatusCode::NOT_FOUND);
    assert!(unknown_page.text.contains("Page not found"));

    let landing = app.call("GET", "/", None, None).await;
    assert_eq!(landing.status, StatusCode::OK);
    assert!(landing.text.contains("Find the mentor"));
}

#[sqlx::test(migrations = "../migrations")]
async fn the_seed_acceptance_list_through_the_api(pool: PgPool) {
    let app = TestApp::new(pool);
    let (mentee_token, mentee) = app.register("ada@example.org", "mentee").await;
    let (mentor_token, mentor) = app.register("grace@example.org", "mentor").await;
    let mentor_id = mentor["id"].as_str().unwrap();
    let mentee_id = mentee["id"].as_str().unwrap();

    // A mentee can send a request.
    let sent = app
        .call(
            "POST",
            "/api/v1/requests",
            Some(&mentee_token),
            Some(json!({"mentor_id": mentor_id, "message": "Hello!"})),
        )
        .await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.text);
    assert_eq!(sent.body["status"], "pending");
    let request_id = sent.body["id"].as_str().unwrap().to_owned();

    // A mentor can accept it.
    let accepted = app.call("POST", &format!("/api/v1/requests/{request_id}/accept"), Some(&mentor_token), None).await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.text);
    assert_eq!(accepted.body["request"]["status"], "accepted");
    assert_eq!(accepted.body["mentorship"]["mentee_id"], mentee_id);

    // A mentee cannot send a request to themself.
    let to_self = app
        .call("POST", "/api/v1/requests", Some(&mentee_token), Some(json!({"mentor_id": mentee_id, "message": "Me"})))
        .await;
    assert_error(&to_self, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");

    // A mentor cannot send a request to themself (or to anyone).
    let mentor_self = app
        .call("POST", "/api/v1/requests", Some(&mentor_token), Some(json!({"mentor_id": mentor_id, "message": "Me"})))
        .await;
    assert_error(&mentor_self, StatusCode::FORBIDDEN, "forbidden");

    // Suggestions are for mentees only; a paired mentor is no longer suggested.
    let suggestions = app.call("GET", "/api/v1/mentors/suggested", Some(&mentee_token), None).await;
    assert_eq!(suggestions.status, StatusCode::OK, "{}", suggestions.text);
    assert!(suggestions.body.as_array().unwrap().iter().all(|s| s["mentor"]["id"] != mentor["id"]));
    let not_for_mentors = app.call("GET", "/api/v1/mentors/suggested", Some(&mentor_token), None).await;
    assert_error(&not_for_mentors, StatusCode::FORBIDDEN, "forbidden");

    // Both see the mentorship.
    for token in [&mentee_token, &mentor_token] {
        let list = app.call("GET", "/api/v1/mentorships", Some(token), None).await;
        assert_eq!(list.status, StatusCode::OK);
        assert_eq!(list.body.as_array().unwrap().len(), 1);
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn request_endpoints_errors_and_lists(pool: PgPool) {
    let app = TestApp::new(pool);
    let (mentee_token, _) = app.register("ada@example.org", "mentee").await;
    let (mentor_token, mentor) = app.register("grace@example.org", "mentor").await;
    let (other_token, _) = app.register("alan@example.org", "mentor").await;
    let mentor_id = mentor["id"].as_str().unwrap();
    let send = |message: &'static str| {
        app.call(
            "POST",
            "/api/v1/requests",
            Some(&mentee_token),
            Some(json!({"mentor_id": mentor_id, "message": message})),
        )
    };

    assert_error(
        &app.call("POST", "/api/v1/requests", None, Some(json!({"mentor_id": mentor_id, "message": "x"}))).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    );
    assert_error(&send("   ").await, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    let first = send("Hello").await;
    assert_eq!(first.status, StatusCode::CREATED);
    assert_error(&send("Hello again").await, StatusCode::CONFLICT, "conflict");
    let id = first.body["id"].as_str().unwrap();

    // Someone else's request looks like no request at all.
    let stranger = app.call("POST", &format!("/api/v1/requests/{id}/accept"), Some(&other_token), None).await;
    assert_error(&stranger, StatusCode::NOT_FOUND, "not_found");
    let bad_id = app.call("POST", "/api/v1/requests/xyz/accept", Some(&mentor_token), None).await;
    assert_error(&bad_id, StatusCode::NOT_FOUND, "not_found");

    let declined = app
        .call("POST", &format!("/api/v1/requests/{id}/decline"), Some(&mentor_token), Some(json!({"reason": "Full"})))
        .await;
    assert_eq!(declined.status, StatusCode::OK, "{}", declined.text);
    assert_eq!(declined.body["decision_reason"], "Full");
    let twice = app.call("POST", &format!("/api/v1/requests/{id}/decline"), Some(&mentor_token), None).await;
    assert_error(&twice, StatusCode::CONFLICT, "conflict");

    let second = send("Try again").await;
    let second_id = second.body["id"].as_str().unwrap();
    let cancelled = app.call("POST", &format!("/api/v1/requests/{second_id}/cancel"), Some(&mentee_token), None).await;
    assert_eq!(cancelled.body["status"], "cancelled");

    let inbox = app.call("GET", "/api/v1/requests", Some(&mentor_token), None).await;
    assert_eq!(inbox.status, StatusCode::OK);
    assert_eq!(inbox.body["total"], 2);
    assert_eq!(inbox.body["counts"]["declined"], 1);
    assert_eq!(inbox.body["counts"]["cancelled"], 1);
    let filtered =
        app.call("GET", "/api/v1/requests?direction=outgoing&status=cancelled", Some(&mentee_token), None).await;
    assert_eq!(filtered.body["items"].as_array().unwrap().len(), 1);
    let bad_status = app.call("GET", "/api/v1/requests?status=maybe", Some(&mentee_token), None).await;
    assert_error(&bad_status, StatusCode::BAD_REQUEST, "bad_request");
    let bad_page = app.call("GET", "/api/v1/requests?page=-1", Some(&mentee_token), None).await;
    assert_error(&bad_page, StatusCode::BAD_REQUEST, "bad_request");

    let third = send("Third time").await;
    let third_id = third.body["id"].as_str().unwrap();
    let accepted = app.call("POST", &format!("/api/v1/requests/{third_id}/accept"), Some(&mentor_token), None).await;
    let mentorship_id = accepted.body["mentorship"]["id"].as_str().unwrap();
    let end_path = format!("/api/v1/mentorships/{mentorship_id}/end");
    let too_long = app.call("POST", &end_path, Some(&mentee_token), Some(json!({"reason": "x".repeat(1001)}))).await;
    assert_error(&too_long, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    let ended = app.call("POST", &end_path, Some(&mentee_token), Some(json!({"reason": "  New job  "}))).await;
    assert_eq!(ended.status, StatusCode::OK);
    assert!(ended.body["ended_at"].is_string());
    assert_eq!(ended.body["end_reason"], "New job");
    let again = app.call("POST", &format!("/api/v1/mentorships/{mentorship_id}/end"), Some(&mentor_token), None).await;
    assert_error(&again, StatusCode::CONFLICT, "conflict");
}

#[sqlx::test(migrations = "../migrations")]
async fn directory_on_the_demo_data(pool: PgPool) {
    server::demo::seed(&pool, false, chrono::Utc::now()).await.unwrap();
    let app = &TestApp::new(pool.clone());
    let get = |uri: String| async move { app.call("GET", &uri, None, None).await };
    let count = |sql: &'static str| {
        let pool = pool.clone();
        async move { sqlx::query_scalar::<_, i64>(sql).fetch_one(&pool).await.unwrap() }
    };

    let all = get("/api/v1/mentors?per_page=100".into()).await;
    assert_eq!(all.body["total"], server::demo::MENTORS as i64);

    let rust = get("/api/v1/mentors?skill=rust&per_page=100".into()).await;
    let expected = count("SELECT count(*) FROM profiles p JOIN users u ON u.id = p.user_id WHERE u.role = 'mentor' AND 'rust' = ANY (p.skills)").await;
    assert!(expected > 0);
    assert_eq!(rust.body["total"], expected);
    for mentor in rust.body["items"].as_array().unwrap() {
        assert!(mentor["skills"].as_array().unwrap().contains(&json!("rust")));
    }

    let text = get("/api/v1/mentors?q=Fintech&per_page=100".into()).await;
    let expected = count("SELECT count(*) FROM profiles p WHERE p.listed AND p.search_document @@ plainto_tsquery('mentor_search', 'fintech')").await;
    assert!(expected > 0);
    assert_eq!(text.body["total"], expected);

    // What a new mentee types (issue 13 found 0 for the last two): words in any order, typos.
    let total = |body: &Value| body["total"].as_i64().unwrap();
    let rust_words = get("/api/v1/mentors?q=rust&per_page=100".into()).await;
    let both = get("/api/v1/mentors?q=rust%20career&per_page=100&facets=true".into()).await;
    assert!(total(&both.body) >= total(&rust_words.body), "every rust mentor is still found");
    assert_eq!(both.body["items"][0]["matched"]["terms"], json!(["rust", "career"]));
    let typo = get("/api/v1/mentors?q=pyhton&per_page=100".into()).await;
    let python = get("/api/v1/mentors?q=python&per_page=100".into()).await;
    assert!(total(&python.body) > 0);
    assert_eq!(total(&typo.body), total(&python.body));
    assert!(both.body["facets"].as_array().unwrap().iter().any(|f| f["skill"] == "rust"));

    let open = get("/api/v1/mentors?accepting=true&per_page=100".into()).await;
    let items = open.body["items"].as_array().unwrap();
    assert!(!items.is_empty() && (items.len() as i64) < server::demo::MENTORS as i64);
    for mentor in items {
        assert_eq!(mentor["accepting_mentees"], true);
        assert!(mentor["active_mentees"].as_i64().unwrap() < mentor["max_mentees"].as_i64().unwrap());
    }

    let by_name = get("/api/v1/mentors?sort=name&per_page=100".into()).await;
    let names: Vec<String> =
        by_name.body["items"].as_array().unwrap().iter().map(|m| m["name"].as_str().unwrap().to_owned()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);

    // Highest rated first: rated mentors (the demo has feedback) before unrated ones, and the
    // counts on the cards agree with the feedback table.
    let by_rating = get("/api/v1/mentors?sort=rating&per_page=100".into()).await;
    let items = by_rating.body["items"].as_array().unwrap();
    let rated: Vec<bool> = items.iter().map(|m| m["rating_average"].is_f64()).collect();
    assert!(rated[0], "the first mentor has ratings");
    assert!(rated.windows(2).all(|w| w[0] || !w[1]), "no rated mentor after an unrated one");
    let total_ratings: i64 = items.iter().map(|m| m["rating_count"].as_i64().unwrap()).sum();
    assert_eq!(total_ratings, count("SELECT count(*) FROM feedback").await);
    assert_error(&get("/api/v1/mentors?sort=stars".into()).await, StatusCode::BAD_REQUEST, "bad_request");

    // Pages partition the result: every mentor exactly once.
    let mut seen = std::collections::HashSet::new();
    for page in 1..=5 {
        let reply = get(format!("/api/v1/mentors?sort=newest&per_page=10&page={page}")).await;
        for mentor in reply.body["items"].as_array().unwrap() {
            assert!(seen.insert(mentor["id"].as_str().unwrap().to_owned()), "a mentor appeared twice");
        }
    }
    assert_eq!(seen.len(), server::demo::MENTORS);
}

/// A login from `peer` (the TCP address) carrying `X-Forwarded-For: forwarded`.
fn login_via(email: &str, peer: &str, forwarded: &str, password: &str) -> Request<Body> {
    let mut request = Request::post("/api/v1/auth/login")
        .header(header::CONTENT_TYPE, "application/json")
        .header("x-forwarded-for", forwarded)
        .body(Body::from(json!({"email": email, "password": password}).to_string()))
        .unwrap();
    request.extensions_mut().insert(axum::extract::ConnectInfo::<std::net::SocketAddr>(peer.parse().unwrap()));
    request
}

#[sqlx::test(migrations = "../migrations")]
async fn forwarded_addresses_count_only_behind_trusted_proxies(pool: PgPool) {
    // Nobody trusted (the default): a client cannot dodge the limit by inventing addresses.
    let direct = TestApp::new(pool.clone());
    direct.register("ada@example.org", "mentee").await;
    for i in 0..app::auth::login_limits::PER_PAIR {
        let reply = direct
            .send(login_via("ada@example.org", "198.51.100.7:4000", &format!("203.0.113.{i}"), "not it at all"))
            .await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    }
    let reply = direct.send(login_via("ada@example.org", "198.51.100.7:4000", "203.0.113.99", common::PASSWORD)).await;
    assert_error(&reply, StatusCode::TOO_MANY_REQUESTS, "rate_limited");

    // Behind a trusted proxy, each member is told apart by the address the proxy forwards.
    let mut config = common::config();
    config.trusted_proxies = vec!["10.0.0.0/8".parse().unwrap()];
    let proxied = TestApp::with_config(pool, &config);
    proxied.register("grace@example.org", "mentee").await;
    for _ in 0..app::auth::login_limits::PER_PAIR {
        let reply = proxied.send(login_via("grace@example.org", "10.0.0.2:4000", "192.0.2.1", "not it at all")).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    }
    let guesser = proxied.send(login_via("grace@example.org", "10.0.0.2:4000", "192.0.2.1", common::PASSWORD)).await;
    assert_error(&guesser, StatusCode::TOO_MANY_REQUESTS, "rate_limited");
    let member = proxied.send(login_via("grace@example.org", "10.0.0.2:4000", "192.0.2.2", common::PASSWORD)).await;
    assert_eq!(member.status, StatusCode::OK, "{}", member.text);
}

#[sqlx::test(migrations = "../migrations")]
async fn pages_carry_a_nonce_policy_and_https_deployments_hsts(pool: PgPool) {
    let get_page = |path: &str| Request::get(path).header(header::ACCEPT, "text/html").body(Body::empty()).unwrap();
    let page_request = || get_page("/mentors");
    let app = TestApp::new(pool.clone());
    // Pages with islands, without, a search, and the not-found page (the router's fallback):
    // each names its own nonce, and every inline script it sent carries it; nothing else could run.
    for (path, status) in [
        ("/", StatusCode::OK),
        ("/login", StatusCode::OK),
        ("/signup?role=mentor", StatusCode::OK),
        ("/mentors?q=rust", StatusCode::OK),
        ("/no-such-page", StatusCode::NOT_FOUND),
    ] {
        let page = app.send(get_page(path)).await;
        assert_eq!(page.status, status, "{path}");
        assert_inline_scripts_carry_the_policy_nonce(&page, path);
    }
    let page = app.send(page_request()).await;
    assert_eq!(page.status, StatusCode::OK);
    let nonce = assert_inline_scripts_carry_the_policy_nonce(&page, "/mentors");
    let nonce = nonce.as_str();
    // A fresh nonce per response.
    let again = app.send(page_request()).await;
    assert!(!again.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap().contains(nonce));
    // JSON gets the locked-down policy; plain http gets no HSTS.
    let api = app.call("GET", "/api/v1/mentors", None, None).await;
    assert_eq!(api.headers[header::CONTENT_SECURITY_POLICY], "default-src 'none'; frame-ancestors 'none'");
    assert!(!page.headers.contains_key(header::STRICT_TRANSPORT_SECURITY));
    assert_eq!(page.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");

    let mut config = common::config();
    config.public_url = "https://mentoring.example.org".into();
    let https = TestApp::with_config(pool, &config);
    let page = https.send(page_request()).await;
    assert_eq!(page.headers[header::STRICT_TRANSPORT_SECURITY], "max-age=31536000; includeSubDomains");
}

/// The page's policy names a nonce, allows no inline code otherwise, and every inline script of
/// the page carries that nonce. Returns the nonce.
fn assert_inline_scripts_carry_the_policy_nonce(page: &common::Reply, path: &str) -> String {
    let policy = page.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap().to_owned();
    assert!(!policy.contains("unsafe-inline"), "{path}: {policy}");
    let nonce = policy.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next()).expect("a nonce");
    assert!(nonce.len() >= 16, "{path}: {policy}");
    let inline_scripts: Vec<&str> = page
        .text
        .split("<script")
        .skip(1)
        .map(|tag| tag.split('>').next().unwrap())
        .filter(|attrs| !attrs.contains("src="))
        .collect();
    assert!(!inline_scripts.is_empty(), "{path}");
    assert!(
        inline_scripts.iter().all(|attrs| attrs.contains(&format!("nonce=\"{nonce}\""))),
        "{path}: {inline_scripts:?}"
    );
    nonce.to_owned()
}

/// The directory page and `GET /api/v1/mentors` fill one query struct and read the same words:
/// what one refuses, the other refuses too (an unknown sort, a page out of range), and what one
/// takes, the other takes.
#[sqlx::test(migrations = "../migrations")]
async fn the_page_and_the_api_read_a_search_alike(pool: PgPool) {
    let app = TestApp::new(pool);
    let (token, _) = app.register_named("grace@example.org", "Grace Hopper", "mentor").await;
    app.make_listed(&token).await;

    let api = app.call("GET", "/api/v1/mentors?sort=rating", None, None).await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.text);
    assert_eq!(api.body["total"], 1);
    let page = app.call("GET", "/mentors?sort=rating", None, None).await;
    assert!(page.text.contains("Grace Hopper"), "{}", page.text);

    let api = app.call("GET", "/api/v1/mentors?sort=Rating", None, None).await;
    assert_error(&api, StatusCode::BAD_REQUEST, "bad_request");
    assert!(api.body["error"]["message"].as_str().unwrap().contains("unknown variant `Rating`"), "{}", api.text);
    let page = app.call("GET", "/mentors?sort=Rating", None, None).await;
    assert!(
        page.text.contains("This page cannot show sort “Rating”. It knows match, rating, newest, name."),
        "{}",
        page.text
    );
    // The way out of a URL the page cannot show is the whole list.
    assert!(
        page.text.contains(r#"<a href="/mentors" class="button button-secondary">Show all mentors"#),
        "{}",
        page.text
    );
    assert!(!page.text.contains("Grace Hopper"), "an unknown sort is not quietly read as another");

    let api = app.call("GET", "/api/v1/mentors?page=0", None, None).await;
    assert_error(&api, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    let page = app.call("GET", "/mentors?page=0", None, None).await;
    assert!(page.text.contains("Pages are numbered from 1"), "{}", page.text);
    assert!(page.text.contains("Show all mentors"), "{}", page.text);
}

/// Files under /pkg: only content-hashed names (release builds) may be cached for good.
#[sqlx::test(migrations = "../migrations")]
async fn bundle_files_without_a_hash_are_revalidated(pool: PgPool) {
    let site = tempfile_site();
    let mut config = common::config();
    config.site_root = site.to_string_lossy().into_owned();
    let app = TestApp::with_config(pool, &config);
    let reply = app.call("GET", "/pkg/mentorship.css", None, None).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.headers[header::CACHE_CONTROL], "no-cache");
    let hashed = app.call("GET", "/pkg/mentorship.AbCdEfGhIjKlMnOpQrSt_-.css", None, None).await;
    assert_eq!(hashed.status, StatusCode::OK);
    assert_eq!(hashed.headers[header::CACHE_CONTROL], "public, max-age=31536000, immutable");
    let missing = app.call("GET", "/pkg/nothing.AbCdEfGhIjKlMnOpQrSt_-.css", None, None).await;
    assert!(
        !missing.headers.contains_key(header::CACHE_CONTROL)
            || missing.headers[header::CACHE_CONTROL] != "public, max-age=31536000, immutable"
    );
}

/// A site root with a stylesheet under a plain and a hashed name.
fn tempfile_site() -> std::path::PathBuf {
    let root = std::env::temp_dir().join(format!("mentorship-site-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(root.join("pkg")).unwrap();
    std::fs::write(root.join("pkg/mentorship.css"), "body {}").unwrap();
    std::fs::write(root.join("pkg/mentorship.AbCdEfGhIjKlMnOpQrSt_-.css"), "body {}").unwrap();
    root
}

/// The browser sends a list's default query (nothing filtered, first page) as an empty form:
/// the list's server functions must read that as the defaults, not refuse it.
#[sqlx::test(migrations = "../migrations")]
async fn list_server_functions_take_an_empty_form_as_the_defaults(pool: PgPool) {
    let app = TestApp::new(pool);
    for endpoint in ["/api/requests/mine", "/api/sessions/mine"] {
        let request = Request::builder()
            .method("POST")
            .uri(endpoint)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::empty())
            .unwrap();
        let reply = app.send(request).await;
        // Read as "the defaults, for nobody signed in": the arguments were understood.
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{endpoint}: {}", reply.text);
    }
}

/// Every timestamp the app writes comes from the application clock, not the database's: moved
/// a year ahead, the clock dates a new account, its request and the mentor's notification.
#[sqlx::test(migrations = "../migrations")]
async fn what_the_app_writes_is_dated_by_its_clock(pool: PgPool) {
    let app = TestApp::new(pool);
    app.clock.set_offset(chrono::Duration::days(365));
    let expected = app.clock.now();
    let near = |value: &serde_json::Value| {
        let at: chrono::DateTime<chrono::Utc> = value.as_str().unwrap().parse().unwrap();
        (at - expected).num_seconds().abs() < 60
    };
    let (mentee_token, mentee) = app.register("ada@example.org", "mentee").await;
    let (mentor_token, mentor) = app.register("grace@example.org", "mentor").await;
    assert!(near(&mentee["created_at"]), "{mentee}");
    let sent = app
        .call(
            "POST",
            "/api/v1/requests",
            Some(&mentee_token),
            Some(json!({"mentor_id": mentor["id"], "message": "Hello!"})),
        )
        .await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.text);
    assert!(near(&sent.body["created_at"]), "{}", sent.text);
    let notifications = app.call("GET", "/api/v1/notifications", Some(&mentor_token), None).await;
    assert!(near(&notifications.body["items"][0]["created_at"]), "{}", notifications.text);
}

/// The islands a page's HTML asks the browser to hydrate (`<leptos-island data-component=…>`),
/// by component name without the hash the macro appends.
fn islands_of(html: &str) -> Vec<String> {
    html.split("<leptos-island data-component=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|name| name.rsplit_once('_').map_or(name, |(component, _hash)| component).to_owned())
        .collect()
}

#[sqlx::test(migrations = "../migrations")]
async fn a_visitor_page_asks_only_for_the_islands_it_shows(pool: PgPool) {
    let app = TestApp::new(pool);
    let (_, mentor) = app.register_named("ada@example.org", "Ada Lovelace", "mentor").await;
    let mentor_page = format!("/mentors/{}", mentor["id"].as_str().unwrap());
    let page = |path: String| Request::get(path).header(header::ACCEPT, "text/html").body(Body::empty()).unwrap();
    // Read-only pages: nothing but the marker that says hydration is done, so a first visit
    // fetches the runtime and no page code.
    for path in ["/".to_owned(), "/mentors".to_owned(), mentor_page] {
        let reply = app.send(page(path.clone())).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        assert_eq!(islands_of(&reply.text), ["HydratedMarker"], "{path}");
    }
    // A form page: its form, then the marker (islands hydrate in document order).
    let login = app.send(page("/login".to_owned())).await;
    assert_eq!(islands_of(&login.text), ["LoginForm", "HydratedMarker"]);
}

/// A plain form post (no JavaScript: a list button, or a form before its island woke up) goes
/// back to its page with the page's query kept — filters, `next` — and the refusal in `?error=`;
/// a later success goes back without that stale `?error=`.
#[sqlx::test(migrations = "../migrations")]
async fn a_plain_form_post_returns_to_its_page_with_the_query_kept(pool: PgPool) {
    let app = TestApp::new(pool);
    let (token, _) = app.register("grace@example.org", "mentor").await;
    let plain_post = |body: &str| {
        Request::post("/api/notifications/read")
            .header(header::HOST, "localhost")
            .header(header::ACCEPT, "text/html,application/xhtml+xml")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::REFERER, "http://localhost/notifications?page=2&error=Earlier%20trouble")
            .header(header::COOKIE, format!("mp_session={token}"))
            .body(Body::from(body.to_owned()))
            .unwrap()
    };
    let refused = app.send(plain_post("id=not-an-id")).await;
    assert!(refused.status.is_redirection(), "{}: {}", refused.status, refused.text);
    let location = refused.headers[header::LOCATION].to_str().unwrap();
    assert!(location.starts_with("/notifications?page=2&error="), "{location}");
    assert!(location.contains("&error_sig="), "{location}");
    assert!(!location.contains("Earlier"), "{location}");
    // The page shows the refusal the server signed, and not one a link from elsewhere wrote.
    let page = |path: &str| {
        Request::get(path)
            .header(header::ACCEPT, "text/html")
            .header(header::COOKIE, format!("mp_session={token}"))
            .body(Body::empty())
            .unwrap()
    };
    let shown = app.send(page(location)).await;
    assert!(shown.text.contains("role=\"alert\""), "{}", shown.text);
    let message =
        shown.text.split("role=\"alert\"").nth(1).unwrap().split('>').nth(1).unwrap().split('<').next().unwrap();
    assert!(!message.is_empty());
    let forged_query = location.replacen("error=", "error=Call%20us%20now%20", 1);
    for forged in
        [forged_query.as_str(), "/notifications?error=Call%20us%20now", "/notifications?error=Hi&error_sig=00"]
    {
        let page = app.send(page(forged)).await;
        assert_eq!(page.status, StatusCode::OK, "{forged}");
        assert!(!page.text.contains("Call us now") && !page.text.contains(">Hi<"), "{forged}: {}", page.text);
    }

    let done = app.send(plain_post("")).await;
    assert!(done.status.is_redirection(), "{}: {}", done.status, done.text);
    assert_eq!(done.headers[header::LOCATION], "/notifications?page=2");
}

#[sqlx::test(migrations = "../migrations")]
async fn suggestions_explain_themselves_and_stay_dismissed(pool: PgPool) {
    server::demo::seed(&pool, false, chrono::Utc::now()).await.unwrap();
    let app = &TestApp::new(pool.clone());
    let (token, _) = app.register("new-mentee@example.org", "mentee").await;
    let profile = json!({"headline": "", "bio": "", "skills": [], "goals": ["rust", "career growth"], "timezone": "Europe/Berlin"});
    let saved = app.call("PUT", "/api/v1/me/profile", Some(&token), Some(profile)).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text);

    let list = || app.call("GET", "/api/v1/mentors/suggested", Some(&token), None);
    let first = list().await.body;
    let items = first.as_array().unwrap();
    assert!(!items.is_empty());
    let scores: Vec<i64> = items.iter().map(|s| s["score"].as_i64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "best first: {scores:?}");
    let top = &items[0];
    assert!(top["reasons"][0].as_str().unwrap().starts_with("Shares your goal"), "{top}");
    assert!(
        top["reason"].as_str().unwrap().contains("time-zone difference")
            || top["reason"].as_str().unwrap().contains("Same time zone")
    );

    let id = top["mentor"]["id"].as_str().unwrap();
    let dismissed = app.call("POST", &format!("/api/v1/mentors/suggested/{id}/dismiss"), Some(&token), None).await;
    assert_eq!(dismissed.status, StatusCode::NO_CONTENT, "{}", dismissed.text);
    let after = list().await.body;
    assert!(after.as_array().unwrap().iter().all(|s| s["mentor"]["id"] != id));
    let unknown = app
        .call("POST", &format!("/api/v1/mentors/suggested/{}/dismiss", uuid::Uuid::new_v4()), Some(&token), None)
        .await;
    assert_error(&unknown, StatusCode::NOT_FOUND, "not_found");
    let anonymous = app.call("POST", &format!("/api/v1/mentors/suggested/{id}/dismiss"), None, None).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}
