//! What staff type when they work a case, and the rules it must meet: a
//! reason for a rejection, a transfer or a return, a known unit to assign
//! to, an outcome with every reply, an inspection's time and measurement,
//! one extension of a limited length. Pure and tested; the web layer turns
//! the problems into messages beside the fields.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::case::{Outcome, Status, Step};
use crate::complaint::filing::Kind;
use crate::complaint::input::{FieldError, text};
use crate::workdays::WorkCalendar;

/// How urgently a case is worked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Priority {
    #[default]
    Normal,
    High,
    Urgent,
}

impl Priority {
    pub const ALL: &'static [Priority] = &[Priority::Normal, Priority::High, Priority::Urgent];

    pub fn code(self) -> &'static str {
        match self {
            Priority::Normal => "normal",
            Priority::High => "high",
            Priority::Urgent => "urgent",
        }
    }

    /// The order of the inbox's priority sort: urgent first. The SQL of
    /// that sort (and its index) spells the same ranks.
    pub fn rank(self) -> i64 {
        match self {
            Priority::Urgent => 0,
            Priority::High => 1,
            Priority::Normal => 2,
        }
    }

    pub fn parse(raw: &str) -> Result<Priority, FieldError> {
        match raw.trim() {
            "" => Err(FieldError::Required),
            "normal" => Ok(Priority::Normal),
            "high" => Ok(Priority::High),
            "urgent" => Ok(Priority::Urgent),
            _ => Err(FieldError::NotAChoice),
        }
    }
}

/// The longest extension, in working days (12345's "complex case" limit;
/// the Regulations allow at most 30 calendar days, which 15 working days
/// never exceed around a single holiday).
pub const EXTENSION_MAX_WORKING_DAYS: u32 = 15;
/// The longest free text staff write (replies, findings, notes).
pub const LONG_TEXT_CHARS: usize = 2000;
/// The longest reason (rejection, transfer, return, extension).
pub const REASON_CHARS: usize = 500;
/// Noise measurements, in dB(A): anything outside is a typing mistake.
pub const NOISE_RANGE: (f64, f64) = (20.0, 140.0);
/// Cooking-fume concentration, in mg/m³ (the limit is 1.0; a reading of
/// more than 50 is a typing mistake).
pub const FUME_RANGE: (f64, f64) = (0.0, 50.0);

/// A staff form as typed: every field a string. Each step reads the fields
/// it needs, and the page shows them again after a problem.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffForm {
    /// The case's version when the page was shown (optimistic locking).
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub reply: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub agency: String,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub outcome: String,
    #[serde(default)]
    pub inspected_at: String,
    #[serde(default)]
    pub inspector: String,
    #[serde(default)]
    pub findings: String,
    #[serde(default)]
    pub measured: String,
    #[serde(default)]
    pub days: String,
    #[serde(default)]
    pub target: String,
    #[serde(default)]
    pub priority: String,
    /// The text the public board shows (approved, perhaps redacted).
    #[serde(default)]
    pub public_text: String,
    /// The place the public board shows (road or compound).
    #[serde(default)]
    pub public_place: String,
}

/// Problems with a form: the field's name and what is wrong.
pub type Problems = Vec<(&'static str, FieldError)>;

/// A site inspection as recorded.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Inspection {
    pub at: DateTime<Utc>,
    pub inspector: String,
    pub findings: String,
    /// dB(A) for noise, mg/m³ for cooking fumes.
    pub measured: Option<f64>,
}

/// A checked workflow step.
#[derive(Clone, Debug, PartialEq)]
pub struct StepInput {
    pub step: Step,
    /// The unit, for `Assign`.
    pub unit: Option<String>,
    /// The outcome, for `Reply`.
    pub outcome: Option<Outcome>,
    /// The competent agency, for `Transfer`.
    pub agency: Option<String>,
    pub inspection: Option<Inspection>,
    /// The reply or the reason (told to the resident when
    /// [`text_is_public`]), or an internal note.
    pub text: String,
}

/// Whether a step's text is told to the resident: replies and the reasons
/// for not accepting or transferring a case are; everything else is an
/// internal note.
pub fn text_is_public(step: Step) -> bool {
    matches!(step, Step::Reply | Step::Reject | Step::Transfer)
}

/// What checking a step needs to know.
pub struct StepContext<'a> {
    /// Codes of the units a case may be assigned to.
    pub units: &'a [String],
    pub kind: Kind,
    pub submitted_at: DateTime<Utc>,
    pub now: DateTime<Utc>,
}

fn optional(raw: &str, max: usize) -> Result<String, FieldError> {
    if raw.trim().is_empty() {
        Ok(String::new())
    } else {
        text(raw, 1, max, true)
    }
}

/// Checks the form of a staff step. Resident steps (rating, review) are
/// not taken here.
pub fn check_step(step: Step, form: &StaffForm, ctx: &StepContext) -> Result<StepInput, Problems> {
    let mut problems = Problems::new();
    let mut input = StepInput {
        step,
        unit: None,
        outcome: None,
        agency: None,
        inspection: None,
        text: String::new(),
    };
    fn take(problems: &mut Problems, field: &'static str, r: Result<String, FieldError>) -> String {
        r.unwrap_or_else(|e| {
            problems.push((field, e));
            String::new()
        })
    }
    match step {
        Step::Accept | Step::Close => {
            input.text = take(&mut problems, "note", optional(&form.note, LONG_TEXT_CHARS))
        }
        Step::Reject | Step::Return => {
            input.text = take(
                &mut problems,
                "reason",
                text(&form.reason, 5, REASON_CHARS, true),
            );
        }
        Step::Transfer => {
            input.agency = Some(take(
                &mut problems,
                "agency",
                text(&form.agency, 2, 100, false),
            ));
            input.text = take(
                &mut problems,
                "reason",
                text(&form.reason, 5, REASON_CHARS, true),
            );
        }
        Step::Assign => {
            let unit = form.unit.trim();
            if unit.is_empty() {
                problems.push(("unit", FieldError::Required));
            } else if !ctx.units.iter().any(|u| u == unit) {
                problems.push(("unit", FieldError::NotAChoice));
            } else {
                input.unit = Some(unit.to_owned());
            }
            input.text = take(&mut problems, "note", optional(&form.note, LONG_TEXT_CHARS));
        }
        Step::Inspect => {
            let at = parse_local_time(&form.inspected_at).and_then(|at| {
                if at > ctx.now + Duration::minutes(5) {
                    Err(FieldError::InFuture)
                } else if at < ctx.submitted_at - Duration::days(1) {
                    Err(FieldError::OutOfRange)
                } else {
                    Ok(at)
                }
            });
            let inspector = take(
                &mut problems,
                "inspector",
                text(&form.inspector, 1, 50, false),
            );
            let findings = take(
                &mut problems,
                "findings",
                text(&form.findings, 5, LONG_TEXT_CHARS, true),
            );
            let (low, high) = match ctx.kind {
                Kind::Noise => NOISE_RANGE,
                Kind::Fumes => FUME_RANGE,
            };
            let measured = match form.measured.trim() {
                "" => Ok(None),
                raw => match raw.parse::<f64>() {
                    Ok(v) if !v.is_finite() => Err(FieldError::NotANumber),
                    Ok(v) if v < low || v > high => Err(FieldError::OutOfRange),
                    Ok(v) => Ok(Some(v)),
                    Err(_) => Err(FieldError::NotANumber),
                },
            };
            match (at, measured) {
                (Ok(at), Ok(measured)) => {
                    input.inspection = Some(Inspection {
                        at,
                        inspector,
                        findings: findings.clone(),
                        measured,
                    })
                }
                (at, measured) => {
                    if let Err(e) = at {
                        problems.insert(0, ("inspected_at", e));
                    }
                    if let Err(e) = measured {
                        problems.push(("measured", e));
                    }
                }
            }
            input.text = findings;
        }
        Step::Reply => {
            match Outcome::parse(&form.outcome) {
                Some(o) => input.outcome = Some(o),
                None if form.outcome.trim().is_empty() => {
                    problems.push(("outcome", FieldError::Required))
                }
                None => problems.push(("outcome", FieldError::NotAChoice)),
            }
            input.text = take(
                &mut problems,
                "reply",
                text(&form.reply, 10, LONG_TEXT_CHARS, true),
            );
        }
        Step::Rate | Step::RequestReview => problems.push(("step", FieldError::NotAChoice)),
    }
    if problems.is_empty() {
        Ok(input)
    } else {
        Err(problems)
    }
}

/// A Shanghai wall-clock time as a `datetime-local` input sends it
/// (`2026-11-28T09:30`, seconds optional, a space allowed for the `T`).
pub fn parse_local_time(raw: &str) -> Result<DateTime<Utc>, FieldError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(FieldError::Required);
    }
    let normalised = raw.replacen(' ', "T", 1);
    let naive = NaiveDateTime::parse_from_str(&normalised, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(&normalised, "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| FieldError::NotATime)?;
    naive
        .and_local_timezone(crate::shanghai::offset())
        .single()
        .map(|t| t.with_timezone(&Utc))
        .ok_or(FieldError::NotATime)
}

/// An internal note.
pub fn check_note(form: &StaffForm) -> Result<String, Problems> {
    text(&form.note, 1, LONG_TEXT_CHARS, true).map_err(|e| vec![("note", e)])
}

/// What a staff member approved for the public board.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Publication {
    pub text: String,
    pub place: String,
}

/// The public text and place a staff member approved for the board: as
/// they left them, with the public-text rule for numbers applied on top (a
/// number they missed is hidden all the same) and the place cut to its
/// public part (no door, flat or phone number). An empty text is a
/// mistake, not a redaction (withholding is not publishing).
pub fn check_publication(form: &StaffForm) -> Result<Publication, Problems> {
    let mut problems = Problems::new();
    let text = text(&form.public_text, 5, LONG_TEXT_CHARS, true)
        .map(|t| crate::mask::free_text(&t))
        .map_err(|e| problems.push(("public_text", e)))
        .ok();
    let place = text_place(&form.public_place).map_err(|e| problems.push(("public_place", e)));
    match (text, place) {
        (Some(text), Ok(place)) if problems.is_empty() => Ok(Publication { text, place }),
        _ => Err(problems),
    }
}

fn text_place(raw: &str) -> Result<String, FieldError> {
    let place = crate::complaint::address::public_part(&text(raw, 2, 100, false)?);
    if place.chars().count() < 2 {
        Err(FieldError::TooShort(2))
    } else {
        Ok(place)
    }
}

/// A checked extension.
#[derive(Clone, Debug, PartialEq)]
pub struct Extension {
    pub days: u32,
    pub reason: String,
    /// The new last day.
    pub due_on: NaiveDate,
}

/// Why a case-level action (extension, taking charge, merging) is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("the case is no longer being worked on")]
    NotOpen,
    #[error("the deadline was extended already")]
    AlreadyExtended,
    #[error("someone has taken charge of the case already")]
    AlreadyInCharge,
    #[error("the resident did not allow the case on the public board")]
    NotPublic,
}

impl Refused {
    pub fn code(self) -> &'static str {
        match self {
            Refused::NotOpen => "not_open",
            Refused::AlreadyExtended => "already_extended",
            Refused::AlreadyInCharge => "already_in_charge",
            Refused::NotPublic => "not_public",
        }
    }
}

/// One extension of the deadline, counted in working days from the
/// current last day, with the reason the resident is told.
pub fn check_extension(
    form: &StaffForm,
    status: Status,
    extended: bool,
    due_on: NaiveDate,
    calendar: &WorkCalendar,
) -> Result<Result<Extension, Problems>, Refused> {
    if !status.is_open() {
        return Err(Refused::NotOpen);
    }
    if extended {
        return Err(Refused::AlreadyExtended);
    }
    let mut problems = Problems::new();
    let days = match form.days.trim() {
        "" => Err(FieldError::Required),
        raw => match raw.parse::<u32>() {
            Ok(d) if (1..=EXTENSION_MAX_WORKING_DAYS).contains(&d) => Ok(d),
            Ok(_) => Err(FieldError::OutOfRange),
            Err(_) => Err(FieldError::NotANumber),
        },
    };
    let days = days.unwrap_or_else(|e| {
        problems.push(("days", e));
        0
    });
    let reason = text(&form.reason, 5, REASON_CHARS, true).unwrap_or_else(|e| {
        problems.push(("reason", e));
        String::new()
    });
    Ok(if problems.is_empty() {
        Ok(Extension {
            days,
            reason,
            due_on: calendar.add_working_days(due_on, days),
        })
    } else {
        Err(problems)
    })
}

/// A leader takes personal charge (包案) of an open case nobody has taken.
pub fn check_take_charge(status: Status, in_charge: bool) -> Result<(), Refused> {
    if !status.is_open() {
        Err(Refused::NotOpen)
    } else if in_charge {
        Err(Refused::AlreadyInCharge)
    } else {
        Ok(())
    }
}

/// Merging a duplicate into another case: both must be open and different.
/// The problem is reported on the `target` field.
pub fn check_merge(source: (i64, Status), target: Option<(i64, Status)>) -> Result<i64, Problems> {
    match target {
        Some((id, status)) if id != source.0 && status.is_open() && source.1.is_open() => Ok(id),
        _ => Err(vec![("target", FieldError::UnknownCase)]),
    }
}

/// What a staff member may do on a case right now: the actions their role
/// allows in `scope` (the access matrix) that the case's state allows too.
/// The page shows exactly these; the handler checks again before acting.
pub fn actions_now(
    role: crate::staff::Role,
    scope: crate::access::Scope,
    state: &crate::case::CaseState,
    extended: bool,
    in_charge: bool,
    now: DateTime<Utc>,
) -> Vec<crate::access::Action> {
    use crate::access::{Action, may};
    let open = state.status.is_open();
    let mut actions: Vec<Action> = Step::ALL
        .iter()
        .filter(|s| !matches!(s, Step::Rate | Step::RequestReview))
        .filter(|s| may(role, Action::Case(**s), scope) && state.after(**s, now).is_ok())
        .map(|s| Action::Case(*s))
        .collect();
    let more = [
        (Action::AddNote, true),
        (Action::Extend, open && !extended),
        (Action::SetPriority, open),
        (Action::TakeCharge, open && !in_charge),
        (Action::Merge, open),
        (Action::ViewPersonalData, true),
    ];
    actions.extend(
        more.into_iter()
            .filter(|(a, ok)| *ok && may(role, *a, scope))
            .map(|(a, _)| a),
    );
    actions
}

/// The last due date that counts as "due soon" on `today` (see
/// [`crate::case::deadline_flag`]): the day before the second working day
/// after today. Open cases due between today and this date are due soon.
pub fn due_soon_until(calendar: &WorkCalendar, today: NaiveDate) -> NaiveDate {
    calendar.add_working_days(today, 2) - Duration::days(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::{DeadlineFlag, deadline_flag};
    use crate::workdays::shipped_calendar;
    use chrono::TimeZone;

    fn ctx(units: &[String]) -> StepContext<'_> {
        StepContext {
            units,
            kind: Kind::Noise,
            submitted_at: Utc.with_ymd_and_hms(2026, 11, 20, 2, 0, 0).unwrap(),
            now: Utc.with_ymd_and_hms(2026, 11, 28, 2, 0, 0).unwrap(),
        }
    }

    fn form() -> StaffForm {
        StaffForm::default()
    }

    #[test]
    fn reasons_are_required_where_the_step_needs_one() {
        let units = vec!["malu".to_owned()];
        for step in [Step::Reject, Step::Return] {
            assert_eq!(
                check_step(step, &form(), &ctx(&units)).unwrap_err(),
                vec![("reason", FieldError::Required)]
            );
        }
        assert_eq!(
            check_step(Step::Transfer, &form(), &ctx(&units)).unwrap_err(),
            vec![
                ("agency", FieldError::Required),
                ("reason", FieldError::Required)
            ]
        );
        let ok = check_step(
            Step::Reject,
            &StaffForm {
                reason: "  不属于本局职责范围  ".into(),
                ..form()
            },
            &ctx(&units),
        )
        .unwrap();
        assert_eq!(ok.text, "不属于本局职责范围");
        // Accepting and closing take an optional note.
        assert_eq!(
            check_step(Step::Accept, &form(), &ctx(&units))
                .unwrap()
                .text,
            ""
        );
        assert!(check_step(Step::Close, &form(), &ctx(&units)).is_ok());
    }

    #[test]
    fn assigning_needs_a_known_unit() {
        let units = vec!["malu".to_owned(), "anting".to_owned()];
        let with_unit = |u: &str| StaffForm {
            unit: u.into(),
            ..form()
        };
        assert_eq!(
            check_step(Step::Assign, &with_unit(""), &ctx(&units)).unwrap_err(),
            vec![("unit", FieldError::Required)]
        );
        assert_eq!(
            check_step(Step::Assign, &with_unit("nowhere"), &ctx(&units)).unwrap_err(),
            vec![("unit", FieldError::NotAChoice)]
        );
        let ok = check_step(Step::Assign, &with_unit("anting"), &ctx(&units)).unwrap();
        assert_eq!(ok.unit.as_deref(), Some("anting"));
    }

    #[test]
    fn a_reply_needs_an_outcome_and_a_text() {
        let units = vec![];
        assert_eq!(
            check_step(Step::Reply, &form(), &ctx(&units)).unwrap_err(),
            vec![
                ("outcome", FieldError::Required),
                ("reply", FieldError::Required)
            ]
        );
        let forged = StaffForm {
            outcome: "bribed".into(),
            reply: "经现场核查，已责令整改完毕。".into(),
            ..form()
        };
        assert_eq!(
            check_step(Step::Reply, &forged, &ctx(&units)).unwrap_err(),
            vec![("outcome", FieldError::NotAChoice)]
        );
        let ok = StaffForm {
            outcome: "fixed".into(),
            ..forged
        };
        let input = check_step(Step::Reply, &ok, &ctx(&units)).unwrap();
        assert_eq!(input.outcome, Some(Outcome::Fixed));
        assert!(text_is_public(Step::Reply) && !text_is_public(Step::Inspect));
    }

    #[test]
    fn an_inspection_checks_its_time_and_measurement() {
        let units = vec![];
        let good = StaffForm {
            inspected_at: "2026-11-27T21:30".into(),
            inspector: "王强".into(),
            findings: "夜间施工，现场测得噪声超标。".into(),
            measured: "68.5".into(),
            ..form()
        };
        let input = check_step(Step::Inspect, &good, &ctx(&units)).unwrap();
        let inspection = input.inspection.unwrap();
        // 21:30 in Shanghai is 13:30 UTC.
        assert_eq!(
            inspection.at,
            Utc.with_ymd_and_hms(2026, 11, 27, 13, 30, 0).unwrap()
        );
        assert_eq!(inspection.measured, Some(68.5));
        let case = |f: StaffForm| check_step(Step::Inspect, &f, &ctx(&units)).unwrap_err();
        assert_eq!(
            case(StaffForm {
                inspected_at: "2026-12-01T09:00".into(),
                ..good.clone()
            }),
            vec![("inspected_at", FieldError::InFuture)]
        );
        assert_eq!(
            case(StaffForm {
                inspected_at: "yesterday".into(),
                ..good.clone()
            }),
            vec![("inspected_at", FieldError::NotATime)]
        );
        assert_eq!(
            case(StaffForm {
                inspected_at: "2026-01-01 09:00".into(),
                ..good.clone()
            }),
            vec![("inspected_at", FieldError::OutOfRange)]
        );
        for (raw, e) in [
            ("abc", FieldError::NotANumber),
            ("NaN", FieldError::NotANumber),
            ("680", FieldError::OutOfRange),
            ("-3", FieldError::OutOfRange),
        ] {
            assert_eq!(
                case(StaffForm {
                    measured: raw.into(),
                    ..good.clone()
                }),
                vec![("measured", e)],
                "{raw}"
            );
        }
        // A fume reading of 68.5 mg/m³ is out of range; 2.4 is fine.
        let fumes = StepContext {
            kind: Kind::Fumes,
            ..ctx(&units)
        };
        assert!(check_step(Step::Inspect, &good, &fumes).is_err());
        let fume_form = StaffForm {
            measured: "2.4".into(),
            ..good.clone()
        };
        assert!(check_step(Step::Inspect, &fume_form, &fumes).is_ok());
        // No measurement is allowed (an odour has none).
        let no_reading = StaffForm {
            measured: " ".into(),
            ..good
        };
        assert_eq!(
            check_step(Step::Inspect, &no_reading, &ctx(&units))
                .unwrap()
                .inspection
                .unwrap()
                .measured,
            None
        );
    }

    #[test]
    fn one_extension_of_limited_length() {
        let cal = shipped_calendar();
        let due = NaiveDate::from_ymd_opt(2026, 9, 30).unwrap();
        let ask = |days: &str| StaffForm {
            days: days.into(),
            reason: "需协调多个部门联合执法".into(),
            ..form()
        };
        // Ten working days after 30 September skip the National Day
        // holiday and count Saturday 10 October.
        let ok = check_extension(&ask("10"), Status::Assigned, false, due, &cal)
            .unwrap()
            .unwrap();
        assert_eq!(ok.due_on, NaiveDate::from_ymd_opt(2026, 10, 20).unwrap());
        assert_eq!(
            check_extension(&ask("16"), Status::Assigned, false, due, &cal).unwrap(),
            Err(vec![("days", FieldError::OutOfRange)])
        );
        assert_eq!(
            check_extension(&ask("ten"), Status::Assigned, false, due, &cal).unwrap(),
            Err(vec![("days", FieldError::NotANumber)])
        );
        assert_eq!(
            check_extension(&ask("5"), Status::Assigned, true, due, &cal),
            Err(Refused::AlreadyExtended)
        );
        assert_eq!(
            check_extension(&ask("5"), Status::Closed, false, due, &cal),
            Err(Refused::NotOpen)
        );
    }

    #[test]
    fn charge_and_merge_rules() {
        assert_eq!(check_take_charge(Status::Assigned, false), Ok(()));
        assert_eq!(
            check_take_charge(Status::Assigned, true),
            Err(Refused::AlreadyInCharge)
        );
        assert_eq!(
            check_take_charge(Status::Replied, false),
            Err(Refused::NotOpen)
        );
        assert_eq!(
            check_merge((1, Status::Submitted), Some((2, Status::Assigned))),
            Ok(2)
        );
        for target in [
            None,
            Some((1, Status::Submitted)),
            Some((2, Status::Closed)),
        ] {
            assert_eq!(
                check_merge((1, Status::Submitted), target),
                Err(vec![("target", FieldError::UnknownCase)])
            );
        }
        assert_eq!(Priority::parse("urgent"), Ok(Priority::Urgent));
        assert_eq!(Priority::parse("x"), Err(FieldError::NotAChoice));
    }

    #[test]
    fn actions_now_join_the_matrix_and_the_state() {
        use crate::access::{Action, Scope};
        use crate::case::CaseState;
        use crate::staff::Role;
        let now = Utc.with_ymd_and_hms(2026, 11, 28, 2, 0, 0).unwrap();
        let new_case = CaseState::new();
        let assigned = CaseState {
            status: Status::Assigned,
            ..CaseState::new()
        };
        let d = actions_now(
            Role::Dispatcher,
            Scope::OtherCase,
            &new_case,
            false,
            false,
            now,
        );
        for a in [
            Action::Case(Step::Accept),
            Action::Case(Step::Reject),
            Action::Case(Step::Transfer),
            Action::Case(Step::Assign),
            Action::AddNote,
            Action::Extend,
            Action::SetPriority,
            Action::Merge,
            Action::ViewPersonalData,
        ] {
            assert!(d.contains(&a), "{a:?}");
        }
        assert!(!d.contains(&Action::Case(Step::Close)));
        assert!(!d.contains(&Action::Case(Step::Reply)));
        // Extended once: no second extension.
        let d = actions_now(
            Role::Dispatcher,
            Scope::OtherCase,
            &new_case,
            true,
            false,
            now,
        );
        assert!(!d.contains(&Action::Extend));
        // The unit's handler on its own assigned case: return, inspect, reply.
        let h = actions_now(Role::Handler, Scope::OwnUnit, &assigned, false, false, now);
        assert_eq!(
            h,
            vec![
                Action::Case(Step::Return),
                Action::Case(Step::Inspect),
                Action::Case(Step::Reply),
                Action::AddNote,
                Action::ViewPersonalData,
            ]
        );
        // Another unit's handler: nothing at all.
        assert!(
            actions_now(
                Role::Handler,
                Scope::OtherCase,
                &assigned,
                false,
                false,
                now
            )
            .is_empty()
        );
        // A leader takes charge once; an editor gets nothing.
        assert_eq!(
            actions_now(Role::Leader, Scope::OtherCase, &assigned, false, false, now),
            vec![Action::TakeCharge]
        );
        assert!(
            actions_now(Role::Leader, Scope::OtherCase, &assigned, false, true, now).is_empty()
        );
        assert!(
            actions_now(Role::Editor, Scope::OtherCase, &assigned, false, false, now).is_empty()
        );
        // A closed case: only notes and personal data remain.
        let closed = CaseState {
            status: Status::Closed,
            ..CaseState::new()
        };
        assert_eq!(
            actions_now(
                Role::Dispatcher,
                Scope::OtherCase,
                &closed,
                false,
                false,
                now
            ),
            vec![Action::AddNote, Action::ViewPersonalData]
        );
    }

    #[test]
    fn due_soon_window_matches_the_flag() {
        let cal = shipped_calendar();
        let start = NaiveDate::from_ymd_opt(2025, 12, 20).unwrap();
        for offset in 0..400 {
            let today = start + Duration::days(offset);
            let until = due_soon_until(&cal, today);
            for ahead in 0..20 {
                let due = today + Duration::days(ahead);
                let soon = deadline_flag(&cal, due, today) == DeadlineFlag::DueSoon;
                assert_eq!(soon, due <= until, "today {today}, due {due}");
            }
        }
    }

    #[test]
    fn public_text_is_checked_and_masked_again() {
        let form = |t: &str, p: &str| StaffForm {
            public_text: t.to_owned(),
            public_place: p.to_owned(),
            ..StaffForm::default()
        };
        assert_eq!(
            check_publication(&form("楼下每晚喧哗，电话139 5555 8888", "博乐路")),
            Ok(Publication {
                text: "楼下每晚喧哗，电话*** **** ****".to_owned(),
                place: "博乐路".to_owned(),
            }),
            "a number the reviewer missed is hidden all the same"
        );
        assert_eq!(
            check_publication(&form("楼下每晚喧哗", "博乐路123号601室")).map(|p| p.place),
            Ok("博乐路".to_owned()),
            "the place stays road-level"
        );
        let problems = check_publication(&form("  ", "1")).unwrap_err();
        assert_eq!(
            problems.iter().map(|(f, _)| *f).collect::<Vec<_>>(),
            vec!["public_text", "public_place"],
            "empty is not a redaction"
        );
        assert!(check_publication(&form(&"长".repeat(LONG_TEXT_CHARS + 1), "博乐路")).is_err());
    }
}
