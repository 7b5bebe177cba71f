//! The time zone field of the sign-up and profile forms: any IANA zone, in any letter case,
//! picked from a searchable list of every zone with its current UTC offset, starting from the
//! browser's own zone.

use leptos::html::Input;
use leptos::prelude::*;

use crate::profiles::server_fns::load_zone_choices;
use crate::ui::forms::FieldMessage;

/// The list the field searches (a `<datalist>`): rendered by the page, outside the form's island,
/// so its few hundred zones travel once as HTML and never as island data.
#[component]
pub fn ZoneDatalist() -> impl IntoView {
    let choices = Resource::new(|| (), |_| load_zone_choices());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let zones = choices.await.map(|c| c.zones).unwrap_or_default();
                view! {
                    <datalist id="timezone-options">
                        {zones
                            .into_iter()
                            .map(|(name, offset)| view! { <option value=name>{offset}</option> })
                            .collect_view()}
                    </datalist>
                }
            })}
        </Suspense>
    }
}

/// The field itself, inside a form island. `value` is the current zone; when it is the UTC
/// default and the browser says otherwise, `adopt_browser` puts the browser's zone in (sign-up),
/// else a button offers it (the profile, where UTC may be a choice).
#[component]
pub fn TimezoneField(value: String, adopt_browser: bool, #[prop(into)] error: Signal<Option<String>>) -> impl IntoView {
    let input = NodeRef::<Input>::new();
    // What the field shows; typing changes only the element, the browser's zone changes this.
    let shown = RwSignal::new(value.clone());
    let offered = RwSignal::new(None::<String>);
    let is_default = value.is_empty() || value == "UTC";
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        if let (true, Some(zone), Some(field)) = (is_default, crate::time_display::browser_zone(), input.get())
            && zone != "UTC"
            && (field.value().is_empty() || field.value() == "UTC")
        {
            if adopt_browser {
                shown.set(zone);
            } else {
                offered.set(Some(zone));
            }
        }
        let _ = (is_default, adopt_browser, &input);
    });
    let take_offer = move |_| {
        if let Some(zone) = offered.get_untracked() {
            shown.set(zone);
            offered.set(None);
        }
    };
    view! {
        <div class="field" class:field-invalid=move || error.with(Option::is_some)>
            <label for="field-timezone">"Time zone"</label>
            <input
                id="field-timezone"
                name="timezone"
                list="timezone-options"
                node_ref=input
                value=value
                prop:value=shown
                autocomplete="off"
                spellcheck="false"
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby="field-timezone-hint field-timezone-error"
            />
            <p class="field-hint" id="field-timezone-hint">
                "Type to search, e.g. Berlin or Kathmandu. Times are shown to you in this zone."
            </p>
            {move || {
                offered
                    .get()
                    .map(|zone| {
                        view! {
                            <p class="field-hint">
                                <button type="button" class="link-button" on:click=take_offer>
                                    {format!("Use {zone} (your device's zone)")}
                                </button>
                            </p>
                        }
                    })
            }}
            <FieldMessage id="field-timezone-error".to_owned() error=error />
        </div>
    }
}
