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

/// Problems found in a form, by field name.
pub type Problems = Vec<(&'static str, FieldError)>;

/// The fields articles and campaigns share, checked.
#[derive(Clone, Debug, PartialEq)]
struct Publication {
    slug: String,
    title: String,
    summary: String,
    body: String,
    status: Option<Status>,
    publish_at: Option<DateTime<Utc>>,
}

/// Checks the fields articles and campaigns share; a scheduled piece
/// needs its time. Problems go to `problems`.
fn check_publication(
    problems: &mut Problems,
    (slug, title, summary, body): (&str, &str, &str, &str),
    (status, publish_at): (&str, &str),
) -> Publication {
    use crate::complaint::input::text;
    let mut field = |name: &'static str, r: Result<String, FieldError>| {
        r.map_err(|e| problems.push((name, e))).unwrap_or_default()
    };
    let slug = field("slug", check_slug(slug));
    let title = field("title", text(title, 2, 100, false));
    let summary = field("summary", text(summary, 10, 300, true));
    let body = field("body", text(body, 1, 20_000, true));
    let parsed_status = Status::parse(status);
    if parsed_status.is_none() {
        problems.push(("status", choice_error(status)));
    }
    let publish_at = match (publish_at.trim(), parsed_status) {
        ("", Some(Status::Scheduled)) => {
            problems.push(("publish_at", FieldError::Required));
            None
        }
        ("", _) => None,
        (raw, _) => crate::handling::parse_local_time(raw)
            .map_err(|e| problems.push(("publish_at", e)))
            .ok(),
    };
    Publication {
        slug,
        title,
        summary,
        body,
        status: parsed_status,
        publish_at,
    }
}

/// A select left empty, or sent with a value that is not among its options.
fn choice_error(raw: &str) -> FieldError {
    if raw.trim().is_empty() {
        FieldError::Required
    } else {
        FieldError::NotAChoice
    }
}

/// A `datetime-local` value (Shanghai wall-clock time) of an instant.
fn local_field(at: DateTime<Utc>) -> String {
    crate::shanghai::local(at)
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

impl ArticleForm {
    /// Checks the form; a scheduled article needs its time.
    pub fn validate(&self) -> Result<Article, Problems> {
        let mut problems = Vec::new();
        let p = check_publication(
            &mut problems,
            (&self.slug, &self.title, &self.summary, &self.body),
            (&self.status, &self.publish_at),
        );
        let tag = Tag::parse(&self.tag);
        if tag.is_none() {
            problems.push(("tag", choice_error(&self.tag)));
        }
        match (tag, p.status) {
            (Some(tag), Some(status)) if problems.is_empty() => Ok(Article {
                slug: p.slug,
                tag,
                title: p.title,
                summary: p.summary,
                body: p.body,
                status,
                publish_at: p.publish_at,
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
            publish_at: a.publish_at.map(local_field).unwrap_or_default(),
        }
    }
}

/// The earliest and latest year a campaign can belong to.
pub const CAMPAIGN_YEARS: std::ops::RangeInclusive<i32> = 2020..=2100;

/// A campaign as an editor types it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignForm {
    #[serde(default)]
    pub slug: String,
    /// The environment day's slug, or empty for none.
    #[serde(default)]
    pub environment_day: String,
    #[serde(default)]
    pub year: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub publish_at: String,
    /// What the cover image shows, for screen readers; may stay empty.
    #[serde(default)]
    pub cover_alt: String,
}

/// A checked campaign. Whether its environment day exists is checked
/// against the database by the caller.
#[derive(Clone, Debug, PartialEq)]
pub struct Campaign {
    pub slug: String,
    pub environment_day: Option<String>,
    pub year: i32,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub status: Status,
    pub publish_at: Option<DateTime<Utc>>,
    pub cover_alt: String,
}

impl CampaignForm {
    pub fn validate(&self) -> Result<Campaign, Problems> {
        let mut problems = Vec::new();
        let p = check_publication(
            &mut problems,
            (&self.slug, &self.title, &self.summary, &self.body),
            (&self.status, &self.publish_at),
        );
        let environment_day = match self.environment_day.trim() {
            "" => None,
            raw => check_slug(raw)
                .map_err(|_| problems.push(("environment_day", FieldError::NotAChoice)))
                .ok(),
        };
        let year = match self.year.trim() {
            "" => Err(FieldError::Required),
            raw => raw
                .parse::<i32>()
                .map_err(|_| FieldError::NotANumber)
                .and_then(|y| {
                    if CAMPAIGN_YEARS.contains(&y) {
                        Ok(y)
                    } else {
                        Err(FieldError::OutOfRange)
                    }
                }),
        };
        let year = year.map_err(|e| problems.push(("year", e))).ok();
        let cover_alt = match crate::complaint::input::text(&self.cover_alt, 0, 200, false) {
            Ok(alt) => alt,
            Err(FieldError::Required) => String::new(),
            Err(e) => {
                problems.push(("cover_alt", e));
                String::new()
            }
        };
        match (year, p.status) {
            (Some(year), Some(status)) if problems.is_empty() => Ok(Campaign {
                slug: p.slug,
                environment_day,
                year,
                title: p.title,
                summary: p.summary,
                body: p.body,
                status,
                publish_at: p.publish_at,
                cover_alt,
            }),
            _ => Err(problems),
        }
    }

    pub fn from_campaign(c: &Campaign) -> CampaignForm {
        CampaignForm {
            slug: c.slug.clone(),
            environment_day: c.environment_day.clone().unwrap_or_default(),
            year: c.year.to_string(),
            title: c.title.clone(),
            summary: c.summary.clone(),
            body: c.body.clone(),
            status: c.status.code().to_owned(),
            publish_at: c.publish_at.map(local_field).unwrap_or_default(),
            cover_alt: c.cover_alt.clone(),
        }
    }
}

/// The most places an event can have.
pub const MAX_CAPACITY: i64 = 10_000;

/// An event as an editor types it; times are Shanghai wall-clock times.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub starts_at: String,
    #[serde(default)]
    pub ends_at: String,
    #[serde(default)]
    pub capacity: String,
    #[serde(default)]
    pub opens_at: String,
    #[serde(default)]
    pub closes_at: String,
}

/// A checked event.
#[derive(Clone, Debug, PartialEq)]
pub struct NewEvent {
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub place: String,
    pub capacity: i64,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
}

impl EventForm {
    /// Checks the form: the event ends after it starts, and sign-up opens
    /// before it closes, which is no later than the start. `taken` is the
    /// number of places already taken (0 for a new event): the capacity
    /// cannot drop below it.
    pub fn validate(&self, taken: i64) -> Result<NewEvent, Problems> {
        use crate::complaint::input::text;
        use crate::handling::parse_local_time;
        let mut problems = Vec::new();
        let mut field = |name: &'static str, r: Result<String, FieldError>| {
            r.map_err(|e| problems.push((name, e))).unwrap_or_default()
        };
        let title = field("title", text(&self.title, 2, 100, false));
        let place = field("place", text(&self.place, 2, 200, false));
        let mut time = |name: &'static str, raw: &str| {
            parse_local_time(raw)
                .map_err(|e| problems.push((name, e)))
                .ok()
        };
        let starts_at = time("starts_at", &self.starts_at);
        let ends_at = time("ends_at", &self.ends_at);
        let opens_at = time("opens_at", &self.opens_at);
        let closes_at = time("closes_at", &self.closes_at);
        let capacity = match self.capacity.trim() {
            "" => Err(FieldError::Required),
            raw => raw
                .parse::<i64>()
                .map_err(|_| FieldError::NotANumber)
                .and_then(|n| {
                    if (taken.max(1)..=MAX_CAPACITY).contains(&n) {
                        Ok(n)
                    } else {
                        Err(FieldError::OutOfRange)
                    }
                }),
        };
        let capacity = capacity.map_err(|e| problems.push(("capacity", e))).ok();
        if let (Some(s), Some(e)) = (starts_at, ends_at)
            && e <= s
        {
            problems.push(("ends_at", FieldError::OutOfRange));
        }
        if let (Some(o), Some(c)) = (opens_at, closes_at)
            && (c <= o || starts_at.is_some_and(|s| c > s))
        {
            problems.push(("closes_at", FieldError::OutOfRange));
        }
        match (starts_at, ends_at, opens_at, closes_at, capacity) {
            (Some(starts_at), Some(ends_at), Some(opens_at), Some(closes_at), Some(capacity))
                if problems.is_empty() =>
            {
                Ok(NewEvent {
                    title,
                    starts_at,
                    ends_at,
                    place,
                    capacity,
                    opens_at,
                    closes_at,
                })
            }
            _ => Err(problems),
        }
    }

    pub fn from_event(e: &NewEvent) -> EventForm {
        EventForm {
            title: e.title.clone(),
            place: e.place.clone(),
            starts_at: local_field(e.starts_at),
            ends_at: local_field(e.ends_at),
            capacity: e.capacity.to_string(),
            opens_at: local_field(e.opens_at),
            closes_at: local_field(e.closes_at),
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
                ("status", FieldError::NotAChoice),
                ("tag", FieldError::NotAChoice)
            ]
        );
    }

    #[test]
    fn campaign_forms() {
        let form = CampaignForm {
            slug: "wed-2027".into(),
            environment_day: "world-environment-day".into(),
            year: "2027".into(),
            title: "2027 六五环境日".into(),
            summary: "美丽中国，我是行动者：开放日、科普讲座和志愿活动。".into(),
            body: "## 活动\n\n欢迎参加。".into(),
            status: "published".into(),
            publish_at: String::new(),
            cover_alt: "市民参观污水处理厂".into(),
        };
        let campaign = form.validate().unwrap();
        assert_eq!(campaign.year, 2027);
        assert_eq!(
            campaign.environment_day.as_deref(),
            Some("world-environment-day")
        );
        assert_eq!(CampaignForm::from_campaign(&campaign), form);
        let none = CampaignForm {
            environment_day: " ".into(),
            ..form.clone()
        };
        assert_eq!(none.validate().unwrap().environment_day, None);
        let bad = CampaignForm {
            environment_day: "<script>".into(),
            year: "1999".into(),
            status: "scheduled".into(),
            ..form.clone()
        }
        .validate()
        .unwrap_err();
        assert_eq!(
            bad,
            vec![
                ("publish_at", FieldError::Required),
                ("environment_day", FieldError::NotAChoice),
                ("year", FieldError::OutOfRange)
            ]
        );
        let bad = CampaignForm {
            year: "二〇二七".into(),
            ..form
        }
        .validate()
        .unwrap_err();
        assert_eq!(bad, vec![("year", FieldError::NotANumber)]);
    }

    #[test]
    fn event_forms() {
        let form = EventForm {
            title: "污水处理厂开放日".into(),
            place: "嘉定区城北路 1 号".into(),
            starts_at: "2027-06-05T09:00".into(),
            ends_at: "2027-06-05T11:30".into(),
            capacity: "30".into(),
            opens_at: "2027-05-20T09:00".into(),
            closes_at: "2027-06-04T18:00".into(),
        };
        let event = form.validate(0).unwrap();
        assert_eq!(event.capacity, 30);
        assert_eq!(
            event.starts_at,
            Utc.with_ymd_and_hms(2027, 6, 5, 1, 0, 0).unwrap()
        );
        assert_eq!(EventForm::from_event(&event), form);
        assert_eq!(
            form.validate(31).unwrap_err(),
            vec![("capacity", FieldError::OutOfRange)],
            "fewer places than are taken"
        );
        assert!(form.validate(30).is_ok(), "exactly the places taken");
        let backwards = EventForm {
            ends_at: "2027-06-05T08:00".into(),
            closes_at: "2027-06-05T10:00".into(),
            capacity: "0".into(),
            ..form.clone()
        };
        assert_eq!(
            backwards.validate(0).unwrap_err(),
            vec![
                ("capacity", FieldError::OutOfRange),
                ("ends_at", FieldError::OutOfRange),
                ("closes_at", FieldError::OutOfRange)
            ]
        );
        let empty = EventForm::default().validate(0).unwrap_err();
        assert_eq!(empty.len(), 7, "{empty:?}");
        assert!(empty.iter().all(|(_, e)| *e == FieldError::Required));
        let garbled = EventForm {
            starts_at: "明天上午".into(),
            capacity: "thirty".into(),
            ..form
        };
        assert_eq!(
            garbled.validate(0).unwrap_err(),
            vec![
                ("starts_at", FieldError::NotATime),
                ("capacity", FieldError::NotANumber)
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
