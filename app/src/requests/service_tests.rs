//! Request and mentorship rules on a real PostgreSQL, including the concurrent cases.

use super::*;
use crate::auth::service::{NewAccount, register};
use crate::profiles::{ProfileInput, service as profiles};

async fn person(pool: &PgPool, email: &str, role: &str) -> User {
    register(
        pool,
        NewAccount {
            email: email.into(),
            password: "a long enough passphrase".into(),
            name: email.split('@').next().unwrap().into(),
            role: role.into(),
            timezone: None,
        },
        chrono::Utc::now(),
    )
    .await
    .unwrap()
}

async fn set_capacity(pool: &PgPool, mentor: &User, accepting: bool, max: i32) {
    profiles::update_own_profile(
        pool,
        mentor,
        ProfileInput {
            headline: String::new(),
            bio: String::new(),
            skills: vec![],
            goals: vec![],
            timezone: "UTC".into(),
            accepting_mentees: Some(accepting),
            max_mentees: Some(max),
            meeting_place: None,
        },
        chrono::Utc::now(),
    )
    .await
    .unwrap();
}

#[sqlx::test(migrations = "../migrations")]
async fn a_mentee_sends_and_the_mentor_accepts(pool: PgPool) {
    let mentee = person(&pool, "ada@example.org", "mentee").await;
    let mentor = person(&pool, "grace@example.org", "mentor").await;
    let request = send(&pool, &mentee, mentor.id, "  Could you help me with compilers?  ", Utc::now()).await.unwrap();
    assert_eq!(request.status, RequestStatus::Pending);
    assert_eq!(request.message, "Could you help me with compilers?");
    assert_eq!(request.mentor_name, "grace");

    let (accepted, mentorship) = accept(&pool, &mentor, request.id, Utc::now()).await.unwrap();
    assert_eq!(accepted.status, RequestStatus::Accepted);
    assert!(accepted.decided_at.is_some());
    assert_eq!((mentorship.mentor_id, mentorship.mentee_id), (mentor.id, mentee.id));
    assert_eq!(mentorships(&pool, &mentee).await.unwrap().len(), 1);
    assert_eq!(mentorships(&pool, &mentor).await.unwrap().len(), 1);
}

#[sqlx::test(migrations = "../migrations")]
async fn nobody_sends_a_request_to_themself(pool: PgPool) {
    let mentee = person(&pool, "ada@example.org", "mentee").await;
    let err = send(&pool, &mentee, mentee.id, "Me, please", Utc::now()).await.unwrap_err();
    assert_eq!(err.status_code(), 422);
    assert!(err.field("mentor_id").is_some());

    let mentor = person(&pool, "grace@example.org", "mentor").await;
    assert_eq!(send(&pool, &mentor, mentor.id, "Me, please", Utc::now()).await.unwrap_err().status_code(), 403);

    // The database refuses it too, whatever the service does.
    let direct = sqlx::query!(
        "INSERT INTO mentorship_requests (mentee_id, mentor_id, message, created_at) VALUES ($1, $1, 'x', $2)",
        mentor.id,
        Utc::now(),
    )
    .execute(&pool)
    .await
    .unwrap_err();
    assert!(matches!(&direct, sqlx::Error::Database(db) if db.constraint() == Some("requests_not_to_self")));
}

#[sqlx::test(migrations = "../migrations")]
async fn mentors_cannot_send_requests_at_all(pool: PgPool) {
    let mentor = person(&pool, "grace@example.org", "mentor").await;
    let other = person(&pool, "alan@example.org", "mentor").await;
    let err = send(&pool, &mentor, other.id, "Let us pair", Utc::now()).await.unwrap_err();
    assert_eq!(err.status_code(), 403);
}

#[sqlx::test(migrations = "../migrations")]
async fn requests_need_a_message_and_a_real_mentor(pool: PgPool) {
    let mentee = person(&pool, "ada@example.org", "mentee").await;
    let other_mentee = person(&pool, "bob@example.org", "mentee").await;
    let mentor = person(&pool, "grace@example.org", "mentor").await;
    assert_eq!(send(&pool, &mentee, mentor.id, "   ", Utc::now()).await.unwrap_err().status_code(), 422);
    let long = "x".repeat(crate::requests::MESSAGE_MAX + 1);
    assert_eq!(send(&pool, &mentee, mentor.id, &long, Utc::now()).await.unwrap_err().status_code(), 422);
    assert_eq!(send(&pool, &mentee, other_mentee.id, "hi", Utc::now()).await.unwrap_err().status_code(), 404);
    assert_eq!(send(&pool, &mentee, Uuid::new_v4(), "hi", Utc::now()).await.unwrap_err().status_code(), 404);
}

#[sqlx::test(migrations = "../migrations")]
async fn only_the_addressed_mentor_decides(pool: PgPool) {
    let mentee = person(&pool, "ada@example.org", "mentee").await;
    let mentor = person(&pool, "grace@example.org", "mentor").await;
    let stranger = person(&pool, "alan@example.org", "mentor").await;
    let request = send(&pool, &mentee, mentor.id, "hello", Utc::now()).await.unwrap();
    assert_eq!(accept(&pool, &stranger, request.id, Utc::now()).await.unwrap_err().status_code(), 404);
    assert_eq!(decline(&pool, &stranger, request.id, None, Utc::now()).await.unwrap_err().status_code(), 404);
    assert_eq!(accept(&pool, &mentee, request.id, Utc::now()).await.unwrap_err().status_code(), 404);
    assert_eq!(cancel(&pool, &mentor, request.id, Utc::now()).await.unwrap_err().status_code(), 404);
    assert_eq!(find(&pool, request.id).await.unwrap().status, RequestStatus::Pending);
}

#[sqlx::test(migrations = "../migrations")]
async fn one_open_request_per_pair(pool: PgPool) {
    let mentee = person(&pool, "ada@example.org", "mentee").await;
    let mentor = person(&pool, "grace@example.org", "mentor").await;
    let first = send(&pool, &mentee, mentor.id, "hello", Utc::now()).await.unwrap();
    assert_eq!(send(&pool, &mentee, mentor.id, "again", Utc::now()).await.unwrap_err().status_code(), 409);

    // Declined: the pair may try again.
    decline(&pool, &mentor, first.id, Some("Full this month"), Utc::now()).await.unwrap();
    let second = send(&pool, &mentee, mentor.id, "next month?", Utc::now()).await.unwrap();
    let (_, mentorship) = accept(&pool, &mentor, second.id, Utc::now()).await.unwrap();
    // Accepted and active: still one open request.
    assert_eq!(send(&pool, &mentee, mentor.id, "more", Utc::now()).await.unwrap_err().status_code(), 409);
    // Ended: a new request is possible again.
    end_mentorship(&pool, &mentee, mentorship.id, None, chrono::Utc::now()).await.unwrap();
    send(&pool, &mentee, mentor.id, "round two", Utc::now()).await.unwrap();
}

#[sqlx::test(migrations = "../migrations")]
async fn a_decided_request_cannot_be_decided_again(pool: PgPool) {
    let mentee = person(&pool, "ada@example.org", "mentee").await;
    let mentor = person(&pool, "grace@example.org", "mentor").await;
    let request = send(&pool, &mentee, mentor.id, "hello", Utc::now()).await.unwrap();
    let declined = decline(&pool, &mentor, request.id, Some("No room"), Utc::now()).await.unwrap();
    assert_eq!(declined.decision_reason.as_deref(), Some("No room"));
    assert_eq!(accept(&pool, &mentor, request.id, Utc::now()).await.unwrap_err().status_code(), 409);
    assert_eq!(decline(&pool, &mentor, request.id, None, Utc::now()).await.unwrap_err().status_code(), 409);
    assert_eq!(cancel(&pool, &mentee, request.id, Utc::now()).await.unwrap_err().status_code(), 409);

    let request = send(&pool, &mentee, mentor.id, "hello again", Utc::now()).await.unwrap();
    cancel(&pool, &mentee, request.id, Utc::now()).await.unwrap();
    assert_eq!(accept(&pool, &mentor, request.id, Utc::now()).await.unwrap_err().status_code(), 409);
}

#[sqlx::test(migrations = "../migrations")]
async fn a_full_or_closed_mentor_takes_no_more(pool: PgPool) {
    let ada = person(&pool, "ada@example.org", "mentee").await;
    let bob = person(&pool, "bob@example.org", "mentee").await;
    let mentor = person(&pool, "grace@example.org", "mentor").await;
    set_capacity(&pool, &mentor, true, 1).await;
    let first = send(&pool, &ada, mentor.id, "hello", Utc::now()).await.unwrap();
    let second = send(&pool, &bob, mentor.id, "hello", Utc::now()).await.unwrap();
    accept(&pool, &mentor, first.id, Utc::now()).await.unwrap();
    assert_eq!(accept(&pool, &mentor, second.id, Utc::now()).await.unwrap_err().status_code(), 409);

    let carol = person(&pool, "carol@example.org", "mentee").await;
    assert_eq!(send(&pool, &carol, mentor.id, "hello", Utc::now()).await.unwrap_err().status_code(), 409);
    set_capacity(&pool, &mentor, false, 5).await;
    assert_eq!(send(&pool, &carol, mentor.id, "hello", Utc::now()).await.unwrap_err().status_code(), 409);
    assert_eq!(accept(&pool, &mentor, second.id, Utc::now()).await.unwrap_err().status_code(), 409);
}

#[sqlx::test(migrations = "../migrations")]
async fn twenty_simultaneous_sends_make_one_request(pool: PgPool) {
    let mentee = person(&pool, "ada@example.org", "mentee").await;
    let mentor = person(&pool, "grace@example.org", "mentor").await;
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let (pool, mentee) = (pool.clone(), mentee.clone());
            tokio::spawn(async move { send(&pool, &mentee, mentor.id, "hello", Utc::now()).await })
        })
        .collect();
    let mut created = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(_) => created += 1,
            Err(err) => assert_eq!(err.status_code(), 409, "{err:?}"),
        }
    }
    assert_eq!(created, 1);
    let rows =
        sqlx::query_scalar!(r#"SELECT count(*) AS "n!" FROM mentorship_requests"#).fetch_one(&pool).await.unwrap();
    assert_eq!(rows, 1);
}

#[sqlx::test(migrations = "../migrations")]
async fn simultaneous_accept_and_cancel_have_one_outcome(pool: PgPool) {
    let mentee = person(&pool, "ada@example.org", "mentee").await;
    let mentor = person(&pool, "grace@example.org", "mentor").await;
    for round in 0..5 {
        let request = send(&pool, &mentee, mentor.id, &format!("round {round}"), Utc::now()).await.unwrap();
        let accepting = {
            let (pool, mentor) = (pool.clone(), mentor.clone());
            tokio::spawn(async move { accept(&pool, &mentor, request.id, Utc::now()).await.map(|_| ()) })
        };
        let cancelling = {
            let (pool, mentee) = (pool.clone(), mentee.clone());
            tokio::spawn(async move { cancel(&pool, &mentee, request.id, Utc::now()).await.map(|_| ()) })
        };
        let (accepted, cancelled) = (accepting.await.unwrap(), cancelling.await.unwrap());
        assert!(accepted.is_ok() != cancelled.is_ok(), "exactly one must win: {accepted:?} {cancelled:?}");
        let status = find(&pool, request.id).await.unwrap().status;
        let mentorships =
            sqlx::query_scalar!(r#"SELECT count(*) AS "n!" FROM mentorships WHERE request_id = $1"#, request.id)
                .fetch_one(&pool)
                .await
                .unwrap();
        if accepted.is_ok() {
            assert_eq!((status, mentorships), (RequestStatus::Accepted, 1));
            let id = sqlx::query_scalar!("SELECT id FROM mentorships WHERE request_id = $1", request.id)
                .fetch_one(&pool)
                .await
                .unwrap();
            end_mentorship(&pool, &mentor, id, None, chrono::Utc::now()).await.unwrap();
        } else {
            assert_eq!((status, mentorships), (RequestStatus::Cancelled, 0));
        }
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn two_accepts_for_the_last_place_make_one_mentorship(pool: PgPool) {
    let mentor = person(&pool, "grace@example.org", "mentor").await;
    set_capacity(&pool, &mentor, true, 1).await;
    let ada = person(&pool, "ada@example.org", "mentee").await;
    let bob = person(&pool, "bob@example.org", "mentee").await;
    let first = send(&pool, &ada, mentor.id, "hello", Utc::now()).await.unwrap();
    let second = send(&pool, &bob, mentor.id, "hello", Utc::now()).await.unwrap();
    let tasks: Vec<_> = [first.id, second.id]
        .into_iter()
        .map(|id| {
            let (pool, mentor) = (pool.clone(), mentor.clone());
            tokio::spawn(async move { accept(&pool, &mentor, id, Utc::now()).await })
        })
        .collect();
    let mut won = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(_) => won += 1,
            Err(err) => assert_eq!(err.status_code(), 409),
        }
    }
    assert_eq!(won, 1);
    let active = sqlx::query_scalar!(r#"SELECT count(*) AS "n!" FROM mentorships WHERE ended_at IS NULL"#)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(active, 1);
}

#[sqlx::test(migrations = "../migrations")]
async fn lists_filter_by_status_and_count_each(pool: PgPool) {
    let mentor = person(&pool, "grace@example.org", "mentor").await;
    let mut mentees = Vec::new();
    for name in ["ada", "bob", "carol"] {
        mentees.push(person(&pool, &format!("{name}@example.org"), "mentee").await);
    }
    let a = send(&pool, &mentees[0], mentor.id, "a", Utc::now()).await.unwrap();
    let b = send(&pool, &mentees[1], mentor.id, "b", Utc::now()).await.unwrap();
    send(&pool, &mentees[2], mentor.id, "c", Utc::now()).await.unwrap();
    accept(&pool, &mentor, a.id, Utc::now()).await.unwrap();
    decline(&pool, &mentor, b.id, None, Utc::now()).await.unwrap();

    let all = PageRequest::new(None, None);
    let side = |direction, status| RequestListQuery { direction: Some(direction), status };
    let inbox = list(&pool, &mentor, side(Direction::Incoming, None), all).await.unwrap();
    assert_eq!(inbox.page.total, 3);
    let counts = inbox.counts;
    assert_eq!((counts.pending, counts.accepted, counts.declined, counts.cancelled), (1, 1, 1, 0));
    // Without a direction, a mentor sees the inbox.
    assert_eq!(list(&pool, &mentor, RequestListQuery::default(), all).await.unwrap().direction, Direction::Incoming);
    let pending =
        list(&pool, &mentor, side(Direction::Incoming, Some(RequestStatus::Pending)), all).await.unwrap().page;
    assert_eq!(pending.items.len(), 1);
    assert_eq!(pending.items[0].mentee_name, "carol");
    let page =
        list(&pool, &mentor, side(Direction::Incoming, None), PageRequest::new(Some(2), Some(2))).await.unwrap().page;
    assert_eq!((page.items.len(), page.total), (1, 3));
    let outbox = list(&pool, &mentees[0], RequestListQuery::default(), all).await.unwrap();
    assert_eq!((outbox.direction, outbox.page.items.len()), (Direction::Outgoing, 1));
    let nothing = list(&pool, &mentees[0], side(Direction::Incoming, None), all).await.unwrap().page;
    assert!(nothing.items.is_empty());
}

#[sqlx::test(migrations = "../migrations")]
async fn either_side_ends_a_mentorship_once(pool: PgPool) {
    let mentee = person(&pool, "ada@example.org", "mentee").await;
    let mentor = person(&pool, "grace@example.org", "mentor").await;
    let stranger = person(&pool, "bob@example.org", "mentee").await;
    let request = send(&pool, &mentee, mentor.id, "hello", Utc::now()).await.unwrap();
    let (_, mentorship) = accept(&pool, &mentor, request.id, Utc::now()).await.unwrap();
    assert_eq!(
        end_mentorship(&pool, &stranger, mentorship.id, None, chrono::Utc::now()).await.unwrap_err().status_code(),
        404
    );
    let ended = end_mentorship(&pool, &mentor, mentorship.id, None, chrono::Utc::now()).await.unwrap();
    assert!(ended.ended_at.is_some());
    assert_eq!(
        end_mentorship(&pool, &mentee, mentorship.id, None, chrono::Utc::now()).await.unwrap_err().status_code(),
        409
    );
    // History is kept.
    assert_eq!(find(&pool, request.id).await.unwrap().status, RequestStatus::Accepted);
    assert_eq!(mentorships(&pool, &mentee).await.unwrap().len(), 1);
}

#[sqlx::test(migrations = "../migrations")]
async fn a_deactivated_mentee_cannot_be_accepted(pool: PgPool) {
    let mentee = person(&pool, "ada@example.org", "mentee").await;
    let mentor = person(&pool, "grace@example.org", "mentor").await;
    let request = send(&pool, &mentee, mentor.id, "hello", Utc::now()).await.unwrap();
    crate::auth::service::set_active(&pool, mentee.id, false, chrono::Utc::now()).await.unwrap();
    assert_eq!(accept(&pool, &mentor, request.id, Utc::now()).await.unwrap_err().status_code(), 409);
    let active = sqlx::query_scalar!(r#"SELECT count(*) AS "n!" FROM mentorships"#).fetch_one(&pool).await.unwrap();
    assert_eq!(active, 0);
}

#[sqlx::test(migrations = "../migrations")]
async fn deciding_a_request_marks_its_notice_read(pool: PgPool) {
    use crate::notifications::service::{list, unread_count};
    let mentor = person(&pool, "grace@example.org", "mentor").await;
    let first = person(&pool, "ada@example.org", "mentee").await;
    let second = person(&pool, "alan@example.org", "mentee").await;
    let a = send(&pool, &first, mentor.id, "Could you help me?", Utc::now()).await.unwrap();
    let b = send(&pool, &second, mentor.id, "And me?", Utc::now()).await.unwrap();
    assert_eq!(unread_count(&pool, &mentor).await.unwrap(), 2);

    accept(&pool, &mentor, a.id, Utc::now()).await.unwrap();
    assert_eq!(unread_count(&pool, &mentor).await.unwrap(), 1, "only the decided request's notice is read");
    decline(&pool, &mentor, b.id, Some("Full this term"), Utc::now()).await.unwrap();
    assert_eq!(unread_count(&pool, &mentor).await.unwrap(), 0);
    let page = crate::pagination::PageRequest::new(None, None);
    assert!(list(&pool, &mentor, page).await.unwrap().page.items.iter().all(|n| n.read_at.is_some()));
    // The mentees' own notices about the decisions are new to them.
    assert_eq!(unread_count(&pool, &first).await.unwrap(), 1);
    assert_eq!(unread_count(&pool, &second).await.unwrap(), 1);
}
