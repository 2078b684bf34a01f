//! The tamper-evident trail of case events: every event stores the hash of
//! the one before it, so changing, removing or reordering any stored event
//! breaks the chain from that point on, and the verifier names it.

use sha2::{Digest, Sha256};

/// The hash the first event links to.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The fields of an event that the hash covers, as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventRecord<'a> {
    pub seq: i64,
    pub case_id: i64,
    pub at: &'a str,
    pub actor: &'a str,
    pub kind: &'a str,
    pub public: bool,
    pub text: &'a str,
    pub data: &'a str,
}

/// SHA-256 over the previous hash and every field, each length-prefixed so
/// that no two different events can serialise to the same bytes.
pub fn event_hash(prev: &str, e: &EventRecord<'_>) -> String {
    let mut h = Sha256::new();
    let seq = e.seq.to_string();
    let case = e.case_id.to_string();
    let public = if e.public { "1" } else { "0" };
    for part in [
        prev, &seq, &case, e.at, e.actor, e.kind, public, e.text, e.data,
    ] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Where a chain breaks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Break {
    /// The event's stored `prev_hash` is not the previous event's hash
    /// (an event before it was removed or reordered).
    Link { seq: i64 },
    /// The event's content does not give its stored hash (it was edited).
    Content { seq: i64 },
    /// A sequence number is missing before this event.
    Gap { seq: i64 },
}

/// A stored event with its stored hashes.
pub struct Stored<'a> {
    pub record: EventRecord<'a>,
    pub prev_hash: &'a str,
    pub hash: &'a str,
}

/// Checks events in sequence order; the first break, if any.
pub fn verify<'a>(events: impl IntoIterator<Item = Stored<'a>>) -> Result<u64, Break> {
    let mut prev = GENESIS.to_owned();
    let mut n = 0;
    for (expected_seq, e) in (1..).zip(events) {
        let seq = e.record.seq;
        if seq != expected_seq {
            return Err(Break::Gap { seq });
        }
        if e.prev_hash != prev {
            return Err(Break::Link { seq });
        }
        if event_hash(&prev, &e.record) != e.hash {
            return Err(Break::Content { seq });
        }
        prev = e.hash.to_owned();
        n += 1;
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(texts: &[&'static str]) -> Vec<(EventRecord<'static>, String, String)> {
        let mut prev = GENESIS.to_owned();
        let mut out = Vec::new();
        for (i, text) in texts.iter().enumerate() {
            let r = EventRecord {
                seq: i as i64 + 1,
                case_id: 7,
                at: "2026-11-28T02:00:00Z",
                actor: "resident",
                kind: "submitted",
                public: true,
                text,
                data: "{}",
            };
            let h = event_hash(&prev, &r);
            out.push((r, prev.clone(), h.clone()));
            prev = h;
        }
        out
    }

    fn stored<'a>(c: &'a [(EventRecord<'static>, String, String)]) -> Vec<Stored<'a>> {
        c.iter()
            .map(|(r, p, h)| Stored {
                record: r.clone(),
                prev_hash: p,
                hash: h,
            })
            .collect()
    }

    #[test]
    fn an_intact_chain_verifies() {
        let c = chain(&["a", "b", "c"]);
        assert_eq!(verify(stored(&c)), Ok(3));
        assert_eq!(c[0].2.len(), 64);
    }

    #[test]
    fn edits_removals_and_field_shifts_are_found() {
        let mut c = chain(&["a", "b", "c"]);
        c[1].0.text = "B";
        assert_eq!(verify(stored(&c)), Err(Break::Content { seq: 2 }));
        let mut c = chain(&["a", "b", "c"]);
        c.remove(1);
        assert_eq!(verify(stored(&c)), Err(Break::Gap { seq: 3 }));
        let mut c = chain(&["a", "b", "c"]);
        c[2].1 = c[0].2.clone();
        assert_eq!(verify(stored(&c)), Err(Break::Link { seq: 3 }));
        // Moving text between fields changes the hash (length prefixes).
        let a = EventRecord {
            seq: 1,
            case_id: 1,
            at: "x",
            actor: "ab",
            kind: "c",
            public: false,
            text: "",
            data: "",
        };
        let b = EventRecord {
            actor: "a",
            kind: "bc",
            ..a.clone()
        };
        assert_ne!(event_hash(GENESIS, &a), event_hash(GENESIS, &b));
    }
}
