//! Staff accounts: roles, usernames, the password rule, login lockout and
//! session lifetimes. Pure rules; hashing and storage live server-side.

use serde::{Deserialize, Serialize};

/// What a staff member is (DOMAIN.md §5; the full permission matrix comes
/// with case handling).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    /// Accounts, data, settings.
    Admin,
    /// District intake: accepts, routes and closes cases.
    Dispatcher,
    /// A town's or street's handling unit: its own cases only.
    Handler,
    /// Campaigns and news.
    Editor,
    /// Oversight of everything; acts only to take personal charge of a case.
    Leader,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Admin,
        Role::Dispatcher,
        Role::Handler,
        Role::Editor,
        Role::Leader,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Dispatcher => "dispatcher",
            Role::Handler => "handler",
            Role::Editor => "editor",
            Role::Leader => "leader",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AccountError {
    #[error("a username is 3 to 32 lowercase letters, digits, dots, hyphens or underscores")]
    BadUsername,
    #[error("a password needs at least {0} characters")]
    PasswordTooShort(usize),
    #[error("a password may have at most 128 characters")]
    PasswordTooLong,
}

/// A login name: 3–32 of `a-z 0-9 . - _`, stored lowercase.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Username(String);

impl Username {
    pub fn parse(raw: &str) -> Result<Username, AccountError> {
        let name = raw.trim().to_ascii_lowercase();
        let ok = (3..=32).contains(&name.len())
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
        if ok {
            Ok(Username(name))
        } else {
            Err(AccountError::BadUsername)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

pub const MIN_PASSWORD_CHARS: usize = 12;

/// The password rule for new passwords (NIST 800-63B: length, not
/// composition). Existing passwords are only ever verified.
pub fn check_new_password(password: &str) -> Result<(), AccountError> {
    let n = password.chars().count();
    if n < MIN_PASSWORD_CHARS {
        Err(AccountError::PasswordTooShort(MIN_PASSWORD_CHARS))
    } else if n > 128 {
        Err(AccountError::PasswordTooLong)
    } else {
        Ok(())
    }
}

/// Failed logins in a row that lock an account.
pub const LOCK_AFTER_FAILURES: i64 = 5;
/// How long a locked account stays locked, in seconds.
pub const LOCK_SECONDS: i64 = 15 * 60;

/// After a failed login that brought the count to `failures`: until when
/// (Unix seconds) the account is locked, if at all.
pub fn lock_until(failures: i64, now: i64) -> Option<i64> {
    (failures >= LOCK_AFTER_FAILURES).then_some(now + LOCK_SECONDS)
}

/// A session ends after 30 idle minutes or 12 hours in all, whichever
/// comes first.
pub const SESSION_IDLE_SECONDS: i64 = 30 * 60;
pub const SESSION_ABSOLUTE_SECONDS: i64 = 12 * 3600;

pub fn session_alive(created_at: i64, last_seen: i64, now: i64) -> bool {
    now - last_seen <= SESSION_IDLE_SECONDS && now - created_at <= SESSION_ABSOLUTE_SECONDS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames() {
        assert_eq!(
            Username::parse(" Zhang.Wei ").unwrap().as_str(),
            "zhang.wei"
        );
        for bad in ["ab", "张伟", "a b c", "x;drop", &"a".repeat(33)] {
            assert_eq!(
                Username::parse(bad),
                Err(AccountError::BadUsername),
                "{bad}"
            );
        }
    }

    #[test]
    fn passwords_by_length() {
        assert!(check_new_password("correct horse").is_ok());
        assert!(
            check_new_password("环保局嘉定区清嘉门户网站").is_ok(),
            "12 Chinese characters"
        );
        assert_eq!(
            check_new_password("short"),
            Err(AccountError::PasswordTooShort(12))
        );
        assert_eq!(
            check_new_password(&"x".repeat(129)),
            Err(AccountError::PasswordTooLong)
        );
    }

    #[test]
    fn lockout_after_five_failures() {
        assert_eq!(lock_until(4, 1000), None);
        assert_eq!(lock_until(5, 1000), Some(1000 + 900));
    }

    #[test]
    fn sessions_expire_idle_or_absolute() {
        assert!(session_alive(0, 0, 1800));
        assert!(!session_alive(0, 0, 1801), "idle");
        assert!(session_alive(0, 43_000, 43_200));
        assert!(!session_alive(0, 43_200, 43_201), "absolute");
    }

    #[test]
    fn role_codes_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::from_code(r.code()), Some(r));
        }
        assert_eq!(Role::from_code("root"), None);
    }
}
