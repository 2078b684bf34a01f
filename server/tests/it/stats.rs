//! Issue 19: the daily tallies behind the dashboard follow every change
//! of a case and always equal a rebuild from the cases; the figures made
//! from them, at Shanghai's midnight edges, on SQLite and PostgreSQL.

use crate::helpers;

use app::server::Db;
use app::server::cases::{self, StaffAction};
use app::server::stats::{self, dashboard};
use app::server::trail::Actor;
use chrono::{DateTime, NaiveDate, Utc};
use domain::case::{Outcome, Rating, Step};
use domain::handling::StaffForm;
use domain::staff::Role;
use domain::stats::Span;
use helpers::{count, each_engine, staff};

pub(crate) fn at(rfc: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc)
        .unwrap()
        .with_timezone(&Utc)
}

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

/// Files a complaint at `when`: its id.
pub(crate) async fn file(db: &Db, category: &str, town: &str, when: DateTime<Utc>) -> i64 {
    let draft = helpers::complete_draft(category, town, "嘉定区城中路100号", "13912345678");
    let token = app::server::complaints::new_draft(db, &draft)
        .await
        .unwrap();
    let done = app::server::submission::submit(db, &token, when)
        .await
        .unwrap();
    cases::find(db, &done.reference.to_string())
        .await
        .unwrap()
        .unwrap()
        .0
}

fn step(step: Step) -> StaffAction {
    StaffAction {
        step,
        unit: Some("anting".to_owned()),
        outcome: Some(Outcome::Fixed),
        agency: Some("区住房和城乡建设管理委员会".to_owned()),
        inspection: None,
        text: "已到现场核实并处理，感谢您的反映。".to_owned(),
    }
}

/// Takes `steps` on case `id`, all at `when`.
pub(crate) async fn steps(db: &Db, id: i64, steps: &[Step], when: DateTime<Utc>) {
    for s in steps {
        let v = cases::version(db, id).await.unwrap().unwrap();
        cases::act(db, id, v, Actor::Staff(1), &step(*s), when)
            .await
            .unwrap_or_else(|e| panic!("{s:?} on {id}: {e:?}"));
    }
}

pub(crate) async fn rate(db: &Db, id: i64, rating: Rating, when: DateTime<Utc>) {
    let case = app::server::complaints::tracked(db, id)
        .await
        .unwrap()
        .unwrap();
    app::server::complaints::rate(db, &case, rating, "", when)
        .await
        .unwrap();
}

/// The incremental tallies equal a rebuild from the cases.
async fn rebuild_agrees(db: &Db, when: &str) {
    let incremental = stats::all_tallies(db).await.unwrap();
    // The monthly tallies move with the daily ones.
    assert_eq!(
        stats::monthly_tallies(db).await.unwrap(),
        stats::per_month(&incremental),
        "{when}: monthly, incremental"
    );
    let calendar = app::server::complaints::work_calendar(db).await.unwrap();
    stats::rebuild(db, &calendar).await.unwrap();
    let rebuilt = stats::all_tallies(db).await.unwrap();
    assert_eq!(incremental, rebuilt, "{when}");
    // The monthly tallies are the daily ones summed per month.
    assert_eq!(
        stats::monthly_tallies(db).await.unwrap(),
        stats::per_month(&rebuilt),
        "{when}: monthly, rebuilt"
    );
}

/// Cases on time, late, extended, rejected, merged, rated, reviewed and in
/// a leader's charge, filed on both sides of a Shanghai midnight: each
/// change moves the tallies as a rebuild would have them, and the
/// dashboard's figures are the ones the cases give.
#[tokio::test]
async fn tallies_follow_every_change_and_give_the_figures() {
    each_engine(|app| async move {
        let leader = staff(&app, "leader.stats", Role::Leader, None).await;
        drop(leader);
        let leader_id = count(
            &app,
            "SELECT id FROM staff_users WHERE username = 'leader.stats'",
        )
        .await;
        let db = helpers::app_db(&app, 2).await;
        // 23:59:59 on Sunday 1 March in Shanghai, and one second later.
        let a = file(&db, "noise_social", "anting", at("2026-03-01T15:59:59Z")).await;
        let b = file(&db, "noise_social", "anting", at("2026-03-01T16:00:00Z")).await;
        let monday = at("2026-03-02T02:00:00Z");
        let c = file(&db, "noise_social", "anting", monday).await;
        let d = file(&db, "noise_social", "anting", monday).await;
        let e = file(&db, "noise_social", "anting", monday).await;
        let f = file(&db, "noise_social", "anting", monday).await;
        rebuild_agrees(&db, "filed").await;

        // A: in the leader's charge, answered on its last day (Friday 6
        // March, five working days after Sunday), rated satisfied.
        steps(&db, a, &[Step::Accept], monday).await;
        let v = cases::version(&db, a).await.unwrap().unwrap();
        cases::take_charge(&db, a, v, leader_id, monday)
            .await
            .unwrap();
        steps(
            &db,
            a,
            &[Step::Assign, Step::Reply],
            at("2026-03-06T09:00:00Z"),
        )
        .await;
        rate(&db, a, Rating::Satisfied, at("2026-03-07T01:00:00Z")).await;
        // B: due Monday 9 March, answered Tuesday 10 (late), rated
        // unsatisfied, reviewed, answered again and then rated basically
        // satisfied: its first answer still counts, late.
        steps(
            &db,
            b,
            &[Step::Accept, Step::Assign, Step::Reply],
            at("2026-03-10T02:00:00Z"),
        )
        .await;
        rate(&db, b, Rating::Unsatisfied, at("2026-03-10T03:00:00Z")).await;
        let tracked = app::server::complaints::tracked(&db, b)
            .await
            .unwrap()
            .unwrap();
        app::server::complaints::request_review(
            &db,
            &tracked,
            "问题依旧存在，夜里还是很吵。",
            at("2026-03-11T02:00:00Z"),
        )
        .await
        .unwrap();
        steps(&db, b, &[Step::Reply], at("2026-03-12T02:00:00Z")).await;
        rate(
            &db,
            b,
            Rating::BasicallySatisfied,
            at("2026-03-13T02:00:00Z"),
        )
        .await;
        rebuild_agrees(&db, "rated and reviewed").await;
        // C: extended by five working days, answered within them.
        steps(&db, c, &[Step::Accept, Step::Assign], monday).await;
        let v = cases::version(&db, c).await.unwrap().unwrap();
        let calendar = app::server::complaints::work_calendar(&db).await.unwrap();
        cases::extend(
            &db,
            c,
            v,
            Actor::Staff(1),
            &StaffForm {
                days: "5".to_owned(),
                reason: "需要夜间监测噪声后再答复。".to_owned(),
                ..StaffForm::default()
            },
            &calendar,
            at("2026-03-05T02:00:00Z"),
        )
        .await
        .unwrap();
        steps(&db, c, &[Step::Reply], at("2026-03-13T02:00:00Z")).await;
        // D: not accepted, the day it came.
        steps(&db, d, &[Step::Reject], monday).await;
        // E: a duplicate of F (still open).
        let v = cases::version(&db, e).await.unwrap().unwrap();
        let f_ref: String = sqlx::query_scalar("SELECT reference FROM cases WHERE id = $1")
            .bind(f)
            .fetch_one(&db.pool)
            .await
            .unwrap();
        cases::merge(
            &db,
            e,
            v,
            Actor::Staff(1),
            &f_ref,
            at("2026-03-03T02:00:00Z"),
        )
        .await
        .unwrap();
        // F waits, in the leader's charge.
        steps(&db, f, &[Step::Accept], monday).await;
        let v = cases::version(&db, f).await.unwrap().unwrap();
        cases::take_charge(&db, f, v, leader_id, monday)
            .await
            .unwrap();
        rebuild_agrees(&db, "handled").await;

        let today = domain::shanghai::today(Utc::now());
        let march = Span {
            from: day(3, 1),
            to: day(3, 31),
        };
        let board = dashboard::board(&db, march, today, &dashboard::Filter::default())
            .await
            .unwrap();
        let f1 = &board.now.figures;
        assert_eq!((f1.intake, f1.answered), (6, 4));
        // A, C and D on time; B late.
        assert_eq!(f1.on_time, Some(0.75));
        // Working days to the first answer: A 5, B 6, C 9, D 0.
        assert_eq!(f1.average_days, Some(5.0));
        assert_eq!(f1.p90_days, Some((9, 9)));
        assert_eq!(f1.satisfaction, Some(1.0), "A satisfied, B basically");
        assert_eq!(f1.rating_rate, Some(2.0 / 3.0), "C unrated");
        assert_eq!(f1.review_rate, Some(1.0 / 3.0));
        assert_eq!(f1.charge_settled, 1);
        // F waits: the backlog at the end of March, and overdue now.
        assert_eq!(f1.backlog, 1);
        assert_eq!(
            (
                board.now.live.waiting,
                board.now.live.overdue,
                board.now.live.charge_open
            ),
            (1, 1, 1)
        );
        // The charts: a bar a day, A on 1 March and five on the 2nd; the
        // month's rates; F open for more than 60 days.
        let charts = &board.charts;
        assert_eq!(charts.step, domain::stats::Step::Day);
        assert_eq!(charts.categories, ["noise_social"]);
        assert_eq!(charts.intake.len(), 31);
        assert_eq!(charts.intake[0], (day(3, 1), vec![1]));
        assert_eq!(charts.intake[1], (day(3, 2), vec![5]));
        let (last, counts) = charts.months.last().unwrap();
        assert_eq!(last.from, day(3, 1));
        assert_eq!((counts.answered, counts.on_time), (4, 3));
        assert_eq!(charts.ages, [0, 0, 0, 0, 1]);
        // Shanghai's midnight: 1 March holds A alone, 2 March the rest.
        let first = dashboard::board(
            &db,
            Span {
                from: day(3, 1),
                to: day(3, 1),
            },
            today,
            &dashboard::Filter::default(),
        )
        .await
        .unwrap();
        assert_eq!(first.now.figures.intake, 1);
        // On 1 March's end A was waiting; on 2 March's end D was answered
        // and the other five waited.
        assert_eq!(first.now.figures.backlog, 1);
        let second = dashboard::board(
            &db,
            Span {
                from: day(3, 2),
                to: day(3, 2),
            },
            today,
            &dashboard::Filter::default(),
        )
        .await
        .unwrap();
        assert_eq!(
            (second.now.figures.intake, second.now.figures.answered),
            (5, 1)
        );
        assert_eq!(second.now.figures.backlog, 5);
        // February, the period before, had nothing.
        assert_eq!(
            board.previous,
            Span {
                from: day(2, 1),
                to: day(2, 28)
            }
        );
        assert_eq!(board.before.intake, 0);
        // Per unit: three answered by Anting's unit, D turned away in
        // district intake; per town: Anting.
        let anting = board
            .units
            .iter()
            .find(|(u, _)| u == "anting")
            .map(|(_, m)| m.figures.answered);
        assert_eq!(anting, Some(3), "D was never dispatched: {:?}", board.units);
        let intake_desk = board
            .units
            .iter()
            .find(|(u, _)| u.is_empty())
            .map(|(_, m)| (m.figures.intake, m.figures.answered));
        assert_eq!(
            intake_desk,
            Some((3, 1)),
            "D turned away, E merged, F waiting: none dispatched"
        );
        let waiting_in_intake = board
            .units
            .iter()
            .find(|(u, _)| u.is_empty())
            .map(|(_, m)| (m.figures.backlog, m.live.waiting));
        assert_eq!(waiting_in_intake, Some((1, 1)), "F");
        assert!(board.towns.iter().all(|(t, _)| t == "anting"));
        // A filter narrows: another town has nothing.
        let elsewhere = dashboard::board(
            &db,
            march,
            today,
            &dashboard::Filter {
                town: Some("malu".to_owned()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert_eq!(elsewhere.now.figures.intake, 0);
        assert_eq!(elsewhere.now.live.waiting, 0);
        db.pool.close().await;
    })
    .await;
}

/// A complaint about a source within 30 days after another of its cases
/// closed is a repeat, whichever of the two was linked first; unlinking
/// takes it back, and the tallies follow.
#[tokio::test]
async fn repeats_follow_the_links_between_cases_and_sources() {
    each_engine(|app| async move {
        let db = helpers::app_db(&app, 2).await;
        let source: i64 = sqlx::query_scalar(
            "INSERT INTO sources (name, kind, town, address, address_public, operator, \
             created_at, updated_at) VALUES ('演示饭店', 'restaurant', 'nanxiang', \
             '南翔镇德园路88号', '南翔镇德园路', '', $1, $1) RETURNING id",
        )
        .bind(Utc::now().to_rfc3339())
        .fetch_one(&db.pool)
        .await
        .unwrap();
        let g = file(
            &db,
            "fumes_restaurant",
            "nanxiang",
            at("2026-03-02T02:00:00Z"),
        )
        .await;
        steps(
            &db,
            g,
            &[Step::Accept, Step::Assign, Step::Reply],
            at("2026-03-03T02:00:00Z"),
        )
        .await;
        steps(&db, g, &[Step::Close], at("2026-03-04T02:00:00Z")).await;
        // Sixteen days after the closure, and thirty-seven.
        let h = file(
            &db,
            "fumes_restaurant",
            "nanxiang",
            at("2026-03-20T02:00:00Z"),
        )
        .await;
        let i = file(
            &db,
            "fumes_restaurant",
            "nanxiang",
            at("2026-04-10T02:00:00Z"),
        )
        .await;
        let repeats =
            || async { count(&app, "SELECT COUNT(*) FROM cases WHERE is_repeat = 1").await };
        for id in [h, i] {
            cases::link_source(&db, id, source, Actor::Staff(1), Utc::now())
                .await
                .unwrap();
        }
        assert_eq!(repeats().await, 0, "no closure linked yet");
        cases::link_source(&db, g, source, Actor::Staff(1), Utc::now())
            .await
            .unwrap();
        assert_eq!(
            count(&app, &format!("SELECT is_repeat FROM cases WHERE id = {h}")).await,
            1
        );
        assert_eq!(repeats().await, 1, "I came too late");
        rebuild_agrees(&db, "linked").await;
        let board = dashboard::board(
            &db,
            Span {
                from: day(3, 1),
                to: day(3, 31),
            },
            domain::shanghai::today(Utc::now()),
            &dashboard::Filter::default(),
        )
        .await
        .unwrap();
        assert_eq!(board.now.figures.repeat_rate, Some(0.5));
        cases::unlink_source(&db, g, Actor::Staff(1), Utc::now())
            .await
            .unwrap();
        assert_eq!(repeats().await, 0);
        rebuild_agrees(&db, "unlinked").await;
        // Closures of a merged source's cases count for the merged one.
        let other: i64 = sqlx::query_scalar(
            "INSERT INTO sources (name, kind, town, address, address_public, operator, \
             created_at, updated_at) VALUES ('演示饭店二店', 'restaurant', 'nanxiang', \
             '南翔镇德园路90号', '南翔镇德园路', '', $1, $1) RETURNING id",
        )
        .bind(Utc::now().to_rfc3339())
        .fetch_one(&db.pool)
        .await
        .unwrap();
        cases::link_source(&db, g, other, Actor::Staff(1), Utc::now())
            .await
            .unwrap();
        assert_eq!(repeats().await, 0);
        app::server::sources::merge(&db, other, source, 1, Utc::now())
            .await
            .unwrap();
        assert_eq!(repeats().await, 1);
        rebuild_agrees(&db, "sources merged").await;
        db.pool.close().await;
    })
    .await;
}

/// The tallies of a generated history equal those the incremental path
/// would keep: the generator rebuilds them, and a case handled afterwards
/// moves them as a rebuild would.
#[tokio::test]
async fn a_generated_history_has_its_tallies() {
    each_engine(|app| async move {
        let db = helpers::app_db(&app, 2).await;
        let options = app::server::generate::Options {
            cases: 400,
            years: 1,
            stations: 0,
            seed: 5,
        };
        app::server::generate::generate(&db, &options, Utc::now(), |_| {})
            .await
            .unwrap();
        let tallies = stats::all_tallies(&db).await.unwrap();
        let intake: i64 = tallies.values().map(|c| c.intake).sum();
        assert_eq!(intake, 400);
        let answered: i64 = tallies.values().map(|c| c.answered).sum();
        let with_answer = count(
            &app,
            "SELECT COUNT(*) FROM cases WHERE answered_at IS NOT NULL AND merged_into IS NULL",
        )
        .await;
        assert_eq!(answered, with_answer);
        assert!(answered > 300, "most generated cases are answered");
        let waiting: i64 = sqlx::query_scalar(
            "SELECT id FROM cases WHERE status IN ('assigned', 'in_progress') \
             AND answered_at IS NULL ORDER BY id LIMIT 1",
        )
        .fetch_one(&db.pool)
        .await
        .unwrap();
        steps(&db, waiting, &[Step::Reply], Utc::now()).await;
        rebuild_agrees(&db, "after generation").await;
        // Everything received is answered, merged or waiting.
        let all: domain::stats::Counts = tallies.values().fold(Default::default(), |mut a, c| {
            a += c;
            a
        });
        let waiting_now = count(
            &app,
            "SELECT COUNT(*) FROM cases WHERE answered_at IS NULL AND merged_into IS NULL",
        )
        .await;
        assert_eq!(
            all.intake - all.exited,
            waiting_now + 1,
            "one answered since"
        );
        db.pool.close().await;
    })
    .await;
}

/// The dashboard page: for the roles that handle cases (a handler sees
/// their unit's figures whatever the link asks), not for an editor nor
/// without a session; a period it cannot read is named, answered 400,
/// with what was typed kept and escaped; the tables sort by a column.
#[tokio::test]
async fn the_dashboard_page_by_role_and_period() {
    each_engine(|app| async move {
        let t = app::i18n::texts(Default::default());
        let db = helpers::app_db(&app, 1).await;
        let id = file(&db, "noise_social", "anting", Utc::now()).await;
        steps(
            &db,
            id,
            &[Step::Accept, Step::Assign, Step::Reply],
            Utc::now(),
        )
        .await;
        let reference: String = sqlx::query_scalar("SELECT reference FROM cases WHERE id = $1")
            .bind(id)
            .fetch_one(&db.pool)
            .await
            .unwrap();
        db.pool.close().await;

        let r = app.get("/staff/dashboard").await;
        assert!([302, 303].contains(&r.status), "{}", r.status);
        let mut editor = staff(&app, "editor.stats", Role::Editor, None).await;
        assert_eq!(editor.get("/staff/dashboard").await.status, 403);

        let mut dispatcher = staff(&app, "dispatch.stats", Role::Dispatcher, None).await;
        let r = dispatcher.get("/staff/dashboard").await;
        assert_eq!(r.status, 200, "{}", r.body);
        for text in [
            t.q.dashboard_title,
            (t.q.figure)("on_time"),
            (t.q.definition)("on_time"),
            t.q.units_heading,
            "100.0%",
        ] {
            assert!(r.body.contains(text), "{text}");
        }
        assert!(
            r.body.contains(r#"href="/staff/dashboard""#),
            "in the staff nav"
        );
        for chart in ["chart-intake", "chart-rates", "chart-ages"] {
            assert!(r.body.contains(&format!(r#"id="{chart}""#)), "{chart}");
        }
        assert!(r.body.contains(r#"role="img""#) && r.body.contains("<rect"));
        assert!(r.body.contains(t.q.rates_chart));
        // Each figure opens its cases: received, answered on time, none
        // waiting.
        for (figure, expect) in [("收件量", true), ("按期办结率", true), ("期末积压", false)]
        {
            let href = helpers::link(&r.body, &format!("查看案件 {figure}"))
                .unwrap_or_else(|| panic!("{figure} links its cases"));
            assert!(href.starts_with("/staff/cases?"), "{href}");
            let list = dispatcher.get(&href).await;
            assert_eq!(list.status, 200, "{href}");
            assert_eq!(list.body.contains(&reference), expect, "{figure}: {href}");
            assert!(list.body.contains(r#"id="from-dashboard""#));
        }
        // The same figures as a spreadsheet.
        let href = helpers::link(&r.body, "/staff/dashboard.csv?").expect("a CSV link");
        let csv = dispatcher.get(&href).await;
        assert_eq!(csv.status, 200);
        assert!(csv.header("content-type").starts_with("text/csv"));
        assert!(csv.header("content-disposition").starts_with("attachment"));
        assert!(csv.body.starts_with('\u{feff}'), "a BOM for Excel");
        assert!(csv.body.contains("按期办结率,100.0%"), "{}", csv.body);
        assert!(csv.body.contains(t.q.towns_heading));
        let bad = dispatcher
            .get("/staff/dashboard.csv?period=custom&from=x&to=y")
            .await;
        assert_eq!(bad.status, 400);
        assert_eq!(editor.get("/staff/dashboard.csv").await.status, 403);
        // Days it cannot read are no filter at all.
        let r2 = dispatcher
            .get("/staff/cases?received=2026-13-01~x&answered=%3Cb%3E&figure=nope&town=x")
            .await;
        assert_eq!(r2.status, 200);
        let r = dispatcher
            .get("/staff/dashboard?period=this_year&sort=on_time")
            .await;
        assert_eq!(r.status, 200);
        assert!(r.body.contains(r#"aria-sort="descending""#));
        assert!(
            r.body
                .contains("/staff/dashboard?period=this_year&amp;sort=intake")
        );

        // A period it cannot read: named, the dates kept as typed.
        let r = dispatcher
            .get("/staff/dashboard?period=custom&from=2026-13-01&to=%3Cscript%3E")
            .await;
        assert_eq!(r.status, 400);
        assert!(r.body.contains((t.q.period_problem)("not_a_date")));
        assert!(r.body.contains(r#"value="2026-13-01""#));
        assert!(r.body.contains("&lt;script&gt;") && !r.body.contains("<script>alert"));
        assert!(!r.body.contains(t.q.units_heading), "no figures");
        let r = dispatcher
            .get("/staff/dashboard?period=custom&from=2026-03-31&to=2026-03-01")
            .await;
        assert_eq!(r.status, 400);
        assert!(r.body.contains((t.q.period_problem)("reversed")));
        // Unknown filters are ignored, not errors.
        let r = dispatcher
            .get("/staff/dashboard?town=nowhere&category=%27&sort=%3Cx")
            .await;
        assert_eq!(r.status, 200);

        // A handler of another unit: their unit's figures, whatever the
        // link asks; the unit filter is not offered.
        let mut handler = staff(&app, "handler.malu.s", Role::Handler, Some("malu")).await;
        let r = handler.get("/staff/dashboard?unit=anting").await;
        assert_eq!(r.status, 200);
        assert!(!r.body.contains(r#"id="d-unit""#));
        // (A chart's scale reads 100.0% too: the cells are what count.)
        let full = r#"<td class="num">100.0%</td>"#;
        assert!(!r.body.contains(full), "Anting's reply is not theirs");
        let r = dispatcher.get("/staff/dashboard?unit=malu").await;
        assert!(!r.body.contains(full));
        // In English.
        let en = app::i18n::texts(domain::prefs::Locale::En);
        dispatcher.set_cookie("qj_lang", "en");
        let r = dispatcher.get("/staff/dashboard").await;
        assert!(
            r.body.contains(en.q.dashboard_title) && r.body.contains((en.q.definition)("backlog"))
        );
    })
    .await;
}
