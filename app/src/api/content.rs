//! What the campaign and news pages show. The HTTP handlers (server crate)
//! load it and render the page with it in context.

use chrono::{DateTime, NaiveDate, Utc};
use domain::complaint::input::FieldError;
use domain::content::{ArticleForm, DayForm, SignupForm, SignupState, Status, Tag};
use domain::prefs::Locale;

/// News on one page of the list.
pub const NEWS_PAGE_SIZE: i64 = 10;

/// A campaign in lists and at the top of its page.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CampaignCard {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub year: i64,
    pub day_zh: Option<String>,
    pub day_en: Option<String>,
    pub publish_at: DateTime<Utc>,
}

impl CampaignCard {
    pub fn day(&self, locale: Locale) -> Option<&str> {
        match locale {
            Locale::ZhCn => self.day_zh.as_deref(),
            Locale::En => self.day_en.as_deref(),
        }
    }
}

/// The next environment day, for the list's heading.
#[derive(Clone, Debug, PartialEq)]
pub struct NextDay {
    pub name_zh: String,
    pub name_en: String,
    pub date: NaiveDate,
    pub days_until: i64,
}

/// `/campaigns`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CampaignListView {
    pub campaigns: Vec<CampaignCard>,
    pub next_day: Option<NextDay>,
}

/// An event of a campaign, with where its sign-up stands now.
#[derive(Clone, Debug, PartialEq)]
pub struct EventView {
    pub id: i64,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub place: String,
    pub capacity: i64,
    pub opens_at: DateTime<Utc>,
    pub state: SignupState,
}

/// Why a sign-up was not taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignupProblem {
    Full,
    Closed,
    AlreadySignedUp,
}

/// A sign-up that needs the page again: the form as typed and what is
/// wrong with it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SignupAttempt {
    pub event_id: i64,
    pub form: SignupForm,
    pub problems: Vec<(&'static str, FieldError)>,
    pub refused: Option<SignupProblem>,
}

/// `/campaigns/{slug}`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CampaignView {
    pub card: CampaignCard,
    /// Sanitised when saved.
    pub body_html: String,
    pub events: Vec<EventView>,
    pub attempt: Option<SignupAttempt>,
}

/// The page after signing up: the cancellation link is shown this once.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SignedUpView {
    pub event_title: String,
    pub starts_at: DateTime<Utc>,
    pub place: String,
    pub campaign_slug: String,
    pub campaign_title: String,
    pub name_masked: String,
    pub phone_masked: String,
    pub cancel_path: String,
}

/// `/signups/cancel`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CancelView {
    pub token: String,
    pub event_title: String,
    pub starts_at: DateTime<Utc>,
    pub campaign_slug: String,
    pub campaign_title: String,
    /// Cancelled (now or before).
    pub cancelled: bool,
    /// No sign-up has this token.
    pub missing: bool,
}

/// News in lists.
#[derive(Clone, Debug, PartialEq)]
pub struct NewsCard {
    pub slug: String,
    pub tag: Tag,
    pub title: String,
    pub summary: String,
    pub publish_at: DateTime<Utc>,
}

/// `/news`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NewsListView {
    pub items: Vec<NewsCard>,
    pub tag: Option<Tag>,
    pub page: i64,
    pub pages: i64,
    pub total: i64,
}

/// `/news/{slug}`.
#[derive(Clone, Debug, PartialEq)]
pub struct ArticleView {
    pub card: NewsCard,
    pub body_html: String,
}

/// A row of the editors' list.
#[derive(Clone, Debug, PartialEq)]
pub struct AdminArticleRow {
    pub id: i64,
    pub title: String,
    pub tag: Tag,
    pub status: Status,
    pub publish_at: Option<DateTime<Utc>>,
    /// Readers see it now.
    pub public: bool,
    pub slug: String,
}

/// `/staff/content`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ContentAdminView {
    pub articles: Vec<AdminArticleRow>,
}

/// `/staff/content/news/new` and `/staff/content/news/{id}`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ArticleEditView {
    pub id: Option<i64>,
    pub form: ArticleForm,
    pub problems: Vec<(&'static str, FieldError)>,
    pub saved: bool,
    /// Where readers find it, when public.
    pub public_path: Option<String>,
}

/// An environment day in the editors' list.
#[derive(Clone, Debug, PartialEq)]
pub struct DayRow {
    pub slug: String,
    pub name_zh: String,
    pub name_en: String,
    pub month: i64,
    pub day: i64,
}

/// `/staff/content/days`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DaysView {
    pub days: Vec<DayRow>,
    pub form: DayForm,
    pub problems: Vec<(&'static str, FieldError)>,
    pub saved: bool,
}
