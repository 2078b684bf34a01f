//! Strings of the staff pages of pollution sources and early warnings.

use domain::source::{AcousticZone, Limit, SourceKind, Unit};
use domain::warning::{RuleKind, Severity};

pub struct SourceTexts {
    pub sources_title: &'static str,
    pub sources_link: &'static str,
    pub sources_intro: &'static str,
    pub search_label: &'static str,
    pub town_label: &'static str,
    pub kind_label: &'static str,
    pub any: &'static str,
    pub apply: &'static str,
    pub new_source: &'static str,
    pub col_name: &'static str,
    pub col_place: &'static str,
    pub col_open: &'static str,
    pub col_all: &'static str,
    pub no_sources: &'static str,
    pub kind: fn(SourceKind) -> &'static str,

    pub new_title: &'static str,
    pub edit_title: &'static str,
    pub name_label: &'static str,
    pub name_hint: &'static str,
    pub address_label: &'static str,
    pub address_hint: &'static str,
    pub operator_label: &'static str,
    pub operator_hint: &'static str,
    pub credit_code_label: &'static str,
    pub credit_code_hint: &'static str,
    pub zone_label: &'static str,
    pub zone_hint: &'static str,
    pub zone_none: &'static str,
    pub zone: fn(AcousticZone) -> &'static str,
    pub point_label: &'static str,
    pub latitude_label: &'static str,
    pub longitude_label: &'static str,
    pub point_hint: &'static str,
    pub save: &'static str,
    pub cancel: &'static str,

    pub facts_heading: &'static str,
    pub road_label: &'static str,
    pub none: &'static str,
    pub edit: &'static str,
    pub saved: &'static str,
    pub limits_heading: &'static str,
    pub limit_day: &'static str,
    pub limit_night: &'static str,
    pub limit_fumes: &'static str,
    pub limit_no_zone: &'static str,
    pub limit: fn(&Limit) -> String,
    pub cases_heading: &'static str,
    pub per_month_heading: &'static str,
    pub col_month: &'static str,
    pub col_count: &'static str,
    pub no_cases: &'static str,
    pub col_reference: &'static str,
    pub col_category: &'static str,
    pub col_status: &'static str,
    pub col_submitted: &'static str,
    pub merge_heading: &'static str,
    pub merge_intro: &'static str,
    pub merge_label: &'static str,
    pub merge_button: &'static str,
    pub merge_unknown: &'static str,
    pub merge_same: &'static str,
    pub merge_confirm: fn(i64, &str) -> String,
    pub merge_confirm_button: &'static str,
    pub merge_cancel: &'static str,
    pub merged: &'static str,
    pub merged_into: fn(&str) -> String,

    pub warnings_title: &'static str,
    pub warnings_link: &'static str,
    pub warnings_intro: &'static str,
    pub status_label: &'static str,
    pub status_active: &'static str,
    pub status: fn(&str) -> &'static str,
    pub severity: fn(Severity) -> &'static str,
    pub rule: fn(RuleKind) -> String,
    pub category_label: &'static str,
    pub every_category: &'static str,
    pub col_severity: &'static str,
    pub col_subject: &'static str,
    pub col_rule: &'static str,
    pub col_cases: &'static str,
    pub col_raised: &'static str,
    pub no_warnings: &'static str,
    pub warning_title: fn(i64) -> String,
    pub subject_source: fn(&str) -> String,
    pub subject_place: fn(&str, &str) -> String,
    pub raised_label: &'static str,
    pub updated_label: &'static str,
    pub task_label: &'static str,
    pub task_due: fn(&str, &str) -> String,
    pub note_label: &'static str,
    pub warning_cases_heading: &'static str,
    pub log_heading: &'static str,
    pub log_kind: fn(&str) -> &'static str,
    pub decide_heading: &'static str,
    pub decision_label: &'static str,
    pub decide_acknowledge: &'static str,
    pub decide_task: &'static str,
    pub decide_dismiss: &'static str,
    pub unit_label: &'static str,
    pub task_days_label: &'static str,
    pub decision_note_label: &'static str,
    pub decision_note_hint: &'static str,
    pub decide_button: &'static str,
    pub decided: &'static str,
    pub decided_meanwhile: &'static str,

    pub case_source_heading: &'static str,
    pub case_linked: fn(&str) -> String,
    pub unlink: &'static str,
    pub suggestions_intro: &'static str,
    pub suggestion_counts: fn(i64, i64) -> String,
    pub link: &'static str,
    pub link_named: fn(&str) -> String,
    pub no_suggestions: &'static str,
    pub create_from_case: &'static str,
    pub search_register: &'static str,
    pub case_warnings: &'static str,
    pub link_problem: &'static str,
    pub inbox_warning: fn(Severity) -> String,
    pub link_by_number: &'static str,
    pub link_by_number_hint: &'static str,
    pub rules_title: &'static str,
    pub rules_intro: &'static str,
    pub rule_count_label: &'static str,
    pub rule_days_label: &'static str,
    pub radius_label: &'static str,
    pub severity_label: &'static str,
    pub active_label: &'static str,
    pub rule_kind: fn(&str) -> &'static str,
    pub rules_link: &'static str,
}

fn zh_kind(k: SourceKind) -> &'static str {
    match k {
        SourceKind::Restaurant => "餐饮店和食品摊",
        SourceKind::Venue => "娱乐场所和商铺",
        SourceKind::Construction => "建筑工地",
        SourceKind::Factory => "工厂和作坊",
        SourceKind::Other => "其他（小区、道路、广场等）",
    }
}

fn en_kind(k: SourceKind) -> &'static str {
    match k {
        SourceKind::Restaurant => "Restaurant or food stall",
        SourceKind::Venue => "Entertainment venue or shop",
        SourceKind::Construction => "Construction site",
        SourceKind::Factory => "Factory or workshop",
        SourceKind::Other => "Other (compound, road, square)",
    }
}

fn zh_zone(z: AcousticZone) -> &'static str {
    match z {
        AcousticZone::Zero => "0类：康复疗养区",
        AcousticZone::One => "1类：居住、医疗、文教、行政办公为主",
        AcousticZone::Two => "2类：居住、商业、工业混杂",
        AcousticZone::Three => "3类：工业生产、仓储物流",
        AcousticZone::FourA => "4a类：高速公路、城市主次干路、内河航道两侧",
        AcousticZone::FourB => "4b类：铁路干线两侧",
    }
}

fn en_zone(z: AcousticZone) -> &'static str {
    match z {
        AcousticZone::Zero => "Class 0: convalescent areas",
        AcousticZone::One => "Class 1: mainly homes, hospitals, schools, offices",
        AcousticZone::Two => "Class 2: homes mixed with shops and industry",
        AcousticZone::Three => "Class 3: industry, warehouses and logistics",
        AcousticZone::FourA => "Class 4a: along motorways, main roads and waterways",
        AcousticZone::FourB => "Class 4b: along railway lines",
    }
}

/// A limit's value with its unit: whole decibels, fumes to one decimal.
fn value(l: &Limit) -> String {
    match l.unit {
        Unit::Decibel => format!("{:.0} dB(A)", l.value),
        Unit::MilligramsPerCubicMetre => format!("{:.1} mg/m³", l.value),
    }
}

fn zh_status(s: &str) -> &'static str {
    match s {
        "open" => "待处理",
        "acknowledged" => "已知悉",
        "tasked" => "已派排查任务",
        "dismissed" => "已排除",
        _ => "未知",
    }
}

fn en_status(s: &str) -> &'static str {
    match s {
        "open" => "New",
        "acknowledged" => "Acknowledged",
        "tasked" => "Screening task issued",
        "dismissed" => "Dismissed",
        _ => "Unknown",
    }
}

fn zh_severity(s: Severity) -> &'static str {
    match s {
        Severity::High => "高",
        Severity::Medium => "中",
        Severity::Low => "低",
    }
}

fn en_severity(s: Severity) -> &'static str {
    match s {
        Severity::High => "High",
        Severity::Medium => "Medium",
        Severity::Low => "Low",
    }
}

fn zh_rule(k: RuleKind) -> String {
    match k {
        RuleKind::Repeat { count, days, .. } => format!("{days}天内{count}次及以上投诉"),
        RuleKind::Nights { nights, days, .. } => {
            format!("{days}天内{nights}个夜晚（22:00–6:00）有投诉")
        }
        RuleKind::Rebound { days, .. } => format!("办结后{days}天内再次投诉（反弹）"),
    }
}

fn en_rule(k: RuleKind) -> String {
    match k {
        RuleKind::Repeat { count, days, .. } => {
            format!("{count} or more complaints in {days} days")
        }
        RuleKind::Nights { nights, days, .. } => {
            format!("Complaints on {nights} nights (22:00–06:00) in {days} days")
        }
        RuleKind::Rebound { days, .. } => {
            format!("A complaint within {days} days of a case closed as solved (rebound)")
        }
    }
}

fn zh_log(kind: &str) -> &'static str {
    match kind {
        "raised" => "规则触发预警",
        "cases_added" => "新增相关投诉",
        "case_removed" => "取消关联，移出一件投诉",
        "acknowledged" => "已知悉",
        "tasked" => "派发排查任务",
        "dismissed" => "已排除",
        "inspection" => "登记排查现场检查（检查码）",
        "inspection_result" => "记录排查现场检查结果",
        _ => "记录",
    }
}

fn en_log(kind: &str) -> &'static str {
    match kind {
        "raised" => "Raised by its rule",
        "cases_added" => "More complaints added",
        "case_removed" => "A complaint unlinked and taken out",
        "acknowledged" => "Acknowledged",
        "tasked" => "Screening task issued",
        "dismissed" => "Dismissed",
        "inspection" => "Screening inspection registered (inspection code)",
        "inspection_result" => "Screening inspection result recorded",
        _ => "Entry",
    }
}

pub static ZH_CN: SourceTexts = SourceTexts {
    sources_title: "污染源名录",
    sources_link: "污染源",
    sources_intro: "被投诉的餐饮店、娱乐场所和商铺、建筑工地、工厂作坊以及小区、道路等地点。把投诉关联到污染源，才能看出同一地点反复被投诉，并触发排查预警。",
    search_label: "名称、地址、经营者或信用代码",
    town_label: "所在街镇",
    kind_label: "类型",
    any: "全部",
    apply: "筛选",
    new_source: "登记污染源",
    col_name: "名称",
    col_place: "道路",
    col_open: "办理中",
    col_all: "投诉总数",
    no_sources: "没有符合条件的污染源。",
    kind: zh_kind,

    new_title: "登记污染源",
    edit_title: "修改污染源",
    name_label: "名称",
    name_hint: "营业执照或招牌上的名称；小区、道路等填写地名。",
    address_label: "地址",
    address_hint: "门牌号只有工作人员可见；名录和预警只显示到道路。",
    operator_label: "经营者",
    operator_hint: "可选：公司名称或负责人。",
    credit_code_label: "统一社会信用代码",
    credit_code_hint: "可选。18位，见营业执照；可以带空格，大小写均可。",
    zone_label: "声环境功能区（噪声源）",
    zone_hint: "按GB 3096-2008所在区域的类别，决定厂界和边界噪声限值。建筑工地不需要。",
    zone_none: "未确定",
    zone: zh_zone,
    point_label: "坐标",
    latitude_label: "纬度",
    longitude_label: "经度",
    point_hint: "可选，如 31.3742、121.2503；用于按距离发现附近的投诉。",
    save: "保存",
    cancel: "取消",

    facts_heading: "基本信息",
    road_label: "道路（公开部分）",
    none: "无",
    edit: "修改",
    saved: "已保存。",
    limits_heading: "适用的排放限值",
    limit_day: "昼间（6:00–22:00）噪声",
    limit_night: "夜间（22:00–6:00）噪声",
    limit_fumes: "油烟排放浓度",
    limit_no_zone: "尚未确定声环境功能区，无法确定噪声限值。",
    limit: |l| format!("{}（{}）", value(l), l.standard),
    cases_heading: "关联的投诉",
    per_month_heading: "近12个月每月投诉数",
    col_month: "月份",
    col_count: "投诉数",
    no_cases: "还没有关联的投诉。",
    col_reference: "编号",
    col_category: "类别",
    col_status: "状态",
    col_submitted: "提交时间",
    merge_heading: "合并重复登记",
    merge_intro: "同一地点登记了两次时，把本条的投诉并入另一条。合并记入每件投诉的办理记录，本条从名录中消失。",
    merge_label: "并入的污染源编号",
    merge_button: "合并",
    merge_unknown: "找不到这个污染源，或它已并入其他污染源。请填写名录中显示的编号。",
    merge_same: "不能并入自己。",
    merge_confirm: |id, name| {
        format!(
            "确认把本条并入 #{id}“{name}”？本条的投诉和预警将移到那里，本条从名录中消失。合并记入每件投诉的办理记录，不能撤销。"
        )
    },
    merge_confirm_button: "确认合并",
    merge_cancel: "不合并",
    merged: "已合并。",
    merged_into: |name| format!("已并入“{name}”"),

    warnings_title: "排查预警",
    warnings_link: "预警",
    warnings_intro: "规则自动发现同一污染源或地点的反复投诉、夜间投诉和办结后的反弹。请逐条知悉、派发排查任务或说明理由后排除。",
    status_label: "状态",
    status_active: "未完结",
    status: zh_status,
    severity: zh_severity,
    rule: zh_rule,
    category_label: "投诉类别",
    every_category: "所有类别",
    col_severity: "等级",
    col_subject: "污染源或地点",
    col_rule: "规则",
    col_cases: "投诉数",
    col_raised: "触发时间",
    no_warnings: "没有符合条件的预警。",
    warning_title: |id| format!("预警 #{id}"),
    subject_source: |name| format!("污染源：{name}"),
    subject_place: |town, place| format!("地点：{town}{place}"),
    raised_label: "触发时间",
    updated_label: "最近更新",
    task_label: "排查任务",
    task_due: |unit, date| format!("{unit}，{date}前完成"),
    note_label: "说明",
    warning_cases_heading: "相关投诉",
    log_heading: "处理记录",
    log_kind: zh_log,
    decide_heading: "处理预警",
    decision_label: "处理方式",
    decide_acknowledge: "知悉，继续观察",
    decide_task: "派发排查任务",
    decide_dismiss: "排除（说明理由）",
    unit_label: "排查单位",
    task_days_label: "期限（工作日）",
    decision_note_label: "说明",
    decision_note_hint: "派发任务时写排查要求；排除时写理由（至少4个字）。",
    decide_button: "提交",
    decided: "已记录。",
    decided_meanwhile: "此预警已被他人处理，请查看最新状态。",

    case_source_heading: "污染源",
    case_linked: |name| format!("已关联：{name}"),
    unlink: "取消关联",
    suggestions_intro: "可能是以下污染源（按名称、道路和距离排序），点一下即可关联：",
    suggestion_counts: |open, all| format!("办理中 {open} 件，共 {all} 件"),
    link: "关联",
    link_named: |name| format!("关联到“{name}”"),
    no_suggestions: "名录中没有相近的污染源。",
    create_from_case: "用本投诉登记新污染源并关联",
    search_register: "在污染源名录中查找",
    case_warnings: "本投诉所属预警",
    link_problem: "无法关联：污染源不存在或已合并，投诉已关联了污染源，或投诉没有可用作名称的地点。",
    link_by_number: "按编号关联",
    link_by_number_hint: "名录中每个污染源名称后的编号，如 #12。",
    inbox_warning: |s| format!("预警·{}", zh_severity(s)),
    rules_title: "预警规则",
    rules_intro: "规则决定何时触发排查预警。修改只对之后的投诉生效，已触发的预警不变。",
    rule_count_label: "次数（投诉次数或夜晚数）",
    rule_days_label: "时间窗口（天）",
    radius_label: "无污染源时的距离范围（米）",
    severity_label: "等级",
    active_label: "启用",
    rule_kind: |k| match k {
        "repeat" => "反复投诉",
        "nights" => "夜间投诉",
        _ => "办结后反弹",
    },
    rules_link: "预警规则",
};

pub static EN: SourceTexts = SourceTexts {
    sources_title: "Register of pollution sources",
    sources_link: "Sources",
    sources_intro: "Restaurants, venues and shops, building sites, factories and workshops, and places such as compounds and roads that draw complaints. Linking complaints to their source shows when one place is complained about again and again, and raises early warnings.",
    search_label: "Name, address, operator or credit code",
    town_label: "Town or subdistrict",
    kind_label: "Kind",
    any: "All",
    apply: "Filter",
    new_source: "Register a source",
    col_name: "Name",
    col_place: "Road",
    col_open: "Open",
    col_all: "Complaints",
    no_sources: "No sources match.",
    kind: en_kind,

    new_title: "Register a source",
    edit_title: "Edit the source",
    name_label: "Name",
    name_hint: "As on the business licence or sign; for a compound or road, its name.",
    address_label: "Address",
    address_hint: "Door numbers are for staff only; the register and warnings show the road.",
    operator_label: "Operator",
    operator_hint: "Optional: the company, or the person in charge.",
    credit_code_label: "Unified Social Credit Code",
    credit_code_hint: "Optional. 18 characters, on the business licence; spaces and lower case are fine.",
    zone_label: "Acoustic zone (noise sources)",
    zone_hint: "The GB 3096-2008 class of the area around it, which sets the boundary noise limits. Not needed for building sites.",
    zone_none: "Not known",
    zone: en_zone,
    point_label: "Coordinates",
    latitude_label: "Latitude",
    longitude_label: "Longitude",
    point_hint: "Optional, like 31.3742, 121.2503; used to find complaints nearby.",
    save: "Save",
    cancel: "Cancel",

    facts_heading: "Details",
    road_label: "Road (public part)",
    none: "None",
    edit: "Edit",
    saved: "Saved.",
    limits_heading: "Limits that apply",
    limit_day: "Noise by day (06:00–22:00)",
    limit_night: "Noise at night (22:00–06:00)",
    limit_fumes: "Cooking-fume concentration",
    limit_no_zone: "The acoustic zone is not known yet, so the noise limits are not either.",
    limit: |l| format!("{} ({})", value(l), l.standard),
    cases_heading: "Linked complaints",
    per_month_heading: "Complaints per month, last 12 months",
    col_month: "Month",
    col_count: "Complaints",
    no_cases: "No complaints are linked yet.",
    col_reference: "Reference",
    col_category: "Category",
    col_status: "Status",
    col_submitted: "Submitted",
    merge_heading: "Merge a duplicate",
    merge_intro: "When one place was registered twice, move this entry's complaints to the other. Each complaint's trail records it, and this entry leaves the register.",
    merge_label: "Number of the source to merge into",
    merge_button: "Merge",
    merge_unknown: "No such source, or it was merged already: enter the number the register shows.",
    merge_same: "A source cannot be merged into itself.",
    merge_confirm: |id, name| {
        format!(
            "Merge this entry into #{id} “{name}”? Its complaints and warnings move there and this entry leaves the register. Each complaint's trail records it; it cannot be undone."
        )
    },
    merge_confirm_button: "Confirm the merge",
    merge_cancel: "Do not merge",
    merged: "Merged.",
    merged_into: |name| format!("Merged into “{name}”"),

    warnings_title: "Early warnings",
    warnings_link: "Warnings",
    warnings_intro: "Rules find sources and places that draw complaints again and again, complaints at night, and problems back after a case was closed as solved. Acknowledge each, turn it into a screening task, or dismiss it with a reason.",
    status_label: "Status",
    status_active: "Not finished",
    status: en_status,
    severity: en_severity,
    rule: en_rule,
    category_label: "Category",
    every_category: "Every category",
    col_severity: "Severity",
    col_subject: "Source or place",
    col_rule: "Rule",
    col_cases: "Complaints",
    col_raised: "Raised",
    no_warnings: "No warnings match.",
    warning_title: |id| format!("Warning #{id}"),
    subject_source: |name| format!("Source: {name}"),
    subject_place: |town, place| format!("Place: {place}, {town}"),
    raised_label: "Raised",
    updated_label: "Last updated",
    task_label: "Screening task",
    task_due: |unit, date| format!("{unit}, by {date}"),
    note_label: "Note",
    warning_cases_heading: "Complaints behind it",
    log_heading: "History",
    log_kind: en_log,
    decide_heading: "Decide",
    decision_label: "Decision",
    decide_acknowledge: "Acknowledge and watch",
    decide_task: "Issue a screening task",
    decide_dismiss: "Dismiss (give the reason)",
    unit_label: "Screening unit",
    task_days_label: "Deadline (working days)",
    decision_note_label: "Note",
    decision_note_hint: "For a task, what to screen; for a dismissal, why (at least 4 characters).",
    decide_button: "Submit",
    decided: "Recorded.",
    decided_meanwhile: "Someone else decided on this warning meanwhile: see its status now.",

    case_source_heading: "Pollution source",
    case_linked: |name| format!("Linked to: {name}"),
    unlink: "Unlink",
    suggestions_intro: "It may be one of these (by name, road and distance); one tap links it:",
    suggestion_counts: |open, all| format!("{open} open, {all} in all"),
    link: "Link",
    link_named: |name| format!("Link to “{name}”"),
    no_suggestions: "No similar source in the register.",
    create_from_case: "Register a new source from this complaint and link it",
    search_register: "Search the register",
    case_warnings: "Warnings this complaint belongs to",
    link_problem: "Not linked: the source does not exist or was merged, the complaint is linked already, or it names no place to call a source by.",
    link_by_number: "Link by number",
    link_by_number_hint: "The number after each source's name in the register, like #12.",
    inbox_warning: |s| format!("Warning · {}", en_severity(s)),
    rules_title: "Early-warning rules",
    rules_intro: "The rules decide when a warning is raised. A change counts for complaints from now on; warnings raised already stay.",
    rule_count_label: "Count (complaints, or nights)",
    rule_days_label: "Window (days)",
    radius_label: "Distance without a source (metres)",
    severity_label: "Severity",
    active_label: "In force",
    rule_kind: |k| match k {
        "repeat" => "Repeated complaints",
        "nights" => "Complaints at night",
        _ => "Rebound after closing",
    },
    rules_link: "Warning rules",
};
