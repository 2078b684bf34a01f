//! Strings of the campaign and news pages.

use domain::content::Tag;

pub struct ContentTexts {
    pub nav_campaigns: &'static str,
    pub nav_news: &'static str,
    pub campaigns_title: &'static str,
    pub campaigns_intro: &'static str,
    pub campaigns_empty: &'static str,
    pub next_day: fn(&str, &str, i64) -> String,
    pub events_heading: &'static str,
    pub no_events: &'static str,
    pub event_time: &'static str,
    pub event_place: &'static str,
    pub seats_left: fn(i64, i64) -> String,
    pub signup_not_open: fn(&str) -> String,
    pub signup_closed: &'static str,
    pub event_full: &'static str,
    pub signup_heading: fn(&str) -> String,
    pub signup_name: &'static str,
    pub signup_phone: &'static str,
    pub signup_phone_hint: &'static str,
    pub signup_consent: &'static str,
    pub signup_submit: &'static str,
    pub already_signed_up: &'static str,
    pub signed_up_title: &'static str,
    pub signed_up_body: fn(&str, &str, &str) -> String,
    pub signed_up_as: fn(&str, &str) -> String,
    pub cancel_link_intro: &'static str,
    pub back_to_campaign: &'static str,
    pub cancel_title: &'static str,
    pub cancel_confirm: fn(&str, &str) -> String,
    pub cancel_button: &'static str,
    pub cancelled: &'static str,
    pub cancel_missing: &'static str,
    pub news_title: &'static str,
    pub news_intro: &'static str,
    pub news_empty: &'static str,
    pub all_tags: &'static str,
    pub published_on: fn(&str) -> String,
    pub feed: &'static str,
    pub print: &'static str,
    pub previous: &'static str,
    pub next: &'static str,
    pub page_of: fn(i64, i64) -> String,
    tags: [&'static str; 3],
}

impl ContentTexts {
    pub fn tag(&self, tag: Tag) -> &'static str {
        self.tags[Tag::ALL.iter().position(|t| *t == tag).unwrap_or(0)]
    }
}

pub static ZH_CN: ContentTexts = ContentTexts {
    nav_campaigns: "环境日活动",
    nav_news: "新闻动态",
    campaigns_title: "环境日活动",
    campaigns_intro: "六五环境日、全国生态日、全国低碳日等主题活动：设施开放、科普讲座，欢迎报名参加。",
    campaigns_empty: "暂无活动，敬请关注。",
    next_day: |name, date, days| {
        if days == 0 {
            format!("今天是{name}（{date}）")
        } else {
            format!("距{name}（{date}）还有 {days} 天")
        }
    },
    events_heading: "活动安排",
    no_events: "本活动暂无需要报名的场次。",
    event_time: "时间",
    event_place: "地点",
    seats_left: |left, capacity| format!("剩余名额 {left}（共 {capacity} 个）"),
    signup_not_open: |at| format!("报名将于 {at} 开始。"),
    signup_closed: "报名已截止。",
    event_full: "名额已满。",
    signup_heading: |title| format!("报名：{title}"),
    signup_name: "姓名",
    signup_phone: "手机号码",
    signup_phone_hint: "仅用于活动通知；公开页面只显示为 138****5678 的形式。",
    signup_consent: "我同意本局为组织本次活动处理上述姓名和手机号码，活动结束后删除。",
    signup_submit: "报名",
    already_signed_up: "这个手机号码已经报名了本场活动。",
    signed_up_title: "报名成功",
    signed_up_body: |event, time, place| {
        format!("您已报名“{event}”，时间：{time}，地点：{place}。")
    },
    signed_up_as: |name, phone| format!("报名人：{name}，{phone}"),
    cancel_link_intro: "如需取消报名，请保存下面的链接（只显示这一次）：",
    back_to_campaign: "返回活动页面",
    cancel_title: "取消报名",
    cancel_confirm: |event, time| {
        format!("确认取消“{event}”（{time}）的报名吗？名额将让给其他人。")
    },
    cancel_button: "确认取消报名",
    cancelled: "已取消报名，名额已释放。",
    cancel_missing: "找不到这个报名。请检查链接是否完整。",
    news_title: "新闻动态",
    news_intro: "本局工作动态、空气质量情况和通知公告。",
    news_empty: "暂无新闻。",
    all_tags: "全部",
    published_on: |d| format!("发布于 {d}"),
    feed: "订阅新闻（Atom）",
    print: "打印本页",
    previous: "上一页",
    next: "下一页",
    page_of: |p, n| format!("第 {p} / {n} 页"),
    tags: ["空气质量", "环境日活动", "通知公告"],
};

pub static EN: ContentTexts = ContentTexts {
    nav_campaigns: "Environment days",
    nav_news: "News",
    campaigns_title: "Environment-day campaigns",
    campaigns_intro: "World Environment Day, National Ecology Day, Low-Carbon Day and more: facility open days and science talks you can sign up for.",
    campaigns_empty: "No campaigns yet.",
    next_day: |name, date, days| {
        if days == 0 {
            format!("Today is {name} ({date})")
        } else {
            format!("{days} days to {name} ({date})")
        }
    },
    events_heading: "Events",
    no_events: "This campaign has no events to sign up for.",
    event_time: "When",
    event_place: "Where",
    seats_left: |left, capacity| format!("{left} of {capacity} places left"),
    signup_not_open: |at| format!("Sign-up opens {at}."),
    signup_closed: "Sign-up has closed.",
    event_full: "This event is full.",
    signup_heading: |title| format!("Sign up: {title}"),
    signup_name: "Name",
    signup_phone: "Mobile number",
    signup_phone_hint: "Only for news of the event; public pages show it as 138****5678.",
    signup_consent: "I agree that the bureau uses this name and number to organise the event; they are deleted afterwards.",
    signup_submit: "Sign up",
    already_signed_up: "This mobile number is signed up for this event already.",
    signed_up_title: "You are signed up",
    signed_up_body: |event, time, place| {
        format!("You are signed up for “{event}”, {time}, at {place}.")
    },
    signed_up_as: |name, phone| format!("Signed up: {name}, {phone}"),
    cancel_link_intro: "To cancel, keep this link (it is shown only this once):",
    back_to_campaign: "Back to the campaign",
    cancel_title: "Cancel a sign-up",
    cancel_confirm: |event, time| {
        format!("Cancel your place at “{event}” ({time})? Someone else can then have it.")
    },
    cancel_button: "Cancel my place",
    cancelled: "Your sign-up is cancelled and the place is free again.",
    cancel_missing: "No sign-up has this link. Check that it is complete.",
    news_title: "News",
    news_intro: "The bureau's work, air quality and notices.",
    news_empty: "No news yet.",
    all_tags: "All",
    published_on: |d| format!("Published {d}"),
    feed: "News feed (Atom)",
    print: "Print this page",
    previous: "Previous",
    next: "Next",
    page_of: |p, n| format!("Page {p} of {n}"),
    tags: ["Air quality", "Campaigns", "Notices"],
};
