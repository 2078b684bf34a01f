//! Asking a step's questions one per screen, as the elderly-friendly mode
//! (关怀模式) does: the same form, shown a question at a time, with the
//! answers so far carried along. Only the questions already asked are
//! checked before the next is shown; the last one checks the whole form
//! as the all-at-once page does, so both ways save the same answer.

use super::filing::Problem;

/// What a form asks next, one question at a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NextQuestion {
    /// Ask this question (1-based) now.
    Ask(usize),
    /// Every question is asked: the whole form is checked.
    Done,
}

/// The question a form says it answers (its hidden `question` field),
/// if it is one of the `count` questions; anything else means the form
/// was asked all at once.
pub fn asked(raw: &str, count: usize) -> Option<usize> {
    raw.trim()
        .parse::<usize>()
        .ok()
        .filter(|n| (1..=count).contains(n))
}

/// What to ask after a form that answered question `raw` of `questions`
/// (each question is the fields shown together on its screen), or the
/// problems of the questions asked so far. `back` ("previous question")
/// asks the one before, never before the first. `problems` are those of
/// the whole form, computed only when needed.
pub fn next(
    raw: &str,
    back: bool,
    questions: &[&[&'static str]],
    problems: impl FnOnce() -> Vec<Problem>,
) -> Result<NextQuestion, Vec<Problem>> {
    let Some(n) = asked(raw, questions.len()) else {
        return Ok(NextQuestion::Done);
    };
    if back {
        return Ok(NextQuestion::Ask(n.saturating_sub(1).max(1)));
    }
    if n >= questions.len() {
        return Ok(NextQuestion::Done);
    }
    let answered: Vec<&str> = questions[..n]
        .iter()
        .flat_map(|q| q.iter().copied())
        .collect();
    let problems: Vec<Problem> = problems()
        .into_iter()
        .filter(|p| answered.contains(&p.field))
        .collect();
    if problems.is_empty() {
        Ok(NextQuestion::Ask(n + 1))
    } else {
        Err(problems)
    }
}

/// The question a page shows (1-based): the first with a problem, else
/// the one asked, else the first.
pub fn showing(questions: &[&[&str]], problems: &[Problem], asked: Option<usize>) -> usize {
    questions
        .iter()
        .position(|q| problems.iter().any(|p| q.contains(&p.field)))
        .map(|i| i + 1)
        .or(asked)
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::complaint::input::FieldError;

    const QUESTIONS: &[&[&str]] = &[&["a"], &["b", "c"], &["d"]];

    fn problems(fields: &[&'static str]) -> Vec<Problem> {
        fields
            .iter()
            .map(|field| Problem {
                field,
                error: FieldError::Required,
            })
            .collect()
    }

    #[test]
    fn only_what_was_asked_is_checked() {
        // The first answered: on to the second, later problems not asked yet.
        assert_eq!(
            next("1", false, QUESTIONS, || problems(&["b", "d"])),
            Ok(NextQuestion::Ask(2))
        );
        // A question of two fields: either field's problem stops it.
        assert_eq!(
            next("2", false, QUESTIONS, || problems(&["c", "d"])),
            Err(problems(&["c"]))
        );
        // An earlier answer gone wrong (edited in the hidden fields) too.
        assert_eq!(
            next("2", false, QUESTIONS, || problems(&["a"])),
            Err(problems(&["a"]))
        );
        // The last: the whole form, as all at once.
        assert_eq!(
            next("3", false, QUESTIONS, || problems(&["d"])),
            Ok(NextQuestion::Done)
        );
    }

    #[test]
    fn numbers_from_nowhere_mean_all_at_once_and_back_stops_at_one() {
        for raw in ["", "0", "4", "-1", "x", "99999999999999999999999"] {
            assert_eq!(
                next(raw, false, QUESTIONS, Vec::new),
                Ok(NextQuestion::Done),
                "{raw}"
            );
        }
        assert_eq!(
            next(" 2 ", true, QUESTIONS, Vec::new),
            Ok(NextQuestion::Ask(1))
        );
        assert_eq!(
            next("1", true, QUESTIONS, Vec::new),
            Ok(NextQuestion::Ask(1))
        );
        assert_eq!(
            next("3", true, QUESTIONS, Vec::new),
            Ok(NextQuestion::Ask(2))
        );
    }

    #[test]
    fn a_page_shows_the_first_question_with_a_problem() {
        assert_eq!(showing(QUESTIONS, &problems(&["d", "c"]), Some(1)), 2);
        assert_eq!(showing(QUESTIONS, &[], Some(3)), 3);
        assert_eq!(showing(QUESTIONS, &[], None), 1);
    }
}
