//! The credentials inside a PostgreSQL connection URL (`postgres://user:password@host/db`): kept
//! out of error messages, and handed to PostgreSQL's own tools in the environment rather than on
//! a command line.

/// Where `user[:password]` sits in the URL: from just after `://` to the `@` ending the authority.
fn user_info(url: &str) -> Option<(usize, usize)> {
    let start = url.find("://")? + 3;
    let authority_end = url[start..].find('/').map_or(url.len(), |i| start + i);
    let at = url[start..authority_end].rfind('@')? + start;
    Some((start, at))
}

/// The URL without its password, for error messages.
pub fn redact(url: &str) -> String {
    match user_info(url) {
        Some((start, at)) => {
            let user = url[start..at].split(':').next().unwrap_or_default();
            format!("{}{user}:***{}", &url[..start], &url[at..])
        }
        None => url.to_owned(),
    }
}

/// The URL without its password, and the password (percent-decoded).
pub fn split_password(url: &str) -> (String, Option<String>) {
    let Some((start, at)) = user_info(url) else {
        return (url.to_owned(), None);
    };
    match url[start..at].split_once(':') {
        Some((user, password)) => (format!("{}{user}{}", &url[..start], &url[at..]), Some(percent_decode(password))),
        None => (url.to_owned(), None),
    }
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let hex = |byte: u8| (byte as char).to_digit(16).map(|digit| digit as u8);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if let (b'%', Some(&high), Some(&low)) = (bytes[i], bytes.get(i + 1), bytes.get(i + 2))
            && let (Some(high), Some(low)) = (hex(high), hex(low))
        {
            out.push(high * 16 + low);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_passwords_are_not_printed() {
        assert_eq!(redact("postgres://app:hunter2@db:5432/x"), "postgres://app:***@db:5432/x");
        assert_eq!(redact("postgres://db/x"), "postgres://db/x");
    }

    #[test]
    fn passwords_are_taken_out_of_the_url() {
        assert_eq!(
            split_password("postgres://app:s%40cret@db:5432/x"),
            ("postgres://app@db:5432/x".to_owned(), Some("s@cret".to_owned()))
        );
        assert_eq!(split_password("postgres://app@db/x"), ("postgres://app@db/x".to_owned(), None));
        // A `%` before something that is not two hex digits stays as it is (no panic on é).
        assert_eq!(split_password("postgres://a:x%aé%4@db/x").1.as_deref(), Some("x%aé%4"));
        assert_eq!(split_password("postgres://db/x?user=a"), ("postgres://db/x?user=a".to_owned(), None));
    }
}
