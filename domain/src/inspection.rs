//! Site inspections and the inspection code (检查码): registering a visit
//! before it happens, what the code looks like, its status, the results
//! measured against the source's limits, the business's rating, and the
//! "no disturbance without cause" (无事不扰) count.
//!
//! A *visit* is one entry into a business under one code; each unit that
//! inspects during it adds its *part* (purpose, legal basis, inspectors),
//! so several units' checks of one place in one window become one joint
//! visit (一次进门、多事联查).

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

use crate::complaint::filing::Problem;
use crate::complaint::input::{FieldError, half_width, text};
use crate::shanghai;
use crate::source::{
    AcousticZone, FUME_LIMIT, Limit, NoiseStandard, Period, SourceKind, noise_limit,
};

/// The characters of a code: digits and capitals without 0, 1, I and O,
/// which are read wrongly off a screen (32 characters, 5 bits each).
const ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
/// Characters in a code: 50 bits, and lookups are rate-limited.
pub const CODE_LEN: usize = 10;

/// An inspection code, canonical: ten characters of [`ALPHABET`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct InspectionCode(String);

impl InspectionCode {
    /// A code from random bytes (the caller takes them from the OS).
    pub fn from_random(bytes: [u8; 7]) -> InspectionCode {
        let mut bits: u64 = 0;
        for b in bytes {
            bits = (bits << 8) | u64::from(b);
        }
        let code = (0..CODE_LEN)
            .map(|i| ALPHABET[((bits >> (5 * i)) & 31) as usize] as char)
            .collect();
        InspectionCode(code)
    }

    /// What a person typed or a QR code carried: case, spaces and dashes do
    /// not matter; `O`/`I` read as `0`/`1` are not in the alphabet, so
    /// they are refused rather than guessed.
    pub fn parse(raw: &str) -> Option<InspectionCode> {
        if raw.len() > 80 {
            return None;
        }
        let code: String = half_width(raw)
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        (code.len() == CODE_LEN && code.bytes().all(|b| ALPHABET.contains(&b)))
            .then_some(InspectionCode(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// As shown and printed: two groups of five, `ABCDE-FGHJK`.
    pub fn display(&self) -> String {
        format!("{}-{}", &self.0[..5], &self.0[5..])
    }
}

/// Why a unit inspects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Purpose {
    /// Checking a complaint (a case).
    Case,
    /// A screening task from an early warning.
    Task,
    /// A routine check, without a complaint or warning behind it.
    Routine,
}

impl Purpose {
    pub const ALL: [Purpose; 3] = [Purpose::Case, Purpose::Task, Purpose::Routine];

    pub fn code(self) -> &'static str {
        match self {
            Purpose::Case => "case",
            Purpose::Task => "task",
            Purpose::Routine => "routine",
        }
    }

    pub fn parse(code: &str) -> Option<Purpose> {
        Purpose::ALL.into_iter().find(|p| p.code() == code)
    }
}

/// A code's status as the business sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    /// Registered, its window not yet over, no result yet.
    Valid,
    /// The result is recorded: the visit took place.
    Used,
    /// The window passed without a result.
    Expired,
    /// Withdrawn by the unit: no inspection may take place under it.
    Revoked,
}

impl Status {
    pub fn of(now: DateTime<Utc>, ends_at: DateTime<Utc>, result: bool, revoked: bool) -> Status {
        if revoked {
            Status::Revoked
        } else if result {
            Status::Used
        } else if now > ends_at {
            Status::Expired
        } else {
            Status::Valid
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Status::Valid => "valid",
            Status::Used => "used",
            Status::Expired => "expired",
            Status::Revoked => "revoked",
        }
    }
}

/// How long after its window a result may still be recorded.
pub const RESULT_GRACE_DAYS: i64 = 7;
/// How far ahead a visit may be planned.
pub const MAX_DAYS_AHEAD: i64 = 60;
/// The longest window of one visit, joint visits included: a working day,
/// or a night check from evening into the small hours.
pub const MAX_WINDOW_HOURS: i64 = 12;
/// Inspectors on one part: at least two (行政处罚法 第四十二条: 执法人员不得少于两人),
/// at most three on the form.
pub const MIN_INSPECTORS: usize = 2;
pub const MAX_INSPECTORS: usize = 3;

/// "No disturbance without cause" (无事不扰): a warning when a source
/// already had this many routine visits within [`QUIET_DAYS`] days and no
/// complaint or early warning in that time.
pub const QUIET_VISITS: i64 = 2;
pub const QUIET_DAYS: i64 = 30;

/// Whether registering one more routine visit should warn: `visits`
/// routine visits in the last [`QUIET_DAYS`] days, `causes` complaints and
/// warnings about the source in that time.
pub fn without_cause(visits: i64, causes: i64) -> bool {
    causes == 0 && visits >= QUIET_VISITS
}

/// A planned window, in Shanghai wall-clock time on one day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

impl Window {
    /// Do the two windows share a moment?
    pub fn overlaps(&self, other: &Window) -> bool {
        self.starts_at < other.ends_at && other.starts_at < self.ends_at
    }

    /// The window of a joint visit: both windows, when they overlap and
    /// together stay within [`MAX_WINDOW_HOURS`]; otherwise they are two
    /// visits with two codes.
    pub fn joined(&self, other: &Window) -> Option<Window> {
        let joint = Window {
            starts_at: self.starts_at.min(other.starts_at),
            ends_at: self.ends_at.max(other.ends_at),
        };
        (self.overlaps(other)
            && joint.ends_at - joint.starts_at <= Duration::hours(MAX_WINDOW_HOURS))
        .then_some(joint)
    }
}

/// The registration form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterForm {
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub purpose: String,
    /// The case's reference, for [`Purpose::Case`].
    #[serde(default)]
    pub case_ref: String,
    /// The warning's number, for [`Purpose::Task`].
    #[serde(default)]
    pub warning: String,
    /// The inspection item (and its legal basis), from the admin list.
    #[serde(default)]
    pub item: String,
    #[serde(default)]
    pub day: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub inspector1: String,
    #[serde(default)]
    pub cert1: String,
    #[serde(default)]
    pub inspector2: String,
    #[serde(default)]
    pub cert2: String,
    #[serde(default)]
    pub inspector3: String,
    #[serde(default)]
    pub cert3: String,
    /// Ticked after the "no disturbance without cause" warning.
    #[serde(default)]
    pub quiet: String,
}

/// A validated registration: ids still to be checked against the
/// database (that the case, warning, item and accounts exist and fit).
#[derive(Clone, Debug, PartialEq)]
pub struct Registration {
    pub source_id: i64,
    pub purpose: Purpose,
    pub case_ref: Option<String>,
    pub warning_id: Option<i64>,
    pub item_id: i64,
    pub window: Window,
    /// (staff account id, certificate number), in the order given.
    pub inspectors: Vec<(i64, String)>,
    pub quiet_confirmed: bool,
}

/// The kinds of source an inspection item applies to, as stored: kind
/// codes separated by spaces, none for every kind. Unknown codes are
/// skipped; the order is [`SourceKind::ALL`]'s.
pub fn item_kinds(stored: &str) -> Vec<SourceKind> {
    let codes: Vec<&str> = stored.split_whitespace().collect();
    SourceKind::ALL
        .into_iter()
        .filter(|k| codes.contains(&k.code()))
        .collect()
}

/// How [`item_kinds`] reads `kinds` back.
pub fn item_kinds_stored(kinds: &[SourceKind]) -> String {
    SourceKind::ALL
        .into_iter()
        .filter(|k| kinds.contains(k))
        .map(SourceKind::code)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether an item with `stored` kinds may be registered at a source of
/// `kind` (the fumes check is for restaurants, the construction-noise check
/// for building sites).
pub fn item_applies(stored: &str, kind: SourceKind) -> bool {
    item_kinds_include(&item_kinds(stored), kind)
}

/// Whether an item of `kinds` ([`item_kinds`]) applies at a `kind` of source.
pub fn item_kinds_include(kinds: &[SourceKind], kind: SourceKind) -> bool {
    kinds.is_empty() || kinds.contains(&kind)
}

/// A record number as typed in a form (`12`, `#12`, full-width digits); `None`
/// for anything else, zero and negatives included.
pub fn number(raw: &str) -> Option<i64> {
    half_width(raw)
        .trim()
        .trim_start_matches('#')
        .parse::<i64>()
        .ok()
        .filter(|i| *i > 0)
}

fn time(raw: &str) -> Result<NaiveTime, FieldError> {
    let raw = half_width(raw);
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(FieldError::Required);
    }
    NaiveTime::parse_from_str(raw, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(raw, "%H:%M:%S"))
        .map_err(|_| FieldError::NotATime)
}

/// An enforcement certificate number (执法证号) as typed: letters,
/// digits, CJK characters and the brackets and dashes such numbers use.
pub fn certificate(raw: &str) -> Result<String, FieldError> {
    // Full-width letters, digits and dashes as plain ones; the full-width
    // brackets such numbers are printed with stay as they are.
    let c: String = raw
        .trim()
        .chars()
        .filter(|c| *c != ' ' && *c != '\u{3000}')
        .map(|c| match c {
            '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' | '－' => {
                half_width(&c.to_string()).chars().next().unwrap_or(c)
            }
            _ => c,
        })
        .collect();
    let n = c.chars().count();
    if n == 0 {
        return Err(FieldError::Required);
    }
    if n < 4 {
        return Err(FieldError::TooShort(4));
    }
    if n > 30 {
        return Err(FieldError::TooLong(30));
    }
    let fits = |ch: char| {
        ch.is_ascii_alphanumeric()
            || ('\u{4e00}'..='\u{9fff}').contains(&ch)
            || "()（）〔〕[]【】-－·".contains(ch)
    };
    if c.chars().all(fits) {
        Ok(c)
    } else {
        Err(FieldError::NotAChoice)
    }
}

impl RegisterForm {
    /// Checks what can be checked without the database; `now` sets the
    /// earliest day (today in Shanghai) and the latest.
    pub fn validate(&self, now: DateTime<Utc>) -> Result<Registration, Vec<Problem>> {
        let mut problems = Vec::new();
        let mut problem = |field: &'static str, error: FieldError| {
            problems.push(Problem { field, error });
        };
        let source_id = number(&self.source);
        if source_id.is_none() {
            let error = if self.source.trim().is_empty() {
                FieldError::Required
            } else {
                FieldError::NotANumber
            };
            problem("source", error);
        }
        let purpose = Purpose::parse(self.purpose.trim());
        let (mut case_ref, mut warning_id) = (None, None);
        match purpose {
            None => problem("purpose", FieldError::Required),
            Some(Purpose::Case) => {
                let r = self.case_ref.trim();
                if r.is_empty() {
                    problem("case_ref", FieldError::Required);
                } else if r.chars().count() > 40 {
                    problem("case_ref", FieldError::UnknownCase);
                } else {
                    case_ref = Some(r.to_owned());
                }
            }
            Some(Purpose::Task) => match number(&self.warning) {
                Some(w) => warning_id = Some(w),
                None if self.warning.trim().is_empty() => problem("warning", FieldError::Required),
                None => problem("warning", FieldError::NotAChoice),
            },
            Some(Purpose::Routine) => {}
        }
        let item_id = number(&self.item);
        if item_id.is_none() {
            problem("item", FieldError::Required);
        }
        let today = shanghai::today(now);
        let day = match half_width(&self.day).trim() {
            "" => {
                problem("day", FieldError::Required);
                None
            }
            d => match NaiveDate::parse_from_str(d, "%Y-%m-%d") {
                Err(_) => {
                    problem("day", FieldError::NotATime);
                    None
                }
                Ok(d) if d < today || d > today + Duration::days(MAX_DAYS_AHEAD) => {
                    problem("day", FieldError::OutOfRange);
                    None
                }
                Ok(d) => Some(d),
            },
        };
        let from = time(&self.from).map_err(|e| problem("from", e)).ok();
        let to = time(&self.to).map_err(|e| problem("to", e)).ok();
        let mut window = None;
        if let (Some(day), Some(from), Some(to)) = (day, from, to) {
            // An end before the start is on the next day: a night check
            // from 22:00 to 02:00.
            let end_day = if to <= from {
                day.succ_opt()
            } else {
                Some(day)
            };
            let at = |d: NaiveDate, t: NaiveTime| {
                shanghai::offset()
                    .from_local_datetime(&d.and_time(t))
                    .single()
                    .map(|l| l.with_timezone(&Utc))
            };
            match (at(day, from), end_day.and_then(|d| at(d, to))) {
                (Some(starts_at), Some(ends_at))
                    if ends_at > now
                        && ends_at - starts_at <= Duration::hours(MAX_WINDOW_HOURS) =>
                {
                    window = Some(Window { starts_at, ends_at })
                }
                _ => problem("to", FieldError::OutOfRange),
            }
        }
        let slots = [
            ("inspector1", "cert1", &self.inspector1, &self.cert1),
            ("inspector2", "cert2", &self.inspector2, &self.cert2),
            ("inspector3", "cert3", &self.inspector3, &self.cert3),
        ];
        let mut inspectors: Vec<(i64, String)> = Vec::new();
        for (who_field, cert_field, who, cert) in slots {
            if who.trim().is_empty() {
                continue;
            }
            let Some(staff) = number(who) else {
                problem(who_field, FieldError::NotAChoice);
                continue;
            };
            if inspectors.iter().any(|(s, _)| *s == staff) {
                problem(who_field, FieldError::Taken);
                continue;
            }
            match certificate(cert) {
                Ok(c) if inspectors.iter().any(|(_, other)| *other == c) => {
                    problem(cert_field, FieldError::Taken)
                }
                Ok(c) => inspectors.push((staff, c)),
                Err(e) => problem(cert_field, e),
            }
        }
        let named = slots.iter().filter(|s| !s.2.trim().is_empty()).count();
        if named < MIN_INSPECTORS {
            problem("inspectors", FieldError::TooShort(MIN_INSPECTORS));
        }
        match (source_id, purpose, item_id, window) {
            (Some(source_id), Some(purpose), Some(item_id), Some(window))
                if problems.is_empty() =>
            {
                Ok(Registration {
                    source_id,
                    purpose,
                    case_ref,
                    warning_id,
                    item_id,
                    window,
                    inspectors,
                    quiet_confirmed: !self.quiet.is_empty(),
                })
            }
            _ => Err(problems),
        }
    }
}

/// The surname shown to the business: the first character of a Chinese
/// name (two for the common compound surnames), or the last word of a
/// name in Latin letters.
pub fn surname(name: &str) -> String {
    const COMPOUND: [&str; 10] = [
        "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐",
    ];
    let name = name.trim();
    let cjk = name
        .chars()
        .next()
        .is_some_and(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    if cjk {
        if let Some(c) = COMPOUND.iter().find(|c| name.starts_with(**c)) {
            return (*c).to_owned();
        }
        name.chars().take(1).collect()
    } else {
        name.split_whitespace().last().unwrap_or("").to_owned()
    }
}

/// What a measurement measured.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Measured {
    /// Day-time equivalent level, dB(A).
    NoiseDay,
    /// Night-time equivalent level, dB(A).
    NoiseNight,
    /// Night-time maximum level (sudden noise), dB(A).
    NoiseNightMax,
    /// Cooking-fume concentration, mg/m³.
    Fumes,
}

impl Measured {
    pub const ALL: [Measured; 4] = [
        Measured::NoiseDay,
        Measured::NoiseNight,
        Measured::NoiseNightMax,
        Measured::Fumes,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Measured::NoiseDay => "noise_day",
            Measured::NoiseNight => "noise_night",
            Measured::NoiseNightMax => "noise_night_max",
            Measured::Fumes => "fumes",
        }
    }

    pub fn parse(code: &str) -> Option<Measured> {
        Measured::ALL.into_iter().find(|m| m.code() == code)
    }

    /// Whether the reading is one taken at a source of `kind`: cooking
    /// fumes (DB31/844) only at restaurants; noise anywhere.
    pub fn fits(self, kind: SourceKind) -> bool {
        self != Measured::Fumes || kind == SourceKind::Restaurant
    }

    /// The plausible range of a reading: a typing slip is refused.
    fn range(self) -> (f64, f64) {
        match self {
            Measured::Fumes => (0.0, 50.0),
            _ => (20.0, 140.0),
        }
    }

    /// The limit this reading is held against at a source of `kind` in
    /// `zone`; `None` when no limit applies (no zone set for a shop).
    /// The night maximum: GB 12523 allows the night limit + 15 dB(A) on a
    /// building site; GB 22337 / GB 12348 allow + 10 dB(A) for frequent
    /// sudden noise (the stricter of their two allowances).
    pub fn limit(self, kind: SourceKind, zone: Option<AcousticZone>) -> Option<Limit> {
        let standard = kind.noise_standard();
        match self {
            Measured::Fumes => Some(FUME_LIMIT),
            Measured::NoiseDay => noise_limit(standard, zone, Period::Day),
            Measured::NoiseNight => noise_limit(standard, zone, Period::Night),
            Measured::NoiseNightMax => {
                let night = noise_limit(standard, zone, Period::Night)?;
                let allowance = match standard {
                    NoiseStandard::Construction => 15.0,
                    _ => 10.0,
                };
                Some(Limit {
                    value: night.value + allowance,
                    ..night
                })
            }
        }
    }
}

/// One reading of a result.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Measurement {
    pub what: Measured,
    pub value: f64,
}

/// Measurement rows on the result form.
pub const MEASUREMENT_ROWS: usize = 3;
/// The longest findings.
pub const FINDINGS_CHARS: usize = 2000;

/// The result form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultForm {
    #[serde(default)]
    pub findings: String,
    #[serde(default)]
    pub what1: String,
    #[serde(default)]
    pub value1: String,
    #[serde(default)]
    pub what2: String,
    #[serde(default)]
    pub value2: String,
    #[serde(default)]
    pub what3: String,
    #[serde(default)]
    pub value3: String,
}

impl ResultForm {
    /// Checks the result of a visit to a source of `kind`: findings, and
    /// each reading once, of a kind taken there, in a plausible range.
    pub fn validate(&self, kind: SourceKind) -> Result<(String, Vec<Measurement>), Vec<Problem>> {
        let mut problems = Vec::new();
        let findings = match text(&self.findings, 1, FINDINGS_CHARS, true) {
            Ok(f) => f,
            Err(error) => {
                problems.push(Problem {
                    field: "findings",
                    error,
                });
                String::new()
            }
        };
        let rows = [
            ("what1", "value1", &self.what1, &self.value1),
            ("what2", "value2", &self.what2, &self.value2),
            ("what3", "value3", &self.what3, &self.value3),
        ];
        let mut measurements = Vec::new();
        for (what_field, value_field, what, value) in rows {
            let (what, value) = (what.trim(), value.trim());
            if what.is_empty() && value.is_empty() {
                continue;
            }
            let Some(m) = Measured::parse(what) else {
                problems.push(Problem {
                    field: what_field,
                    error: FieldError::Required,
                });
                continue;
            };
            if !m.fits(kind) {
                problems.push(Problem {
                    field: what_field,
                    error: FieldError::NotAChoice,
                });
                continue;
            }
            if measurements.iter().any(|x: &Measurement| x.what == m) {
                problems.push(Problem {
                    field: what_field,
                    error: FieldError::Taken,
                });
                continue;
            }
            if value.is_empty() {
                problems.push(Problem {
                    field: value_field,
                    error: FieldError::Required,
                });
                continue;
            }
            let Some(v) = half_width(value)
                .replace(['，', ','], ".")
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
            else {
                problems.push(Problem {
                    field: value_field,
                    error: FieldError::NotANumber,
                });
                continue;
            };
            let (lo, hi) = m.range();
            if !(lo..=hi).contains(&v) {
                problems.push(Problem {
                    field: value_field,
                    error: FieldError::OutOfRange,
                });
                continue;
            }
            measurements.push(Measurement {
                what: m,
                value: (v * 10.0).round() / 10.0,
            });
        }
        if problems.is_empty() {
            Ok((findings, measurements))
        } else {
            Err(problems)
        }
    }
}

/// The business's rating of how the inspection was conducted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Rating {
    /// 规范
    Proper,
    /// 基本规范
    MostlyProper,
    /// 不规范
    Improper,
}

impl Rating {
    pub const ALL: [Rating; 3] = [Rating::Proper, Rating::MostlyProper, Rating::Improper];

    pub fn code(self) -> &'static str {
        match self {
            Rating::Proper => "proper",
            Rating::MostlyProper => "mostly_proper",
            Rating::Improper => "improper",
        }
    }

    pub fn parse(code: &str) -> Option<Rating> {
        Rating::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// The longest rating comment and revocation reason.
pub const COMMENT_CHARS: usize = 500;

/// A comment or reason as typed: trimmed, control and direction-changing
/// characters dropped (line breaks kept), at most [`COMMENT_CHARS`].
pub fn comment(raw: &str, required: bool) -> Result<String, FieldError> {
    match text(raw, 1, COMMENT_CHARS, true) {
        Err(FieldError::Required) if !required => Ok(String::new()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn form() -> RegisterForm {
        RegisterForm {
            source: "7".into(),
            purpose: "routine".into(),
            item: "1".into(),
            day: "2026-12-02".into(),
            from: "09:00".into(),
            to: "11:30".into(),
            inspector1: "3".into(),
            cert1: "31011420230012".into(),
            inspector2: "4".into(),
            cert2: "沪环执（2024）第0017号".into(),
            ..RegisterForm::default()
        }
    }

    fn fields(r: Result<Registration, Vec<Problem>>) -> Vec<(&'static str, FieldError)> {
        r.unwrap_err()
            .into_iter()
            .map(|p| (p.field, p.error))
            .collect()
    }

    #[test]
    fn codes_are_ten_unambiguous_characters_and_read_back() {
        let c = InspectionCode::from_random([0xff, 0, 0x12, 0x34, 0x56, 0x78, 0x9a]);
        assert_eq!(c.as_str().len(), CODE_LEN);
        assert!(!c.as_str().contains(['0', '1', 'I', 'O']));
        let shown = c.display();
        assert_eq!(shown.len(), 11);
        assert_eq!(InspectionCode::parse(&shown), Some(c.clone()));
        assert_eq!(
            InspectionCode::parse(&format!(" {} ", shown.to_lowercase())),
            Some(c)
        );
        // Different bytes, different codes (all 50 bits are used).
        let a = InspectionCode::from_random([0; 7]);
        let b = InspectionCode::from_random([0, 0, 0, 0, 0, 0, 1]);
        assert_ne!(a, b);
        let top = InspectionCode::from_random([0, 0, 0x80, 0, 0, 0, 0]);
        assert_ne!(a, top);
    }

    #[test]
    fn codes_with_letters_outside_the_alphabet_or_wrong_length_are_refused() {
        for raw in [
            "",
            "ABCDE-FGHJ",
            "ABCDE-FGHJKL",
            "ABCDE-FGHJO",
            "ABCDE-FGH1K",
            "检查码检查码检查码检",
            "<script>",
        ] {
            assert_eq!(InspectionCode::parse(raw), None, "{raw}");
        }
        assert_eq!(InspectionCode::parse(&"A".repeat(100)), None);
    }

    #[test]
    fn status_revoked_wins_then_used_then_expired() {
        let end = at("2026-12-02T03:30:00Z");
        let before = at("2026-12-02T01:00:00Z");
        let after = at("2026-12-02T04:00:00Z");
        assert_eq!(Status::of(before, end, false, false), Status::Valid);
        assert_eq!(Status::of(end, end, false, false), Status::Valid);
        assert_eq!(Status::of(after, end, false, false), Status::Expired);
        assert_eq!(Status::of(after, end, true, false), Status::Used);
        assert_eq!(Status::of(before, end, true, true), Status::Revoked);
    }

    #[test]
    fn a_registration_in_shanghai_time() {
        let now = at("2026-12-01T02:00:00Z");
        let r = form().validate(now).unwrap();
        assert_eq!(r.window.starts_at, at("2026-12-02T01:00:00Z"));
        assert_eq!(r.window.ends_at, at("2026-12-02T03:30:00Z"));
        assert_eq!(r.inspectors.len(), 2);
        assert_eq!(r.inspectors[1].1, "沪环执（2024）第0017号");
        assert_eq!(r.purpose, Purpose::Routine);
        assert!(!r.quiet_confirmed);
    }

    #[test]
    fn the_day_is_today_to_sixty_days_ahead_and_the_window_not_over() {
        // 2026-12-02 10:00 in Shanghai.
        let now = at("2026-12-02T02:00:00Z");
        let mut f = form();
        // 09:00–11:30 has begun and is not over: fine.
        assert!(f.validate(now).is_ok());
        f.to = "09:30".into();
        assert_eq!(
            fields(f.validate(now)),
            vec![("to", FieldError::OutOfRange)]
        );
        f.to = "18:00".into();
        assert!(f.validate(now).is_ok());
        f.day = "2026-12-01".into();
        assert_eq!(
            fields(f.validate(now)),
            vec![("day", FieldError::OutOfRange)]
        );
        f.day = "2027-01-31".into();
        assert!(f.validate(now).is_ok());
        f.day = "2027-02-01".into();
        assert_eq!(
            fields(f.validate(now)),
            vec![("day", FieldError::OutOfRange)]
        );
        f.day = "12/02".into();
        assert_eq!(fields(f.validate(now)), vec![("day", FieldError::NotATime)]);
        f.day = "2026-12-03".into();
        f.to = "08:00".into();
        assert_eq!(
            fields(f.validate(now)),
            vec![("to", FieldError::OutOfRange)]
        );
        f.to = "8 o'clock".into();
        assert_eq!(fields(f.validate(now)), vec![("to", FieldError::NotATime)]);
    }

    #[test]
    fn two_inspectors_at_least_each_with_a_certificate_and_no_one_twice() {
        let now = at("2026-12-01T02:00:00Z");
        let mut f = form();
        f.inspector2 = String::new();
        assert_eq!(
            fields(f.validate(now)),
            vec![("inspectors", FieldError::TooShort(2))]
        );
        f.inspector2 = "3".into();
        assert_eq!(
            fields(f.validate(now)),
            vec![("inspector2", FieldError::Taken)]
        );
        f.inspector2 = "4".into();
        f.cert2 = " ".into();
        assert_eq!(
            fields(f.validate(now)),
            vec![("cert2", FieldError::Required)]
        );
        f.cert2 = "12<b>45".into();
        assert_eq!(
            fields(f.validate(now)),
            vec![("cert2", FieldError::NotAChoice)]
        );
        f.cert2 = "9".repeat(31);
        assert_eq!(
            fields(f.validate(now)),
            vec![("cert2", FieldError::TooLong(30))]
        );
        f.cert2 = "A-1234".into();
        f.inspector3 = "x".into();
        assert_eq!(
            fields(f.validate(now)),
            vec![("inspector3", FieldError::NotAChoice)]
        );
    }

    #[test]
    fn each_purpose_names_what_it_needs() {
        let now = at("2026-12-01T02:00:00Z");
        let mut f = form();
        f.purpose = "case".into();
        assert_eq!(
            fields(f.validate(now)),
            vec![("case_ref", FieldError::Required)]
        );
        f.case_ref = " JD-2026-000123 ".into();
        assert_eq!(
            f.validate(now).unwrap().case_ref.as_deref(),
            Some("JD-2026-000123")
        );
        f.purpose = "task".into();
        assert_eq!(
            fields(f.validate(now)),
            vec![("warning", FieldError::Required)]
        );
        f.warning = "#12".into();
        assert_eq!(f.validate(now).unwrap().warning_id, Some(12));
        f.purpose = "audit".into();
        assert_eq!(
            fields(f.validate(now)),
            vec![("purpose", FieldError::Required)]
        );
        let empty = RegisterForm::default().validate(now);
        let got = fields(empty);
        for field in [
            "source",
            "purpose",
            "item",
            "day",
            "from",
            "to",
            "inspectors",
        ] {
            assert!(got.iter().any(|(f, _)| *f == field), "{field}: {got:?}");
        }
    }

    #[test]
    fn windows_overlap_when_they_share_a_moment() {
        let w = |a: &str, b: &str| Window {
            starts_at: at(a),
            ends_at: at(b),
        };
        let morning = w("2026-12-02T01:00:00Z", "2026-12-02T03:00:00Z");
        assert!(morning.overlaps(&w("2026-12-02T02:59:00Z", "2026-12-02T05:00:00Z")));
        assert!(!morning.overlaps(&w("2026-12-02T03:00:00Z", "2026-12-02T05:00:00Z")));
    }

    #[test]
    fn items_apply_to_their_kinds_of_source() {
        assert!(item_applies("restaurant", SourceKind::Restaurant));
        assert!(!item_applies("restaurant", SourceKind::Factory));
        assert!(item_applies("", SourceKind::Factory), "none: every kind");
        assert!(item_applies("venue  restaurant", SourceKind::Venue));
        assert_eq!(
            item_kinds("factory bogus restaurant"),
            vec![SourceKind::Restaurant, SourceKind::Factory]
        );
        assert_eq!(
            item_kinds_stored(&[SourceKind::Factory, SourceKind::Restaurant]),
            "restaurant factory"
        );
        assert_eq!(item_kinds_stored(&[]), "");
    }

    #[test]
    fn record_numbers_as_typed() {
        assert_eq!(number("12"), Some(12));
        assert_eq!(number(" #12 "), Some(12));
        assert_eq!(number("１２"), Some(12));
        for raw in ["", "0", "-3", "12a", "#", "9999999999999999999999"] {
            assert_eq!(number(raw), None, "{raw}");
        }
    }

    #[test]
    fn surnames_only() {
        assert_eq!(surname("王强"), "王");
        assert_eq!(surname("欧阳建国"), "欧阳");
        assert_eq!(surname(" 李 "), "李");
        assert_eq!(surname("Anna Schmidt"), "Schmidt");
        assert_eq!(surname(""), "");
    }

    #[test]
    fn measurements_against_the_limits_of_the_source() {
        use crate::source::exceeds;
        // A bar in a zone 2 area: night 50, night maximum 60.
        let kind = SourceKind::Venue;
        let zone = Some(AcousticZone::Two);
        let night = Measured::NoiseNight.limit(kind, zone).unwrap();
        assert_eq!(night.value, 50.0);
        assert_eq!(night.standard, "GB 22337-2008");
        assert!(exceeds(58.5, &night));
        assert!(!exceeds(50.0, &night));
        assert_eq!(
            Measured::NoiseNightMax.limit(kind, zone).unwrap().value,
            60.0
        );
        // A building site: 55 at night, maximum 70, whatever the zone.
        let site = Measured::NoiseNightMax
            .limit(SourceKind::Construction, None)
            .unwrap();
        assert_eq!((site.value, site.standard), (70.0, "GB 12523-2011"));
        // A shop without a zone: no noise limit to hold it against.
        assert_eq!(Measured::NoiseDay.limit(kind, None), None);
        assert_eq!(
            Measured::Fumes
                .limit(SourceKind::Restaurant, None)
                .unwrap()
                .value,
            1.0
        );
    }

    #[test]
    fn result_form_names_each_problem() {
        let ok = ResultForm {
            findings: "夜间营业，音响外放。".into(),
            what1: "noise_night".into(),
            value1: "58,46".into(),
            ..ResultForm::default()
        };
        let (findings, m) = ok.validate(SourceKind::Venue).unwrap();
        assert_eq!(findings, "夜间营业，音响外放。");
        assert_eq!(
            m,
            vec![Measurement {
                what: Measured::NoiseNight,
                value: 58.5
            }]
        );
        let bad = ResultForm {
            findings: " ".into(),
            what1: "noise_night".into(),
            value1: "loud".into(),
            what2: "fumes".into(),
            value2: "120".into(),
            what3: "".into(),
            value3: "60".into(),
        };
        let got: Vec<_> = bad
            .validate(SourceKind::Restaurant)
            .unwrap_err()
            .into_iter()
            .map(|p| (p.field, p.error))
            .collect();
        assert_eq!(
            got,
            vec![
                ("findings", FieldError::Required),
                ("value1", FieldError::NotANumber),
                ("value2", FieldError::OutOfRange),
                ("what3", FieldError::Required),
            ]
        );
        let nan = ResultForm {
            findings: "x".into(),
            what1: "fumes".into(),
            value1: "NaN".into(),
            ..ResultForm::default()
        };
        assert!(nan.validate(SourceKind::Restaurant).is_err());
    }

    #[test]
    fn no_disturbance_without_cause() {
        assert!(!without_cause(1, 0));
        assert!(without_cause(2, 0));
        assert!(!without_cause(5, 1));
    }

    #[test]
    fn a_night_window_runs_past_midnight_but_no_window_is_longer_than_twelve_hours() {
        let now = at("2026-12-01T02:00:00Z");
        let mut f = form();
        f.from = "22:00".into();
        f.to = "02:00".into();
        let r = f.validate(now).unwrap();
        assert_eq!(r.window.starts_at, at("2026-12-02T14:00:00Z"));
        assert_eq!(r.window.ends_at, at("2026-12-02T18:00:00Z"));
        f.to = "22:00".into();
        assert_eq!(
            fields(f.validate(now)),
            vec![("to", FieldError::OutOfRange)]
        );
        f.from = "07:00".into();
        f.to = "19:00".into();
        assert!(f.validate(now).is_ok());
        f.to = "19:01".into();
        assert_eq!(
            fields(f.validate(now)),
            vec![("to", FieldError::OutOfRange)]
        );
    }

    #[test]
    fn a_joint_window_covers_both_and_stays_within_twelve_hours() {
        let w = |a: &str, b: &str| Window {
            starts_at: at(a),
            ends_at: at(b),
        };
        let morning = w("2026-12-02T01:00:00Z", "2026-12-02T03:00:00Z");
        let later = w("2026-12-02T02:00:00Z", "2026-12-02T08:00:00Z");
        assert_eq!(
            morning.joined(&later),
            Some(w("2026-12-02T01:00:00Z", "2026-12-02T08:00:00Z"))
        );
        let long = w("2026-12-02T02:00:00Z", "2026-12-02T13:30:00Z");
        assert_eq!(morning.joined(&long), None);
        let apart = w("2026-12-02T03:00:00Z", "2026-12-02T04:00:00Z");
        assert_eq!(morning.joined(&apart), None);
    }

    #[test]
    fn full_width_input_reads_as_plain_and_the_source_number_is_named() {
        let now = at("2026-12-01T02:00:00Z");
        let mut f = form();
        f.source = "７".into();
        f.from = "０９：００".into();
        f.cert1 = "ＪＤ－２０２３００１２".into();
        let r = f.validate(now).unwrap();
        assert_eq!(r.source_id, 7);
        assert_eq!(r.inspectors[0].1, "JD-20230012");
        assert_eq!(
            InspectionCode::parse("ＡＢＣＤＥ－ＦＧＨＪＫ").map(|c| c.display()),
            Some("ABCDE-FGHJK".to_owned())
        );
        f.source = "烧烤店".into();
        assert_eq!(
            fields(f.validate(now)),
            vec![("source", FieldError::NotANumber)]
        );
    }

    #[test]
    fn two_officers_cannot_share_a_certificate() {
        let now = at("2026-12-01T02:00:00Z");
        let mut f = form();
        f.cert2 = f.cert1.clone();
        assert_eq!(fields(f.validate(now)), vec![("cert2", FieldError::Taken)]);
    }

    #[test]
    fn each_reading_once_and_only_where_it_applies() {
        let twice = ResultForm {
            findings: "夜间施工".into(),
            what1: "noise_night".into(),
            value1: "58".into(),
            what2: "noise_night".into(),
            value2: "61".into(),
            what3: "fumes".into(),
            value3: "2".into(),
        };
        let got: Vec<_> = twice
            .validate(SourceKind::Construction)
            .unwrap_err()
            .into_iter()
            .map(|p| (p.field, p.error))
            .collect();
        assert_eq!(
            got,
            vec![
                ("what2", FieldError::Taken),
                ("what3", FieldError::NotAChoice)
            ]
        );
        assert!(Measured::Fumes.fits(SourceKind::Restaurant));
        assert!(Measured::NoiseNight.fits(SourceKind::Restaurant));
    }

    #[test]
    fn control_characters_are_dropped_from_findings_and_comments() {
        let f = ResultForm {
            findings: "油烟\u{0007}净化器\u{202E}未开启\n已责令整改".into(),
            ..ResultForm::default()
        };
        let (findings, _) = f.validate(SourceKind::Restaurant).unwrap();
        assert_eq!(findings, "油烟净化器未开启\n已责令整改");
        assert_eq!(
            comment("好\u{0000}的\u{200B}", false),
            Ok("好的".to_owned())
        );
        assert_eq!(comment("\u{0001}\u{200B}", true), Err(FieldError::Required));
    }

    #[test]
    fn ratings_and_comments() {
        assert_eq!(Rating::parse("mostly_proper"), Some(Rating::MostlyProper));
        assert_eq!(Rating::parse("5"), None);
        assert_eq!(comment("  ", false), Ok(String::new()));
        assert_eq!(comment("  ", true), Err(FieldError::Required));
        assert_eq!(
            comment(&"好".repeat(501), false),
            Err(FieldError::TooLong(500))
        );
    }
}
