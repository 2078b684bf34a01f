//! The life of a complaint case, as a pure state machine: every step is a
//! transition function that either gives the next state or says why the
//! step is not possible now.
//!
//! submitted → accepted (or rejected / transferred) → assigned to a unit
//! (which may return it) → in progress (site inspection) → replied with an
//! outcome → rated by the resident → closed, or reopened once for review.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

macro_rules! coded {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $code:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code stored in the database and used in forms.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn parse(raw: &str) -> Option<$name> {
                match raw.trim() {
                    $($code => Some($name::$variant),)+
                    _ => None,
                }
            }
        }
    };
}

coded!(
    /// Where a case stands.
    Status {
        Submitted => "submitted",
        Accepted => "accepted",
        Rejected => "rejected",
        Transferred => "transferred",
        Assigned => "assigned",
        InProgress => "in_progress",
        Replied => "replied",
        Closed => "closed",
        Reopened => "reopened",
    }
);

coded!(
    /// What the handling found and did, as told to the resident.
    Outcome {
        Fixed => "fixed",
        BeingFixed => "being_fixed",
        NotSubstantiated => "not_substantiated",
        Mediated => "mediated",
        PenaltyOpened => "penalty_opened",
    }
);

coded!(
    /// The resident's satisfaction with the reply.
    Rating {
        Satisfied => "satisfied",
        BasicallySatisfied => "basically_satisfied",
        Unsatisfied => "unsatisfied",
    }
);

coded!(
    /// What can happen to a case.
    Step {
        Accept => "accept",
        Reject => "reject",
        Transfer => "transfer",
        Assign => "assign",
        Return => "return",
        Inspect => "inspect",
        Reply => "reply",
        Rate => "rate",
        RequestReview => "request_review",
        Close => "close",
    }
);

impl Status {
    /// Whether staff have named the unit handling the case. Before that the
    /// unit on file is only the category's suggestion (or nothing, after a
    /// return), and nobody is told it handles the case.
    pub fn dispatched(self) -> bool {
        !matches!(
            self,
            Status::Submitted | Status::Accepted | Status::Rejected
        )
    }
}

/// The statuses in which a case waits for a step only `role` takes: a
/// dispatcher accepts, assigns (again, after a review was asked for) and
/// closes after the reply; a handler inspects and replies. What the inbox
/// shows them first. Other roles wait for no case (empty).
pub fn waiting_for(role: crate::staff::Role) -> &'static [Status] {
    use crate::staff::Role;
    match role {
        Role::Dispatcher => &[
            Status::Submitted,
            Status::Accepted,
            Status::Reopened,
            Status::Replied,
        ],
        Role::Handler => &[Status::Assigned, Status::InProgress, Status::Reopened],
        _ => &[],
    }
}

/// How long after the reply a resident may ask for a review.
pub const REVIEW_WINDOW_DAYS: i64 = 30;

/// What the transitions need to know about a case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseState {
    pub status: Status,
    pub replied_at: Option<DateTime<Utc>>,
    pub rating: Option<Rating>,
    /// A review was requested already (only one is allowed).
    pub reviewed: bool,
}

/// Why a step cannot be taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NotAllowed {
    #[error("this step is not possible in the case's current state")]
    WrongState,
    #[error("the reply was rated already")]
    AlreadyRated,
    #[error("a review can be asked for only once")]
    ReviewUsed,
    #[error("a review can only follow an unsatisfied rating")]
    NotUnsatisfied,
    #[error("the time to ask for a review has passed")]
    ReviewWindowOver,
}

impl NotAllowed {
    pub fn code(self) -> &'static str {
        match self {
            NotAllowed::WrongState => "wrong_state",
            NotAllowed::AlreadyRated => "already_rated",
            NotAllowed::ReviewUsed => "review_used",
            NotAllowed::NotUnsatisfied => "not_unsatisfied",
            NotAllowed::ReviewWindowOver => "review_window_over",
        }
    }
}

impl CaseState {
    pub fn new() -> CaseState {
        CaseState {
            status: Status::Submitted,
            replied_at: None,
            rating: None,
            reviewed: false,
        }
    }

    /// The status after `step`, or why `step` is not possible now.
    pub fn after(&self, step: Step, now: DateTime<Utc>) -> Result<Status, NotAllowed> {
        use Status as S;
        let next = match (step, self.status) {
            (Step::Accept, S::Submitted) => S::Accepted,
            (Step::Reject | Step::Transfer, S::Submitted | S::Accepted) => match step {
                Step::Reject => S::Rejected,
                _ => S::Transferred,
            },
            (Step::Assign, S::Submitted | S::Accepted | S::Reopened) => S::Assigned,
            (Step::Return, S::Assigned) => S::Accepted,
            (Step::Inspect, S::Assigned | S::InProgress | S::Reopened) => S::InProgress,
            (Step::Reply, S::Assigned | S::InProgress | S::Reopened) => S::Replied,
            (Step::Rate, S::Replied | S::Closed) => {
                if self.rating.is_some() {
                    return Err(NotAllowed::AlreadyRated);
                }
                self.status
            }
            (Step::RequestReview, S::Replied | S::Closed) => {
                if self.reviewed {
                    return Err(NotAllowed::ReviewUsed);
                }
                if self.rating != Some(Rating::Unsatisfied) {
                    return Err(NotAllowed::NotUnsatisfied);
                }
                match self.replied_at {
                    Some(at) if now - at <= Duration::days(REVIEW_WINDOW_DAYS) => S::Reopened,
                    _ => return Err(NotAllowed::ReviewWindowOver),
                }
            }
            (Step::Close, S::Replied | S::Rejected | S::Transferred) => S::Closed,
            _ => return Err(NotAllowed::WrongState),
        };
        Ok(next)
    }

    /// Whether the case is still being worked on (counts for the duplicate
    /// hint and the deadline flags).
    pub fn is_open(&self) -> bool {
        self.status.is_open()
    }
}

impl Status {
    /// Whether a case in this status is still being worked on.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Status::Submitted
                | Status::Accepted
                | Status::Assigned
                | Status::InProgress
                | Status::Reopened
        )
    }
}

impl Default for CaseState {
    fn default() -> Self {
        CaseState::new()
    }
}

/// Where a case stands against its deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeadlineFlag {
    OnTime,
    /// Due today or on the next working day.
    DueSoon,
    Overdue,
}

/// The flag of an open case due on `due_on` (the last day allowed), seen on
/// `today`; both Shanghai dates.
pub fn deadline_flag(
    calendar: &crate::workdays::WorkCalendar,
    due_on: chrono::NaiveDate,
    today: chrono::NaiveDate,
) -> DeadlineFlag {
    if today > due_on {
        DeadlineFlag::Overdue
    } else if calendar.working_days_between(today, due_on) <= 1 {
        DeadlineFlag::DueSoon
    } else {
        DeadlineFlag::OnTime
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_case_waits_for_a_role_only_where_that_role_may_take_its_next_step() {
        use crate::access::{Action, Scope, may};
        use crate::staff::Role;
        let now = Utc::now();
        for role in Role::ALL {
            for status in waiting_for(role) {
                let state = CaseState {
                    status: *status,
                    replied_at: Some(now),
                    rating: None,
                    reviewed: false,
                };
                let takes = Step::ALL.iter().any(|step| {
                    may(role, Action::Case(*step), Scope::OwnUnit)
                        && state.after(*step, now).is_ok()
                });
                assert!(
                    takes,
                    "{role:?} waited for in {status:?} with no step to take"
                );
            }
        }
        assert!(
            waiting_for(Role::Dispatcher).contains(&Status::Replied),
            "closing"
        );
        assert!(waiting_for(Role::Leader).is_empty());
    }
    use chrono::TimeZone;

    #[test]
    fn deadline_flags_count_working_days() {
        let cal = crate::workdays::shipped_calendar();
        let d = |m, day| chrono::NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        // Due Thursday 8 October, the first working day after National Day:
        // on 30 September it is already "due soon", eight calendar days ahead.
        assert_eq!(
            deadline_flag(&cal, d(10, 8), d(9, 30)),
            DeadlineFlag::DueSoon
        );
        assert_eq!(
            deadline_flag(&cal, d(10, 8), d(10, 8)),
            DeadlineFlag::DueSoon
        );
        assert_eq!(
            deadline_flag(&cal, d(10, 8), d(10, 9)),
            DeadlineFlag::Overdue
        );
        assert_eq!(
            deadline_flag(&cal, d(10, 13), d(9, 30)),
            DeadlineFlag::OnTime
        );
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 28, 2, 0, 0).unwrap()
    }

    fn state(status: Status) -> CaseState {
        CaseState {
            status,
            ..CaseState::new()
        }
    }

    #[test]
    fn the_ordinary_path() {
        let mut s = CaseState::new();
        for (step, expect) in [
            (Step::Accept, Status::Accepted),
            (Step::Assign, Status::Assigned),
            (Step::Inspect, Status::InProgress),
            (Step::Inspect, Status::InProgress),
            (Step::Reply, Status::Replied),
            (Step::Close, Status::Closed),
        ] {
            s.status = s.after(step, now()).unwrap();
            assert_eq!(s.status, expect, "{step:?}");
        }
    }

    #[test]
    fn every_step_in_every_state() {
        // The full table: which steps each state allows (rating and review
        // conditions aside, which the next tests cover).
        let allowed: &[(Status, &[Step])] = &[
            (
                Status::Submitted,
                &[Step::Accept, Step::Reject, Step::Transfer, Step::Assign],
            ),
            (
                Status::Accepted,
                &[Step::Reject, Step::Transfer, Step::Assign],
            ),
            (Status::Rejected, &[Step::Close]),
            (Status::Transferred, &[Step::Close]),
            (
                Status::Assigned,
                &[Step::Return, Step::Inspect, Step::Reply],
            ),
            (Status::InProgress, &[Step::Inspect, Step::Reply]),
            (Status::Replied, &[Step::Rate, Step::Close]),
            (Status::Closed, &[Step::Rate]),
            (
                Status::Reopened,
                &[Step::Assign, Step::Inspect, Step::Reply],
            ),
        ];
        assert_eq!(allowed.len(), Status::ALL.len());
        for (status, steps) in allowed {
            for step in Step::ALL {
                let result = state(*status).after(*step, now());
                if steps.contains(step) {
                    assert!(result.is_ok(), "{status:?} should allow {step:?}");
                } else {
                    assert!(result.is_err(), "{status:?} should refuse {step:?}");
                }
            }
        }
    }

    #[test]
    fn rating_once_and_review_once_within_thirty_days() {
        let replied = now() - Duration::days(3);
        let mut s = CaseState {
            status: Status::Replied,
            replied_at: Some(replied),
            rating: None,
            reviewed: false,
        };
        assert_eq!(
            s.after(Step::RequestReview, now()),
            Err(NotAllowed::NotUnsatisfied)
        );
        assert_eq!(s.after(Step::Rate, now()), Ok(Status::Replied));
        s.rating = Some(Rating::Satisfied);
        assert_eq!(s.after(Step::Rate, now()), Err(NotAllowed::AlreadyRated));
        assert_eq!(
            s.after(Step::RequestReview, now()),
            Err(NotAllowed::NotUnsatisfied)
        );
        s.rating = Some(Rating::Unsatisfied);
        assert_eq!(s.after(Step::RequestReview, now()), Ok(Status::Reopened));
        let late = replied + Duration::days(REVIEW_WINDOW_DAYS) + Duration::seconds(1);
        assert_eq!(
            s.after(Step::RequestReview, late),
            Err(NotAllowed::ReviewWindowOver)
        );
        let edge = replied + Duration::days(REVIEW_WINDOW_DAYS);
        assert_eq!(s.after(Step::RequestReview, edge), Ok(Status::Reopened));
        s.reviewed = true;
        assert_eq!(
            s.after(Step::RequestReview, now()),
            Err(NotAllowed::ReviewUsed)
        );
    }

    #[test]
    fn codes_round_trip() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.code()), Some(*s));
        }
        for o in Outcome::ALL {
            assert_eq!(Outcome::parse(o.code()), Some(*o));
        }
        for r in Rating::ALL {
            assert_eq!(Rating::parse(r.code()), Some(*r));
        }
        assert_eq!(Rating::parse("great"), None);
    }
}
