//! Rating sessions on a real PostgreSQL.

use super::*;
use crate::sessions::{NewSession, service as sessions};
use crate::test_support::{every_day, pair, person, utc};

async fn ended_session(pool: &PgPool) -> (User, User, Uuid, DateTime<Utc>) {
    let mentor = person(pool, "Grace", "mentor", "UTC").await;
    let mentee = person(pool, "Ada", "mentee", "UTC").await;
    pair(pool, &mentor, &mentee).await;
    every_day(pool, &mentor, "09:00", "17:00").await;
    let input = NewSession {
        mentor_id: mentor.id,
        starts_at: utc(2030, 6, 4, 9, 0),
        duration_minutes: 60,
        agenda: "Reviews".into(),
    };
    let session = sessions::book(pool, &mentee, &input, utc(2030, 6, 1, 0, 0)).await.unwrap();
    (mentor, mentee, session.id, session.ends_at)
}

fn rating(stars: i64, comment: &str) -> FeedbackInput {
    FeedbackInput { rating: stars, comment: comment.into() }
}

#[sqlx::test(migrations = "../migrations")]
async fn the_mentee_rates_once_after_the_end(pool: PgPool) {
    let (mentor, mentee, session, ends_at) = ended_session(&pool).await;
    let stranger = person(&pool, "Eve", "mentee", "UTC").await;

    let early = submit(&pool, &mentee, session, &rating(5, ""), ends_at - chrono::Duration::minutes(1)).await;
    assert_eq!(early.unwrap_err().status_code(), 422);
    assert_eq!(submit(&pool, &stranger, session, &rating(5, ""), ends_at).await.unwrap_err().status_code(), 403);
    assert_eq!(submit(&pool, &mentor, session, &rating(5, ""), ends_at).await.unwrap_err().status_code(), 403);
    for stars in [0, 6, -1] {
        let err = submit(&pool, &mentee, session, &rating(stars, ""), ends_at).await.unwrap_err();
        assert_eq!(err.status_code(), 422);
        assert!(err.field("rating").is_some());
    }
    let saved = submit(&pool, &mentee, session, &rating(4, "  Very helpful  "), ends_at).await.unwrap();
    assert_eq!((saved.rating, saved.comment.as_str()), (4, "Very helpful"));
    let again = submit(&pool, &mentee, session, &rating(5, ""), ends_at).await.unwrap_err();
    assert_eq!(again.status_code(), 409);
    assert_eq!(again.to_string(), ALREADY_RATED);

    let shown = for_mentor(&pool, mentor.id, Some(&mentor), PageRequest::new(None, None)).await.unwrap();
    assert_eq!(shown.summary.average, Some(4.0));
    assert_eq!(shown.summary.distribution, vec![0, 0, 0, 1, 0]);
    assert_eq!(shown.comments.items[0].comment, "Very helpful");
    assert_eq!(shown.comments.items[0].mentee_name, "Ada");
    let rating = sqlx::query!("SELECT rating_count, rating_sum FROM profiles WHERE user_id = $1", mentor.id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!((rating.rating_count, rating.rating_sum), (1, 4));
}

#[sqlx::test(migrations = "../migrations")]
async fn concurrent_ratings_of_one_session_store_one(pool: PgPool) {
    let (_, mentee, session, ends_at) = ended_session(&pool).await;
    let attempts: Vec<_> = (1..=5)
        .map(|stars| {
            let (pool, mentee) = (pool.clone(), mentee.clone());
            tokio::spawn(async move { submit(&pool, &mentee, session, &rating(stars, ""), ends_at).await })
        })
        .collect();
    let mut ok = 0;
    for attempt in attempts {
        match attempt.await.unwrap() {
            Ok(_) => ok += 1,
            Err(err) => assert_eq!(err.status_code(), 409),
        }
    }
    assert_eq!(ok, 1);
}

#[sqlx::test(migrations = "../migrations")]
async fn cancelled_sessions_and_unknown_ids_cannot_be_rated(pool: PgPool) {
    let (_, mentee, session, ends_at) = ended_session(&pool).await;
    sessions::cancel(&pool, &mentee, session, "Clash", utc(2030, 6, 2, 0, 0)).await.unwrap();
    assert_eq!(submit(&pool, &mentee, session, &rating(3, ""), ends_at).await.unwrap_err().status_code(), 422);
    assert_eq!(submit(&pool, &mentee, Uuid::new_v4(), &rating(3, ""), ends_at).await.unwrap_err().status_code(), 404);
    assert_eq!(for_mentor(&pool, mentee.id, None, PageRequest::new(None, None)).await.unwrap_err().status_code(), 404);
}

#[sqlx::test(migrations = "../migrations")]
async fn averages_round_to_one_decimal(pool: PgPool) {
    // The summary's average is `rating_average` (migrations/0007), asked here with the sums
    // of the ratings 3, 4, 5 and 1, 5, 5.
    for (sum, count, expected) in [(12, 3, Some(4.0)), (11, 3, Some(3.7)), (0, 0, None)] {
        let average = sqlx::query_scalar!("SELECT rating_average($1, $2)", sum, count).fetch_one(&pool).await.unwrap();
        assert_eq!(average, expected);
    }
    let mentor = person(&pool, "Grace", "mentor", "UTC").await;
    let unrated = summary(&pool, mentor.id).await.unwrap();
    assert_eq!(unrated, RatingSummary { average: None, count: 0, distribution: vec![0; 5] });
}
