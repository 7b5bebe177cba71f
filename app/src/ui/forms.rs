//! Form building blocks: labelled inputs with their error next to them, and a summary banner.

use leptos::prelude::*;

use crate::error::AppError;

/// The message for `field` from the latest result of a server action, if it failed there.
pub fn field_error<T>(value: MappedSignal<Option<Result<T, AppError>>>, field: &'static str) -> Signal<Option<String>>
where
    T: Send + Sync + 'static,
{
    Signal::derive(move || {
        value.with(|result| match result {
            Some(Err(err)) => err.field(field),
            _ => None,
        })
    })
}

/// What a refused plain (no-JavaScript) form post had typed — never a password — and the errors
/// next to its fields, carried back to the form's page in a short-lived signed cookie so the
/// form comes back filled in, as it does in place with JavaScript.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FormEcho {
    /// Which form this is for (`signup`), so no other form picks it up.
    pub form: String,
    pub values: std::collections::BTreeMap<String, String>,
    pub fields: crate::error::FieldErrors,
}

impl FormEcho {
    pub fn value(&self, name: &str) -> String {
        self.values.get(name).cloned().unwrap_or_default()
    }
}

/// The echo of a refused plain post of `form`, read (and cleared) while rendering its page.
pub fn plain_post_echo(form: &str) -> Option<FormEcho> {
    #[cfg(feature = "ssr")]
    {
        crate::auth::web::take_form_echo(form)
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = form;
        None
    }
}

/// A field's error: from the latest in-place attempt, else from the plain post it came back from.
pub fn field_error_or_echo<T>(
    value: MappedSignal<Option<Result<T, AppError>>>,
    echo: Option<&FormEcho>,
    field: &'static str,
) -> Signal<Option<String>>
where
    T: Send + Sync + 'static,
{
    let echoed = echo.and_then(|echo| echo.fields.get(field).cloned());
    Signal::derive(move || {
        value.with(|result| match result {
            Some(Err(err)) => err.field(field),
            Some(Ok(_)) => None,
            None => echoed.clone(),
        })
    })
}

/// The whole-form message: the latest result's, if it failed, else the one a plain (no-JavaScript)
/// post of this form came back with in `?error=` (which the page reads and hands to its island).
/// An error about exactly one field is left to that field's own message rather than repeated.
pub fn form_error<T>(
    value: MappedSignal<Option<Result<T, AppError>>>,
    from_plain_post: Option<String>,
) -> Signal<Option<String>>
where
    T: Send + Sync + 'static,
{
    Signal::derive(move || {
        value.with(|result| match result {
            Some(Err(err)) if err.fields().len() != 1 => Some(err.to_string()),
            Some(_) => None,
            None => from_plain_post.clone(),
        })
    })
}

/// A banner with the form's overall error; announced to screen readers as an alert.
#[component]
pub fn FormError(#[prop(into)] message: Signal<Option<String>>) -> impl IntoView {
    move || {
        message.get().map(|text| {
            view! {
                <div class="alert alert-error" role="alert">
                    {text}
                </div>
            }
        })
    }
}

/// An error that replaces content that could not be loaded.
#[component]
pub fn ErrorAlert(message: String) -> impl IntoView {
    view! {
        <div class="alert alert-error" role="alert">
            {message}
        </div>
    }
}

/// A list that could not be shown. When the page's own URL asked for something it cannot show
/// (an unknown filter word, a page number out of range: a 400 or 422), the way out is the whole
/// list, offered as a link.
pub fn list_refusal(err: AppError, whole_list: &'static str, link_text: &'static str) -> AnyView {
    let from_the_url = matches!(err.status_code(), 400 | 422);
    view! {
        <ErrorAlert message=err.to_string() />
        {from_the_url.then(|| view! { <p><a href=whole_list class="button button-secondary">{link_text}</a></p> })}
    }
    .into_any()
}

/// A labelled input with an optional hint, and its error message right below it.
#[component]
pub fn TextField(
    label: &'static str,
    name: &'static str,
    #[prop(optional)] kind: Option<&'static str>,
    #[prop(optional, into)] value: String,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(optional)] maxlength: Option<u32>,
    #[prop(into)] error: Signal<Option<String>>,
    /// For a page with two forms that share a field name: the input's id (default `field-NAME`).
    #[prop(optional)]
    id: Option<&'static str>,
) -> impl IntoView {
    let id = id.map_or_else(|| format!("field-{name}"), str::to_owned);
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described_by = {
        let error_id = error_id.clone();
        let hint_id = hint_id.clone();
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error.with(Option::is_some) {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:field-invalid=move || error.with(Option::is_some)>
            <label for=id.clone()>{label}</label>
            <input
                id=id
                name=name
                type=kind.unwrap_or("text")
                // The attribute serves the server-rendered HTML; the property keeps the field in
                // step when the form re-renders with saved (normalised) values.
                value=value.clone()
                prop:value=value
                autocomplete=autocomplete
                required=required
                maxlength=maxlength
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=described_by
            />
            {hint.map(|text| view! { <p class="field-hint" id=hint_id>{text}</p> })}
            <FieldMessage id=error_id error />
        </div>
    }
}

/// The error line under an input (kept in the DOM only while there is an error).
#[component]
pub fn FieldMessage(id: String, #[prop(into)] error: Signal<Option<String>>) -> impl IntoView {
    move || {
        error.get().map(|text| {
            view! {
                <p class="field-error" id=id.clone()>
                    {text}
                </p>
            }
        })
    }
}

/// "Log in …" for a page that needs a signed-in user; `next` brings them back afterwards.
pub fn login_prompt(next: &str, what: &'static str) -> AnyView {
    let href = format!("/login?next={}", crate::url::percent_encode(next));
    view! {
        <p>
            <a href=href class="button">
                "Log in"
            </a>
            " "
            {what}
        </p>
    }
    .into_any()
}

/// The error a plain form post came back with, in `?error=`. Forms outside islands are always
/// plain posts: the server answers with a redirect back to the page, adding this on failure.
/// (Server-side only: islands cannot read the router, so their page passes this in.)
pub fn plain_post_error_text() -> Option<String> {
    #[cfg(feature = "ssr")]
    {
        let (message, signature) =
            leptos_router::hooks::use_query_map().with_untracked(|q| (q.get("error"), q.get("error_sig")));
        crate::auth::web::verified_form_error(message?, &signature?)
    }
    #[cfg(not(feature = "ssr"))]
    None
}

pub fn plain_post_error() -> Signal<Option<String>> {
    let message = plain_post_error_text();
    Signal::derive(move || message.clone())
}

/// The latest failure of an action that is not about one field (those sit next to the field).
pub fn general_error<T>(value: MappedSignal<Option<Result<T, AppError>>>) -> Signal<Option<String>>
where
    T: Send + Sync + 'static,
{
    Signal::derive(move || {
        value.with(|result| match result {
            Some(Err(err)) if err.fields().len() != 1 => Some(err.to_string()),
            _ => None,
        })
    })
}

/// How many times `action` has succeeded. Reloading data on this rather than on the action's
/// version keeps a form's unsaved input on screen when the server refuses it.
pub fn successes<A>(action: ServerAction<A>) -> Memo<usize>
where
    A: leptos::server_fn::ServerFn + Clone + Send + Sync + 'static,
    A::Output: Send + Sync + 'static,
    A::Error: Send + Sync + 'static,
{
    Memo::new(move |previous: Option<&usize>| {
        let previous = previous.copied().unwrap_or(0);
        let version = action.version().get();
        match action.value().with(|result| matches!(result, Some(Ok(_)))) {
            true => version,
            false => previous,
        }
    })
}

/// Inside an island: runs `then` after each success of `action` (not when it fails, and not
/// while the island hydrates).
fn on_each_success<A>(action: ServerAction<A>, then: impl Fn() + 'static)
where
    A: leptos::server_fn::ServerFn + Clone + Send + Sync + 'static,
    A::Output: Send + Sync + 'static,
    A::Error: Send + Sync + 'static,
{
    let saves = successes(action);
    Effect::watch(move || saves.get(), move |_, _, _| then(), false);
}

/// Inside an island: the data it was rendered with, loaded again with `load` after each success of
/// `action`. The page around an island is rendered once on the server, so what the island shows
/// of the server's state it refreshes itself.
pub fn reloaded_after<A, T, Fut>(action: ServerAction<A>, initial: T, load: impl Fn() -> Fut + 'static) -> ReadSignal<T>
where
    A: leptos::server_fn::ServerFn + Clone + Send + Sync + 'static,
    A::Output: Send + Sync + 'static,
    A::Error: Send + Sync + 'static,
    T: Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<T, AppError>> + 'static,
{
    let (data, set_data) = signal(initial);
    on_each_success(action, move || {
        let pending = load();
        leptos::task::spawn_local(async move {
            if let Ok(fresh) = pending.await {
                set_data.set(fresh);
            }
        });
    });
    data
}

/// Inside an island: empties `form` (its inputs back to their defaults) once `action` succeeds.
/// A form re-rendered from fresh data keeps its DOM elements, and with them a choice the member
/// already made (a checked time, a typed agenda), which a second click would send again.
pub fn reset_after_success<A>(action: ServerAction<A>, form: NodeRef<leptos::html::Form>)
where
    A: leptos::server_fn::ServerFn + Clone + Send + Sync + 'static,
    A::Output: Send + Sync + 'static,
    A::Error: Send + Sync + 'static,
{
    on_each_success(action, move || {
        if let Some(form) = form.get_untracked() {
            form.reset();
        }
    });
}

/// Inside an island whose success changes what the server-rendered page around it shows (a
/// list): load the page again once `action` succeeds, without a stale `?error=` of an earlier
/// plain post.
pub fn reload_page_after_success<A>(action: ServerAction<A>)
where
    A: leptos::server_fn::ServerFn + Clone + Send + Sync + 'static,
    A::Output: Send + Sync + 'static,
    A::Error: Send + Sync + 'static,
{
    on_each_success(action, || {
        let location = window().location();
        let target = crate::url::without_form_error(
            &location.pathname().unwrap_or_default(),
            &location.search().unwrap_or_default(),
        );
        let _ = location.replace(&target);
    });
}
