//! The weekly-availability editor (mentors) and the booking page with its slot picker.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::server_fns::{SaveAvailability, load_booking_options, load_my_availability};
use super::{Availability, BookingOptions, DURATIONS, WEEKDAY_NAMES, WeeklyBlock, format_minutes, parse_minutes};
use crate::error::AppError;
use crate::sessions::AGENDA_MAX;
use crate::sessions::server_fns::BookSession;
use crate::ui::forms::{
    ErrorAlert, FieldMessage, FormError, field_error, form_error, login_prompt, plain_post_error_text, reloaded_after,
    reset_after_success,
};

#[component]
pub fn AvailabilityPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_my_availability());
    view! {
        <Title text="Availability" />
        <section class="card wide">
            <h1>"Weekly availability"</h1>
            <Transition fallback=|| view! { <p class="loading">"Loading your availability…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(availability) => {
                            view! { <AvailabilityEditor availability plain_error=plain_post_error_text() /> }.into_any()
                        }
                        Err(AppError::Unauthorized { .. }) => {
                            login_prompt("/availability", "to set your availability.")
                        }
                        Err(err) => view! { <ErrorAlert message=err.to_string() /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// One editable row. `key` only identifies the row while editing; the submitted name uses the
/// row's position, which is also what the server's per-row messages refer to.
#[derive(Clone, Debug, PartialEq)]
struct BlockRow {
    key: usize,
    weekday: u8,
    start: String,
    end: String,
}

/// The weekly grid as an island; after a save it shows the hours as stored.
#[island(lazy)]
fn AvailabilityEditor(availability: Availability, plain_error: Option<String>) -> impl IntoView {
    let save = ServerAction::<SaveAvailability>::new();
    let availability = reloaded_after(save, availability, load_my_availability);
    move || view! { <WeekEditor availability=availability.get() save plain_error=plain_error.clone() /> }
}

#[component]
fn WeekEditor(
    availability: Availability,
    save: ServerAction<SaveAvailability>,
    plain_error: Option<String>,
) -> impl IntoView {
    let value = save.value();
    let pending = save.pending();
    let saved = move || matches!(value.get(), Some(Ok(_)));
    let next_key = StoredValue::new(availability.blocks.len() + availability.days_off.len());
    let rows = RwSignal::new(
        availability
            .blocks
            .iter()
            .enumerate()
            .map(|(key, WeeklyBlock { weekday, start, end })| BlockRow {
                key,
                weekday: *weekday,
                start: start.clone(),
                // A time input cannot show 24:00; 00:00 as an end reads as midnight.
                end: if end == "24:00" { "00:00".to_owned() } else { end.clone() },
            })
            .collect::<Vec<_>>(),
    );
    let days_off = RwSignal::new(availability.days_off.clone());
    let fresh_key = move || {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        key
    };
    let add_block = move |weekday: u8| {
        rows.update(|rows| {
            // A new block is the hour after the day's last one, or 09:00–17:00 on an empty day.
            let day_rows: Vec<&BlockRow> = rows.iter().filter(|r| r.weekday == weekday).collect();
            let last_end = day_rows.iter().filter_map(|r| parse_minutes(&r.end)).filter(|m| *m > 0).max();
            let (start, end) = match (day_rows.is_empty(), last_end) {
                (true, _) => ("09:00".to_owned(), "17:00".to_owned()),
                (false, Some(end)) if end <= 1380 => (format_minutes(end), format_minutes(end + 60)),
                // After a block until late, or one still being typed: an empty row to fill in.
                (false, _) => (String::new(), String::new()),
            };
            rows.push(BlockRow { key: fresh_key(), weekday, start, end });
        })
    };

    view! {
        <p class="muted">
            "Mentees can book sessions inside these blocks, every week. Times are in your time zone, "
            <strong>{availability.timezone.clone()}</strong>
            " (change it on "
            <a href="/profile">"your profile"</a>
            "). Sessions can be booked from 12 hours to 8 weeks ahead."
        </p>
        <FormError message=form_error(value, plain_error) />
        {move || {
            saved()
                .then(|| {
                    view! {
                        <div class="alert alert-success" role="status">
                            "Availability saved."
                        </div>
                    }
                })
        }}
        <ActionForm action=save attr:class="form week-form" attr:novalidate=true>
            <div class="week-grid">
                {(1..=7u8)
                    .map(|weekday| {
                        let day = WEEKDAY_NAMES[usize::from(weekday - 1)];
                        view! {
                            <fieldset class="week-day">
                                <legend>{day}</legend>
                                {move || {
                                    let all = rows.get();
                                    let day_rows: Vec<(usize, BlockRow)> = all
                                        .into_iter()
                                        .enumerate()
                                        .filter(|(_, row)| row.weekday == weekday)
                                        .collect();
                                    if day_rows.is_empty() {
                                        view! { <p class="muted small">"Not available"</p> }.into_any()
                                    } else {
                                        day_rows
                                            .into_iter()
                                            .map(|(index, row)| view! { <BlockInputs index row rows value /> })
                                            .collect_view()
                                            .into_any()
                                    }
                                }}
                                <button
                                    type="button"
                                    class="button button-small button-secondary"
                                    aria-label=format!("Add a block on {day}")
                                    on:click=move |_| add_block(weekday)
                                >
                                    "+ Add block"
                                </button>
                            </fieldset>
                        }
                    })
                    .collect_view()}
            </div>
            <fieldset class="days-off">
                <legend>"Days off"</legend>
                <p class="field-hint">"Whole dates without any slots, in your time zone."</p>
                {move || {
                    let list = days_off.get();
                    if list.is_empty() {
                        view! { <p class="muted small">"No days off planned."</p> }.into_any()
                    } else {
                        list.into_iter()
                            .enumerate()
                            .map(|(index, day)| view! { <DayOffInput index day days_off value /> })
                            .collect_view()
                            .into_any()
                    }
                }}
                <button
                    type="button"
                    class="button button-small button-secondary"
                    on:click=move |_| days_off.update(|days| days.push(String::new()))
                >
                    "+ Add a day off"
                </button>
            </fieldset>
            <button type="submit" class="button" disabled=pending>
                {move || if pending.get() { "Saving…" } else { "Save availability" }}
            </button>
        </ActionForm>
    }
}

#[component]
fn BlockInputs(
    index: usize,
    row: BlockRow,
    rows: RwSignal<Vec<BlockRow>>,
    value: MappedSignal<Option<Result<Availability, AppError>>>,
) -> impl IntoView {
    let key = row.key;
    let day = WEEKDAY_NAMES[usize::from(row.weekday - 1)];
    let error = Signal::derive(move || {
        value.with(|result| match result {
            Some(Err(err)) => err.field(&format!("blocks[{index}]")),
            _ => None,
        })
    });
    let error_id = format!("block-{key}-error");
    // Typing updates the stored row without re-rendering, so focus stays where it is; adding or
    // removing a row re-renders the day from these values.
    let remember = move |start: Option<String>, end: Option<String>| {
        rows.update_untracked(|rows| {
            if let Some(row) = rows.iter_mut().find(|r| r.key == key) {
                if let Some(start) = start {
                    row.start = start;
                }
                if let Some(end) = end {
                    row.end = end;
                }
            }
        })
    };
    view! {
        <div class="block-row" class:field-invalid=move || error.with(Option::is_some)>
            <input type="hidden" name=format!("blocks[{index}][weekday]") value=row.weekday />
            <label class="visually-hidden" for=format!("block-{key}-start")>
                {format!("{day} block starts")}
            </label>
            <input
                id=format!("block-{key}-start")
                type="time"
                step="900"
                name=format!("blocks[{index}][start]")
                value=row.start.clone()
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=error_id.clone()
                on:change=move |ev| remember(Some(event_target_value(&ev)), None)
            />
            <span aria-hidden="true">"–"</span>
            <label class="visually-hidden" for=format!("block-{key}-end")>
                {format!("{day} block ends")}
            </label>
            <input
                id=format!("block-{key}-end")
                type="time"
                step="900"
                name=format!("blocks[{index}][end]")
                value=row.end.clone()
                title="00:00 as an end means midnight"
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=error_id.clone()
                on:change=move |ev| remember(None, Some(event_target_value(&ev)))
            />
            <button
                type="button"
                class="link-button remove"
                aria-label=format!("Remove {day} block {}–{}", row.start, row.end)
                on:click=move |_| rows.update(|rows| rows.retain(|r| r.key != key))
            >
                "Remove"
            </button>
            <FieldMessage id=error_id.clone() error />
        </div>
    }
}

#[component]
fn DayOffInput(
    index: usize,
    day: String,
    days_off: RwSignal<Vec<String>>,
    value: MappedSignal<Option<Result<Availability, AppError>>>,
) -> impl IntoView {
    let error = Signal::derive(move || {
        value.with(|result| match result {
            Some(Err(err)) => err.field(&format!("days_off[{index}]")),
            _ => None,
        })
    });
    let id = format!("day-off-{index}");
    let error_id = format!("{id}-error");
    view! {
        <div class="block-row" class:field-invalid=move || error.with(Option::is_some)>
            <label class="visually-hidden" for=id.clone()>
                "Day off"
            </label>
            <input
                id=id
                type="date"
                name=format!("days_off[{index}]")
                value=day.clone()
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=error_id.clone()
                on:change=move |ev| {
                    let picked = event_target_value(&ev);
                    days_off.update_untracked(|days| {
                        if let Some(slot) = days.get_mut(index) {
                            *slot = picked;
                        }
                    })
                }
            />
            <button
                type="button"
                class="link-button remove"
                aria-label=format!("Remove day off {day}")
                on:click=move |_| {
                    days_off
                        .update(|days| {
                            if index < days.len() {
                                days.remove(index);
                            }
                        })
                }
            >
                "Remove"
            </button>
            <FieldMessage id=error_id error />
        </div>
    }
}

/// `/mentors/:id/book`: a week of open times in the viewer's zone, and the booking form.
#[component]
pub fn BookingPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let choice = move || {
        (
            params.with(|p| p.get("id").unwrap_or_default()),
            query.with(|q| q.get("week")),
            query.with(|q| q.get("duration").and_then(|d| d.parse::<u32>().ok())),
        )
    };
    let options = Resource::new(choice, |(id, week, duration)| load_booking_options(id, week, duration));
    view! {
        <Title text="Book a session" />
        <section class="card wide">
            <Transition fallback=|| view! { <p class="loading">"Loading open times…"</p> }>
                {move || Suspend::new(async move {
                    match options.await {
                        Ok(options) => {
                            let (_, week, duration) = choice();
                            view! { <BookingForm options week duration plain_error=plain_post_error_text() /> }
                                .into_any()
                        }
                        Err(err) => {
                            view! {
                                <h1>"Book a session"</h1>
                                <ErrorAlert message=err.to_string() />
                            }
                                .into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

/// The slot picker as an island; after a booking it shows the week again, without the booked time.
#[island(lazy)]
fn BookingForm(
    options: BookingOptions,
    week: Option<String>,
    duration: Option<u32>,
    plain_error: Option<String>,
) -> impl IntoView {
    let book = ServerAction::<BookSession>::new();
    let form = NodeRef::new();
    reset_after_success(book, form);
    let mentor_id = options.mentor_id.to_string();
    let options =
        reloaded_after(book, options, move || load_booking_options(mentor_id.clone(), week.clone(), duration));
    move || view! { <SlotPicker options=options.get() book form plain_error=plain_error.clone() /> }
}

#[component]
fn SlotPicker(
    options: BookingOptions,
    book: ServerAction<BookSession>,
    form: NodeRef<leptos::html::Form>,
    plain_error: Option<String>,
) -> impl IntoView {
    let value = book.value();
    let pending = book.pending();
    let starts_at_error = field_error(value, "starts_at");
    let agenda_error = field_error(value, "agenda");
    let BookingOptions {
        mentor_id,
        mentor_name,
        mentor_timezone,
        viewer_timezone,
        duration_minutes,
        cannot_book,
        week_start,
        previous_week,
        next_week,
        days,
    } = options;
    let base = format!("/mentors/{mentor_id}/book");
    let week_link = {
        let base = base.clone();
        move |week: &str| format!("{base}?week={week}&duration={duration_minutes}")
    };
    let duration_tabs = DURATIONS
        .into_iter()
        .map(|minutes| {
            let href = format!("{base}?week={week_start}&duration={minutes}");
            view! {
                <a href=href class="tab" aria-current=(minutes == duration_minutes).then_some("page")>
                    {format!("{minutes} min")}
                </a>
            }
        })
        .collect_view();
    let can_book = cannot_book.is_none();
    let empty = days.is_empty();
    let day_groups = days
        .into_iter()
        .map(|day| {
            let legend = day.label.clone();
            let legend_for_label = day.label.clone();
            view! {
                <fieldset class="slot-day">
                    <legend>{legend}</legend>
                    <div class="slot-options">
                        {day
                            .slots
                            .into_iter()
                            .map(|slot| {
                                let value = slot.starts_at.to_rfc3339();
                                if can_book {
                                    view! {
                                        <label class="slot">
                                            <input type="radio" name="starts_at" value=value required=true />
                                            <span>
                                                <span class="visually-hidden">{format!("{legend_for_label} ")}</span>
                                                <span class="slot-time">{slot.label}</span>
                                            </span>
                                        </label>
                                    }
                                        .into_any()
                                } else {
                                    view! { <span class="slot slot-readonly">{slot.label}</span> }.into_any()
                                }
                            })
                            .collect_view()}
                    </div>
                </fieldset>
            }
        })
        .collect_view();
    let week_nav = view! {
        <nav class="pager" aria-label="Weeks">
            {previous_week.map(|week| view! { <a href=week_link(&week)>"← Earlier"</a> })}
            <span class="muted">"Week from " {week_start.clone()}</span>
            {next_week.map(|week| view! { <a href=week_link(&week)>"Later →"</a> })}
        </nav>
    };
    let profile_href = format!("/mentors/{mentor_id}");
    let heading_name = mentor_name.clone();
    view! {
        <h1>"Book a session with " <a href=profile_href>{heading_name}</a></h1>
        <p class="muted">
            "Times are shown in " <strong>{viewer_timezone}</strong> " · "
            {mentor_name.clone()} " keeps their hours in " {mentor_timezone} "."
        </p>
        {cannot_book.map(|reason| view! { <div class="alert alert-info" role="status">{reason}</div> })}
        {move || {
            value.get().and_then(Result::ok).map(|booked| {
                view! {
                    <div class="alert alert-success" role="status">
                        "Session booked: " <strong>{booked.when}</strong> ". " <a href="/sessions">"See your sessions"</a>
                    </div>
                }
            })
        }}
        <FormError message=form_error(value, plain_error) />
        <nav class="tabs" aria-label="Session length">
            {duration_tabs}
        </nav>
        {week_nav}
        <ActionForm action=book node_ref=form attr:class="form booking-form" attr:novalidate=true>
            <input type="hidden" name="mentor_id" value=mentor_id.to_string() />
            <input type="hidden" name="duration_minutes" value=duration_minutes />
            {if empty {
                view! {
                    <div class="empty-state">
                        <p>"No open times this week. Try a later week or a shorter session."</p>
                    </div>
                }
                    .into_any()
            } else {
                view! {
                    <div class="slot-days" role="group" aria-label="Open times" aria-describedby="field-starts_at-error">
                        {day_groups}
                    </div>
                }
                    .into_any()
            }}
            <FieldMessage id="field-starts_at-error".to_owned() error=starts_at_error />
            {can_book
                .then(|| {
                    view! {
                        <div class="field" class:field-invalid=move || agenda_error.with(Option::is_some)>
                            <label for="field-agenda">"Agenda"</label>
                            <textarea
                                id="field-agenda"
                                name="agenda"
                                rows="3"
                                maxlength=AGENDA_MAX
                                placeholder="What would you like to talk about?"
                                aria-invalid=move || agenda_error.with(Option::is_some).then_some("true")
                                aria-describedby="field-agenda-error"
                            ></textarea>
                            <FieldMessage id="field-agenda-error".to_owned() error=agenda_error />
                        </div>
                        <button type="submit" class="button" disabled=move || pending.get() || empty>
                            {move || if pending.get() { "Booking…" } else { "Book session" }}
                        </button>
                    }
                })}
        </ActionForm>
    }
}

/// "Bookable times" on a mentor's page: the next open hours in the viewer's zone, and the way
/// to the booking page.
#[component]
pub fn NextOpenTimes(mentor_id: uuid::Uuid) -> impl IntoView {
    let options = Resource::new(|| (), move |_| load_booking_options(mentor_id.to_string(), None, Some(60)));
    let book_href = format!("/mentors/{mentor_id}/book");
    view! {
        <section aria-labelledby="times-heading">
            <h2 id="times-heading">"Bookable times"</h2>
            <Transition fallback=|| view! { <p class="loading">"Loading open times…"</p> }>
                {move || {
                    let book_href = book_href.clone();
                    Suspend::new(async move {
                        match options.await {
                            Ok(options) => view! { <OpenTimesSummary options book_href /> }.into_any(),
                            Err(err) => view! { <ErrorAlert message=err.to_string() /> }.into_any(),
                        }
                    })
                }}
            </Transition>
        </section>
    }
}

#[component]
fn OpenTimesSummary(options: BookingOptions, book_href: String) -> impl IntoView {
    const DAYS_SHOWN: usize = 3;
    const TIMES_PER_DAY: usize = 6;
    let action = if options.cannot_book.is_none() { "Book a session" } else { "See all open times" };
    let summary = if options.days.is_empty() {
        view! { <p class="muted">"No open hour-long times in the next seven days."</p> }.into_any()
    } else {
        view! {
            <p class="muted small">"Hour-long sessions this week, in " {options.viewer_timezone.clone()} ":"</p>
            <dl class="open-times">
                {options
                    .days
                    .into_iter()
                    .take(DAYS_SHOWN)
                    .map(|day| {
                        let more = day.slots.len().saturating_sub(TIMES_PER_DAY);
                        let times = day.slots.iter().take(TIMES_PER_DAY).map(|slot| slot.label.clone()).collect::<Vec<_>>();
                        view! {
                            <div>
                                <dt>{day.label}</dt>
                                <dd>
                                    {times.join(" · ")}
                                    {(more > 0).then(|| format!(" and {more} more"))}
                                </dd>
                            </div>
                        }
                    })
                    .collect_view()}
            </dl>
        }
        .into_any()
    };
    view! {
        {summary}
        <p>
            <A href=book_href attr:class="button button-secondary">
                {action}
            </A>
        </p>
    }
}
