//! Time-based one-time codes (RFC 6238) for staff sign-in, computed by
//! `totp-rs`: SHA-1, 6 digits, 30-second steps, one step of clock skew
//! either way, the settings every authenticator app uses. Each step is
//! accepted once (the caller stores the last one).

use totp_rs::{Algorithm, Secret, TOTP};

pub const STEP_SECONDS: u64 = 30;
/// The issuer an authenticator app shows beside the account.
const ISSUER: &str = "Qingjia Jiading";

fn totp(secret: &str, account: &str) -> Option<TOTP> {
    let bytes = Secret::Encoded(secret.to_owned()).to_bytes().ok()?;
    TOTP::new(
        Algorithm::SHA1,
        6,
        1,
        STEP_SECONDS,
        bytes,
        Some(ISSUER.to_owned()),
        account.to_owned(),
    )
    .ok()
}

/// Whether `secret` is a key codes can be made from (base32, at least 128
/// bits): every stored key is, so one that is not is corrupt rather than
/// a key that silently refuses every code.
pub(crate) fn is_key(secret: &str) -> bool {
    totp(secret, "").is_some()
}

/// A new random 160-bit secret, base32 (as typed into an app).
pub fn new_secret() -> String {
    match Secret::Raw(super::random_bytes::<20>().to_vec()).to_encoded() {
        Secret::Encoded(s) => s,
        Secret::Raw(_) => unreachable!("to_encoded gives an encoded secret"),
    }
}

/// The `otpauth://` address an authenticator app scans from the QR code.
pub fn url(secret: &str, account: &str) -> String {
    totp(secret, account)
        .map(|t| t.get_url())
        .unwrap_or_default()
}

/// The code at Unix time `time` (for tests and the demo's documentation).
pub fn code_at(secret: &str, time: u64) -> String {
    totp(secret, "")
        .map(|t| t.generate(time))
        .unwrap_or_default()
}

/// The time step `code` belongs to at Unix time `now` (the current step or
/// one either side), if it is one and later than `after` (no replays).
pub fn matching_step(secret: &str, code: &str, now: u64, after: Option<i64>) -> Option<i64> {
    let code: String = code
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let t = totp(secret, "")?;
    let current = now / STEP_SECONDS;
    (current.saturating_sub(1)..=current + 1)
        .filter(|step| after.is_none_or(|a| (*step as i64) > a))
        .find(|step| {
            let expected = t.generate(step * STEP_SECONDS);
            // Constant time: the comparison does not leak how many digits match.
            expected
                .bytes()
                .zip(code.bytes())
                .fold(0u8, |acc, (x, y)| acc | (x ^ y))
                == 0
        })
        .map(|step| step as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1, truncated to 6 digits.
    const RFC_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"; // "12345678901234567890"

    #[test]
    fn codes_match_the_rfc_vectors() {
        assert_eq!(code_at(RFC_SECRET, 59), "287082");
        assert_eq!(code_at(RFC_SECRET, 1_111_111_109), "081804");
        assert_eq!(code_at(RFC_SECRET, 1_234_567_890), "005924");
    }

    #[test]
    fn a_code_is_accepted_once_within_one_step_of_skew() {
        let now = 1_234_567_890;
        let code = code_at(RFC_SECRET, now);
        let step = (now / STEP_SECONDS) as i64;
        assert_eq!(matching_step(RFC_SECRET, &code, now, None), Some(step));
        assert_eq!(matching_step(RFC_SECRET, "005 924", now, None), Some(step));
        assert_eq!(matching_step(RFC_SECRET, &code, now + 30, None), Some(step));
        assert_eq!(
            matching_step(RFC_SECRET, &code, now + 90, None),
            None,
            "too old"
        );
        assert_eq!(
            matching_step(RFC_SECRET, &code, now, Some(step)),
            None,
            "replayed"
        );
        assert_eq!(matching_step(RFC_SECRET, "12345", now, None), None);
        assert_eq!(matching_step(RFC_SECRET, "abcdef", now, None), None);
        let secret = new_secret();
        assert_eq!(secret.len(), 32);
        assert!(is_key(&secret) && is_key(RFC_SECRET));
        assert!(!is_key("not base32!") && !is_key("GEZDGNBV"), "short");
        assert!(url(&secret, "admin").starts_with("otpauth://totp/"));
    }
}
