//! URL pieces shared by the server and the browser.

/// Percent-encodes everything but RFC 3986's unreserved characters, for a query value.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The text `percent_encode` made, or `None` when it is not such a text (or not UTF-8).
pub fn percent_decode(encoded: &str) -> Option<String> {
    let bytes = encoded.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = encoded.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// A path on this site: starts with one `/`, no backslashes, whitespace or control characters.
pub fn is_local_path(path: &str) -> bool {
    path.starts_with('/')
        && !path.starts_with("//")
        && !path.chars().any(|c| c == '\\' || c.is_whitespace() || c.is_control())
}

/// `path?query` without the `error` / `error_sig` a plain form post's refusal added to it: where
/// a form goes back to, on the server after a post and in the browser after an island's success.
pub fn without_form_error(path: &str, query: &str) -> String {
    let kept: Vec<&str> = query
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| !pair.is_empty() && !pair.starts_with("error=") && !pair.starts_with("error_sig="))
        .collect();
    if kept.is_empty() { path.to_owned() } else { format!("{path}?{}", kept.join("&")) }
}

/// A word from a page's URL query (`?status=pending`) as the enum it names, read by the same
/// serde names the JSON API's query parameters use, so a page and the API accept and refuse
/// the same words. Absent or empty is `None`; an unknown word is a 400 that says, in words a
/// member reads on the page, which words there are.
pub fn query_word<T: serde::de::DeserializeOwned>(
    raw: Option<String>,
    name: &str,
) -> Result<Option<T>, crate::AppError> {
    use serde::de::value::StrDeserializer;
    match raw.as_deref() {
        None | Some("") => Ok(None),
        Some(word) => T::deserialize(StrDeserializer::<WordError>::new(word)).map(Some).map_err(|err| {
            crate::AppError::bad_request(match err {
                WordError::Unknown { expected } => {
                    format!("This page cannot show {name} “{word}”. It knows {}.", expected.join(", "))
                }
                WordError::Other(message) => format!("This page cannot show {name} “{word}” ({message})."),
            })
        }),
    }
}

/// Why a query word did not read as its enum: serde names the words it expected for an unknown
/// one, which the message lists.
#[derive(Debug)]
enum WordError {
    Unknown { expected: &'static [&'static str] },
    Other(String),
}

impl std::fmt::Display for WordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Unknown { expected } => write!(f, "expected one of {}", expected.join(", ")),
            Self::Other(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for WordError {}

impl serde::de::Error for WordError {
    fn custom<T: std::fmt::Display>(message: T) -> Self {
        Self::Other(message.to_string())
    }

    fn unknown_variant(_variant: &str, expected: &'static [&'static str]) -> Self {
        Self::Unknown { expected }
    }
}

/// `true` / `false` from a page's URL query, as the API reads a boolean parameter.
pub fn query_flag(raw: Option<String>, name: &str) -> Result<Option<bool>, crate::AppError> {
    match raw.as_deref() {
        None | Some("") => Ok(None),
        Some("true") => Ok(Some(true)),
        Some("false") => Ok(Some(false)),
        Some(other) => Err(crate::AppError::bad_request(format!("{name}: `{other}` is not true or false"))),
    }
}

/// A page number from a page's URL query (`PageParams::checked` then refuses numbers out of
/// range, as for the API); something that is not a number is a 400, as from the API.
pub fn query_page(raw: Option<String>) -> Result<Option<u32>, crate::AppError> {
    match raw.as_deref() {
        None | Some("") => Ok(None),
        Some(page) => page
            .parse()
            .map(Some)
            .map_err(|_| crate::AppError::bad_request(format!("page: `{page}` is not a page number"))),
    }
}

#[cfg(test)]
mod tests {
    use super::{percent_decode, percent_encode};

    #[test]
    fn percent_decoding_undoes_encoding() {
        for text in ["", "Zoë O'Brien <zoe@example.org>", "{\"a\":\"b c\"}", "100%"] {
            assert_eq!(percent_decode(&percent_encode(text)).as_deref(), Some(text));
        }
        assert_eq!(percent_decode("%zz"), None);
        assert_eq!(percent_decode("%4"), None);
    }

    #[test]
    fn query_words_are_the_api_words() {
        use crate::requests::RequestStatus;
        assert_eq!(
            super::query_word::<RequestStatus>(Some("declined".into()), "status").unwrap(),
            Some(RequestStatus::Declined)
        );
        assert_eq!(super::query_word::<RequestStatus>(None, "status").unwrap(), None);
        let err = super::query_word::<RequestStatus>(Some("Declined".into()), "status").unwrap_err();
        assert_eq!(err.status_code(), 400);
        assert_eq!(
            err.to_string(),
            "This page cannot show status “Declined”. It knows pending, accepted, declined, cancelled."
        );
    }

    #[test]
    fn a_form_error_is_dropped_from_the_query_and_the_rest_kept() {
        assert_eq!(
            super::without_form_error("/r", "?status=pending&error=Gone&error_sig=ab&page=2"),
            "/r?status=pending&page=2"
        );
        assert_eq!(super::without_form_error("/r", "error=Gone"), "/r");
        assert_eq!(super::without_form_error("/r", ""), "/r");
        // Only the whole parameter names: `errors=` is someone else's.
        assert_eq!(super::without_form_error("/r", "errors=1"), "/r?errors=1");
    }

    #[test]
    fn encodes_reserved_and_non_ascii() {
        assert_eq!(super::percent_encode("a b/é-_.~"), "a%20b%2F%C3%A9-_.~");
    }
}
