use super::daily::*;
use super::tables::{IAQI_STEPS, table};
use super::*;
use chrono::{Datelike, NaiveDate};

const EDITIONS: [Edition; 2] = [Edition::Hj633_2012, Edition::Hj633_2026];

fn worked_example() -> DailyValues {
    DailyValues {
        pm25: Some(85.0),
        pm10: Some(120.0),
        o3_8h_max: Some(150.0),
        no2: Some(45.0),
        so2: Some(10.0),
        co: Some(0.8),
        o3_1h_max: None,
    }
}

#[test]
fn worked_example_2012() {
    let r = daily_rating(Edition::Hj633_2012, &worked_example());
    let got: Vec<u32> = [
        Pollutant::Pm25,
        Pollutant::Pm10,
        Pollutant::O3,
        Pollutant::No2,
        Pollutant::So2,
        Pollutant::Co,
    ]
    .iter()
    .map(|p| r.iaqi_of(*p).unwrap())
    .collect();
    assert_eq!(got, vec![113, 85, 92, 57, 10, 20]);
    assert_eq!(r.aqi, Some(113));
    assert_eq!(r.category(), Some(Category::LightlyPolluted));
    assert_eq!(r.primary, vec![Pollutant::Pm25]);
    assert!(r.missing.is_empty());
}

#[test]
fn worked_example_2026() {
    let r = daily_rating(Edition::Hj633_2026, &worked_example());
    assert_eq!(r.aqi, Some(123));
    assert_eq!(r.iaqi_of(Pollutant::Pm10), Some(100));
    assert_eq!(r.primary, vec![Pollutant::Pm25]);
}

#[test]
fn edition_follows_the_data_date() {
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    assert_eq!(Edition::for_date(d(2026, 2, 28)), Edition::Hj633_2012);
    assert_eq!(Edition::for_date(d(2026, 3, 1)), Edition::Hj633_2026);
    assert_eq!(Edition::for_date(d(2020, 1, 1)), Edition::Hj633_2012);
}

#[test]
fn every_breakpoint_of_every_row_exactly_and_just_above() {
    for edition in EDITIONS {
        for row in table(edition) {
            for (i, &bp) in row.breakpoints.iter().enumerate() {
                let step = IAQI_STEPS[i] as u32;
                assert_eq!(
                    iaqi(edition, row.measure, bp),
                    Some(step),
                    "{edition:?} {:?} at {bp}",
                    row.measure
                );
                if i + 1 < row.breakpoints.len() {
                    assert_eq!(
                        iaqi(edition, row.measure, bp + 0.001),
                        Some(step + 1),
                        "{edition:?} {:?} just above {bp}",
                        row.measure
                    );
                }
            }
        }
    }
}

#[test]
fn interpolation_rounds_up() {
    // PM2.5 85 (2012): 100 + 50 × 10/40 = 112.5 → 113.
    assert_eq!(
        iaqi(Edition::Hj633_2012, Measure::Pm25_24h, 85.0),
        Some(113)
    );
    // NO2 24-h 41: 50 + 50 × 1/40 = 51.25 → 52.
    assert_eq!(iaqi(Edition::Hj633_2012, Measure::No2_24h, 41.0), Some(52));
    assert_eq!(iaqi(Edition::Hj633_2012, Measure::Pm25_24h, 0.0), Some(0));
    assert_eq!(iaqi(Edition::Hj633_2012, Measure::Pm25_24h, 0.1), Some(1));
}

#[test]
fn impossible_values_give_no_index() {
    assert_eq!(iaqi(Edition::Hj633_2012, Measure::Pm25_24h, -1.0), None);
    assert_eq!(iaqi(Edition::Hj633_2012, Measure::Pm25_24h, f64::NAN), None);
    assert_eq!(
        iaqi(Edition::Hj633_2012, Measure::Pm25_24h, f64::INFINITY),
        None
    );
}

#[test]
fn above_the_scale() {
    for edition in EDITIONS {
        assert_eq!(iaqi(edition, Measure::Pm25_24h, 501.0), Some(500));
        assert_eq!(iaqi(edition, Measure::Co_1h, 1000.0), Some(500));
    }
    // SO2 1-h above 800.
    assert_eq!(iaqi(Edition::Hj633_2012, Measure::So2_1h, 801.0), None);
    assert_eq!(iaqi(Edition::Hj633_2026, Measure::So2_1h, 801.0), Some(200));
    // O3 8-h above 800.
    assert_eq!(iaqi(Edition::Hj633_2012, Measure::O3_8h, 801.0), None);
    assert_eq!(iaqi(Edition::Hj633_2026, Measure::O3_8h, 801.0), Some(300));
}

#[test]
fn so2_1h_above_800_uses_the_24h_index_in_2012() {
    let h = HourlyValues {
        so2_1h: Some(900.0),
        so2_24h: Some(500.0),
        ..Default::default()
    };
    let r = hourly_rating(Edition::Hj633_2012, &h);
    // SO2 24-h 500: 150 + 50 × 25/325 = 153.8 → 154.
    assert_eq!(r.iaqi_of(Pollutant::So2), Some(154));
    let r = hourly_rating(Edition::Hj633_2026, &h);
    assert_eq!(r.iaqi_of(Pollutant::So2), Some(200));
    // Without the 24-h value, SO2 is missing, not guessed.
    let h = HourlyValues {
        so2_1h: Some(900.0),
        ..Default::default()
    };
    let r = hourly_rating(Edition::Hj633_2012, &h);
    assert_eq!(r.aqi, None);
    assert!(r.missing.contains(&Pollutant::So2));
}

#[test]
fn o3_8h_above_800_uses_the_1h_index_in_2012() {
    let d = DailyValues {
        o3_8h_max: Some(850.0),
        o3_1h_max: Some(900.0),
        ..Default::default()
    };
    let r = daily_rating(Edition::Hj633_2012, &d);
    // O3 1-h 900: 300 + 100 × 100/200 = 350.
    assert_eq!(r.iaqi_of(Pollutant::O3), Some(350));
    let r = daily_rating(Edition::Hj633_2026, &d);
    assert_eq!(
        r.iaqi_of(Pollutant::O3),
        Some(350),
        "the higher of 1-h (350) and fixed 8-h (300)"
    );
    let d = DailyValues {
        o3_8h_max: Some(850.0),
        ..Default::default()
    };
    assert_eq!(daily_rating(Edition::Hj633_2012, &d).aqi, None);
    assert_eq!(daily_rating(Edition::Hj633_2026, &d).aqi, Some(300));
}

#[test]
fn ties_name_every_primary_pollutant() {
    let d = DailyValues {
        pm25: Some(75.0),
        pm10: Some(150.0),
        no2: Some(20.0),
        ..Default::default()
    };
    let r = daily_rating(Edition::Hj633_2012, &d);
    assert_eq!(r.aqi, Some(100));
    assert_eq!(r.primary, vec![Pollutant::Pm25, Pollutant::Pm10]);
}

#[test]
fn no_primary_pollutant_at_50_or_below() {
    let d = DailyValues {
        pm25: Some(35.0),
        pm10: Some(50.0),
        ..Default::default()
    };
    let r = daily_rating(Edition::Hj633_2012, &d);
    assert_eq!(r.aqi, Some(50));
    assert!(r.primary.is_empty());
}

#[test]
fn missing_pollutants_are_reported_not_invented() {
    let d = DailyValues {
        pm25: Some(50.0),
        ..Default::default()
    };
    let r = daily_rating(Edition::Hj633_2012, &d);
    // 50 + 50 × 15/40 = 68.75 → 69.
    assert_eq!(r.aqi, Some(69));
    assert_eq!(
        r.missing,
        vec![
            Pollutant::Pm10,
            Pollutant::O3,
            Pollutant::No2,
            Pollutant::So2,
            Pollutant::Co
        ]
    );
    assert_eq!(
        daily_rating(Edition::Hj633_2012, &DailyValues::default()).aqi,
        None
    );
}

#[test]
fn categories_at_their_edges() {
    let cases = [
        (0, Category::Excellent),
        (50, Category::Excellent),
        (51, Category::Good),
        (100, Category::Good),
        (101, Category::LightlyPolluted),
        (150, Category::LightlyPolluted),
        (151, Category::ModeratelyPolluted),
        (200, Category::ModeratelyPolluted),
        (201, Category::HeavilyPolluted),
        (300, Category::HeavilyPolluted),
        (301, Category::SeverelyPolluted),
        (500, Category::SeverelyPolluted),
    ];
    for (aqi, cat) in cases {
        assert_eq!(Category::of(aqi), cat, "AQI {aqi}");
    }
    assert_eq!(Category::SeverelyPolluted.level(), 6);
    assert!(Category::Good.is_good() && !Category::LightlyPolluted.is_good());
    assert!(Category::HeavilyPolluted.is_heavy() && !Category::ModeratelyPolluted.is_heavy());
}

fn hours(n: usize, v: f64) -> DayHours {
    std::array::from_fn(|i| (i < n).then_some(v))
}

#[test]
fn a_daily_mean_needs_20_hours() {
    assert_eq!(daily_mean(&hours(20, 40.0)), Some(40.0));
    assert_eq!(daily_mean(&hours(19, 40.0)), None);
    assert_eq!(daily_max_1h(&hours(19, 40.0)), None);
    let mut h = hours(24, 10.0);
    h[5] = Some(70.0);
    assert_eq!(daily_max_1h(&h), Some(70.0));
}

#[test]
fn an_8h_mean_needs_6_hours_and_the_daily_max_14_windows() {
    let mut h = hours(24, 100.0);
    // Hours 0–1 missing: window 0 (hours 0–7) still has 6 values.
    h[0] = None;
    h[1] = None;
    assert!(running_8h_means(&h)[0].is_some());
    h[2] = None;
    assert!(running_8h_means(&h)[0].is_none());
    assert_eq!(o3_daily_max_8h(&h), Some(100.0));

    // Only hours 0–13 measured: windows 0–8 have ≥ 6 values (9 windows): invalid day.
    let h = hours(14, 100.0);
    let valid = running_8h_means(&h).iter().flatten().count();
    assert!(valid < MIN_8H_MEANS_FOR_DAILY_MAX, "{valid}");
    assert_eq!(o3_daily_max_8h(&h), None);

    // Windows are averages of their own hours.
    let mut h = hours(24, 0.0);
    for v in h.iter_mut().skip(16) {
        *v = Some(80.0);
    }
    assert_eq!(o3_daily_max_8h(&h), Some(80.0));
}

#[test]
fn reported_values_round_half_to_even() {
    assert_eq!(round_reported(Pollutant::Pm25, 12.5), 12.0);
    assert_eq!(round_reported(Pollutant::Pm25, 13.5), 14.0);
    assert_eq!(round_reported(Pollutant::Pm25, 13.4), 13.0);
    assert_eq!(round_reported(Pollutant::Co, 1.25), 1.2);
    assert_eq!(round_reported(Pollutant::Co, 1.35), 1.4);
    assert_eq!(round_reported(Pollutant::Co, 0.86), 0.9);
}

#[test]
fn district_values_average_the_stations_that_report() {
    assert_eq!(district_mean(&[Some(30.0), None, Some(50.0)]), Some(40.0));
    assert_eq!(district_mean(&[None, None]), None);
}

#[test]
fn annual_rules() {
    use super::annual::*;
    let values: Vec<f64> = (1..=100).map(f64::from).collect();
    let p95 = percentile(&values, 95.0).unwrap();
    assert!((p95 - 95.05).abs() < 1e-9, "{p95}");
    assert_eq!(percentile(&[7.0], 90.0), Some(7.0));
    assert_eq!(percentile(&[], 90.0), None);
    assert_eq!(good_day_rate(88, 100), Some(88.0));
    assert_eq!(good_day_rate(0, 0), None);
    assert_eq!(annual_mean(&[20.0, 40.0]), Some(30.0));

    let all: Vec<NaiveDate> = NaiveDate::from_ymd_opt(2025, 1, 1)
        .unwrap()
        .iter_days()
        .take(365)
        .collect();
    assert_eq!(
        coverage(2025, &all),
        Coverage {
            valid_days: 365,
            complete: true
        }
    );
    // February with 24 days: incomplete however many days the year has.
    let fewer: Vec<NaiveDate> = all
        .iter()
        .copied()
        .filter(|d| !(d.month() == 2 && d.day() > 24))
        .collect();
    assert!(!coverage(2025, &fewer).complete);
    // A year with 323 days is incomplete.
    assert!(!coverage(2025, &all[..323]).complete);
}

#[test]
fn real_time_values_from_the_last_24_hours() {
    // 24 hours of PM2.5 at 50, O3 at 100, with the last hour's PM2.5 at 200.
    let mut hours = vec![[Some(50.0), None, Some(100.0), None, None, None]; 24];
    hours[23][0] = Some(200.0);
    let h = HourlyValues::from_recent_hours(&hours);
    assert_eq!(h.pm25_24h, Some((50.0 * 23.0 + 200.0) / 24.0));
    assert_eq!(h.o3_1h, Some(100.0));
    assert_eq!(h.o3_8h, Some(100.0));
    assert_eq!(h.pm10_24h, None);
    // Fewer than 20 hours: no 24-h mean; fewer than 6 of 8: no 8-h mean.
    let h = HourlyValues::from_recent_hours(&hours[19..]);
    assert_eq!(h.pm25_24h, None);
    assert_eq!(h.o3_8h, None);
    assert_eq!(h.o3_1h, Some(100.0));
}

#[test]
fn pollutant_index_is_its_place_in_all() {
    for (i, p) in Pollutant::ALL.into_iter().enumerate() {
        assert_eq!(p.index(), i);
        assert_eq!(Pollutant::from_code(p.code()), Some(p));
    }
}
