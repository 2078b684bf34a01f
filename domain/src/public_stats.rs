//! What residents may see of complaint handling in numbers (`/stats` and
//! its open data): monthly figures, published once a month has ended and
//! its answers had time to be rated, and frozen then; no count from one
//! to four in any cell, so that no one can be singled out (DOMAIN.md:
//! "suppress or merge counts below 5 and say so").

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::stats::{self, Counts};

/// The code of the district's rows in the open data (a key never empty).
pub const DISTRICT: &str = "jiading";

/// The smallest count shown, and the fewest cases a share or a median is
/// computed from.
pub const MIN_CELL: i64 = 5;

/// A month's figures are published on this day of the next month (Shanghai),
/// so that the month's last answers have been rated by most residents.
pub const PUBLISH_DAY: u32 = 10;

/// How far back the month list and the open data reach.
pub const MAX_MONTHS: usize = 120;

/// The first day of the month `YYYY-MM`, if it is one.
pub fn parse_month(text: &str) -> Option<NaiveDate> {
    let (year, month) = text.trim().split_once('-')?;
    if year.len() != 4 || month.len() != 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, 1)
}

/// `YYYY-MM` of a month's first day.
pub fn month_code(first: NaiveDate) -> String {
    first.format("%Y-%m").to_string()
}

/// The last day of the month that begins on `first`.
pub fn month_end(first: NaiveDate) -> NaiveDate {
    stats::shift_months(first, 1) - chrono::Duration::days(1)
}

/// The month `months` after (or before, when negative) the one beginning
/// on `first`.
pub fn shift(first: NaiveDate, months: i32) -> NaiveDate {
    stats::shift_months(first, months)
}

/// The latest month published on `today` (Shanghai): last month from the
/// [`PUBLISH_DAY`] on, the month before until then.
pub fn latest_published(today: NaiveDate) -> NaiveDate {
    let this_month = today.with_day(1).unwrap_or(today);
    let back = if today.day() >= PUBLISH_DAY { 1 } else { 2 };
    shift(this_month, -back)
}

/// What a table's cell shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Cell {
    Shown(i64),
    /// From one to four, or hidden so that such a count cannot be worked
    /// out from the total and the other cells.
    Hidden,
}

impl Cell {
    pub fn shown(self) -> Option<i64> {
        match self {
            Cell::Shown(n) => Some(n),
            Cell::Hidden => None,
        }
    }
}

fn small(n: i64) -> bool {
    (1..MIN_CELL).contains(&n)
}

/// A count on its own (a total): hidden from one to four.
pub fn single(n: i64) -> Cell {
    match small(n) {
        true => Cell::Hidden,
        false => Cell::Shown(n),
    }
}

/// The cells of a breakdown whose total is published. Counts from one to
/// four are hidden; when that hides just one cell, the smallest other
/// non-zero cell is hidden too, since the total less the cells shown
/// would give it away. Zero is shown: it singles no one out.
pub fn suppress(values: &[i64]) -> Vec<Cell> {
    let mut cells: Vec<Cell> = values.iter().map(|n| single(*n)).collect();
    let hidden = cells.iter().filter(|c| **c == Cell::Hidden).count();
    if hidden == 1 {
        let partner = values
            .iter()
            .enumerate()
            .filter(|(i, n)| **n > 0 && cells[*i] != Cell::Hidden)
            .min_by_key(|(i, n)| (**n, *i))
            .map(|(i, _)| i);
        if let Some(i) = partner {
            cells[i] = Cell::Hidden;
        }
    }
    cells
}

/// A share computed from at least [`MIN_CELL`] cases.
fn share(part: i64, whole: i64) -> Option<f64> {
    (whole >= MIN_CELL)
        .then(|| stats::rate(part, whole))
        .flatten()
}

/// What a row of the public tables says.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublicFigures {
    /// Complaints received in the month.
    pub received: Cell,
    /// Of the cases first answered in the month, the share answered by the
    /// last day allowed.
    pub on_time: Option<f64>,
    /// Of the replies rated, 满意 or 基本满意.
    pub satisfaction: Option<f64>,
    /// Working days to the first answer, the median's range
    /// (`domain::stats::BUCKETS`).
    pub median_days: Option<(u32, u32)>,
}

impl PublicFigures {
    /// The figures of `c`, whose received count shows as `received`
    /// (after [`suppress`] or [`single`]).
    pub fn of(c: &Counts, received: Cell) -> PublicFigures {
        PublicFigures {
            received,
            on_time: share(c.on_time, c.answered),
            satisfaction: share(c.satisfied, c.rated),
            median_days: (c.answered >= MIN_CELL)
                .then(|| stats::percentile(&c.days, 0.5))
                .flatten(),
        }
    }
}

/// A breakdown of a month: each code's sums, and their figures with the
/// small cells hidden (in the order given).
pub fn breakdown(rows: &[(String, Counts)]) -> Vec<(String, PublicFigures)> {
    let cells = suppress(&rows.iter().map(|(_, c)| c.intake).collect::<Vec<_>>());
    rows.iter()
        .zip(cells)
        .map(|((code, c), cell)| (code.clone(), PublicFigures::of(c, cell)))
        .collect()
}

/// Where each area sits on the tile map: a schematic of Jiading, north up
/// (column, row); one tile each, not to scale. Areas added later go in
/// rows below.
pub const TILES: [(&str, u8, u8); 12] = [
    ("huating", 1, 0),
    ("xuhang", 2, 0),
    ("waigang", 0, 1),
    ("industrial_zone", 1, 1),
    ("juyuan", 2, 1),
    ("anting", 0, 2),
    ("jiadingzhen", 1, 2),
    ("xinchenglu", 2, 2),
    ("malu", 1, 3),
    ("nanxiang", 2, 3),
    ("jiangqiao", 2, 4),
    ("zhenxin", 3, 4),
];

/// Columns of the tile map.
pub const TILE_COLUMNS: u8 = 4;

/// The tile of each of `codes`, in their order: the shipped place, or the
/// next free place in the rows under the map.
pub fn tiles(codes: &[String]) -> Vec<(u8, u8)> {
    let bottom = TILES.iter().map(|(_, _, r)| *r).max().unwrap_or(0) + 1;
    let mut extra = 0u8;
    codes
        .iter()
        .map(|code| match TILES.iter().find(|(c, _, _)| c == code) {
            Some((_, col, row)) => (*col, *row),
            None => {
                let at = (extra % TILE_COLUMNS, bottom + extra / TILE_COLUMNS);
                extra = extra.saturating_add(1);
                at
            }
        })
        .collect()
}

/// The map's colour classes of the on-time share: their lower bounds, the
/// first class taking everything below the second.
pub const CLASSES: [f64; 5] = [0.0, 0.6, 0.7, 0.8, 0.9];

/// The class of a share (`None`: too few cases, drawn hatched).
pub fn class(on_time: Option<f64>) -> Option<usize> {
    let share = on_time?;
    CLASSES.iter().rposition(|lo| share >= *lo)
}

/// The open data's licence: SPDX identifier, title, address.
pub const LICENCE: (&str, &str, &str) = (
    "CC-BY-4.0",
    "Creative Commons Attribution 4.0 International",
    "https://creativecommons.org/licenses/by/4.0/",
);

/// Who publishes the open data (Chinese, English).
pub const PUBLISHER: (&str, &str) = (
    "上海市嘉定区生态环境局",
    "Jiading District Ecology and Environment Bureau, Shanghai",
);

/// A field of the open data, with its meaning in both languages.
pub struct Field {
    pub name: &'static str,
    /// Table Schema type: `string`, `integer`, `number`, `boolean`.
    pub kind: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
}

/// The open data's columns, in order.
pub const FIELDS: [Field; 10] = [
    Field {
        name: "month",
        kind: "string",
        zh: "月份（YYYY-MM，上海时间）",
        en: "Month (YYYY-MM, Shanghai time)",
    },
    Field {
        name: "breakdown",
        kind: "string",
        zh: "分组：all 全区合计，category 按投诉类别，town 按街镇",
        en: "Grouping: all (the district), category (by complaint category), town (by town or subdistrict)",
    },
    Field {
        name: "code",
        kind: "string",
        zh: "类别或街镇代码（全区合计为 jiading）",
        en: "Category or town code (jiading for the district)",
    },
    Field {
        name: "name_zh",
        kind: "string",
        zh: "中文名称",
        en: "Name in Chinese",
    },
    Field {
        name: "name_en",
        kind: "string",
        zh: "英文名称",
        en: "Name in English",
    },
    Field {
        name: "received",
        kind: "integer",
        zh: "当月收到的投诉件数；1–4 件及可据此推算的格子不公布，留空",
        en: "Complaints received in the month; empty where it was 1 to 4, or where such a count could be worked out from it",
    },
    Field {
        name: "on_time_rate",
        kind: "number",
        zh: "当月首次答复的案件中按期答复的比例（0–1）；不足 5 件时留空",
        en: "Share of the cases first answered in the month that were answered by their last day (0 to 1); empty below 5 cases",
    },
    Field {
        name: "satisfaction_rate",
        kind: "number",
        zh: "当月答复并经群众评价的案件中“满意”和“基本满意”的比例（0–1）；评价不足 5 件时留空",
        en: "Share of the replies of the month rated 'satisfied' or 'fairly satisfied' by the resident (0 to 1); empty below 5 ratings",
    },
    Field {
        name: "median_working_days_min",
        kind: "integer",
        zh: "首次答复用时中位数所在区间的下限（工作日）；不足 5 件时留空",
        en: "Working days to the first answer: lower bound of the median's range; empty below 5 cases",
    },
    Field {
        name: "median_working_days_max",
        kind: "integer",
        zh: "同一区间的上限（工作日）；区间无上限时留空",
        en: "The same range's upper bound (working days); empty when the range is open",
    },
];

/// A row of the open data, the columns of [`FIELDS`] (`None`: empty).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OpenRow {
    pub month: String,
    pub breakdown: &'static str,
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub received: Option<i64>,
    pub on_time_rate: Option<f64>,
    pub satisfaction_rate: Option<f64>,
    pub median_working_days_min: Option<u32>,
    pub median_working_days_max: Option<u32>,
}

impl OpenRow {
    pub fn new(
        month: NaiveDate,
        breakdown: &'static str,
        (code, name_zh, name_en): (&str, &str, &str),
        f: &PublicFigures,
    ) -> OpenRow {
        let round = |r: Option<f64>| r.map(|v| (v * 10_000.0).round() / 10_000.0);
        OpenRow {
            month: month_code(month),
            breakdown,
            code: code.to_owned(),
            name_zh: name_zh.to_owned(),
            name_en: name_en.to_owned(),
            received: f.received.shown(),
            on_time_rate: round(f.on_time),
            satisfaction_rate: round(f.satisfaction),
            median_working_days_min: f.median_days.map(|(lo, _)| lo),
            median_working_days_max: f
                .median_days
                .and_then(|(_, hi)| (hi != u32::MAX).then_some(hi)),
        }
    }

    /// The row's cells as text, in the order of [`FIELDS`].
    pub fn cells(&self) -> Vec<String> {
        let text = |v: Option<String>| v.unwrap_or_default();
        vec![
            self.month.clone(),
            self.breakdown.to_owned(),
            self.code.clone(),
            self.name_zh.clone(),
            self.name_en.clone(),
            text(self.received.map(|n| n.to_string())),
            text(self.on_time_rate.map(|r| r.to_string())),
            text(self.satisfaction_rate.map(|r| r.to_string())),
            text(self.median_working_days_min.map(|n| n.to_string())),
            text(self.median_working_days_max.map(|n| n.to_string())),
        ]
    }
}

/// The open data as CSV: a header of the field names, then the rows
/// (UTF-8 with a byte-order mark, as [`stats::to_csv`] writes).
pub fn open_csv(rows: &[OpenRow]) -> String {
    let mut table = vec![FIELDS.iter().map(|f| f.name.to_owned()).collect()];
    table.extend(rows.iter().map(OpenRow::cells));
    stats::to_csv(&table)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn months_read_and_publish_on_the_tenth() {
        assert_eq!(parse_month("2026-03"), Some(d(2026, 3, 1)));
        for bad in [
            "2026-3",
            "2026-13",
            "26-03",
            "2026-03-01",
            "",
            "abcd-ef",
            "２０２６-03",
        ] {
            assert_eq!(parse_month(bad), None, "{bad}");
        }
        assert_eq!(month_end(d(2024, 2, 1)), d(2024, 2, 29));
        assert_eq!(month_end(d(2026, 12, 1)), d(2026, 12, 31));
        assert_eq!(latest_published(d(2026, 12, 9)), d(2026, 10, 1));
        assert_eq!(latest_published(d(2026, 12, 10)), d(2026, 11, 1));
        assert_eq!(latest_published(d(2027, 1, 10)), d(2026, 12, 1));
        assert_eq!(latest_published(d(2027, 1, 1)), d(2026, 11, 1));
    }

    #[test]
    fn small_counts_are_hidden_and_cannot_be_worked_out() {
        use Cell::*;
        assert_eq!(
            suppress(&[10, 3, 0, 7]),
            vec![Shown(10), Hidden, Shown(0), Hidden],
            "one small cell takes the smallest other non-zero one with it"
        );
        assert_eq!(
            suppress(&[10, 3, 4, 7]),
            vec![Shown(10), Hidden, Hidden, Shown(7)]
        );
        assert_eq!(suppress(&[5, 0, 12]), vec![Shown(5), Shown(0), Shown(12)]);
        assert_eq!(suppress(&[1]), vec![Hidden]);
        assert_eq!(suppress(&[]), Vec::<Cell>::new());
        assert_eq!(single(4), Hidden);
        assert_eq!(single(0), Shown(0));
        assert_eq!(single(5), Shown(5));
        // Whatever is hidden, the total (when shown) less what is shown is
        // never one hidden small count on its own.
        for a in 0..8 {
            for b in 0..8 {
                for c in 0..8 {
                    let cells = suppress(&[a, b, c]);
                    let hidden: Vec<i64> = [a, b, c]
                        .iter()
                        .zip(&cells)
                        .filter(|(_, c)| **c == Hidden)
                        .map(|(n, _)| *n)
                        .collect();
                    let total_shown = single(a + b + c).shown().is_some();
                    assert!(!total_shown || hidden.len() != 1, "{a} {b} {c}: {cells:?}");
                    assert!(cells.iter().all(|c| c.shown().is_none_or(|n| !small(n))));
                }
            }
        }
    }

    #[test]
    fn shares_and_medians_need_five_cases() {
        let mut c = Counts {
            intake: 4,
            answered: 4,
            on_time: 4,
            rated: 4,
            satisfied: 4,
            ..Counts::default()
        };
        c.days[3] = 4;
        let f = PublicFigures::of(&c, single(c.intake));
        assert_eq!(f.received, Cell::Hidden);
        assert_eq!(
            (f.on_time, f.satisfaction, f.median_days),
            (None, None, None)
        );
        c.answered = 5;
        c.days[7] = 1;
        c.rated = 5;
        let f = PublicFigures::of(&c, single(c.intake));
        assert_eq!(f.on_time, Some(0.8));
        assert_eq!(f.satisfaction, Some(0.8));
        assert_eq!(f.median_days, Some((3, 3)));
    }

    #[test]
    fn every_area_has_its_own_tile_and_new_ones_go_below() {
        let mut seen = std::collections::BTreeSet::new();
        for (code, col, row) in TILES {
            assert!(col < TILE_COLUMNS, "{code}");
            assert!(seen.insert((col, row)), "{code} shares a tile");
        }
        let codes: Vec<String> = ["anting", "new_a", "new_b"].map(String::from).to_vec();
        assert_eq!(tiles(&codes), vec![(0, 2), (0, 5), (1, 5)]);
    }

    #[test]
    fn colour_classes_by_on_time_share() {
        assert_eq!(class(None), None);
        assert_eq!(class(Some(0.5)), Some(0));
        assert_eq!(class(Some(0.6)), Some(1));
        assert_eq!(class(Some(0.799)), Some(2));
        assert_eq!(class(Some(0.9)), Some(4));
        assert_eq!(class(Some(1.0)), Some(4));
    }

    #[test]
    fn open_rows_leave_what_is_hidden_empty() {
        let f = PublicFigures {
            received: Cell::Hidden,
            on_time: Some(0.912_345),
            satisfaction: None,
            median_days: Some((61, u32::MAX)),
        };
        let row = OpenRow::new(
            d(2026, 3, 1),
            "town",
            ("anting", "安亭镇", "Anting Town"),
            &f,
        );
        assert_eq!(
            row.cells(),
            vec![
                "2026-03",
                "town",
                "anting",
                "安亭镇",
                "Anting Town",
                "",
                "0.9123",
                "",
                "61",
                ""
            ]
        );
        let csv = open_csv(&[row]);
        assert!(csv.starts_with("\u{feff}month,breakdown,code,"));
        assert_eq!(
            FIELDS.len(),
            OpenRow::new(d(2026, 3, 1), "all", ("", "", ""), &f)
                .cells()
                .len()
        );
    }
}
