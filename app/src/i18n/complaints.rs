//! Strings of the complaint pages (filing, tracking, the public board).

use domain::case::{Outcome, Rating, Status};
use domain::complaint::input::FieldError;

pub struct ComplaintTexts {
    pub nav_complaints: &'static str,
    pub nav_track: &'static str,
    pub nav_board: &'static str,

    pub start_title: &'static str,
    pub start_intro: &'static str,
    pub step_of: fn(usize, usize) -> String,
    pub back: &'static str,
    pub continue_: &'static str,
    /// One question at a time: "question 1 of 3".
    pub question_of: fn(usize, usize) -> String,
    pub previous_question: &'static str,
    pub expired: &'static str,
    pub honeypot_label: &'static str,

    pub category_question: &'static str,
    pub noise_group: &'static str,
    pub fumes_group: &'static str,
    pub other_problem: &'static str,
    pub every_category: &'static str,
    pub other_title: &'static str,
    pub other_body: &'static str,
    pub other_hotline: &'static str,
    pub other_urgent: &'static str,

    pub location_title_noise: &'static str,
    pub location_title_fumes: &'static str,
    pub town_label: &'static str,
    pub town_choose: &'static str,
    pub address_label: &'static str,
    pub address_hint: &'static str,
    pub use_location: &'static str,
    pub location_saved: &'static str,
    /// `{town}`: the town chosen from the position.
    pub location_town_guessed: &'static str,
    pub location_outside: &'static str,
    pub location_failed: &'static str,

    pub details_title: &'static str,
    pub when_label: &'static str,
    pub when_day: &'static str,
    pub when_night: &'static str,
    pub when_both: &'static str,
    pub recurring_label: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub business_label: &'static str,
    pub business_hint: &'static str,
    pub fume_kind_label: &'static str,
    pub fume_smoke: &'static str,
    pub fume_odour: &'static str,
    pub fume_both: &'static str,
    pub description_label: &'static str,
    pub description_hint: fn(usize, usize) -> String,

    pub photos_title: &'static str,
    pub photos_hint: &'static str,
    pub photo_label: &'static str,
    pub upload: &'static str,
    pub photo_continue_hint: &'static str,
    pub remove: &'static str,
    pub photo_alt: fn(usize) -> String,
    pub photos_count: fn(usize) -> String,
    pub photo_no_file: &'static str,
    pub photo_too_large: &'static str,
    pub photo_not_image: &'static str,
    pub photo_too_many: &'static str,
    /// While a photo is made smaller on the phone.
    pub photo_scaling: &'static str,
    /// After; `{from}` and `{to}` are the sizes before and after.
    pub photo_scaled: &'static str,

    pub contact_title: &'static str,
    pub name_label: &'static str,
    pub phone_label: &'static str,
    pub phone_hint: &'static str,
    pub email_label: &'static str,
    pub email_hint: &'static str,
    pub public_label: &'static str,
    pub public_hint: &'static str,
    pub consent_heading: &'static str,
    pub consent_text: &'static str,
    pub consent_label: &'static str,

    pub check_title: &'static str,
    pub change: &'static str,
    pub submit: &'static str,
    pub answer_category: &'static str,
    pub answer_town: &'static str,
    pub answer_address: &'static str,
    pub answer_point: &'static str,
    pub answer_when: &'static str,
    pub answer_recurring: &'static str,
    pub answer_business: &'static str,
    pub answer_fume_kind: &'static str,
    pub answer_description: &'static str,
    pub answer_photos: &'static str,
    pub answer_name: &'static str,
    pub answer_phone: &'static str,
    pub answer_email: &'static str,
    pub answer_public: &'static str,
    pub point_attached: &'static str,
    pub point_none: &'static str,
    pub public_yes: &'static str,
    pub public_no: &'static str,
    pub nearby_title: &'static str,
    pub nearby_intro: &'static str,
    pub nearby_place: &'static str,
    pub add_voice: &'static str,
    pub supporters: fn(i64) -> String,

    pub confirm_title: &'static str,
    pub reference_label: &'static str,
    pub access_code_label: &'static str,
    pub code_keep: &'static str,
    pub code_shown_once: &'static str,
    pub next_title: &'static str,
    pub next_body: fn(&str) -> String,
    pub print_hint: &'static str,
    pub home_screen_hint: &'static str,
    pub qr_label: &'static str,
    pub copy_receipt: &'static str,
    pub receipt_copied: &'static str,
    pub copy_failed: &'static str,
    pub save_receipt: &'static str,
    pub receipt_saved: &'static str,
    pub receipt_save_failed: &'static str,
    pub receipt_due: fn(&str) -> String,
    pub receipt_file: fn(&str) -> String,
    pub voice_title: &'static str,
    pub voice_body: &'static str,
    pub file_another: &'static str,

    pub track_title: &'static str,
    pub track_intro: &'static str,
    pub code_label: &'static str,
    pub code_hint: &'static str,
    pub lookup: &'static str,
    pub track_missing: &'static str,
    pub track_not_found: &'static str,
    pub track_throttled: &'static str,
    pub status_label: &'static str,
    pub unit_label: &'static str,
    pub unit_pending: &'static str,
    pub due_label: &'static str,
    pub overdue: &'static str,
    pub submitted_label: &'static str,
    pub place_label: &'static str,
    pub outcome_label: &'static str,
    pub timeline_title: &'static str,
    pub look_up_another: &'static str,

    pub rate_title: &'static str,
    pub rate_intro: &'static str,
    pub rating_label: &'static str,
    pub comment_label: &'static str,
    pub send_rating: &'static str,
    pub your_rating: &'static str,
    pub rated_notice: &'static str,
    pub review_title: &'static str,
    pub review_intro: fn(&str) -> String,
    pub review_reason_label: &'static str,
    pub request_review: &'static str,
    pub review_notice: &'static str,
    pub rating_missing: &'static str,
    pub not_allowed: &'static str,
    pub comment_too_long: &'static str,

    pub board_not_public: &'static str,
    pub board_waiting: &'static str,
    pub board_shown: &'static str,
    pub board_title: &'static str,
    pub board_intro: &'static str,
    pub board_empty: &'static str,
    pub page_of: fn(i64, i64) -> String,
    pub previous_page: &'static str,
    pub next_page: &'static str,
    pub board_nav: &'static str,

    pub outbox_title: &'static str,
    pub outbox_signup: &'static str,
    pub outbox_intro: &'static str,
    pub outbox_empty: &'static str,
    pub outbox_time: &'static str,
    pub outbox_recipient: &'static str,
    pub outbox_message: &'static str,

    pub trail_title: &'static str,
    pub trail_intro: &'static str,
    pub trail_intact: fn(u64) -> String,
    pub trail_broken: fn(i64) -> String,
    pub trail_truncated: fn(i64, i64) -> String,

    statuses: [&'static str; 9],
    outcomes: [&'static str; 5],
    ratings: [&'static str; 3],
    pub field_message: fn(&str, FieldError) -> String,
    pub event_name: fn(&str) -> &'static str,
}

impl ComplaintTexts {
    pub fn status(&self, s: Status) -> &'static str {
        self.statuses[Status::ALL.iter().position(|x| *x == s).unwrap_or(0)]
    }

    pub fn outcome(&self, o: Outcome) -> &'static str {
        self.outcomes[Outcome::ALL.iter().position(|x| *x == o).unwrap_or(0)]
    }

    pub fn rating(&self, r: Rating) -> &'static str {
        self.ratings[Rating::ALL.iter().position(|x| *x == r).unwrap_or(0)]
    }
}

fn zh_field(field: &str, e: FieldError) -> String {
    let name = match field {
        "category" => "投诉类别",
        "town" => "所在街镇",
        "address" => "详细地址",
        "location" => "位置",
        "when" => "噪声出现的时间",
        "recurring" => "是否反复出现",
        "business" => "商户名称",
        "fume_kind" => "主要问题",
        "description" => "问题描述",
        "name" => "姓名",
        "phone" => "手机号码",
        "email" => "电子邮箱",
        "public" => "公开展示",
        "consent" => "个人信息处理说明",
        "reason" => "原因",
        "agency" => "主管部门",
        "unit" => "处理单位",
        "outcome" => "办理结果",
        "reply" => "答复内容",
        "inspected_at" => "检查时间",
        "inspector" => "检查人员",
        "findings" => "检查情况",
        "measured" => "测量值",
        "days" => "延长的工作日数",
        "note" => "备注",
        "target" => "案件编号",
        "priority" => "优先级",
        "public_text" => "公开内容",
        "public_place" => "公开地点",
        "day" => "日期",
        "name_zh" => "中文名称",
        "name_en" => "英文名称",
        "date" => "日期",
        "slug" => "网址名称",
        "title" => "标题",
        "summary" => "摘要",
        "body" => "正文",
        "tag" => "栏目",
        "status" => "状态",
        "publish_at" => "发布时间",
        "kind" => "类型",
        "environment_day" => "所属环境日",
        "year" => "年份",
        "cover_alt" => "封面图片说明",
        "place" => "地点",
        "starts_at" => "开始时间",
        "ends_at" => "结束时间",
        "capacity" => "名额",
        "opens_at" => "报名开始时间",
        "closes_at" => "报名截止时间",
        "source_name" => "污染源名称",
        "source_kind" => "污染源类型",
        "point" => "坐标",
        "operator" => "经营者",
        "credit_code" => "统一社会信用代码",
        "zone" => "声环境功能区",
        "decision" => "处理方式",
        "task_days" => "排查期限",
        "rule_count" => "次数",
        "rule_days" => "时间窗口",
        "radius_m" => "距离范围",
        "severity" => "等级",
        "source" => "检查对象",
        "purpose" => "检查原因",
        "case_ref" => "案件编号",
        "warning" => "预警编号",
        "item" => "检查事项",
        "from" => "开始时间",
        "to" => "结束时间",
        "inspectors" => "检查人员",
        "inspector1" | "inspector2" | "inspector3" => "检查人员",
        "cert1" | "cert2" | "cert3" => "执法证号",
        "what1" | "what2" | "what3" => "监测项目",
        "value1" | "value2" | "value3" => "读数",
        "basis_zh" => "中文法律依据",
        "basis_en" => "英文法律依据",
        "rating" => "评价",
        "comment" => "意见",
        _ => "此项",
    };
    match (field, e) {
        ("consent", _) => "请阅读并同意个人信息处理说明".to_owned(),
        ("point", _) => {
            "坐标应为上海市范围内的纬度和经度（如 31.3742 和 121.2503），两项都填或都不填"
                .to_owned()
        }
        ("inspectors", _) => "请选择至少两名本单位的检查人员（执法人员不得少于两人）".to_owned(),
        ("quiet", _) => "该地点近期已多次日常检查且无投诉或预警：确需再次检查请勾选确认".to_owned(),
        ("inspector1" | "inspector2" | "inspector3", FieldError::Taken) => {
            "同一名检查人员只能选一次".to_owned()
        }
        ("inspector1" | "inspector2" | "inspector3", _) => {
            "请从列表中选择本单位在职的执法人员".to_owned()
        }
        ("cert1" | "cert2" | "cert3", FieldError::NotAChoice) => {
            "执法证号只能包含字母、数字、汉字、括号和连字符".to_owned()
        }
        ("cert1" | "cert2" | "cert3", FieldError::Taken) => {
            "这个执法证号已登记在另一名执法人员名下，请核对".to_owned()
        }
        ("case_ref", FieldError::OutOfArea) => {
            "这个案件关联的是另一个污染源（或在另一个街镇），不能作为检查本污染源的原因".to_owned()
        }
        ("warning", FieldError::OutOfArea) => {
            "这个预警针对的是另一个污染源（或在另一个街镇），不能作为检查本污染源的原因".to_owned()
        }
        ("source", FieldError::OutOfArea) => {
            "该污染源不在本单位辖区：日常检查只能检查本辖区的污染源".to_owned()
        }
        ("source", FieldError::NotANumber) => "请填写污染源编号（数字），如 12".to_owned(),
        ("what1" | "what2" | "what3", FieldError::Taken) => "同一监测项目只能填一行".to_owned(),
        ("what1" | "what2" | "what3", FieldError::NotAChoice) => {
            "这类污染源不测这一项：油烟排放浓度只适用于餐饮".to_owned()
        }
        ("case_ref", FieldError::UnknownCase) => {
            "找不到本单位承办的这个案件，请核对案件编号，如 JD-2026-000123".to_owned()
        }
        ("warning", FieldError::NotAChoice) => "没有交给本单位、仍在排查中的这个预警".to_owned(),
        ("source", FieldError::NotAChoice) => "登记簿中没有这个污染源编号（或已被合并）".to_owned(),
        ("item", FieldError::NotAChoice) => "请从列表中选择适用于该类污染源的检查事项".to_owned(),
        ("day", FieldError::OutOfRange) => "检查日期应在今天起60天内".to_owned(),
        ("to", FieldError::OutOfRange) => {
            "检查时间不能超过12小时且尚未过去；结束时间早于开始时间表示次日（如 22:00 至 02:00）"
                .to_owned()
        }
        ("to", FieldError::Taken) => {
            "该污染源这一时段已有检查登记，合并后会超过12小时：请在已登记的时段内检查（并入联合检查），或另选不重叠的时段"
                .to_owned()
        }
        ("from" | "to", FieldError::NotATime) => "请按“时:分”填写时间，如 09:30".to_owned(),
        ("value1" | "value2" | "value3", FieldError::OutOfRange) => {
            "读数超出合理范围：噪声为 20–140 dB(A)，油烟浓度为 0–50 mg/m³".to_owned()
        }
        (_, FieldError::Required) => match field {
            "category" | "town" | "when" | "recurring" | "fume_kind" | "unit" | "outcome"
            | "priority" | "kind" | "tag" | "status" | "environment_day" | "decision"
            | "severity" | "source_kind" | "purpose" | "item" | "rating" | "what1" | "what2"
            | "what3" => {
                format!("请选择{name}")
            }
            _ => format!("请填写{name}"),
        },
        (_, FieldError::TooShort(n)) => format!("{name}至少需要 {n} 个字"),
        (_, FieldError::TooLong(n)) => format!("{name}不能超过 {n} 个字"),
        (_, FieldError::NotAMobileNumber) => {
            "请填写正确的11位手机号码，如 138 1234 5678".to_owned()
        }
        (_, FieldError::NotAnEmail) => {
            "请填写正确的电子邮箱，如 zhangsan@example.com，或留空".to_owned()
        }
        (_, FieldError::NotAChoice) => format!("请从列表中选择{name}"),
        (_, FieldError::OutOfArea) => {
            "获取的位置不在上海市范围内，已经去掉。请核对街镇和地址后再点“继续”。".to_owned()
        }
        ("measured", FieldError::OutOfRange) => {
            "测量值超出合理范围：噪声为 20–140 dB(A)，油烟浓度为 0–50 mg/m³".to_owned()
        }
        ("days", FieldError::OutOfRange) => "延长的工作日数应为 1 到 15".to_owned(),
        ("task_days", FieldError::OutOfRange) => "排查期限应为 1 到 30 个工作日".to_owned(),
        ("rule_count", FieldError::OutOfRange) => {
            "次数应为 2 到 366，夜间规则的夜晚数不能多于时间窗口的天数".to_owned()
        }
        ("rule_days", FieldError::OutOfRange) => "时间窗口应为 1 到 366 天".to_owned(),
        ("radius_m", FieldError::OutOfRange) => "距离范围应为 0 到 2000 米".to_owned(),
        ("inspected_at", FieldError::OutOfRange) => "检查时间不能早于投诉提交时间".to_owned(),
        ("day", FieldError::NotATime) => "请按“年-月-日”填写日期，如 2027-01-01".to_owned(),
        ("date", FieldError::NotATime) => "请按“月-日”填写日期，如 06-05".to_owned(),
        ("ends_at", FieldError::OutOfRange) => "结束时间应晚于开始时间".to_owned(),
        ("closes_at", FieldError::OutOfRange) => {
            "报名截止时间应晚于报名开始时间，且不晚于活动开始时间".to_owned()
        }
        ("capacity", FieldError::OutOfRange) => {
            "名额应为 1 到 10000，且不少于已报名的人数".to_owned()
        }
        ("year", FieldError::OutOfRange) => "年份应在 2020 到 2100 之间".to_owned(),
        (_, FieldError::OutOfRange) => format!("{name}超出允许范围"),
        (_, FieldError::NotANumber) => format!("{name}请填写数字"),
        (_, FieldError::NotATime) => format!("请按“年-月-日 时:分”填写{name}"),
        (_, FieldError::InFuture) => format!("{name}不能晚于现在"),
        (_, FieldError::UnknownCase) => {
            "找不到可合并的案件：请填写另一件办理中案件的编号，如 JD-2026-000123".to_owned()
        }
        (_, FieldError::Taken) => format!("{name}已被使用，请换一个"),
        (_, FieldError::NotACreditCode) => {
            "统一社会信用代码是18位数字和大写字母（不含I、O、S、V、Z），请对照营业执照填写"
                .to_owned()
        }
        (_, FieldError::WrongCheckCharacter) => {
            "统一社会信用代码的最后一位（校验位）与前17位不符，请对照营业执照核对".to_owned()
        }
    }
}

/// The sentence with its first letter upper-case.
fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn en_field(field: &str, e: FieldError) -> String {
    let name = match field {
        "category" => "what the complaint is about",
        "town" => "the town or subdistrict",
        "address" => "the address",
        "location" => "the location",
        "when" => "when the noise happens",
        "recurring" => "whether it happens again and again",
        "business" => "the business's name",
        "fume_kind" => "what the problem is",
        "description" => "a description",
        "name" => "your name",
        "phone" => "your mobile number",
        "email" => "your email address",
        "public" => "whether to show the case in public",
        "consent" => "the personal data statement",
        "reason" => "the reason",
        "agency" => "the competent agency",
        "unit" => "the handling unit",
        "outcome" => "the outcome",
        "reply" => "the reply",
        "inspected_at" => "the time of the inspection",
        "inspector" => "the inspector",
        "findings" => "the findings",
        "measured" => "the measurement",
        "days" => "the number of working days",
        "note" => "the note",
        "target" => "the case reference",
        "priority" => "the priority",
        "public_text" => "the public text",
        "public_place" => "the public place",
        "day" => "the date",
        "name_zh" => "the Chinese name",
        "name_en" => "the English name",
        "date" => "the date",
        "slug" => "the address name",
        "title" => "the title",
        "summary" => "the summary",
        "body" => "the text",
        "tag" => "the section",
        "status" => "the status",
        "publish_at" => "the publication time",
        "kind" => "what kind of day it is",
        "environment_day" => "the environment day",
        "year" => "the year",
        "cover_alt" => "the cover description",
        "place" => "the place",
        "starts_at" => "the start",
        "ends_at" => "the end",
        "capacity" => "the number of places",
        "opens_at" => "when sign-up opens",
        "closes_at" => "when sign-up closes",
        "source_name" => "the source's name",
        "source_kind" => "the kind of source",
        "point" => "the coordinates",
        "operator" => "the operator",
        "credit_code" => "the credit code",
        "zone" => "the acoustic zone",
        "decision" => "a decision",
        "task_days" => "the task's deadline",
        "rule_count" => "the count",
        "rule_days" => "the window",
        "radius_m" => "the distance",
        "severity" => "the severity",
        "source" => "the inspected place",
        "purpose" => "the reason",
        "case_ref" => "the case reference",
        "warning" => "the warning number",
        "item" => "the inspection item",
        "from" => "the start time",
        "to" => "the end time",
        "inspectors" => "the inspectors",
        "inspector1" | "inspector2" | "inspector3" => "the inspector",
        "cert1" | "cert2" | "cert3" => "the certificate number",
        "what1" | "what2" | "what3" => "what was measured",
        "value1" | "value2" | "value3" => "the reading",
        "basis_zh" => "the legal basis in Chinese",
        "basis_en" => "the legal basis in English",
        "rating" => "a rating",
        "comment" => "the comment",
        _ => "this",
    };
    match (field, e) {
        ("consent", _) => "Read and agree to the personal data statement".to_owned(),
        ("point", _) => {
            "Enter a latitude and longitude within Shanghai (like 31.3742 and 121.2503), both or neither".to_owned()
        }
        ("inspectors", _) => "Choose at least two inspectors of your unit (enforcement needs two officers)".to_owned(),
        ("quiet", _) => "This place had several routine inspections lately and no complaint or warning: tick to confirm another is needed".to_owned(),
        ("inspector1" | "inspector2" | "inspector3", FieldError::Taken) => {
            "Choose each inspector once".to_owned()
        }
        ("inspector1" | "inspector2" | "inspector3", _) => {
            "Choose an active enforcement officer of your unit from the list".to_owned()
        }
        ("cert1" | "cert2" | "cert3", FieldError::NotAChoice) => {
            "Use letters, digits, Chinese characters, brackets and dashes for the certificate number".to_owned()
        }
        ("cert1" | "cert2" | "cert3", FieldError::Taken) => {
            "This certificate number belongs to another officer; check it".to_owned()
        }
        ("case_ref", FieldError::OutOfArea) => {
            "This case is about another source (or another town), so it is no reason to inspect this one".to_owned()
        }
        ("warning", FieldError::OutOfArea) => {
            "This warning is about another source (or another town), so it is no reason to inspect this one".to_owned()
        }
        ("source", FieldError::OutOfArea) => {
            "This source is outside your unit's area: routine checks are of sources in your own area".to_owned()
        }
        ("source", FieldError::NotANumber) => "Enter the source's number, like 12".to_owned(),
        ("what1" | "what2" | "what3", FieldError::Taken) => {
            "Enter each kind of measurement on one row only".to_owned()
        }
        ("what1" | "what2" | "what3", FieldError::NotAChoice) => {
            "This is not measured at this kind of source: cooking fumes are for restaurants only".to_owned()
        }
        ("case_ref", FieldError::UnknownCase) => {
            "No case of your unit has this reference; check it, like JD-2026-000123".to_owned()
        }
        ("warning", FieldError::NotAChoice) => "No warning with this number is a screening task of your unit".to_owned(),
        ("source", FieldError::NotAChoice) => "No source in the register has this number (or it was merged)".to_owned(),
        ("item", FieldError::NotAChoice) => {
            "Choose an inspection item from the list, one for this kind of place".to_owned()
        }
        ("day", FieldError::OutOfRange) => "Choose a date from today to 60 days ahead".to_owned(),
        ("to", FieldError::OutOfRange) => {
            "A window is at most 12 hours and not yet past; an end before the start is on the next day (22:00 to 02:00)".to_owned()
        }
        ("to", FieldError::Taken) => {
            "This place already has an inspection registered in part of this window, and together they would exceed 12 hours: inspect within its window (joining it) or choose a time that does not overlap".to_owned()
        }
        ("from" | "to", FieldError::NotATime) => "Enter the time as hours:minutes, like 09:30".to_owned(),
        ("value1" | "value2" | "value3", FieldError::OutOfRange) => {
            "The reading is out of range: 20–140 dB(A) for noise, 0–50 mg/m³ for fumes".to_owned()
        }
        (_, FieldError::Required) => match field {
            "category" | "town" | "when" | "recurring" | "fume_kind" | "unit" | "outcome"
            | "priority" | "kind" | "tag" | "status" | "environment_day" | "decision" | "severity" | "source_kind" | "purpose" | "item" | "rating" | "what1" | "what2" | "what3" => {
                format!("Select {name}")
            }
            _ => format!("Enter {name}"),
        },
        (_, FieldError::TooShort(n)) => format!("Enter at least {n} characters for {name}"),
        (_, FieldError::TooLong(n)) => format!("Use at most {n} characters for {name}"),
        (_, FieldError::NotAMobileNumber) => {
            "Enter an 11-digit mainland mobile number, like 138 1234 5678".to_owned()
        }
        (_, FieldError::NotAnEmail) => {
            "Enter an email address like zhangsan@example.com, or leave it empty".to_owned()
        }
        (_, FieldError::NotAChoice) => format!("Select {name} from the list"),
        (_, FieldError::OutOfArea) => {
            "The location found is outside Shanghai and was dropped: check the town and address, then continue".to_owned()
        }
        ("measured", FieldError::OutOfRange) => {
            "The measurement is out of range: 20–140 dB(A) for noise, 0–50 mg/m³ for fumes"
                .to_owned()
        }
        ("days", FieldError::OutOfRange) => "Extend by 1 to 15 working days".to_owned(),
        ("task_days", FieldError::OutOfRange) => "Give the task 1 to 30 working days".to_owned(),
        ("rule_count", FieldError::OutOfRange) => {
            "Enter a count from 2 to 366; a night rule cannot count more nights than its window has days".to_owned()
        }
        ("rule_days", FieldError::OutOfRange) => "Enter a window of 1 to 366 days".to_owned(),
        ("radius_m", FieldError::OutOfRange) => "Enter a distance of 0 to 2000 metres".to_owned(),
        ("inspected_at", FieldError::OutOfRange) => {
            "The inspection cannot be before the complaint was made".to_owned()
        }
        ("day", FieldError::NotATime) => {
            "Enter the date as year-month-day, like 2027-01-01".to_owned()
        }
        ("date", FieldError::NotATime) => "Enter the date as month-day, like 06-05".to_owned(),
        ("ends_at", FieldError::OutOfRange) => "The event must end after it starts".to_owned(),
        ("closes_at", FieldError::OutOfRange) => {
            "Sign-up must close after it opens, and no later than the start of the event".to_owned()
        }
        ("capacity", FieldError::OutOfRange) => {
            "Enter 1 to 10,000 places, and no fewer than have signed up".to_owned()
        }
        ("year", FieldError::OutOfRange) => "Enter a year from 2020 to 2100".to_owned(),
        (_, FieldError::OutOfRange) => capitalised(&format!("{name} is out of the allowed range")),
        (_, FieldError::NotANumber) => format!("Enter a number for {name}"),
        (_, FieldError::NotATime) => format!("Enter {name} as year-month-day hour:minute"),
        (_, FieldError::InFuture) => capitalised(&format!("{name} cannot be in the future")),
        (_, FieldError::UnknownCase) => {
            "No case to merge into: enter the reference of another open case, like JD-2026-000123"
                .to_owned()
        }
        (_, FieldError::Taken) => capitalised(&format!("{name} is taken: choose another")),
        (_, FieldError::NotACreditCode) => {
            "A Unified Social Credit Code is 18 digits and capital letters (no I, O, S, V or Z): copy it from the business licence".to_owned()
        }
        (_, FieldError::WrongCheckCharacter) => {
            "The last character of the credit code (its check character) does not match the other 17: check it against the business licence".to_owned()
        }
    }
}

fn zh_event(kind: &str) -> &'static str {
    match kind {
        "submitted" => "投诉已提交",
        "accepted" => "已受理",
        "rejected" => "不予受理",
        "transferred" => "已转交主管部门",
        "assigned" => "已交办处理单位",
        "returned" => "退回重新分派",
        "inspected" => "已现场检查",
        "replied" => "已答复",
        "closed" => "已办结",
        "review_requested" => "申请复查，重新办理",
        "extended" => "延长办理期限",
        "merged" => "与同一问题的投诉合并办理",
        "merged_from" => "合并了重复投诉",
        "note" => "内部备注",
        "priority" => "调整优先级",
        "taken_charge" => "领导包案",
        "photo_added" => "上传现场照片",
        "rated" => "投诉人已评价",
        "published" => "已审核，在投诉公开栏展示",
        "public_text_redacted" => "审核时删改了公开内容",
        "source_linked" => "关联污染源",
        "source_unlinked" => "取消关联污染源",
        "source_merged" => "所关联的污染源已合并",
        "warning_joined" => "计入排查预警",
        "warning_acknowledged" => "所属预警已知悉",
        "warning_tasked" => "所属预警已派发排查任务",
        "warning_dismissed" => "所属预警已排除",
        "inspection_registered" => "登记现场检查（检查码）",
        "inspection_result" => "记录现场检查结果",
        "inspection_photo" => "添加现场检查照片",
        "inspection_revoked" => "撤销检查码",
        _ => "办理记录",
    }
}

fn en_event(kind: &str) -> &'static str {
    match kind {
        "submitted" => "Complaint received",
        "accepted" => "Accepted",
        "rejected" => "Not accepted",
        "transferred" => "Transferred to the competent agency",
        "assigned" => "Assigned to a handling unit",
        "returned" => "Returned for reassignment",
        "inspected" => "Site inspection",
        "replied" => "Replied",
        "closed" => "Closed",
        "review_requested" => "Review requested; handling again",
        "extended" => "Deadline extended",
        "merged" => "Merged with a complaint about the same problem",
        "merged_from" => "A duplicate complaint was merged in",
        "note" => "Internal note",
        "priority" => "Priority changed",
        "taken_charge" => "A leader took personal charge",
        "photo_added" => "Site photo added",
        "rated" => "Rated by the resident",
        "published" => "Reviewed and shown on the public board",
        "public_text_redacted" => "Public text redacted in review",
        "source_linked" => "Linked to a pollution source",
        "source_unlinked" => "Unlinked from its pollution source",
        "source_merged" => "Its pollution source was merged into another",
        "warning_joined" => "Counted in an early warning",
        "warning_acknowledged" => "Its warning was acknowledged",
        "warning_tasked" => "Its warning became a screening task",
        "warning_dismissed" => "Its warning was dismissed",
        "inspection_registered" => "Site inspection registered (inspection code)",
        "inspection_result" => "Site inspection result recorded",
        "inspection_photo" => "Site inspection photo added",
        "inspection_revoked" => "Inspection code revoked",
        _ => "Update",
    }
}

pub static ZH_CN: ComplaintTexts = ComplaintTexts {
    nav_complaints: "我要投诉",
    nav_track: "查询进度",
    nav_board: "投诉公开",
    start_title: "噪声和餐饮油烟投诉",
    start_intro: "向嘉定区生态环境局反映噪声扰民或餐饮油烟问题。大约需要3分钟。提交后您会得到投诉编号和查询码，用于查询办理进度。",
    step_of: |n, total| format!("第 {n} 步，共 {total} 步"),
    back: "返回上一步",
    continue_: "继续",
    question_of: |n, of| format!("第 {n} 个问题，共 {of} 个"),
    previous_question: "上一个问题",
    expired: "您的填写已超过24小时未保存或尚未开始，请从第一步重新填写。",
    honeypot_label: "请勿填写此项",
    category_question: "您要投诉什么问题？",
    noise_group: "噪声",
    fumes_group: "油烟",
    other_problem: "其他环境问题（如废气、废水、垃圾）",
    every_category: "查看全部投诉类别",
    other_title: "其他环境问题的反映渠道",
    other_body: "本页面只受理噪声和餐饮油烟投诉。废气、废水、固体废物、辐射等其他环境问题，请拨打上海市民服务热线12345，或通过“一网通办”反映，将由主管部门统一受理。",
    other_hotline: "上海市民服务热线：12345（24小时）",
    other_urgent: "正在发生的突发环境事件或危及人身安全的情况，请立即拨打110。",
    location_title_noise: "噪声来自哪里？",
    location_title_fumes: "餐饮店在哪里？",
    town_label: "所在街镇",
    town_choose: "请选择",
    address_label: "详细地址",
    address_hint: "路名、小区、门牌号等。公开时只显示到路名或小区，不显示门牌号。",
    use_location: "使用我的位置",
    location_saved: "已记录您当前的位置。详细地址（路名和门牌号）仍请填写。",
    location_town_guessed: "已记录您当前的位置，并按位置选择了“{town}”，请核对。详细地址（路名和门牌号）仍请填写。",
    location_outside: "您当前的位置不在嘉定区内，没有附上。请选择问题所在的街镇并填写地址。",
    location_failed: "无法获取位置，可直接填写地址。",
    details_title: "请说明具体情况",
    when_label: "噪声通常什么时候出现？",
    when_day: "白天（6:00–22:00）",
    when_night: "夜间（22:00–次日6:00）",
    when_both: "白天和夜间都有",
    recurring_label: "是否反复出现？",
    yes: "是",
    no: "否",
    business_label: "商户名称",
    business_hint: "店招上的名称；不知道全称可写大致名称。",
    fume_kind_label: "主要问题",
    fume_smoke: "油烟",
    fume_odour: "异味",
    fume_both: "油烟和异味",
    description_label: "问题描述",
    description_hint: |min, max| {
        format!("请写明影响情况和持续时间，{min}–{max} 个字。请勿填写身份证号等无关个人信息。")
    },
    photos_title: "上传照片（可选）",
    photos_hint: "最多4张，JPG、PNG 或 WebP 格式，每张不超过10MB。照片会重新处理并去除拍摄位置等信息。",
    photo_label: "选择照片",
    upload: "上传，再加一张",
    photo_continue_hint: "选好照片后点“继续”，照片会一并上传。要传多张，先点“上传，再加一张”。",
    remove: "删除",
    photo_alt: |n| format!("已上传的第 {n} 张照片"),
    photos_count: |n| format!("{n} 张照片"),
    photo_no_file: "请选择要上传的照片",
    photo_too_large: "照片过大：文件不能超过10MB，且不能超过5000万像素",
    photo_not_image: "只能上传 JPG、PNG 或 WebP 格式的照片",
    photo_too_many: "最多上传4张照片",
    photo_scaling: "正在缩小照片，请稍候…",
    photo_scaled: "照片已在手机上缩小（{from} → {to}），上传更快、更省流量。",
    contact_title: "您的联系方式",
    name_label: "姓名",
    phone_label: "手机号码",
    phone_hint: "用于告知办理进展和回访，不会公开。",
    email_label: "电子邮箱（选填）",
    email_hint: "填写后，办理进展也会发送到这个邮箱，不会公开。",
    public_label: "同意在“投诉公开”栏展示本投诉",
    public_hint: "经工作人员审核后展示：只展示类别、街镇、路名或小区、审核后的描述（数字已隐去）和办理结果，不显示姓名、电话和门牌号。",
    consent_heading: "个人信息处理说明",
    consent_text: "嘉定区生态环境局收集您的姓名、手机号码、地址和照片，仅用于受理、办理和回访本投诉，依法保密，保存期限为办结后三年。未经您同意不会公开；处理单位工作人员查看时均有记录。",
    consent_label: "我已阅读并同意个人信息处理说明",
    check_title: "提交前请核对",
    change: "修改",
    submit: "提交投诉",
    answer_category: "投诉类别",
    answer_town: "所在街镇",
    answer_address: "详细地址",
    answer_point: "位置",
    answer_when: "噪声出现时间",
    answer_recurring: "反复出现",
    answer_business: "商户名称",
    answer_fume_kind: "主要问题",
    answer_description: "问题描述",
    answer_photos: "照片",
    answer_name: "姓名",
    answer_phone: "手机号码",
    answer_email: "电子邮箱",
    answer_public: "公开展示",
    point_attached: "已附位置",
    point_none: "未附位置",
    public_yes: "同意公开",
    public_no: "不公开",
    nearby_title: "附近已有相同问题的投诉",
    nearby_intro: "最近30天内，附近已有以下同类投诉正在办理。如果是同一问题，您可以选择“我也反映此问题”，不必重复投诉。",
    nearby_place: "同一地点附近",
    add_voice: "我也反映此问题",
    supporters: |n| format!("已有 {n} 人同时反映"),
    confirm_title: "投诉已提交",
    reference_label: "投诉编号",
    access_code_label: "查询码",
    code_keep: "请记下或截图保存查询码：凭投诉编号和查询码查询办理进度。查询码只在本机显示一小时。",
    code_shown_once: "查询码只在提交后一小时内显示。如果没有保存，请拨打12345并提供投诉编号。",
    next_title: "接下来会怎样",
    next_body: |due| {
        format!(
            "工作人员受理后将分派给承办单位办理，办理期限至 {due}（按工作日计算）。办理进展会以短信告知，您也可以随时查询。"
        )
    },
    print_hint: "可打印或截图保存本页作为回执。长按编号和查询码可以复制。",
    home_screen_hint: "想以后一点就能查询？在浏览器菜单中选择“添加到主屏幕”（或“安装应用”），本站会像应用一样出现在手机桌面上。",
    qr_label: "扫码打开查询页面（需输入查询码）",
    copy_receipt: "复制编号和查询码",
    receipt_copied: "已复制编号和查询码，可粘贴到备忘录或发给家人。",
    copy_failed: "无法复制，请长按编号和查询码复制。",
    save_receipt: "保存为图片",
    receipt_saved: "回执图片已生成，浏览器会把它保存到“下载”中。",
    receipt_save_failed: "无法生成图片，请截图保存本页。",
    receipt_due: |due| format!("办理期限：{due}"),
    receipt_file: |reference| format!("投诉回执-{reference}.png"),
    voice_title: "已记录您的反映",
    voice_body: "您的反映已计入附近的同类投诉。处理单位会看到反映此问题的人数。如需了解处理结果，可另行投诉。",
    file_another: "再提交一件投诉",
    track_title: "查询投诉进度",
    track_intro: "请输入投诉编号和查询码。",
    code_label: "查询码",
    code_hint: "提交投诉时显示的8位字母和数字，如 K7QD-M2XP。",
    lookup: "查询",
    track_missing: "请填写投诉编号和查询码",
    track_not_found: "没有找到与该编号和查询码相符的投诉，请核对后重试。",
    track_throttled: "查询次数过多，请稍后再试。",
    status_label: "当前状态",
    unit_label: "处理单位",
    unit_pending: "待分派",
    due_label: "办理期限",
    overdue: "已超过办理期限",
    submitted_label: "提交时间",
    place_label: "地点",
    outcome_label: "办理结果",
    timeline_title: "办理过程",
    look_up_another: "查询其他投诉",
    rate_title: "请评价本次答复",
    rate_intro: "您的评价会记入办理记录，用于考核处理单位。",
    rating_label: "满意程度",
    comment_label: "意见（可选）",
    send_rating: "提交评价",
    your_rating: "您的评价",
    rated_notice: "感谢您的评价，已记录。",
    review_title: "申请复查",
    review_intro: |until| format!("如对答复不满意，可在 {until} 前申请复查一次，案件将重新办理。"),
    review_reason_label: "复查理由",
    request_review: "申请复查",
    review_notice: "已收到复查申请，案件将重新办理。",
    rating_missing: "请选择满意程度",
    not_allowed: "此操作当前不可用：可能已经评价过或已超过申请期限。",
    comment_too_long: "意见不能超过500个字",
    board_not_public: "公开展示：您选择了不公开，本投诉不会出现在投诉公开栏。",
    board_waiting: "公开展示：您同意公开，工作人员审核内容后将在投诉公开栏展示。",
    board_shown: "公开展示：本投诉已经审核，在投诉公开栏展示（不显示您的姓名、电话和门牌号）。",
    board_title: "投诉公开",
    board_intro: "近期经投诉人同意、工作人员审核后公开的投诉及办理情况。为保护个人信息，不显示姓名、电话和门牌号，描述中的数字已隐去。",
    board_empty: "暂无公开的投诉。",
    page_of: |p, n| format!("第 {p} 页，共 {n} 页"),
    previous_page: "上一页",
    next_page: "下一页",
    board_nav: "分页",
    outbox_title: "短信通知记录",
    outbox_signup: "活动报名",
    outbox_intro: "办理状态变化时发给投诉人的短信。尚未接入短信网关时，系统只记录消息（状态 sent 表示已记录）。",
    outbox_empty: "暂无通知。",
    outbox_time: "时间",
    outbox_recipient: "接收人",
    outbox_message: "内容",
    trail_title: "办理记录校验",
    trail_intro: "每条办理记录都保存前一条记录的哈希值。本页重新计算整条哈希链，发现被修改、删除或调换的记录。",
    trail_intact: |n| format!("全部 {n} 条办理记录完整，未发现篡改。"),
    trail_broken: |seq| {
        format!("从第 {seq} 条记录起校验失败：该记录被修改，或其前面的记录被删除或调换。")
    },
    trail_truncated: |last, head| {
        format!("记录只到第 {last} 条，但应有 {head} 条：最后的记录被删除。")
    },
    statuses: [
        "已提交",
        "已受理",
        "不予受理",
        "已转交",
        "已交办",
        "处理中",
        "已答复",
        "已办结",
        "复查中",
    ],
    outcomes: [
        "情况属实，已整改",
        "情况属实，正在整改",
        "情况不属实",
        "已调解",
        "已立案查处",
    ],
    ratings: ["满意", "基本满意", "不满意"],
    field_message: zh_field,
    event_name: zh_event,
};

pub static EN: ComplaintTexts = ComplaintTexts {
    nav_complaints: "Report a problem",
    nav_track: "Track a case",
    nav_board: "Public cases",
    start_title: "Report noise or cooking fumes",
    start_intro: "Tell the Jiading District Ecology and Environment Bureau about noise or restaurant cooking fumes. It takes about 3 minutes. You will get a reference and an access code to follow your case.",
    step_of: |n, total| format!("Step {n} of {total}"),
    back: "Back",
    continue_: "Continue",
    question_of: |n, of| format!("Question {n} of {of}"),
    previous_question: "Previous question",
    expired: "Your answers were not saved for 24 hours, or you have not started yet. Please start again from the first step.",
    honeypot_label: "Leave this empty",
    category_question: "What is the problem?",
    noise_group: "Noise",
    fumes_group: "Cooking fumes",
    other_problem: "Another environmental problem (emissions, waste water, rubbish)",
    every_category: "See every kind of complaint",
    other_title: "Where to report other environmental problems",
    other_body: "This service takes noise and restaurant cooking-fume complaints only. For air emissions, waste water, solid waste, radiation and other environmental problems, call the Shanghai citizens' hotline 12345 or use the Yiwangtongban service; the competent department handles them.",
    other_hotline: "Shanghai citizens' hotline: 12345 (24 hours)",
    other_urgent: "For an environmental emergency happening now, or danger to people, call 110 at once.",
    location_title_noise: "Where does the noise come from?",
    location_title_fumes: "Where is the restaurant?",
    town_label: "Town or subdistrict",
    town_choose: "Select",
    address_label: "Address",
    address_hint: "Road, compound, number. In public only the road or compound is shown, never a door number.",
    use_location: "Use my location",
    location_saved: "Your current location was recorded. Please still enter the address (road and number).",
    location_town_guessed: "Your current location was recorded and “{town}” chosen from it: please check. Please still enter the address (road and number).",
    location_outside: "Your current location is outside Jiading and was not added. Choose the town where the problem is and enter the address.",
    location_failed: "Your location is not available; enter the address instead.",
    details_title: "Tell us what happens",
    when_label: "When does the noise usually happen?",
    when_day: "Daytime (06:00–22:00)",
    when_night: "Night (22:00–06:00)",
    when_both: "Both day and night",
    recurring_label: "Does it happen again and again?",
    yes: "Yes",
    no: "No",
    business_label: "Business name",
    business_hint: "The name on the sign; an approximate name is fine.",
    fume_kind_label: "What is the problem?",
    fume_smoke: "Smoke",
    fume_odour: "Smell",
    fume_both: "Smoke and smell",
    description_label: "Description",
    description_hint: |min, max| {
        format!(
            "How it affects you and for how long, {min} to {max} characters. Do not include ID numbers or other personal details."
        )
    },
    photos_title: "Add photos (optional)",
    photos_hint: "Up to 4 photos, JPG, PNG or WebP, 10 MB each at most. Photos are processed again and their location and camera details removed.",
    photo_label: "Choose a photo",
    upload: "Upload and add another",
    photo_continue_hint: "After choosing a photo, press Continue and it is uploaded too. For several photos, press Upload and add another first.",
    remove: "Remove",
    photo_alt: |n| format!("Uploaded photo {n}"),
    photos_count: |n| {
        if n == 1 {
            "1 photo".to_owned()
        } else {
            format!("{n} photos")
        }
    },
    photo_no_file: "Choose a photo to upload",
    photo_too_large: "The photo is too large: at most 10 MB and 50 megapixels",
    photo_not_image: "The photo must be a JPG, PNG or WebP image",
    photo_too_many: "You can add up to 4 photos",
    photo_scaling: "Making the photo smaller…",
    photo_scaled: "The photo was made smaller on your phone ({from} → {to}): quicker to send, less mobile data.",
    contact_title: "Your contact details",
    name_label: "Name",
    phone_label: "Mobile number",
    phone_hint: "To tell you about progress and ask for your feedback. Never shown in public.",
    email_label: "Email (optional)",
    email_hint: "We also send news of your case to this address. Never shown in public.",
    public_label: "Show this case on the public cases page",
    public_hint: "Shown after a staff member has reviewed it: only the category, town, road or compound, the reviewed description with numbers hidden, and the outcome; never your name, number or door number.",
    consent_heading: "Personal data statement",
    consent_text: "The Jiading District Ecology and Environment Bureau collects your name, mobile number, address and photos only to accept, handle and follow up this complaint. They are kept confidential for three years after the case closes, never published without your consent, and every view by staff is logged.",
    consent_label: "I have read and agree to the personal data statement",
    check_title: "Check your answers before submitting",
    change: "Change",
    submit: "Submit complaint",
    answer_category: "Category",
    answer_town: "Town or subdistrict",
    answer_address: "Address",
    answer_point: "Location",
    answer_when: "When",
    answer_recurring: "Happens again and again",
    answer_business: "Business name",
    answer_fume_kind: "Problem",
    answer_description: "Description",
    answer_photos: "Photos",
    answer_name: "Name",
    answer_phone: "Mobile number",
    answer_email: "Email",
    answer_public: "Public cases page",
    point_attached: "Location attached",
    point_none: "No location",
    public_yes: "Show",
    public_no: "Do not show",
    nearby_title: "Open complaints about the same problem nearby",
    nearby_intro: "These complaints of the same kind nearby from the last 30 days are being handled. If it is the same problem, choose \"Add my voice\" instead of filing again.",
    nearby_place: "At the same place",
    add_voice: "Add my voice",
    supporters: |n| {
        if n == 1 {
            "1 person also reported it".to_owned()
        } else {
            format!("{n} people also reported it")
        }
    },
    confirm_title: "Complaint submitted",
    reference_label: "Reference",
    access_code_label: "Access code",
    code_keep: "Write down or screenshot the access code: you need it with the reference to track your case. It is shown on this phone for one hour only.",
    code_shown_once: "The access code is shown for one hour after you submit. If you did not keep it, call 12345 with your reference.",
    next_title: "What happens next",
    next_body: |due| {
        format!(
            "Once accepted, staff assign it to the unit that handles it, to be done by {due} (working days). You will get text messages about progress and can track it at any time."
        )
    },
    print_hint: "Print or screenshot this page as your receipt. Press and hold the reference or code to copy it.",
    home_screen_hint: "To check with one tap later, choose “Add to Home screen” (or “Install app”) in the browser’s menu: the site then sits on the phone’s home screen like an app.",
    qr_label: "Scan to open the tracking page (you will need the access code)",
    copy_receipt: "Copy reference and code",
    receipt_copied: "Reference and access code copied: paste them into a note or send them to family.",
    copy_failed: "Could not copy: press and hold the reference and code to copy them.",
    save_receipt: "Save as picture",
    receipt_saved: "The receipt picture is made; the browser saves it to your downloads.",
    receipt_save_failed: "The picture could not be made: take a screenshot of this page instead.",
    receipt_due: |due| format!("To be done by {due}"),
    receipt_file: |reference| format!("complaint-receipt-{reference}.png"),
    voice_title: "Your voice was added",
    voice_body: "Your voice was added to the complaint nearby. The handling unit sees how many people reported the problem. To hear about the outcome, file your own complaint.",
    file_another: "Report another problem",
    track_title: "Track a complaint",
    track_intro: "Enter your reference and access code.",
    code_label: "Access code",
    code_hint: "The 8 letters and digits shown when you submitted, like K7QD-M2XP.",
    lookup: "Look up",
    track_missing: "Enter the reference and the access code",
    track_not_found: "No complaint matches this reference and access code. Check them and try again.",
    track_throttled: "Too many lookups. Please try again later.",
    status_label: "Status",
    unit_label: "Handling unit",
    unit_pending: "To be assigned",
    due_label: "Due by",
    overdue: "Past its deadline",
    submitted_label: "Submitted",
    place_label: "Place",
    outcome_label: "Outcome",
    timeline_title: "What has happened",
    look_up_another: "Look up another complaint",
    rate_title: "Rate the reply",
    rate_intro: "Your rating is kept with the case and counts in the handling unit's assessment.",
    rating_label: "How satisfied are you?",
    comment_label: "Comment (optional)",
    send_rating: "Send rating",
    your_rating: "Your rating",
    rated_notice: "Thank you, your rating was recorded.",
    review_title: "Ask for a review",
    review_intro: |until| {
        format!(
            "If you are not satisfied, you may ask once for a review until {until}; the case is then handled again."
        )
    },
    review_reason_label: "Why you ask for a review",
    request_review: "Ask for a review",
    review_notice: "Your request was received; the case will be handled again.",
    rating_missing: "Select how satisfied you are",
    not_allowed: "This is not possible now: the reply may be rated already, or the time for a review has passed.",
    comment_too_long: "Use at most 500 characters for the comment",
    board_not_public: "Public board: you chose not to show this complaint; it will not appear on the public cases page.",
    board_waiting: "Public board: you agreed to show it; it will appear once a staff member has reviewed its text.",
    board_shown: "Public board: reviewed and shown on the public cases page (without your name, number or door number).",
    board_title: "Public cases",
    board_intro: "Recent complaints whose residents agreed to show them, reviewed by staff, and how they were handled. Names, numbers and door numbers are never shown; digits in descriptions are hidden.",
    board_empty: "No public cases yet.",
    page_of: |p, n| format!("Page {p} of {n}"),
    previous_page: "Previous",
    next_page: "Next",
    board_nav: "Pages",
    outbox_title: "Text message log",
    outbox_signup: "Event sign-up",
    outbox_intro: "Messages to residents when their case changes. Until an SMS gateway is connected, messages are only recorded (status \"sent\" means recorded).",
    outbox_empty: "No messages yet.",
    outbox_time: "Time",
    outbox_recipient: "Recipient",
    outbox_message: "Message",
    trail_title: "Case record check",
    trail_intro: "Every case event stores the hash of the one before it. This page recomputes the whole chain and finds events that were changed, removed or reordered.",
    trail_intact: |n| format!("All {n} case events are intact; nothing was tampered with."),
    trail_broken: |seq| {
        format!(
            "The chain breaks at event {seq}: it was changed, or an event before it was removed or reordered."
        )
    },
    trail_truncated: |last, head| {
        format!("The events end at {last} but should reach {head}: the last ones were removed.")
    },
    statuses: [
        "Received",
        "Accepted",
        "Not accepted",
        "Transferred",
        "Assigned",
        "Being handled",
        "Replied",
        "Closed",
        "Under review",
    ],
    outcomes: [
        "Substantiated and fixed",
        "Substantiated, being fixed",
        "Not substantiated",
        "Mediated",
        "Penalty case opened",
    ],
    ratings: ["Satisfied", "Basically satisfied", "Unsatisfied"],
    field_message: en_field,
    event_name: en_event,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_error_reads_in_both_languages() {
        for field in ["town", "address", "description", "phone", "consent"] {
            for e in [
                FieldError::Required,
                FieldError::TooShort(10),
                FieldError::NotAChoice,
            ] {
                assert!(!(ZH_CN.field_message)(field, e).is_empty());
                let en = (EN.field_message)(field, e);
                assert!(en.chars().next().unwrap().is_uppercase(), "{en}");
            }
        }
        assert_eq!(
            (ZH_CN.field_message)("phone", FieldError::NotAMobileNumber),
            "请填写正确的11位手机号码，如 138 1234 5678"
        );
        // The staff forms' fields, with every kind of problem: each field
        // is named (no "此项" / "this" fallback).
        let staff_fields = [
            "reason",
            "agency",
            "unit",
            "outcome",
            "reply",
            "inspected_at",
            "inspector",
            "findings",
            "measured",
            "days",
            "note",
            "target",
            "priority",
            "day",
            "kind",
        ];
        for field in staff_fields {
            for e in [
                FieldError::Required,
                FieldError::TooShort(5),
                FieldError::TooLong(500),
                FieldError::NotAChoice,
                FieldError::NotANumber,
                FieldError::OutOfRange,
                FieldError::NotATime,
                FieldError::InFuture,
            ] {
                let zh = (ZH_CN.field_message)(field, e);
                let en = (EN.field_message)(field, e);
                assert!(!zh.contains("此项"), "{field}: {zh}");
                assert!(!en.contains(" this"), "{field}: {en}");
                assert!(en.chars().next().unwrap().is_uppercase(), "{en}");
            }
        }
    }

    #[test]
    fn lists_match_the_domain() {
        assert_eq!(ZH_CN.statuses.len(), Status::ALL.len());
        assert_eq!(EN.outcomes.len(), Outcome::ALL.len());
        assert_eq!(EN.status(Status::Replied), "Replied");
        assert_eq!(ZH_CN.rating(Rating::BasicallySatisfied), "基本满意");
    }
}
