//! The mentor's listing checklist and the admins' mentor approval page.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::server_fns::{ApproveMentor, SaveProgrammeSettings, load_listing_checklist, load_mentor_approvals};
use super::{ListingChecklist, PendingMentor, ProgrammeSettings};
use crate::admin::pages::{AdminTabs, refused};
use crate::pagination::Page;
use crate::ui::forms::{FormError, plain_post_error};
use crate::ui::pager::Pager;

/// "Mentees can find you" or what is left to do, each item with the way to do it.
#[component]
pub fn ListingStatus() -> impl IntoView {
    let checklist = Resource::new(|| (), |_| load_listing_checklist());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move { checklist.await.ok().map(|checklist| view! { <Checklist checklist /> }) })}
        </Suspense>
    }
}

#[component]
fn Checklist(checklist: ListingChecklist) -> impl IntoView {
    if checklist.listed() {
        return view! {
            <p class="listing-status listing-ok" data-testid="listing-status">
                "✓ You are listed: mentees can find you in the directory."
            </p>
        }
        .into_any();
    }
    let items = [
        (checklist.has_headline, "A headline", Some(("/profile", "Add it on your profile"))),
        (checklist.has_skill, "At least one skill", Some(("/profile", "Add skills on your profile"))),
        (checklist.has_weekly_hours, "Weekly hours", Some(("/availability", "Set your hours"))),
        (checklist.approved, "Approval by a programme admin", None),
    ];
    view! {
        <section class="listing-status listing-todo" aria-labelledby="listing-heading" data-testid="listing-status">
            <h2 id="listing-heading">"Not listed yet"</h2>
            <p>"Mentees find you in the directory once you have:"</p>
            <ul class="checklist">
                {items
                    .into_iter()
                    .map(|(done, what, how)| {
                        view! {
                            <li class=if done { "check-done" } else { "check-todo" }>
                                <span class="visually-hidden">{if done { "Done: " } else { "To do: " }}</span>
                                {what}
                                {(!done)
                                    .then(|| match how {
                                        Some((href, label)) => view! { " · " <a href=href>{label}</a> }.into_any(),
                                        None => view! { " · waiting for an admin" }.into_any(),
                                    })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
    .into_any()
}

#[component]
pub fn AdminMentorsPage() -> impl IntoView {
    let query = use_query_map();
    let page = move || query.with(|q| q.get("page").and_then(|p| p.parse::<u32>().ok()));
    let data = Resource::new(page, load_mentor_approvals);
    view! {
        <Title text="Mentor approvals · Admin" />
        <section class="card wide">
            <h1>"Mentor approvals"</h1>
            <AdminTabs current="/admin/mentors" />
            <FormError message=plain_post_error() />
            <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok((settings, pending)) => view! { <Approvals settings pending /> }.into_any(),
                        Err(err) => refused(err, "/admin/mentors"),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Approvals(settings: ProgrammeSettings, pending: Page<PendingMentor>) -> impl IntoView {
    let save = ServerAction::<SaveProgrammeSettings>::new();
    let (current, pages) = (pending.page, pending.total_pages());
    view! {
        <ActionForm action=save attr:class="form settings-form">
            <label class="choice">
                <input
                    type="checkbox"
                    name="require_mentor_approval"
                    value="on"
                    checked=settings.require_mentor_approval
                />
                <span>"New mentors need an admin's approval before mentees can find them"</span>
            </label>
            <p class="field-hint">
                "Turning this off approves everyone still waiting. Mentors from before it was turned on stay listed."
            </p>
            <button type="submit" class="button button-secondary">"Save setting"</button>
        </ActionForm>
        <h2>"Waiting for approval"</h2>
        {if pending.items.is_empty() {
            view! {
                <div class="empty-state">
                    <p>
                        {if settings.require_mentor_approval {
                            "Nobody is waiting. New mentors appear here when they sign up."
                        } else {
                            "Nobody is waiting: approval is not required."
                        }}
                    </p>
                </div>
            }
                .into_any()
        } else {
            view! {
                <ul class="request-list">
                    {pending.items.into_iter().map(|mentor| view! { <PendingItem mentor /> }).collect_view()}
                </ul>
                <Pager current pages href=|n| format!("/admin/mentors?page={n}") />
            }
                .into_any()
        }}
    }
}

#[component]
fn PendingItem(mentor: PendingMentor) -> impl IntoView {
    let approve = ServerAction::<ApproveMentor>::new();
    let headline = if mentor.headline.is_empty() { "No headline yet".to_owned() } else { mentor.headline.clone() };
    view! {
        <li class="request-item">
            <div class="request-head">
                <h3>
                    <a href=format!("/mentors/{}", mentor.id)>{mentor.name.clone()}</a>
                </h3>
                <span class="muted small">{format!("joined {}", mentor.joined_at.format("%a %-d %b %Y"))}</span>
            </div>
            <p>{headline}</p>
            <p class="muted small">
                {mentor.email.clone()} " · "
                {if mentor.skills.is_empty() { "no skills yet".to_owned() } else { mentor.skills.join(", ") }}
                {(!mentor.profile_complete).then_some(" · profile not complete yet (listed once it is)")}
            </p>
            <ActionForm action=approve attr:class="inline-form">
                <input type="hidden" name="id" value=mentor.id.to_string() />
                <button type="submit" class="button button-small" aria-label=format!("Approve {}", mentor.name)>
                    "Approve"
                </button>
            </ActionForm>
        </li>
    }
}
