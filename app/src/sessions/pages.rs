//! `/sessions`: upcoming and past sessions for both sides, with cancelling, calendar export and
//! (for the mentee, once a session has ended) the rating form.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::server_fns::{CancelSession, SetMeetingPlace, my_sessions};
use super::{CANCEL_REASON_MAX, Scope, SessionCard, SessionListQuery, SessionStatus, SessionsOverview};
use crate::error::AppError;
use crate::feedback::pages::RateSessionForm;
use crate::pagination::PageParams;
use crate::ui::avatar::Avatar;
use crate::ui::forms::{
    FieldMessage, FormError, field_error, general_error, list_refusal, login_prompt, plain_post_error,
    reload_page_after_success,
};
use crate::ui::pager::Pager;
use crate::url::{query_page, query_word};

#[component]
pub fn SessionsPage() -> impl IntoView {
    let query = use_query_map();
    // Read as the API reads them: an unknown scope is an error, not "upcoming".
    let scope = Memo::new(move |_| query.with(|q| query_word::<Scope>(q.get("scope"), "scope")));
    let page = Memo::new(move |_| query.with(|q| query_page(q.get("page"))));
    let data = Resource::new(
        move || (scope.get(), page.get()),
        |(scope, page)| async move { my_sessions(SessionListQuery { scope: scope? }, PageParams::page(page?)).await },
    );
    view! {
        <Title text="Sessions" />
        <section class="card wide">
            <h1>"Sessions"</h1>
            <FormError message=plain_post_error() />
            <Transition fallback=|| view! { <p class="loading">"Loading sessions…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(overview) => view! { <SessionList overview /> }.into_any(),
                        Err(AppError::Unauthorized { .. }) => login_prompt("/sessions", "to see your sessions."),
                        Err(err) => list_refusal(err, "/sessions", "Show upcoming sessions"),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn SessionList(overview: SessionsOverview) -> impl IntoView {
    let SessionsOverview { scope, timezone, page } = overview;
    let tab = |target: Scope, label: &'static str| {
        let href = match target {
            Scope::Upcoming => "/sessions",
            Scope::Past => "/sessions?scope=past",
        };
        view! {
            <a href=href class="tab" aria-current=(scope == target).then_some("page")>
                {label}
            </a>
        }
    };
    let pages = page.total_pages();
    let current = page.page;
    let scope_param = match scope {
        Scope::Upcoming => "upcoming",
        Scope::Past => "past",
    };
    let empty = page.items.is_empty();
    view! {
        <nav class="tabs" aria-label="Which sessions">
            {tab(Scope::Upcoming, "Upcoming")}
            {tab(Scope::Past, "Past")}
        </nav>
        <p class="muted small">"Times are in " {timezone} " (from your profile)."</p>
        {if empty {
            view! {
                <div class="empty-state">
                    {match scope {
                        Scope::Upcoming => {
                            view! {
                                <p>
                                    "Nothing booked yet. Mentees book from their mentor's page; see "
                                    <A href="/mentorships">"your mentorships"</A>
                                    "."
                                </p>
                            }
                                .into_any()
                        }
                        Scope::Past => view! { <p>"No past sessions yet."</p> }.into_any(),
                    }}
                </div>
            }
                .into_any()
        } else {
            view! {
                <ul class="request-list">
                    {page.items.into_iter().map(|card| view! { <SessionItem card /> }).collect_view()}
                </ul>
            }
                .into_any()
        }}
        <Pager current pages href=move |n| format!("/sessions?scope={scope_param}&page={n}") />
    }
}

#[component]
fn SessionItem(card: SessionCard) -> impl IntoView {
    let SessionCard { session, when, with_name, with_id, viewer_is_mentee, can_cancel, can_rate, has_ended } = card;
    let cancelled = session.status == SessionStatus::Cancelled;
    let avatar_name = with_name.clone();
    let with = if viewer_is_mentee {
        view! { "With " <A href=format!("/mentors/{with_id}")>{with_name.clone()}</A> }.into_any()
    } else {
        view! { "With " {with_name.clone()} }.into_any()
    };
    let status_label = match (cancelled, has_ended) {
        (true, _) => "cancelled",
        (false, true) => "completed",
        (false, false) => "scheduled",
    };
    let rating = session.rating.map(|stars| {
        let who = if viewer_is_mentee { "You rated this session" } else { "Rated" };
        view! { <p class="rating-given">{format!("{who} {stars}/5 ")} <span aria-hidden="true">{"★".repeat(stars as usize)}</span></p> }
    });
    let session_id = session.id.to_string();
    view! {
        <li class="request-item session-item" data-status=status_label>
            <div class="request-head">
                <Avatar name=avatar_name small=true />
                <h2>{with}</h2>
                <span class=format!("pill status-{status_label}")>{status_label}</span>
            </div>
            <p class="session-when">
                <strong>{when}</strong>
                {format!(" · {} min", session.duration_minutes)}
            </p>
            <p class="request-message">{session.agenda.clone()}</p>
            {(!cancelled).then(|| view! { <MeetingPlaceLine place=session.meeting_place.clone() viewer_is_mentee /> })}
            {(can_cancel && !viewer_is_mentee)
                .then(|| view! { <MeetingPlaceForm session_id=session_id.clone() current=session.meeting_place.clone() /> })}
            {session
                .cancel_reason
                .clone()
                .map(|reason| view! { <p class="muted">"Cancelled: " {reason}</p> })}
            {rating}
            {(!cancelled)
                .then(|| {
                    view! {
                        <p>
                            <a
                                href=format!("/sessions/{}/calendar.ics", session.id)
                                download=format!("session-{}.ics", session.id)
                            >
                                "Add to calendar (.ics)"
                            </a>
                        </p>
                    }
                })}
            {can_cancel.then(|| view! { <CancelForm session_id=session_id.clone() /> })}
            {can_rate.then(|| view! { <RateSessionForm session_id=session_id.clone() /> })}
        </li>
    }
}

/// Where the two meet: a video link to join, or a place.
#[component]
fn MeetingPlaceLine(place: Option<String>, viewer_is_mentee: bool) -> impl IntoView {
    match place {
        Some(place) => match crate::profiles::link_of(&place).map(str::to_owned) {
            Some(link) => view! {
                <p class="meeting-place">
                    "Join: " <a href=link.clone() rel="noopener noreferrer" target="_blank">{link.clone()}</a>
                </p>
            }
            .into_any(),
            None => view! { <p class="meeting-place">"Where: " {place}</p> }.into_any(),
        },
        None if viewer_is_mentee => {
            view! { <p class="muted small">"Your mentor has not said where you meet yet."</p> }.into_any()
        }
        None => view! {
            <p class="muted small">
                "No meeting place yet: add a default on " <a href="/profile">"your profile"</a> " or one below."
            </p>
        }
        .into_any(),
    }
}

/// The mentor's place for this one session, folded away until wanted; a plain form, so the page
/// comes back with the session showing it.
#[component]
fn MeetingPlaceForm(session_id: String, current: Option<String>) -> impl IntoView {
    let save = ServerAction::<SetMeetingPlace>::new();
    let id = format!("meeting-place-{session_id}");
    view! {
        <details class="meeting-place-form">
            <summary>"Meet somewhere else for this session"</summary>
            <ActionForm action=save attr:class="inline-form">
                <input type="hidden" name="id" value=session_id />
                <label for=id.clone()>"Video link or place"</label>
                <input
                    id=id
                    name="meeting_place"
                    value=current.unwrap_or_default()
                    maxlength=crate::profiles::MEETING_PLACE_MAX
                />
                <button type="submit" class="button button-small button-secondary">"Save place"</button>
            </ActionForm>
        </details>
    }
}

/// An island: the reason is asked for next to the button, and a cancelled session reloads the
/// list around it.
#[island(lazy)]
fn CancelForm(session_id: String) -> impl IntoView {
    let cancel = ServerAction::<CancelSession>::new();
    let value = cancel.value();
    reload_page_after_success(cancel);
    let reason_error = field_error(value, "reason");
    let id = format!("cancel-reason-{session_id}");
    let error_id = format!("{id}-error");
    view! {
        <ActionForm action=cancel attr:class="inline-form cancel-form" attr:novalidate=true>
            <input type="hidden" name="id" value=session_id />
            <FormError message=general_error(value) />
            <div class="field" class:field-invalid=move || reason_error.with(Option::is_some)>
                <label for=id.clone()>"Reason for cancelling"</label>
                <input
                    id=id
                    name="reason"
                    maxlength=CANCEL_REASON_MAX
                    placeholder="e.g. I am unwell, can we move it?"
                    aria-invalid=move || reason_error.with(Option::is_some).then_some("true")
                    aria-describedby=error_id.clone()
                />
                <FieldMessage id=error_id error=reason_error />
            </div>
            <button type="submit" class="button button-small button-secondary" disabled=cancel.pending()>
                "Cancel session"
            </button>
        </ActionForm>
    }
}
