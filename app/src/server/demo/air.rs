//! Demo content for the embedded run: seeded into an empty database when
//! demo mode is on, and clearly marked as demo data wherever it shows.
//!
//! Air quality: a deterministic generator of a realistic year of hourly
//! readings for four demo stations (winter PM peaks, summer O3 peaks, rush
//! hour NO2, pollution episodes lasting days, a few missing hours), kept up
//! to date by [`top_up`] while the demo runs.

use chrono::{DateTime, Datelike, TimeZone, Timelike, Utc};
use domain::aqi::reading::HourlyReading;
use domain::shanghai;

use crate::server::Db;
use crate::server::air::{self, IngestError, Station};
use crate::server::row::Cols;
use crate::server::staff::{self, StaffError};
use domain::staff::{Role, Username};

const HOUR: i64 = 3600;

struct DemoStation {
    code: &'static str,
    name_zh: &'static str,
    name_en: &'static str,
    town: &'static str,
    lat: f64,
    lon: f64,
    /// How much dirtier or cleaner than the district average.
    factor: f64,
}

const STATIONS: [DemoStation; 4] = [
    DemoStation {
        code: "demo-jiading-town",
        name_zh: "嘉定城区（演示）",
        name_en: "Jiading Town (demo)",
        town: "嘉定镇街道",
        lat: 31.383,
        lon: 121.250,
        factor: 1.0,
    },
    DemoStation {
        code: "demo-nanxiang",
        name_zh: "南翔（演示）",
        name_en: "Nanxiang (demo)",
        town: "南翔镇",
        lat: 31.298,
        lon: 121.318,
        factor: 1.08,
    },
    DemoStation {
        code: "demo-anting",
        name_zh: "安亭（演示）",
        name_en: "Anting (demo)",
        town: "安亭镇",
        lat: 31.293,
        lon: 121.160,
        factor: 1.12,
    },
    DemoStation {
        code: "demo-malu",
        name_zh: "马陆（演示）",
        name_en: "Malu (demo)",
        town: "马陆镇",
        lat: 31.332,
        lon: 121.272,
        factor: 0.93,
    },
];

/// The password of every demo staff account (listed in the README).
pub const DEMO_PASSWORD: &str = "qingjia-demo-2026";

/// The demo administrator's two-step verification key (README): any
/// authenticator app, or `oathtool --totp -b`, gives its codes.
pub const DEMO_TOTP_SECRET: &str = "QJDEMOQJDEMOQJDEMOQJDEMOQJDEMOQJ";

/// Username, name, role and (for handlers) unit.
const DEMO_STAFF: [(&str, &str, Role, Option<&str>); 8] = [
    ("admin", "演示管理员", Role::Admin, None),
    ("dispatcher", "演示受理员", Role::Dispatcher, None),
    (
        "handler.malu",
        "马陆镇承办人（演示）",
        Role::Handler,
        Some("malu"),
    ),
    (
        "handler.anting",
        "安亭镇承办人（演示）",
        Role::Handler,
        Some("anting"),
    ),
    (
        "handler.chengguan",
        "城管执法局承办人（演示）",
        Role::Handler,
        Some("chengguan"),
    ),
    (
        "handler.enforcement",
        "执法大队承办人（演示）",
        Role::Handler,
        Some("enforcement"),
    ),
    ("editor", "演示编辑", Role::Editor, None),
    ("leader", "演示领导", Role::Leader, None),
];

/// Demo staff accounts, when there are no staff accounts at all.
pub async fn seed_staff_if_empty(db: &Db) -> Result<bool, StaffError> {
    let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM staff_users")
        .fetch_one(&db.pool)
        .await
        .map_err(crate::server::DbError::from)?
        .col("n")?;
    if n > 0 {
        return Ok(false);
    }
    for (username, name, role, unit) in DEMO_STAFF {
        let username = Username::parse(username)?;
        let id = staff::create_user(db, &username, name, DEMO_PASSWORD, role, true).await?;
        if unit.is_some() {
            staff::set_unit(db, id, unit).await?;
        }
        if role == Role::Admin {
            staff::set_totp_secret(db, id, DEMO_TOTP_SECRET).await?;
        }
    }
    Ok(true)
}

/// The active demo staff accounts (published passwords): a server outside
/// demo mode refuses to start while there are any.
pub async fn active_staff(db: &Db) -> Result<i64, crate::server::DbError> {
    sqlx::query("SELECT COUNT(*) AS n FROM staff_users WHERE demo = 1 AND active = 1")
        .fetch_one(&db.pool)
        .await?
        .col("n")
}

/// Deactivates the demo staff accounts and ends their sessions (their
/// names stay in the case trails). Returns how many were active.
pub async fn retire_staff(db: &Db) -> Result<u64, crate::server::DbError> {
    let mut tx = db.pool.begin().await?;
    sqlx::query(
        "DELETE FROM staff_sessions WHERE user_id IN (SELECT id FROM staff_users WHERE demo = 1)",
    )
    .execute(&mut *tx)
    .await?;
    let n = sqlx::query("UPDATE staff_users SET active = 0 WHERE demo = 1 AND active = 1")
        .execute(&mut *tx)
        .await?
        .rows_affected();
    tx.commit().await?;
    Ok(n)
}

/// Seeds demo content when the database has none. Returns whether it did.
pub async fn seed_if_empty(db: &Db, now: DateTime<Utc>) -> Result<bool, IngestError> {
    let stations: i64 = sqlx::query("SELECT COUNT(*) AS n FROM air_stations")
        .fetch_one(&db.pool)
        .await?
        .col("n")?;
    if stations > 0 {
        return Ok(false);
    }
    for s in &STATIONS {
        air::save_station(
            db,
            &Station {
                id: 0,
                code: s.code.to_owned(),
                name_zh: s.name_zh.to_owned(),
                name_en: s.name_en.to_owned(),
                town: s.town.to_owned(),
                latitude: Some(s.lat),
                longitude: Some(s.lon),
                kind: "demo".to_owned(),
                demo: true,
            },
        )
        .await?;
    }
    let last = last_complete_hour(now);
    air::ingest(db, &readings(last - 365 * 24 * HOUR, last, now)).await?;
    Ok(true)
}

/// Adds the demo hours missing between the last stored hour and now.
pub async fn top_up(db: &Db, now: DateTime<Utc>) -> Result<usize, IngestError> {
    let row = sqlx::query("SELECT MAX(r.hour) AS latest FROM air_readings r JOIN air_stations s ON s.id = r.station_id WHERE s.demo = 1")
        .fetch_one(&db.pool)
        .await?;
    let Some(latest) = row.col::<Option<i64>>("latest")? else {
        return Ok(0);
    };
    let last = last_complete_hour(now);
    if latest >= last {
        return Ok(0);
    }
    // At most a day back: a demo left off for a week restarts from recent data.
    let from = (latest + HOUR).max(last - 24 * HOUR);
    air::ingest(db, &readings(from, last, now)).await
}

/// Start of the last hour that has ended: a station reports an hour once
/// it is over.
fn last_complete_hour(t: DateTime<Utc>) -> i64 {
    t.timestamp() - t.timestamp().rem_euclid(HOUR) - HOUR
}

/// Every demo station's readings for the hours `from..=to`.
fn readings(from: i64, to: i64, now: DateTime<Utc>) -> Vec<HourlyReading> {
    let mut out = Vec::new();
    let mut hour = from;
    while hour <= to {
        let Some(t) = Utc.timestamp_opt(hour, 0).single() else {
            break;
        };
        for (i, s) in STATIONS.iter().enumerate() {
            if let Ok(r) = HourlyReading::parse(s.code, t, values(i as u64, s.factor, t), now) {
                out.push(r);
            }
        }
        hour += HOUR;
    }
    out
}

/// A uniform number in [0, 1) from a seed (SplitMix64): the same seed gives
/// the same value on every run and every machine.
fn unit(seed: u64) -> f64 {
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

/// Smooth noise in [0, 1) varying over a few days: pollution episodes.
fn episode(stream: u64, hours: f64) -> f64 {
    let period = 60.0;
    let k = (hours / period).floor();
    let f = hours / period - k;
    let a = unit(stream.wrapping_mul(1_000_003).wrapping_add(k as u64));
    let b = unit(stream.wrapping_mul(1_000_003).wrapping_add(k as u64 + 1));
    let s = f * f * (3.0 - 2.0 * f);
    a + (b - a) * s
}

/// One station's concentrations for one hour: PM2.5, PM10, O3, NO2, SO2, CO.
fn values(station: u64, factor: f64, t: DateTime<Utc>) -> [Option<f64>; 6] {
    let local = shanghai::local(t);
    let hours = (t.timestamp() / HOUR) as f64;
    let seed = (t.timestamp() as u64 / HOUR as u64)
        .wrapping_mul(31)
        .wrapping_add(station);
    // A few missing hours (instrument calibration, outages).
    if unit(seed ^ 0xDEAD) < 0.012 {
        return [None; 6];
    }
    let tau = std::f64::consts::TAU;
    let doy = f64::from(local.ordinal0());
    let winter = (tau * (doy - 15.0) / 365.0).cos(); // +1 mid-January, −1 mid-July
    let summer = (tau * (doy - 175.0) / 365.0).cos(); // +1 late June
    let h = f64::from(local.hour());
    let jitter = |k: u64| 0.88 + 0.24 * unit(seed.wrapping_mul(7).wrapping_add(k));
    let smog = episode(1, hours);
    let pm25 = (32.0 + 18.0 * winter)
        * (0.45 + 1.25 * smog)
        * (1.0 + 0.12 * (tau * (h - 9.0) / 24.0).cos())
        * factor
        * jitter(1);
    let pm10 = pm25 * (1.45 + 0.35 * unit(seed ^ 0xBEEF)) * jitter(2);
    let sun = if (7.0..=20.0).contains(&h) {
        (std::f64::consts::PI * (h - 7.0) / 13.0).sin()
    } else {
        0.0
    };
    let o3 =
        (68.0 + 48.0 * summer) * (0.7 + 0.6 * episode(2, hours)) * (0.3 + 1.15 * sun) * jitter(3);
    let rush = if (7.0..=9.0).contains(&h) || (17.0..=19.0).contains(&h) {
        1.35
    } else {
        1.0
    };
    let no2 =
        (36.0 + 12.0 * winter) * rush * (0.7 + 0.6 * smog) * factor * jitter(4) * (1.0 - 0.3 * sun);
    let so2 = (6.0 + 2.0 * winter) * jitter(5);
    let co = ((0.55 + 0.22 * winter + 0.35 * smog) * jitter(6) * 10.0).round() / 10.0;
    [
        Some(pm25.round()),
        Some(pm10.round()),
        Some(o3.round()),
        Some(no2.round()),
        Some(so2.round()),
        Some(co),
    ]
}

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

const DEMO_CASES: [DemoCase; 5] = [
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
    Ok(true)
}

/// Demo campaigns, events and news, when there is no content at all: the
/// next World Environment Day's campaign (one event with three places, to
/// show a full event), a campaign scheduled for later, and news.
pub async fn seed_content_if_empty(
    db: &Db,
    now: DateTime<Utc>,
) -> Result<bool, crate::server::DbError> {
    use crate::server::content::{self, Draft, NewEvent};
    use domain::content::{Status, Tag};
    let existing: i64 = sqlx::query(
        "SELECT (SELECT COUNT(*) FROM campaigns) + (SELECT COUNT(*) FROM news_articles) AS n",
    )
    .fetch_one(&db.pool)
    .await?
    .col("n")?;
    if existing > 0 {
        return Ok(false);
    }
    let today = domain::shanghai::today(now);
    let day = domain::calendar::AnnualDate::new(6, 5)
        .map_err(|e| sqlx::Error::Protocol(e.to_string()))?
        .next_on_or_after(today);
    let year = chrono::Datelike::year(&day);
    let at = |date: chrono::NaiveDate, h: u32, m: u32| {
        date.and_hms_opt(h, m, 0)
            .and_then(|t| t.and_local_timezone(domain::shanghai::offset()).single())
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or(now)
    };
    let draft = |slug: String, title: &str, summary: &str, body: &str, status, publish_at| Draft {
        slug,
        title: title.to_owned(),
        summary: summary.to_owned(),
        body_md: body.to_owned(),
        status,
        publish_at,
    };
    let campaign = content::create_campaign(
        db,
        Some("world-environment-day"),
        year,
        &draft(
            format!("world-environment-day-{year}"),
            &format!("{year}年六五环境日：美丽中国，我是行动者（演示）"),
            "六五环境日期间，嘉定区生态环境局开放环境设施、举办科普讲座，欢迎市民报名参加。",
            "## 活动简介\n\n每年 6 月 5 日是**世界环境日**。今年嘉定区围绕“美丽中国，我是行动者”主题，\
             组织环境设施向公众开放和生态环境科普讲座。\n\n## 参加方式\n\n- 每场活动需提前报名，名额有限；\n\
             - 报名时请填写姓名和手机号码，活动前一天会发送提醒短信；\n- 如不能参加，请通过报名成功页面的链接取消，\
             把名额让给其他市民。\n\n更多环境日知识见[生态环境部网站](https://www.mee.gov.cn/)。",
            Status::Published,
            Some(now - chrono::Duration::days(1)),
        ),
        now,
    )
    .await?;
    let open = now - chrono::Duration::days(1);
    for (title, place, capacity, h) in [
        (
            "嘉定再生能源利用中心公众开放日（演示）",
            "嘉定区外冈镇再生能源利用中心访客厅",
            3,
            9,
        ),
        (
            "生态环境科普讲座：身边的噪声（演示）",
            "嘉定区图书馆报告厅",
            80,
            14,
        ),
    ] {
        let starts = at(day, h, 30);
        content::create_event(
            db,
            campaign,
            &NewEvent {
                title: title.to_owned(),
                starts_at: starts,
                ends_at: starts + chrono::Duration::hours(2),
                place: place.to_owned(),
                capacity,
                opens_at: open,
                closes_at: (starts - chrono::Duration::hours(12))
                    .max(now + chrono::Duration::days(1)),
            },
        )
        .await?;
    }
    content::create_campaign(
        db,
        Some("national-ecology-day"),
        year,
        &draft(
            format!("national-ecology-day-{year}"),
            &format!("{year}年全国生态日（演示）"),
            "8 月 15 日全国生态日主题活动，即将发布。",
            "活动安排即将发布。",
            Status::Scheduled,
            Some(now + chrono::Duration::days(30)),
        ),
        now,
    )
    .await?;
    let news = [
        (
            Tag::AirQuality,
            "air-quality-report",
            "上月嘉定区空气质量优良天数比例为 90%（演示）",
            "上月全区环境空气质量总体良好，首要污染物为臭氧。",
            "上月，嘉定区环境空气质量优良天数比例为 **90%**，PM2.5 月均浓度同比下降。\n\n臭氧是夏季的主要污染物，\
          请在午后减少长时间户外剧烈运动。实时数据见[空气质量](/air)页面。",
            2,
        ),
        (
            Tag::Notices,
            "night-construction-rules",
            "关于规范夜间施工管理的通知（演示）",
            "夜间 22 时至次日 6 时，除抢修、抢险等特殊情况外，禁止产生环境噪声污染的建筑施工作业。",
            "根据《中华人民共和国噪声污染防治法》，在噪声敏感建筑物集中区域，**禁止夜间进行产生噪声的建筑施工作业**，\
          因生产工艺要求或者其他特殊需要必须连续施工作业的除外。\n\n发现夜间施工扰民，可通过本网站[我要投诉](/complaints/new)反映。",
            5,
        ),
        (
            Tag::Campaigns,
            "environment-day-signup",
            "六五环境日活动开始报名（演示）",
            "环境设施开放日、科普讲座开放报名，名额有限。",
            "六五环境日系列活动现已开放报名，详见[环境日活动](/campaigns)。",
            1,
        ),
    ];
    for (tag, slug, title, summary, body, days_ago) in news {
        content::create_article(
            db,
            tag,
            &draft(
                format!("{slug}-{year}"),
                title,
                summary,
                body,
                Status::Published,
                Some(now - chrono::Duration::days(days_ago)),
            ),
            now,
        )
        .await?;
    }
    content::create_article(
        db,
        Tag::Notices,
        &draft(
            format!("draft-notice-{year}"),
            "草稿：尚未发布的通知（演示）",
            "编辑中的草稿不会公开。",
            "草稿。",
            Status::Draft,
            None,
        ),
        now,
    )
    .await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;
    use domain::aqi::daily::DayData;
    use domain::aqi::{Category, Edition, Pollutant, daily_rating};

    #[test]
    fn deterministic_and_plausible() {
        let t = Utc.with_ymd_and_hms(2026, 1, 15, 6, 0, 0).unwrap();
        assert_eq!(values(0, 1.0, t), values(0, 1.0, t));
        assert_ne!(values(0, 1.0, t), values(1, 1.08, t));
        let now = t + Duration::days(1);
        for r in readings(t.timestamp() - 48 * HOUR, t.timestamp(), now) {
            for v in r.values.iter().flatten() {
                assert!(*v >= 0.0 && v.is_finite());
            }
        }
    }

    #[test]
    fn a_year_looks_like_jiading() {
        // District-like daily AQI over a year: mostly good, some polluted
        // days, PM2.5 in the twenties to thirties on average.
        let start = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap() - Duration::hours(8);
        let (mut good, mut valid, mut pm) = (0, 0, Vec::new());
        let mut winter_pm = 0.0;
        let mut summer_o3 = 0.0;
        for d in 0..365 {
            let mut data = DayData::default();
            for h in 0..24 {
                let t = start + Duration::days(d) + Duration::hours(h);
                for (p, v) in Pollutant::ALL.into_iter().zip(values(0, 1.0, t)) {
                    data.hours_mut(p)[h as usize] = v;
                }
            }
            let day = data.daily_values();
            if let Some(aqi) = daily_rating(Edition::Hj633_2012, &day).aqi {
                valid += 1;
                if Category::of(aqi).is_good() {
                    good += 1;
                }
            }
            if let Some(v) = day.pm25 {
                pm.push(v);
                if d < 31 {
                    winter_pm += v / 31.0;
                }
            }
            if (160..190).contains(&d) {
                summer_o3 += day.o3_8h_max.unwrap_or(0.0) / 30.0;
            }
        }
        let rate = good as f64 * 100.0 / valid as f64;
        let mean = pm.iter().sum::<f64>() / pm.len() as f64;
        assert!(valid > 330, "{valid}");
        assert!((75.0..97.0).contains(&rate), "good-day rate {rate}");
        assert!((20.0..40.0).contains(&mean), "PM2.5 mean {mean}");
        assert!(winter_pm > mean, "winter PM peak");
        assert!(summer_o3 > 100.0, "summer O3 peak {summer_o3}");
    }
}
