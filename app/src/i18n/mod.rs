//! Every user-visible string, in Simplified Chinese (default) and English.
//!
//! A catalogue is a struct with one field per message, so a message missing
//! from either language is a compile error, not a blank on a live page. The
//! strings are `'static` data: server pages pick them by locale, and islands
//! receive the few they need as props, so the browser bundle carries no
//! catalogue. Messages with values are functions (`fn(i64) -> String`).

pub mod cases;
pub mod complaints;
pub mod content;

use crate::prefs::{Locale, use_prefs};

pub struct Texts {
    /// The complaint pages' strings.
    pub c: &'static complaints::ComplaintTexts,
    /// The staff case pages' strings.
    pub k: &'static cases::CaseTexts,
    /// The campaign and news pages' strings.
    pub n: &'static content::ContentTexts,
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
    pub complaints_intro: &'static str,
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
    pub no_permission_title: &'static str,
    pub no_permission_body: &'static str,
    pub throttled_title: &'static str,
    pub throttled_filing: &'static str,
    pub throttled_signup: &'static str,

    pub nav_air: &'static str,
    pub air_title: &'static str,
    pub air_intro: &'static str,
    pub aqi: &'static str,
    pub primary_pollutant: &'static str,
    pub no_primary: &'static str,
    pub as_of: fn(&str) -> String,
    pub stale_warning: &'static str,
    pub demo_data: &'static str,
    pub air_details: &'static str,
    pub district: &'static str,
    pub stations_heading: &'static str,
    pub station: &'static str,
    pub town: &'static str,
    pub concentration: &'static str,
    pub iaqi: &'static str,
    pub pollutant: &'static str,
    pub chart_48h: &'static str,
    pub chart_30d: &'static str,
    pub calendar_heading: fn(i32) -> String,
    pub data_table: &'static str,
    pub no_data: &'static str,
    pub time: &'static str,
    pub date: &'static str,
    pub legend: &'static str,
    pub category: &'static str,
    pub month: &'static str,
    pub month_name: fn(u32) -> String,
    /// The colon after a label: full-width in Chinese.
    pub colon: &'static str,
    pub progress_heading: fn(i32) -> String,
    pub good_rate: &'static str,
    pub pm25_mean: &'static str,
    pub target: fn(&str) -> String,
    pub valid_days: fn(usize, usize) -> String,
    pub provisional: &'static str,
    pub percentiles_heading: &'static str,
    pub percentile: &'static str,
    pub heavy_banner: &'static str,
    pub back_to_air: &'static str,
    pub missing_pollutants: &'static str,
    pub air_empty_page: &'static str,
    pub categories: [CategoryText; 6],

    pub staff_login_title: &'static str,
    pub username: &'static str,
    pub password: &'static str,
    pub sign_in: &'static str,
    pub sign_out: &'static str,
    pub error_summary_title: &'static str,
    pub login_missing: &'static str,
    pub login_invalid: &'static str,
    pub login_locked: &'static str,
    pub login_throttled: &'static str,
    pub staff_home_title: &'static str,
    pub signed_in_as: fn(&str, &str) -> String,
    pub session_rules: &'static str,
    pub code_title: &'static str,
    pub code_intro: &'static str,
    pub code_label: &'static str,
    pub code_verify: &'static str,
    pub code_missing: &'static str,
    pub code_wrong: &'static str,
    pub setup_title: &'static str,
    pub setup_required: &'static str,
    pub setup_intro: &'static str,
    pub setup_secret: &'static str,
    pub two_factor_on: &'static str,
    pub two_factor_set_up: &'static str,
    pub roles: [&'static str; 5],
    pub import_title: &'static str,
    pub import_intro: &'static str,
    pub import_format: &'static str,
    pub import_file_label: &'static str,
    pub import_preview: &'static str,
    pub preview_heading: fn(&str) -> String,
    pub preview_counts: fn(usize, usize) -> String,
    pub preview_sample: &'static str,
    pub line: &'static str,
    pub problem: &'static str,
    pub import_all: fn(usize) -> String,
    pub import_valid_only: fn(usize) -> String,
    pub cancel: &'static str,
    pub imported: fn(usize) -> String,
    pub admins_only: &'static str,
    pub file_none: &'static str,
    pub file_not_utf8: &'static str,
    pub file_expired: &'static str,
    pub file_has_problems: &'static str,
    pub problem_columns: &'static str,
    pub problem_unreadable: &'static str,
    pub problem_time: &'static str,
    pub problem_number: fn(&str) -> String,
    pub problem_station: &'static str,
    pub problem_duplicate: &'static str,
    pub problem_no_station: &'static str,
    pub problem_not_on_hour: &'static str,
    pub problem_future: &'static str,
    pub problem_negative: fn(&str) -> String,
    pub problem_implausible: fn(&str) -> String,
    pub problem_empty: &'static str,

    pub footer_bureau: &'static str,
    pub footer_hotline: &'static str,
    pub footer_times: &'static str,
    pub demo_notice: &'static str,
    pub demo_login_notice: &'static str,
}

/// An AQI category's name, health effect and advice (HJ 633 Table 2).
pub struct CategoryText {
    pub name: &'static str,
    pub effect: &'static str,
    pub advice: &'static str,
}

pub static ZH_CN: Texts = Texts {
    c: &complaints::ZH_CN,
    k: &cases::ZH_CN,
    n: &content::ZH_CN,
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
    complaints_intro: "噪声扰民、餐饮油烟，可以在线投诉，凭投诉编号和查询码随时查询办理进度。其他环境问题请拨打 12345 市民服务热线。",
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
    no_permission_title: "无权访问",
    no_permission_body: "您的账号没有使用此功能的权限。如需开通，请联系系统管理员。",
    throttled_title: "请求过于频繁",
    throttled_filing: "提交次数过多，请一分钟后再试。您已填写的内容不会丢失。",
    throttled_signup: "报名次数过多，请一分钟后再试。",

    nav_air: "空气质量",
    air_title: "空气质量",
    air_intro: "嘉定区实时空气质量指数（AQI）、各监测站点数据、历史变化和年度目标进度。",
    aqi: "空气质量指数",
    primary_pollutant: "首要污染物",
    no_primary: "无",
    as_of: |t| format!("数据时间：{t}"),
    stale_warning: "数据已超过3小时未更新，可能与当前实际情况不符。",
    demo_data: "演示数据",
    air_details: "查看详细空气质量",
    district: "嘉定区",
    stations_heading: "各监测站点",
    station: "站点",
    town: "所在街镇",
    concentration: "浓度",
    iaqi: "分指数",
    pollutant: "污染物",
    chart_48h: "最近48小时空气质量指数",
    chart_30d: "最近30天每日空气质量指数",
    calendar_heading: |y| format!("{y}年每日空气质量"),
    data_table: "查看数据表",
    no_data: "无数据",
    time: "时间",
    date: "日期",
    legend: "图例",
    category: "级别",
    month: "月份",
    month_name: |m| format!("{m}月"),
    colon: "：",
    progress_heading: |y| format!("{y}年目标进度"),
    good_rate: "优良天数比例",
    pm25_mean: "PM2.5 平均浓度",
    target: |t| format!("目标 {t}"),
    valid_days: |n, g| format!("有效监测 {n} 天，其中优良 {g} 天。"),
    percentiles_heading: "年度评价百分位数（截至今日）",
    percentile: "百分位",
    provisional: "年度评价要求全年至少324个有效日（每月至少27天，2月至少25天），当前数值为截至今日的初步结果。",
    heavy_banner: "重度污染：儿童、老年人和心脏病、肺病患者应留在室内，一般人群减少户外活动。",
    back_to_air: "返回空气质量",
    missing_pollutants: "部分污染物暂无有效数据，指数可能偏低。",
    air_empty_page: "暂无空气质量监测数据。",
    categories: [
        CategoryText {
            name: "优",
            effect: "空气质量令人满意，基本无空气污染。",
            advice: "各类人群可正常活动。",
        },
        CategoryText {
            name: "良",
            effect: "空气质量可接受，但某些污染物可能对极少数异常敏感人群健康有较弱影响。",
            advice: "极少数异常敏感人群应减少户外活动。",
        },
        CategoryText {
            name: "轻度污染",
            effect: "易感人群症状有轻度加剧，健康人群出现刺激症状。",
            advice: "儿童、老年人及心脏病、呼吸系统疾病患者应减少长时间、高强度的户外锻炼。",
        },
        CategoryText {
            name: "中度污染",
            effect: "进一步加剧易感人群症状，可能对健康人群心脏、呼吸系统有影响。",
            advice: "儿童、老年人及心脏病、呼吸系统疾病患者避免长时间、高强度的户外锻炼，一般人群适量减少户外运动。",
        },
        CategoryText {
            name: "重度污染",
            effect: "心脏病和肺病患者症状显著加剧，运动耐受力降低，健康人群普遍出现症状。",
            advice: "儿童、老年人和心脏病、肺病患者应停留在室内，停止户外运动，一般人群减少户外运动。",
        },
        CategoryText {
            name: "严重污染",
            effect: "健康人群运动耐受力降低，有明显强烈症状，提前出现某些疾病。",
            advice: "儿童、老年人和病人应当留在室内，避免体力消耗，一般人群应避免户外活动。",
        },
    ],

    staff_login_title: "工作人员登录",
    username: "用户名",
    password: "密码",
    sign_in: "登录",
    sign_out: "退出登录",
    error_summary_title: "出现以下问题",
    login_missing: "请输入用户名和密码。",
    login_invalid: "用户名或密码不正确。",
    login_locked: "该账号因多次登录失败已临时锁定，请15分钟后再试。",
    login_throttled: "登录尝试过于频繁，请15分钟后再试。",
    staff_home_title: "工作台",
    signed_in_as: |name, role| format!("您已登录：{name}（{role}）"),
    session_rules: "为保护信息安全，闲置30分钟或登录满12小时后需要重新登录。",
    code_title: "两步验证",
    code_intro: "请输入身份验证器应用中显示的 6 位验证码。",
    code_label: "验证码",
    code_verify: "验证",
    code_missing: "请输入 6 位验证码",
    code_wrong: "验证码不正确、已过期或已使用，请输入应用中最新的验证码",
    setup_title: "设置两步验证",
    setup_required: "管理员账号必须使用两步验证，设置完成后才能继续。",
    setup_intro: "用身份验证器应用（如 Microsoft Authenticator、Google 身份验证器）扫描二维码，或手动输入下面的密钥，然后填写应用显示的 6 位验证码。",
    setup_secret: "密钥",
    two_factor_on: "已开启两步验证。",
    two_factor_set_up: "设置两步验证",
    roles: ["系统管理员", "信访受理员", "承办单位", "内容编辑", "领导"],
    import_title: "空气质量数据导入",
    import_intro: "上传监测站点的小时数据（CSV 文件），检查预览后再导入。再次上传同一站点同一小时的数据会覆盖原值。",
    import_format: "格式：第一行为列名 station,hour,pm25,pm10,o3,no2,so2,co；hour 为整点开始时间（北京时间，如 2026-11-28 14:00）；浓度单位 µg/m³（CO 为 mg/m³）；未监测的项目留空。",
    import_file_label: "CSV 文件",
    import_preview: "上传并预览",
    preview_heading: |name| format!("预览：{name}"),
    preview_counts: |v, p| format!("{v} 行可以导入，{p} 行有问题。"),
    preview_sample: "前10条有效数据",
    line: "行号",
    problem: "问题",
    import_all: |n| format!("导入全部 {n} 行"),
    import_valid_only: |n| format!("仅导入有效的 {n} 行"),
    cancel: "取消",
    imported: |n| format!("已导入 {n} 条小时数据。"),
    admins_only: "此功能仅限系统管理员使用。",
    file_none: "请选择要上传的 CSV 文件。",
    file_not_utf8: "文件不是 UTF-8 编码的 CSV 文件，请另存为 UTF-8 后重新上传。",
    file_expired: "预览已过期，请重新上传文件。",
    file_has_problems: "文件中有问题行，不能全部导入。请修正后重新上传，或选择仅导入有效的行。",
    problem_columns: "第一行必须包含列名 station 和 hour。",
    problem_unreadable: "无法读取此行。",
    problem_time: "时间格式不正确，应为 2026-11-28 14:00。",
    problem_number: |p| format!("{p} 不是数字。"),
    problem_station: "没有此编号的监测站点。",
    problem_duplicate: "同一站点同一小时在文件中重复出现。",
    problem_no_station: "缺少站点编号。",
    problem_not_on_hour: "时间必须是整点。",
    problem_future: "时间晚于当前时间。",
    problem_negative: |p| format!("{p} 为负数。"),
    problem_implausible: |p| format!("{p} 超出可能的浓度范围。"),
    problem_empty: "此行没有任何污染物数据。",

    footer_bureau: "上海市嘉定区生态环境局",
    footer_hotline: "市民服务热线：12345",
    footer_times: "本站时间均为北京时间。",
    demo_notice: "演示模式：本站显示的数据为演示数据。",
    demo_login_notice: "演示环境：演示账号的密码是公开的，这里的数据都是演示数据。请勿用于真实工作，也不要输入真实的个人信息。",
};

pub static EN: Texts = Texts {
    c: &complaints::EN,
    k: &cases::EN,
    n: &content::EN,
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
    complaints_intro: "Report noise or restaurant cooking fumes online and follow your case with its reference and access code. For other environmental problems, call the 12345 citizen hotline.",
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
    no_permission_title: "Not permitted",
    no_permission_body: "Your account may not use this. Ask an administrator if you need it.",
    throttled_title: "Too many requests",
    throttled_filing: "Too many submissions. Please try again in a minute; what you have entered is kept.",
    throttled_signup: "Too many sign-ups. Please try again in a minute.",

    nav_air: "Air quality",
    air_title: "Air quality",
    air_intro: "Jiading's real-time Air Quality Index (AQI), each monitoring station, recent history and progress to the year's targets.",
    aqi: "AQI",
    primary_pollutant: "Primary pollutant",
    no_primary: "None",
    as_of: |t| format!("Data for the hour ending {t}"),
    stale_warning: "These data are more than 3 hours old and may not reflect current conditions.",
    demo_data: "Demo data",
    air_details: "Full air-quality details",
    district: "Jiading District",
    stations_heading: "Monitoring stations",
    station: "Station",
    town: "Town or subdistrict",
    concentration: "Concentration",
    iaqi: "Sub-index (IAQI)",
    pollutant: "Pollutant",
    chart_48h: "AQI over the last 48 hours",
    chart_30d: "Daily AQI over the last 30 days",
    calendar_heading: |y| format!("Daily air quality in {y}"),
    data_table: "Show the data table",
    no_data: "No data",
    time: "Time",
    date: "Date",
    legend: "Legend",
    category: "Category",
    month: "Month",
    month_name: |m| {
        const NAMES: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        NAMES
            .get(m.saturating_sub(1) as usize)
            .copied()
            .unwrap_or("")
            .to_owned()
    },
    colon: ": ",
    progress_heading: |y| format!("Progress to {y}'s targets"),
    good_rate: "Share of good days",
    pm25_mean: "Mean PM2.5",
    target: |t| format!("target {t}"),
    valid_days: |n, g| format!("{n} days with valid data, {g} of them good."),
    percentiles_heading: "Annual assessment percentiles (to date)",
    percentile: "Percentile",
    provisional: "An annual assessment needs at least 324 valid days (27 in each month, 25 in February); these figures are provisional, to date.",
    heavy_banner: "Heavy pollution: children, older people and people with heart or lung disease should stay indoors; everyone else should reduce outdoor activity.",
    back_to_air: "Back to air quality",
    missing_pollutants: "Some pollutants have no valid data; the index may understate.",
    air_empty_page: "No air-quality monitoring data yet.",
    categories: [
        CategoryText {
            name: "Excellent",
            effect: "Air quality is satisfactory, with little or no air pollution.",
            advice: "Everyone can carry on as normal.",
        },
        CategoryText {
            name: "Good",
            effect: "Air quality is acceptable; some pollutants may slightly affect a very small number of unusually sensitive people.",
            advice: "Unusually sensitive people should reduce outdoor activity.",
        },
        CategoryText {
            name: "Lightly polluted",
            effect: "Sensitive people's symptoms may worsen slightly; healthy people may feel irritation.",
            advice: "Children, older people and people with heart or lung disease should reduce long or strenuous outdoor exercise.",
        },
        CategoryText {
            name: "Moderately polluted",
            effect: "Sensitive people's symptoms worsen further; the heart and lungs of healthy people may be affected.",
            advice: "Children, older people and people with heart or lung disease should avoid long or strenuous outdoor exercise; everyone else should cut down outdoor exercise.",
        },
        CategoryText {
            name: "Heavily polluted",
            effect: "Symptoms of people with heart or lung disease worsen markedly and exercise tolerance falls; healthy people commonly have symptoms.",
            advice: "Children, older people and people with heart or lung disease should stay indoors and stop outdoor exercise; everyone else should reduce outdoor activity.",
        },
        CategoryText {
            name: "Severely polluted",
            effect: "Healthy people's exercise tolerance falls, with marked symptoms; some illnesses may appear early.",
            advice: "Children, older people and the sick should stay indoors and avoid exertion; everyone else should avoid outdoor activity.",
        },
    ],

    staff_login_title: "Staff sign-in",
    username: "Username",
    password: "Password",
    sign_in: "Sign in",
    sign_out: "Sign out",
    error_summary_title: "There is a problem",
    login_missing: "Enter your username and password.",
    login_invalid: "The username or password is incorrect.",
    login_locked: "This account is locked for 15 minutes after repeated failed sign-ins.",
    login_throttled: "Too many sign-in attempts. Please try again in 15 minutes.",
    staff_home_title: "Staff workspace",
    signed_in_as: |name, role| format!("Signed in as {name} ({role})"),
    session_rules: "To protect the data, you need to sign in again after 30 idle minutes or 12 hours.",
    code_title: "Two-step verification",
    code_intro: "Enter the 6-digit code your authenticator app shows.",
    code_label: "Code",
    code_verify: "Verify",
    code_missing: "Enter the 6-digit code",
    code_wrong: "The code is wrong, expired or used already: enter the newest code from the app",
    setup_title: "Set up two-step verification",
    setup_required: "Administrator accounts must use two-step verification; set it up to continue.",
    setup_intro: "Scan the QR code with an authenticator app (such as Microsoft Authenticator or Google Authenticator), or type the key below into it, then enter the 6-digit code it shows.",
    setup_secret: "Key",
    two_factor_on: "Two-step verification is on.",
    two_factor_set_up: "Set up two-step verification",
    roles: [
        "Administrator",
        "Dispatcher",
        "Handling unit",
        "Editor",
        "Leader",
    ],
    import_title: "Import air-quality data",
    import_intro: "Upload stations' hourly readings as a CSV file, check the preview, then import. Uploading the same station and hour again replaces the stored values.",
    import_format: "Format: a first line of column names station,hour,pm25,pm10,o3,no2,so2,co; hour is the start of the hour in Beijing time (e.g. 2026-11-28 14:00); concentrations in µg/m³ (CO in mg/m³); leave a pollutant empty when it was not measured.",
    import_file_label: "CSV file",
    import_preview: "Upload and preview",
    preview_heading: |name| format!("Preview: {name}"),
    preview_counts: |v, p| format!("{v} lines can be imported; {p} lines have problems."),
    preview_sample: "The first 10 valid readings",
    line: "Line",
    problem: "Problem",
    import_all: |n| format!("Import all {n} lines"),
    import_valid_only: |n| format!("Import only the {n} valid lines"),
    cancel: "Cancel",
    imported: |n| format!("{n} hourly readings imported."),
    admins_only: "Only administrators can use this.",
    file_none: "Choose a CSV file to upload.",
    file_not_utf8: "The file is not a UTF-8 CSV file. Save it as UTF-8 and upload it again.",
    file_expired: "The preview has expired. Please upload the file again.",
    file_has_problems: "Some lines have problems, so the file cannot be imported whole. Correct it and upload it again, or import only the valid lines.",
    problem_columns: "The first line must name the columns station and hour.",
    problem_unreadable: "This line cannot be read.",
    problem_time: "The time should look like 2026-11-28 14:00.",
    problem_number: |p| format!("{p} is not a number."),
    problem_station: "There is no station with this code.",
    problem_duplicate: "The same station and hour appear earlier in the file.",
    problem_no_station: "The station code is missing.",
    problem_not_on_hour: "The time must be on the hour.",
    problem_future: "The time is later than now.",
    problem_negative: |p| format!("{p} is negative."),
    problem_implausible: |p| format!("{p} is beyond any plausible concentration."),
    problem_empty: "This line has no pollutant values.",

    footer_bureau: "Jiading District Ecology and Environment Bureau, Shanghai",
    footer_hotline: "Citizen hotline: 12345",
    footer_times: "All times are China Standard Time (Beijing).",
    demo_notice: "Demo mode: the data on this site is demonstration data.",
    demo_login_notice: "Demo installation: the demo accounts' passwords are public and all data here is for demonstration. Do not use it for real work or enter real personal data.",
};

impl Texts {
    /// A CSV line's problem in words.
    pub fn line_problem(&self, problem: &domain::aqi::import::LineProblem) -> String {
        use domain::aqi::import::LineProblem as P;
        use domain::aqi::reading::ReadingError as R;
        match problem {
            P::MissingColumns => self.problem_columns.to_owned(),
            P::Unreadable => self.problem_unreadable.to_owned(),
            P::BadTime => self.problem_time.to_owned(),
            P::BadNumber(p) | P::Reading(R::NotANumber(p)) => (self.problem_number)(p.label()),
            P::UnknownStation => self.problem_station.to_owned(),
            P::Duplicate => self.problem_duplicate.to_owned(),
            P::Reading(R::NoStation) => self.problem_no_station.to_owned(),
            P::Reading(R::NotOnTheHour) => self.problem_not_on_hour.to_owned(),
            P::Reading(R::InTheFuture) => self.problem_future.to_owned(),
            P::Reading(R::Negative(p)) => (self.problem_negative)(p.label()),
            P::Reading(R::Implausible(p)) => (self.problem_implausible)(p.label()),
            P::Reading(R::Empty) => self.problem_empty.to_owned(),
        }
    }

    pub fn role_name(&self, role: domain::staff::Role) -> &'static str {
        let i = domain::staff::Role::ALL
            .iter()
            .position(|r| *r == role)
            .unwrap_or(0);
        self.roles[i]
    }

    pub fn category(&self, c: domain::aqi::Category) -> &CategoryText {
        &self.categories[usize::from(c.level() - 1)]
    }
}

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
