//! Issue 18: the register of sources, linking cases to them, and the
//! early warnings they raise, on SQLite and PostgreSQL.

use crate::helpers;

use app::server::Db;
use app::server::cases::{self, StaffAction};
use app::server::trail::{self, Actor, Verdict};
use chrono::Utc;
use domain::case::{Outcome, Step};
use domain::complaint::input::FieldError;
use domain::staff::Role;
use helpers::{TestApp, count, each_engine, staff};

/// Files a complaint through the domain layer: (id, reference).
async fn file_case(db: &Db, category: &str, town: &str, address: &str) -> (i64, String) {
    let draft = helpers::complete_draft(category, town, address, "13912345678");
    let token = app::server::complaints::new_draft(db, &draft)
        .await
        .unwrap();
    let done = app::server::submission::submit(db, &token, Utc::now())
        .await
        .unwrap();
    let reference = done.reference.to_string();
    let (id, _) = cases::find(db, &reference).await.unwrap().unwrap();
    (id, reference)
}

fn source_form<'a>(name: &'a str, code: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("source_name", name),
        ("source_kind", "restaurant"),
        ("town", "nanxiang"),
        ("address", "南翔镇德园路88号"),
        ("operator", ""),
        ("credit_code", code),
        ("zone", "2"),
        ("latitude", ""),
        ("longitude", ""),
    ]
}

async fn source_id(app: &TestApp, name: &str) -> i64 {
    count(
        app,
        &format!("SELECT id FROM sources WHERE name = '{name}' AND merged_into IS NULL"),
    )
    .await
}

/// A dispatcher registers a restaurant (a wrong credit code refused with
/// its reason, what was typed kept; a code registered twice refused),
/// links three complaints to it with one tap each from the suggestions,
/// and sees the warning the third raised; then turns it into a screening
/// task. Each step is in the cases' trail, which still verifies.
#[tokio::test]
async fn a_dispatcher_links_complaints_and_decides_the_warning_they_raise() {
    let t = app::i18n::texts(Default::default());
    each_engine(|app| async move {
        let mut d = staff(&app, "dispatcher1", Role::Dispatcher, None).await;
        let r = d
            .post(
                "/staff/sources/new",
                &source_form("老王烧烤", "91350100M000100Y44"),
            )
            .await;
        assert_eq!(r.status, 422, "{}", r.body);
        assert!(
            r.body.contains(&(t.c.field_message)(
                "credit_code",
                FieldError::WrongCheckCharacter
            )),
            "{}",
            r.body
        );
        assert!(r.body.contains(r#"value="91350100M000100Y44""#));
        assert!(r.body.contains(r#"value="老王烧烤""#));
        let r = d
            .post(
                "/staff/sources/new",
                &source_form("老王烧烤", "9135 0100 m000 100y 43"),
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        let id = source_id(&app, "老王烧烤").await;
        assert_eq!(
            r.header("location"),
            format!("/staff/sources/{id}?done=saved")
        );
        let r = d
            .post(
                "/staff/sources/new",
                &source_form("王记烧烤", "91350100M000100Y43"),
            )
            .await;
        assert_eq!(r.status, 422);
        assert!(
            r.body
                .contains(&(t.c.field_message)("credit_code", FieldError::Taken))
        );
        assert_eq!(count(&app, "SELECT COUNT(*) FROM sources").await, 1);

        let db = helpers::app_db(&app, 4).await;
        let mut refs = Vec::new();
        for n in [12, 14, 16] {
            let address = format!("南翔镇德园路{n}号");
            refs.push(file_case(&db, "fumes_restaurant", "nanxiang", &address).await);
        }
        // The first complaint's page suggests the restaurant, linked in a tap.
        let page = d.get(&format!("/staff/cases/{}", refs[0].1)).await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains(t.s.suggestions_intro), "{}", page.body);
        assert!(page.body.contains(&(t.s.link_named)("老王烧烤")));
        for (i, (_, reference)) in refs.iter().enumerate() {
            let r = d
                .post(
                    &format!("/staff/cases/{reference}/link-source"),
                    &[("source", &id.to_string())],
                )
                .await;
            assert_eq!(r.status, 303, "{i}: {}", r.body);
            assert_eq!(
                r.header("location"),
                format!("/staff/cases/{reference}#source")
            );
        }
        let warning = count(
            &app,
            &format!("SELECT id FROM warnings WHERE subject_key = 'source:{id}'"),
        )
        .await;
        assert_eq!(
            count(
                &app,
                &format!("SELECT case_count FROM warnings WHERE id = {warning}")
            )
            .await,
            3
        );
        // The case page names the source and the warning; so does the source's.
        let page = d.get(&format!("/staff/cases/{}", refs[2].1)).await;
        assert!(page.body.contains(&(t.s.case_linked)("老王烧烤")));
        assert!(page.body.contains(&format!("/staff/warnings/{warning}")));
        let page = d.get(&format!("/staff/sources/{id}")).await;
        assert!(page.body.contains(&refs[1].1) && page.body.contains("1.0 mg/m³"));
        assert!(page.body.contains("DB31/844-2014") && page.body.contains("GB 22337-2008"));
        let list = d.get("/staff/warnings").await;
        assert!(
            list.body.contains(&(t.s.subject_source)("老王烧烤")),
            "{}",
            list.body
        );

        // A task needs a unit and 1 to 30 working days.
        let path = format!("/staff/warnings/{warning}");
        let r = d
            .post(
                &path,
                &[
                    ("decision", "task"),
                    ("unit", ""),
                    ("task_days", "45"),
                    ("note", "夜间巡查"),
                ],
            )
            .await;
        assert_eq!(r.status, 422);
        assert!(
            r.body
                .contains(&(t.c.field_message)("task_days", FieldError::OutOfRange))
        );
        assert!(r.body.contains("夜间巡查"), "what was typed stays");
        let r = d
            .post(
                &path,
                &[
                    ("decision", "task"),
                    ("unit", "nanxiang"),
                    ("task_days", "5"),
                    ("note", "夜间巡查油烟净化器"),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        let page = d.get(&path).await;
        assert!(page.body.contains((t.s.status)("tasked")));
        assert!(page.body.contains("夜间巡查油烟净化器"));
        // The task reaches its unit: their handler sees it, another unit's does not.
        let mut h = staff(&app, "handler.nanxiang", Role::Handler, Some("nanxiang")).await;
        assert!(h.get("/staff/warnings").await.body.contains(&path));
        let task = h.get(&path).await;
        assert_eq!(task.status, 200);
        assert!(
            task.body.contains("夜间巡查油烟净化器") && !task.body.contains(t.s.decide_heading)
        );
        let mut other = staff(&app, "handler.anting", Role::Handler, Some("anting")).await;
        assert_eq!(other.get(&path).await.status, 404);
        assert!(!other.get("/staff/warnings").await.body.contains(&path));
        // Dismissed after the screening; then nothing more is taken.
        let r = d
            .post(
                &path,
                &[("decision", "dismiss"), ("note", "已整改，复查达标")],
            )
            .await;
        assert_eq!(r.status, 303);
        // Dismissed: the task is over, its unit no longer named.
        let page = d.get(&path).await;
        assert!(!page.body.contains("前完成"), "{}", page.body);
        let r = d.post(&path, &[("decision", "acknowledge")]).await;
        assert_eq!(r.status, 409);
        assert!(r.body.contains(t.s.decided_meanwhile));

        let trail_kinds = |kind: &'static str| {
            let app = &app;
            async move {
                count(
                    app,
                    &format!("SELECT COUNT(*) FROM case_events WHERE kind = '{kind}'"),
                )
                .await
            }
        };
        assert_eq!(trail_kinds("source_linked").await, 3);
        assert_eq!(
            count(
                &app,
                &format!(
                    "SELECT COUNT(*) FROM case_events WHERE kind = 'warning_joined' \
                     AND (data LIKE '%\"warning\":{warning},%' \
                     OR data LIKE '%\"warning\":{warning}}}%')"
                ),
            )
            .await,
            3
        );
        assert_eq!(trail_kinds("warning_tasked").await, 3);
        assert_eq!(trail_kinds("warning_dismissed").await, 3);
        assert!(matches!(
            trail::verify(&db).await.unwrap(),
            Verdict::Intact { .. }
        ));
        db.pool.close().await;
    })
    .await;
}

/// Two links to one source at once, the second making the count: exactly
/// one warning, with every case; linking the same case again changes
/// nothing; a source merged away can no longer be linked.
#[tokio::test]
async fn links_racing_raise_one_warning_and_merges_move_the_cases() {
    let t = app::i18n::texts(Default::default());
    each_engine(|app| async move {
        let mut d = staff(&app, "dispatcher1", Role::Dispatcher, None).await;
        d.post("/staff/sources/new", &source_form("老王烧烤", ""))
            .await;
        d.post("/staff/sources/new", &source_form("老王烧烤店", ""))
            .await;
        let (first, second) = (
            source_id(&app, "老王烧烤").await,
            source_id(&app, "老王烧烤店").await,
        );
        let db = helpers::app_db(&app, 6).await;
        let mut ids = Vec::new();
        for n in [1, 3, 5] {
            let address = format!("南翔镇德园路{n}号");
            ids.push(
                file_case(&db, "fumes_restaurant", "nanxiang", &address)
                    .await
                    .0,
            );
        }
        let now = Utc::now();
        cases::link_source(&db, ids[0], first, Actor::Staff(1), now)
            .await
            .unwrap();
        let (a, b) = tokio::join!(
            cases::link_source(&db, ids[1], first, Actor::Staff(1), now),
            cases::link_source(&db, ids[2], first, Actor::Staff(2), now),
        );
        let raised = [a.unwrap(), b.unwrap()];
        assert_eq!(
            raised.iter().filter(|r| !r.is_empty()).count(),
            1,
            "{raised:?}"
        );
        let key = format!("source:{first}");
        assert_eq!(
            count(
                &app,
                &format!("SELECT COUNT(*) FROM warnings WHERE subject_key = '{key}'")
            )
            .await,
            1
        );
        assert_eq!(
            count(
                &app,
                &format!("SELECT case_count FROM warnings WHERE subject_key = '{key}'")
            )
            .await,
            3
        );
        // Linked again: nothing new in the trail.
        let before = count(&app, "SELECT COUNT(*) FROM case_events").await;
        cases::link_source(&db, ids[0], first, Actor::Staff(1), now)
            .await
            .unwrap();
        assert_eq!(
            count(&app, "SELECT COUNT(*) FROM case_events").await,
            before
        );

        // Unlinked by mistake: out of the warning; linked again, back in.
        let warning_count = format!("SELECT case_count FROM warnings WHERE subject_key = '{key}'");
        cases::unlink_source(&db, ids[2], Actor::Staff(1), now)
            .await
            .unwrap();
        assert_eq!(count(&app, &warning_count).await, 2);
        cases::link_source(&db, ids[2], first, Actor::Staff(1), now)
            .await
            .unwrap();
        assert_eq!(count(&app, &warning_count).await, 3);
        // Moved to another source and back: out of the warning and in again.
        cases::link_source(&db, ids[2], second, Actor::Staff(1), now)
            .await
            .unwrap();
        assert_eq!(count(&app, &warning_count).await, 2);
        cases::link_source(&db, ids[2], first, Actor::Staff(1), now)
            .await
            .unwrap();
        assert_eq!(count(&app, &warning_count).await, 3);
        // A new source for a case linked already: refused, nothing made.
        let reference: String = {
            let mut conn = app.db().await;
            let row = sqlx::query("SELECT reference FROM cases WHERE id = $1")
                .bind(ids[0])
                .fetch_one(&mut conn)
                .await
                .unwrap();
            sqlx::Row::get(&row, 0)
        };
        let r = d
            .post(&format!("/staff/cases/{reference}/new-source"), &[])
            .await;
        assert_eq!(r.status, 422);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM sources").await, 2);

        // Merge the first into the second: its cases move, each recorded.
        let r = d
            .post(
                &format!("/staff/sources/{first}/merge"),
                &[("into", &format!("#{first}"))],
            )
            .await;
        assert_eq!(r.status, 422, "not into itself");
        let r = d
            .post(
                &format!("/staff/sources/{first}/merge"),
                &[("into", "999999")],
            )
            .await;
        assert_eq!(r.status, 422, "not into nothing");
        // First the question, naming the source kept; nothing moves yet.
        let r = d
            .post(
                &format!("/staff/sources/{first}/merge"),
                &[("into", &second.to_string())],
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert!(r.body.contains(t.s.merge_confirm_button), "{}", r.body);
        assert_eq!(
            count(
                &app,
                "SELECT COUNT(*) FROM sources WHERE merged_into IS NOT NULL"
            )
            .await,
            0
        );
        let r = d
            .post(
                &format!("/staff/sources/{first}/merge"),
                &[("into", &second.to_string()), ("confirm", "1")],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        assert_eq!(
            count(
                &app,
                &format!("SELECT COUNT(*) FROM cases WHERE source_id = {second}")
            )
            .await,
            3
        );
        assert_eq!(
            count(
                &app,
                "SELECT COUNT(*) FROM case_events WHERE kind = 'source_merged'"
            )
            .await,
            3
        );
        assert!(matches!(
            cases::link_source(&db, ids[0], first, Actor::Staff(1), now).await,
            Err(cases::LinkError::NoSource)
        ));
        // Merged twice: the second finds nothing to merge.
        let r = d
            .post(
                &format!("/staff/sources/{first}/merge"),
                &[("into", &second.to_string()), ("confirm", "1")],
            )
            .await;
        assert_eq!(r.status, 422);
        db.pool.close().await;
    })
    .await;
}

/// Complaints without a source: the background pass raises a warning for
/// the road once, adds later complaints to it, and raises a rebound when
/// a complaint follows a case closed as solved.
#[tokio::test]
async fn the_background_pass_warns_by_road_once_and_finds_rebounds() {
    for engine in helpers::ENGINES {
        // The pass is run here, not every few seconds by the app.
        let app = TestApp::spawn_on(helpers::TestDb::new(engine).await, |c| {
            c.demo = false;
            c.early_warning_secs = 0;
        })
        .await;
        let db = helpers::app_db(&app, 4).await;
        // Shop noise: three on a road within 14 days.
        for n in [2, 4] {
            file_case(
                &db,
                "noise_commercial",
                "anting",
                &format!("安亭镇墨玉路{n}号"),
            )
            .await;
        }
        file_case(&db, "noise_commercial", "anting", "安亭镇曹安公路9号").await;
        app::server::warnings::evaluate_new(&db, Utc::now())
            .await
            .unwrap();
        let road = "road:anting:安亭镇墨玉路";
        let on_road = format!("SELECT COUNT(*) FROM warnings WHERE subject_key = '{road}'");
        assert_eq!(count(&app, &on_road).await, 0, "two are not three");
        let (third, _) = file_case(&db, "noise_commercial", "anting", "安亭镇墨玉路6号").await;
        let (fourth, _) = file_case(&db, "noise_commercial", "anting", "安亭镇墨玉路8号").await;
        assert_eq!(
            app::server::warnings::evaluate_new(&db, Utc::now())
                .await
                .unwrap(),
            2
        );
        assert_eq!(count(&app, &on_road).await, 1);
        assert_eq!(
            count(
                &app,
                &format!("SELECT case_count FROM warnings WHERE subject_key = '{road}'")
            )
            .await,
            4
        );
        // Judged once: another pass finds nothing new.
        assert_eq!(
            app::server::warnings::evaluate_new(&db, Utc::now())
                .await
                .unwrap(),
            0
        );
        for case in [third, fourth] {
            assert!(
                count(
                    &app,
                    &format!("SELECT COUNT(*) FROM warning_cases WHERE case_id = {case}")
                )
                .await
                    >= 1
            );
        }

        // A case closed as solved, then the problem is back: a rebound.
        let (closed, _) = file_case(&db, "noise_construction", "malu", "马陆镇宝安公路100号").await;
        let step = |step| StaffAction {
            step,
            unit: Some("malu".to_owned()),
            outcome: Some(Outcome::Fixed),
            agency: None,
            inspection: None,
            text: "已责令停止夜间施工。".to_owned(),
        };
        let mut v = cases::version(&db, closed).await.unwrap().unwrap();
        for s in [Step::Accept, Step::Assign, Step::Reply, Step::Close] {
            v = cases::act(&db, closed, v, Actor::Staff(1), &step(s), Utc::now())
                .await
                .unwrap();
        }
        app::server::warnings::evaluate_new(&db, Utc::now())
            .await
            .unwrap();
        file_case(&db, "noise_construction", "malu", "马陆镇宝安公路102号").await;
        app::server::warnings::evaluate_new(&db, Utc::now())
            .await
            .unwrap();
        assert_eq!(
            count(
                &app,
                "SELECT COUNT(*) FROM warnings w JOIN warning_rules r ON r.id = w.rule_id \
                 WHERE r.kind = 'rebound' AND w.subject_key = 'road:malu:马陆镇宝安公路'"
            )
            .await,
            1
        );
        db.pool.close().await;
    }
}

/// A handler works on their own unit's cases only: another unit's case is
/// not found to link; the source page lists their unit's cases alone;
/// warnings are for dispatchers and leaders.
#[tokio::test]
async fn a_handler_links_only_their_units_cases_and_sees_no_others() {
    each_engine(|app| async move {
        let mut d = staff(&app, "dispatcher1", Role::Dispatcher, None).await;
        d.post("/staff/sources/new", &source_form("老王烧烤", ""))
            .await;
        let id = source_id(&app, "老王烧烤").await;
        let db = helpers::app_db(&app, 2).await;
        let (own, own_ref) =
            file_case(&db, "fumes_restaurant", "nanxiang", "南翔镇德园路2号").await;
        let (other, other_ref) =
            file_case(&db, "fumes_restaurant", "nanxiang", "南翔镇德园路4号").await;
        let assign = |unit: &str| StaffAction {
            step: Step::Assign,
            unit: Some(unit.to_owned()),
            outcome: None,
            agency: None,
            inspection: None,
            text: String::new(),
        };
        for (case, unit) in [(own, "nanxiang"), (other, "chengguan")] {
            let v = cases::version(&db, case).await.unwrap().unwrap();
            let v = cases::act(
                &db,
                case,
                v,
                Actor::Staff(1),
                &StaffAction {
                    step: Step::Accept,
                    ..assign(unit)
                },
                Utc::now(),
            )
            .await
            .unwrap();
            cases::act(&db, case, v, Actor::Staff(1), &assign(unit), Utc::now())
                .await
                .unwrap();
            cases::link_source(&db, case, id, Actor::Staff(1), Utc::now())
                .await
                .unwrap();
        }
        let mut h = staff(&app, "handler.nanxiang", Role::Handler, Some("nanxiang")).await;
        let r = h
            .post(&format!("/staff/cases/{other_ref}/unlink-source"), &[])
            .await;
        assert_eq!(r.status, 404);
        let r = h
            .post(&format!("/staff/cases/{own_ref}/unlink-source"), &[])
            .await;
        assert_eq!(r.status, 303);
        cases::link_source(&db, own, id, Actor::Staff(1), Utc::now())
            .await
            .unwrap();
        let page = h.get(&format!("/staff/sources/{id}")).await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains(&own_ref) && !page.body.contains(&other_ref));
        // Warnings: only the screening tasks given to their unit.
        let list = h.get("/staff/warnings").await;
        assert_eq!(list.status, 200);
        assert!(!list.body.contains("/staff/warnings/"), "{}", list.body);
        let r = h
            .post(&format!("/staff/sources/{id}/merge"), &[("into", "1")])
            .await;
        assert_eq!(r.status, 403);
        db.pool.close().await;
    })
    .await;
}

/// Administrators change a rule's numbers (each problem named, what was
/// typed kept); a rule out of force raises nothing; others may not.
#[tokio::test]
async fn administrators_change_the_rules_and_others_may_not() {
    let t = app::i18n::texts(Default::default());
    for engine in helpers::ENGINES {
        let app = TestApp::spawn_on(helpers::TestDb::new(engine).await, |c| {
            c.demo = false;
            c.early_warning_secs = 0;
        })
        .await;
        let rule = count(
            &app,
            "SELECT id FROM warning_rules WHERE category = 'noise_commercial' AND kind = 'repeat'",
        )
        .await;
        let mut admin = staff(&app, "root", Role::Admin, None).await;
        assert_eq!(admin.get("/staff/admin/warning-rules").await.status, 200);
        let path = format!("/staff/admin/warning-rules/{rule}");
        let r = admin
            .post(
                &path,
                &[
                    ("rule_count", "1"),
                    ("rule_days", "400"),
                    ("radius_m", "100"),
                    ("severity", "high"),
                    ("active", "yes"),
                ],
            )
            .await;
        assert_eq!(r.status, 422);
        assert!(
            r.body
                .contains(&(t.c.field_message)("rule_days", FieldError::OutOfRange))
        );
        assert!(r.body.contains(r#"value="400""#));
        // Out of force: three complaints on one road raise nothing.
        let r = admin
            .post(
                &path,
                &[
                    ("rule_count", "3"),
                    ("rule_days", "14"),
                    ("radius_m", "100"),
                    ("severity", "high"),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        let db = helpers::app_db(&app, 2).await;
        for n in [2, 4, 6] {
            file_case(
                &db,
                "noise_commercial",
                "anting",
                &format!("安亭镇墨玉路{n}号"),
            )
            .await;
        }
        app::server::warnings::evaluate_new(&db, Utc::now())
            .await
            .unwrap();
        assert_eq!(
            count(
                &app,
                &format!("SELECT COUNT(*) FROM warnings WHERE rule_id = {rule}")
            )
            .await,
            0
        );
        let mut d = staff(&app, "dispatcher1", Role::Dispatcher, None).await;
        assert_eq!(d.get("/staff/admin/warning-rules").await.status, 403);
        let r = d
            .post(
                &path,
                &[
                    ("rule_count", "2"),
                    ("rule_days", "14"),
                    ("radius_m", "100"),
                    ("severity", "high"),
                    ("active", "yes"),
                ],
            )
            .await;
        assert_eq!(r.status, 403);
        db.pool.close().await;
    }
}
