//! Breakpoint tables of HJ 633, as versioned data.
//!
//! Concentrations in µg/m³ (CO in mg/m³). Each row lists the concentration
//! limits (BP) for IAQI 0, 50, 100, 150, 200, 300, 400, 500; a shorter row
//! ends where the standard stops rating that measure (SO2 1-h above 800,
//! O3 8-h above 800: see [`AboveTop`]).

use super::{Edition, Measure};

/// IAQI at each breakpoint index.
pub const IAQI_STEPS: [f64; 8] = [0.0, 50.0, 100.0, 150.0, 200.0, 300.0, 400.0, 500.0];

/// What the standard says for a concentration above a short row's last
/// breakpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AboveTop {
    /// Rated 500 (beyond the scale: "no further calculation").
    Max,
    /// No IAQI from this measure; another measure stands in (HJ 633-2012:
    /// SO2 1-h → SO2 24-h, O3 8-h → O3 1-h).
    UseOther,
    /// A fixed IAQI (HJ 633-2026: SO2 1-h → 200, O3 8-h → 300).
    Fixed(u32),
}

pub struct Row {
    pub measure: Measure,
    pub breakpoints: &'static [f64],
    pub above_top: AboveTop,
}

const fn row(measure: Measure, breakpoints: &'static [f64], above_top: AboveTop) -> Row {
    Row {
        measure,
        breakpoints,
        above_top,
    }
}

use AboveTop::*;
use Measure::*;

/// HJ 633-2012 (data before 2026-03-01).
pub static HJ_633_2012: [Row; 10] = [
    row(
        So2_24h,
        &[0., 50., 150., 475., 800., 1600., 2100., 2620.],
        Max,
    ),
    row(So2_1h, &[0., 150., 500., 650., 800.], UseOther),
    row(No2_24h, &[0., 40., 80., 180., 280., 565., 750., 940.], Max),
    row(
        No2_1h,
        &[0., 100., 200., 700., 1200., 2340., 3090., 3840.],
        Max,
    ),
    row(
        Pm10_24h,
        &[0., 50., 150., 250., 350., 420., 500., 600.],
        Max,
    ),
    row(Co_24h, &[0., 2., 4., 14., 24., 36., 48., 60.], Max),
    row(Co_1h, &[0., 5., 10., 35., 60., 90., 120., 150.], Max),
    row(
        O3_1h,
        &[0., 160., 200., 300., 400., 800., 1000., 1200.],
        Max,
    ),
    row(O3_8h, &[0., 100., 160., 215., 265., 800.], UseOther),
    row(Pm25_24h, &[0., 35., 75., 115., 150., 250., 350., 500.], Max),
];

/// HJ 633-2026 (data from 2026-03-01): PM2.5 and PM10 tightened at IAQI 100;
/// SO2 1-h above 800 rated 200 and O3 8-h above 800 rated 300. The other
/// rows are unchanged from 2012 (DOMAIN.md §3).
pub static HJ_633_2026: [Row; 10] = [
    row(
        So2_24h,
        &[0., 50., 150., 475., 800., 1600., 2100., 2620.],
        Max,
    ),
    row(So2_1h, &[0., 150., 500., 650., 800.], Fixed(200)),
    row(No2_24h, &[0., 40., 80., 180., 280., 565., 750., 940.], Max),
    row(
        No2_1h,
        &[0., 100., 200., 700., 1200., 2340., 3090., 3840.],
        Max,
    ),
    row(
        Pm10_24h,
        &[0., 50., 120., 250., 350., 420., 500., 600.],
        Max,
    ),
    row(Co_24h, &[0., 2., 4., 14., 24., 36., 48., 60.], Max),
    row(Co_1h, &[0., 5., 10., 35., 60., 90., 120., 150.], Max),
    row(
        O3_1h,
        &[0., 160., 200., 300., 400., 800., 1000., 1200.],
        Max,
    ),
    row(O3_8h, &[0., 100., 160., 215., 265., 800.], Fixed(300)),
    row(Pm25_24h, &[0., 35., 60., 115., 150., 250., 350., 500.], Max),
];

pub fn table(edition: Edition) -> &'static [Row] {
    match edition {
        Edition::Hj633_2012 => &HJ_633_2012,
        Edition::Hj633_2026 => &HJ_633_2026,
    }
}

pub fn row_of(edition: Edition, measure: Measure) -> &'static Row {
    table(edition)
        .iter()
        .find(|r| r.measure == measure)
        .expect("every edition rates every measure")
}
