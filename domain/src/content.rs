//! Campaigns, their events and news: when content is public, slugs, tags,
//! the sign-up form and the rules of an event's sign-up window and seats.
//! Pure; Markdown rendering and storage live server-side.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::complaint::input::{FieldError, MobileNumber, PersonName};

/// Where a piece of content stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    Draft,
    /// Published by itself at `publish_at`.
    Scheduled,
    Published,
}

impl Status {
    pub const ALL: &'static [Status] = &[Status::Draft, Status::Scheduled, Status::Published];

    pub fn code(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Scheduled => "scheduled",
            Status::Published => "published",
        }
    }

    pub fn parse(raw: &str) -> Option<Status> {
        Status::ALL.iter().copied().find(|s| s.code() == raw.trim())
    }
}

/// Whether content is public at `now`: published, or scheduled for a
/// time that has come. Drafts never are.
pub fn is_public(status: Status, publish_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    match status {
        Status::Draft => false,
        Status::Published => true,
        Status::Scheduled => publish_at.is_some_and(|at| at <= now),
    }
}

/// What news is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Tag {
    AirQuality,
    Campaigns,
    Notices,
}

impl Tag {
    pub const ALL: &'static [Tag] = &[Tag::AirQuality, Tag::Campaigns, Tag::Notices];

    pub fn code(self) -> &'static str {
        match self {
            Tag::AirQuality => "air",
            Tag::Campaigns => "campaigns",
            Tag::Notices => "notices",
        }
    }

    pub fn parse(raw: &str) -> Option<Tag> {
        Tag::ALL.iter().copied().find(|t| t.code() == raw.trim())
    }
}

/// A URL name: 3–80 of `a-z 0-9 -`, not starting or ending with `-`.
pub fn check_slug(raw: &str) -> Result<String, FieldError> {
    let slug = raw.trim().to_ascii_lowercase();
    if slug.is_empty() {
        return Err(FieldError::Required);
    }
    let ok = (3..=80).contains(&slug.len())
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-');
    if ok {
        Ok(slug)
    } else {
        Err(FieldError::NotAChoice)
    }
}

/// A news article as an editor types it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleForm {
    #[serde(default)]
    pub slug: String,
    #[serde(default)]
    pub tag: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub status: String,
    /// Shanghai wall-clock time, as a `datetime-local` field sends it.
    #[serde(default)]
    pub publish_at: String,
}

/// A checked article.
#[derive(Clone, Debug, PartialEq)]
pub struct Article {
    pub slug: String,
    pub tag: Tag,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub status: Status,
    pub publish_at: Option<DateTime<Utc>>,
}

impl ArticleForm {
    /// Checks the form; a scheduled article needs its time.
    pub fn validate(&self) -> Result<Article, Vec<(&'static str, FieldError)>> {
        use crate::complaint::input::text;
        let mut problems = Vec::new();
        let mut field = |name: &'static str, r: Result<String, FieldError>| {
            r.map_err(|e| problems.push((name, e))).unwrap_or_default()
        };
        let slug = field("slug", check_slug(&self.slug));
        let tag = Tag::parse(&self.tag);
        let title = field("title", text(&self.title, 2, 100, false));
        let summary = field("summary", text(&self.summary, 10, 300, true));
        let body = field("body", text(&self.body, 1, 20_000, true));
        let status = Status::parse(&self.status);
        let publish_at = match self.publish_at.trim() {
            "" => Ok(None),
            raw => crate::handling::parse_local_time(raw).map(Some),
        };
        if tag.is_none() {
            problems.push((
                "tag",
                if self.tag.trim().is_empty() {
                    FieldError::Required
                } else {
                    FieldError::NotAChoice
                },
            ));
        }
        if status.is_none() {
            problems.push((
                "status",
                if self.status.trim().is_empty() {
                    FieldError::Required
                } else {
                    FieldError::NotAChoice
                },
            ));
        }
        let publish_at = match (publish_at, status) {
            (Ok(None), Some(Status::Scheduled)) => {
                problems.push(("publish_at", FieldError::Required));
                None
            }
            (Ok(at), _) => at,
            (Err(e), _) => {
                problems.push(("publish_at", e));
                None
            }
        };
        match (tag, status) {
            (Some(tag), Some(status)) if problems.is_empty() => Ok(Article {
                slug,
                tag,
                title,
                summary,
                body,
                status,
                publish_at,
            }),
            _ => Err(problems),
        }
    }

    pub fn from_article(a: &Article) -> ArticleForm {
        ArticleForm {
            slug: a.slug.clone(),
            tag: a.tag.code().to_owned(),
            title: a.title.clone(),
            summary: a.summary.clone(),
            body: a.body.clone(),
            status: a.status.code().to_owned(),
            publish_at: a
                .publish_at
                .map(|t| {
                    crate::shanghai::local(t)
                        .format("%Y-%m-%dT%H:%M")
                        .to_string()
                })
                .unwrap_or_default(),
        }
    }
}

/// An environment day as an editor adds it: its date recurs every year
/// (`MM-DD`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayForm {
    #[serde(default)]
    pub slug: String,
    #[serde(default)]
    pub name_zh: String,
    #[serde(default)]
    pub name_en: String,
    #[serde(default)]
    pub date: String,
}

/// A checked environment day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvironmentDay {
    pub slug: String,
    pub name_zh: String,
    pub name_en: String,
    pub date: crate::calendar::AnnualDate,
}

impl DayForm {
    pub fn validate(&self) -> Result<EnvironmentDay, Vec<(&'static str, FieldError)>> {
        use crate::complaint::input::text;
        let mut problems = Vec::new();
        let mut field = |name: &'static str, r: Result<String, FieldError>| {
            r.map_err(|e| problems.push((name, e))).unwrap_or_default()
        };
        let slug = field("slug", check_slug(&self.slug));
        let name_zh = field("name_zh", text(&self.name_zh, 2, 50, false));
        let name_en = field("name_en", text(&self.name_en, 2, 100, false));
        let date = match self.date.trim() {
            "" => Err(FieldError::Required),
            raw => raw
                .split_once('-')
                .and_then(|(m, d)| {
                    Some((m.trim().parse::<u32>().ok()?, d.trim().parse::<u32>().ok()?))
                })
                .and_then(|(m, d)| crate::calendar::AnnualDate::new(m, d).ok())
                .ok_or(FieldError::NotATime),
        };
        let date = date.map_err(|e| problems.push(("date", e))).ok();
        match date {
            Some(date) if problems.is_empty() => Ok(EnvironmentDay {
                slug,
                name_zh,
                name_en,
                date,
            }),
            _ => Err(problems),
        }
    }
}

/// An event's sign-up, as the resident types it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignupForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub consent: String,
}

/// A checked sign-up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signup {
    pub name: PersonName,
    pub phone: MobileNumber,
}

impl SignupForm {
    pub fn validate(&self) -> Result<Signup, Vec<(&'static str, FieldError)>> {
        let mut problems = Vec::new();
        let name = PersonName::parse(&self.name).map_err(|e| problems.push(("name", e)));
        let phone = MobileNumber::parse(&self.phone).map_err(|e| problems.push(("phone", e)));
        if self.consent.trim() != "yes" {
            problems.push(("consent", FieldError::Required));
        }
        match (name, phone) {
            (Ok(name), Ok(phone)) if problems.is_empty() => Ok(Signup { name, phone }),
            _ => Err(problems),
        }
    }
}

/// Whether an event takes sign-ups now, and why not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SignupState {
    NotYetOpen,
    Open { seats_left: i64 },
    Full,
    Closed,
}

/// The event's sign-up state at `now`.
pub fn signup_state(
    opens_at: DateTime<Utc>,
    closes_at: DateTime<Utc>,
    capacity: i64,
    taken: i64,
    now: DateTime<Utc>,
) -> SignupState {
    if now < opens_at {
        SignupState::NotYetOpen
    } else if now >= closes_at {
        SignupState::Closed
    } else if taken >= capacity {
        SignupState::Full
    } else {
        SignupState::Open {
            seats_left: capacity - taken,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2027, 5, 20, 2, 0, 0).unwrap()
    }

    #[test]
    fn what_is_public() {
        let n = now();
        assert!(!is_public(Status::Draft, Some(n - Duration::days(1)), n));
        assert!(is_public(Status::Published, None, n));
        assert!(is_public(Status::Scheduled, Some(n), n), "at the minute");
        assert!(!is_public(
            Status::Scheduled,
            Some(n + Duration::minutes(1)),
            n
        ));
        assert!(
            !is_public(Status::Scheduled, None, n),
            "scheduled without a time"
        );
        assert_eq!(Status::parse("scheduled"), Some(Status::Scheduled));
        assert_eq!(Tag::parse("air"), Some(Tag::AirQuality));
        assert_eq!(Tag::parse("gossip"), None);
    }

    #[test]
    fn slugs() {
        assert_eq!(
            check_slug(" World-Environment-Day-2027 ").unwrap(),
            "world-environment-day-2027"
        );
        for bad in ["ab", "-start", "end-", "六五环境日", "a b c", "x/y"] {
            assert!(check_slug(bad).is_err(), "{bad}");
        }
        assert_eq!(check_slug(""), Err(FieldError::Required));
    }

    #[test]
    fn signup_forms() {
        let ok = SignupForm {
            name: "王小明".into(),
            phone: "139 1234 5678".into(),
            consent: "yes".into(),
        }
        .validate()
        .unwrap();
        assert_eq!(ok.phone.masked(), "139****5678");
        let bad = SignupForm::default().validate().unwrap_err();
        assert_eq!(
            bad,
            vec![
                ("name", FieldError::Required),
                ("phone", FieldError::Required),
                ("consent", FieldError::Required)
            ]
        );
    }

    #[test]
    fn article_forms() {
        let form = ArticleForm {
            slug: "air-report".into(),
            tag: "air".into(),
            title: "空气质量月报".into(),
            summary: "上月空气质量总体良好，优良天数比例为 90%。".into(),
            body: "正文".into(),
            status: "scheduled".into(),
            publish_at: String::new(),
        };
        assert_eq!(
            form.validate().unwrap_err(),
            vec![("publish_at", FieldError::Required)]
        );
        let scheduled = ArticleForm {
            publish_at: "2027-06-05T09:00".into(),
            ..form.clone()
        }
        .validate()
        .unwrap();
        assert_eq!(
            scheduled.publish_at,
            Some(Utc.with_ymd_and_hms(2027, 6, 5, 1, 0, 0).unwrap())
        );
        assert_eq!(
            ArticleForm::from_article(&scheduled).publish_at,
            "2027-06-05T09:00"
        );
        let bad = ArticleForm {
            slug: "空气".into(),
            tag: "gossip".into(),
            title: "x".into(),
            status: "live".into(),
            ..form
        }
        .validate()
        .unwrap_err();
        assert_eq!(
            bad,
            vec![
                ("slug", FieldError::NotAChoice),
                ("title", FieldError::TooShort(2)),
                ("tag", FieldError::NotAChoice),
                ("status", FieldError::NotAChoice)
            ]
        );
    }

    #[test]
    fn environment_day_forms() {
        let day = DayForm {
            slug: "national-low-carbon-day".into(),
            name_zh: "全国低碳日".into(),
            name_en: "National Low-Carbon Day".into(),
            date: "06-18".into(),
        }
        .validate()
        .unwrap();
        assert_eq!((day.date.month(), day.date.day()), (6, 18));
        let bad = DayForm {
            slug: "x".into(),
            name_zh: "日".into(),
            name_en: String::new(),
            date: "02-30".into(),
        }
        .validate()
        .unwrap_err();
        assert_eq!(
            bad,
            vec![
                ("slug", FieldError::NotAChoice),
                ("name_zh", FieldError::TooShort(2)),
                ("name_en", FieldError::Required),
                ("date", FieldError::NotATime)
            ]
        );
    }

    #[test]
    fn signup_window_and_seats() {
        let n = now();
        let (opens, closes) = (n - Duration::days(1), n + Duration::days(1));
        assert_eq!(
            signup_state(opens, closes, 30, 28, n),
            SignupState::Open { seats_left: 2 }
        );
        assert_eq!(signup_state(opens, closes, 30, 30, n), SignupState::Full);
        assert_eq!(
            signup_state(n + Duration::hours(1), closes, 30, 0, n),
            SignupState::NotYetOpen
        );
        assert_eq!(
            signup_state(opens, n, 30, 0, n),
            SignupState::Closed,
            "closes at the minute"
        );
    }
}
