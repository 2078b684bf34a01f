//! Every user-visible string, in Simplified Chinese (default) and English.
//!
//! A catalogue is a struct with one field per message, so a message missing
//! from either language is a compile error, not a blank on a live page. The
//! strings are `'static` data: server pages pick them by locale, and islands
//! receive the few they need as props, so the browser bundle carries no
//! catalogue. Messages with values are functions (`fn(i64) -> String`).

use crate::prefs::{Locale, use_prefs};

pub struct Texts {
    pub site_name: &'static str,
    pub site_tagline: &'static str,
    pub skip_to_content: &'static str,
    pub nav_label: &'static str,
    pub nav_home: &'static str,
    pub prefs_label: &'static str,
    /// The label of the button that switches to the *other* language, in that language.
    pub switch_language: &'static str,
    pub switch_language_to: Locale,
    pub text_size: &'static str,
    pub text_size_standard: &'static str,
    pub text_size_large: &'static str,

    pub home_title: &'static str,
    pub home_intro: &'static str,
    pub air_heading: &'static str,
    pub air_empty: &'static str,
    pub complaints_heading: &'static str,
    pub complaints_empty: &'static str,
    pub env_day_heading: &'static str,
    pub env_day_today: &'static str,
    pub env_day_in_days: fn(i64) -> String,
    pub env_day_empty: &'static str,
    pub news_heading: &'static str,
    pub news_empty: &'static str,

    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub back_home: &'static str,
    pub error_title: &'static str,
    pub error_body: &'static str,
    pub forbidden_title: &'static str,
    pub forbidden_body: &'static str,
    pub bad_request_title: &'static str,
    pub bad_request_body: &'static str,

    pub footer_bureau: &'static str,
    pub footer_hotline: &'static str,
    pub footer_times: &'static str,
    pub demo_notice: &'static str,
}

pub static ZH_CN: Texts = Texts {
    site_name: "嘉定区生态环境局",
    site_tagline: "清嘉 · 公众服务平台",
    skip_to_content: "跳到主要内容",
    nav_label: "主导航",
    nav_home: "首页",
    prefs_label: "显示设置",
    switch_language: "English",
    switch_language_to: Locale::En,
    text_size: "字号",
    text_size_standard: "标准",
    text_size_large: "大字",

    home_title: "首页",
    home_intro: "查看嘉定空气质量，反映噪声和餐饮油烟问题，了解环保活动与新闻。",
    air_heading: "空气质量",
    air_empty: "空气质量数据尚未接入，请稍后再来查看。",
    complaints_heading: "投诉举报",
    complaints_empty: "网上投诉即将开通。噪声、餐饮油烟等环境问题，现在请拨打 12345 市民服务热线反映。",
    env_day_heading: "下一个环境日",
    env_day_today: "就是今天",
    env_day_in_days: |n| format!("还有 {n} 天"),
    env_day_empty: "暂无环境日安排。",
    news_heading: "新闻动态",
    news_empty: "暂无新闻。",

    not_found_title: "页面未找到",
    not_found_body: "您要访问的页面不存在或已移动。",
    back_home: "返回首页",
    error_title: "出错了",
    error_body: "服务暂时无法完成您的请求，请稍后再试。如问题持续，请拨打 12345 市民服务热线。",
    forbidden_title: "请求被拒绝",
    forbidden_body: "出于安全原因，来自其他网站的提交不被接受。请回到本站页面重新操作。",
    bad_request_title: "请求无效",
    bad_request_body: "提交的内容无法识别。请回到页面重新选择。",

    footer_bureau: "上海市嘉定区生态环境局",
    footer_hotline: "市民服务热线：12345",
    footer_times: "本站时间均为北京时间。",
    demo_notice: "演示模式：本站显示的数据为演示数据。",
};

pub static EN: Texts = Texts {
    site_name: "Jiading Ecology and Environment",
    site_tagline: "Qingjia public service portal",
    skip_to_content: "Skip to main content",
    nav_label: "Main navigation",
    nav_home: "Home",
    prefs_label: "Display settings",
    switch_language: "中文",
    switch_language_to: Locale::ZhCn,
    text_size: "Text size",
    text_size_standard: "Standard",
    text_size_large: "Large",

    home_title: "Home",
    home_intro: "Check Jiading's air quality, report noise and cooking fumes, and follow environmental events and news.",
    air_heading: "Air quality",
    air_empty: "Air-quality data is not connected yet. Please check again later.",
    complaints_heading: "Complaints",
    complaints_empty: "Online complaints open soon. Until then, please report noise, cooking fumes and other environmental problems to the 12345 citizen hotline.",
    env_day_heading: "Next environment day",
    env_day_today: "Today",
    env_day_in_days: |n| {
        if n == 1 {
            "in 1 day".to_owned()
        } else {
            format!("in {n} days")
        }
    },
    env_day_empty: "No environment days are scheduled.",
    news_heading: "News",
    news_empty: "No news yet.",

    not_found_title: "Page not found",
    not_found_body: "The page you asked for does not exist or has moved.",
    back_home: "Back to the home page",
    error_title: "Something went wrong",
    error_body: "We could not complete your request. Please try again in a moment. If the problem continues, call the 12345 citizen hotline.",
    forbidden_title: "Request refused",
    forbidden_body: "For your security, submissions from other websites are not accepted. Please go back to this site's page and try again.",
    bad_request_title: "Invalid request",
    bad_request_body: "We could not understand what was sent. Please go back to the page and choose again.",

    footer_bureau: "Jiading District Ecology and Environment Bureau, Shanghai",
    footer_hotline: "Citizen hotline: 12345",
    footer_times: "All times are China Standard Time (Beijing).",
    demo_notice: "Demo mode: the data on this site is demonstration data.",
};

pub fn texts(locale: Locale) -> &'static Texts {
    match locale {
        Locale::ZhCn => &ZH_CN,
        Locale::En => &EN,
    }
}

/// The catalogue of the current request's language.
pub fn use_texts() -> &'static Texts {
    texts(use_prefs().locale)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_switch_points_to_the_other_language() {
        for l in Locale::ALL {
            assert_ne!(texts(l).switch_language_to, l);
        }
    }

    #[test]
    fn counts_read_naturally() {
        assert_eq!((EN.env_day_in_days)(1), "in 1 day");
        assert_eq!((ZH_CN.env_day_in_days)(12), "还有 12 天");
    }
}
