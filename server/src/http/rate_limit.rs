//! Limits per client address on filing and on case lookups (GCRA through
//! the `governor` crate). The state is in memory, per app instance: with N
//! instances behind a balancer a client gets at most N times the limit,
//! which still stops enumeration of access codes (40 bits) cold.

use std::num::NonZeroU32;
use std::sync::Arc;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

#[derive(Clone)]
pub struct Limits {
    filing: Arc<DefaultKeyedRateLimiter<String>>,
    lookup: Arc<DefaultKeyedRateLimiter<String>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Filing,
    Lookup,
}

fn limiter(per_minute: u32) -> Arc<DefaultKeyedRateLimiter<String>> {
    let n = NonZeroU32::new(per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
    Arc::new(RateLimiter::keyed(Quota::per_minute(n)))
}

impl Limits {
    pub fn new(filing_per_minute: u32, lookups_per_minute: u32) -> Limits {
        Limits {
            filing: limiter(filing_per_minute),
            lookup: limiter(lookups_per_minute),
        }
    }

    /// Counts one request of `client`; false when over the limit.
    pub fn allow(&self, kind: Kind, client: &str) -> bool {
        let l = match kind {
            Kind::Filing => &self.filing,
            Kind::Lookup => &self.lookup,
        };
        l.check_key(&client.to_owned()).is_ok()
    }

    /// Forgets clients whose limits have fully recovered (run now and then).
    pub fn shrink(&self) {
        self.filing.retain_recent();
        self.lookup.retain_recent();
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn each_client_has_its_own_allowance() {
        let l = super::Limits::new(2, 1);
        assert!(l.allow(super::Kind::Filing, "a"));
        assert!(l.allow(super::Kind::Filing, "a"));
        assert!(!l.allow(super::Kind::Filing, "a"));
        assert!(l.allow(super::Kind::Filing, "b"));
        assert!(l.allow(super::Kind::Lookup, "a"));
        assert!(!l.allow(super::Kind::Lookup, "a"));
    }
}
