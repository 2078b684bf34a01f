//! What the campaign and news pages show. The HTTP handlers (server crate)
//! load it and render the page with it in context.

use chrono::{DateTime, NaiveDate, Utc};
use domain::complaint::input::FieldError;
use domain::content::{
    ArticleForm, CampaignForm, DayForm, EventForm, SignupForm, SignupState, Status, Tag,
};
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
    /// The cover's description, when there is a cover.
    pub cover_alt: Option<String>,
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
    /// The cover's absolute address, for sharing.
    pub og_image: Option<String>,
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

/// A campaign in the editors' list.
#[derive(Clone, Debug, PartialEq)]
pub struct AdminCampaignRow {
    pub id: i64,
    pub title: String,
    pub year: i64,
    pub status: Status,
    pub publish_at: Option<DateTime<Utc>>,
    pub public: bool,
    pub events: i64,
}

/// `/staff/content`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ContentAdminView {
    pub campaigns: Vec<AdminCampaignRow>,
    pub articles: Vec<AdminArticleRow>,
}

/// What the campaign editor confirms or refuses at the top of the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CampaignNotice {
    Saved,
    CoverSaved,
    CoverRemoved,
    EventSaved,
    /// The upload is not a JPEG, PNG or WebP image, or too large.
    BadCover,
}

/// An event in the campaign editor.
#[derive(Clone, Debug, PartialEq)]
pub struct AdminEventRow {
    pub id: i64,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub capacity: i64,
    pub taken: i64,
}

/// `/staff/content/campaigns/new` and `/staff/content/campaigns/{id}`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CampaignEditView {
    pub id: Option<i64>,
    pub form: CampaignForm,
    pub problems: Vec<(&'static str, FieldError)>,
    pub notice: Option<CampaignNotice>,
    /// Where readers find it, when public.
    pub public_path: Option<String>,
    /// The environment days to choose from.
    pub days: Vec<DayRow>,
    pub has_cover: bool,
    pub events: Vec<AdminEventRow>,
    /// The largest photo accepted, in MB.
    pub max_cover_mb: usize,
}

/// `/staff/content/campaigns/{id}/events/new` and
/// `/staff/content/campaigns/{id}/events/{event}`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EventEditView {
    pub campaign_id: i64,
    pub campaign_title: String,
    pub id: Option<i64>,
    pub form: EventForm,
    pub problems: Vec<(&'static str, FieldError)>,
    /// Places already taken.
    pub taken: i64,
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
