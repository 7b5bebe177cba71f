//! Turning what a mail says into its two parts, plain text and HTML, with the app's name, a
//! button-like link and, for notification mail, how to stop it.

use super::EmailKind;
use super::settings::{self, APP_NAME};

/// A mail before it is written to the outbox.
#[derive(Clone, Debug)]
pub struct Draft {
    pub subject: String,
    /// The body, one paragraph each (plain text; HTML-escaped in the HTML part).
    pub paragraphs: Vec<String>,
    /// The one thing to do, as (label, path on the site): "Choose a new password".
    pub action: Option<(String, String)>,
}

/// A composed mail: what the outbox row holds.
#[derive(Clone, Debug, PartialEq)]
pub struct Composed {
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    pub unsubscribe_url: Option<String>,
}

/// Composes `draft`; notification mail (`unsubscribe`: the recipient and the mail's kind) gets
/// a footer with the one-click unsubscribe link and the settings page.
pub fn compose(draft: &Draft, unsubscribe: Option<(uuid::Uuid, EmailKind)>) -> Composed {
    let settings = settings::get();
    let action = draft.action.as_ref().map(|(label, path)| (label.as_str(), settings.link(path)));
    // The body links the unsubscribe page (a person reads it and presses the button); the
    // `List-Unsubscribe` header names the API, which mail programs call with one POST.
    let token = unsubscribe.map(|(user, kind)| super::preferences::unsubscribe_token(user, kind));
    let unsubscribe_page = token.as_ref().map(|token| settings.link(&format!("/unsubscribe?token={token}")));
    let unsubscribe_url = token.as_ref().map(|token| settings.link(&format!("/api/v1/unsubscribe?token={token}")));
    let settings_url = settings.link("/settings");

    let mut text = String::new();
    for paragraph in &draft.paragraphs {
        text.push_str(paragraph);
        text.push_str("\n\n");
    }
    if let Some((label, url)) = &action {
        text.push_str(&format!("{label}: {url}\n\n"));
    }
    text.push_str(&format!("— {APP_NAME}\n"));
    if let Some(url) = &unsubscribe_page {
        text.push_str(&format!(
            "\nYou get this email because of your notification settings ({settings_url}).\nStop these emails: {url}\n"
        ));
    }

    let mut html = String::from(
        "<!doctype html><html><body style=\"font-family:system-ui,sans-serif;line-height:1.5;color:#1f2933;\
         max-width:560px;margin:0 auto;padding:24px\">",
    );
    html.push_str(&format!("<p style=\"font-weight:600;color:#3b5bdb\">{}</p>", escape(APP_NAME)));
    for paragraph in &draft.paragraphs {
        html.push_str(&format!("<p>{}</p>", escape(paragraph)));
    }
    if let Some((label, url)) = &action {
        html.push_str(&format!(
            "<p><a href=\"{}\" style=\"display:inline-block;background:#3b5bdb;color:#fff;padding:10px 18px;\
             border-radius:6px;text-decoration:none\">{}</a></p><p style=\"font-size:13px;color:#52606d\">\
             Or open this address: {}</p>",
            escape(url),
            escape(label),
            escape(url)
        ));
    }
    if let Some(url) = &unsubscribe_page {
        html.push_str(&format!(
            "<p style=\"font-size:13px;color:#52606d\">You get this email because of your \
             <a href=\"{}\">notification settings</a>. <a href=\"{}\">Stop these emails</a>.</p>",
            escape(&settings_url),
            escape(url)
        ));
    }
    html.push_str("</body></html>");
    Composed { subject: draft.subject.clone(), text_body: text, html_body: html, unsubscribe_url }
}

/// The email that goes with an in-app notice: its message, and a link to the page it is about.
pub fn notice_mail(kind: EmailKind, user_id: uuid::Uuid, message: &str, link: &str) -> Composed {
    let subject = match kind {
        EmailKind::RequestReceived => "New mentorship request",
        EmailKind::RequestAccepted => "Your mentorship request was accepted",
        EmailKind::RequestDeclined => "Your mentorship request was declined",
        EmailKind::SessionBooked => "A session was booked with you",
        EmailKind::SessionCancelled => "A session was cancelled",
        EmailKind::SessionReminder => "Your session is tomorrow",
        EmailKind::RateSession => "How was your session?",
    };
    let draft = Draft {
        subject: subject.to_owned(),
        paragraphs: vec![message.to_owned()],
        action: Some(("Open it in the app".to_owned(), link.to_owned())),
    };
    compose(&draft, Some((user_id, kind)))
}

/// Text made safe inside HTML elements and double-quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_parts_carry_the_text_the_link_and_the_app_name_and_html_is_escaped() {
        let draft = Draft {
            subject: "Reset".into(),
            paragraphs: vec!["Hello <Ana> & co".into()],
            action: Some(("Choose a new password".into(), "/reset-password?token=abc".into())),
        };
        let mail = compose(&draft, None);
        let link = settings::get().link("/reset-password?token=abc");
        assert!(mail.text_body.contains("Hello <Ana> & co"));
        assert!(mail.text_body.contains(&format!("Choose a new password: {link}")));
        assert!(mail.text_body.contains(APP_NAME));
        assert!(mail.html_body.contains("Hello &lt;Ana&gt; &amp; co"));
        assert!(mail.html_body.contains(&format!("href=\"{link}\"")));
        assert!(mail.html_body.contains(APP_NAME));
        assert_eq!(mail.unsubscribe_url, None);
        assert!(!mail.text_body.contains("Stop these emails"));
    }

    #[test]
    fn notification_mail_says_how_to_stop_it() {
        let draft = Draft { subject: "New request".into(), paragraphs: vec!["Ana asked you.".into()], action: None };
        let user = uuid::Uuid::new_v4();
        let mail = compose(&draft, Some((user, EmailKind::RequestReceived)));
        let one_click = mail.unsubscribe_url.clone().expect("an unsubscribe link");
        let token = one_click.split_once("?token=").unwrap().1;
        assert_eq!(one_click, settings::get().link(&format!("/api/v1/unsubscribe?token={token}")));
        let page = settings::get().link(&format!("/unsubscribe?token={token}"));
        assert!(mail.text_body.contains(&page));
        assert!(mail.html_body.contains(&escape(&page)));
    }
}
