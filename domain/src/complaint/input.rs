//! The fields of a complaint form.

use serde::{Deserialize, Serialize};

/// Why a field was refused; `code()` is what the UI translates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum FieldError {
    #[error("required")]
    Required,
    #[error("too short (at least {0} characters)")]
    TooShort(usize),
    #[error("too long (at most {0} characters)")]
    TooLong(usize),
    #[error("not a mainland China mobile number")]
    NotAMobileNumber,
    #[error("not an email address")]
    NotAnEmail,
    #[error("not one of the choices")]
    NotAChoice,
    #[error("outside Shanghai")]
    OutOfArea,
    #[error("not a number")]
    NotANumber,
    #[error("outside the allowed range")]
    OutOfRange,
    #[error("not a date and time")]
    NotATime,
    #[error("in the future")]
    InFuture,
    #[error("no such case, or not one this can be done with")]
    UnknownCase,
    #[error("already in use")]
    Taken,
    #[error("not a Unified Social Credit Code (18 letters and digits)")]
    NotACreditCode,
    #[error("the check character does not match")]
    WrongCheckCharacter,
}

impl FieldError {
    pub fn code(self) -> &'static str {
        match self {
            FieldError::Required => "required",
            FieldError::TooShort(_) => "too_short",
            FieldError::TooLong(_) => "too_long",
            FieldError::NotAMobileNumber => "not_a_mobile_number",
            FieldError::NotAnEmail => "not_an_email",
            FieldError::NotAChoice => "not_a_choice",
            FieldError::OutOfArea => "out_of_area",
            FieldError::NotANumber => "not_a_number",
            FieldError::OutOfRange => "out_of_range",
            FieldError::NotATime => "not_a_time",
            FieldError::InFuture => "in_future",
            FieldError::UnknownCase => "unknown_case",
            FieldError::Taken => "taken",
            FieldError::NotACreditCode => "not_a_credit_code",
            FieldError::WrongCheckCharacter => "wrong_check_character",
        }
    }
}

/// Full-width ASCII (what a Chinese input method types: `ＡＢ１２`, `－`)
/// and the ideographic space, as their plain forms; other text as it is.
/// For codes and numbers, where `Ａ` and `A` mean the same.
pub fn half_width(raw: &str) -> String {
    raw.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// Trims, removes control characters (keeping line breaks where allowed)
/// and checks the length in characters (a Chinese character counts one).
/// Characters dropped from any text: zero-width spaces, byte-order marks
/// and the bidirectional controls that make text display other than it
/// reads (staff would see one thing and search another).
fn stripped(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}' | '\u{FEFF}'
    )
}

/// Characters kept (they join emoji or pick a glyph's form, or are blank
/// letters of other scripts) but not counted as something a reader sees.
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180E}'
            | '\u{200C}'
            | '\u{200D}'
            | '\u{2800}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FFA0}'
    )
}

pub(crate) fn text(
    raw: &str,
    min: usize,
    max: usize,
    multiline: bool,
) -> Result<String, FieldError> {
    let cleaned: String = raw
        .chars()
        .filter(|c| (!c.is_control() || (multiline && *c == '\n')) && !stripped(*c))
        .collect::<String>()
        .trim()
        .to_owned();
    let n = cleaned.chars().count();
    // What a reader sees: twenty zero-width spaces are not ten characters.
    let seen = cleaned
        .chars()
        .filter(|c| !c.is_whitespace() && !invisible(*c))
        .count();
    if seen == 0 {
        Err(FieldError::Required)
    } else if seen < min {
        Err(FieldError::TooShort(min))
    } else if n > max {
        Err(FieldError::TooLong(max))
    } else {
        Ok(cleaned)
    }
}

macro_rules! text_field {
    ($(#[$doc:meta])* $name:ident, $min:expr, $max:expr, $multiline:expr) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
        pub struct $name(String);

        impl $name {
            pub const MIN_CHARS: usize = $min;
            pub const MAX_CHARS: usize = $max;

            pub fn parse(raw: &str) -> Result<$name, FieldError> {
                text(raw, $min, $max, $multiline).map($name)
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
    };
}

text_field!(
    /// What happens, in the resident's words.
    Description, 10, 2000, true
);
text_field!(
    /// Where: street address or landmark (the town comes from the units list).
    AddressText, 4, 200, false
);
text_field!(
    /// The resident's name (private: staff only).
    PersonName, 1, 30, false
);
text_field!(
    /// A pollution source's name: a business, a site, a compound or a road.
    SourceName, 2, 100, false
);
text_field!(
    /// Who runs a source: a company, or the person in charge.
    OperatorName, 2, 100, false
);
text_field!(
    /// A restaurant's name, for cooking-fume complaints.
    BusinessName, 2, 100, false
);

/// A mainland China mobile number, stored as its 11 digits.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MobileNumber(String);

impl MobileNumber {
    /// Accepts `13812345678`, `138 1234 5678`, `138-1234-5678` and the same
    /// with `+86` / `0086` / `86` in front.
    pub fn parse(raw: &str) -> Result<MobileNumber, FieldError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(FieldError::Required);
        }
        if !trimmed
            .chars()
            .all(|c| c.is_ascii_digit() || " -+()".contains(c))
        {
            return Err(FieldError::NotAMobileNumber);
        }
        let mut digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
        for prefix in ["0086", "86"] {
            if digits.len() == 11 + prefix.len() && digits.starts_with(prefix) {
                digits.drain(..prefix.len());
            }
        }
        let b = digits.as_bytes();
        let ok = b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]);
        if ok {
            Ok(MobileNumber(digits))
        } else {
            Err(FieldError::NotAMobileNumber)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `138****5678`, for anything a person other than staff may see.
    pub fn masked(&self) -> String {
        crate::mask::phone(&self.0)
    }
}

/// An email address for news of the case (optional): one `@`, a dotted
/// domain, no spaces or angle brackets, at most 254 characters. Stored
/// as typed, trimmed, with the domain in lower case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailAddress(String);

impl EmailAddress {
    pub const MAX_CHARS: usize = 254;

    pub fn parse(raw: &str) -> Result<EmailAddress, FieldError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(FieldError::Required);
        }
        if trimmed.chars().count() > Self::MAX_CHARS {
            return Err(FieldError::TooLong(Self::MAX_CHARS));
        }
        let Some((local, domain)) = trimmed.split_once('@') else {
            return Err(FieldError::NotAnEmail);
        };
        let bad_char =
            |c: char| c.is_whitespace() || c.is_control() || "<>()[],;:\\\"@".contains(c);
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '.');
        if local.is_empty() || local.chars().any(bad_char) || !domain_ok {
            return Err(FieldError::NotAnEmail);
        }
        Ok(EmailAddress(format!("{local}@{}", domain.to_lowercase())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// When a noise happens (night is 22:00–06:00, GB 3096-2008).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NoiseTime {
    Day,
    Night,
    Both,
}

/// What a restaurant's fumes are like.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FumeKind {
    Smoke,
    Odour,
    Both,
}

macro_rules! choice {
    ($name:ident { $($variant:ident => $code:literal),+ $(,)? }) => {
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn parse(raw: &str) -> Result<$name, FieldError> {
                match raw.trim() {
                    "" => Err(FieldError::Required),
                    $($code => Ok($name::$variant),)+
                    _ => Err(FieldError::NotAChoice),
                }
            }
        }
    };
}

choice!(NoiseTime { Day => "day", Night => "night", Both => "both" });
choice!(FumeKind { Smoke => "smoke", Odour => "odour", Both => "both" });

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_ascii_reads_as_plain() {
        assert_eq!(half_width("ＡＢ１２－ｘ\u{3000}：９"), "AB12-x :9");
        assert_eq!(half_width("沪环执（2024）"), "沪环执(2024)");
        assert_eq!(half_width("plain"), "plain");
    }

    #[test]
    fn mobile_numbers() {
        for ok in [
            "13812345678",
            " 138 1234 5678 ",
            "138-1234-5678",
            "+86 138 1234 5678",
            "008613812345678",
            "8619912345678",
        ] {
            assert_eq!(MobileNumber::parse(ok).unwrap().as_str().len(), 11, "{ok}");
        }
        assert_eq!(
            MobileNumber::parse("+86 138 1234 5678").unwrap().as_str(),
            "13812345678"
        );
        for bad in [
            "12812345678",
            "1381234567",
            "138123456789",
            "021-59991234",
            "1381234567a",
            "１３８１２３４５６７８",
        ] {
            assert_eq!(
                MobileNumber::parse(bad),
                Err(FieldError::NotAMobileNumber),
                "{bad}"
            );
        }
        assert_eq!(MobileNumber::parse("  "), Err(FieldError::Required));
        assert_eq!(
            MobileNumber::parse("13812345678").unwrap().masked(),
            "138****5678"
        );
    }

    #[test]
    fn invisible_characters_are_not_text() {
        let zero_width = "\u{200B}".repeat(20);
        assert_eq!(Description::parse(&zero_width), Err(FieldError::Required));
        // Blank letters of other scripts look like nothing too.
        for blank in ['\u{3164}', '\u{2800}', '\u{115F}', '\u{FFA0}'] {
            let filler = blank.to_string().repeat(12);
            assert_eq!(
                Description::parse(&filler),
                Err(FieldError::Required),
                "{blank:?}"
            );
        }
        let padded = format!("噪声{}", "\u{200B}\u{FEFF}\u{2060}\u{200D}".repeat(5));
        assert_eq!(Description::parse(&padded), Err(FieldError::TooShort(10)));
        // A right-to-left override would show staff other text than it is.
        let spoof = "工地夜间施工噪声\u{202E}很大无法入睡";
        assert_eq!(
            Description::parse(spoof).unwrap().as_str(),
            "工地夜间施工噪声很大无法入睡"
        );
        // Emoji joined by ZWJ stay as they are.
        let family = "楼上每晚吵闹到深夜两点👨\u{200D}👩\u{200D}👧";
        assert_eq!(Description::parse(family).unwrap().as_str(), family);
    }

    #[test]
    fn text_lengths_count_characters_and_drop_control_codes() {
        assert_eq!(Description::parse("   "), Err(FieldError::Required));
        assert_eq!(Description::parse("太吵了"), Err(FieldError::TooShort(10)));
        let ok =
            Description::parse("  夜里十一点以后工地还在打桩，\n已经持续一周。\u{0007}  ").unwrap();
        assert_eq!(ok.as_str(), "夜里十一点以后工地还在打桩，\n已经持续一周。");
        assert_eq!(
            Description::parse(&"噪".repeat(2001)),
            Err(FieldError::TooLong(2000))
        );
        assert!(Description::parse(&"噪".repeat(2000)).is_ok());
        assert_eq!(
            PersonName::parse("张\n三").unwrap().as_str(),
            "张三",
            "single-line fields lose line breaks"
        );
        assert_eq!(
            BusinessName::parse("<script>alert(1)</script>")
                .unwrap()
                .as_str(),
            "<script>alert(1)</script>",
            "kept as text; escaping is the view's job"
        );
    }

    #[test]
    fn choices() {
        assert_eq!(NoiseTime::parse("night"), Ok(NoiseTime::Night));
        assert_eq!(NoiseTime::parse(""), Err(FieldError::Required));
        assert_eq!(NoiseTime::parse("evening"), Err(FieldError::NotAChoice));
        for k in FumeKind::ALL {
            assert_eq!(FumeKind::parse(k.code()), Ok(*k));
        }
    }
}

#[cfg(test)]
mod email_tests {
    use super::*;

    #[test]
    fn email_addresses() {
        assert_eq!(
            EmailAddress::parse(" Zhang.San@Example.COM ")
                .unwrap()
                .as_str(),
            "Zhang.San@example.com"
        );
        assert!(
            EmailAddress::parse("张三@例子.中国").is_ok(),
            "international domains"
        );
        for bad in [
            "zhangsan",
            "a@b",
            "a b@c.cn",
            "@c.cn",
            "a@.cn",
            "a@c..cn",
            "a<b>@c.cn",
            "a@b@c.cn",
        ] {
            assert_eq!(
                EmailAddress::parse(bad),
                Err(FieldError::NotAnEmail),
                "{bad}"
            );
        }
        assert_eq!(EmailAddress::parse(" "), Err(FieldError::Required));
        let long = format!("{}@example.com", "a".repeat(250));
        assert_eq!(EmailAddress::parse(&long), Err(FieldError::TooLong(254)));
    }
}
