//! Sign-up and log-in pages. Each form is an island over a plain `<form method="post">`, so it
//! works before (or without) the WASM bundle; with it, errors appear in place without a reload
//! and nothing typed is lost. Both server functions redirect on success.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::server_fns::{Login, Register};
use crate::ui::forms::{
    FieldMessage, FormEcho, FormError, TextField, field_error, field_error_or_echo, form_error, plain_post_echo,
    plain_post_error_text,
};
use crate::ui::timezone::{TimezoneField, ZoneDatalist};

#[component]
pub fn SignupPage() -> impl IntoView {
    let mentor_checked = use_query_map().with_untracked(|q| q.get("role")).is_some_and(|role| role == "mentor");
    let echo = plain_post_echo("signup");
    // One field's refusal is said next to that field; the banner is for anything else.
    let plain_error = plain_post_error_text().filter(|_| echo.as_ref().is_none_or(|echo| echo.fields.len() != 1));
    view! {
        <Title text="Sign up" />
        <SignupForm mentor_checked plain_error echo />
        <ZoneDatalist />
    }
}

#[island(lazy)]
fn SignupForm(mentor_checked: bool, plain_error: Option<String>, echo: Option<FormEcho>) -> impl IntoView {
    let action = ServerAction::<Register>::new();
    let value = action.value();
    // A plain post that was refused comes back with what was typed (never the password).
    let echo = echo.as_ref();
    let typed = |name: &str| echo.map(|echo| echo.value(name)).unwrap_or_default();
    let mentor_checked = echo.map_or(mentor_checked, |echo| echo.value("role") == "mentor");
    let timezone = Some(typed("timezone")).filter(|zone| !zone.is_empty()).unwrap_or_else(|| "UTC".to_owned());
    let (typed_name, typed_email) = (typed("name"), typed("email"));
    let role_error = field_error_or_echo(value, echo, "role");
    let name_error = field_error_or_echo(value, echo, "name");
    let email_error = field_error_or_echo(value, echo, "email");
    let password_error = field_error_or_echo(value, echo, "password");
    let timezone_error = field_error_or_echo(value, echo, "timezone");
    // Field errors are shown next to their inputs; the banner only summarises.
    let summary = form_error(value, plain_error);
    let pending = action.pending();

    view! {
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
                    value=typed_name
                    autocomplete="name"
                    required=true
                    maxlength=100
                    error=name_error
                />
                <TextField
                    label="Email"
                    name="email"
                    kind="email"
                    value=typed_email
                    autocomplete="email"
                    required=true
                    error=email_error
                />
                <TextField
                    label="Password"
                    name="password"
                    kind="password"
                    autocomplete="new-password"
                    required=true
                    hint="8 to 128 characters. A few unrelated words make a strong password."
                    error=password_error
                />
                <TimezoneField value=timezone adopt_browser=true error=timezone_error />
                <button type="submit" class="button" disabled=pending>
                    {move || if pending.get() { "Creating account…" } else { "Create account" }}
                </button>
            </ActionForm>
            <p class="muted">"Already have an account? " <a href="/login">"Log in"</a></p>
        </section>
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let next = use_query_map().with_untracked(|q| q.get("next")).unwrap_or_default();
    let reset = use_query_map().with_untracked(|q| q.get("reset")).is_some();
    view! {
        <Title text="Log in" />
        {reset.then(|| view! {
            <p class="notice narrow-notice" role="status" data-testid="password-reset-done">
                "Your password has changed and every login has ended. Log in with the new password."
            </p>
        })}
        <LoginForm next plain_error=plain_post_error_text() />
    }
}

#[island(lazy)]
fn LoginForm(next: String, plain_error: Option<String>) -> impl IntoView {
    let action = ServerAction::<Login>::new();
    let value = action.value();
    let pending = action.pending();

    view! {
        <section class="card narrow">
            <h1>"Log in"</h1>
            <FormError message=form_error(value, plain_error) />
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
            <p class="muted">
                <a href="/forgot-password">"Forgot password?"</a>
                " · New here? "
                <a href="/signup">"Create an account"</a>
            </p>
        </section>
    }
}
