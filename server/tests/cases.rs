//! Staff steps on cases through the domain state machine: the trail, the
//! outbox and the optimistic version check, on SQLite and PostgreSQL.

mod helpers;

use app::server::Db;
use app::server::cases::{self, StaffAction};
use app::server::complaints::ActError;
use app::server::trail::{self, Actor, Verdict};
use chrono::Utc;
use domain::case::{NotAllowed, Outcome, Step};
use helpers::{ENGINES, TestApp, TestDb};
use sqlx::Row;

async fn file_one(app: &TestApp) -> (Db, i64) {
    use domain::complaint::filing::{ContactForm, DetailsForm, Draft, Kind, LocationForm};
    let db = Db::connect(&app.database_url, 4).await.unwrap();
    let mut draft = Draft::default();
    draft.set_category("noise_construction".to_owned(), Kind::Noise);
    draft.location = Some(
        LocationForm {
            town: "anting".to_owned(),
            address: "安亭镇墨玉路185弄".to_owned(),
            ..LocationForm::default()
        }
        .validate(&["anting".to_owned()])
        .unwrap(),
    );
    draft.details = Some(
        DetailsForm {
            when: "night".to_owned(),
            recurring: "yes".to_owned(),
            description: "夜间施工噪声扰民，已经持续多日。".to_owned(),
            ..DetailsForm::default()
        }
        .validate(Kind::Noise)
        .unwrap(),
    );
    draft.photos_done = true;
    draft.contact = Some(
        ContactForm {
            name: "王五".to_owned(),
            phone: "13612345678".to_owned(),
            consent: "yes".to_owned(),
            ..ContactForm::default()
        }
        .validate()
        .unwrap(),
    );
    let token = app::server::complaints::new_draft(&db, &draft)
        .await
        .unwrap();
    let done = app::server::complaints::submit(&db, &token, Utc::now())
        .await
        .unwrap();
    let (id, _) = cases::find(&db, &done.reference.to_string())
        .await
        .unwrap()
        .unwrap();
    (db, id)
}

fn action(step: Step) -> StaffAction {
    StaffAction {
        step,
        unit: Some("anting".to_owned()),
        outcome: Some(Outcome::Mediated),
        text: "已调解".to_owned(),
    }
}

#[tokio::test]
async fn two_staff_acting_at_once_one_wins_the_other_gets_a_conflict() {
    for engine in ENGINES {
        let app = TestApp::spawn_on(TestDb::new(engine).await, |c| c.demo = Some(false)).await;
        let (db, id) = file_one(&app).await;
        let v = cases::version(&db, id).await.unwrap().unwrap();
        let (accept, assign) = (action(Step::Accept), action(Step::Assign));
        let (a, b) = tokio::join!(
            cases::act(&db, id, v, Actor::Staff(1), &accept, Utc::now()),
            cases::act(&db, id, v, Actor::Staff(2), &assign, Utc::now()),
        );
        let (ok, conflict) = match (&a, &b) {
            (Ok(_), Err(e)) | (Err(e), Ok(_)) => (1, e),
            _ => panic!("{engine:?}: exactly one must win: {a:?} {b:?}"),
        };
        assert_eq!(ok, 1);
        assert!(
            matches!(conflict, ActError::Conflict),
            "{engine:?}: {conflict:?}"
        );
        // Nothing of the loser was written.
        let events: i64 = sqlx::query("SELECT COUNT(*) FROM case_events")
            .fetch_one(&db.pool)
            .await
            .unwrap()
            .get(0);
        assert_eq!(events, 2, "{engine:?}: submitted + the winner's step");
        assert_eq!(cases::version(&db, id).await.unwrap(), Some(v + 1));
        assert_eq!(trail::verify(&db).await.unwrap(), Verdict::Intact(2));
    }
}

#[tokio::test]
async fn steps_follow_the_state_machine_and_notify_the_resident() {
    for engine in ENGINES {
        let app = TestApp::spawn_on(TestDb::new(engine).await, |c| c.demo = Some(false)).await;
        let (db, id) = file_one(&app).await;
        let mut v = cases::version(&db, id).await.unwrap().unwrap();
        let refused = cases::act(
            &db,
            id,
            v,
            Actor::Staff(1),
            &action(Step::Reply),
            Utc::now(),
        )
        .await;
        assert!(
            matches!(refused, Err(ActError::NotAllowed(NotAllowed::WrongState))),
            "{engine:?}: a reply before assignment"
        );
        for step in [
            Step::Accept,
            Step::Assign,
            Step::Inspect,
            Step::Reply,
            Step::Close,
        ] {
            v = cases::act(&db, id, v, Actor::Staff(1), &action(step), Utc::now())
                .await
                .unwrap_or_else(|e| panic!("{engine:?} {step:?}: {e}"));
        }
        let row = sqlx::query("SELECT status, unit, outcome FROM cases WHERE id = $1")
            .bind(id)
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert_eq!(row.get::<String, _>(0), "closed");
        assert_eq!(row.get::<String, _>(1), "anting");
        assert_eq!(row.get::<String, _>(2), "mediated");
        let sms: i64 = sqlx::query("SELECT COUNT(*) FROM notifications WHERE case_id = $1")
            .bind(id)
            .fetch_one(&db.pool)
            .await
            .unwrap()
            .get(0);
        // Submitted, accepted, assigned, in progress, replied, closed.
        assert_eq!(sms, 6, "{engine:?}");
        // A stale version is a conflict, not a silent overwrite.
        let stale = cases::act(
            &db,
            id,
            v - 1,
            Actor::Staff(1),
            &action(Step::Close),
            Utc::now(),
        )
        .await;
        assert!(matches!(stale, Err(ActError::Conflict)));
        assert_eq!(trail::verify(&db).await.unwrap(), Verdict::Intact(6));
    }
}
