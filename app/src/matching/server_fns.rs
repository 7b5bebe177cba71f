//! Server functions behind the admins' matching-round pages (thin: authenticate, call
//! `rounds`). Each edit works on the round's stored pairs, so a plain form post does the same.

use leptos::prelude::*;

use super::{Published, Round, RoundSummary};
use crate::error::AppError;
use crate::pagination::{Page, PageParams};

#[cfg(feature = "ssr")]
use {
    super::{Exclusion, NewRound, rounds},
    crate::auth::web,
    crate::error::parse_id,
};

#[server(endpoint = "rounds/list")]
pub async fn load_rounds(paging: PageParams) -> Result<Page<RoundSummary>, AppError> {
    web::respond(
        async move {
            let (state, session) = web::require_session().await?;
            rounds::list(&state.pool, &session.user, paging.checked()?).await
        }
        .await,
    )
}

/// Opens a round with the usual members (mentees without a mentor who joined since
/// `joined_since`, listed mentors with a free place; with a `topic`, those who share it) and
/// goes to it.
#[server(endpoint = "rounds/open")]
pub async fn open_round(
    name: String,
    joined_since: String,
    #[server(default)] topic: Option<String>,
) -> Result<(), AppError> {
    web::respond(
        async move {
            let (state, session) = web::require_session().await?;
            let since = chrono::NaiveDate::parse_from_str(joined_since.trim(), "%Y-%m-%d")
                .map_err(|_| AppError::invalid_field("joined_since", "Choose a date."))?;
            let since = since.and_hms_opt(0, 0, 0).expect("midnight").and_utc();
            let topic = topic.map(|t| t.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase());
            let topic = topic.as_deref().filter(|t| !t.is_empty());
            let (mentee_ids, mentor_ids) = rounds::usual_members(&state.pool, &session.user, since, topic).await?;
            let input = NewRound { name, mentee_ids, mentor_ids };
            let round = rounds::create(&state.pool, &session.user, &input, state.clock.now()).await?;
            leptos_axum::redirect(&format!("/admin/rounds/{}", round.id));
            Ok(())
        }
        .await,
    )
}

#[server(endpoint = "rounds/get")]
pub async fn load_round(id: String) -> Result<Round, AppError> {
    web::respond(
        async move {
            let (state, session) = web::require_session().await?;
            rounds::get(&state.pool, &session.user, parse_id(&id, "matching round")?).await
        }
        .await,
    )
}

#[server(endpoint = "rounds/compute")]
pub async fn compute_round(id: String) -> Result<(), AppError> {
    web::respond(
        async move {
            let (state, session) = web::require_session().await?;
            rounds::compute(&state.pool, &session.user, parse_id(&id, "matching round")?, state.clock.now()).await?;
            Ok(())
        }
        .await,
    )
}

/// One edit of the pairs: `remove` a mentee's pair, or `swap` the mentors of two mentees.
#[server(endpoint = "rounds/edit")]
pub async fn edit_round_pairs(
    id: String,
    mentee: String,
    #[server(default)] swap_with: Option<String>,
) -> Result<(), AppError> {
    web::respond(
        async move {
            let (state, session) = web::require_session().await?;
            let round_id = parse_id(&id, "matching round")?;
            let mentee = parse_id(&mentee, "mentee")?;
            let round = rounds::get(&state.pool, &session.user, round_id).await?;
            let mut pairs: Vec<Exclusion> = round
                .assignment
                .pairs
                .iter()
                .map(|p| Exclusion { mentee_id: p.mentee_id, mentor_id: p.mentor_id })
                .collect();
            match swap_with.as_deref().filter(|other| !other.is_empty()) {
                None => pairs.retain(|p| p.mentee_id != mentee),
                Some(other) => {
                    let other = parse_id(other, "mentee")?;
                    let a = pairs.iter().position(|p| p.mentee_id == mentee);
                    let b = pairs.iter().position(|p| p.mentee_id == other);
                    let (Some(a), Some(b)) = (a, b) else {
                        return Err(AppError::invalid_field("swap_with", "Choose another mentee with a pair."));
                    };
                    let mentor_a = pairs[a].mentor_id;
                    pairs[a].mentor_id = pairs[b].mentor_id;
                    pairs[b].mentor_id = mentor_a;
                }
            }
            rounds::set_pairs(&state.pool, &session.user, round_id, &pairs, state.clock.now()).await?;
            Ok(())
        }
        .await,
    )
}

#[server(endpoint = "rounds/exclude")]
pub async fn exclude_round_pair(id: String, mentee: String, mentor: String) -> Result<(), AppError> {
    web::respond(
        async move {
            let (state, session) = web::require_session().await?;
            let rule = Exclusion { mentee_id: parse_id(&mentee, "mentee")?, mentor_id: parse_id(&mentor, "mentor")? };
            let round_id = parse_id(&id, "matching round")?;
            rounds::exclude(&state.pool, &session.user, round_id, &rule, state.clock.now()).await
        }
        .await,
    )
}

#[server(endpoint = "rounds/publish")]
pub async fn publish_round(id: String) -> Result<Published, AppError> {
    web::respond(
        async move {
            let (state, session) = web::require_session().await?;
            rounds::publish(&state.pool, &session.user, parse_id(&id, "matching round")?, state.clock.now()).await
        }
        .await,
    )
}
