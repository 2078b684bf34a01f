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

/// Sign-in is guarded by counters, each moved atomically before a password
/// or code is checked, so requests sent at once count one by one:
/// - per client address: at most [`CLIENT_ATTEMPTS_ALLOWED`] attempts in a
///   window (a right password gives its attempt back, so staff signing in
///   correctly are never throttled);
/// - per account name *and* address: [`LOCK_AFTER_FAILURES`] wrong
///   passwords or codes lock that pair for the rest of the window. Unknown
///   names lock the same way (nothing tells which names exist), and a guesser
///   elsewhere cannot lock a staff member out of their own desk;
/// - per session waiting for its one-time code: [`LOCK_AFTER_FAILURES`]
///   codes, then the session ends.
pub const COUNTER_WINDOW_SECONDS: i64 = 15 * 60;
pub const CLIENT_ATTEMPTS_ALLOWED: i64 = 20;
pub const LOCK_AFTER_FAILURES: i64 = 5;

/// After counting this attempt as the `count`th of its client's window:
/// may it be checked at all?
pub fn client_may_try(count: i64) -> bool {
    count <= CLIENT_ATTEMPTS_ALLOWED
}

/// After counting this attempt as the `count`th on an account (or session)
/// in the window: may it be checked at all? (The earlier ones used it up.)
pub fn may_try(count: i64) -> bool {
    count <= LOCK_AFTER_FAILURES
}

/// A wrong password or code that was the `count`th attempt: is it the one
/// that locks?
pub fn locks(count: i64) -> bool {
    count >= LOCK_AFTER_FAILURES
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
    fn five_attempts_then_locked() {
        let checked: Vec<i64> = (1..=12).filter(|n| may_try(*n)).collect();
        assert_eq!(
            checked,
            vec![1, 2, 3, 4, 5],
            "five are checked, whatever arrives at once"
        );
        assert!(!locks(4) && locks(5));
        assert!(client_may_try(20) && !client_may_try(21));
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
