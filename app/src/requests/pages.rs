//! The request box on a mentor's page, the requests page (mentor inbox / mentee outbox) and the
//! mentorships page.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};
use uuid::Uuid;

use super::server_fns::{
    AcceptRequest, CancelRequest, DeclineRequest, EndMentorship, SendRequest, load_end_preview, load_request_ability,
    my_mentorships, my_requests,
};
use super::{
    Direction, EndPreview, MESSAGE_MAX, Mentorship, MentorshipRequest, REASON_MAX, RequestAbility, RequestListQuery,
    RequestStatus, RequestsOverview,
};
use crate::error::AppError;
use crate::pagination::PageParams;
use crate::ui::avatar::Avatar;
use crate::ui::forms::{ErrorAlert, list_refusal};
use crate::ui::forms::{
    FieldMessage, FormError, field_error, form_error, login_prompt, plain_post_error, plain_post_error_text,
    reloaded_after,
};
use crate::url::{query_page, query_word};

use crate::time_display::at;
use crate::ui::zone::viewer_zone;

/// "Request mentorship" on a mentor's page, in whichever state fits the viewer. Only a mentee
/// who can send a request gets the form (an island); every other state is plain text.
#[component]
pub fn RequestBox(mentor_id: Uuid, mentor_name: String) -> impl IntoView {
    let ability = Resource::new(|| (), move |_| load_request_ability(mentor_id.to_string()));
    let first_name = mentor_name.split_whitespace().next().unwrap_or_default().to_owned();
    let plain_error = plain_post_error_text();

    view! {
        <section class="request-box" aria-labelledby="request-heading">
            <h2 id="request-heading">"Mentorship"</h2>
            <Transition fallback=|| view! { <p class="loading">"Checking…"</p> }>
                {move || {
                    let (first_name, plain_error) = (first_name.clone(), plain_error.clone());
                    Suspend::new(async move {
                        match ability.await {
                            Ok(RequestAbility::CanRequest) => {
                                view! { <RequestForm mentor_id first_name plain_error /> }.into_any()
                            }
                            // A plain post of the form (before the island woke up) that was refused
                            // comes back here; the viewer's state may no longer offer the form.
                            Ok(other) => view! {
                                <FormError message=Signal::derive(move || plain_error.clone()) />
                                {ability_view(other, &first_name, mentor_id)}
                            }
                            .into_any(),
                            Err(err) => view! { <ErrorAlert message=err.to_string() /> }.into_any(),
                        }
                    })
                }}
            </Transition>
        </section>
    }
}

/// The request form; once a request is sent it shows the viewer's new state (waiting).
#[island(lazy)]
fn RequestForm(mentor_id: Uuid, first_name: String, plain_error: Option<String>) -> impl IntoView {
    let send = ServerAction::<SendRequest>::new();
    let ability = reloaded_after(send, RequestAbility::CanRequest, move || load_request_ability(mentor_id.to_string()));
    let value = send.value();
    let pending = send.pending();
    let message_error = field_error(value, "message");
    let summary = form_error(value, plain_error);
    move || match ability.get() {
        RequestAbility::CanRequest => {
            let first_name = first_name.clone();
            view! {
            <FormError message=summary />
            <ActionForm action=send attr:class="form" attr:novalidate=true>
                <input type="hidden" name="mentor_id" value=mentor_id.to_string() />
                <div class="field" class:field-invalid=move || message_error.with(Option::is_some)>
                    <label for="field-message">{format!("Your message to {first_name}")}</label>
                    <textarea
                        id="field-message"
                        name="message"
                        rows="4"
                        maxlength=MESSAGE_MAX
                        placeholder="Who you are, what you hope to learn, how often you would like to meet."
                        aria-describedby="field-message-error"
                    ></textarea>
                    <FieldMessage id="field-message-error".to_owned() error=message_error />
                </div>
                <button type="submit" class="button" disabled=pending>
                    "Request mentorship"
                </button>
            </ActionForm>
            }
            .into_any()
        }
        other => ability_view(other, &first_name, mentor_id),
    }
}

/// What the request box says when there is no form to show.
fn ability_view(ability: RequestAbility, first_name: &str, mentor_id: Uuid) -> AnyView {
    match ability {
        RequestAbility::CanRequest => ().into_any(),
        RequestAbility::Pending { .. } => view! {
            <div class="alert alert-info" role="status">
                {format!("Your request is waiting for {first_name}'s answer. ")}
                <a href="/requests">"See your requests"</a>
            </div>
        }
        .into_any(),
        RequestAbility::Paired => view! {
            <div class="alert alert-success" role="status">
                {format!("You and {first_name} are paired. ")}
                <a href="/mentorships">"Your mentorships"</a>
            </div>
        }
        .into_any(),
        RequestAbility::NotAccepting => {
            view! { <p class="muted">{format!("{first_name} is not accepting new mentees right now.")}</p> }.into_any()
        }
        RequestAbility::Full => {
            view! { <p class="muted">{format!("{first_name} has no free place at the moment.")}</p> }.into_any()
        }
        RequestAbility::SignInFirst => {
            login_prompt(&format!("/mentors/{mentor_id}"), "as a mentee to request mentorship.")
        }
        RequestAbility::NotAMentee => view! { <p class="muted">"Only mentees can request mentorship."</p> }.into_any(),
    }
}

#[component]
pub fn RequestsPage() -> impl IntoView {
    let accept = ServerAction::<AcceptRequest>::new();
    let decline = ServerAction::<DeclineRequest>::new();
    let cancel = ServerAction::<CancelRequest>::new();
    let query = use_query_map();
    // The URL's words are read as the API reads them: an unknown status is an error, not "all".
    let filter = Memo::new(move |_| query.with(|q| query_word::<RequestStatus>(q.get("status"), "status")));
    let page = Memo::new(move |_| query.with(|q| query_page(q.get("page"))));
    let zone = viewer_zone();
    let data = Resource::new(
        move || (filter.get(), page.get()),
        |(status, page)| async move {
            my_requests(RequestListQuery { direction: None, status: status? }, PageParams::page(page?)).await
        },
    );

    view! {
        <Title text="Requests" />
        <section class="card wide">
            <h1>"Mentorship requests"</h1>
            // The buttons are plain forms: the server sends the browser back here, with the reason
            // in `?error=` when it refused (e.g. someone decided first).
            <FormError message=plain_post_error() />
            <Transition fallback=|| view! { <p class="loading">"Loading requests…"</p> }>
                {move || Suspend::new(async move {
                    let zone = zone.await;
                    match data.await {
                        Ok(overview) => {
                            view! { <RequestList overview filter=filter.get_untracked().ok().flatten() accept decline cancel zone /> }
                                .into_any()
                        }
                        Err(AppError::Unauthorized { .. }) => login_prompt("/requests", "to see your requests."),
                        Err(err) => {
                            list_refusal(err, "/requests", "Show all requests")
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn RequestList(
    overview: RequestsOverview,
    filter: Option<RequestStatus>,
    accept: ServerAction<AcceptRequest>,
    decline: ServerAction<DeclineRequest>,
    cancel: ServerAction<CancelRequest>,
    zone: String,
) -> impl IntoView {
    let RequestsOverview { direction, page, counts } = overview;
    let total = counts.pending + counts.accepted + counts.declined + counts.cancelled;
    let tabs = [
        (None, "All", total),
        (Some(RequestStatus::Pending), "Pending", counts.pending),
        (Some(RequestStatus::Accepted), "Accepted", counts.accepted),
        (Some(RequestStatus::Declined), "Declined", counts.declined),
        (Some(RequestStatus::Cancelled), "Cancelled", counts.cancelled),
    ];
    let intro = match direction {
        Direction::Incoming => "Requests mentees have sent you. Accepting starts a mentorship.",
        Direction::Outgoing => "Requests you have sent to mentors.",
    };
    let empty = page.items.is_empty();
    view! {
        <p class="muted">{intro}</p>
        <nav class="tabs" aria-label="Filter by status">
            {tabs
                .into_iter()
                .map(|(status, label, count)| {
                    let href = match status {
                        Some(s) => format!("/requests?status={}", s.as_str()),
                        None => "/requests".to_owned(),
                    };
                    let current = status == filter;
                    view! {
                        <a
                            href=href
                            class="tab"
                            aria-current=current.then_some("page")
                        >
                            {format!("{label} ({count})")}
                        </a>
                    }
                })
                .collect_view()}
        </nav>
        {if empty {
            view! {
                <div class="empty-state">
                    {match direction {
                        Direction::Incoming => {
                            view! { <p>"No requests here yet. Mentees find you through the directory."</p> }
                                .into_any()
                        }
                        Direction::Outgoing => {
                            view! {
                                <p>
                                    "No requests here yet. "
                                    <A href="/mentors">"Find a mentor"</A>
                                </p>
                            }
                                .into_any()
                        }
                    }}
                </div>
            }
                .into_any()
        } else {
            view! {
                <ul class="request-list">
                    {page
                        .items
                        .into_iter()
                        .map(|request| view! { <RequestItem request direction accept decline cancel zone=zone.clone() /> })
                        .collect_view()}
                </ul>
            }
                .into_any()
        }}
    }
}

#[component]
fn RequestItem(
    request: MentorshipRequest,
    direction: Direction,
    accept: ServerAction<AcceptRequest>,
    decline: ServerAction<DeclineRequest>,
    cancel: ServerAction<CancelRequest>,
    zone: String,
) -> impl IntoView {
    let other = match direction {
        Direction::Incoming => request.mentee_name.clone(),
        Direction::Outgoing => request.mentor_name.clone(),
    };
    // The other person's name leads to their profile: a mentor deciding reads the mentee's
    // goals, skills and time zone there first.
    let heading = match direction {
        Direction::Incoming => {
            let href = format!("/mentees/{}", request.mentee_id);
            view! { "From " <a href=href>{other.clone()}</a> }.into_any()
        }
        Direction::Outgoing => {
            let href = format!("/mentors/{}", request.mentor_id);
            view! { "To " <a href=href>{other.clone()}</a> }.into_any()
        }
    };
    let avatar_name = other.clone();
    let id = request.id.to_string();
    let is_pending = request.status == RequestStatus::Pending;
    let controls = match (direction, is_pending) {
        (Direction::Incoming, true) => {
            let (id_accept, id_decline) = (id.clone(), id.clone());
            view! {
                <div class="request-actions">
                    <ActionForm action=accept attr:class="inline-form">
                        <input type="hidden" name="id" value=id_accept />
                        <button type="submit" class="button button-small">
                            {format!("Accept {other}")}
                        </button>
                    </ActionForm>
                    <ActionForm action=decline attr:class="inline-form decline-form">
                        <input type="hidden" name="id" value=id_decline />
                        <label class="visually-hidden" for=format!("reason-{id}")>
                            "Reason for declining (optional)"
                        </label>
                        <input
                            id=format!("reason-{id}")
                            name="reason"
                            placeholder="Reason (optional)"
                            maxlength="1000"
                        />
                        <button type="submit" class="button button-small button-secondary">
                            "Decline"
                        </button>
                    </ActionForm>
                </div>
            }
            .into_any()
        }
        (Direction::Outgoing, true) => view! {
            <div class="request-actions">
                <ActionForm action=cancel attr:class="inline-form">
                    <input type="hidden" name="id" value=id />
                    <button type="submit" class="button button-small button-secondary">
                        "Cancel request"
                    </button>
                </ActionForm>
            </div>
        }
        .into_any(),
        _ => ().into_any(),
    };
    view! {
        <li class="request-item" data-status=request.status.as_str()>
            <div class="request-head">
                <Avatar name=avatar_name small=true />
                <h2>{heading}</h2>
                <span class=format!("pill status-{}", request.status.as_str())>{request.status.as_str()}</span>
            </div>
            <p class="request-message">{request.message.clone()}</p>
            {request.decision_reason.clone().map(|reason| view! { <p class="muted">"Reason: " {reason}</p> })}
            <p class="muted small">
                "Sent " {at(request.created_at, &zone)}
                {request.decided_at.map(|decided| format!(" · {} {}", request.status.as_str(), at(decided, &zone)))}
            </p>
            {controls}
        </li>
    }
}

#[component]
pub fn MentorshipsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| my_mentorships());
    let zone = viewer_zone();
    let session = crate::auth::session::use_session();
    view! {
        <Title text="Mentorships" />
        <section class="card wide">
            <h1>"Your mentorships"</h1>
            <FormError message=plain_post_error() />
            <Transition fallback=|| view! { <p class="loading">"Loading mentorships…"</p> }>
                {move || Suspend::new(async move {
                    let viewer_id = session.user.await.ok().flatten().map(|user| user.id).unwrap_or_default();
                    let zone = zone.await;
                    match data.await {
                        Ok(list) if list.is_empty() => {
                            view! {
                                <div class="empty-state">
                                    <p>"No mentorships yet. An accepted request starts one."</p>
                                </div>
                            }
                                .into_any()
                        }
                        Ok(list) => {
                            view! {
                                <ul class="request-list">
                                    {list
                                        .into_iter()
                                        .map(|mentorship| view! { <MentorshipItem mentorship viewer_id zone=zone.clone() /> })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }
                        Err(AppError::Unauthorized { .. }) => {
                            login_prompt("/mentorships", "to see your mentorships.")
                        }
                        Err(err) => {
                            view! { <ErrorAlert message=err.to_string() /> }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn MentorshipItem(mentorship: Mentorship, viewer_id: Uuid, zone: String) -> impl IntoView {
    let active = mentorship.ended_at.is_none();
    let mentor_href = format!("/mentors/{}", mentorship.mentor_id);
    view! {
        <li class="request-item">
            <div class="request-head">
                // Said from the viewer's side: their mentor, or the mentee they mentor.
                <h2>
                    {if viewer_id == mentorship.mentee_id {
                        view! { "Your mentor: " <A href=mentor_href>{mentorship.mentor_name.clone()}</A> }.into_any()
                    } else {
                        view! { "Mentoring " {mentorship.mentee_name.clone()} }.into_any()
                    }}
                </h2>
                {if active {
                    view! { <span class="pill pill-ok">"active"</span> }.into_any()
                } else {
                    view! { <span class="pill pill-muted">"ended"</span> }.into_any()
                }}
            </div>
            <p class="muted small">
                "Since " {at(mentorship.started_at, &zone)}
                {mentorship.ended_at.map(|ended| format!(" · ended {}", at(ended, &zone)))}
            </p>
            // A mentee's way on from here: booking a session with their mentor.
            {(active && viewer_id == mentorship.mentee_id)
                .then(|| {
                    let book_href = format!("/mentors/{}/book", mentorship.mentor_id);
                    view! {
                        <p>
                            <a href=book_href class="button button-small">
                                "Book a session"
                            </a>
                        </p>
                    }
                })}
            {mentorship.end_reason.clone().map(|reason| view! { <p class="muted">"Reason: " {reason}</p> })}
            // Ending is asked on its own page: it says what will be cancelled, and asks why.
            {active
                .then(|| {
                    let end_href = format!("/mentorships/{}/end", mentorship.id);
                    view! {
                        <a href=end_href class="button button-small button-secondary">
                            "End mentorship…"
                        </a>
                    }
                })}
        </li>
    }
}

/// "End this mentorship?": what ending cancels and who is told, with a reason to give. A plain
/// page and form, so it is the same with or without JavaScript.
#[component]
pub fn EndMentorshipPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let preview = Resource::new(id, load_end_preview);
    let session = crate::auth::session::use_session();
    let zone = viewer_zone();
    view! {
        <Title text="End mentorship" />
        <section class="card">
            <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    let viewer_id = session.user.await.ok().flatten().map(|user| user.id).unwrap_or_default();
                    let zone = zone.await;
                    match preview.await {
                        Ok(preview) => view! { <EndConfirmation preview viewer_id zone /> }.into_any(),
                        Err(AppError::Unauthorized { .. }) => {
                            login_prompt(&format!("/mentorships/{}/end", id()), "to end a mentorship.")
                        }
                        Err(err) => {
                            view! {
                                <h1>"End mentorship"</h1>
                                <ErrorAlert message=err.to_string() />
                                <p><a href="/mentorships">"Back to your mentorships"</a></p>
                            }
                                .into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn EndConfirmation(preview: EndPreview, viewer_id: Uuid, zone: String) -> impl IntoView {
    let EndPreview { mentorship, upcoming_sessions } = preview;
    let other =
        if viewer_id == mentorship.mentee_id { mentorship.mentor_name.clone() } else { mentorship.mentee_name.clone() };
    if mentorship.ended_at.is_some() {
        return view! {
            <h1>"This mentorship has ended"</h1>
            <p>{format!("Your mentorship with {other} ended {}.", at(mentorship.ended_at.unwrap_or_default(), &zone))}</p>
            <p><a href="/mentorships">"Back to your mentorships"</a></p>
        }
        .into_any();
    }
    let end = ServerAction::<EndMentorship>::new();
    let sessions_said = match upcoming_sessions.len() {
        0 => "You have no upcoming sessions together, so nothing else is cancelled.".to_owned(),
        1 => "Your upcoming session together will be cancelled:".to_owned(),
        n => format!("Your {n} upcoming sessions together will be cancelled:"),
    };
    view! {
        <h1>{format!("End your mentorship with {other}?")}</h1>
        <FormError message=plain_post_error() />
        <p>{sessions_said}</p>
        {(!upcoming_sessions.is_empty())
            .then(|| {
                view! {
                    <ul class="plain-list" data-testid="sessions-to-cancel">
                        {upcoming_sessions.into_iter().map(|span| view! { <li>{span}</li> }).collect_view()}
                    </ul>
                }
            })}
        <p>{format!("{other} is told, with your reason if you give one. You can ask for a new mentorship later.")}</p>
        <ActionForm action=end attr:class="form">
            <input type="hidden" name="id" value=mentorship.id.to_string() />
            <div class="field">
                <label for="end-reason">"Reason (optional)"</label>
                <textarea id="end-reason" name="reason" rows="3" maxlength=REASON_MAX.to_string()></textarea>
            </div>
            <div class="form-actions">
                <button type="submit" class="button button-danger">"End mentorship"</button>
                <a href="/mentorships" class="button button-secondary">"Keep the mentorship"</a>
            </div>
        </ActionForm>
    }
    .into_any()
}
