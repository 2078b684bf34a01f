//! A case's public reference (`JD-2026-000123`) and its secret access code
//! (`K7QD-M2XP`): tracking a case needs both.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A human-friendly case reference: district prefix, year, sequence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Reference {
    pub year: i32,
    pub number: u32,
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "JD-{}-{:06}", self.year, self.number)
    }
}

impl Reference {
    /// Reads a reference as residents type it: any case, spaces or dashes
    /// anywhere (`jd 2026 000123`, `JD2026000123`).
    pub fn parse(raw: &str) -> Option<Reference> {
        let compact: String = raw
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect::<String>()
            .to_ascii_uppercase();
        let rest = compact.strip_prefix("JD")?;
        if rest.len() < 5 || !rest.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let (year, number) = rest.split_at(4);
        let year: i32 = year.parse().ok()?;
        let number: u32 = number.parse().ok()?;
        ((2000..=2999).contains(&year) && number > 0 && number <= 999_999)
            .then_some(Reference { year, number })
    }
}

/// 32 symbols without look-alikes (no I, O, 0, 1): 5 bits each.
const ALPHABET: &[u8; 32] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/// The secret that, with the reference, opens a case's tracking page.
/// 8 symbols = 40 random bits; lookups are rate-limited on top.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessCode(String);

impl fmt::Debug for AccessCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessCode(****)")
    }
}

impl AccessCode {
    /// From 8 random bytes (the caller's CSPRNG); each gives one symbol
    /// without bias (256 is a multiple of 32).
    pub fn from_random(bytes: [u8; 8]) -> AccessCode {
        AccessCode(
            bytes
                .iter()
                .map(|b| ALPHABET[usize::from(b & 31)] as char)
                .collect(),
        )
    }

    /// Reads a code as typed: any case, spaces and dashes ignored.
    pub fn parse(raw: &str) -> Option<AccessCode> {
        let code: String = raw
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect::<String>()
            .to_ascii_uppercase();
        (code.len() == 8 && code.bytes().all(|b| ALPHABET.contains(&b))).then_some(AccessCode(code))
    }

    /// The canonical form (what is hashed and stored).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// As printed for the resident: `K7QD-M2XP`.
    pub fn display(&self) -> String {
        format!("{}-{}", &self.0[..4], &self.0[4..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_print_and_read_back() {
        let r = Reference {
            year: 2026,
            number: 123,
        };
        assert_eq!(r.to_string(), "JD-2026-000123");
        for typed in [
            "JD-2026-000123",
            "jd 2026 000123",
            "JD2026000123",
            " jd-2026-123 ",
        ] {
            assert_eq!(Reference::parse(typed), Some(r), "{typed}");
        }
        for bad in [
            "",
            "JD-2026",
            "XX-2026-000123",
            "JD-2026-000000",
            "JD-26-1",
            "JD-2026-1234567",
            "JD-2026-00012a",
        ] {
            assert_eq!(Reference::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn access_codes() {
        let code = AccessCode::from_random([0, 1, 2, 31, 32, 63, 200, 255]);
        assert_eq!(code.as_str(), "ABC9A9J9");
        assert_eq!(code.display(), "ABC9-A9J9");
        assert_eq!(AccessCode::parse("abc9 a9j9"), Some(code.clone()));
        assert_eq!(AccessCode::parse("ABC9-A9J9"), Some(code.clone()));
        assert_eq!(
            AccessCode::parse("ABC0-A9J9"),
            None,
            "no look-alike symbols"
        );
        assert_eq!(AccessCode::parse("ABC9AZJ"), None);
        assert_eq!(format!("{code:?}"), "AccessCode(****)", "never in logs");
    }
}
