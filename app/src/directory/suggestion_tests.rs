//! "Suggested for you" on a real PostgreSQL: the score pinned on small fixtures, its reasons,
//! who is left out, and dismissing.

use chrono::Utc;

use super::*;
use crate::auth::User;
use crate::test_support::{monday, pair, person};

/// A listed mentor in `zone` with these skills, two places, Tuesday mornings 09–12.
async fn mentor(pool: &PgPool, name: &str, zone: &str, skills: &[&str]) -> User {
    let user = person(pool, name, "mentor", zone).await;
    let skills: Vec<String> = skills.iter().map(|s| s.to_string()).collect();
    sqlx::query!(
        "UPDATE profiles SET headline = 'Mentor', skills = $2, max_mentees = 2 WHERE user_id = $1",
        user.id,
        &skills
    )
    .execute(pool)
    .await
    .unwrap();
    super::tests::weekly_hours(pool, name).await;
    user
}

async fn mentee(pool: &PgPool, goals: &[&str], skills: &[&str]) -> User {
    let user = person(pool, "Ada", "mentee", "Europe/Berlin").await;
    let goals: Vec<String> = goals.iter().map(|s| s.to_string()).collect();
    let skills: Vec<String> = skills.iter().map(|s| s.to_string()).collect();
    sqlx::query!("UPDATE profiles SET goals = $2, skills = $3 WHERE user_id = $1", user.id, &goals, &skills)
        .execute(pool)
        .await
        .unwrap();
    user
}

/// No open hours in the week of `monday()`: a day off on its only weekday.
async fn away_this_week(pool: &PgPool, mentor: &User) {
    sqlx::query!("INSERT INTO availability_days_off (mentor_id, day) VALUES ($1, '2030-06-04')", mentor.id)
        .execute(pool)
        .await
        .unwrap();
}

async fn names(pool: &PgPool, who: &User) -> Vec<String> {
    suggested(pool, who, monday()).await.unwrap().into_iter().map(|s| s.mentor.name).collect()
}

#[sqlx::test(migrations = "../migrations")]
async fn the_score_and_its_reasons(pool: PgPool) {
    let ada = mentee(&pool, &["rust", "system design", "career growth"], &["python"]).await;
    mentor(&pool, "Both", "UTC", &["rust", "system design", "python"]).await;
    let one = mentor(&pool, "One", "Asia/Tokyo", &["career growth", "go"]).await;
    super::tests::set_rating(&pool, one.id, 10, 48).await;
    away_this_week(&pool, &one).await;
    mentor(&pool, "None", "UTC", &["ux design"]).await;
    let full = mentor(&pool, "Full", "UTC", &["rust"]).await;
    for _ in 0..2 {
        pair(&pool, &full, &person(&pool, "Someone", "mentee", "UTC").await).await;
    }

    let found = suggested(&pool, &ada, monday()).await.unwrap();
    let scores: Vec<(&str, i32)> = found.iter().map(|s| (s.mentor.name.as_str(), s.score)).collect();
    // Both: 2 goals × 30 + 1 shared skill × 10 + (20 − 2 × 2 h) + 10 open hours + 2 places × 3
    //       + unrated (damped 3.5) 5 = 107.
    // One:  1 goal × 30 + (20 − 2 × 7 h) + 2 places × 3 + damped (48 + 7) / 12 = 4.58 → 16 = 58.
    assert_eq!(scores, [("Both", 107), ("One", 58)]);
    assert_eq!(
        found[0].reasons,
        [
            "Shares your goals rust and system design",
            "Also knows python",
            "2 h time-zone difference",
            "Free this week",
            "2 free places"
        ]
    );
    assert_eq!(found[0].reason, found[0].reasons.join("; "));
    assert_eq!(found[0].matched, ["rust", "system design"]);
    assert_eq!(
        found[1].reasons,
        ["Shares your goal career growth", "7 h time-zone difference", "2 free places", "Rated 4.8 (10 ratings)"]
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn requested_and_dismissed_mentors_are_left_out(pool: PgPool) {
    let ada = mentee(&pool, &["rust"], &[]).await;
    let both = mentor(&pool, "Both", "UTC", &["rust"]).await;
    let one = mentor(&pool, "One", "UTC", &["rust"]).await;
    mentor(&pool, "Two", "UTC", &["rust"]).await;
    assert_eq!(names(&pool, &ada).await.len(), 3);

    crate::requests::service::send(&pool, &ada, both.id, "hello", Utc::now()).await.unwrap();
    dismiss_suggestion(&pool, &ada, one.id, monday()).await.unwrap();
    // Dismissing twice is fine, and it stays dismissed.
    dismiss_suggestion(&pool, &ada, one.id, monday()).await.unwrap();
    assert_eq!(names(&pool, &ada).await, ["Two"]);

    assert_eq!(dismiss_suggestion(&pool, &ada, uuid::Uuid::new_v4(), monday()).await.unwrap_err().status_code(), 404);
    assert_eq!(dismiss_suggestion(&pool, &ada, ada.id, monday()).await.unwrap_err().status_code(), 404);
    assert_eq!(suggested(&pool, &both, monday()).await.unwrap_err().status_code(), 403);
    assert_eq!(dismiss_suggestion(&pool, &both, one.id, monday()).await.unwrap_err().status_code(), 403);
}

#[sqlx::test(migrations = "../migrations")]
async fn open_hours_can_lift_a_mentor_into_the_list(pool: PgPool) {
    // Seven mentors equal but for open hours: only the last has them, and their 10 points put
    // them first, although the calendar is only looked at for mentors who could make the list.
    let ada = mentee(&pool, &["rust"], &[]).await;
    for i in 0..6 {
        let busy = mentor(&pool, &format!("Away {i}"), "UTC", &["rust"]).await;
        away_this_week(&pool, &busy).await;
    }
    mentor(&pool, "Open", "UTC", &["rust"]).await;
    let found = names(&pool, &ada).await;
    assert_eq!(found.len(), SUGGESTION_COUNT as usize);
    assert_eq!(found[0], "Open");
}

#[sqlx::test(migrations = "../migrations")]
async fn equal_goals_are_ranked_by_rating(pool: PgPool) {
    let ada = mentee(&pool, &["rust"], &[]).await;
    mentor(&pool, "Unrated", "UTC", &["rust"]).await;
    let good = mentor(&pool, "Good", "UTC", &["rust"]).await;
    let fair = mentor(&pool, "Fair", "UTC", &["rust"]).await;
    super::tests::set_rating(&pool, good.id, 10, 48).await;
    super::tests::set_rating(&pool, fair.id, 10, 30).await;
    assert_eq!(names(&pool, &ada).await, ["Good", "Unrated", "Fair"]);
}
