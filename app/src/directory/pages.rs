//! The directory page. Its search form is a plain GET form: the URL holds the search, so results
//! can be bookmarked and shared, and the page works before the WASM bundle loads.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{A, Form};
use leptos_router::hooks::use_query_map;

use super::server_fns::{DismissSuggestion, search_mentors};
use super::{
    DirectoryQuery, DirectoryResults, MentorCard, SkillFacet, SortOrder, TextPart, query_text, skill_list, skill_param,
};
use crate::error::AppError;
use crate::ui::avatar::Avatar;
use crate::ui::forms::{ErrorAlert, FormError, list_refusal, plain_post_error};
use crate::url::{percent_encode, query_page, query_word};

/// The search in the URL. Words and numbers are read as the API reads them (an unknown sort
/// is an error, not "match"); the checkboxes send `on`, as HTML forms do.
fn query_from_url() -> Memo<Result<DirectoryQuery, AppError>> {
    let query = use_query_map();
    Memo::new(move |_| {
        query.with(|q| {
            let number =
                |key: &str| -> Result<Option<String>, AppError> { Ok(q.get(key).filter(|value| !value.is_empty())) };
            Ok(DirectoryQuery {
                q: q.get("q"),
                skill: q.get("skill"),
                accepting: q.get("accepting").is_some_and(|v| v == "on" || v == "true"),
                has_hours: q.get("has_hours").is_some_and(|v| v == "on" || v == "true"),
                tz_within: number("tz_within")?
                    .map(|raw| {
                        raw.parse().map_err(|_| AppError::invalid_field("tz_within", "Choose a number of hours."))
                    })
                    .transpose()?,
                tz: q.get("tz").filter(|zone| !zone.is_empty()),
                min_rating: number("min_rating")?
                    .map(|raw| raw.parse().map_err(|_| AppError::invalid_field("min_rating", "Choose a rating.")))
                    .transpose()?,
                sort: query_word::<SortOrder>(q.get("sort"), "sort")?.unwrap_or_default(),
                page: query_page(q.get("page"))?,
                per_page: Some(12),
                facets: true,
            })
        })
    })
}

/// The directory URL for `query` at page `page`.
fn directory_href(query: &DirectoryQuery, page: u32) -> String {
    let mut params = Vec::new();
    let mut push = |key: &str, value: &str| params.push(format!("{key}={}", percent_encode(value)));
    if let Some(q) = query.q.as_deref().filter(|q| !q.is_empty()) {
        push("q", q);
    }
    if let Some(skill) = query.skill.as_deref().filter(|s| !s.is_empty()) {
        push("skill", skill);
    }
    if query.accepting {
        push("accepting", "on");
    }
    if query.has_hours {
        push("has_hours", "on");
    }
    if let Some(hours) = query.tz_within {
        push("tz_within", &hours.to_string());
    }
    if let Some(zone) = query.tz.as_deref() {
        push("tz", zone);
    }
    if let Some(rating) = query.min_rating {
        push("min_rating", &rating.to_string());
    }
    push("sort", query.sort.as_str());
    if page > 1 {
        push("page", &page.to_string());
    }
    format!("/mentors?{}", params.join("&"))
}

/// The same search with `skill` added to or taken out of the required skills, from page 1.
fn toggle_skill_href(query: &DirectoryQuery, skill: &str) -> String {
    let mut skills = skill_list(query.skill.as_deref());
    match skills.iter().position(|chosen| chosen == skill) {
        Some(at) => {
            skills.remove(at);
        }
        None => skills.push(skill.to_owned()),
    }
    directory_href(&DirectoryQuery { skill: skill_param(&skills), ..query.clone() }, 1)
}

#[component]
pub fn DirectoryPage() -> impl IntoView {
    let query = query_from_url();
    let results = Resource::new(move || query.get(), |query| async move { search_mentors(query?).await });
    let current = query.get_untracked().unwrap_or_default();
    let (tz_within, min_rating) = (current.tz_within, current.min_rating);
    let tz_option = move |hours: Option<u32>, label: &'static str| {
        let value = hours.map(|h| h.to_string()).unwrap_or_default();
        view! { <option value=value selected=tz_within == hours>{label}</option> }
    };
    let rating_option = move |rating: Option<f64>, label: &'static str| {
        let value = rating.map(|r| r.to_string()).unwrap_or_default();
        view! { <option value=value selected=min_rating == rating>{label}</option> }
    };

    view! {
        <Title text="Find a mentor" />
        <section class="directory">
            <h1>"Find a mentor"</h1>
            <Form method="GET" action="/mentors" attr:class="search-form" attr:role="search">
                <div class="field search-text">
                    <label for="search-q">"Search"</label>
                    <input
                        id="search-q"
                        type="search"
                        name="q"
                        placeholder="Skill, topic or name, e.g. rust career"
                        value=current.q.clone().unwrap_or_default()
                        maxlength="100"
                        aria-describedby="search-q-hint"
                    />
                    <p id="search-q-hint" class="field-hint">
                        "Every word counts. Use \"quotes\" for a phrase and -word to leave a word out."
                    </p>
                </div>
                <div class="field">
                    <label for="search-skill">"Skills"</label>
                    <input
                        id="search-skill"
                        name="skill"
                        placeholder="e.g. rust, system design"
                        value=current.skill.clone().unwrap_or_default()
                        aria-describedby="search-skill-hint"
                    />
                    <p id="search-skill-hint" class="field-hint">"All of them, separated by commas."</p>
                </div>
                <div class="field">
                    <label for="search-sort">"Sort by"</label>
                    <select id="search-sort" name="sort">
                        <option value="match" selected=current.sort == SortOrder::Match>
                            "Best match"
                        </option>
                        <option value="rating" selected=current.sort == SortOrder::Rating>
                            "Highest rated"
                        </option>
                        <option value="newest" selected=current.sort == SortOrder::Newest>
                            "Newest"
                        </option>
                        <option value="name" selected=current.sort == SortOrder::Name>
                            "Name"
                        </option>
                    </select>
                </div>
                <div class="field">
                    <label for="search-tz">"Time zone"</label>
                    <select id="search-tz" name="tz_within">
                        {tz_option(None, "Any")}
                        {tz_option(Some(0), "Same as mine")}
                        {tz_option(Some(2), "Within 2 hours of mine")}
                        {tz_option(Some(4), "Within 4 hours of mine")}
                        {tz_option(Some(6), "Within 6 hours of mine")}
                    </select>
                </div>
                <div class="field">
                    <label for="search-rating">"Rating"</label>
                    <select id="search-rating" name="min_rating">
                        {rating_option(None, "Any")}
                        {rating_option(Some(3.0), "3 ★ and up")}
                        {rating_option(Some(4.0), "4 ★ and up")}
                        {rating_option(Some(4.5), "4.5 ★ and up")}
                    </select>
                </div>
                <label class="choice inline-choice">
                    <input type="checkbox" name="accepting" value="on" checked=current.accepting />
                    <span>"Has a free place"</span>
                </label>
                <label class="choice inline-choice">
                    <input type="checkbox" name="has_hours" value="on" checked=current.has_hours />
                    <span>"Open hours this week"</span>
                </label>
                <button type="submit" class="button">
                    "Search"
                </button>
            </Form>
            <Transition fallback=|| view! { <p class="loading">"Searching mentors…"</p> }>
                {move || Suspend::new(async move {
                    match results.await {
                        Ok(found) => view! { <Results found query=query.get_untracked().unwrap_or_default() /> }.into_any(),
                        Err(err) => {
                            list_refusal(err, "/mentors", "Show all mentors")
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

/// The skills common among the results, each a link that adds it to (or, once chosen, takes
/// it out of) the required skills.
#[component]
fn Facets(facets: Vec<SkillFacet>, query: DirectoryQuery) -> impl IntoView {
    let chosen = skill_list(query.skill.as_deref());
    let unlisted: Vec<String> =
        chosen.iter().filter(|skill| !facets.iter().any(|f| &f.skill == *skill)).cloned().collect();
    (!facets.is_empty() || !chosen.is_empty()).then(|| {
        view! {
            <nav class="facets" aria-label="Skills among these mentors">
                <h2 class="visually-hidden">"Skills among these mentors"</h2>
                <ul class="tags">
                    {unlisted
                        .into_iter()
                        .map(|skill| {
                            let href = toggle_skill_href(&query, &skill);
                            view! {
                                <li>
                                    <a href=href class="tag facet facet-on" aria-current="true">
                                        {skill.clone()}
                                        <span class="visually-hidden">" (chosen; remove)"</span>
                                        <span aria-hidden="true">" ×"</span>
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()}
                    {facets
                        .into_iter()
                        .map(|facet| {
                            let on = chosen.contains(&facet.skill);
                            let href = toggle_skill_href(&query, &facet.skill);
                            view! {
                                <li>
                                    // A plain link: the router's <A> would mark it as the current page.
                                    <a
                                        href=href
                                        class=if on { "tag facet facet-on" } else { "tag facet" }
                                        aria-current=on.then_some("true")
                                    >
                                        {format!("{} ({})", facet.skill, facet.mentors)}
                                        {on.then(|| view! {
                                            <span class="visually-hidden">" (chosen; remove)"</span>
                                            <span aria-hidden="true">" ×"</span>
                                        })}
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
        }
    })
}

#[component]
fn Results(found: DirectoryResults, query: DirectoryQuery) -> impl IntoView {
    if found.items.is_empty() {
        let filtered = query
            != DirectoryQuery {
                per_page: query.per_page,
                sort: query.sort,
                facets: query.facets,
                ..Default::default()
            };
        return view! {
            <div class="empty-state">
                <p>
                    {if filtered {
                        "No mentor matches this search. Try fewer words, another skill or fewer filters."
                    } else {
                        "No mentors have joined yet."
                    }}
                </p>
                {filtered.then(|| view! { <A href="/mentors">"Show all mentors"</A> })}
            </div>
        }
        .into_any();
    }
    let total_pages = found.total_pages();
    let current = found.page;
    let previous = (current > 1).then(|| directory_href(&query, current - 1));
    let next = (current < total_pages).then(|| directory_href(&query, current + 1));
    let word_count = query_text::parse(query.q.as_deref().unwrap_or_default()).wanted.len();
    view! {
        <p class="muted result-count" aria-live="polite">
            {format!(
                "{} mentor{} found",
                found.total,
                if found.total == 1 { "" } else { "s" },
            )}
        </p>
        <Facets facets=found.facets query=query.clone() />
        <ul class="mentor-grid">
            {found
                .items
                .into_iter()
                .map(|mentor| view! { <MentorCardView mentor word_count /> })
                .collect_view()}
        </ul>
        <nav class="pager" aria-label="Pages">
            {previous.map(|href| view! { <A href=href>"← Previous"</A> })}
            <span>{format!("Page {current} of {}", total_pages.max(1))}</span>
            {next.map(|href| view! { <A href=href>"Next →"</A> })}
        </nav>
    }
    .into_any()
}

/// Text with its matching words in `<mark>`.
fn marked(parts: Vec<TextPart>) -> impl IntoView {
    parts
        .into_iter()
        .map(|part| if part.hit { view! { <mark>{part.text}</mark> }.into_any() } else { part.text.into_any() })
        .collect_view()
}

/// "Matches rust and career", or, when only some of the search words matched, "Matches rust
/// (1 of 2 words)".
fn matched_line(terms: &[String], word_count: usize) -> Option<String> {
    let listed = match terms {
        [] => return None,
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    };
    Some(if terms.len() < word_count {
        format!("Matches {listed} ({} of {word_count} words)", terms.len())
    } else {
        format!("Matches {listed}")
    })
}

#[component]
fn MentorCardView(
    mentor: MentorCard,
    /// Why this mentor is suggested, most important first.
    #[prop(optional)]
    reasons: Vec<String>,
    #[prop(optional)] word_count: usize,
    /// Buttons under the card (a suggestion's "Not for me").
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let href = format!("/mentors/{}", mentor.id);
    let room = if mentor.has_free_place {
        view! { <span class="pill pill-ok">"Has a free place"</span> }.into_any()
    } else if mentor.accepting_mentees {
        view! { <span class="pill pill-muted">"Full"</span> }.into_any()
    } else {
        view! { <span class="pill pill-muted">"Not accepting"</span> }.into_any()
    };
    let matched = mentor.matched.clone().unwrap_or_default();
    let headline = if !matched.headline.is_empty() {
        marked(matched.headline).into_any()
    } else if mentor.headline.is_empty() {
        "Mentor".into_any()
    } else {
        mentor.headline.clone().into_any()
    };
    let hit_skills = matched.skills.clone();
    view! {
        <li class="mentor-card">
            {(!reasons.is_empty())
                .then(|| {
                    view! {
                        <ul class="reasons" aria-label="Why this mentor">
                            {reasons.into_iter().map(|reason| view! { <li>{reason}</li> }).collect_view()}
                        </ul>
                    }
                })}
            {matched_line(&matched.terms, word_count).map(|text| view! { <p class="reason">{text}</p> })}
            <div class="card-person">
                <Avatar name=mentor.name.clone() small=true />
                <div>
                    <h2>
                        <A href=href>{mentor.name.clone()}</A>
                    </h2>
                    <p class="muted">{headline}</p>
                </div>
            </div>
            <ul class="tags">
                {mentor
                    .skills
                    .iter()
                    .take(6)
                    .map(|skill| {
                        if hit_skills.contains(skill) {
                            view! { <li class="tag tag-hit"><mark>{skill.clone()}</mark></li> }.into_any()
                        } else {
                            view! { <li class="tag">{skill.clone()}</li> }.into_any()
                        }
                    })
                    .collect_view()}
            </ul>
            {(!matched.bio.is_empty()).then(|| view! { <p class="snippet">"…" {marked(matched.bio)} "…"</p> })}
            <p class="card-foot">
                {room}
                <RatingBadge average=mentor.rating_average count=mentor.rating_count />
                <span class="muted">{mentor.timezone.clone()}</span>
            </p>
            {children.map(|actions| actions())}
        </li>
    }
}

/// "★ 4.6 (12)", or "No ratings yet".
#[component]
pub fn RatingBadge(average: Option<f64>, count: i32) -> impl IntoView {
    match average {
        Some(average) => {
            let noun = if count == 1 { "rating" } else { "ratings" };
            view! {
                <span class="rating-badge" title=format!("{average:.1} out of 5 from {count} {noun}")>
                    <span aria-hidden="true">"★ "</span>
                    <span class="visually-hidden">"Rated "</span>
                    {format!("{average:.1}")}
                    <span class="muted">{format!(" ({count})")}</span>
                </span>
            }
            .into_any()
        }
        None => view! { <span class="muted small">"No ratings yet"</span> }.into_any(),
    }
}

/// "Suggested for you" on a mentee's home page. "Not for me" dismisses a suggestion for good
/// (a plain form before the page hydrates) and the list refills.
#[component]
pub fn Suggestions() -> impl IntoView {
    let dismiss = ServerAction::<DismissSuggestion>::new();
    let suggestions = Resource::new(move || dismiss.version().get(), |_| super::server_fns::load_suggestions());
    view! {
        <section class="suggestions" aria-labelledby="suggestions-heading">
            <h2 id="suggestions-heading">"Suggested for you"</h2>
            <FormError message=plain_post_error() />
            <Transition fallback=|| view! { <p class="loading">"Finding mentors for you…"</p> }>
                {move || Suspend::new(async move {
                    match suggestions.await {
                        Ok(list) if list.is_empty() => {
                            view! {
                                <div class="empty-state">
                                    <p>
                                        "No suggestions right now. Add goals to "
                                        <A href="/profile">"your profile"</A>
                                        " and we will match them with mentors' skills, or "
                                        <A href="/mentors">"browse all mentors"</A>
                                        "."
                                    </p>
                                </div>
                            }
                                .into_any()
                        }
                        Ok(list) => {
                            view! {
                                <ul class="mentor-grid">
                                    {list
                                        .into_iter()
                                        .map(|suggestion| {
                                            let mentor_id = suggestion.mentor.id.to_string();
                                            let label = format!("Not for me: {}", suggestion.mentor.name);
                                            view! {
                                                <MentorCardView mentor=suggestion.mentor reasons=suggestion.reasons>
                                                    <ActionForm action=dismiss attr:class="inline-form card-action">
                                                        <input type="hidden" name="mentor" value=mentor_id.clone() />
                                                        <button
                                                            type="submit"
                                                            class="link-button"
                                                            aria-label=label.clone()
                                                        >
                                                            "Not for me"
                                                        </button>
                                                    </ActionForm>
                                                </MentorCardView>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
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
