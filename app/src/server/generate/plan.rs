//! Synthetic case histories for load tests, without the database: when
//! cases were filed over the years, what they were about, and the steps
//! each one went through, every step one the workflow
//! ([`domain::case::CaseState::after`]) allows from where the case stood.
//!
//! Proportions follow the "realistic mix": the newest 2 % of cases
//! are still open, the rest were answered and closed, with a few rejected,
//! transferred, returned, reopened after an unsatisfied rating, published
//! on the board and supported by neighbours.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use domain::case::{CaseState, Outcome, Rating, Status, Step};
use domain::complaint::address;
use domain::complaint::reference::AccessCode;
use domain::shanghai;
use domain::workdays::WorkCalendar;
use serde_json::json;

use super::texts::{BUSINESSES, COMPOUNDS, GIVEN, SURNAMES, descriptions, reply_text, roads};
use crate::server::cases::event_kind;
pub use crate::server::demo::Rng;

/// The share of cases, the newest, still being worked on.
pub const OPEN_SHARE: f64 = 0.02;

/// What the generator needs to know of the database it fills.
#[derive(Clone, Debug)]
pub struct Setting {
    /// Category code, its default handling unit (None: the town's) and its
    /// deadline in working days.
    pub categories: Vec<(String, Option<String>, u32)>,
    /// Towns and subdistricts residents pick.
    pub towns: Vec<String>,
    pub calendar: WorkCalendar,
    /// Staff ids the steps are taken by: the dispatcher, and each unit's
    /// handler.
    pub dispatcher: i64,
    pub handlers: Vec<(String, i64)>,
}

impl Setting {
    fn handler(&self, unit: &str) -> i64 {
        self.handlers
            .iter()
            .find(|(u, _)| u == unit)
            .map(|(_, id)| *id)
            .unwrap_or(self.dispatcher)
    }
}

/// Who took a step, as the trail names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum By {
    Resident,
    Staff(i64),
}

/// A step in a planned case's trail.
#[derive(Clone, Debug, PartialEq)]
pub struct PlannedEvent {
    pub at: DateTime<Utc>,
    pub by: By,
    pub kind: &'static str,
    pub public: bool,
    pub text: String,
    pub data: String,
}

/// A case as it will be stored, with its trail.
#[derive(Clone, Debug)]
pub struct PlannedCase {
    pub code: AccessCode,
    pub category: String,
    pub town: String,
    pub address: String,
    pub address_public: String,
    pub point: Option<(f64, f64)>,
    pub details: String,
    pub description: String,
    pub urgent: bool,
    pub contact_name: String,
    pub contact_phone: String,
    pub public: bool,
    pub status: Status,
    pub unit: Option<String>,
    pub submitted_at: DateTime<Utc>,
    pub due_on: NaiveDate,
    pub priority: &'static str,
    pub outcome: Option<Outcome>,
    pub replied_at: Option<DateTime<Utc>>,
    pub rating: Option<(Rating, String, DateTime<Utc>)>,
    pub reviewed: bool,
    pub public_text: Option<String>,
    pub published_at: Option<DateTime<Utc>>,
    pub supporters: i64,
    pub updated_at: DateTime<Utc>,
    pub events: Vec<PlannedEvent>,
}

/// How many cases are filed on each of `days` days ending the day before
/// `today`: `total` in all, more in summer (windows open, evenings
/// outside), fewer at weekends, growing over the years as more residents
/// learn of the service.
pub fn daily_counts(total: u64, days: u32, today: NaiveDate) -> Vec<(NaiveDate, u64)> {
    use chrono::Datelike;
    let first = today - Duration::days(i64::from(days));
    let weights: Vec<f64> = (0..days)
        .map(|d| {
            let date = first + Duration::days(i64::from(d));
            let growth = 0.7 + 0.6 * f64::from(d) / f64::from(days.max(1));
            let doy = f64::from(date.ordinal0());
            let season = 1.0 + 0.3 * (std::f64::consts::TAU * (doy - 200.0) / 365.0).cos();
            let week = if date.weekday().number_from_monday() > 5 {
                0.8
            } else {
                1.0
            };
            growth * season * week
        })
        .collect();
    let sum: f64 = weights.iter().sum();
    let mut out = Vec::with_capacity(weights.len());
    let (mut acc, mut given) = (0.0, 0u64);
    for (d, w) in weights.iter().enumerate() {
        acc += w / sum * total as f64;
        let upto = (acc.round() as u64).min(total);
        out.push((first + Duration::days(d as i64), upto - given));
        given = upto;
    }
    if let Some(last) = out.last_mut() {
        last.1 += total - given;
    }
    out
}

/// When in a Shanghai day complaints come in: few at night, more in the
/// morning, most in the evening.
const HOUR_WEIGHTS: [f64; 24] = [
    1.5, 0.8, 0.4, 0.2, 0.2, 0.4, 1.0, 2.5, 3.5, 4.0, 4.0, 3.5, 3.0, 3.5, 3.5, 3.5, 3.5, 3.5, 4.0,
    5.0, 5.5, 5.5, 4.5, 3.0,
];

/// `n` filing times within the Shanghai day `date`, in order.
pub fn times_in_day(rng: &mut Rng, date: NaiveDate, n: u64) -> Vec<DateTime<Utc>> {
    let midnight = date.and_hms_opt(0, 0, 0).unwrap_or_default();
    let start = shanghai::offset()
        .from_local_datetime(&midnight)
        .single()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&midnight));
    let mut out: Vec<DateTime<Utc>> = (0..n)
        .map(|_| {
            let hour = rng.weighted(&HOUR_WEIGHTS) as i64;
            start + Duration::seconds(hour * 3600 + rng.range(0, 3599))
        })
        .collect();
    out.sort();
    out
}

/// Steps of an open case, as far as it got.
fn open_status(rng: &mut Rng, age: Duration) -> Status {
    let choices = [
        Status::Submitted,
        Status::Accepted,
        Status::Assigned,
        Status::InProgress,
        Status::Reopened,
    ];
    let weights: [f64; 5] = if age < Duration::days(1) {
        [60.0, 30.0, 10.0, 0.0, 0.0]
    } else if age < Duration::days(4) {
        [5.0, 20.0, 45.0, 30.0, 0.0]
    } else {
        [1.0, 4.0, 30.0, 60.0, 5.0]
    };
    choices[rng.weighted(&weights)]
}

/// A case filed at `at`. An `open` case is still being worked on at `now`;
/// the others went as far as they could before it.
pub fn plan_case(
    rng: &mut Rng,
    setting: &Setting,
    at: DateTime<Utc>,
    open: bool,
    now: DateTime<Utc>,
) -> PlannedCase {
    let category_weights = [0.22, 0.12, 0.18, 0.25, 0.08, 0.15];
    let (category, default_unit, deadline) = setting.categories
        [rng.weighted(&category_weights[..setting.categories.len().min(6)])]
    .clone();
    let town = rng.pick(&setting.towns).clone();
    let road = rng.pick(roads(&town));
    let address = match rng.range(0, 2) {
        0 => format!("嘉定区{road}{}号", rng.range(1, 2999)),
        1 => format!(
            "嘉定区{road}{}弄{}号{}室",
            rng.range(1, 999),
            rng.range(1, 60),
            rng.range(101, 1802)
        ),
        _ => format!(
            "{road}{}小区{}号楼{}室",
            rng.pick(&COMPOUNDS),
            rng.range(1, 40),
            rng.range(101, 2602)
        ),
    };
    let address_public = address::public_part(&address);
    let description = (*rng.pick(descriptions(&category))).to_owned();
    let details = if category.starts_with("fumes") {
        json!({"Fumes": {
            "business": rng.pick(&BUSINESSES),
            "kind": *rng.pick(&["Smoke", "Odour", "Both"]),
            "description": description,
        }})
    } else {
        json!({"Noise": {
            "when": *rng.pick(&["Day", "Night", "Both"]),
            "recurring": rng.chance(0.7),
            "description": description,
        }})
    }
    .to_string();
    let urgent = rng.chance(0.01);
    let contact_name = format!("{}{}", rng.pick(&SURNAMES), rng.pick(&GIVEN));
    let contact_phone = format!(
        "1{}{:09}",
        rng.pick(&["3", "5", "7", "8", "9"]),
        rng.range(0, 999_999_999)
    );
    let point = rng
        .chance(0.6)
        .then(|| (31.28 + rng.unit() * 0.15, 121.15 + rng.unit() * 0.17));
    let unit = default_unit.unwrap_or_else(|| town.clone());
    let due_on = setting
        .calendar
        .add_working_days(shanghai::today(at), deadline);
    let mut code = [0u8; 8];
    code.iter_mut()
        .for_each(|b| *b = (rng.next_u64() & 0xff) as u8);
    let public = rng.chance(0.35);
    let mut case = PlannedCase {
        code: AccessCode::from_random(code),
        category,
        town,
        address,
        address_public,
        point,
        details,
        description,
        urgent,
        contact_name,
        contact_phone,
        public,
        status: Status::Submitted,
        unit: Some(unit.clone()),
        submitted_at: at,
        due_on,
        priority: "normal",
        outcome: None,
        replied_at: None,
        rating: None,
        reviewed: false,
        public_text: None,
        published_at: None,
        supporters: 0,
        updated_at: at,
        events: Vec::new(),
    };
    case.push(
        at,
        By::Resident,
        "submitted",
        true,
        String::new(),
        json!({ "unit": unit, "due_on": due_on.to_string() }).to_string(),
    );
    let mut history = History::new(rng, setting, at, now, open);
    history.run(&mut case);
    case
}

impl PlannedCase {
    fn push(
        &mut self,
        at: DateTime<Utc>,
        by: By,
        kind: &'static str,
        public: bool,
        text: String,
        data: String,
    ) {
        self.updated_at = at;
        self.events.push(PlannedEvent {
            at,
            by,
            kind,
            public,
            text,
            data,
        });
    }

    /// Takes a workflow step at `at`, as the staff pages would.
    fn step(&mut self, step: Step, at: DateTime<Utc>, by: By, text: &str, extra: StepData) {
        let state = CaseState {
            status: self.status,
            replied_at: self.replied_at,
            rating: self.rating.as_ref().map(|r| r.0),
            reviewed: self.reviewed,
        };
        let Ok(next) = state.after(step, at) else {
            return;
        };
        self.status = next;
        match step {
            Step::Assign => self.unit = extra.unit.clone(),
            Step::Return => self.unit = None,
            Step::Reply => {
                self.outcome = extra.outcome;
                self.replied_at = Some(at);
                self.rating = None;
            }
            _ => {}
        }
        let public_text = domain::handling::text_is_public(step);
        let data = json!({
            "unit": extra.unit,
            "outcome": extra.outcome.map(Outcome::code),
            "agency": extra.agency,
            "inspection": extra.inspection,
            "internal_note": if public_text || text.is_empty() { None } else { Some(text) },
        })
        .to_string();
        self.push(
            at,
            by,
            event_kind(step),
            true,
            if public_text {
                text.to_owned()
            } else {
                String::new()
            },
            data,
        );
    }
}

#[derive(Default)]
struct StepData {
    unit: Option<String>,
    outcome: Option<Outcome>,
    agency: Option<String>,
    inspection: Option<domain::handling::Inspection>,
}

/// Walks one case through its steps, each a while after the one before,
/// stopping where an open case stands or where `now` is reached.
struct History<'a> {
    rng: &'a mut Rng,
    setting: &'a Setting,
    t: DateTime<Utc>,
    now: DateTime<Utc>,
    /// Where an open case stops; None: it goes through to the end.
    stop: Option<Status>,
    /// An open case's steps share the time since it was filed.
    open: bool,
}

impl<'a> History<'a> {
    fn new(
        rng: &'a mut Rng,
        setting: &'a Setting,
        at: DateTime<Utc>,
        now: DateTime<Utc>,
        open: bool,
    ) -> History<'a> {
        let stop = open.then(|| open_status(rng, now - at));
        History {
            rng,
            setting,
            t: at,
            now,
            stop,
            open,
        }
    }

    /// The time of the next step, `lo..=hi` hours on (an open case's steps
    /// are squeezed into the time it has had); None when it would be in
    /// the future.
    fn after(&mut self, lo: i64, hi: i64) -> Option<DateTime<Utc>> {
        let step = if self.open {
            let left = (self.now - self.t).num_seconds().max(2);
            Duration::seconds(self.rng.range(1, left / 3))
        } else {
            Duration::seconds(self.rng.range(lo * 3600, hi * 3600))
        };
        let at = self.t + step;
        (at < self.now).then(|| {
            self.t = at;
            at
        })
    }

    fn reached(&self, case: &PlannedCase) -> bool {
        self.stop == Some(case.status)
    }

    fn run(&mut self, case: &mut PlannedCase) {
        let dispatcher = By::Staff(self.setting.dispatcher);
        if self.reached(case) {
            return;
        }
        if !self.open && self.rng.chance(0.05) {
            let (step, text, agency) = if self.rng.chance(0.6) {
                (Step::Reject, "经核实，所反映事项不属于本局受理范围。", None)
            } else {
                (
                    Step::Transfer,
                    "该事项由区市场监管局负责，已转交办理。",
                    Some("区市场监管局".to_owned()),
                )
            };
            if step == Step::Transfer {
                // Transferred cases may still show on the board.
                self.publish(case, dispatcher);
            }
            let Some(at) = self.after(2, 30) else { return };
            let extra = StepData {
                agency,
                ..StepData::default()
            };
            case.step(step, at, dispatcher, text, extra);
            if step == Step::Transfer
                && let Some(at) = self.after(24, 120)
            {
                case.step(Step::Close, at, dispatcher, "", StepData::default());
            }
            return;
        }
        let Some(at) = self.after(1, 20) else { return };
        case.step(Step::Accept, at, dispatcher, "", StepData::default());
        self.publish(case, dispatcher);
        if self.rng.chance(0.04)
            && self.stop != Some(Status::Accepted)
            && self.stop != Some(Status::Submitted)
        {
            self.priority(case, dispatcher);
        }
        if self.reached(case) {
            return;
        }
        let unit = case.unit.clone();
        let Some(at) = self.after(1, 24) else { return };
        case.step(Step::Assign, at, dispatcher, "", unit_data(&unit));
        if !self.open && self.rng.chance(0.03) {
            let handler = By::Staff(self.setting.handler(unit.as_deref().unwrap_or("")));
            let Some(at) = self.after(2, 24) else { return };
            case.step(
                Step::Return,
                at,
                handler,
                "不属于本单位辖区，请重新派单。",
                StepData::default(),
            );
            let Some(at) = self.after(1, 12) else { return };
            case.step(Step::Assign, at, dispatcher, "", unit_data(&unit));
        }
        if self.reached(case) {
            return;
        }
        self.handle(case, &unit);
        if self.reached(case) || self.open && self.stop != Some(Status::Reopened) {
            return;
        }
        // The resident rates most replies; an unsatisfied one may ask for a
        // review, which the unit answers again.
        if self.rng.chance(0.65) || self.stop == Some(Status::Reopened) {
            let rating = if self.stop == Some(Status::Reopened) {
                Rating::Unsatisfied
            } else {
                [
                    Rating::Satisfied,
                    Rating::BasicallySatisfied,
                    Rating::Unsatisfied,
                ][self.rng.weighted(&[75.0, 17.0, 8.0])]
            };
            let Some(at) = self.after(2, 96) else { return };
            let comment = match rating {
                Rating::Unsatisfied => "问题没有解决，晚上仍然有噪声。",
                _ => "",
            };
            self.rate(case, rating, comment, at);
            if rating == Rating::Unsatisfied
                && (self.stop == Some(Status::Reopened) || self.rng.chance(0.4))
            {
                let Some(at) = self.after(2, 72) else { return };
                case.reviewed = true;
                case.status = Status::Reopened;
                case.push(
                    at,
                    By::Resident,
                    "review_requested",
                    true,
                    "问题反复出现，请再次核查。".to_owned(),
                    "{}".to_owned(),
                );
                if self.reached(case) {
                    return;
                }
                self.handle(case, &unit);
            }
        }
        if let Some(at) = self.after(72, 240) {
            case.step(Step::Close, at, dispatcher, "", StepData::default());
        }
    }

    /// Site inspection (most cases) and the reply.
    fn handle(&mut self, case: &mut PlannedCase, unit: &Option<String>) {
        let handler = By::Staff(self.setting.handler(unit.as_deref().unwrap_or("")));
        if self.rng.chance(0.8) || self.stop == Some(Status::InProgress) {
            let Some(at) = self.after(6, 72) else { return };
            let noise = case.category.starts_with("noise");
            let inspection = domain::handling::Inspection {
                at,
                inspector: "执法队员".to_owned(),
                findings: if noise {
                    "现场监测，噪声超过排放限值。".to_owned()
                } else {
                    "现场检查油烟净化设施运行情况。".to_owned()
                },
                measured: Some(if noise {
                    (50.0 + self.rng.unit() * 25.0).round()
                } else {
                    ((0.5 + self.rng.unit() * 2.5) * 10.0).round() / 10.0
                }),
            };
            case.step(
                Step::Inspect,
                at,
                handler,
                "",
                StepData {
                    inspection: Some(inspection),
                    ..StepData::default()
                },
            );
        }
        if self.reached(case) {
            return;
        }
        let outcomes = [
            Outcome::Fixed,
            Outcome::BeingFixed,
            Outcome::NotSubstantiated,
            Outcome::Mediated,
            Outcome::PenaltyOpened,
        ];
        let weights = if case.category == "noise_social" {
            [20.0, 5.0, 20.0, 50.0, 5.0]
        } else {
            [45.0, 20.0, 22.0, 5.0, 8.0]
        };
        let outcome = outcomes[self.rng.weighted(&weights)];
        // Most replies come before the deadline; some a day or two late.
        let Some(at) = self.after(12, 150) else {
            return;
        };
        case.step(
            Step::Reply,
            at,
            handler,
            reply_text(outcome),
            StepData {
                outcome: Some(outcome),
                ..StepData::default()
            },
        );
    }

    fn rate(&mut self, case: &mut PlannedCase, rating: Rating, comment: &str, at: DateTime<Utc>) {
        case.rating = Some((rating, comment.to_owned(), at));
        case.push(
            at,
            By::Resident,
            "rated",
            false,
            comment.to_owned(),
            json!({ "rating": rating.code() }).to_string(),
        );
    }

    /// A dispatcher approves the public text of the cases the resident
    /// allowed on the board (some recent ones still wait); some gather
    /// neighbours' support.
    fn publish(&mut self, case: &mut PlannedCase, by: By) {
        if !case.public || (self.open && self.rng.chance(0.3)) {
            return;
        }
        let Some(at) = self.after(1, 8) else { return };
        case.public_text = Some(domain::mask::free_text(&case.description));
        case.published_at = Some(at);
        case.push(at, by, "published", true, String::new(), "{}".to_owned());
        if self.rng.chance(0.15) {
            case.supporters = self.rng.range(1, 12) * self.rng.range(1, 3);
        }
    }

    fn priority(&mut self, case: &mut PlannedCase, by: By) {
        let Some(at) = self.after(1, 4) else { return };
        case.priority = if self.rng.chance(0.2) {
            "urgent"
        } else {
            "high"
        };
        case.push(
            at,
            by,
            "priority",
            false,
            String::new(),
            json!({ "priority": case.priority }).to_string(),
        );
    }
}

fn unit_data(unit: &Option<String>) -> StepData {
    StepData {
        unit: unit.clone(),
        ..StepData::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setting() -> Setting {
        Setting {
            categories: vec![
                ("noise_construction".into(), Some("chengguan".into()), 5),
                ("noise_industrial".into(), Some("enforcement".into()), 5),
                ("noise_commercial".into(), Some("chengguan".into()), 5),
                ("noise_social".into(), None, 5),
                ("noise_traffic".into(), Some("enforcement".into()), 5),
                ("fumes_restaurant".into(), Some("chengguan".into()), 5),
            ],
            towns: vec!["anting".into(), "malu".into(), "jiadingzhen".into()],
            calendar: domain::workdays::shipped_calendar(),
            dispatcher: 1,
            handlers: vec![("anting".into(), 2), ("chengguan".into(), 3)],
        }
    }

    /// Replays a planned trail through the workflow: every step must be
    /// allowed from where the case stood, and end where the case says.
    fn replay(case: &PlannedCase) -> Status {
        let mut state = CaseState::new();
        for e in &case.events {
            let step = Step::ALL.iter().copied().find(|s| event_kind(*s) == e.kind);
            let Some(step) = step else {
                assert!(
                    ["submitted", "published", "priority"].contains(&e.kind),
                    "{}",
                    e.kind
                );
                continue;
            };
            state.status = state
                .after(step, e.at)
                .unwrap_or_else(|err| panic!("{} from {:?}: {err}", e.kind, state.status));
            match step {
                Step::Reply => {
                    state.replied_at = Some(e.at);
                    state.rating = None;
                }
                Step::Rate => {
                    let v: serde_json::Value = serde_json::from_str(&e.data).unwrap();
                    state.rating = Rating::parse(v["rating"].as_str().unwrap());
                }
                Step::RequestReview => state.reviewed = true,
                _ => {}
            }
        }
        state.status
    }

    #[test]
    fn histories_follow_the_workflow_in_time_order() {
        let s = setting();
        let now = Utc.with_ymd_and_hms(2026, 11, 30, 4, 0, 0).unwrap();
        let mut rng = Rng::new(7);
        let mut statuses = std::collections::HashMap::new();
        for i in 0..4000 {
            let open = i % 50 == 0;
            let at = now
                - Duration::hours(if open {
                    i64::from(i % 400) + 1
                } else {
                    1_000 + i64::from(i)
                });
            let case = plan_case(&mut rng, &s, at, open, now);
            assert_eq!(replay(&case), case.status, "{:?}", case.events);
            assert_eq!(case.status.is_open(), open, "{:?}", case.status);
            assert!(case.events.windows(2).all(|w| w[0].at <= w[1].at));
            assert!(case.events.iter().all(|e| e.at < now));
            assert_eq!(case.events[0].kind, "submitted");
            assert!(!case.address_public.contains('室'));
            *statuses.entry(case.status).or_insert(0) += 1;
        }
        // Closed cases dominate, and every open status occurs.
        assert!(statuses[&Status::Closed] > 3000, "{statuses:?}");
        for s in [
            Status::Submitted,
            Status::Assigned,
            Status::InProgress,
            Status::Rejected,
        ] {
            assert!(statuses.contains_key(&s), "{s:?} in {statuses:?}");
        }
    }

    #[test]
    fn the_days_share_every_case() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let days = daily_counts(100_003, 1826, today);
        assert_eq!(days.len(), 1826);
        assert_eq!(days.iter().map(|d| d.1).sum::<u64>(), 100_003);
        assert_eq!(days.last().unwrap().0, today - Duration::days(1));
        // Later years have more cases than the first.
        let first: u64 = days[..365].iter().map(|d| d.1).sum();
        let last: u64 = days[days.len() - 365..].iter().map(|d| d.1).sum();
        assert!(last > first);
        let mut rng = Rng::new(1);
        let times = times_in_day(&mut rng, today, 50);
        assert!(times.windows(2).all(|w| w[0] <= w[1]));
        assert!(times.iter().all(|t| shanghai::today(*t) == today));
    }
}
