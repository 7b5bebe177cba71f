//! Account fields as checked values, shared by registration and the admin CLI: only `parse`
//! makes an `Email` or a `DisplayName`, so code that holds one knows it passed these rules.

/// An email address: trimmed, one `@`, a dotted domain, no spaces. Case is kept (uniqueness is
/// enforced on its lower-case form).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

/// A display name: trimmed, 1 to 100 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, String> {
        email(raw).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl DisplayName {
    pub fn parse(raw: &str) -> Result<Self, String> {
        display_name(raw).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn email(raw: &str) -> Result<String, String> {
    let email = raw.trim();
    if email.is_empty() {
        return Err("Enter your email address.".into());
    }
    if email.chars().count() > 254 {
        return Err("That email address is too long.".into());
    }
    let Some((local, domain)) = email.split_once('@') else {
        return Err("Enter an email address like name@example.org.".into());
    };
    let domain_ok = domain.contains('.')
        && !domain.starts_with(['.', '-'])
        && !domain.ends_with(['.', '-'])
        && !domain.contains("..")
        && !domain.contains('@');
    if local.is_empty() || !domain_ok || email.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("Enter an email address like name@example.org.".into());
    }
    Ok(email.to_owned())
}

fn display_name(raw: &str) -> Result<String, String> {
    let name = raw.trim();
    if name.is_empty() {
        return Err("Enter your name.".into());
    }
    if name.chars().count() > 100 {
        return Err("Use at most 100 characters for your name.".into());
    }
    if name.chars().any(char::is_control) {
        return Err("Your name cannot contain control characters.".into());
    }
    Ok(name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert_eq!(Email::parse("  Ana@Example.org ").unwrap().as_str(), "Ana@Example.org");
        for bad in ["", "ana", "ana@", "@example.org", "ana@example", "a na@example.org", "ana@.org"] {
            assert!(Email::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn names() {
        assert_eq!(DisplayName::parse("  Zoë  ").unwrap().as_str(), "Zoë");
        assert!(DisplayName::parse("   ").is_err());
        assert!(DisplayName::parse(&"x".repeat(101)).is_err());
        assert!(DisplayName::parse(&"é".repeat(100)).is_ok());
    }
}
