//! The words of generated cases: names, roads, what residents write and
//! what handlers answer. Realistic enough to search and read; every
//! generated case is marked by its inactive `gen.*` handlers.

use domain::case::Outcome;

pub(super) const SURNAMES: [&str; 20] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "沈",
];
pub(super) const GIVEN: [&str; 20] = [
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀英", "建华", "志强",
];

/// Roads of each town (real names; numbers are made up).
pub(super) fn roads(town: &str) -> &'static [&'static str] {
    match town {
        "jiadingzhen" => &["城中路", "博乐路", "清河路", "塔城路", "沙霞路"],
        "xinchenglu" => &["新成路", "金沙路", "城北路", "仓场路"],
        "zhenxin" => &["真新路", "丰庄路", "金沙江路", "曹安公路"],
        "nanxiang" => &["古猗园路", "德园路", "沪宜公路", "嘉美路", "惠平路"],
        "anting" => &["墨玉南路", "安智路", "曹安公路", "昌吉路", "于田南路"],
        "malu" => &["宝安公路", "白银路", "双丁路", "陈家山路", "沪宜公路"],
        "xuhang" => &["新建一路", "澄浏公路", "徐行路"],
        "huating" => &["嘉行公路", "华亭路", "霜竹公路"],
        "waigang" => &["外钱公路", "恒永路", "沪宜公路"],
        "jiangqiao" => &["华江路", "金沙江西路", "嘉涌路", "海波路"],
        "juyuan" => &["平城路", "嘉唐公路", "裕民南路", "叶城路"],
        "industrial_zone" => &["叶城路", "兴贤路", "汇源路", "胜辛北路"],
        _ => &["嘉定大道", "墨玉路", "嘉松北路"],
    }
}

pub(super) const COMPOUNDS: [&str; 10] = [
    "阳光", "金地", "绿地", "万科", "保利", "中海", "新城", "和谐", "枫丹", "嘉宝",
];

/// What residents write, per category (the place is in the address).
pub(super) fn descriptions(category: &str) -> &'static [&'static str] {
    match category {
        "noise_construction" => &[
            "工地夜间施工，打桩和混凝土泵车声音很大，影响休息。",
            "工地早上六点不到就开始作业，机械噪声扰民。",
            "施工现场切割钢筋的声音很刺耳，已经持续多日。",
            "夜里十点以后还有渣土车进出工地，鸣笛声很大。",
        ],
        "noise_industrial" => &[
            "工厂风机昼夜运转，低频噪声很明显，晚上睡不着。",
            "厂区设备运转声音很大，周末也不停。",
            "附近企业冷却塔噪声扰民，夏天开窗无法休息。",
        ],
        "noise_commercial" => &[
            "商铺门口喇叭循环播放促销广告，从早到晚不停。",
            "酒吧晚上音乐声很大，凌晨还有人喧哗。",
            "KTV低音炮声音传到楼上，深夜仍在营业。",
            "超市门口音响音量过大，影响附近居民。",
        ],
        "noise_social" => &[
            "小区广场舞音响音量过大，早上很早就开始。",
            "楼上住户装修在规定时间以外施工，电钻声很大。",
            "邻居家中深夜有人喧哗、唱歌，多次沟通无效。",
            "小区内宠物犬夜间持续吠叫。",
        ],
        "noise_traffic" => &[
            "改装车辆深夜轰油门飙车，噪声很大。",
            "路口车辆鸣笛严重，早晚高峰特别明显。",
            "高架路面破损，车辆经过时噪声明显。",
        ],
        _ => &[
            "饭店油烟直排，傍晚开窗就有很重的油烟味。",
            "烧烤店露天烧烤，烟雾飘进住户家中。",
            "餐饮店油烟净化设施没有开启，排放口正对居民楼。",
            "小吃店排风口异味很重，夏天尤其明显。",
        ],
    }
}

pub(super) const BUSINESSES: [&str; 8] = [
    "老王烧烤",
    "川味小馆",
    "兰州拉面",
    "沙县小吃",
    "东北饺子馆",
    "湘菜馆",
    "火锅店",
    "大排档",
];

pub(super) fn reply_text(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Fixed => "经现场检查，反映的问题属实，已责令当事方立即整改，复查时已整改到位。",
        Outcome::BeingFixed => "经现场检查，已下达限期整改通知，我们将跟踪复查整改情况。",
        Outcome::NotSubstantiated => {
            "执法人员赴现场检查，未发现所反映的问题，我们将加强巡查，如再次出现请及时反映。"
        }
        Outcome::Mediated => "经街镇和居委会上门沟通，相关方已承诺控制音量、合理安排时间。",
        Outcome::PenaltyOpened => "经调查，当事方违反相关规定，已依法立案查处。",
    }
}
