//! Account pages: forgot password, reset password, confirm a new email, unsubscribe, and the
//! member's settings (password, email, email preferences, logins, their data, deleting the
//! account). Plain forms: they work the same with or without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::server_fns::{
    AccountSettings, AdminDeleteUser, ChangeEmail, ChangePassword, ConfirmEmail, DeleteAccount, EndLogin,
    EndOtherLogins, ForgotPassword, ResetPassword, SaveEmailPreferences, Unsubscribe, load_deletion_preview,
    load_settings,
};
use super::{DeletionPreview, LoginInfo, RESET_SENT, describe_device};
use crate::error::AppError;
use crate::mail::EmailKind;
use crate::time_display::at;
use crate::ui::forms::{FormEcho, FormError, TextField, login_prompt, plain_post_echo, plain_post_error_text};
use crate::ui::zone::viewer_zone;

/// A field's error from the refused plain post it came back from.
fn echoed(echo: &Option<FormEcho>, field: &str) -> Signal<Option<String>> {
    let error = echo.as_ref().and_then(|echo| echo.fields.get(field).cloned());
    Signal::derive(move || error.clone())
}

/// The banner for a refused post whose error is not about one field.
fn banner(echo: &Option<FormEcho>) -> Signal<Option<String>> {
    let text = plain_post_error_text().filter(|_| echo.as_ref().is_none_or(|echo| echo.fields.len() != 1));
    Signal::derive(move || text.clone())
}

fn query(name: &str) -> Option<String> {
    use_query_map().with_untracked(|q| q.get(name)).filter(|value| !value.is_empty())
}

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let action = ServerAction::<ForgotPassword>::new();
    let echo = plain_post_echo("forgot");
    let sent = query("sent").is_some();
    view! {
        <Title text="Forgot password" />
        <section class="card narrow">
            <h1>"Forgot your password?"</h1>
            {sent.then(|| view! { <p class="notice" role="status" data-testid="reset-sent">{RESET_SENT}</p> })}
            <p class="lead">"Enter the email address of your account and we will send you a link to choose a new password."</p>
            <FormError message=banner(&echo) />
            <ActionForm action attr:class="form" attr:novalidate=true>
                <TextField
                    label="Email"
                    name="email"
                    kind="email"
                    value=echo.as_ref().map(|echo| echo.value("email")).unwrap_or_default()
                    autocomplete="email"
                    required=true
                    error=echoed(&echo, "email")
                />
                <button type="submit" class="button">"Send me a link"</button>
            </ActionForm>
            <p class="muted"><a href="/login">"Back to log in"</a></p>
        </section>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let action = ServerAction::<ResetPassword>::new();
    let echo = plain_post_echo("reset");
    let token = query("token").unwrap_or_default();
    view! {
        <Title text="Choose a new password" />
        <section class="card narrow">
            <h1>"Choose a new password"</h1>
            <FormError message=banner(&echo) />
            {echoed(&echo, "token").get_untracked().map(|error| view! {
                <div class="alert alert-error" role="alert">
                    <p>{error}</p>
                    <p><a href="/forgot-password">"Ask for a new link"</a></p>
                </div>
            })}
            {if token.is_empty() {
                view! {
                    <p>"This page needs the link from your email. "<a href="/forgot-password">"Ask for a link"</a></p>
                }
                    .into_any()
            } else {
                view! {
                    <ActionForm action attr:class="form" attr:novalidate=true>
                        <input type="hidden" name="token" value=token />
                        <TextField
                            label="New password"
                            name="password"
                            kind="password"
                            autocomplete="new-password"
                            required=true
                            hint="8 to 128 characters. Choosing it logs you out everywhere."
                            error=echoed(&echo, "password")
                        />
                        <button type="submit" class="button">"Set my new password"</button>
                    </ActionForm>
                }
                    .into_any()
            }}
        </section>
    }
}

#[component]
pub fn ConfirmEmailPage() -> impl IntoView {
    let action = ServerAction::<ConfirmEmail>::new();
    let token = query("token").unwrap_or_default();
    let done = query("done").is_some();
    let error = plain_post_error_text();
    view! {
        <Title text="Confirm your new email" />
        <section class="card narrow">
            <h1>"Confirm your new email"</h1>
            <FormError message=Signal::derive(move || error.clone()) />
            {if done {
                view! {
                    <p class="notice" role="status" data-testid="email-confirmed">
                        "Your email address has changed. Use the new address to log in from now on."
                    </p>
                    <p><a href="/settings" class="button">"Back to settings"</a></p>
                }
                    .into_any()
            } else {
                view! {
                    <p>"Press the button to make this the email address of your account."</p>
                    <ActionForm action attr:class="form">
                        <input type="hidden" name="token" value=token />
                        <button type="submit" class="button">"Confirm my new address"</button>
                    </ActionForm>
                }
                    .into_any()
            }}
        </section>
    }
}

#[component]
pub fn UnsubscribePage() -> impl IntoView {
    let action = ServerAction::<Unsubscribe>::new();
    let token = query("token").unwrap_or_default();
    let done = query("done").and_then(|kind| EmailKind::parse(&kind));
    let error = plain_post_error_text();
    view! {
        <Title text="Unsubscribe" />
        <section class="card narrow">
            <h1>"Stop these emails"</h1>
            <FormError message=Signal::derive(move || error.clone()) />
            {match done {
                Some(kind) => view! {
                    <p class="notice" role="status" data-testid="unsubscribed">
                        {format!("Done: no more emails for “{}”. You still see it in the app.", kind.label())}
                    </p>
                    <p><a href="/settings#emails">"Choose which emails you get"</a></p>
                }
                    .into_any(),
                None => view! {
                    <p>"You will no longer get this kind of email. Notices in the app stay on."</p>
                    <ActionForm action attr:class="form">
                        <input type="hidden" name="token" value=token />
                        <button type="submit" class="button">"Unsubscribe"</button>
                    </ActionForm>
                }
                    .into_any(),
            }}
        </section>
    }
}

/// What a settings form did, said at the top of the page after it.
fn done_message(done: &str) -> Option<&'static str> {
    match done {
        "password" => Some("Your password has changed. Your other logins have ended."),
        "email" => Some("We have sent a confirmation link to the new address. Your email changes once you follow it."),
        "emails" => Some("Your email choices are saved."),
        "logout" => Some("That login has ended."),
        "logout-others" => Some("Every other login has ended."),
        _ => None,
    }
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    let settings = Resource::new(|| (), |_| load_settings());
    let zone = viewer_zone();
    let done = query("done").and_then(|done| done_message(&done));
    let echoes = (plain_post_echo("password"), plain_post_echo("email"), plain_post_echo("delete"));
    let error = plain_post_error_text().filter(|_| echoes.0.is_none() && echoes.1.is_none() && echoes.2.is_none());
    view! {
        <Title text="Settings" />
        <section class="card">
            <h1>"Settings"</h1>
            {done.map(|text| view! { <p class="notice" role="status" data-testid="settings-done">{text}</p> })}
            <FormError message=Signal::derive(move || error.clone()) />
            <Transition fallback=|| view! { <p class="loading">"Loading your settings…"</p> }>
                {move || {
                    let echoes = echoes.clone();
                    Suspend::new(async move {
                        let zone = zone.await;
                        match settings.await {
                            Ok(settings) => view! { <SettingsForms settings zone echoes /> }.into_any(),
                            Err(AppError::Unauthorized { .. }) => login_prompt("/settings", "to change your settings."),
                            Err(err) => view! { <p class="alert alert-error">{err.to_string()}</p> }.into_any(),
                        }
                    })
                }}
            </Transition>
        </section>
    }
}

#[component]
fn SettingsForms(
    settings: AccountSettings,
    zone: String,
    echoes: (Option<FormEcho>, Option<FormEcho>, Option<FormEcho>),
) -> impl IntoView {
    let (password_echo, email_echo, delete_echo) = echoes;
    let change_password = ServerAction::<ChangePassword>::new();
    let change_email = ServerAction::<ChangeEmail>::new();
    let save_emails = ServerAction::<SaveEmailPreferences>::new();
    let end_others = ServerAction::<EndOtherLogins>::new();
    let delete = ServerAction::<DeleteAccount>::new();
    let prefs = settings.preferences;
    let other_logins = settings.logins.iter().filter(|login| !login.current).count();
    view! {
        <h2 id="password">"Password"</h2>
        <ActionForm action=change_password attr:class="form" attr:novalidate=true>
            <TextField label="Current password" name="current_password" kind="password"
                autocomplete="current-password" required=true error=echoed(&password_echo, "current_password") />
            <TextField label="New password" name="new_password" kind="password" autocomplete="new-password"
                required=true hint="8 to 128 characters. Your other logins end when it changes."
                error=echoed(&password_echo, "new_password") />
            <button type="submit" class="button">"Change password"</button>
        </ActionForm>

        <h2 id="email">"Email address"</h2>
        <p>"Now: " <strong data-testid="current-email">{settings.email}</strong></p>
        <ActionForm action=change_email attr:class="form" attr:novalidate=true>
            <TextField label="New email address" name="new_email" kind="email" autocomplete="email" required=true
                value=email_echo.as_ref().map(|echo| echo.value("new_email")).unwrap_or_default()
                hint="We send a link to the new address; the change happens when you follow it."
                error=echoed(&email_echo, "new_email") />
            <TextField label="Your password" name="password" id="field-email-password" kind="password"
                autocomplete="current-password" required=true error=echoed(&email_echo, "password") />
            <button type="submit" class="button">"Send confirmation link"</button>
        </ActionForm>

        <h2 id="emails">"Emails we send you"</h2>
        <p class="muted">"Notices in the app always stay on. Account emails (reset links, address changes) always go out."</p>
        <ActionForm action=save_emails attr:class="form">
            <fieldset class="field">
                <legend>"Email me when"</legend>
                {EmailKind::ALL.into_iter().map(|kind| view! {
                    <label class="choice">
                        <input type="checkbox" name=kind.as_str() value="on" checked=prefs.get(kind) />
                        <span>{kind.label()}</span>
                    </label>
                }).collect_view()}
            </fieldset>
            <button type="submit" class="button">"Save email choices"</button>
        </ActionForm>

        <h2 id="logins">"Your logins"</h2>
        <div class="table-wrap">
            <table class="table">
                <thead><tr><th scope="col">"Device"</th><th scope="col">"Address"</th><th scope="col">"Logged in"</th><th scope="col">"Last seen"</th><th scope="col"><span class="visually-hidden">"Action"</span></th></tr></thead>
                <tbody>
                    {settings.logins.into_iter().map(|login| view! { <LoginRow login zone=zone.clone() /> }).collect_view()}
                </tbody>
            </table>
        </div>
        {(other_logins > 0).then(|| view! {
            <ActionForm action=end_others attr:class="form">
                <button type="submit" class="button button-secondary">"Log out everywhere else"</button>
            </ActionForm>
        })}

        <h2 id="data">"Your data"</h2>
        <p>"Everything the app holds about you, as one JSON file."</p>
        <p><a href="/settings/my-data.json" class="button button-secondary" download="">"Download my data"</a></p>

        <h2 id="delete">"Delete my account"</h2>
        <p>"Your name, email, profile and messages are erased; open requests and upcoming sessions are cancelled and the people on the other side are told. This cannot be undone."</p>
        <FormError message=Signal::derive({
            let text = delete_echo.as_ref().filter(|echo| echo.fields.is_empty()).and_then(|_| plain_post_error_text());
            move || text.clone()
        }) />
        <ActionForm action=delete attr:class="form" attr:novalidate=true>
            <TextField label="Your password, to confirm" name="password" id="field-delete-password" kind="password"
                autocomplete="current-password" required=true error=echoed(&delete_echo, "password") />
            <button type="submit" class="button button-danger">"Delete my account"</button>
        </ActionForm>
    }
}

#[component]
fn LoginRow(login: LoginInfo, zone: String) -> impl IntoView {
    let end = ServerAction::<EndLogin>::new();
    let device = describe_device(login.user_agent.as_deref());
    view! {
        <tr data-testid="login-row">
            <td>{device}{login.current.then(|| view! { " " <span class="role-badge">"This device"</span> })}</td>
            <td>{login.address}</td>
            <td>{at(login.created_at, &zone)}</td>
            <td>{at(login.last_seen_at, &zone)}</td>
            <td>
                {(!login.current).then(|| view! {
                    <ActionForm action=end attr:class="inline-form">
                        <input type="hidden" name="id" value=login.id.to_string() />
                        <button type="submit" class="link-button">"Log out"</button>
                    </ActionForm>
                })}
            </td>
        </tr>
    }
}

/// The admin's confirmation before deleting a member's account: what it does, and a reason for
/// the audit log.
#[component]
pub fn AdminDeleteUserPage() -> impl IntoView {
    let params = leptos_router::hooks::use_params_map();
    let preview = Resource::new(move || params.with(|p| p.get("id").unwrap_or_default()), load_deletion_preview);
    view! {
        <Title text="Delete account · Admin" />
        <section class="card">
            <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match preview.await {
                        Ok(preview) => view! { <DeletionConfirmation preview /> }.into_any(),
                        Err(err @ AppError::Unauthorized { .. }) => crate::admin::pages::refused(err, "/admin/users"),
                        Err(err) => view! {
                            <h1>"Delete an account"</h1>
                            <crate::ui::forms::ErrorAlert message=err.to_string() />
                            <p><a href="/admin/users">"Back to users"</a></p>
                        }
                            .into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn DeletionConfirmation(preview: DeletionPreview) -> impl IntoView {
    let DeletionPreview { user, effects } = preview;
    let delete = ServerAction::<AdminDeleteUser>::new();
    let back = format!("/admin/users?q={}", crate::url::percent_encode(&user.email));
    let error = plain_post_error_text();
    view! {
        <h1>{format!("Delete {}'s account?", user.name)}</h1>
        <p class="muted">{format!("{} · {}", user.email, user.role.label())}</p>
        <FormError message=Signal::derive(move || error.clone()) />
        <ul class="plain-list" data-testid="effects">
            {effects.into_iter().map(|effect| view! { <li>{effect}</li> }).collect_view()}
        </ul>
        <p>"This cannot be undone."</p>
        <ActionForm action=delete attr:class="form">
            <input type="hidden" name="id" value=user.id.to_string() />
            <div class="field">
                <label for="delete-reason">"Reason (optional, kept in the audit log)"</label>
                <textarea id="delete-reason" name="reason" rows="3" maxlength=crate::admin::REASON_MAX.to_string()></textarea>
            </div>
            <div class="form-actions">
                <button type="submit" class="button button-danger">{format!("Delete {}'s account", user.name)}</button>
                <a href=back class="button button-secondary">"Keep the account"</a>
            </div>
        </ActionForm>
    }
}
