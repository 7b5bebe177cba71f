//! The admins' matching rounds: the list with a form to open one, and a round's page —
//! compute the best pairs, review them with their scores and reasons, remove, swap or never
//! pair, then publish. Every button is a form, so it works before the page hydrates.

use std::collections::HashMap;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use uuid::Uuid;

use super::server_fns::{
    ComputeRound, EditRoundPairs, ExcludeRoundPair, OpenRound, PublishRound, load_round, load_rounds,
};
use super::{Round, RoundStatus, RoundSummary};
use crate::admin::pages::{AdminTabs, refused};
use crate::pagination::{Page, PageParams};
use crate::time_display::at;
use crate::ui::forms::{FormError, plain_post_error};
use crate::ui::pager::Pager;
use crate::ui::zone::viewer_zone;

#[component]
pub fn AdminRoundsPage() -> impl IntoView {
    let query = use_query_map();
    let page = Memo::new(move |_| query.with(|q| q.get("page").and_then(|p| p.parse::<u32>().ok())));
    let open = ServerAction::<OpenRound>::new();
    let rounds = Resource::new(move || page.get(), |page| load_rounds(PageParams::page(page)));
    let zone = viewer_zone();
    let month_ago = (chrono::Utc::now() - chrono::Duration::days(30)).format("%Y-%m-%d").to_string();
    let open_error = Signal::derive(move || {
        open.value()
            .get()
            .and_then(|result| result.err())
            .map(|err| err.to_string())
            .or_else(|| plain_post_error().get())
    });
    view! {
        <Title text="Matching rounds · Admin" />
        <section class="card wide">
            <h1>"Matching rounds"</h1>
            <AdminTabs current="/admin/rounds" />
            <p class="muted">
                "Place a group of mentees at once: the app proposes the pairs with the highest total match score (the score of \"Suggested for you\"), within each mentor's free places. Review and edit them, then publish: each pair becomes a request from the programme that the mentor accepts or declines."
            </p>
            <ActionForm action=open attr:class="form round-open">
                <h2>"Open a round"</h2>
                <FormError message=open_error />
                <div class="field">
                    <label for="round-name">"Name"</label>
                    <input id="round-name" name="name" required maxlength="120" placeholder="e.g. Spring cohort" />
                </div>
                <div class="field">
                    <label for="round-since">"Mentees without a mentor who joined since"</label>
                    <input id="round-since" name="joined_since" type="date" required value=month_ago />
                    <p class="field-hint">"With every listed mentor who has a free place."</p>
                </div>
                <div class="field">
                    <label for="round-topic">"Only this topic (optional)"</label>
                    <input id="round-topic" name="topic" maxlength="40" placeholder="e.g. rust" aria-describedby="round-topic-hint" />
                    <p id="round-topic-hint" class="field-hint">"Mentees with it among their goals, mentors with it among their skills."</p>
                </div>
                <button type="submit" class="button">"Open the round"</button>
            </ActionForm>
            <Transition fallback=|| view! { <p class="loading">"Loading rounds…"</p> }>
                {move || Suspend::new(async move {
                    let zone = zone.await;
                    match rounds.await {
                        Ok(page) => view! { <RoundList page zone /> }.into_any(),
                        Err(err) => refused(err, "/admin/rounds"),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn RoundList(page: Page<RoundSummary>, zone: String) -> impl IntoView {
    if page.items.is_empty() {
        return view! { <div class="empty-state"><p>"No rounds yet."</p></div> }.into_any();
    }
    let (current, pages) = (page.page, page.total_pages());
    view! {
        <div class="table-wrap">
        <table class="data-table">
            <caption class="visually-hidden">"Matching rounds"</caption>
            <thead>
                <tr>
                    <th scope="col">"Round"</th>
                    <th scope="col">"Status"</th>
                    <th scope="col">"Mentees"</th>
                    <th scope="col">"Mentors"</th>
                    <th scope="col">"Pairs"</th>
                    <th scope="col">"Opened"</th>
                </tr>
            </thead>
            <tbody>
                {page
                    .items
                    .into_iter()
                    .map(|round| {
                        view! {
                            <tr>
                                <td><a href=format!("/admin/rounds/{}", round.id)>{round.name}</a></td>
                                <td>{status_label(round.status)}</td>
                                <td>{round.mentees}</td>
                                <td>{round.mentors}</td>
                                <td>{round.pairs}</td>
                                <td>{at(round.created_at, &zone)}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
        </div>
        <Pager current pages href=|n| format!("/admin/rounds?page={n}") />
    }
    .into_any()
}

/// "1 request sent", "3 requests sent".
fn requests(count: i64, what: &str) -> String {
    let noun = if count == 1 { "request" } else { "requests" };
    format!("{count} {noun} {what}")
}

fn status_label(status: RoundStatus) -> &'static str {
    match status {
        RoundStatus::Draft => "Draft",
        RoundStatus::Published => "Published",
    }
}

#[component]
pub fn AdminRoundPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let compute = ServerAction::<ComputeRound>::new();
    let edit = ServerAction::<EditRoundPairs>::new();
    let exclude = ServerAction::<ExcludeRoundPair>::new();
    let publish = ServerAction::<PublishRound>::new();
    let changes =
        move || (compute.version().get(), edit.version().get(), exclude.version().get(), publish.version().get());
    let round = Resource::new(move || (id(), changes()), |(id, _)| load_round(id));
    let zone = viewer_zone();
    let action_error = Signal::derive(move || {
        let errors = [
            compute.value().get().and_then(|r| r.err()),
            edit.value().get().and_then(|r| r.err()),
            exclude.value().get().and_then(|r| r.err()),
            publish.value().get().and_then(|r| r.err()),
        ];
        errors.into_iter().flatten().next().map(|err| err.to_string()).or_else(|| plain_post_error().get())
    });
    let actions = RoundActions { compute, edit, exclude, publish };
    view! {
        <Title text="Matching round · Admin" />
        <section class="card wide">
            <p><a href="/admin/rounds">"← All rounds"</a></p>
            <FormError message=action_error />
            <Transition fallback=|| view! { <p class="loading">"Loading the round…"</p> }>
                {move || Suspend::new(async move {
                    let zone = zone.await;
                    match round.await {
                        Ok(round) => view! { <RoundView round zone actions /> }.into_any(),
                        Err(err) => refused(err, "/admin/rounds"),
                    }
                })}
            </Transition>
        </section>
    }
}

#[derive(Clone, Copy)]
struct RoundActions {
    compute: ServerAction<ComputeRound>,
    edit: ServerAction<EditRoundPairs>,
    exclude: ServerAction<ExcludeRoundPair>,
    publish: ServerAction<PublishRound>,
}

#[component]
fn RoundView(round: Round, zone: String, actions: RoundActions) -> impl IntoView {
    let names: HashMap<Uuid, String> =
        round.mentees.iter().chain(round.mentors.iter()).map(|m| (m.id, m.name.clone())).collect();
    let name = move |id: &Uuid| names.get(id).cloned().unwrap_or_else(|| "(left the programme)".into());
    let draft = round.status == RoundStatus::Draft;
    let id = round.id.to_string();
    let places: i32 = round.mentors.iter().filter_map(|m| m.free_places).sum();
    let pairs = round.assignment.pairs.clone();
    let others: Vec<(String, String)> = pairs.iter().map(|p| (p.mentee_id.to_string(), name(&p.mentee_id))).collect();
    let status = match (round.status, round.published_at) {
        (RoundStatus::Published, Some(when)) => {
            format!("Published {} · {}", at(when, &zone), requests(round.requests_sent, "sent"))
        }
        _ if round.computed_at.is_some() => "Draft · pairs proposed".to_owned(),
        _ => "Draft · not computed yet".to_owned(),
    };
    view! {
        <h1>{round.name.clone()}</h1>
        <p class="muted" data-testid="round-status">{status}</p>
        <p>
            {format!(
                "{} mentees to place · {} mentors with {} free places · {} never-pair rules",
                round.mentees.len(),
                round.mentors.len(),
                places,
                round.exclusions.len(),
            )}
        </p>
        {draft
            .then(|| {
                let (compute_id, publish_id) = (id.clone(), id.clone());
                view! {
                    <div class="round-actions">
                        <ActionForm action=actions.compute attr:class="inline-form">
                            <input type="hidden" name="id" value=compute_id />
                            <button type="submit" class="button">
                                {if round.computed_at.is_some() { "Compute again" } else { "Compute the best pairs" }}
                            </button>
                        </ActionForm>
                        {(!pairs.is_empty())
                            .then(|| {
                                view! {
                                    <ActionForm action=actions.publish attr:class="inline-form">
                                        <input type="hidden" name="id" value=publish_id />
                                        <button type="submit" class="button button-secondary">
                                            {format!("Publish {}", requests(pairs.len() as i64, "").trim_end())}
                                        </button>
                                    </ActionForm>
                                }
                            })}
                    </div>
                }
            })}
        {(round.computed_at.is_some())
            .then(|| {
                view! {
                    <h2>{format!("Pairs · total score {}", round.assignment.total_score)}</h2>
                    {if round.assignment.pairs.is_empty() {
                        view! { <p class="empty-state">"No pairs. Compute the round, or check the mentors' free places."</p> }.into_any()
                    } else {
                        view! {
                            <div class="table-wrap">
                            <table class="data-table round-pairs">
                                <caption class="visually-hidden">"Proposed pairs"</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">"Mentee"</th>
                                        <th scope="col">"Mentor"</th>
                                        <th scope="col">"Score"</th>
                                        <th scope="col">"Why"</th>
                                        {draft.then(|| view! { <th scope="col">"Change"</th> })}
                                    </tr>
                                </thead>
                                <tbody>
                                    {round
                                        .assignment
                                        .pairs
                                        .iter()
                                        .map(|pair| {
                                            let mentee = name(&pair.mentee_id);
                                            let mentor = name(&pair.mentor_id);
                                            let mentee_id = pair.mentee_id.to_string();
                                            let mentor_id = pair.mentor_id.to_string();
                                            let swap_choices: Vec<(String, String)> = others
                                                .iter()
                                                .filter(|(other, _)| *other != mentee_id)
                                                .cloned()
                                                .collect();
                                            view! {
                                                <tr>
                                                    <th scope="row">{mentee.clone()}</th>
                                                    <td>{mentor.clone()}</td>
                                                    <td>{pair.score}</td>
                                                    <td class="small">{pair.reasons.join("; ")}</td>
                                                    {draft
                                                        .then(|| {
                                                            view! {
                                                                <PairEdit
                                                                    round_id=id.clone()
                                                                    mentee_id
                                                                    mentor_id
                                                                    mentee
                                                                    mentor
                                                                    swap_choices
                                                                    actions
                                                                />
                                                            }
                                                        })}
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                            </div>
                        }.into_any()
                    }}
                    {(!round.assignment.unplaced.is_empty())
                        .then(|| {
                            view! {
                                <h2>{format!("Not placed ({})", round.assignment.unplaced.len())}</h2>
                                <ul class="unplaced">
                                    {round
                                        .assignment
                                        .unplaced
                                        .iter()
                                        .map(|left| view! { <li>{name(&left.mentee_id)} " — " {left.reason.clone()}</li> })
                                        .collect_view()}
                                </ul>
                            }
                        })}
                }
            })}
    }
}

/// A pair's buttons: remove it, never pair the two, or swap mentors with another pair.
#[component]
fn PairEdit(
    round_id: String,
    mentee_id: String,
    mentor_id: String,
    mentee: String,
    mentor: String,
    swap_choices: Vec<(String, String)>,
    actions: RoundActions,
) -> impl IntoView {
    let remove_label = format!("Remove the pair {mentee} and {mentor}");
    let never_label = format!("Never pair {mentee} and {mentor}");
    let swap_label = format!("Swap {mentee}'s mentor with");
    let swap_button = format!("Swap {mentee}'s mentor");
    let select_id = format!("swap-{mentee_id}");
    let (id_remove, id_never, id_swap) = (round_id.clone(), round_id.clone(), round_id);
    let (mentee_remove, mentee_never, mentee_swap) = (mentee_id.clone(), mentee_id.clone(), mentee_id);
    let swap = (!swap_choices.is_empty()).then(move || {
        view! {
            <ActionForm action=actions.edit attr:class="inline-form">
                <input type="hidden" name="id" value=id_swap />
                <input type="hidden" name="mentee" value=mentee_swap />
                <label for=select_id.clone() class="visually-hidden">{swap_label}</label>
                <select id=select_id name="swap_with">
                    {swap_choices
                        .into_iter()
                        .map(|(value, label)| view! { <option value=value>{label}</option> })
                        .collect_view()}
                </select>
                <button type="submit" class="link-button" aria-label=swap_button>"Swap mentors"</button>
            </ActionForm>
        }
    });
    view! {
        <td>
            <div class="pair-edit">
            <ActionForm action=actions.edit attr:class="inline-form">
                <input type="hidden" name="id" value=id_remove />
                <input type="hidden" name="mentee" value=mentee_remove />
                <button type="submit" class="link-button" aria-label=remove_label>"Remove"</button>
            </ActionForm>
            <ActionForm action=actions.exclude attr:class="inline-form">
                <input type="hidden" name="id" value=id_never />
                <input type="hidden" name="mentee" value=mentee_never />
                <input type="hidden" name="mentor" value=mentor_id />
                <button type="submit" class="link-button" aria-label=never_label>"Never pair"</button>
            </ActionForm>
            {swap}
            </div>
        </td>
    }
}
