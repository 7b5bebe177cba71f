//! Sign-up and log-in pages. Both are plain `<form method="post">` underneath, so they work
//! before (or without) the WASM bundle; with it, errors appear in place without a reload.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::auth::session::use_session;
use crate::ui::forms::{FieldMessage, FormError, TextField, field_error, form_error};

#[component]
pub fn SignupPage() -> impl IntoView {
    let action = use_session().register;
    let value = action.value();
    let role_error = field_error(value, "role");
    // Field errors are shown next to their inputs; the banner only summarises.
    let summary = form_error(value);
    let pending = action.pending();
    let preselected = use_query_map().with_untracked(|q| q.get("role")).unwrap_or_default();
    let mentor_checked = preselected == "mentor";

    view! {
        <Title text="Sign up" />
        <section class="card narrow">
            <h1>"Create your account"</h1>
            <p class="lead">"Join as a mentee to find a mentor, or as a mentor to share what you know."</p>
            <FormError message=summary />
            <ActionForm action attr:class="form" attr:novalidate=true>
                <fieldset class="field role-choice" aria-describedby="field-role-error">
                    <legend>"I want to join as"</legend>
                    <label class="choice">
                        <input type="radio" name="role" value="mentee" checked=!mentor_checked />
                        <span>
                            <strong>"Mentee"</strong>
                            " — find a mentor and book sessions"
                        </span>
                    </label>
                    <label class="choice">
                        <input type="radio" name="role" value="mentor" checked=mentor_checked />
                        <span>
                            <strong>"Mentor"</strong>
                            " — guide others and set your availability"
                        </span>
                    </label>
                    <FieldMessage id="field-role-error".to_owned() error=role_error />
                </fieldset>
                <TextField
                    label="Name"
                    name="name"
                    autocomplete="name"
                    required=true
                    maxlength=100
                    error=field_error(value, "name")
                />
                <TextField
                    label="Email"
                    name="email"
                    kind="email"
                    autocomplete="email"
                    required=true
                    error=field_error(value, "email")
                />
                <TextField
                    label="Password"
                    name="password"
                    kind="password"
                    autocomplete="new-password"
                    required=true
                    hint="8 to 128 characters. A few unrelated words make a strong password."
                    error=field_error(value, "password")
                />
                <button type="submit" class="button" disabled=pending>
                    {move || if pending.get() { "Creating account…" } else { "Create account" }}
                </button>
            </ActionForm>
            <p class="muted">"Already have an account? " <A href="/login">"Log in"</A></p>
        </section>
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let action = use_session().login;
    let value = action.value();
    let pending = action.pending();
    let next = use_query_map().with_untracked(|q| q.get("next")).unwrap_or_default();

    view! {
        <Title text="Log in" />
        <section class="card narrow">
            <h1>"Log in"</h1>
            <FormError message=form_error(value) />
            <ActionForm action attr:class="form" attr:novalidate=true>
                <input type="hidden" name="next" value=next />
                <TextField
                    label="Email"
                    name="email"
                    kind="email"
                    autocomplete="username"
                    required=true
                    error=field_error(value, "email")
                />
                <TextField
                    label="Password"
                    name="password"
                    kind="password"
                    autocomplete="current-password"
                    required=true
                    error=field_error(value, "password")
                />
                <button type="submit" class="button" disabled=pending>
                    {move || if pending.get() { "Logging in…" } else { "Log in" }}
                </button>
            </ActionForm>
            <p class="muted">"New here? " <A href="/signup">"Create an account"</A></p>
        </section>
    }
}
