//! Demo campaigns, events and news, dated from the day the demo starts:
//! the next World Environment Day's campaign with sign-up open, a campaign
//! scheduled for later, published news and one draft.

use chrono::{DateTime, Utc};

use crate::server::Db;
use crate::server::row::Cols;

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
