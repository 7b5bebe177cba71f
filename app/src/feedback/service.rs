//! Rating a session and reading a mentor's ratings.

use chrono::{DateTime, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use super::{COMMENT_MAX, Feedback, FeedbackComment, FeedbackInput, MentorFeedback, RatingSummary};
use crate::auth::User;
use crate::error::{AppError, FieldErrors, OnConstraint};
use crate::notifications::NotificationKind;
use crate::notifications::service::notify;
use crate::pagination::{Page, PageRequest};
use crate::sessions::SessionStatus;

pub const ALREADY_RATED: &str = "You have already rated this session.";

/// The session's mentee rates it once it has ended. Anyone else is refused before the input is
/// looked at. The primary key on `feedback.session_id` turns a second (or concurrent) rating
/// into a 409.
pub async fn submit(
    pool: &PgPool,
    user: &User,
    session_id: Uuid,
    input: &FeedbackInput,
    now: DateTime<Utc>,
) -> Result<Feedback, AppError> {
    let (mentor_id, mentee_id, status, ends_at): (Uuid, Uuid, SessionStatus, DateTime<Utc>) =
        sqlx::query_as("SELECT mentor_id, mentee_id, status, ends_at FROM sessions WHERE id = $1")
            .bind(session_id)
            .fetch_optional(pool)
            .await?
            .ok_or_else(|| AppError::not_found("There is no such session."))?;
    if mentee_id != user.id {
        return Err(AppError::forbidden("Only the session's mentee can rate it."));
    }
    let mut errors = FieldErrors::new();
    if !(1..=5).contains(&input.rating) {
        errors.insert("rating".into(), "Choose a rating from 1 to 5.".into());
    }
    let comment = input.comment.trim();
    if comment.chars().count() > COMMENT_MAX {
        errors.insert("comment".into(), format!("Keep the comment to {COMMENT_MAX} characters."));
    }
    if !errors.is_empty() {
        return Err(AppError::invalid_fields(errors));
    }
    if status == SessionStatus::Cancelled {
        return Err(AppError::invalid_field("rating", "A cancelled session cannot be rated."));
    }
    if now < ends_at {
        return Err(AppError::invalid_field("rating", "You can rate this session once it has ended."));
    }
    let mut tx = pool.begin().await?;
    let saved: Feedback = sqlx::query_as(
        "INSERT INTO feedback (session_id, mentor_id, mentee_id, rating, comment, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING session_id, mentor_id, mentee_id, rating, comment, created_at",
    )
    .bind(session_id)
    .bind(mentor_id)
    .bind(mentee_id)
    .bind(input.rating as i16)
    .bind(comment)
    .bind(now)
    .fetch_one(&mut *tx)
    .await
    .on_constraint("feedback_pkey", || AppError::conflict_on("rating", ALREADY_RATED))?;
    notify(
        &mut *tx,
        mentor_id,
        NotificationKind::FeedbackReceived,
        &format!("{} rated your session {}/5.", user.name, saved.rating),
        &format!("/mentors/{mentor_id}"),
    )
    .await?;
    tx.commit().await?;
    Ok(saved)
}

/// Average, count and distribution of an active mentor's ratings.
pub async fn summary(pool: &PgPool, mentor_id: Uuid) -> Result<RatingSummary, AppError> {
    Ok(summarise(distribution(pool, Some(mentor_id)).await?))
}

/// How many ratings of 1 … 5 stars one mentor received, or (`None`) the whole platform.
pub async fn distribution(pool: &PgPool, mentor_id: Option<Uuid>) -> Result<Vec<i64>, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT count(f.rating) FROM generate_series(1, 5) AS stars(rating)
         LEFT JOIN feedback f ON f.rating = stars.rating AND ($1::uuid IS NULL OR f.mentor_id = $1)
         GROUP BY stars.rating ORDER BY stars.rating",
    )
    .bind(mentor_id)
    .fetch_all(pool)
    .await?)
}

fn summarise(distribution: Vec<i64>) -> RatingSummary {
    let count: i64 = distribution.iter().sum();
    let total: i64 = distribution.iter().zip(1..).map(|(n, stars)| n * stars).sum();
    let average = (count > 0).then(|| (total as f64 / count as f64 * 10.0).round() / 10.0);
    RatingSummary { average, count, distribution }
}

/// The summary and a page of comments (ratings without a comment are counted, not listed).
pub async fn for_mentor(pool: &PgPool, mentor_id: Uuid, page: PageRequest) -> Result<MentorFeedback, AppError> {
    let is_mentor: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM users WHERE id = $1 AND role = 'mentor' AND active)")
            .bind(mentor_id)
            .fetch_one(pool)
            .await?;
    if !is_mentor {
        return Err(AppError::not_found("There is no mentor with this id."));
    }
    let summary = summary(pool, mentor_id).await?;
    let comments: Vec<FeedbackComment> = sqlx::query_as(
        "SELECT f.rating, f.comment, u.name AS mentee_name, f.created_at
         FROM feedback f JOIN users u ON u.id = f.mentee_id
         WHERE f.mentor_id = $1 AND f.comment <> ''
         ORDER BY f.created_at DESC, f.session_id LIMIT $2 OFFSET $3",
    )
    .bind(mentor_id)
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(pool)
    .await?;
    let total: i64 = sqlx::query_scalar("SELECT count(*) FROM feedback WHERE mentor_id = $1 AND comment <> ''")
        .bind(mentor_id)
        .fetch_one(pool)
        .await?;
    Ok(MentorFeedback { summary, comments: Page { items: comments, total, page: page.page, per_page: page.per_page } })
}

#[cfg(test)]
mod tests {
    use super::summarise;

    #[test]
    fn averages_round_to_one_decimal() {
        let summary = summarise(vec![0, 0, 1, 1, 1]);
        assert_eq!((summary.count, summary.average), (3, Some(4.0)));
        assert_eq!(summarise(vec![1, 0, 0, 0, 2]).average, Some(3.7));
        assert_eq!(summarise(vec![0; 5]).average, None);
    }
}

#[cfg(test)]
#[path = "service_tests.rs"]
mod db_tests;
