//! Demo complaints: five cases, some taken through to a reply, the public
//! ones reviewed and published as a dispatcher would.

use chrono::{DateTime, Utc};

use crate::server::Db;
use crate::server::row::Cols;

/// Demo complaints, filed and handled through the same code as real ones,
/// so the public board and tracking have something to show.
struct DemoCase {
    category: &'static str,
    town: &'static str,
    address: &'static str,
    details: &'static str,
    public: bool,
    days_ago: i64,
    reply: Option<(&'static str, domain::case::Outcome)>,
}

const DEMO_CASES: [DemoCase; 7] = [
    DemoCase {
        category: "noise_construction",
        town: "malu",
        address: "马陆镇宝安公路某工地",
        details: r#"{"Noise":{"when":"Night","recurring":true,"description":"工地夜里十一点以后还在浇筑混凝土，噪声很大，已经持续一周。"}}"#,
        public: true,
        days_ago: 9,
        reply: Some((
            "经现场检查，该工地未取得夜间施工许可，已责令停止夜间作业并立案调查。",
            domain::case::Outcome::PenaltyOpened,
        )),
    },
    DemoCase {
        category: "fumes_restaurant",
        town: "jiadingzhen",
        address: "嘉定镇街道城中路某饭店",
        details: r#"{"Fumes":{"business":"演示烧烤店","kind":"Both","description":"饭店油烟直排，傍晚开窗就有很重的油烟味。"}}"#,
        public: true,
        days_ago: 6,
        reply: Some((
            "经检查，该店油烟净化器未正常运行，已督促清洗维护，复测达标。",
            domain::case::Outcome::Fixed,
        )),
    },
    // The same restaurant again: with the one above, an early warning.
    DemoCase {
        category: "fumes_restaurant",
        town: "jiadingzhen",
        address: "嘉定镇街道城中路某饭店",
        details: r#"{"Fumes":{"business":"演示烧烤店","kind":"Smoke","description":"烧烤店晚上在门口露天烧烤，烟很大，飘进楼里。"}}"#,
        public: false,
        days_ago: 4,
        reply: None,
    },
    DemoCase {
        category: "fumes_restaurant",
        town: "jiadingzhen",
        address: "嘉定镇街道城中路某饭店",
        details: r#"{"Fumes":{"business":"演示烧烤店","kind":"Odour","description":"油烟味又出现了，晚饭时间窗户都不能开。"}}"#,
        public: false,
        days_ago: 1,
        reply: None,
    },
    DemoCase {
        category: "noise_social",
        town: "xinchenglu",
        address: "新成路街道某小区广场",
        details: r#"{"Noise":{"when":"Day","recurring":true,"description":"小区广场舞音响音量过大，早上很早就开始。"}}"#,
        public: true,
        days_ago: 3,
        reply: None,
    },
    DemoCase {
        category: "noise_commercial",
        town: "nanxiang",
        address: "南翔镇某商业街",
        details: r#"{"Noise":{"when":"Both","recurring":true,"description":"商铺门口喇叭循环播放促销广告，从早到晚不停。"}}"#,
        public: true,
        days_ago: 1,
        reply: None,
    },
    DemoCase {
        category: "noise_industrial",
        town: "waigang",
        address: "外冈镇某工业园区",
        details: r#"{"Noise":{"when":"Night","recurring":true,"description":"工厂风机夜间运转声音很大，影响附近居民休息。"}}"#,
        public: false,
        days_ago: 2,
        reply: None,
    },
];

/// Files the demo complaints into a database without cases; true when it
/// did.
pub async fn seed_cases_if_empty(
    db: &Db,
    now: DateTime<Utc>,
) -> Result<bool, crate::server::DbError> {
    use domain::complaint::filing::{Contact, Draft, Kind, LocationForm};
    use domain::complaint::input::{MobileNumber, PersonName};

    let existing: i64 = sqlx::query("SELECT COUNT(*) AS n FROM cases")
        .fetch_one(&db.pool)
        .await?
        .col("n")?;
    if existing > 0 {
        return Ok(false);
    }
    let towns: Vec<String> = crate::server::complaints::units(db, true)
        .await?
        .into_iter()
        .map(|u| u.code)
        .collect();
    for (i, c) in DEMO_CASES.iter().enumerate() {
        let kind = if c.category.starts_with("fumes") {
            Kind::Fumes
        } else {
            Kind::Noise
        };
        let mut draft = Draft::default();
        draft.set_category(c.category.to_owned(), kind);
        draft.location = LocationForm {
            town: c.town.to_owned(),
            address: c.address.to_owned(),
            ..LocationForm::default()
        }
        .validate(&towns)
        .ok();
        draft.details = serde_json::from_str(c.details).ok();
        draft.photos_done = true;
        draft.contact = Some(Contact {
            name: PersonName::parse("演示居民")
                .map_err(|e| sqlx::Error::Protocol(e.to_string()))?,
            phone: MobileNumber::parse(&format!("1390000{:04}", i + 1))
                .map_err(|e| sqlx::Error::Protocol(e.to_string()))?,
            public: c.public,
            email: None,
        });
        let at = now - chrono::Duration::days(c.days_ago);
        let token = crate::server::complaints::new_draft(db, &draft).await?;
        let filed = crate::server::submission::submit(db, &token, at)
            .await
            .map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
        if let Some((text, outcome)) = c.reply {
            let (id, version) = crate::server::cases::find(db, &filed.reference.to_string())
                .await?
                .ok_or_else(|| sqlx::Error::Protocol("demo case vanished".to_owned()))?;
            let mut version = version;
            for (step, days) in [
                (domain::case::Step::Accept, 1),
                (domain::case::Step::Assign, 1),
                (domain::case::Step::Inspect, 2),
                (domain::case::Step::Reply, 3),
            ] {
                let action = crate::server::cases::StaffAction {
                    step,
                    unit: Some(c.town.to_owned()),
                    outcome: Some(outcome),
                    agency: None,
                    inspection: None,
                    text: if step == domain::case::Step::Reply {
                        text.to_owned()
                    } else {
                        String::new()
                    },
                };
                version = crate::server::cases::act(
                    db,
                    id,
                    version,
                    crate::server::trail::Actor::System,
                    &action,
                    at + chrono::Duration::days(days),
                )
                .await
                .map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
            }
        }
        if c.public {
            // Reviewed as it is, as a dispatcher would.
            let (id, version) = crate::server::cases::find(db, &filed.reference.to_string())
                .await?
                .ok_or_else(|| sqlx::Error::Protocol("demo case vanished".to_owned()))?;
            let text = draft
                .details
                .as_ref()
                .map(|d| domain::mask::free_text(d.description().as_str()))
                .unwrap_or_default();
            let publication = domain::handling::Publication {
                text,
                place: domain::complaint::address::public_part(c.address),
            };
            crate::server::cases::publish(
                db,
                id,
                version,
                crate::server::trail::Actor::System,
                &publication,
                now,
            )
            .await
            .map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
        }
    }
    seed_source(db, now).await?;
    Ok(true)
}

/// The demo restaurant in the register, its complaints linked to it (which
/// raises the demo's early warning), and a workshop in Anting for the
/// Anting officers' routine inspections (source 2).
async fn seed_source(db: &Db, now: DateTime<Utc>) -> Result<(), crate::server::DbError> {
    let towns = vec!["jiadingzhen".to_owned(), "anting".to_owned()];
    let source = domain::source::SourceForm {
        source_name: "演示烧烤店".to_owned(),
        source_kind: "restaurant".to_owned(),
        town: "jiadingzhen".to_owned(),
        address: "嘉定镇街道城中路某饭店".to_owned(),
        zone: "2".to_owned(),
        ..Default::default()
    }
    .validate(&towns)
    .map_err(|p| sqlx::Error::Protocol(format!("demo source: {p:?}")))?;
    let staff_id: Option<i64> = sqlx::query("SELECT MIN(id) AS id FROM staff_users")
        .fetch_one(&db.pool)
        .await?
        .col("id")?;
    let Some(staff_id) = staff_id else {
        return Ok(());
    };
    let id = match crate::server::sources::create(db, &source, staff_id, now).await? {
        Ok(id) => id,
        Err(_) => return Ok(()),
    };
    let cases: Vec<i64> = sqlx::query(
        "SELECT id FROM cases WHERE category = 'fumes_restaurant' ORDER BY submitted_at",
    )
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| r.col("id"))
    .collect::<Result<_, _>>()?;
    for case in cases {
        crate::server::cases::link_source(db, case, id, crate::server::trail::Actor::System, now)
            .await
            .map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
    }
    let workshop = domain::source::SourceForm {
        source_name: "演示汽车配件厂".to_owned(),
        source_kind: "factory".to_owned(),
        town: "anting".to_owned(),
        address: "安亭镇某工业园区".to_owned(),
        zone: "3".to_owned(),
        ..Default::default()
    }
    .validate(&towns)
    .map_err(|p| sqlx::Error::Protocol(format!("demo source: {p:?}")))?;
    // Already there (a second start) is a form problem, and fine.
    let _ = crate::server::sources::create(db, &workshop, staff_id, now).await?;
    Ok(())
}
