//! Strings of the public statistics (`/stats`) and their open data.

use chrono::NaiveDate;

pub struct PublicStatsTexts {
    /// The link from the home page, the board and the menu.
    pub link: &'static str,
    pub title: &'static str,
    pub intro: &'static str,
    /// "October 2026".
    pub month: fn(NaiveDate) -> String,
    /// (month, day published).
    pub published: fn(&str, NaiveDate) -> String,
    pub month_label: &'static str,
    pub show: &'static str,
    pub earlier: &'static str,
    pub later: &'static str,
    pub months_nav: &'static str,
    pub problem_title: &'static str,
    /// Why a month is not shown, by code.
    pub problem: fn(&str) -> &'static str,
    pub nothing_yet: &'static str,
    /// "October 2026 at a glance".
    pub overview_heading: fn(&str) -> String,
    /// A figure's name by code (`received`, `on_time`, `satisfaction`,
    /// `median`).
    pub figure: fn(&str) -> &'static str,
    pub definition: fn(&str) -> &'static str,
    pub col_figure: &'static str,
    pub col_month: &'static str,
    pub col_last_year: &'static str,
    /// "January to October 2026".
    pub year_heading: fn(NaiveDate) -> String,
    pub col_this_year: &'static str,
    pub col_year_before: &'static str,
    pub categories_heading: &'static str,
    pub towns_heading: &'static str,
    pub col_category: &'static str,
    pub col_town: &'static str,
    pub hidden: &'static str,
    pub hidden_note: &'static str,
    /// The map's title for a month.
    pub map_heading: fn(&str) -> String,
    pub map_description: &'static str,
    /// A colour class's range, by index (`domain::public_stats::CLASSES`).
    pub class: fn(usize) -> &'static str,
    pub class_none: &'static str,
    pub legend: &'static str,
    pub trend_heading: &'static str,
    pub open_heading: &'static str,
    pub open_intro: &'static str,
    pub open_csv: &'static str,
    pub open_json: &'static str,
    pub open_package: &'static str,
    pub licence: &'static str,
    pub fields_heading: &'static str,
    pub definitions_heading: &'static str,
    pub col_field: &'static str,
    pub col_meaning: &'static str,
}

fn figure_zh(code: &str) -> &'static str {
    match code {
        "received" => "收件量",
        "on_time" => "按期答复率",
        "satisfaction" => "满意率",
        "median" => "答复用时（中位数）",
        _ => "",
    }
}

fn figure_en(code: &str) -> &'static str {
    match code {
        "received" => "Complaints received",
        "on_time" => "Answered on time",
        "satisfaction" => "Residents satisfied",
        "median" => "Time to answer (median)",
        _ => "",
    }
}

fn definition_zh(code: &str) -> &'static str {
    match code {
        "received" => {
            "当月通过各渠道收到的噪声和餐饮油烟投诉件数，按收件日（上海时间）计；重复提交后合并的也计入。"
        }
        "on_time" => {
            "当月首次答复（办理结果、不予受理或转办）的案件中，在办理期限（含依规延期）内答复的比例。"
        }
        "satisfaction" => {
            "当月答复并经投诉人评价的案件中，评价为“满意”或“基本满意”的比例；公布时尚未评价的不计。"
        }
        "median" => {
            "当月首次答复的案件从收件到答复所用工作日的中位数（一半案件更快，一半更慢）；超过 20 个工作日时给出区间。"
        }
        _ => "",
    }
}

fn definition_en(code: &str) -> &'static str {
    match code {
        "received" => {
            "Noise and cooking-fume complaints received in the month through every channel, by the day received (Shanghai time); duplicates merged later are counted too."
        }
        "on_time" => {
            "Of the cases first answered in the month (a reply, or a decision not to accept or to pass it on), the share answered by the last day allowed, extensions granted under the rules included."
        }
        "satisfaction" => {
            "Of the replies of the month rated by the resident, the share rated 'satisfied' or 'fairly satisfied'; ratings not given by publication are not counted."
        }
        "median" => {
            "Working days from receipt to the first answer for the cases first answered in the month: half were faster, half slower; above 20 working days a range is given."
        }
        _ => "",
    }
}

pub static ZH_CN: PublicStatsTexts = PublicStatsTexts {
    link: "投诉办理统计",
    title: "投诉办理统计",
    intro: "每月公布噪声和餐饮油烟投诉的收件、按期答复和满意情况。只公布按月汇总的数字，不含任何个人信息。",
    month: |m| m.format("%Y年%-m月").to_string(),
    published: |month, day| {
        format!(
            "{month}数据，于{}公布，公布后不再改动。",
            day.format("%Y年%-m月%-d日")
        )
    },
    month_label: "月份",
    show: "查看",
    earlier: "上一个月",
    later: "下一个月",
    months_nav: "其他月份",
    problem_title: "无法显示该月",
    problem: |code| match code {
        "month_unreadable" => "月份应写成 2026-03 这样的格式。",
        "month_absent" => "没有该月的统计数据。请从列表中选择月份。",
        _ => "该月的数据尚未公布。每月 10 日公布上一个月的数据。",
    },
    nothing_yet: "尚无已公布的数据。每月 10 日公布上一个月的数据。",
    overview_heading: |m| format!("{m}概况"),
    figure: figure_zh,
    definition: definition_zh,
    col_figure: "指标",
    col_month: "本月",
    col_last_year: "去年同月",
    year_heading: |m| format!("{}年1–{}月与去年同期", m.format("%Y"), m.format("%-m")),
    col_this_year: "今年",
    col_year_before: "去年同期",
    categories_heading: "按投诉类别",
    towns_heading: "按街镇",
    col_category: "类别",
    col_town: "街镇",
    hidden: "少于5",
    hidden_note: "为避免识别到个人，1–4 件的格子不公布，显示为“少于5”；如果只有一个这样的格子，再隐去一个最小的格子，以免由合计推算出来。比例和中位数在不足 5 件时不计算，显示为“—”。",
    map_heading: |m| format!("{m}各街镇按期答复率（示意图）"),
    map_description: "嘉定区各街镇的示意方块图，北在上，不按比例。颜色越深，按期答复率越高；斜线表示不足 5 件未计算。同样的数字见下方“按街镇”表。",
    class: |i| match i {
        0 => "低于60%",
        1 => "60%–70%",
        2 => "70%–80%",
        3 => "80%–90%",
        _ => "90%及以上",
    },
    class_none: "不足5件",
    legend: "图例",
    trend_heading: "近12个月收件量",
    open_heading: "开放数据",
    open_intro: "所有已公布月份的同样数字，可下载，网址固定，可供程序定期读取。空格表示不公布或不计算。",
    open_csv: "CSV（可用 Excel 打开）",
    open_json: "JSON",
    open_package: "数据包说明（datapackage.json，含字段定义）",
    licence: "许可：知识共享 署名 4.0 国际（CC BY 4.0）。使用时请注明来源“上海市嘉定区生态环境局”。",
    fields_heading: "字段说明",
    definitions_heading: "口径",
    col_field: "字段",
    col_meaning: "含义",
};

pub static EN: PublicStatsTexts = PublicStatsTexts {
    link: "Complaints in numbers",
    title: "Complaints in numbers",
    intro: "Each month, how many noise and cooking-fume complaints came in, how many were answered on time and how satisfied residents were. Only monthly totals are published, never anything about a person.",
    month: |m| m.format("%B %Y").to_string(),
    published: |month, day| {
        format!(
            "Figures for {month}, published on {}, not changed since.",
            day.format("%-d %B %Y")
        )
    },
    month_label: "Month",
    show: "Show",
    earlier: "Month before",
    later: "Month after",
    months_nav: "Other months",
    problem_title: "That month cannot be shown",
    problem: |code| match code {
        "month_unreadable" => "Write the month as 2026-03.",
        "month_absent" => "There are no figures for that month. Pick a month from the list.",
        _ => {
            "That month's figures are not published yet. Each month's figures are published on the 10th of the next."
        }
    },
    nothing_yet: "Nothing has been published yet. Each month's figures are published on the 10th of the next.",
    overview_heading: |m| format!("{m} at a glance"),
    figure: figure_en,
    definition: definition_en,
    col_figure: "Figure",
    col_month: "This month",
    col_last_year: "Same month last year",
    year_heading: |m| {
        format!(
            "January to {} against the same months of last year",
            m.format("%B %Y")
        )
    },
    col_this_year: "This year",
    col_year_before: "Last year",
    categories_heading: "By category",
    towns_heading: "By town",
    col_category: "Category",
    col_town: "Town or subdistrict",
    hidden: "under 5",
    hidden_note: "So that no one can be singled out, cells of 1 to 4 are not published and read “under 5”; where that hides only one cell, the smallest other cell is hidden too, so the total cannot give it away. Shares and medians are not computed from fewer than 5 cases and read “—”.",
    map_heading: |m| format!("Answered on time by town, {m} (schematic)"),
    map_description: "A schematic of Jiading's towns and subdistricts, one square each, north up, not to scale. The darker, the more answered on time; hatched: fewer than 5 cases. The same numbers are in the table “By town” below.",
    class: |i| match i {
        0 => "below 60%",
        1 => "60% to 70%",
        2 => "70% to 80%",
        3 => "80% to 90%",
        _ => "90% or more",
    },
    class_none: "fewer than 5",
    legend: "Key",
    trend_heading: "Complaints received, last 12 months",
    open_heading: "Open data",
    open_intro: "The same figures for every published month, to download, at addresses that do not change, for programs to read regularly. An empty cell was not published or not computed.",
    open_csv: "CSV (opens in Excel)",
    open_json: "JSON",
    open_package: "Data package (datapackage.json, with the field definitions)",
    licence: "Licence: Creative Commons Attribution 4.0 International (CC BY 4.0). Please credit “Jiading District Ecology and Environment Bureau, Shanghai”.",
    fields_heading: "Fields",
    definitions_heading: "What the figures count",
    col_field: "Field",
    col_meaning: "Meaning",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_figure_and_class_reads_in_both_languages() {
        for t in [&ZH_CN, &EN] {
            for code in ["received", "on_time", "satisfaction", "median"] {
                assert!(!(t.figure)(code).is_empty(), "{code}");
                assert!(!(t.definition)(code).is_empty(), "{code}");
            }
            for i in 0..domain::public_stats::CLASSES.len() {
                assert!(!(t.class)(i).is_empty());
            }
        }
        let oct = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
        assert_eq!((ZH_CN.year_heading)(oct), "2026年1–10月与去年同期");
        assert_eq!((EN.month)(oct), "October 2026");
    }
}
