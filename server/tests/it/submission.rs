//! The submission writer's batches, on SQLite and PostgreSQL (whose
//! statements differ: ADR 007): what one transaction of several
//! submissions leaves in every table.

use crate::helpers;

use app::server::Db;
use app::server::complaints::{self, confirmation, new_draft};
use app::server::submission::{Ready, prepare, write_batch};
use app::server::trail::{self, Verdict};
use chrono::{DateTime, Utc};
use helpers::{ENGINES, TestDb, complete_draft};
use sqlx::Row;

fn at(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339).unwrap().to_utc()
}

async fn draft(db: &Db, town: &str, phone: &str, email: Option<&str>) -> String {
    let mut draft = complete_draft("noise_social", town, "安亭镇墨玉路185弄", phone);
    if let Some(email) = email {
        let contact = draft.contact.as_mut().unwrap();
        contact.email = Some(domain::complaint::input::EmailAddress::parse(email).unwrap());
    }
    new_draft(db, &draft).await.unwrap()
}

async fn prepared(db: &Db, token: &str, now: DateTime<Utc>) -> app::server::submission::Prepared {
    match prepare(db, token, now).await.unwrap() {
        Ready::Write(p) => *p,
        Ready::Done(_) => panic!("the draft was submitted already"),
    }
}

#[tokio::test]
async fn a_batch_across_new_year_numbers_each_year_and_writes_every_table_once() {
    for engine in ENGINES {
        eprintln!("-- engine: {engine:?}");
        let test_db = TestDb::new(engine).await;
        let db = Db::connect(&test_db.url, 4)
            .await
            .unwrap()
            .with_access_key(app::server::AccessKey::new(helpers::ACCESS_KEY.as_bytes()).unwrap());
        db.migrate().await.unwrap();
        // 23:59:59 and 00:00:01 in Shanghai, either side of New Year.
        let (old_year, new_year) = (at("2026-12-31T15:59:59Z"), at("2026-12-31T16:00:01Z"));
        let a = draft(&db, "anting", "13612345678", None).await;
        let b = draft(&db, "nanxiang", "13712345678", Some("wang@example.cn")).await;
        let c = draft(&db, "malu", "13812345678", None).await;
        complaints::add_draft_photo(&db, &c, "photos/c.jpg", "photos/c-thumb.jpg", (8, 8, 100))
            .await
            .unwrap();
        let batch = vec![
            prepared(&db, &a, old_year).await,
            prepared(&db, &b, new_year).await,
            prepared(&db, &c, old_year).await,
            // A double tap inside the batch.
            prepared(&db, &a, old_year).await,
        ];
        let written = write_batch(&db, &batch).await.unwrap();
        let references: Vec<Option<String>> = written
            .iter()
            .map(|w| w.as_ref().map(|s| s.reference.to_string()))
            .collect();
        assert_eq!(
            references,
            [
                Some("JD-2026-000001".to_owned()),
                Some("JD-2027-000001".to_owned()),
                Some("JD-2026-000002".to_owned()),
                None
            ]
        );
        assert!(
            written[..3]
                .iter()
                .all(|w| w.as_ref().is_some_and(|s| s.access_code.is_some()))
        );
        // Social-life noise goes to the town of the place.
        assert_eq!(written[1].as_ref().unwrap().unit.code, "nanxiang");

        let mut conn = db.pool.acquire().await.unwrap();
        let rows = sqlx::query(
            "SELECT c.reference, c.town, c.contact_phone, c.contact_email, d.token_hash, \
             (SELECT COUNT(*) FROM case_events e WHERE e.case_id = c.id AND e.kind = 'submitted'), \
             (SELECT COUNT(*) FROM notifications n WHERE n.case_id = c.id), \
             (SELECT COUNT(*) FROM complaint_photos p WHERE p.case_id = c.id) \
             FROM cases c JOIN complaint_drafts d ON d.case_id = c.id ORDER BY c.reference",
        )
        .fetch_all(&mut *conn)
        .await
        .unwrap();
        // One line per case: reference, town, phone, email, the draft that
        // names it, and its events, messages and photos.
        let name = |hash: String| {
            [("a", &a), ("b", &b), ("c", &c)]
                .into_iter()
                .find(|(_, token)| app::server::token_hash(token) == hash)
                .map_or("?", |(name, _)| name)
        };
        let found: Vec<String> = rows
            .iter()
            .map(|r| {
                format!(
                    "{} {} {} {:?} {} {} {} {}",
                    r.get::<String, _>(0),
                    r.get::<String, _>(1),
                    r.get::<String, _>(2),
                    r.get::<Option<String>, _>(3),
                    name(r.get(4)),
                    r.get::<i64, _>(5),
                    r.get::<i64, _>(6),
                    r.get::<i64, _>(7),
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                "JD-2026-000001 anting 13612345678 None a 1 1 0",
                "JD-2026-000002 malu 13812345678 None c 1 1 1",
                "JD-2027-000001 nanxiang 13712345678 Some(\"wang@example.cn\") b 1 2 0",
            ],
            "each draft names its own case, with its event, messages and photos"
        );
        assert_eq!(trail::verify(&db).await.unwrap(), Verdict::Intact(3));
        let counters: Vec<(i64, i64)> =
            sqlx::query("SELECT year, last FROM case_counters ORDER BY year")
                .fetch_all(&mut *conn)
                .await
                .unwrap()
                .iter()
                .map(|r| (r.get(0), r.get(1)))
                .collect();
        assert_eq!(counters, [(2026, 2), (2027, 1)]);

        // The confirmation pages show the codes the batch answered with.
        for (token, w) in [&a, &b, &c].into_iter().zip(&written) {
            let shown = confirmation(&db, token).await.unwrap().unwrap();
            let w = w.as_ref().unwrap();
            assert_eq!(
                (shown.reference, shown.access_code.as_ref()),
                (w.reference, w.access_code.as_ref())
            );
        }
        // A later batch with a submitted draft writes nothing for it.
        let again = prepared(
            &db,
            &draft(&db, "anting", "13912345678", None).await,
            new_year,
        )
        .await;
        let late = write_batch(&db, &[batch[0].clone(), again]).await.unwrap();
        assert!(late[0].is_none());
        assert_eq!(
            late[1].as_ref().map(|s| s.reference.to_string()),
            Some("JD-2027-000002".to_owned())
        );
        assert_eq!(trail::verify(&db).await.unwrap(), Verdict::Intact(4));
    }
}
