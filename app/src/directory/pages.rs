//! The directory page. Its search form is a plain GET form: the URL holds the search, so results
//! can be bookmarked and shared, and the page works before the WASM bundle loads.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{A, Form};
use leptos_router::hooks::use_query_map;

use super::server_fns::search_mentors;
use super::{DirectoryQuery, MentorCard, SortOrder};
use crate::error::AppError;
use crate::pagination::Page;
use crate::ui::avatar::Avatar;
use crate::ui::forms::{ErrorAlert, list_refusal};
use crate::url::{percent_encode, query_page, query_word};

/// The search in the URL. Words and numbers are read as the API reads them (an unknown sort
/// is an error, not "match"); the checkboxes send `on`, as HTML forms do.
fn query_from_url() -> Memo<Result<DirectoryQuery, AppError>> {
    let query = use_query_map();
    Memo::new(move |_| {
        query.with(|q| {
            Ok(DirectoryQuery {
                q: q.get("q"),
                skill: q.get("skill"),
                accepting: q.get("accepting").is_some_and(|v| v == "on" || v == "true"),
                has_hours: q.get("has_hours").is_some_and(|v| v == "on" || v == "true"),
                sort: query_word::<SortOrder>(q.get("sort"), "sort")?.unwrap_or_default(),
                page: query_page(q.get("page"))?,
                per_page: Some(12),
            })
        })
    })
}

/// The directory URL for `query` at another page number.
fn page_href(query: &DirectoryQuery, page: u32) -> String {
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
    push("sort", query.sort.as_str());
    push("page", &page.to_string());
    format!("/mentors?{}", params.join("&"))
}

#[component]
pub fn DirectoryPage() -> impl IntoView {
    let query = query_from_url();
    let results = Resource::new(move || query.get(), |query| async move { search_mentors(query?).await });
    let current = query.get_untracked().unwrap_or_default();

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
                        placeholder="Name, skill or topic, e.g. rust"
                        value=current.q.clone().unwrap_or_default()
                        maxlength="100"
                    />
                </div>
                <div class="field">
                    <label for="search-skill">"Skill"</label>
                    <input
                        id="search-skill"
                        name="skill"
                        placeholder="e.g. system design"
                        value=current.skill.clone().unwrap_or_default()
                    />
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
                <label class="choice inline-choice">
                    <input type="checkbox" name="accepting" value="on" checked=current.accepting />
                    <span>"Has a free place"</span>
                </label>
                <label class="choice inline-choice">
                    <input type="checkbox" name="has_hours" value="on" checked=current.has_hours />
                    <span>"Keeps bookable hours"</span>
                </label>
                <button type="submit" class="button">
                    "Search"
                </button>
            </Form>
            <Transition fallback=|| view! { <p class="loading">"Searching mentors…"</p> }>
                {move || Suspend::new(async move {
                    match results.await {
                        Ok(page) => view! { <Results page query=query.get_untracked().unwrap_or_default() /> }.into_any(),
                        Err(err) => {
                            list_refusal(err, "/mentors", "Show all mentors")
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Results(page: Page<MentorCard>, query: DirectoryQuery) -> impl IntoView {
    if page.items.is_empty() {
        let filtered = query.q.is_some() || query.skill.is_some() || query.accepting;
        return view! {
            <div class="empty-state">
                <p>
                    {if filtered {
                        "No mentor matches this search. Try fewer words or another skill."
                    } else {
                        "No mentors have joined yet."
                    }}
                </p>
                {filtered.then(|| view! { <A href="/mentors">"Show all mentors"</A> })}
            </div>
        }
        .into_any();
    }
    let total_pages = page.total_pages();
    let current = page.page;
    let previous = (current > 1).then(|| page_href(&query, current - 1));
    let next = (current < total_pages).then(|| page_href(&query, current + 1));
    view! {
        <p class="muted result-count" aria-live="polite">
            {format!(
                "{} mentor{} found",
                page.total,
                if page.total == 1 { "" } else { "s" },
            )}
        </p>
        <ul class="mentor-grid">
            {page.items.into_iter().map(|mentor| view! { <MentorCardView mentor /> }).collect_view()}
        </ul>
        <nav class="pager" aria-label="Pages">
            {previous.map(|href| view! { <A href=href>"← Previous"</A> })}
            <span>{format!("Page {current} of {}", total_pages.max(1))}</span>
            {next.map(|href| view! { <A href=href>"Next →"</A> })}
        </nav>
    }
    .into_any()
}

#[component]
fn MentorCardView(mentor: MentorCard, #[prop(optional)] reason: Option<String>) -> impl IntoView {
    let href = format!("/mentors/{}", mentor.id);
    let room = if mentor.has_free_place {
        view! { <span class="pill pill-ok">"Has a free place"</span> }.into_any()
    } else if mentor.accepting_mentees {
        view! { <span class="pill pill-muted">"Full"</span> }.into_any()
    } else {
        view! { <span class="pill pill-muted">"Not accepting"</span> }.into_any()
    };
    view! {
        <li class="mentor-card">
            {reason.map(|text| view! { <p class="reason">{text}</p> })}
            <div class="card-person">
                <Avatar name=mentor.name.clone() small=true />
                <div>
                    <h2>
                        <A href=href>{mentor.name.clone()}</A>
                    </h2>
                    <p class="muted">
                        {if mentor.headline.is_empty() { "Mentor".to_owned() } else { mentor.headline.clone() }}
                    </p>
                </div>
            </div>
            <ul class="tags">
                {mentor
                    .skills
                    .iter()
                    .take(6)
                    .map(|skill| view! { <li class="tag">{skill.clone()}</li> })
                    .collect_view()}
            </ul>
            <p class="card-foot">
                {room}
                <RatingBadge average=mentor.rating_average count=mentor.rating_count />
                <span class="muted">{mentor.timezone.clone()}</span>
            </p>
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

/// "Suggested for you" on a mentee's home page.
#[component]
pub fn Suggestions() -> impl IntoView {
    let suggestions = Resource::new(|| (), |_| super::server_fns::load_suggestions());
    view! {
        <section class="suggestions" aria-labelledby="suggestions-heading">
            <h2 id="suggestions-heading">"Suggested for you"</h2>
            <Transition fallback=|| view! { <p class="loading">"Finding mentors for you…"</p> }>
                {move || Suspend::new(async move {
                    match suggestions.await {
                        Ok(list) if list.is_empty() => {
                            view! {
                                <div class="empty-state">
                                    <p>
                                        "No suggestions yet. Add goals to "
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
                                            view! {
                                                <MentorCardView
                                                    mentor=suggestion.mentor
                                                    reason=suggestion.reason
                                                />
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
