//! Reading and updating profiles; the public view of a mentor.

use std::str::FromStr;

use chrono::{DateTime, Offset, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use super::{MenteeProfile, MentorPublic, MyProfile, Profile, ProfileInput, SharedHours, validate};
use crate::auth::{Role, User};
use crate::error::AppError;

pub async fn own_profile(pool: &PgPool, user: &User) -> Result<MyProfile, AppError> {
    let profile = sqlx::query_as!(
        Profile,
        "SELECT user_id, headline, bio, skills, goals, timezone, accepting_mentees, max_mentees, meeting_place, updated_at
         FROM profiles WHERE user_id = $1",
        user.id,
    )
    .fetch_optional(pool)
    .await?
    .ok_or_else(|| AppError::not_found("This account has no profile."))?;
    Ok(MyProfile { user: user.clone(), profile })
}

/// Saves the user's own profile; `now` (the app clock) becomes its `updated_at`.
pub async fn update_own_profile(
    pool: &PgPool,
    user: &User,
    input: ProfileInput,
    now: DateTime<Utc>,
) -> Result<MyProfile, AppError> {
    let clean = validate::profile(input, user.role)?;
    // Mentor-only settings left out of the update keep their stored value (COALESCE).
    let profile = sqlx::query_as!(
        Profile,
        "UPDATE profiles SET
            headline = $2, bio = $3, skills = $4, goals = $5, timezone = $6,
            accepting_mentees = COALESCE($7, accepting_mentees),
            max_mentees = COALESCE($8, max_mentees),
            meeting_place = COALESCE($10, meeting_place),
            updated_at = $9
         WHERE user_id = $1
         RETURNING user_id, headline, bio, skills, goals, timezone, accepting_mentees, max_mentees, meeting_place,
                   updated_at",
        user.id,
        clean.headline.as_str(),
        clean.bio.as_str(),
        &clean.skills,
        &clean.goals,
        clean.timezone,
        clean.accepting_mentees,
        clean.max_mentees,
        now,
        clean.meeting_place.as_ref().map(super::MeetingPlace::as_str),
    )
    .fetch_optional(pool)
    .await?
    .ok_or_else(|| AppError::not_found("This account has no profile."))?;
    Ok(MyProfile { user: user.clone(), profile })
}

/// A mentor's public profile, with their zone's offset from UTC at `now` (the app clock).
/// Unknown ids, non-mentors and deactivated accounts are all 404: the page should not reveal
/// which of those it was.
pub async fn public_mentor(pool: &PgPool, mentor_id: Uuid, now: DateTime<Utc>) -> Result<MentorPublic, AppError> {
    let row = sqlx::query!(
        r#"SELECT u.id, u.name, p.headline, p.bio, p.skills, p.timezone,
                  p.accepting_mentees, p.max_mentees, u.created_at AS member_since,
                  rating_average(p.rating_sum, p.rating_count) AS "rating_average?", p.rating_count
           FROM users u JOIN profiles p ON p.user_id = u.id
           WHERE u.id = $1 AND u.role = $2 AND u.active"#,
        mentor_id,
        Role::Mentor as Role,
    )
    .fetch_optional(pool)
    .await?
    .ok_or_else(|| AppError::not_found("There is no mentor with this address."))?;
    Ok(MentorPublic {
        id: row.id,
        name: row.name,
        headline: row.headline,
        bio: row.bio,
        skills: row.skills,
        utc_offset: current_utc_offset(&row.timezone, now),
        timezone: row.timezone,
        accepting_mentees: row.accepting_mentees,
        max_mentees: row.max_mentees,
        member_since: row.member_since,
        rating_average: row.rating_average,
        rating_count: row.rating_count,
    })
}

/// A mentee's profile for `viewer`: the mentee themself, an admin, or a mentor this mentee has
/// asked (a request in any state). Everyone else — and ids of non-mentees — get the same 404, so
/// the page reveals nothing about who is a member. A mentor also sees which of their weekly hours
/// in the next seven days fall in the mentee's day.
pub async fn mentee_for(
    pool: &PgPool,
    viewer: &User,
    mentee_id: Uuid,
    now: DateTime<Utc>,
) -> Result<MenteeProfile, AppError> {
    let row = sqlx::query!(
        r#"SELECT u.id, u.name, p.headline, p.bio, p.skills, p.goals, p.timezone
           FROM users u JOIN profiles p ON p.user_id = u.id
           WHERE u.id = $1 AND u.role = 'mentee'
             AND ($2 = u.id OR $3 OR EXISTS (
                   SELECT 1 FROM mentorship_requests r WHERE r.mentee_id = u.id AND r.mentor_id = $2))"#,
        mentee_id,
        viewer.id,
        viewer.role == Role::Admin,
    )
    .fetch_optional(pool)
    .await?
    .ok_or_else(|| AppError::not_found("There is no mentee here you can see."))?;
    let their_zone = crate::time_display::zone(&row.timezone);
    let (time_difference, shared_hours, viewer_has_hours) = if viewer.id == row.id {
        (None, Vec::new(), false)
    } else {
        let my_zone = crate::time_display::zone(&timezone_of(pool, viewer.id).await?);
        let difference = crate::time_display::time_difference(my_zone, their_zone, now);
        if viewer.role == Role::Mentor {
            let schedule = crate::availability::service::load(pool, viewer.id).await?;
            let today = now.with_timezone(&schedule.timezone).date_naive();
            let spans = crate::availability::overlap::hours_in_their_day(
                schedule.timezone,
                &schedule.blocks,
                their_zone,
                today,
            );
            let shared = spans
                .into_iter()
                .map(|(starts_at, ends_at)| SharedHours {
                    starts_at,
                    ends_at,
                    label: crate::time_display::span_label(starts_at, ends_at, my_zone),
                })
                .collect();
            (Some(difference), shared, !schedule.blocks.is_empty())
        } else {
            (Some(difference), Vec::new(), false)
        }
    };
    Ok(MenteeProfile {
        id: row.id,
        name: row.name,
        headline: row.headline,
        bio: row.bio,
        skills: row.skills,
        goals: row.goals,
        utc_offset: current_utc_offset(&row.timezone, now),
        timezone: row.timezone,
        time_difference,
        shared_hours,
        viewer_has_hours,
    })
}

/// The zone a page shows times in: a member's own (from their profile), else the browser's
/// (`browser`, from its cookie), else UTC.
pub async fn display_zone(pool: &PgPool, viewer: Option<&User>, browser: Option<String>) -> Result<String, AppError> {
    match viewer {
        Some(user) => timezone_of(pool, user.id).await,
        None => Ok(browser.unwrap_or_else(|| "UTC".to_owned())),
    }
}

/// The IANA zone a user chose on their profile, `UTC` for anyone without one.
/// Takes any executor, so code inside a transaction asks on that transaction's connection
/// instead of holding one connection while waiting for another.
pub async fn timezone_of<'e>(executor: impl sqlx::PgExecutor<'e>, user_id: Uuid) -> Result<String, AppError> {
    let zone = sqlx::query_scalar!("SELECT timezone FROM profiles WHERE user_id = $1", user_id)
        .fetch_optional(executor)
        .await?;
    Ok(zone.unwrap_or_else(|| "UTC".to_owned()))
}

/// `UTC+05:30`-style offset of a time zone at `now` (stored zones are always valid).
pub fn current_utc_offset(timezone: &str, now: DateTime<Utc>) -> String {
    let Ok(tz) = chrono_tz::Tz::from_str(timezone) else {
        return String::new();
    };
    let seconds = now.with_timezone(&tz).offset().fix().local_minus_utc();
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.abs() / 60;
    format!("UTC{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::service::{NewAccount, register};

    async fn user(pool: &PgPool, email: &str, role: &str) -> User {
        register(
            pool,
            NewAccount {
                email: email.into(),
                password: "a long enough passphrase".into(),
                name: "Grace Hopper".into(),
                role: role.into(),
                timezone: None,
            },
            Utc::now(),
        )
        .await
        .unwrap()
    }

    fn input() -> ProfileInput {
        ProfileInput {
            headline: "Compiler person".into(),
            bio: "Ask me about COBOL.".into(),
            skills: vec!["Compilers".into(), "Leadership".into()],
            goals: vec![],
            timezone: "America/New_York".into(),
            accepting_mentees: Some(false),
            max_mentees: Some(2),
            meeting_place: None,
        }
    }

    #[sqlx::test(migrations = "../migrations")]
    async fn a_mentor_updates_and_publishes_a_profile(pool: PgPool) {
        let mentor = user(&pool, "grace@example.org", "mentor").await;
        let saved = update_own_profile(&pool, &mentor, input(), Utc::now()).await.unwrap();
        assert_eq!(saved.profile.skills, vec!["compilers", "leadership"]);
        assert!(!saved.profile.accepting_mentees);
        assert_eq!(saved.profile.max_mentees, 2);

        let public = public_mentor(&pool, mentor.id, Utc::now()).await.unwrap();
        assert_eq!(public.headline, "Compiler person");
        assert!(public.utc_offset.starts_with("UTC-0"), "{}", public.utc_offset);

        // Leaving out the mentor-only settings keeps them.
        let mut partial = input();
        partial.accepting_mentees = None;
        partial.max_mentees = None;
        let saved = update_own_profile(&pool, &mentor, partial, Utc::now()).await.unwrap();
        assert_eq!(saved.profile.max_mentees, 2);
    }

    #[sqlx::test(migrations = "../migrations")]
    async fn invalid_profiles_are_refused_and_nothing_changes(pool: PgPool) {
        let mentor = user(&pool, "grace@example.org", "mentor").await;
        let mut bad = input();
        bad.timezone = "Europe/Atlantis".into();
        bad.bio = "x".repeat(super::super::BIO_MAX + 1);
        let err = update_own_profile(&pool, &mentor, bad, Utc::now()).await.unwrap_err();
        assert_eq!(err.status_code(), 422);
        assert!(err.field("timezone").is_some() && err.field("bio").is_some());
        let stored = own_profile(&pool, &mentor).await.unwrap();
        assert_eq!(stored.profile.timezone, "UTC");
    }

    #[sqlx::test(migrations = "../migrations")]
    async fn only_active_mentors_have_a_public_page(pool: PgPool) {
        let mentee = user(&pool, "ada@example.org", "mentee").await;
        assert_eq!(public_mentor(&pool, mentee.id, Utc::now()).await.unwrap_err().status_code(), 404);
        let mentor = user(&pool, "grace@example.org", "mentor").await;
        crate::auth::service::set_active(&pool, mentor.id, false, Utc::now()).await.unwrap();
        assert_eq!(public_mentor(&pool, mentor.id, Utc::now()).await.unwrap_err().status_code(), 404);
        assert_eq!(public_mentor(&pool, Uuid::new_v4(), Utc::now()).await.unwrap_err().status_code(), 404);
    }

    #[sqlx::test(migrations = "../migrations")]
    async fn a_mentee_profile_is_for_the_mentors_they_asked_and_shows_shared_hours(pool: PgPool) {
        use crate::test_support::{every_day, pair, person, utc};
        let mentor = person(&pool, "Grace", "mentor", "America/New_York").await;
        let stranger = person(&pool, "Barbara", "mentor", "UTC").await;
        let mentee = person(&pool, "Ada", "mentee", "Europe/London").await;
        let root = person(&pool, "Root", "admin", "UTC").await;
        pair(&pool, &mentor, &mentee).await;
        let now = utc(2026, 11, 30, 12, 0); // a Monday

        // Before the mentor keeps weekly hours, the page says so instead of an empty list.
        let seen = mentee_for(&pool, &mentor, mentee.id, now).await.unwrap();
        assert_eq!((seen.name.as_str(), seen.utc_offset.as_str()), ("Ada", "UTC+00:00"));
        assert_eq!(seen.time_difference.as_deref(), Some("5 h ahead of you"));
        assert!(seen.shared_hours.is_empty() && !seen.viewer_has_hours);

        // 09:00–17:00 New York is 14:00–22:00 London: 09:00–15:00 of it is in Ada's day.
        every_day(&pool, &mentor, "09:00", "17:00").await;
        let seen = mentee_for(&pool, &mentor, mentee.id, now).await.unwrap();
        assert_eq!(seen.shared_hours.len(), 7);
        assert_eq!(seen.shared_hours[0].label, "Mon 30 Nov 2026, 09:00–15:00 EST");
        assert_eq!(seen.shared_hours[0].starts_at, utc(2026, 11, 30, 14, 0));

        // The mentee and admins see it; another mentor and a non-mentee id are "not found".
        assert!(mentee_for(&pool, &mentee, mentee.id, now).await.unwrap().time_difference.is_none());
        assert!(mentee_for(&pool, &root, mentee.id, now).await.unwrap().shared_hours.is_empty());
        assert_eq!(mentee_for(&pool, &stranger, mentee.id, now).await.unwrap_err().status_code(), 404);
        assert_eq!(mentee_for(&pool, &root, mentor.id, now).await.unwrap_err().status_code(), 404);
    }
}
