//! Early warning (排查预警): rules that find the sources and places that
//! keep drawing complaints, evaluated when a complaint arrives or is
//! linked to a source.
//!
//! Rules are data an administrator edits (per category or for every
//! category); three kinds:
//! - **repeat**: N or more complaints about one source, or, without a
//!   source, on the same road or compound or within R metres, in D days;
//! - **nights**: complaints filed at night (22:00–06:00, Shanghai) on K
//!   different nights within D days, about one source or place;
//! - **rebound** (反弹): a new complaint within D days after a case about
//!   the same source or place was closed as solved.
//!
//! [`evaluate`] is pure: the database layer gives it the new complaint,
//! the candidates it fetched through its indexes (same source, same road,
//! nearby points; never a scan of every case) and the recent solved
//! closures, and gets back what each rule raises. A warning is keyed by
//! its rule and [`Subject::key`], so the store raises it once and adds
//! cases to it afterwards.

use chrono::{DateTime, Duration, NaiveDate, Timelike, Utc};
use serde::{Deserialize, Serialize};

use crate::complaint::filing::GeoPoint;
use crate::complaint::input::{FieldError, text};
use crate::handling::Problems;
use crate::shanghai;
use crate::workdays::WorkCalendar;

/// How urgent a warning is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Severity {
    Low,
    Medium,
    High,
}

impl Severity {
    pub const ALL: [Severity; 3] = [Severity::Low, Severity::Medium, Severity::High];

    pub fn code(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
        }
    }

    pub fn parse(raw: &str) -> Option<Severity> {
        Self::ALL.into_iter().find(|s| s.code() == raw.trim())
    }
}

/// What a rule looks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RuleKind {
    Repeat {
        count: u32,
        days: u32,
        radius_m: u32,
    },
    Nights {
        nights: u32,
        days: u32,
        radius_m: u32,
    },
    Rebound {
        days: u32,
        radius_m: u32,
    },
}

impl RuleKind {
    pub fn code(self) -> &'static str {
        match self {
            RuleKind::Repeat { .. } => "repeat",
            RuleKind::Nights { .. } => "nights",
            RuleKind::Rebound { .. } => "rebound",
        }
    }

    /// The window the rule looks back over, in days.
    pub fn days(self) -> u32 {
        match self {
            RuleKind::Repeat { days, .. }
            | RuleKind::Nights { days, .. }
            | RuleKind::Rebound { days, .. } => days,
        }
    }

    /// How near two complaints without a source must be to count as one
    /// place (besides being on the same road or compound).
    pub fn radius_m(self) -> u32 {
        match self {
            RuleKind::Repeat { radius_m, .. }
            | RuleKind::Nights { radius_m, .. }
            | RuleKind::Rebound { radius_m, .. } => radius_m,
        }
    }

    /// Builds a rule from its stored or typed parts; `None` when a number
    /// is out of its sensible range (a count below 2, a window of more
    /// than a year, a radius over 2 km).
    pub fn from_parts(kind: &str, count: u32, days: u32, radius_m: u32) -> Option<RuleKind> {
        if !(1..=366).contains(&days) || radius_m > 2000 {
            return None;
        }
        match kind {
            "repeat" if (2..=1000).contains(&count) => Some(RuleKind::Repeat {
                count,
                days,
                radius_m,
            }),
            "nights" if (2..=366).contains(&count) && count <= days => Some(RuleKind::Nights {
                nights: count,
                days,
                radius_m,
            }),
            "rebound" => Some(RuleKind::Rebound { days, radius_m }),
            _ => None,
        }
    }

    /// The count a rule needs (complaints or nights; 1 for a rebound).
    pub fn count(self) -> u32 {
        match self {
            RuleKind::Repeat { count, .. } => count,
            RuleKind::Nights { nights, .. } => nights,
            RuleKind::Rebound { .. } => 1,
        }
    }
}

/// A rule as stored: for one category, or every category (`None`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    pub id: i64,
    pub category: Option<String>,
    pub kind: RuleKind,
    pub severity: Severity,
}

/// A complaint as the rules see it.
#[derive(Clone, Debug, PartialEq)]
pub struct Complaint {
    pub case_id: i64,
    pub category: String,
    pub at: DateTime<Utc>,
    pub source: Option<i64>,
    pub town: String,
    /// The public, road-level part of the address (the road or compound).
    pub road: String,
    pub point: Option<GeoPoint>,
}

/// A case about a source or place closed as solved.
#[derive(Clone, Debug, PartialEq)]
pub struct Closure {
    pub place: Complaint,
    pub closed_at: DateTime<Utc>,
}

/// What a warning is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Subject {
    Source(i64),
    /// A road or compound in a town.
    Road {
        town: String,
        road: String,
    },
    /// Points near each other, without a road: the cell of a grid about
    /// the rule's radius wide.
    Near {
        cell: (i64, i64),
    },
}

impl Subject {
    /// The warning's identity with its rule: one open warning per rule
    /// and key.
    pub fn key(&self) -> String {
        match self {
            Subject::Source(id) => format!("source:{id}"),
            Subject::Road { town, road } => format!("road:{town}:{road}"),
            Subject::Near { cell } => format!("near:{}:{}", cell.0, cell.1),
        }
    }
}

/// What the new complaint is about, for a rule of this radius: its
/// source, else its road, else the grid cell of its point; `None` when it
/// has none of them.
pub fn subject(c: &Complaint, radius_m: u32) -> Option<Subject> {
    if let Some(id) = c.source {
        return Some(Subject::Source(id));
    }
    if !c.road.trim().is_empty() {
        return Some(Subject::Road {
            town: c.town.clone(),
            road: c.road.trim().to_owned(),
        });
    }
    let p = c.point?;
    // About `radius_m` per cell: a degree of latitude is ~111 km, of
    // longitude ~95 km at Jiading's 31.4° N.
    let side = f64::from(radius_m.max(50));
    Some(Subject::Near {
        cell: (
            (p.latitude * 111_000.0 / side).floor() as i64,
            (p.longitude * 95_000.0 / side).floor() as i64,
        ),
    })
}

/// Whether `other` is about the same source or place as `new`: the same
/// source when `new` has one; otherwise the same road in the same town,
/// or points within `radius_m`.
pub fn same_place(new: &Complaint, other: &Complaint, radius_m: u32) -> bool {
    if let Some(id) = new.source {
        return other.source == Some(id);
    }
    let road = new.road.trim();
    if !road.is_empty() && new.town == other.town && other.road.trim() == road {
        return true;
    }
    match (new.point, other.point) {
        (Some(a), Some(b)) => a.distance_m(b) <= f64::from(radius_m),
        _ => false,
    }
}

/// The night a time falls in, named by the date of its evening (a
/// complaint at 01:30 on the 5th belongs to the night of the 4th); `None`
/// by day.
pub fn night_of(at: DateTime<Utc>) -> Option<NaiveDate> {
    let local = shanghai::local(at);
    match local.hour() {
        22..=23 => Some(local.date_naive()),
        0..=5 => local.date_naive().pred_opt(),
        _ => None,
    }
}

/// What a rule raised: about what, and the cases behind it (the new one
/// last).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Raised {
    pub rule_id: i64,
    /// The rule's category (`None`: every category).
    pub category: Option<String>,
    pub severity: Severity,
    pub subject: Subject,
    pub cases: Vec<i64>,
}

/// The window of `window` holding `new` whose complaints (those `keep`
/// lets in) score best, and the ids of those complaints in time order:
/// each window starts at a complaint at or before the new one. The
/// earliest such window wins a tie.
fn best_window(
    new: &Complaint,
    around: &[&Complaint],
    window: Duration,
    score: impl Fn(&[&Complaint]) -> usize,
    keep: impl Fn(&Complaint) -> bool,
) -> (usize, Vec<i64>) {
    let starts = around
        .iter()
        .map(|c| c.at)
        .filter(|t| *t <= new.at)
        .chain([new.at]);
    let mut best: (usize, Vec<i64>) = (0, Vec::new());
    for start in starts {
        let members: Vec<&Complaint> = around
            .iter()
            .filter(|c| c.at >= start && c.at < start + window && keep(c))
            .copied()
            .collect();
        let n = score(&members);
        if n > best.0 {
            best = (n, members.iter().map(|c| c.case_id).collect());
        }
    }
    best
}

fn applies(rule: &Rule, category: &str) -> bool {
    rule.category.as_deref().is_none_or(|c| c == category)
}

/// What `rules` raise for the `new` complaint, given the `recent`
/// complaints and solved `closures` the store found around it (more is
/// harmless: each rule keeps only those of its category, place and
/// window). Complaints after `new` are ignored, so a complaint linked
/// late is judged by its own time.
pub fn evaluate(
    rules: &[Rule],
    new: &Complaint,
    recent: &[Complaint],
    closures: &[Closure],
) -> Vec<Raised> {
    let mut raised = Vec::new();
    for rule in rules.iter().filter(|r| applies(r, &new.category)) {
        let radius = rule.kind.radius_m();
        let Some(subject) = subject(new, radius) else {
            continue;
        };
        let window = Duration::days(i64::from(rule.kind.days()));
        let from = new.at - window;
        // Complaints after the new one count too (a case linked late to
        // its source is judged with what came since): any window of D
        // days holding the new complaint.
        let within = |c: &Complaint| {
            c.case_id != new.case_id
                && applies(rule, &c.category)
                && c.at > from
                && c.at < new.at + window
                && same_place(new, c, radius)
        };
        let mut around: Vec<&Complaint> = recent.iter().filter(|c| within(c)).collect();
        around.sort_by_key(|c| (c.at, c.case_id));
        around.dedup_by_key(|c| c.case_id);
        let cases: Option<Vec<i64>> = match rule.kind {
            RuleKind::Repeat { count, .. } => {
                let (n, members) = best_window(new, &around, window, |m| m.len() + 1, |_| true);
                (n >= count as usize).then_some(members)
            }
            RuleKind::Nights { nights, .. } => night_of(new.at).and_then(|_| {
                let distinct = |m: &[&Complaint]| {
                    let mut d: Vec<NaiveDate> = m
                        .iter()
                        .filter_map(|c| night_of(c.at))
                        .chain(night_of(new.at))
                        .collect();
                    d.sort();
                    d.dedup();
                    d.len()
                };
                let (n, members) =
                    best_window(new, &around, window, distinct, |c| night_of(c.at).is_some());
                (n >= nights as usize).then_some(members)
            }),
            RuleKind::Rebound { .. } => {
                let mut solved: Vec<&Closure> = closures
                    .iter()
                    .filter(|k| {
                        k.place.case_id != new.case_id
                            && applies(rule, &k.place.category)
                            && k.closed_at > from
                            && k.closed_at <= new.at
                            && same_place(new, &k.place, radius)
                    })
                    .collect();
                solved.sort_by_key(|k| (k.closed_at, k.place.case_id));
                (!solved.is_empty()).then(|| solved.iter().map(|k| k.place.case_id).collect())
            }
        };
        if let Some(mut cases) = cases {
            cases.dedup();
            cases.push(new.case_id);
            raised.push(Raised {
                rule_id: rule.id,
                category: rule.category.clone(),
                severity: rule.severity,
                subject,
                cases,
            });
        }
    }
    raised
}

/// A decision on a warning as staff post it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionForm {
    /// `acknowledge`, `task` or `dismiss`.
    #[serde(default)]
    pub decision: String,
    /// The unit that screens (a task).
    #[serde(default)]
    pub unit: String,
    /// Working days the task has (a task).
    #[serde(default)]
    pub task_days: String,
    /// The task's instructions, or why the warning is dismissed.
    #[serde(default)]
    pub note: String,
}

/// A checked decision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    Acknowledge,
    /// A screening task (排查任务) for a unit, due on a working day.
    Task {
        unit: String,
        due_on: NaiveDate,
        instructions: String,
    },
    Dismiss {
        reason: String,
    },
}

/// A rule's numbers as an administrator posts them (its kind and category
/// stay as they are).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleForm {
    #[serde(default)]
    pub rule_count: String,
    #[serde(default)]
    pub rule_days: String,
    #[serde(default)]
    pub radius_m: String,
    #[serde(default)]
    pub severity: String,
    /// A checkbox: `yes` when ticked, absent otherwise.
    #[serde(default)]
    pub active: String,
}

impl RuleForm {
    /// The rule's new kind, severity and whether it is in force, or every
    /// problem (numbers out of their ranges are named by field).
    pub fn check(&self, kind: RuleKind) -> Result<(RuleKind, Severity, bool), Problems> {
        let mut problems = Vec::new();
        let mut number =
            |field: &'static str, raw: &str, range: std::ops::RangeInclusive<u32>| match raw
                .trim()
                .parse::<u32>(
            ) {
                Ok(n) if range.contains(&n) => Some(n),
                Ok(_) => {
                    problems.push((field, FieldError::OutOfRange));
                    None
                }
                Err(_)
                    if !raw.trim().is_empty() && raw.trim().bytes().all(|b| b.is_ascii_digit()) =>
                {
                    problems.push((field, FieldError::OutOfRange));
                    None
                }
                Err(_) if raw.trim().is_empty() => {
                    problems.push((field, FieldError::Required));
                    None
                }
                Err(_) => {
                    problems.push((field, FieldError::NotANumber));
                    None
                }
            };
        // A rebound has no count: it is one complaint.
        let count = match kind {
            RuleKind::Rebound { .. } => Some(1),
            _ => number("rule_count", &self.rule_count, 2..=366),
        };
        let days = number("rule_days", &self.rule_days, 1..=366);
        let radius = number("radius_m", &self.radius_m, 0..=2000);
        let severity = Severity::parse(&self.severity);
        if severity.is_none() {
            problems.push(("severity", FieldError::NotAChoice));
        }
        let (Some(count), Some(days), Some(radius), Some(severity)) =
            (count, days, radius, severity)
        else {
            return Err(problems);
        };
        match RuleKind::from_parts(kind.code(), count, days, radius) {
            Some(kind) => Ok((kind, severity, self.active.trim() == "yes")),
            // Nights above the window's days.
            None => Err(vec![("rule_count", FieldError::OutOfRange)]),
        }
    }
}

/// The most working days a screening task may have.
pub const MAX_TASK_DAYS: u32 = 30;

impl DecisionForm {
    /// The decision, or every problem: a task needs a unit of `units` and
    /// 1 to [`MAX_TASK_DAYS`] working days from `today`; a dismissal
    /// needs its reason (at least 4 characters).
    pub fn check(
        &self,
        units: &[String],
        calendar: &WorkCalendar,
        today: NaiveDate,
    ) -> Result<Decision, Problems> {
        let text = |raw: &str, min: usize| text(raw, min, 1000, true);
        match self.decision.trim() {
            "acknowledge" => Ok(Decision::Acknowledge),
            "dismiss" => match text(&self.note, 4) {
                Ok(reason) => Ok(Decision::Dismiss { reason }),
                Err(e) => Err(vec![("note", e)]),
            },
            "task" => {
                let mut problems = Vec::new();
                let unit = self.unit.trim();
                if unit.is_empty() {
                    problems.push(("unit", FieldError::Required));
                } else if !units.iter().any(|u| u == unit) {
                    problems.push(("unit", FieldError::NotAChoice));
                }
                let days = match self.task_days.trim() {
                    "" => Err(FieldError::Required),
                    d => match d.parse::<u32>() {
                        Ok(n) if (1..=MAX_TASK_DAYS).contains(&n) => Ok(n),
                        Ok(_) => Err(FieldError::OutOfRange),
                        // Digits beyond any count: out of range, not "not a number".
                        Err(_) if d.bytes().all(|b| b.is_ascii_digit()) => {
                            Err(FieldError::OutOfRange)
                        }
                        Err(_) => Err(FieldError::NotANumber),
                    },
                };
                if let Err(e) = days {
                    problems.push(("task_days", e));
                }
                // Optional: blank or invisible characters only are no instructions.
                let instructions = match text(&self.note, 1) {
                    Err(FieldError::Required) => Ok(String::new()),
                    other => other,
                };
                if let Err(e) = &instructions {
                    problems.push(("note", *e));
                }
                match (problems.is_empty(), days, instructions) {
                    (true, Ok(days), Ok(instructions)) => Ok(Decision::Task {
                        unit: unit.to_owned(),
                        due_on: calendar.add_working_days(today, days),
                        instructions,
                    }),
                    _ => Err(problems),
                }
            }
            "" => Err(vec![("decision", FieldError::Required)]),
            _ => Err(vec![("decision", FieldError::NotAChoice)]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    /// 2026-06-10 at `hour`:`minute` Shanghai time, plus `days`.
    fn at(days: i64, hour: u32, minute: u32) -> DateTime<Utc> {
        shanghai::offset()
            .with_ymd_and_hms(2026, 6, 10, hour, minute, 0)
            .unwrap()
            .with_timezone(&Utc)
            + Duration::days(days)
    }

    fn complaint(id: i64, when: DateTime<Utc>) -> Complaint {
        Complaint {
            case_id: id,
            category: "noise_commercial".to_owned(),
            at: when,
            source: None,
            town: "nanxiang".to_owned(),
            road: "南翔镇德园路".to_owned(),
            point: None,
        }
    }

    fn rule(kind: RuleKind) -> Rule {
        Rule {
            id: 7,
            category: Some("noise_commercial".to_owned()),
            kind,
            severity: Severity::Medium,
        }
    }

    const REPEAT: RuleKind = RuleKind::Repeat {
        count: 3,
        days: 7,
        radius_m: 200,
    };

    #[test]
    fn repeat_counts_the_window_and_the_place() {
        let new = complaint(10, at(0, 15, 0));
        let recent = vec![
            complaint(1, at(-7, 15, 0)), // exactly 7 days before: outside
            complaint(2, at(-6, 16, 0)),
            Complaint {
                road: "南翔镇古猗园路".to_owned(),
                ..complaint(3, at(-1, 9, 0)) // another road
            },
            Complaint {
                category: "fumes_restaurant".to_owned(),
                ..complaint(4, at(-1, 9, 0)) // another category
            },
            complaint(5, at(7, 15, 0)), // a week after: no window holds it with another
        ];
        assert!(evaluate(&[rule(REPEAT)], &new, &recent, &[]).is_empty());
        // One a day after the new one (linked late): a window holds three.
        let mut late = recent.clone();
        late.push(complaint(8, at(1, 9, 0)));
        assert_eq!(
            evaluate(&[rule(REPEAT)], &new, &late, &[])[0].cases,
            vec![2, 8, 10]
        );
        // One more on the same road inside the window: raised, by the road.
        let mut more = recent.clone();
        more.push(complaint(6, at(-6, 14, 59)));
        let raised = evaluate(&[rule(REPEAT)], &new, &more, &[]);
        assert_eq!(raised.len(), 1);
        assert_eq!(raised[0].cases, vec![6, 2, 10]);
        assert_eq!(raised[0].subject.key(), "road:nanxiang:南翔镇德园路");
        // A rule for every category counts the other category too.
        let every = Rule {
            category: None,
            ..rule(REPEAT)
        };
        assert_eq!(
            evaluate(&[every], &new, &recent, &[])[0].cases,
            vec![2, 4, 10]
        );
    }

    #[test]
    fn a_source_counts_only_its_own_and_points_count_by_distance() {
        let source = |c: Complaint, s: Option<i64>| Complaint { source: s, ..c };
        let new = source(complaint(10, at(0, 15, 0)), Some(42));
        let recent = vec![
            source(complaint(1, at(-1, 15, 0)), Some(42)),
            source(complaint(2, at(-1, 15, 0)), None), // same road, no source
            source(complaint(3, at(-2, 15, 0)), Some(42)),
        ];
        let raised = evaluate(&[rule(REPEAT)], &new, &recent, &[]);
        assert_eq!(raised[0].subject, Subject::Source(42));
        assert_eq!(raised[0].cases, vec![3, 1, 10]);
        // Without a road: by distance (~100 m apart counts, ~400 m not).
        let point = |lat: f64| GeoPoint {
            latitude: lat,
            longitude: 121.32,
        };
        let placed = |id, lat| Complaint {
            road: String::new(),
            point: Some(point(lat)),
            ..complaint(id, at(-1, 10, 0))
        };
        let new = Complaint {
            at: at(0, 10, 0),
            ..placed(10, 31.3000)
        };
        let recent = vec![placed(1, 31.3009), placed(2, 31.2991), placed(3, 31.3036)];
        let raised = evaluate(&[rule(REPEAT)], &new, &recent, &[]);
        assert_eq!(raised[0].cases, vec![1, 2, 10]);
        assert!(raised[0].subject.key().starts_with("near:"));
        // Nothing to place it by: nothing raised.
        let nowhere = Complaint {
            point: None,
            ..new.clone()
        };
        assert!(evaluate(&[rule(REPEAT)], &nowhere, &recent, &[]).is_empty());
    }

    #[test]
    fn nights_are_counted_by_their_evening() {
        let nights = rule(RuleKind::Nights {
            nights: 3,
            days: 14,
            radius_m: 200,
        });
        // 23:30 on the 8th and 01:00 on the 9th are one night (the 8th).
        let recent = vec![
            complaint(1, at(-2, 23, 30)),
            complaint(2, at(-1, 1, 0)),
            complaint(3, at(-1, 15, 0)), // by day: not counted
        ];
        let new = complaint(10, at(0, 22, 0));
        assert!(evaluate(std::slice::from_ref(&nights), &new, &recent, &[]).is_empty());
        let mut more = recent.clone();
        more.push(complaint(4, at(-5, 5, 59)));
        let raised = evaluate(std::slice::from_ref(&nights), &new, &more, &[]);
        assert_eq!(raised[0].cases, vec![4, 1, 2, 10]);
        // A new complaint by day raises no night warning.
        let by_day = complaint(11, at(0, 6, 0));
        assert!(evaluate(&[nights], &by_day, &more, &[]).is_empty());
        assert_eq!(night_of(at(0, 5, 59)), night_of(at(-1, 22, 0)));
        assert_eq!(night_of(at(0, 6, 0)), None);
    }

    #[test]
    fn a_rebound_follows_a_solved_closure() {
        let rebound = rule(RuleKind::Rebound {
            days: 30,
            radius_m: 200,
        });
        let new = complaint(10, at(0, 12, 0));
        let closure = |id, days| Closure {
            place: complaint(id, at(-40, 12, 0)),
            closed_at: at(days, 12, 0),
        };
        assert!(
            evaluate(
                std::slice::from_ref(&rebound),
                &new,
                &[],
                &[closure(1, -30)]
            )
            .is_empty()
        );
        let raised = evaluate(&[rebound], &new, &[], &[closure(1, -30), closure(2, -29)]);
        assert_eq!(raised[0].cases, vec![2, 10]);
    }

    #[test]
    fn rule_parts_are_checked() {
        assert_eq!(RuleKind::from_parts("repeat", 1, 7, 100), None);
        assert_eq!(RuleKind::from_parts("repeat", 3, 0, 100), None);
        assert_eq!(RuleKind::from_parts("repeat", 3, 367, 100), None);
        assert_eq!(RuleKind::from_parts("nights", 10, 7, 100), None);
        assert_eq!(RuleKind::from_parts("rebound", 0, 30, 2001), None);
        assert_eq!(RuleKind::from_parts("other", 3, 7, 100), None);
        let r = RuleKind::from_parts("nights", 3, 14, 150).unwrap();
        assert_eq!(
            (r.code(), r.count(), r.days(), r.radius_m()),
            ("nights", 3, 14, 150)
        );
        assert_eq!(Severity::parse("high"), Some(Severity::High));
    }

    #[test]
    fn decisions_are_checked() {
        let units = vec!["nanxiang".to_owned()];
        let calendar = WorkCalendar::new([]);
        // A Friday: five working days on is the next Friday.
        let today = NaiveDate::from_ymd_opt(2026, 6, 12).unwrap();
        let form = |decision: &str, unit: &str, days: &str, note: &str| DecisionForm {
            decision: decision.to_owned(),
            unit: unit.to_owned(),
            task_days: days.to_owned(),
            note: note.to_owned(),
        };
        assert_eq!(
            form("task", "nanxiang", "5", " 夜间巡查 ").check(&units, &calendar, today),
            Ok(Decision::Task {
                unit: "nanxiang".to_owned(),
                due_on: NaiveDate::from_ymd_opt(2026, 6, 19).unwrap(),
                instructions: "夜间巡查".to_owned(),
            })
        );
        assert_eq!(
            form("task", "pudong", "0", "").check(&units, &calendar, today),
            Err(vec![
                ("unit", FieldError::NotAChoice),
                ("task_days", FieldError::OutOfRange)
            ])
        );
        assert_eq!(
            form("task", "", "x", "").check(&units, &calendar, today),
            Err(vec![
                ("unit", FieldError::Required),
                ("task_days", FieldError::NotANumber)
            ])
        );
        assert_eq!(
            form("dismiss", "", "", "重复").check(&units, &calendar, today),
            Err(vec![("note", FieldError::TooShort(4))])
        );
        assert_eq!(
            form("dismiss", "", "", "同一商户已搬离").check(&units, &calendar, today),
            Ok(Decision::Dismiss {
                reason: "同一商户已搬离".to_owned()
            })
        );
        assert_eq!(
            form("acknowledge", "", "", "").check(&units, &calendar, today),
            Ok(Decision::Acknowledge)
        );
        assert_eq!(
            form("close", "", "", "").check(&units, &calendar, today),
            Err(vec![("decision", FieldError::NotAChoice)])
        );
    }

    #[test]
    fn rule_forms_are_checked() {
        let nights = RuleKind::Nights {
            nights: 3,
            days: 14,
            radius_m: 200,
        };
        let form = |count: &str, days: &str, radius: &str, severity: &str| RuleForm {
            rule_count: count.to_owned(),
            rule_days: days.to_owned(),
            radius_m: radius.to_owned(),
            severity: severity.to_owned(),
            active: "yes".to_owned(),
        };
        assert_eq!(
            form("4", "21", "150", "high").check(nights),
            Ok((
                RuleKind::Nights {
                    nights: 4,
                    days: 21,
                    radius_m: 150
                },
                Severity::High,
                true
            ))
        );
        assert_eq!(
            form("1", "", "x", "urgent").check(nights),
            Err(vec![
                ("rule_count", FieldError::OutOfRange),
                ("rule_days", FieldError::Required),
                ("radius_m", FieldError::NotANumber),
                ("severity", FieldError::NotAChoice),
            ])
        );
        // More nights than days in the window.
        assert_eq!(
            form("10", "7", "100", "low").check(nights),
            Err(vec![("rule_count", FieldError::OutOfRange)])
        );
        // A rebound ignores the count; unticked is out of force.
        let rebound = RuleKind::Rebound {
            days: 30,
            radius_m: 100,
        };
        let off = RuleForm {
            active: String::new(),
            ..form("", "60", "100", "medium")
        };
        assert_eq!(
            off.check(rebound),
            Ok((
                RuleKind::Rebound {
                    days: 60,
                    radius_m: 100
                },
                Severity::Medium,
                false
            ))
        );
    }
}
