//! Strings of the handling-quality dashboard (`/staff/dashboard`): the
//! figures, their one-sentence definitions, the period and the filters.

use chrono::NaiveDate;
use domain::stats::Step;

pub struct StatsTexts {
    pub dashboard_link: &'static str,
    pub dashboard_title: &'static str,
    pub dashboard_intro: &'static str,
    pub own_unit: fn(&str) -> String,
    pub period_label: &'static str,
    /// The period's name by code (`this_month`, …).
    pub period: fn(&str) -> &'static str,
    pub from_label: &'static str,
    pub to_label: &'static str,
    pub dates_hint: &'static str,
    pub unit_label: &'static str,
    pub channel_label: &'static str,
    /// Why a custom period was refused, by `PeriodProblem` code.
    pub period_problem: fn(&str) -> &'static str,
    pub problem_title: &'static str,
    /// "1 March to 31 March 2026".
    pub span: fn(NaiveDate, NaiveDate) -> String,
    pub compared: fn(&str, &str) -> String,
    pub figures_heading: &'static str,
    /// A figure's name by code.
    pub figure: fn(&str) -> &'static str,
    /// What a figure counts, in one sentence, by code.
    pub definition: fn(&str) -> &'static str,
    pub col_figure: &'static str,
    pub col_value: &'static str,
    pub col_previous: &'static str,
    pub col_last_year: &'static str,
    pub none: &'static str,
    pub days: fn(f64) -> String,
    pub days_range: fn(u32, u32) -> String,
    pub percent: fn(f64) -> String,
    /// A change of a rate, in percentage points.
    pub points: fn(f64) -> String,
    /// A change of a count, in per cent of the earlier one.
    pub change: fn(f64) -> String,
    pub units_heading: &'static str,
    pub towns_heading: &'static str,
    pub col_unit: &'static str,
    pub col_town: &'static str,
    pub sort_hint: &'static str,
    pub sorted_by: &'static str,
    pub no_groups: &'static str,
    pub definitions_heading: &'static str,
    pub live_note: &'static str,
    pub charts_heading: &'static str,
    pub intake_chart: &'static str,
    pub rates_chart: &'static str,
    pub ages_chart: &'static str,
    /// The table's first column: date, week, month.
    pub bar_heading: fn(Step) -> &'static str,
    /// A bar's row in the table.
    pub bar_row: fn(Step, NaiveDate) -> String,
    pub month_row: fn(NaiveDate) -> String,
    pub age_heading: &'static str,
    pub age: fn(i64, i64) -> String,
    pub col_cases: &'static str,
    /// On the inbox a figure opened: what the list holds.
    pub from_dashboard: fn(&str) -> String,
    pub received_in: fn(&str) -> String,
    pub answered_in: fn(&str) -> String,
    pub figure_filter: fn(&str) -> &'static str,
    pub separator: &'static str,
    pub back_to_dashboard: &'static str,
    pub show_cases: &'static str,
    pub download_csv: &'static str,
    pub chart_numbers: &'static str,
    /// The inbox's export of the cases listed.
    pub export_csv: &'static str,
    pub export_xlsx: &'static str,
    pub download_xlsx: &'static str,
    pub export_personal: &'static str,
    /// A column of the export, by code.
    pub export_column: fn(&str) -> &'static str,
    /// The last row when more cases matched than one export holds.
    pub export_truncated: fn(usize) -> String,
}

fn export_column_zh(code: &str) -> &'static str {
    match code {
        "reference" => "编号",
        "received" => "收件时间",
        "category" => "类别",
        "town" => "街镇",
        "address_public" => "地址（公开部分）",
        "unit" => "承办单位",
        "status" => "状态",
        "due_on" => "办理期限",
        "name" => "投诉人姓名",
        "phone" => "手机号码",
        "address" => "详细地址",
        _ => "",
    }
}

fn export_column_en(code: &str) -> &'static str {
    match code {
        "reference" => "Reference",
        "received" => "Received",
        "category" => "Category",
        "town" => "Town",
        "address_public" => "Address (public part)",
        "unit" => "Handling unit",
        "status" => "Status",
        "due_on" => "Last day",
        "name" => "Resident's name",
        "phone" => "Mobile number",
        "address" => "Full address",
        _ => "",
    }
}

fn period_zh(code: &str) -> &'static str {
    match code {
        "last_month" => "上月",
        "this_year" => "今年以来",
        "custom" => "自定义日期",
        _ => "本月",
    }
}

fn period_en(code: &str) -> &'static str {
    match code {
        "last_month" => "Last month",
        "this_year" => "This year so far",
        "custom" => "Dates of your choice",
        _ => "This month",
    }
}

fn problem_zh(code: &str) -> &'static str {
    match code {
        "reversed" => "结束日期早于起始日期，请调换。",
        "too_long" => "时间段最长五年，请缩短。",
        "future" => "起始日期在今天之后，还没有数据。",
        _ => "请按“2026-03-01”的格式填写起止日期。",
    }
}

fn problem_en(code: &str) -> &'static str {
    match code {
        "reversed" => "The end is before the start: swap them.",
        "too_long" => "A period is at most five years: shorten it.",
        "future" => "The start is after today: there is nothing yet.",
        _ => "Give both dates as 2026-03-01.",
    }
}

fn figure_zh(code: &str) -> &'static str {
    match code {
        "intake" => "收件量",
        "answered" => "办结量",
        "backlog" => "期末积压",
        "on_time" => "按期办结率",
        "average_days" => "平均办理时长",
        "p90_days" => "九成案件办结用时",
        "overdue" => "当前超期",
        "satisfaction" => "满意率",
        "rating_rate" => "参评率",
        "review_rate" => "复查率",
        "repeat_rate" => "重复投诉率",
        "charge_open" => "领导包案（在办）",
        "charge_settled" => "领导包案（办结）",
        _ => "",
    }
}

fn figure_en(code: &str) -> &'static str {
    match code {
        "intake" => "Received",
        "answered" => "Answered",
        "backlog" => "Waiting at the end",
        "on_time" => "Answered on time",
        "average_days" => "Average handling time",
        "p90_days" => "Nine in ten answered within",
        "overdue" => "Overdue now",
        "satisfaction" => "Satisfied",
        "rating_rate" => "Rated",
        "review_rate" => "Reviewed",
        "repeat_rate" => "Repeat complaints",
        "charge_open" => "Leaders' cases open",
        "charge_settled" => "Leaders' cases answered",
        _ => "",
    }
}

fn definition_zh(code: &str) -> &'static str {
    match code {
        "intake" => "本期收到的投诉件数（按收件日，上海时间）。",
        "answered" => {
            "本期首次答复的件数：答复办理结果，或决定不予受理、转送其他机关；合并办理的重复件不计。"
        }
        "backlog" => "期末当天已收到、尚未首次答复且未合并的件数；复查重办的不计。",
        "on_time" => "本期首次答复的件中，在办理期限（含经批准的延期）最后一天或之前答复的比例。",
        "average_days" => {
            "本期首次答复的件，从收件日到首次答复日的工作日数的平均值（按法定节假日和调休日历）。"
        }
        "p90_days" => "本期首次答复的件中，九成在此工作日数内答复；20 个工作日以上按区间计。",
        "overdue" => "此刻仍在办理、已过办理期限最后一天的件数（不随所选时间段变化）。",
        "satisfaction" => {
            "本期答复办理结果的件中，群众评价为“满意”或“基本满意”的占已评价件的比例。"
        }
        "rating_rate" => "本期答复办理结果的件中，群众已作出评价的比例。",
        "review_rate" => "本期答复办理结果的件中，群众不满意并申请复查的比例。",
        "repeat_rate" => {
            "本期收到的件中，同一污染源此前有案件办结、30 日内又被投诉的比例（需已关联污染源）。"
        }
        "charge_open" => "此刻由领导包案、仍在办理的件数。",
        "charge_settled" => "本期首次答复的件中，由领导包案的件数。",
        _ => "",
    }
}

fn definition_en(code: &str) -> &'static str {
    match code {
        "intake" => "Complaints received in the period (by the Shanghai date they came in).",
        "answered" => {
            "Cases first answered in the period: a reply with the outcome, or a decision not to accept or to transfer; merged duplicates are not counted."
        }
        "backlog" => {
            "Cases received by the period's last day and not yet first answered nor merged on that day; reviews are not counted."
        }
        "on_time" => {
            "Of the cases first answered in the period, the share answered on or before the last day allowed, an approved extension included."
        }
        "average_days" => {
            "Of the cases first answered in the period, the average number of working days from receipt to the first answer (on the holiday calendar)."
        }
        "p90_days" => {
            "Nine in ten of the cases first answered in the period were answered within this many working days; above 20, as a range."
        }
        "overdue" => {
            "Cases open right now and past their last day (does not depend on the period)."
        }
        "satisfaction" => {
            "Of the replies in the period that residents rated, the share rated satisfied or basically satisfied."
        }
        "rating_rate" => "Of the replies in the period, the share residents rated.",
        "review_rate" => {
            "Of the replies in the period, the share whose resident was unsatisfied and asked for a review."
        }
        "repeat_rate" => {
            "Of the complaints received in the period, the share about a source that had a case closed in the 30 days before (once linked to the source)."
        }
        "charge_open" => "Cases open right now in a leader's personal charge.",
        "charge_settled" => {
            "Of the cases first answered in the period, those in a leader's personal charge."
        }
        _ => "",
    }
}

fn span_zh(from: NaiveDate, to: NaiveDate) -> String {
    let d = |x: NaiveDate| x.format("%Y年%-m月%-d日").to_string();
    if from == to {
        d(from)
    } else {
        format!("{}至{}", d(from), d(to))
    }
}

fn span_en(from: NaiveDate, to: NaiveDate) -> String {
    let d = |x: NaiveDate| x.format("%-d %B %Y").to_string();
    if from == to {
        d(from)
    } else {
        format!("{} to {}", d(from), d(to))
    }
}

fn signed(v: f64, unit: &str) -> String {
    if v > 0.0 {
        format!("+{v:.1}{unit}")
    } else if v < 0.0 {
        format!("−{:.1}{unit}", -v)
    } else {
        format!("±0{unit}")
    }
}

pub static ZH_CN: StatsTexts = StatsTexts {
    dashboard_link: "办理质效",
    dashboard_title: "办理质效",
    dashboard_intro: "所选时间段的收件、按期办结、满意和复查情况，与上期和去年同期对比；下方按单位和街镇分列。每个数字的口径见页末。",
    own_unit: |u| format!("显示的是本单位（{u}）的数字。"),
    period_label: "时间段",
    period: period_zh,
    from_label: "起始日期",
    to_label: "结束日期",
    dates_hint: "仅“自定义日期”时使用，格式 2026-03-01。",
    unit_label: "承办单位",
    channel_label: "来源渠道",
    period_problem: problem_zh,
    problem_title: "时间段有误",
    span: span_zh,
    compared: |previous, last_year| format!("对比上期（{previous}）和去年同期（{last_year}）。"),
    figures_heading: "主要指标",
    figure: figure_zh,
    definition: definition_zh,
    col_figure: "指标",
    col_value: "本期",
    col_previous: "较上期",
    col_last_year: "较去年同期",
    none: "—",
    days: |d| format!("{d:.1} 个工作日"),
    days_range: |lo, hi| match (lo, hi) {
        (lo, u32::MAX) => format!("{lo} 个工作日以上"),
        (lo, hi) if lo == hi => format!("{lo} 个工作日"),
        (lo, hi) => format!("{lo}–{hi} 个工作日"),
    },
    percent: |r| format!("{:.1}%", r * 100.0),
    points: |p| signed(p * 100.0, " 个百分点"),
    change: |c| signed(c * 100.0, "%"),
    units_heading: "按承办单位",
    towns_heading: "按街镇",
    col_unit: "承办单位",
    col_town: "街镇",
    sort_hint: "点击列名按该列从高到低排序。",
    sorted_by: "当前排序列",
    no_groups: "本期没有数据。",
    definitions_heading: "指标口径",
    live_note: "“当前超期”和“领导包案（在办）”是此刻的数字，不随时间段变化。",
    charts_heading: "图表",
    intake_chart: "收件量（按类别）",
    rates_chart: "近 12 个月按期办结率和满意率",
    ages_chart: "在办案件（按收件后天数，此刻）",
    bar_heading: |step| match step {
        Step::Day => "日期",
        Step::Week => "周（自周一）",
        Step::Month => "月份",
    },
    bar_row: |step, d| match step {
        Step::Day => d.format("%Y年%-m月%-d日").to_string(),
        Step::Week => d.format("%Y年%-m月%-d日起").to_string(),
        Step::Month => d.format("%Y年%-m月").to_string(),
    },
    month_row: |d| d.format("%Y年%-m月").to_string(),
    age_heading: "收件后天数",
    age: |lo, hi| match hi {
        i64::MAX => format!("{lo} 天以上"),
        hi => format!("{lo}–{hi} 天"),
    },
    col_cases: "件数",
    from_dashboard: |what| format!("“办理质效”中的案件：{what}。"),
    received_in: |span| format!("{span}收件"),
    answered_in: |span| format!("{span}首次答复"),
    figure_filter: |code| match code {
        "waiting" => "尚未首次答复",
        "replied" => "已答复办理结果",
        "rated" => "群众已评价",
        "reviewed" => "申请了复查",
        "repeat" => "重复投诉",
        "charge" => "领导包案",
        _ => "",
    },
    separator: "，",
    back_to_dashboard: "返回办理质效",
    show_cases: "查看案件",
    download_csv: "下载本页数字（CSV，可用 Excel 打开）",
    chart_numbers: "查看图中数字",
    export_csv: "下载列表中的案件（CSV，可用 Excel 打开）",
    export_xlsx: "下载为 Excel 工作簿（.xlsx）",
    download_xlsx: "下载为 Excel 工作簿（.xlsx）",
    export_personal: "含投诉人姓名、电话和详细地址（下载将被记录）",
    export_column: export_column_zh,
    export_truncated: |n| format!("只导出了前 {n} 件。请缩小筛选范围后再导出其余案件。"),
};

pub static EN: StatsTexts = StatsTexts {
    dashboard_link: "Handling quality",
    dashboard_title: "Handling quality",
    dashboard_intro: "Complaints received, answered on time, residents' satisfaction and reviews in the chosen period, against the period before and the same period last year; below, per unit and per town. What each figure counts is at the end of the page.",
    own_unit: |u| format!("These are your unit's figures ({u})."),
    period_label: "Period",
    period: period_en,
    from_label: "First day",
    to_label: "Last day",
    dates_hint: "Only for “Dates of your choice”, as 2026-03-01.",
    unit_label: "Handling unit",
    channel_label: "Channel",
    period_problem: problem_en,
    problem_title: "The period cannot be used",
    span: span_en,
    compared: |previous, last_year| {
        format!(
            "Compared with the period before ({previous}) and the same period last year ({last_year})."
        )
    },
    figures_heading: "Key figures",
    figure: figure_en,
    definition: definition_en,
    col_figure: "Figure",
    col_value: "This period",
    col_previous: "Against the period before",
    col_last_year: "Against last year",
    none: "—",
    days: |d| format!("{d:.1} working days"),
    days_range: |lo, hi| match (lo, hi) {
        (lo, u32::MAX) => format!("more than {} working days", lo - 1),
        (lo, hi) if lo == hi => format!("{lo} working days"),
        (lo, hi) => format!("{lo}–{hi} working days"),
    },
    percent: |r| format!("{:.1}%", r * 100.0),
    points: |p| signed(p * 100.0, " points"),
    change: |c| signed(c * 100.0, "%"),
    units_heading: "Per handling unit",
    towns_heading: "Per town",
    col_unit: "Handling unit",
    col_town: "Town",
    sort_hint: "Choose a column's name to sort by it, highest first.",
    sorted_by: "sorted by this column",
    no_groups: "Nothing in this period.",
    definitions_heading: "What the figures count",
    live_note: "“Overdue now” and “Leaders' cases open” are counts of this moment: they do not depend on the period.",
    charts_heading: "Charts",
    intake_chart: "Complaints received, by category",
    rates_chart: "Answered on time and satisfied, last 12 months",
    ages_chart: "Open cases by days since receipt (now)",
    bar_heading: |step| match step {
        Step::Day => "Date",
        Step::Week => "Week (from Monday)",
        Step::Month => "Month",
    },
    bar_row: |step, d| match step {
        Step::Day => d.format("%-d %B %Y").to_string(),
        Step::Week => d.format("week of %-d %B %Y").to_string(),
        Step::Month => d.format("%B %Y").to_string(),
    },
    month_row: |d| d.format("%B %Y").to_string(),
    age_heading: "Days since receipt",
    age: |lo, hi| match hi {
        i64::MAX => format!("{lo} days or more"),
        hi => format!("{lo}–{hi} days"),
    },
    col_cases: "Cases",
    from_dashboard: |what| format!("Cases behind a figure of “Handling quality”: {what}."),
    received_in: |span| format!("received {span}"),
    answered_in: |span| format!("first answered {span}"),
    figure_filter: |code| match code {
        "waiting" => "not yet answered",
        "replied" => "answered with a reply",
        "rated" => "rated by the resident",
        "reviewed" => "reviewed at the resident's request",
        "repeat" => "repeat complaints",
        "charge" => "in a leader's charge",
        _ => "",
    },
    separator: ", ",
    back_to_dashboard: "Back to Handling quality",
    show_cases: "Show the cases",
    download_csv: "Download these figures (CSV, opens in Excel)",
    chart_numbers: "The numbers in this chart",
    export_csv: "Download the cases listed (CSV, opens in Excel)",
    export_xlsx: "Download as an Excel workbook (.xlsx)",
    download_xlsx: "Download as an Excel workbook (.xlsx)",
    export_personal: "With residents' names, phone numbers and full addresses (the download is logged)",
    export_column: export_column_en,
    export_truncated: |n| {
        format!("Only the first {n} cases were exported. Narrow the filters to export the rest.")
    },
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_figure_has_a_name_and_a_definition_in_both_languages() {
        for code in crate::pages::staff_dashboard::FIGURES {
            for t in [&ZH_CN, &EN] {
                assert!(!(t.figure)(code).is_empty(), "{code}");
                assert!(!(t.definition)(code).is_empty(), "{code}");
            }
        }
        assert_eq!((ZH_CN.days_range)(61, u32::MAX), "61 个工作日以上");
        assert_eq!((EN.points)(-0.025), "−2.5 points");
        assert_eq!((ZH_CN.change)(0.0), "±0%");
    }
}
