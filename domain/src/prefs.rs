//! A visitor's display preferences: language and text size.

use serde::{Deserialize, Serialize};

/// The portal's languages. Simplified Chinese is the default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Locale {
    #[default]
    ZhCn,
    En,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::ZhCn, Locale::En];

    /// The BCP 47 tag, as used in `<html lang>`, cookies and forms.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::ZhCn => "zh-CN",
            Locale::En => "en",
        }
    }

    /// Parses a tag exactly as [`Locale::tag`] writes it (case-insensitive).
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let tag = tag.trim();
        if tag.eq_ignore_ascii_case("zh-CN") {
            Some(Locale::ZhCn)
        } else if tag.eq_ignore_ascii_case("en") {
            Some(Locale::En)
        } else {
            None
        }
    }

    /// Picks the best supported language from an `Accept-Language` header.
    ///
    /// Any Chinese variant maps to zh-CN (the portal has one Chinese text) and
    /// any English variant to en; weights (`q=`) decide between them, earlier
    /// entries win ties. Without a usable entry the default (zh-CN) applies.
    pub fn negotiate(accept_language: &str) -> Locale {
        let mut best: Option<(Locale, f32)> = None;
        for entry in accept_language.split(',') {
            let mut parts = entry.split(';');
            let range = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if q.is_nan() || q <= 0.0 {
                continue;
            }
            let primary = range.split('-').next().unwrap_or("");
            let locale = match primary {
                "zh" => Locale::ZhCn,
                "en" => Locale::En,
                _ => continue,
            };
            if best.is_none_or(|(_, best_q)| q > best_q) {
                best = Some((locale, q));
            }
        }
        best.map(|(l, _)| l).unwrap_or_default()
    }
}

/// Text size: standard, or large for the elderly-friendly mode (适老化).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TextSize {
    #[default]
    Standard,
    Large,
}

impl TextSize {
    pub fn as_str(self) -> &'static str {
        match self {
            TextSize::Standard => "standard",
            TextSize::Large => "large",
        }
    }

    pub fn parse(value: &str) -> Option<TextSize> {
        match value.trim() {
            "standard" => Some(TextSize::Standard),
            "large" => Some(TextSize::Large),
            _ => None,
        }
    }
}

/// Cookie names, shared by the server and the browser islands.
pub const LOCALE_COOKIE: &str = "qj_lang";
pub const TEXT_SIZE_COOKIE: &str = "qj_text";

/// The longest return path followed (a page's address with its query).
pub const MAX_RETURN_PATH: usize = 512;

/// Where to send the visitor back after changing a preference: only a path on
/// this site, never another origin (no open redirect).
pub fn safe_return_path(next: &str) -> &str {
    let ok = next.len() <= MAX_RETURN_PATH
        && next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.chars().any(|c| c.is_control());
    if ok { next } else { "/" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip() {
        for l in Locale::ALL {
            assert_eq!(Locale::from_tag(l.tag()), Some(l));
        }
        assert_eq!(Locale::from_tag("fr"), None);
        assert_eq!(Locale::from_tag("EN"), Some(Locale::En));
    }

    #[test]
    fn negotiation_prefers_weight_then_order() {
        assert_eq!(Locale::negotiate(""), Locale::ZhCn);
        assert_eq!(Locale::negotiate("en-US,en;q=0.9"), Locale::En);
        assert_eq!(Locale::negotiate("zh-TW,zh;q=0.9,en;q=0.8"), Locale::ZhCn);
        assert_eq!(Locale::negotiate("fr-FR, en;q=0.5, zh;q=0.4"), Locale::En);
        assert_eq!(Locale::negotiate("en;q=0.5, zh-CN;q=0.8"), Locale::ZhCn);
        assert_eq!(Locale::negotiate("en;q=0, de"), Locale::ZhCn);
        assert_eq!(Locale::negotiate("en, zh"), Locale::En);
        assert_eq!(Locale::negotiate(";;;,q=abc"), Locale::ZhCn);
    }

    #[test]
    fn text_size_parses_only_known_values() {
        assert_eq!(TextSize::parse("large"), Some(TextSize::Large));
        assert_eq!(TextSize::parse("standard"), Some(TextSize::Standard));
        assert_eq!(TextSize::parse("huge"), None);
    }

    #[test]
    fn return_path_stays_on_site() {
        assert_eq!(safe_return_path("/air?x=1"), "/air?x=1");
        assert_eq!(safe_return_path("https://evil.example/"), "/");
        assert_eq!(safe_return_path("//evil.example/"), "/");
        assert_eq!(safe_return_path("/\\evil.example"), "/");
        assert_eq!(safe_return_path("/a\r\nSet-Cookie: x"), "/");
        assert_eq!(safe_return_path(""), "/");
        let long = format!("/{}", "a".repeat(MAX_RETURN_PATH));
        assert_eq!(
            safe_return_path(&long),
            "/",
            "a header that long is refused upstream"
        );
        assert_eq!(
            safe_return_path(&long[..MAX_RETURN_PATH]),
            &long[..MAX_RETURN_PATH]
        );
    }
}
