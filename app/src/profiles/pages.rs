//! The profile editor and the public mentor page.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::server_fns::{SaveProfile, load_my_profile, mentor_profile};
use super::{BIO_MAX, HEADLINE_MAX, MEETING_PLACE_MAX, MentorPublic, MyProfile};
use crate::auth::Role;
use crate::availability::pages::NextOpenTimes;
use crate::directory::pages::RatingBadge;
use crate::error::AppError;
use crate::feedback::pages::MentorRatings;
use crate::listing::pages::ListingStatus;
use crate::requests::pages::RequestBox;
use crate::ui::avatar::Avatar;
use crate::ui::forms::ErrorAlert;
use crate::ui::forms::{
    FieldMessage, FormEcho, FormError, TextField, field_error_or_echo, form_error, plain_post_echo,
    plain_post_error_text, reloaded_after,
};
use crate::ui::timezone::{TimezoneField, ZoneDatalist};

const MAX_MENTEES_HINT: &str = "How many mentees you can take on at once (1 to 50).";

#[component]
pub fn ProfilePage() -> impl IntoView {
    let profile = Resource::new(|| (), |_| load_my_profile());
    let welcome = use_query_map().with_untracked(|q| q.get("welcome").is_some());

    view! {
        <Title text="Your profile" />
        <section class="card">
            <h1>"Your profile"</h1>
            {welcome
                .then(|| {
                    view! {
                        <div class="alert alert-info" role="status">
                            "Welcome aboard! A complete profile helps the right people find you."
                        </div>
                    }
                })}
            <Transition fallback=|| view! { <p class="loading">"Loading your profile…"</p> }>
                {move || Suspend::new(async move {
                    match profile.await {
                        Ok(mine) => {
                            let is_mentor = mine.user.role == Role::Mentor;
                            // A refused plain post comes back with what was typed, errors by the fields.
                            let echo = plain_post_echo("profile");
                            let mine = with_typed_values(mine, echo.as_ref());
                            let plain_error = plain_post_error_text()
                                .filter(|_| echo.as_ref().is_none_or(|echo| echo.fields.len() != 1));
                            view! {
                                {is_mentor.then(|| view! { <ListingStatus /> })}
                                <ProfileEditor mine plain_error echo />
                                <ZoneDatalist />
                            }
                                .into_any()
                        }
                        Err(AppError::Unauthorized { .. }) => view! { <LoginPrompt /> }.into_any(),
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
fn LoginPrompt() -> impl IntoView {
    view! {
        <p>"Please log in to edit your profile."</p>
        <p>
            <A href="/login?next=/profile" attr:class="button">
                "Log in"
            </A>
        </p>
    }
}

/// The stored profile with what a refused plain post had typed in its place.
fn with_typed_values(mut mine: MyProfile, echo: Option<&FormEcho>) -> MyProfile {
    let Some(echo) = echo else { return mine };
    let profile = &mut mine.profile;
    profile.headline = echo.value("headline");
    profile.bio = echo.value("bio");
    profile.skills = super::split_tags(&echo.value("skills"));
    profile.goals = super::split_tags(&echo.value("goals"));
    profile.timezone = echo.value("timezone");
    profile.meeting_place = echo.value("meeting_place");
    profile.accepting_mentees = !echo.value("accepting_mentees").is_empty();
    if let Ok(max) = echo.value("max_mentees").trim().parse() {
        profile.max_mentees = max;
    }
    mine
}

/// The form as an island: after a save it shows the profile as stored (normalised skills, …).
#[island(lazy)]
fn ProfileEditor(mine: MyProfile, plain_error: Option<String>, echo: Option<FormEcho>) -> impl IntoView {
    let save = ServerAction::<SaveProfile>::new();
    let mine = reloaded_after(save, mine, load_my_profile);
    move || view! { <ProfileForm mine=mine.get() save plain_error=plain_error.clone() echo=echo.clone() /> }
}

#[component]
fn ProfileForm(
    mine: MyProfile,
    save: ServerAction<SaveProfile>,
    plain_error: Option<String>,
    echo: Option<FormEcho>,
) -> impl IntoView {
    let value = save.value();
    let pending = save.pending();
    let saved = move || matches!(value.get(), Some(Ok(_)));
    let MyProfile { user, profile } = mine;
    let is_mentor = user.role == Role::Mentor;
    let public_link = is_mentor.then(|| {
        let href = format!("/mentors/{}", user.id);
        view! {
            <p class="muted">
                "Mentees see this on " <a href=href>"your public page"</a> "."
            </p>
        }
    });
    let bio_error = field_error_or_echo(value, echo.as_ref(), "bio");
    let bio_text = profile.bio.clone();
    let bio_prop = profile.bio.clone();
    let tz_error = field_error_or_echo(value, echo.as_ref(), "timezone");

    view! {
        {public_link}
        <FormError message=form_error(value, plain_error) />
        {move || {
            saved()
                .then(|| {
                    view! {
                        <div class="alert alert-success" role="status">
                            "Profile saved."
                        </div>
                    }
                })
        }}
        <ActionForm action=save attr:class="form" attr:novalidate=true>
            <TextField
                label="Headline"
                name="headline"
                value=profile.headline
                maxlength=HEADLINE_MAX as u32
                hint="One line, e.g. “Backend engineer, 8 years in fintech”."
                error=field_error_or_echo(value, echo.as_ref(), "headline")
            />
            <div class="field" class:field-invalid=move || bio_error.with(Option::is_some)>
                <label for="field-bio">"About you"</label>
                <textarea
                    id="field-bio"
                    name="bio"
                    rows="6"
                    maxlength=BIO_MAX
                    aria-invalid=move || bio_error.with(Option::is_some).then_some("true")
                    aria-describedby="field-bio-error"
                    prop:value=bio_prop
                >
                    {bio_text}
                </textarea>
                <FieldMessage id="field-bio-error".to_owned() error=bio_error />
            </div>
            <TextField
                label="Skills"
                name="skills"
                value=profile.skills.join(", ")
                hint="Comma-separated, e.g. rust, system design, career growth."
                error=field_error_or_echo(value, echo.as_ref(), "skills")
            />
            <TextField
                label="Goals"
                name="goals"
                value=profile.goals.join(", ")
                hint="What you want to learn or achieve, comma-separated."
                error=field_error_or_echo(value, echo.as_ref(), "goals")
            />
            <TimezoneField value=profile.timezone.clone() adopt_browser=false error=tz_error />
            {is_mentor
                .then(|| {
                    view! {
                        <fieldset class="field-group">
                            <legend>"Taking mentees"</legend>
                            <label class="choice">
                                <input
                                    type="checkbox"
                                    name="accepting_mentees"
                                    value="on"
                                    checked=profile.accepting_mentees
                                    prop:checked=profile.accepting_mentees
                                />
                                <span>"I am accepting new mentees"</span>
                            </label>
                            <TextField
                                label="Maximum active mentees"
                                name="max_mentees"
                                kind="number"
                                value=profile.max_mentees.to_string()
                                hint=MAX_MENTEES_HINT
                                error=field_error_or_echo(value, echo.as_ref(), "max_mentees")
                            />
                            <TextField
                                label="Where you meet"
                                name="meeting_place"
                                value=profile.meeting_place.clone()
                                maxlength=MEETING_PLACE_MAX as u32
                                hint="A video link (https://…) or a place. Only your mentees with a booked session see it."
                                error=field_error_or_echo(value, echo.as_ref(), "meeting_place")
                            />
                        </fieldset>
                    }
                })}
            <button type="submit" class="button" disabled=pending>
                {move || if pending.get() { "Saving…" } else { "Save profile" }}
            </button>
        </ActionForm>
    }
}

#[component]
pub fn MentorPage() -> impl IntoView {
    let params = use_params_map();
    let mentor = Resource::new(move || params.with(|p| p.get("id").unwrap_or_default()), mentor_profile);
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading mentor…"</p> }>
            {move || Suspend::new(async move {
                match mentor.await {
                    Ok(mentor) => view! { <MentorDetails mentor /> }.into_any(),
                    Err(err) => not_found_page(err, "Mentor not found"),
                }
            })}
        </Transition>
    }
}

/// A profile page that could not be shown: the page answers with the error's status (a 404 for
/// a profile that is not there), and says so.
pub fn not_found_page(err: AppError, heading: &'static str) -> AnyView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>()
        && let Ok(status) = axum::http::StatusCode::from_u16(err.status_code())
    {
        response.set_status(status);
    }
    view! {
        <Title text=heading />
        <section class="card narrow">
            <h1>{heading}</h1>
            <p>{err.to_string()}</p>
            <p>
                <a href="/">"Back to the start"</a>
            </p>
        </section>
    }
    .into_any()
}

/// Tags (skills or goals) as a list, or a muted line when there are none.
#[component]
pub fn TagList(tags: Vec<String>, empty: &'static str) -> impl IntoView {
    if tags.is_empty() {
        return view! { <p class="muted">{empty}</p> }.into_any();
    }
    view! { <ul class="tags">{tags.into_iter().map(|tag| view! { <li class="tag">{tag}</li> }).collect_view()}</ul> }
        .into_any()
}

#[component]
fn MentorDetails(mentor: MentorPublic) -> impl IntoView {
    let availability = if mentor.accepting_mentees {
        view! {
            <span class="pill pill-ok">
                "Accepting mentees · up to " {mentor.max_mentees}
            </span>
        }
        .into_any()
    } else {
        view! { <span class="pill pill-muted">"Not accepting new mentees"</span> }.into_any()
    };
    let since = mentor.member_since.format("%B %Y").to_string();
    let skills = mentor.skills.clone();
    view! {
        <Title text=mentor.name.clone() />
        <article class="card mentor-profile">
            <header class="mentor-header">
                <Avatar name=mentor.name.clone() />
                <div>
                    <h1>{mentor.name.clone()}</h1>
                    <p class="lead">
                        {if mentor.headline.is_empty() {
                            "Mentor".to_owned()
                        } else {
                            mentor.headline.clone()
                        }}
                    </p>
                    <p class="mentor-badges">
                        {availability}
                        " "
                        <RatingBadge average=mentor.rating_average count=mentor.rating_count />
                    </p>
                </div>
            </header>
            <section aria-labelledby="about-heading">
                <h2 id="about-heading">"About"</h2>
                {if mentor.bio.is_empty() {
                    view! { <p class="muted">"This mentor has not written a bio yet."</p> }
                        .into_any()
                } else {
                    view! { <p class="bio">{mentor.bio.clone()}</p> }.into_any()
                }}
            </section>
            <section aria-labelledby="skills-heading">
                <h2 id="skills-heading">"Skills"</h2>
                <TagList tags=skills empty="No skills listed yet." />
            </section>
            <RequestBox mentor_id=mentor.id mentor_name=mentor.name.clone() />
            <NextOpenTimes mentor_id=mentor.id />
            <MentorRatings mentor_id=mentor.id />
            <dl class="facts">
                <div>
                    <dt>"Time zone"</dt>
                    <dd>{mentor.timezone.clone()} " (" {mentor.utc_offset.clone()} " now)"</dd>
                </div>
                <div>
                    <dt>"Member since"</dt>
                    <dd>{since}</dd>
                </div>
            </dl>
        </article>
    }
}
