//! A mentee's profile as the mentor deciding on their request sees it: headline, goals, skills,
//! time zone against the mentor's, and which of the mentor's hours fall in the mentee's day.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::MenteeProfile;
use super::pages::{TagList, not_found_page};
use super::server_fns::load_mentee_profile;
use crate::error::AppError;
use crate::ui::avatar::Avatar;
use crate::ui::forms::login_prompt;

#[component]
pub fn MenteePage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let mentee = Resource::new(id, load_mentee_profile);
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading profile…"</p> }>
            {move || Suspend::new(async move {
                match mentee.await {
                    Ok(mentee) => view! { <MenteeDetails mentee /> }.into_any(),
                    Err(AppError::Unauthorized { .. }) => {
                        view! {
                            <section class="card narrow">{login_prompt(&format!("/mentees/{}", id()), "to see this profile.")}</section>
                        }
                            .into_any()
                    }
                    Err(err) => not_found_page(err, "Profile not found"),
                }
            })}
        </Transition>
    }
}

#[component]
fn MenteeDetails(mentee: MenteeProfile) -> impl IntoView {
    let MenteeProfile {
        name,
        headline,
        bio,
        skills,
        goals,
        timezone,
        utc_offset,
        time_difference,
        shared_hours,
        viewer_has_hours,
        ..
    } = mentee;
    let zone_line = match &time_difference {
        Some(difference) => format!("{timezone} ({utc_offset} now, {difference})"),
        None => format!("{timezone} ({utc_offset} now)"),
    };
    // Only a mentor viewer has hours to compare; the mentee and admins see no such section.
    let hours = time_difference.is_some() && (viewer_has_hours || !shared_hours.is_empty());
    let no_hours_yet = time_difference.is_some() && !viewer_has_hours;
    view! {
        <Title text=name.clone() />
        <article class="card mentor-profile">
            <header class="mentor-header">
                <Avatar name=name.clone() />
                <div>
                    <h1>{name.clone()}</h1>
                    <p class="lead">{if headline.is_empty() { "Mentee".to_owned() } else { headline }}</p>
                </div>
            </header>
            <section aria-labelledby="goals-heading">
                <h2 id="goals-heading">"Goals"</h2>
                <TagList tags=goals empty="No goals listed yet." />
            </section>
            <section aria-labelledby="skills-heading">
                <h2 id="skills-heading">"Skills"</h2>
                <TagList tags=skills empty="No skills listed yet." />
            </section>
            <section aria-labelledby="about-heading">
                <h2 id="about-heading">"About"</h2>
                {if bio.is_empty() {
                    view! { <p class="muted">"No bio yet."</p> }.into_any()
                } else {
                    view! { <p class="bio">{bio}</p> }.into_any()
                }}
            </section>
            <dl class="facts">
                <div>
                    <dt>"Time zone"</dt>
                    <dd>{zone_line}</dd>
                </div>
            </dl>
            {hours.then(|| view! { <SharedHoursList name=name.clone() spans=shared_hours /> })}
            {no_hours_yet
                .then(|| {
                    view! {
                        <p class="muted">
                            "Set your weekly hours on " <a href="/availability">"Availability"</a>
                            " to see which of them fall in this mentee's day."
                        </p>
                    }
                })}
        </article>
    }
}

#[component]
fn SharedHoursList(name: String, spans: Vec<super::SharedHours>) -> impl IntoView {
    view! {
        <section aria-labelledby="overlap-heading">
            <h2 id="overlap-heading">"Your hours in their day"</h2>
            {if spans.is_empty() {
                view! {
                    <p>
                        {format!(
                            "None of your weekly hours in the next seven days fall between 08:00 and 20:00 for {name}.",
                        )}
                    </p>
                }
                    .into_any()
            } else {
                view! {
                    <p class="muted">
                        {format!(
                            "Your weekly hours in the next seven days that fall between 08:00 and 20:00 for {name}, in your time:",
                        )}
                    </p>
                    <ul class="plain-list" data-testid="shared-hours">
                        {spans.into_iter().map(|span| view! { <li>{span.label}</li> }).collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </section>
    }
}
