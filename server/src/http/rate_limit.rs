//! Limits per client address, one per purpose (filing, case lookups, event
//! sign-ups, each with its own allowance and its own message), and on wrong
//! tokens at the push API (GCRA through the `governor` crate). The state is in memory, per app instance: with N
//! instances behind a balancer a client gets at most N times the limit,
//! which still stops enumeration of access codes (40 bits) cold.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

#[derive(Clone)]
pub struct Limits {
    filing: Arc<DefaultKeyedRateLimiter<String>>,
    lookup: Arc<DefaultKeyedRateLimiter<String>>,
    signup: Arc<DefaultKeyedRateLimiter<String>>,
    wrong_tokens: Arc<DefaultKeyedRateLimiter<String>>,
    /// Clients that sent too many wrong tokens, until when they are refused
    /// before any token they send is checked.
    blocked: Arc<Mutex<HashMap<String, Instant>>>,
}

/// Wrong push-API tokens a client may send a minute; then it is refused
/// for [`BLOCK`] without its tokens being checked.
const WRONG_TOKENS_PER_MINUTE: u32 = 10;
const BLOCK: Duration = Duration::from_secs(60);

/// What a limited request is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Each step's form of a complaint.
    Filing,
    /// Looking a case up by reference and access code.
    Lookup,
    /// Signing up for an event, or cancelling.
    SignUp,
}

fn limiter(per_minute: u32) -> Arc<DefaultKeyedRateLimiter<String>> {
    let n = NonZeroU32::new(per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
    Arc::new(RateLimiter::keyed(Quota::per_minute(n)))
}

impl Limits {
    pub fn new(filing_per_minute: u32, lookups_per_minute: u32, signups_per_minute: u32) -> Limits {
        Limits {
            filing: limiter(filing_per_minute),
            lookup: limiter(lookups_per_minute),
            signup: limiter(signups_per_minute),
            wrong_tokens: limiter(WRONG_TOKENS_PER_MINUTE),
            blocked: Arc::default(),
        }
    }

    /// Is `client` refused for now after too many wrong tokens?
    pub fn token_blocked(&self, client: &str) -> bool {
        let blocked = self.blocked.lock().unwrap_or_else(|e| e.into_inner());
        blocked
            .get(client)
            .is_some_and(|until| *until > Instant::now())
    }

    /// Counts a wrong token from `client`; true when that was one too many
    /// (the client is refused for a while).
    pub fn wrong_token(&self, client: &str) -> bool {
        if self.wrong_tokens.check_key(&client.to_owned()).is_ok() {
            return false;
        }
        let mut blocked = self.blocked.lock().unwrap_or_else(|e| e.into_inner());
        blocked.insert(client.to_owned(), Instant::now() + BLOCK);
        true
    }

    /// Counts one request of `client`; false when over the limit.
    pub fn allow(&self, purpose: Purpose, client: &str) -> bool {
        let l = match purpose {
            Purpose::Filing => &self.filing,
            Purpose::Lookup => &self.lookup,
            Purpose::SignUp => &self.signup,
        };
        l.check_key(&client.to_owned()).is_ok()
    }

    /// Forgets clients whose limits have fully recovered (run now and then).
    pub fn shrink(&self) {
        self.filing.retain_recent();
        self.lookup.retain_recent();
        self.signup.retain_recent();
        self.wrong_tokens.retain_recent();
        let now = Instant::now();
        let mut blocked = self.blocked.lock().unwrap_or_else(|e| e.into_inner());
        blocked.retain(|_, until| *until > now);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn each_client_has_its_own_allowance() {
        use super::Purpose::*;
        let l = super::Limits::new(2, 1, 1);
        assert!(l.allow(Filing, "a"));
        assert!(l.allow(Filing, "a"));
        assert!(!l.allow(Filing, "a"));
        assert!(l.allow(Filing, "b"));
        assert!(l.allow(Lookup, "a"));
        assert!(!l.allow(Lookup, "a"));
        assert!(l.allow(SignUp, "a"), "each purpose has its own allowance");
        assert!(!l.allow(SignUp, "a"));
    }

    #[test]
    fn too_many_wrong_tokens_block_the_client() {
        let l = super::Limits::new(1, 1, 1);
        for _ in 0..super::WRONG_TOKENS_PER_MINUTE {
            assert!(!l.wrong_token("a"));
        }
        assert!(!l.token_blocked("a"));
        assert!(l.wrong_token("a"));
        assert!(l.token_blocked("a") && !l.token_blocked("b"));
    }
}
