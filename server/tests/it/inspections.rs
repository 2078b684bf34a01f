//! Issue 18: site inspections and the inspection code, on SQLite and
//! PostgreSQL: registering (with its problems), joint visits, the public
//! page a business scans, results against the limits, photos, the one
//! rating, revoking, "no disturbance without cause", the trails, and who
//! sees what.

use crate::helpers;

use app::server::cases::{self, StaffAction};
use app::server::trail::{self, Actor, Verdict};
use chrono::{Duration, Utc};
use domain::case::Step;
use domain::complaint::input::FieldError;
use domain::inspection::{Purpose, Rating, Status};
use domain::staff::Role;
use helpers::{Browser, TestApp, count, each_engine, phone_photo, staff};

async fn exec(app: &TestApp, sql: &str) {
    let mut conn = app.db().await;
    sqlx::query(sql).execute(&mut conn).await.unwrap();
}

/// A bar in a zone 2 area of Anting, registered by a dispatcher: its id.
async fn venue(app: &TestApp) -> i64 {
    let mut d = staff(app, "dispatcher1", Role::Dispatcher, None).await;
    let r = d
        .post(
            "/staff/sources/new",
            &[
                ("source_name", "夜色酒吧"),
                ("source_kind", "venue"),
                ("town", "anting"),
                ("address", "安亭镇墨玉路28号"),
                ("credit_code", ""),
                ("zone", "2"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    count(app, "SELECT id FROM sources WHERE name = '夜色酒吧'").await
}

/// A handler of `unit` whose display name is `name`: (browser, id).
async fn inspector<'a>(
    app: &'a TestApp,
    login: &str,
    name: &str,
    unit: &str,
) -> (Browser<'a>, i64) {
    let b = staff(app, login, Role::Handler, Some(unit)).await;
    exec(
        app,
        &format!("UPDATE staff_users SET display_name = '{name}' WHERE username = '{login}'"),
    )
    .await;
    let id = count(
        app,
        &format!("SELECT id FROM staff_users WHERE username = '{login}'"),
    )
    .await;
    (b, id)
}

fn day(days_ahead: i64) -> String {
    (domain::shanghai::today(Utc::now()) + Duration::days(days_ahead))
        .format("%Y-%m-%d")
        .to_string()
}

fn code_of(location: &str) -> i64 {
    location
        .trim_start_matches("/staff/inspections/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

async fn code(app: &TestApp, visit: i64) -> String {
    let mut conn = app.db().await;
    let row = sqlx::query(&format!(
        "SELECT code FROM inspection_visits WHERE id = {visit}"
    ))
    .fetch_one(&mut conn)
    .await
    .unwrap();
    sqlx::Row::get(&row, 0)
}

/// The visit's window has begun (as if the day had come).
async fn begin(app: &TestApp, visit: i64) {
    let start =
        (Utc::now() - Duration::hours(1)).to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
    exec(
        app,
        &format!("UPDATE inspection_visits SET starts_at = '{start}' WHERE id = {visit}"),
    )
    .await;
}

/// A handler registers a routine visit (its problems first, named and
/// with what was typed kept), another town's unit joins it as one visit
/// under one code, the business scans the code and sees a valid
/// inspection without anything personal, the handler records a night
/// reading above the limit and a photo, and the business rates it once.
/// Leaders see the rating only as counts per unit; the handler never.
#[tokio::test]
async fn a_visit_from_registration_to_the_businesss_rating() {
    let t = app::i18n::texts(Default::default());
    each_engine(|app| async move {
        let source = venue(&app).await;
        let (mut h1, h1_id) = inspector(&app, "insp.anting1", "王强", "anting").await;
        let (_, h2_id) = inspector(&app, "insp.anting2", "欧阳明", "anting").await;
        // The district's enforcement team inspects anywhere.
        let (mut n1, n1_id) = inspector(&app, "insp.enforce1", "李华", "enforcement").await;
        let (_, n2_id) = inspector(&app, "insp.enforce2", "赵敏", "enforcement").await;

        let form = h1.get(&format!("/staff/inspections/new?source={source}")).await;
        assert_eq!(form.status, 200, "{}", form.body);
        assert!(form.body.contains("夜色酒吧"));
        assert!(form.body.contains("欧阳明"));
        // Another unit's staff are not offered.
        assert!(!form.body.contains("李华"));

        let (s, h1s, h2s) = (source.to_string(), h1_id.to_string(), h2_id.to_string());
        let tomorrow = day(1);
        let bad = h1
            .post(
                "/staff/inspections/new",
                &[
                    ("source", &s),
                    ("purpose", "routine"),
                    ("item", "2"),
                    ("day", "2020-01-01"),
                    ("from", "09:00"),
                    ("to", "11:00"),
                    ("inspector1", &h1s),
                    ("cert1", "31<script>"),
                ],
            )
            .await;
        assert_eq!(bad.status, 422, "{}", bad.body);
        for (field, e) in [
            ("day", FieldError::OutOfRange),
            ("cert1", FieldError::NotAChoice),
            ("inspectors", FieldError::TooShort(2)),
        ] {
            let m = (t.c.field_message)(field, e);
            assert!(bad.body.contains(&m), "{field}: {m}");
        }
        assert!(bad.body.contains(r#"value="2020-01-01""#));
        assert!(!bad.body.contains("31<script>"));
        // Someone of another unit named as inspector: refused by name.
        let other = h1
            .post(
                "/staff/inspections/new",
                &[
                    ("source", &s),
                    ("purpose", "routine"),
                    ("item", "2"),
                    ("day", &tomorrow),
                    ("from", "09:00"),
                    ("to", "11:00"),
                    ("inspector1", &h1s),
                    ("cert1", "31011420230012"),
                    ("inspector2", &n1_id.to_string()),
                    ("cert2", "31011420230099"),
                ],
            )
            .await;
        assert_eq!(other.status, 422);
        assert!(
            other
                .body
                .contains(&(t.c.field_message)("inspector2", FieldError::NotAChoice))
        );
        assert_eq!(count(&app, "SELECT COUNT(*) FROM inspection_visits").await, 0);

        let ok = h1
            .post(
                "/staff/inspections/new",
                &[
                    ("source", &s),
                    ("purpose", "routine"),
                    ("item", "2"),
                    ("day", &tomorrow),
                    ("from", "09:00"),
                    ("to", "11:00"),
                    ("inspector1", &h1s),
                    ("cert1", "31011420230012"),
                    ("inspector2", &h2s),
                    ("cert2", "沪环执（2024）第0017号"),
                ],
            )
            .await;
        assert_eq!(ok.status, 303, "{}", ok.body);
        let location = ok.header("location");
        assert!(location.ends_with("?done=registered"), "{location}");
        let visit = code_of(location);
        let code = code(&app, visit).await;
        assert_eq!(code.len(), 10);
        let page = h1.get(&format!("/staff/inspections/{visit}")).await;
        assert_eq!(page.status, 200);
        let shown = format!("{}-{}", &code[..5], &code[5..]);
        assert!(page.body.contains(&shown));
        assert!(page.body.contains("<svg"), "the QR code");
        assert!(page.body.contains(&format!("/inspections/{code}")));
        // The certificate is remembered for the next registration.
        let again = h1.get(&format!("/staff/inspections/new?source={source}")).await;
        assert!(again.body.contains("31011420230012"));

        // The enforcement team sees nothing of Anting's visit…
        assert_eq!(n1.get(&format!("/staff/inspections/{visit}")).await.status, 404);
        // …until it registers the same place in an overlapping window:
        // one visit, one code (一次进门、多事联查).
        let joined = n1
            .post(
                "/staff/inspections/new",
                &[
                    ("source", &s),
                    ("purpose", "routine"),
                    ("item", "2"),
                    ("day", &tomorrow),
                    ("from", "10:00"),
                    ("to", "12:00"),
                    ("inspector1", &n1_id.to_string()),
                    ("cert1", "31011420230021"),
                    ("inspector2", &n2_id.to_string()),
                    ("cert2", "31011420230022"),
                ],
            )
            .await;
        assert_eq!(joined.status, 303, "{}", joined.body);
        assert_eq!(
            joined.header("location"),
            format!("/staff/inspections/{visit}?done=joined")
        );
        assert_eq!(count(&app, "SELECT COUNT(*) FROM inspection_visits").await, 1);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM inspection_parts").await, 2);
        let joint = n1.get(&format!("/staff/inspections/{visit}")).await;
        assert!(joint.body.contains(t.i.joint_note));
        assert!(joint.body.contains("12:00"));

        // The business scans the code: without signing in, it sees a valid
        // inspection, both units, surnames and certificates, the items and
        // their legal basis, the window; nothing of anyone's full name.
        let public = Browser::new(&app);
        let mut public = public;
        let p = public.get(&format!("/inspections/{code}")).await;
        assert_eq!(p.status, 200, "{}", p.body);
        assert!(p.body.contains((t.i.public_status)(Status::Valid)));
        for needle in ["安亭", "执法大队", "王**", "欧阳**", "31011420230012", "GB 22337-2008"] {
            assert!(p.body.contains(needle), "{needle}");
        }
        assert!(p.body.contains((t.i.purpose_public)(Purpose::Routine)));
        for name in ["王强", "欧阳明", "李华"] {
            assert!(!p.body.contains(name), "{name}");
        }
        assert_eq!(p.header("cache-control"), "no-store");
        // As typed off a screen: lower case, dash, spaces.
        let typed = public
            .get(&format!("/inspections?code=+{}+", shown.to_lowercase()))
            .await;
        assert_eq!(typed.status, 303);
        assert_eq!(typed.header("location"), format!("/inspections/{code}"));
        // Another spelling of a code is sent to its one address first.
        let r = public.get("/inspections/abcde-fghjk").await;
        assert_eq!((r.status, r.header("location")), (303, "/inspections/ABCDEFGHJK"));
        for unknown in ["ABCDEFGHJK", "%3Cscript%3E", "0000000000"] {
            let r = public.get(&format!("/inspections/{unknown}")).await;
            assert_eq!(r.status, 404, "{unknown}");
            assert!(r.body.contains(t.i.public_not_found));
            assert!(!r.body.contains("<script>"));
        }
        // The business's phone takes the right to rate (the first phone
        // to ask; the officers hold the code too).
        assert!(p.body.contains(t.i.claim_button));
        let r = public.post(&format!("/inspections/{code}/claim"), &[]).await;
        assert_eq!(r.status, 303, "{}", r.body);
        assert_eq!(r.header("location"), format!("/inspections/{code}?claimed=1"));
        assert!(public.cookie("qj_rate").is_some());
        let p = public.get(&format!("/inspections/{code}?claimed=1")).await;
        assert!(p.body.contains(t.i.claimed));
        assert!(!p.body.contains(t.i.claim_button));
        // Nothing to rate before the visit took place.
        let early = public
            .post(&format!("/inspections/{code}"), &[("rating", "proper")])
            .await;
        assert_eq!(early.status, 409);
        assert!(early.body.contains(t.i.not_ratable));

        // Not before the window begins; then the result, its problems first.
        let r = h1
            .post(
                &format!("/staff/inspections/{visit}/result"),
                &[("findings", "x")],
            )
            .await;
        assert_eq!(r.status, 409);
        begin(&app, visit).await;
        let r = h1
            .post(
                &format!("/staff/inspections/{visit}/result"),
                &[
                    ("findings", "夜间音响外放"),
                    ("what1", "noise_night"),
                    ("value1", "loud"),
                ],
            )
            .await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains(&(t.c.field_message)("value1", FieldError::NotANumber)));
        assert!(r.body.contains("夜间音响外放</textarea>"));
        // The result form offers the readings of a bar: noise, no fumes.
        assert!(r.body.contains(r#"value="noise_night""#));
        assert!(!r.body.contains(r#"value="fumes""#));
        let r = h1
            .post(
                &format!("/staff/inspections/{visit}/result"),
                &[
                    ("findings", "夜间音响外放，已责令整改"),
                    ("what1", "noise_night"),
                    ("value1", "58.4"),
                    ("what2", "noise_day"),
                    ("value2", "55"),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        assert_eq!(
            count(&app, "SELECT COUNT(*) FROM inspection_measurements WHERE exceeds = 1 AND limit_value = 50").await,
            1
        );
        assert_eq!(
            count(&app, "SELECT COUNT(*) FROM inspection_measurements WHERE exceeds = 0 AND limit_value = 60").await,
            1
        );
        let page = h1.get(&format!("/staff/inspections/{visit}")).await;
        assert!(page.body.contains(t.i.above));
        assert!(page.body.contains("GB 22337-2008"));
        // Once only.
        let twice = h1
            .post(
                &format!("/staff/inspections/{visit}/result"),
                &[("findings", "再记一次")],
            )
            .await;
        assert_eq!(twice.status, 409);
        assert!(twice.body.contains((t.i.notice)("gone")));
        // The source's page shows the visit and its readings.
        let src = h1.get(&format!("/staff/sources/{source}")).await;
        assert!(src.body.contains(&shown));
        assert!(src.body.contains("58.4"));

        // A photo, through the photo rules; a file that is not a picture is
        // refused by name.
        let jpeg = phone_photo(640, 480);
        let r = h1
            .post_file(&format!("/staff/inspections/{visit}/photo"), "photo", "p.jpg", "image/jpeg", &jpeg)
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        let r = h1
            .post_file(&format!("/staff/inspections/{visit}/photo"), "photo", "p.jpg", "image/jpeg", b"<html>")
            .await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains((t.i.notice)("bad_photo")));
        let photo = count(&app, "SELECT id FROM inspection_photos").await;
        let img = h1.get(&format!("/staff/inspections/{visit}/photos/{photo}")).await;
        assert_eq!(img.status, 200);
        assert_eq!(img.header("content-type"), "image/jpeg");
        assert_eq!(
            n1.get(&format!("/staff/inspections/{visit}/photos/{photo}")).await.status,
            200,
            "a unit of the joint visit"
        );

        // The officer holds the code too, but may not rate.
        let r = h1
            .post(&format!("/inspections/{code}"), &[("rating", "proper")])
            .await;
        assert_eq!(r.status, 403);
        assert!(r.body.contains(t.i.staff_may_not_rate));
        assert_eq!(count(&app, "SELECT COUNT(*) FROM inspection_visits WHERE rated_at IS NOT NULL").await, 0);
        // The business rates: a choice is needed, then once.
        let p = public.get(&format!("/inspections/{code}")).await;
        assert!(p.body.contains((t.i.public_status)(Status::Used)));
        assert!(p.body.contains(t.i.rate_heading));
        let r = public
            .post(&format!("/inspections/{code}"), &[("comment", "态度很好")])
            .await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains(t.i.rate_missing));
        assert!(r.body.contains("态度很好</textarea>"));
        let long = "好".repeat(501);
        let r = public
            .post(&format!("/inspections/{code}"), &[("rating", "proper"), ("comment", &long)])
            .await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains(t.i.comment_too_long));
        // Another phone (a signed-out officer's) cannot rate, and is told
        // when the right was taken.
        let mut other = Browser::new(&app);
        let o = other.get(&format!("/inspections/{code}")).await;
        assert!(!o.body.contains(t.i.claim_button));
        assert!(!o.body.contains(t.i.rate_heading));
        let taken = (t.i.key_taken)("\u{1}");
        assert!(o.body.contains(taken.split('\u{1}').next().unwrap()));
        let r = other
            .post(&format!("/inspections/{code}/claim"), &[])
            .await;
        assert_eq!(r.status, 409);
        let r = other
            .post(&format!("/inspections/{code}"), &[("rating", "improper")])
            .await;
        assert_eq!(r.status, 403);
        assert!(r.body.contains(t.i.not_holder));
        let r = public
            .post(&format!("/inspections/{code}"), &[("rating", "proper"), ("comment", "态度很好")])
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        assert_eq!(r.header("location"), format!("/inspections/{code}?rated=1"));
        let r = public.get(&format!("/inspections/{code}?rated=1")).await;
        assert!(r.body.contains(t.i.rated_thanks));
        // The thanks are only for the phone that rated.
        let o = other.get(&format!("/inspections/{code}?rated=1")).await;
        assert!(!o.body.contains(t.i.rated_thanks));
        let r = public
            .post(&format!("/inspections/{code}"), &[("rating", "improper")])
            .await;
        assert_eq!(r.status, 409);
        assert!(r.body.contains(t.i.rated_already));
        assert_eq!(
            count(&app, "SELECT COUNT(*) FROM inspection_visits WHERE rating = 'proper'").await,
            1
        );
        // The unit never sees the rating or the comment; a leader sees
        // counts per unit; a handler may not open the statistics.
        let page = h1.get(&format!("/staff/inspections/{visit}")).await;
        assert!(!page.body.contains("态度很好"));
        assert!(!page.body.contains((t.i.rating)(Rating::Proper)));
        assert_eq!(h1.get("/staff/inspections/stats").await.status, 403);
        let mut leader = staff(&app, "leader1", Role::Leader, None).await;
        let stats = leader.get("/staff/inspections/stats").await;
        assert_eq!(stats.status, 200);
        assert!(stats.body.contains("安亭"));
        assert!(stats.body.contains("执法大队"));
        assert!(!stats.body.contains("态度很好"));
        // The log says it was rated, never how.
        assert_eq!(
            count(&app, &format!("SELECT COUNT(*) FROM inspection_events WHERE visit_id = {visit} AND kind = 'rated' AND data NOT LIKE '%proper%'")).await,
            1
        );
    })
    .await;
}

/// "No disturbance without cause": a third routine visit in 30 days with
/// no complaint or warning needs a confirmation; a revoked code shows as
/// revoked to the business and cannot be rated.
#[tokio::test]
async fn routine_visits_without_cause_warn_and_revoked_codes_say_so() {
    let t = app::i18n::texts(Default::default());
    each_engine(|app| async move {
        let source = venue(&app).await;
        let (mut h1, h1_id) = inspector(&app, "insp.anting1", "王强", "anting").await;
        let (_, h2_id) = inspector(&app, "insp.anting2", "张伟", "anting").await;
        let (s, a, b) = (source.to_string(), h1_id.to_string(), h2_id.to_string());
        let mut register = async |days: i64, quiet: &str| {
            let d = day(days);
            h1.post(
                "/staff/inspections/new",
                &[
                    ("source", s.as_str()),
                    ("purpose", "routine"),
                    ("item", "2"),
                    ("day", d.as_str()),
                    ("from", "14:00"),
                    ("to", "15:00"),
                    ("inspector1", a.as_str()),
                    ("cert1", "A-1234"),
                    ("inspector2", b.as_str()),
                    ("cert2", "B-5678"),
                    ("quiet", quiet),
                ],
            )
            .await
        };
        assert_eq!(register(1, "").await.status, 303);
        assert_eq!(register(2, "").await.status, 303);
        let third = register(3, "").await;
        assert_eq!(third.status, 422, "{}", third.body);
        assert!(
            third
                .body
                .contains(&(t.c.field_message)("quiet", FieldError::Required))
        );
        assert!(third.body.contains(&(t.i.quiet_warning)(2, 30)));
        let third = register(3, "1").await;
        assert_eq!(third.status, 303);
        let visit = code_of(third.header("location"));
        let src = h1.get(&format!("/staff/sources/{source}")).await;
        assert!(src.body.contains(&(t.i.without_cause)(3, 30)));

        // Revoked: a reason is needed; then the business sees it revoked.
        let r = h1
            .post(
                &format!("/staff/inspections/{visit}/revoke"),
                &[("reason", " ")],
            )
            .await;
        assert_eq!(r.status, 422);
        let r = h1
            .post(
                &format!("/staff/inspections/{visit}/revoke"),
                &[("reason", "改期")],
            )
            .await;
        assert_eq!(r.status, 303);
        let again = h1
            .post(
                &format!("/staff/inspections/{visit}/revoke"),
                &[("reason", "改期")],
            )
            .await;
        assert_eq!(again.status, 409);
        let c = code(&app, visit).await;
        let mut public = Browser::new(&app);
        let p = public.get(&format!("/inspections/{c}")).await;
        assert_eq!(p.status, 200);
        assert!(p.body.contains((t.i.public_status)(Status::Revoked)));
        assert!(
            !p.body.contains("A-1234"),
            "no inspectors under a revoked code"
        );
        assert!(!p.body.contains(t.i.claim_button));
        let r = public.post(&format!("/inspections/{c}/claim"), &[]).await;
        assert_eq!(r.status, 409);
        assert!(r.body.contains(t.i.not_ratable));
        let r = public
            .post(&format!("/inspections/{c}"), &[("rating", "proper")])
            .await;
        assert_eq!(r.status, 403);
        // A revoked visit no longer counts as a visit without cause.
        let src = h1.get(&format!("/staff/sources/{source}")).await;
        assert!(src.body.contains(&(t.i.without_cause)(2, 30)));
    })
    .await;
}

/// A screening task's and a case's inspections: only the unit given the
/// task, or handling the case, may register them; each step reaches the
/// warning's log and the case's trail, which still verifies.
#[tokio::test]
async fn inspections_of_a_case_and_a_task_reach_their_trails() {
    let t = app::i18n::texts(Default::default());
    each_engine(|app| async move {
        let source = venue(&app).await;
        let db = helpers::app_db(&app, 2).await;
        let draft = helpers::complete_draft("noise_commercial", "anting", "安亭镇墨玉路30号", "13912345678");
        let token = app::server::complaints::new_draft(&db, &draft).await.unwrap();
        let done = app::server::submission::submit(&db, &token, Utc::now()).await.unwrap();
        let reference = done.reference.to_string();
        let (case, _) = cases::find(&db, &reference).await.unwrap().unwrap();
        let action = |step: Step| StaffAction {
            step,
            unit: Some("anting".to_owned()),
            outcome: None,
            agency: None,
            inspection: None,
            text: String::new(),
        };
        let mut v = cases::version(&db, case).await.unwrap().unwrap();
        for step in [Step::Accept, Step::Assign] {
            v = cases::act(&db, case, v, Actor::Staff(1), &action(step), Utc::now())
                .await
                .unwrap();
        }
        cases::link_source(&db, case, source, Actor::Staff(1), Utc::now()).await.unwrap();

        let (mut h1, h1_id) = inspector(&app, "insp.anting1", "王强", "anting").await;
        let (_, h2_id) = inspector(&app, "insp.anting2", "张伟", "anting").await;
        let (mut n1, n1_id) = inspector(&app, "insp.nanxiang1", "李华", "nanxiang").await;
        let (_, n2_id) = inspector(&app, "insp.nanxiang2", "赵敏", "nanxiang").await;
        // The case page offers the registration, filled in.
        let page = h1.get(&format!("/staff/cases/{reference}")).await;
        let link = format!("/staff/inspections/new?source={source}&amp;purpose=case&amp;case_ref={reference}");
        assert!(page.body.contains(&link), "{}", page.body);
        let tomorrow = day(1);
        let s = source.to_string();
        let form = |purpose: &'static str, key: &'static str, value: String, a: i64, b: i64| {
            vec![
                ("source", s.clone()),
                ("purpose", purpose.to_owned()),
                (key, value),
                ("item", "2".to_owned()),
                ("day", tomorrow.clone()),
                ("from", "20:00".to_owned()),
                ("to", "23:00".to_owned()),
                ("inspector1", a.to_string()),
                ("cert1", "A-1234".to_owned()),
                ("inspector2", b.to_string()),
                ("cert2", "B-5678".to_owned()),
            ]
        };
        let post = async |b: &mut Browser<'_>, v: Vec<(&'static str, String)>| {
            let f: Vec<(&str, &str)> = v.iter().map(|(k, v)| (*k, v.as_str())).collect();
            b.post("/staff/inspections/new", &f).await
        };
        // Another unit's case is unknown to Nanxiang.
        let r = post(&mut n1, form("case", "case_ref", reference.clone(), n1_id, n2_id)).await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains(&(t.c.field_message)("case_ref", FieldError::UnknownCase)));
        let r = post(&mut h1, form("case", "case_ref", reference.to_lowercase(), h1_id, h2_id)).await;
        assert_eq!(r.status, 303, "{}", r.body);
        let visit = code_of(r.header("location"));
        begin(&app, visit).await;
        let r = h1
            .post(
                &format!("/staff/inspections/{visit}/result"),
                &[("findings", "现场未见噪声"), ("what1", "noise_night_max"), ("value1", "61")],
            )
            .await;
        assert_eq!(r.status, 303);
        let kinds = count(
            &app,
            &format!("SELECT COUNT(*) FROM case_events WHERE case_id = {case} AND kind IN ('inspection_registered', 'inspection_result')"),
        )
        .await;
        assert_eq!(kinds, 2);
        assert!(matches!(trail::verify(&db).await.unwrap(), Verdict::Intact(_)));
        // Night maximum in zone 2: 50 + 10 = 60, so 61 is above it.
        assert_eq!(
            count(&app, "SELECT COUNT(*) FROM inspection_measurements WHERE exceeds = 1 AND limit_value = 60").await,
            1
        );
        // The business sees a general purpose, never the case.
        let c = code(&app, visit).await;
        let p = Browser::new(&app).get(&format!("/inspections/{c}")).await;
        assert!(p.body.contains((t.i.purpose_public)(Purpose::Case)));
        assert!(!p.body.contains(&reference));
        assert!(!p.body.contains("墨玉路30号"));

        // A warning tasked to Anting: its unit registers the task's visit.
        exec(
            &app,
            &format!(
                "INSERT INTO warnings (rule_id, subject_key, source_id, town, place, severity, status, case_count, raised_at, updated_at, task_unit, task_due_on) \
                 VALUES (1, 'source:{source}', {source}, 'anting', '墨玉路', 'medium', 'tasked', 3, '2026-12-01T00:00:00+00:00', '2026-12-01T00:00:00+00:00', 'anting', '2026-12-20')"
            ),
        )
        .await;
        let w = count(&app, "SELECT id FROM warnings").await;
        let r = post(&mut n1, form("task", "warning", w.to_string(), n1_id, n2_id)).await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains(&(t.c.field_message)("warning", FieldError::NotAChoice)));
        let mut later = form("task", "warning", w.to_string(), h1_id, h2_id);
        later[4].1 = day(2);
        let r = post(&mut h1, later).await;
        assert_eq!(r.status, 303, "{}", r.body);
        assert_eq!(
            count(&app, &format!("SELECT COUNT(*) FROM warning_events WHERE warning_id = {w} AND kind = 'inspection'")).await,
            1
        );
        // The list: a handler sees their unit's visits only.
        let list = n1.get("/staff/inspections").await;
        assert_eq!(list.status, 200);
        assert!(list.body.contains(t.i.none));
        let list = h1.get("/staff/inspections").await;
        assert!(list.body.contains("夜色酒吧"));
    })
    .await;
}

/// Administrators keep the items and their legal basis: an item needs a
/// name and a basis; a withdrawn one is no longer offered nor accepted,
/// and handlers may not change the list.
#[tokio::test]
async fn administrators_keep_the_inspection_items() {
    let t = app::i18n::texts(Default::default());
    each_engine(|app| async move {
        let mut admin = staff(&app, "root", Role::Admin, None).await;
        let page = admin.get("/staff/admin/inspection-items").await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert!(page.body.contains("餐饮油烟排放检查"));
        let r = admin
            .post(
                "/staff/admin/inspection-items",
                &[("name_zh", " "), ("basis_en", "Law")],
            )
            .await;
        assert_eq!(r.status, 422);
        for field in ["name_zh", "basis_zh"] {
            assert!(
                r.body
                    .contains(&(t.c.field_message)(field, FieldError::Required)),
                "{field}"
            );
        }
        assert!(r.body.contains(r#"Law</textarea>"#));
        let r = admin
            .post(
                "/staff/admin/inspection-items",
                &[
                    ("name_zh", "排污许可执行检查"),
                    ("basis_zh", "《排污许可管理条例》"),
                ],
            )
            .await;
        assert_eq!(r.status, 303);
        // One for factories only (its boxes kept when the form comes back).
        let r = admin
            .post(
                "/staff/admin/inspection-items",
                &[("name_zh", "工业固体废物检查"), ("kind_factory", "1")],
            )
            .await;
        assert_eq!(r.status, 422);
        assert!(
            r.body
                .contains(r#"name="kind_factory" type="checkbox" value="1" checked"#)
        );
        let r = admin
            .post(
                "/staff/admin/inspection-items",
                &[
                    ("name_zh", "工业固体废物检查"),
                    ("basis_zh", "《固体废物污染环境防治法》"),
                    ("kind_factory", "1"),
                ],
            )
            .await;
        assert_eq!(r.status, 303);
        assert_eq!(
            count(&app, "SELECT COUNT(*) FROM inspection_items").await,
            6
        );
        assert_eq!(
            count(
                &app,
                "SELECT COUNT(*) FROM inspection_items WHERE kinds = 'factory'"
            )
            .await,
            2,
            "the industrial-noise item of the migration and the new one"
        );
        let r = admin
            .post("/staff/admin/inspection-items/1", &[("active", "0")])
            .await;
        assert_eq!(r.status, 303);
        assert_eq!(
            admin
                .post("/staff/admin/inspection-items/999", &[("active", "0")])
                .await
                .status,
            404
        );
        assert_eq!(
            admin
                .post("/staff/admin/inspection-items/1", &[("active", "x")])
                .await
                .status,
            400
        );

        let source = venue(&app).await;
        let (mut h1, h1_id) = inspector(&app, "insp.anting1", "王强", "anting").await;
        let (_, h2_id) = inspector(&app, "insp.anting2", "张伟", "anting").await;
        assert_eq!(h1.get("/staff/admin/inspection-items").await.status, 403);
        assert_eq!(
            h1.post(
                "/staff/admin/inspection-items",
                &[("name_zh", "x"), ("basis_zh", "y")]
            )
            .await
            .status,
            403
        );
        let form = h1
            .get(&format!("/staff/inspections/new?source={source}"))
            .await;
        assert!(!form.body.contains("餐饮油烟排放检查"), "withdrawn");
        // A link naming a source the register does not hold says so at once.
        let unknown = h1.get("/staff/inspections/new?source=999").await;
        assert_eq!(unknown.status, 200);
        assert!(
            unknown
                .body
                .contains(&(t.c.field_message)("source", FieldError::NotAChoice))
        );
        let words = h1.get("/staff/inspections/new?source=abc").await;
        assert!(
            words
                .body
                .contains(&(t.c.field_message)("source", FieldError::NotANumber))
        );
        assert!(form.body.contains("排污许可执行检查"), "for every kind");
        assert!(
            !form.body.contains("工业固体废物检查"),
            "for factories only"
        );
        assert!(
            !form.body.contains("建筑施工噪声检查"),
            "for building sites only"
        );
        assert!(form.body.contains("社会生活噪声排放检查"));
        let d = day(1);
        let (s, a, b) = (source.to_string(), h1_id.to_string(), h2_id.to_string());
        let r = h1
            .post(
                "/staff/inspections/new",
                &[
                    ("source", &s),
                    ("purpose", "routine"),
                    ("item", "1"),
                    ("day", &d),
                    ("from", "09:00"),
                    ("to", "10:00"),
                    ("inspector1", &a),
                    ("cert1", "A-1234"),
                    ("inspector2", &b),
                    ("cert2", "B-5678"),
                ],
            )
            .await;
        assert_eq!(r.status, 422);
        assert!(
            r.body
                .contains(&(t.c.field_message)("item", FieldError::NotAChoice))
        );
        // An item for another kind of place (the construction-noise check
        // at a venue) is refused the same way, and what was typed is kept.
        let r = h1
            .post(
                "/staff/inspections/new",
                &[
                    ("source", &s),
                    ("purpose", "routine"),
                    ("item", "4"),
                    ("day", &d),
                    ("from", "09:00"),
                    ("to", "10:00"),
                    ("inspector1", &a),
                    ("cert1", "A-1234"),
                    ("inspector2", &b),
                    ("cert2", "B-5678"),
                ],
            )
            .await;
        assert_eq!(r.status, 422, "{}", r.body);
        assert!(
            r.body
                .contains(&(t.c.field_message)("item", FieldError::NotAChoice))
        );
        assert!(r.body.contains("B-5678"));
        // A source number that is not in the register.
        let r = h1
            .post(
                "/staff/inspections/new",
                &[
                    ("source", "999"),
                    ("purpose", "routine"),
                    ("item", "2"),
                    ("day", &d),
                    ("from", "09:00"),
                    ("to", "10:00"),
                    ("inspector1", &a),
                    ("cert1", "A-1234"),
                    ("inspector2", &b),
                    ("cert2", "B-5678"),
                ],
            )
            .await;
        assert_eq!(r.status, 422);
        assert!(
            r.body
                .contains(&(t.c.field_message)("source", FieldError::NotAChoice))
        );
        assert_eq!(
            count(&app, "SELECT COUNT(*) FROM inspection_visits").await,
            0
        );
    })
    .await;
}

/// What an outside attack found, each answered: a form sent twice adds
/// nothing; a routine check outside the unit's area, a warning about
/// another place and another officer's certificate number are refused by
/// name; a night window runs past midnight; a photo before the result
/// says so; a merge takes the visits along; a single unit's two parts are
/// not a joint visit; the code shown on site carries nothing staff-only.
#[tokio::test]
async fn registrations_fit_their_place_and_are_not_doubled() {
    let t = app::i18n::texts(Default::default());
    each_engine(|app| async move {
        let source = venue(&app).await;
        let (mut h1, h1_id) = inspector(&app, "insp.anting1", "王强", "anting").await;
        let (_, h2_id) = inspector(&app, "insp.anting2", "张伟", "anting").await;
        let (mut n1, n1_id) = inspector(&app, "insp.nanxiang1", "李华", "nanxiang").await;
        let (_, n2_id) = inspector(&app, "insp.nanxiang2", "赵敏", "nanxiang").await;
        let tomorrow = day(1);
        let form = |purpose: &str, a: i64, ca: &str, b: i64, cb: &str| {
            vec![
                ("source".to_owned(), source.to_string()),
                ("purpose".to_owned(), purpose.to_owned()),
                ("item".to_owned(), "2".to_owned()),
                ("day".to_owned(), tomorrow.clone()),
                ("from".to_owned(), "22:00".to_owned()),
                ("to".to_owned(), "02:00".to_owned()),
                ("inspector1".to_owned(), a.to_string()),
                ("cert1".to_owned(), ca.to_owned()),
                ("inspector2".to_owned(), b.to_string()),
                ("cert2".to_owned(), cb.to_owned()),
            ]
        };
        let post = async |b: &mut Browser<'_>, v: &[(String, String)]| {
            let f: Vec<(&str, &str)> = v.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            b.post("/staff/inspections/new", &f).await
        };

        // Nanxiang's unit may not make a routine check of an Anting bar.
        let r = post(&mut n1, &form("routine", n1_id, "N-0001", n2_id, "N-0002")).await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains(&(t.c.field_message)("source", FieldError::OutOfArea)));
        // A source number typed as words is named as such.
        let mut words = form("routine", h1_id, "A-1234", h2_id, "B-5678");
        words[0].1 = "夜色酒吧".to_owned();
        let r = post(&mut h1, &words).await;
        assert!(r.body.contains(&(t.c.field_message)("source", FieldError::NotANumber)));

        // A night check from 22:00 to 02:00, full-width certificate
        // numbers read as plain ones.
        let ok = form("routine", h1_id, "ＡＴ－１２３４", h2_id, "AT-5678");
        let r = post(&mut h1, &ok).await;
        assert_eq!(r.status, 303, "{}", r.body);
        let visit = code_of(r.header("location"));
        let plain = count(&app, "SELECT COUNT(*) FROM inspection_inspectors WHERE certificate = 'AT-1234'").await;
        assert_eq!(plain, 1);
        let page = h1.get(&format!("/staff/inspections/{visit}")).await;
        assert!(page.body.contains("22:00"));
        assert!(page.body.contains("02:00"));
        // Sent again (a double tap, a reload): nothing added.
        let r = post(&mut h1, &ok).await;
        assert_eq!(r.status, 303);
        assert_eq!(r.header("location"), format!("/staff/inspections/{visit}?done=again"));
        assert_eq!(count(&app, "SELECT COUNT(*) FROM inspection_parts").await, 1);
        let page = h1.get(&format!("/staff/inspections/{visit}?done=again")).await;
        assert!(page.body.contains((t.i.notice)("again")));
        // Sent again with a window reaching further (21:00 to 02:00): the
        // visit's window grows to cover it, logged, nothing else added.
        let mut earlier = ok.clone();
        earlier[4].1 = "21:00".to_owned();
        let r = post(&mut h1, &earlier).await;
        assert_eq!(r.header("location"), format!("/staff/inspections/{visit}?done=widened"));
        assert_eq!(count(&app, "SELECT COUNT(*) FROM inspection_parts").await, 1);
        let page = h1.get(&format!("/staff/inspections/{visit}?done=widened")).await;
        assert!(page.body.contains((t.i.notice)("widened")));
        assert!(page.body.contains("21:00"));
        assert!(page.body.contains((t.i.event)("window")));
        // One that overlaps but would make the visit longer than 12 hours
        // (13:00 to 22:00 beside 21:00 to 02:00: 13 hours) is refused by
        // name: never two live codes for one place at one time.
        let mut long = ok.clone();
        long[4].1 = "13:00".to_owned();
        long[5].1 = "22:00".to_owned();
        let r = post(&mut h1, &long).await;
        assert_eq!(r.status, 422, "{}", r.body);
        assert!(r.body.contains(&(t.c.field_message)("to", FieldError::Taken)));
        assert!(r.body.contains("13:00"), "what was typed is kept");
        assert_eq!(count(&app, "SELECT COUNT(*) FROM inspection_visits").await, 1);

        // Another officer's certificate number is refused; a new number of
        // one's own is taken and said in the log.
        let mut theirs = form("routine", h1_id, "AT-5678", h2_id, "AT-9999");
        theirs[3].1 = day(2);
        let r = post(&mut h1, &theirs).await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains(&(t.c.field_message)("cert1", FieldError::Taken)));
        let mut renewed = form("routine", h1_id, "AT-2026-0001", h2_id, "AT-5678");
        renewed[3].1 = day(2);
        let r = post(&mut h1, &renewed).await;
        assert_eq!(r.status, 303, "{}", r.body);
        let second = code_of(r.header("location"));
        assert_eq!(
            count(&app, &format!("SELECT COUNT(*) FROM inspection_events WHERE visit_id = {second} AND kind = 'certificate'")).await,
            1
        );
        let page = h1.get(&format!("/staff/inspections/{second}")).await;
        assert!(page.body.contains((t.i.event)("certificate")));

        // A warning about another place is no reason to visit this one.
        let elsewhere = count(&app, "SELECT COUNT(*) FROM sources").await; // the venue only
        assert_eq!(elsewhere, 1);
        exec(
            &app,
            "INSERT INTO sources (name, kind, town, address, address_public, created_at, updated_at) \
             VALUES ('别处工地', 'construction', 'anting', '安亭镇园区路1号', '园区路', '2026-12-01T00:00:00+00:00', '2026-12-01T00:00:00+00:00')",
        )
        .await;
        let site = count(&app, "SELECT id FROM sources WHERE name = '别处工地'").await;
        exec(
            &app,
            &format!(
                "INSERT INTO warnings (rule_id, subject_key, source_id, town, place, severity, status, case_count, raised_at, updated_at, task_unit, task_due_on) \
                 VALUES (1, 'source:{site}', {site}, 'anting', '园区路', 'medium', 'tasked', 3, '2026-12-01T00:00:00+00:00', '2026-12-01T00:00:00+00:00', 'anting', '2026-12-20')"
            ),
        )
        .await;
        let w = count(&app, "SELECT id FROM warnings").await;
        let mut task = form("task", h1_id, "AT-2026-0001", h2_id, "AT-5678");
        task.push(("warning".to_owned(), w.to_string()));
        let r = post(&mut h1, &task).await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains(&(t.c.field_message)("warning", FieldError::OutOfArea)));
        // One about the venue itself: Anting's second part of the same
        // visit (one unit, so not a joint visit).
        exec(
            &app,
            &format!(
                "INSERT INTO warnings (rule_id, subject_key, source_id, town, place, severity, status, case_count, raised_at, updated_at, task_unit, task_due_on) \
                 VALUES (2, 'source:{source}', {source}, 'anting', '墨玉路', 'medium', 'tasked', 3, '2026-12-01T00:00:00+00:00', '2026-12-01T00:00:00+00:00', 'anting', '2026-12-20')"
            ),
        )
        .await;
        let here = count(&app, &format!("SELECT id FROM warnings WHERE source_id = {source}")).await;
        let mut task = form("task", h1_id, "AT-2026-0001", h2_id, "AT-5678");
        task.push(("warning".to_owned(), here.to_string()));
        let r = post(&mut h1, &task).await;
        assert_eq!(r.status, 303, "{}", r.body);
        assert_eq!(r.header("location"), format!("/staff/inspections/{visit}?done=joined"));
        let db = helpers::app_db(&app, 1).await;
        let rows = app::server::inspections::stats(&db, Utc::now()).await.unwrap();
        let (parts, joint) = rows.iter().fold((0, 0), |(p, j), r| (p + r.parts, j + r.joint));
        assert_eq!((parts, joint), (2, 0), "two visits of one unit, neither joint");

        // A photo belongs to a result: before it, the page says so.
        begin(&app, visit).await;
        let jpeg = phone_photo(320, 240);
        let r = h1
            .post_file(&format!("/staff/inspections/{visit}/photo"), "photo", "p.jpg", "image/jpeg", &jpeg)
            .await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains((t.i.notice)("photo_early")));
        // Fumes are not measured at a bar, nor one reading twice.
        let r = h1
            .post(
                &format!("/staff/inspections/{visit}/result"),
                &[
                    ("findings", "夜间\u{7}音响外放"),
                    ("what1", "fumes"),
                    ("value1", "2"),
                    ("what2", "noise_night"),
                    ("value2", "55"),
                    ("what3", "noise_night"),
                    ("value3", "56"),
                ],
            )
            .await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains(&(t.c.field_message)("what1", FieldError::NotAChoice)));
        assert!(r.body.contains(&(t.c.field_message)("what3", FieldError::Taken)));
        let r = h1
            .post(
                &format!("/staff/inspections/{visit}/result"),
                &[("findings", "夜间\u{7}音响外放"), ("what1", "noise_night"), ("value1", "55")],
            )
            .await;
        assert_eq!(r.status, 303);
        assert_eq!(
            count(&app, "SELECT COUNT(*) FROM inspection_visits WHERE findings = '夜间音响外放'").await,
            1,
            "control characters dropped"
        );

        // Shown on site (亮码): the code, units, surnames and numbers;
        // nothing staff-only.
        let shown = h1.get(&format!("/staff/inspections/{visit}?show=1")).await;
        assert_eq!(shown.status, 200);
        assert!(shown.body.contains("<svg"));
        assert!(shown.body.contains("王**"));
        // (The colleague's full name; the signed-in officer's own is in
        // the staff bar.)
        assert!(shown.body.contains("张**"));
        assert!(!shown.body.contains("张伟"));
        assert!(!shown.body.contains(t.i.parts_heading));
        assert!(!shown.body.contains(t.i.log_heading));

        // Merged into another source, the visits go along.
        let mut d = staff(&app, "dispatcher1", Role::Dispatcher, None).await;
        let r = d
            .post(
                &format!("/staff/sources/{source}/merge"),
                &[("into", &site.to_string()), ("confirm", "1")],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        assert_eq!(
            count(&app, &format!("SELECT COUNT(*) FROM inspection_visits WHERE source_id = {site}")).await,
            2
        );
        // The list pages; a page past the end is empty, not an error.
        let list = h1.get("/staff/inspections?page=2").await;
        assert_eq!(list.status, 200);
        assert!(list.body.contains(t.i.none));
        assert_eq!(h1.get("/staff/inspections?page=x").await.status, 200);

        // A code typed in full width or lower case reaches its one address.
        let c = code(&app, visit).await;
        // Percent-encoded, as a browser sends it.
        let wide: String = c
            .chars()
            .map(|ch| char::from_u32(ch as u32 + 0xFEE0).unwrap().to_string())
            .flat_map(|ch| ch.into_bytes())
            .map(|b| format!("%{b:02X}"))
            .collect();
        let mut public = Browser::new(&app);
        let r = public.get(&format!("/inspections?code={wide}")).await;
        assert_eq!(r.status, 303);
        assert_eq!(r.header("location"), format!("/inspections/{c}"));
        let r = public.get(&format!("/inspections/{}", c.to_lowercase())).await;
        assert_eq!(r.status, 303);
        assert_eq!(r.header("location"), format!("/inspections/{c}"));
        // The officer may not take the right to rate either.
        let r = h1.post(&format!("/inspections/{c}/claim"), &[]).await;
        assert_eq!(r.status, 403);
        assert!(r.body.contains(t.i.staff_may_not_rate));
    })
    .await;
}
