//! The rating form on a past session, and the ratings section of the mentor page.

use leptos::prelude::*;
use uuid::Uuid;

use super::server_fns::{RateSession, load_mentor_feedback};
use super::{COMMENT_MAX, MentorFeedback};
use crate::ui::forms::{ErrorAlert, FieldMessage, FormError, field_error, general_error, reload_page_after_success};

/// Stars 1–5 and a comment for a session that has ended: an island that reloads the sessions
/// list once the rating is in.
#[island(lazy)]
pub fn RateSessionForm(session_id: String) -> impl IntoView {
    let rate = ServerAction::<RateSession>::new();
    let value = rate.value();
    reload_page_after_success(rate);
    let rating_error = field_error(value, "rating");
    let comment_error = field_error(value, "comment");
    let prefix = format!("rate-{session_id}");
    view! {
        <ActionForm action=rate attr:class="form rate-form" attr:novalidate=true>
            <input type="hidden" name="session_id" value=session_id.clone() />
            <FormError message=general_error(value) />
            <fieldset class="stars" aria-describedby=format!("{prefix}-rating-error")>
                <legend>"How was this session?"</legend>
                {(1..=5)
                    .map(|stars| {
                        let id = format!("{prefix}-{stars}");
                        view! {
                            <input type="radio" id=id.clone() name="rating" value=stars />
                            <label for=id title=format!("{stars} out of 5")>
                                {format!("{stars} ★")}
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <FieldMessage id=format!("{prefix}-rating-error") error=rating_error />
            <div class="field" class:field-invalid=move || comment_error.with(Option::is_some)>
                <label for=format!("{prefix}-comment")>"Comment (optional)"</label>
                <textarea
                    id=format!("{prefix}-comment")
                    name="comment"
                    rows="2"
                    maxlength=COMMENT_MAX
                    aria-describedby=format!("{prefix}-comment-error")
                ></textarea>
                <FieldMessage id=format!("{prefix}-comment-error") error=comment_error />
            </div>
            <button type="submit" class="button button-small" disabled=rate.pending()>
                "Send feedback"
            </button>
        </ActionForm>
    }
}

/// Average, count, distribution and recent comments, on the mentor's page.
#[component]
pub fn MentorRatings(mentor_id: Uuid) -> impl IntoView {
    let feedback = Resource::new(|| (), move |_| load_mentor_feedback(mentor_id.to_string()));
    view! {
        <section class="ratings" aria-labelledby="ratings-heading">
            <h2 id="ratings-heading">"Ratings"</h2>
            <Transition fallback=|| view! { <p class="loading">"Loading ratings…"</p> }>
                {move || Suspend::new(async move {
                    match feedback.await {
                        Ok(feedback) => view! { <RatingsView feedback /> }.into_any(),
                        Err(err) => view! { <ErrorAlert message=err.to_string() /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn RatingsView(feedback: MentorFeedback) -> impl IntoView {
    let MentorFeedback { summary, comments } = feedback;
    let Some(average) = summary.average else {
        return view! { <p class="muted">"No ratings yet."</p> }.into_any();
    };
    let count = summary.count;
    let most = summary.distribution.iter().copied().max().unwrap_or(1).max(1);
    let bars = (1..=5usize)
        .rev()
        .map(|stars| {
            let n = summary.distribution.get(stars - 1).copied().unwrap_or(0);
            // An SVG bar rather than a `style` attribute: the Content-Security-Policy allows no
            // inline styles.
            let width = (n * 100 / most).to_string();
            view! {
                <li>
                    <span class="bar-label">{format!("{stars} ★")}</span>
                    <svg
                        class="bar-track"
                        aria-hidden="true"
                        viewBox="0 0 100 1"
                        preserveAspectRatio="none"
                    >
                        <rect class="bar-fill" width=width height="1"></rect>
                    </svg>
                    <span class="bar-count">{format!("{n}")}</span>
                </li>
            }
        })
        .collect_view();
    let noun = if count == 1 { "rating" } else { "ratings" };
    view! {
        <p class="rating-average" data-testid="rating-average">
            <strong>{format!("{average:.1}")}</strong>
            " out of 5 · "
            {format!("{count} {noun}")}
        </p>
        <ul class="rating-bars" aria-label="Ratings by number of stars">
            {bars}
        </ul>
        {if comments.items.is_empty() {
            ().into_any()
        } else {
            view! {
                <h3>"Recent comments"</h3>
                <ul class="comments">
                    {comments
                        .items
                        .into_iter()
                        .map(|comment| {
                            view! {
                                <li>
                                    <blockquote>{comment.comment}</blockquote>
                                    <p class="muted small">
                                        {format!(
                                            "{} · {}/5 · {}",
                                            comment.mentee_name,
                                            comment.rating,
                                            comment.created_at.format("%-d %b %Y"),
                                        )}
                                    </p>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
                .into_any()
        }}
    }
    .into_any()
}
