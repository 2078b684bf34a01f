//! Pollution sources: the places complaints are about (a restaurant, a
//! venue, a building site, a workshop, a compound or a road), their
//! Unified Social Credit Code, and the limits that apply to what is
//! measured there.
//!
//! Limits (`../shared/DOMAIN.md` §8): noise at a source's boundary,
//! LAeq dB(A), by the GB 3096-2008 zone class of the area around it:
//! social-life sources GB 22337-2008 and industrial enterprises
//! GB 12348-2008 share 0: 50/40, 1: 55/45, 2: 60/50, 3: 65/55, 4: 70/55;
//! construction sites GB 12523-2011: 70 by day, 55 at night, whatever the
//! zone. Cooking fumes: Shanghai's DB31/844-2014, 1.0 mg/m³.

use serde::{Deserialize, Serialize};

use crate::complaint::address;
use crate::complaint::filing::{GeoPoint, Problem};
use crate::complaint::input::{AddressText, FieldError, OperatorName, SourceName};

/// What kind of place a source is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SourceKind {
    /// Restaurants and food stalls (cooking fumes, kitchen equipment).
    Restaurant,
    /// Entertainment venues and shops (music, loudspeakers, equipment).
    Venue,
    /// Construction sites.
    Construction,
    /// Factories and workshops.
    Factory,
    /// Anything else: a compound, a road, a square.
    Other,
}

impl SourceKind {
    pub const ALL: [SourceKind; 5] = [
        SourceKind::Restaurant,
        SourceKind::Venue,
        SourceKind::Construction,
        SourceKind::Factory,
        SourceKind::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SourceKind::Restaurant => "restaurant",
            SourceKind::Venue => "venue",
            SourceKind::Construction => "construction",
            SourceKind::Factory => "factory",
            SourceKind::Other => "other",
        }
    }

    pub fn parse(raw: &str) -> Result<SourceKind, FieldError> {
        match raw.trim() {
            "" => Err(FieldError::Required),
            s => Self::ALL
                .into_iter()
                .find(|k| k.code() == s)
                .ok_or(FieldError::NotAChoice),
        }
    }

    /// The kind of source a complaint category is usually about.
    pub fn for_category(category: &str) -> SourceKind {
        match category {
            "fumes_restaurant" => SourceKind::Restaurant,
            "noise_construction" => SourceKind::Construction,
            "noise_industrial" => SourceKind::Factory,
            "noise_commercial" => SourceKind::Venue,
            _ => SourceKind::Other,
        }
    }

    /// The noise standard for emissions at this kind of source.
    pub fn noise_standard(self) -> NoiseStandard {
        match self {
            SourceKind::Construction => NoiseStandard::Construction,
            SourceKind::Factory => NoiseStandard::Industrial,
            SourceKind::Restaurant | SourceKind::Venue | SourceKind::Other => {
                NoiseStandard::SocialLife
            }
        }
    }
}

/// The characters of a credit code, each worth its index.
const CREDIT_ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
/// The weights of characters 1 to 17: 3^(i-1) mod 31.
const CREDIT_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// A Unified Social Credit Code (统一社会信用代码, GB 32100-2015): 18
/// characters, the last a check character. Typed with spaces or in lower
/// case, it is kept in its canonical form.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CreditCode(String);

impl CreditCode {
    pub fn parse(raw: &str) -> Result<CreditCode, FieldError> {
        let code: String = raw
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if code.is_empty() {
            return Err(FieldError::Required);
        }
        let values: Option<Vec<u32>> = code
            .bytes()
            .map(|b| {
                CREDIT_ALPHABET
                    .iter()
                    .position(|a| *a == b)
                    .map(|i| i as u32)
            })
            .collect();
        let Some(values) = values.filter(|v| v.len() == 18) else {
            return Err(FieldError::NotACreditCode);
        };
        // Characters 3 to 8 are the registering authority's division code.
        if !code.as_bytes()[2..8].iter().all(u8::is_ascii_digit) {
            return Err(FieldError::NotACreditCode);
        }
        let sum: u32 = values[..17]
            .iter()
            .zip(CREDIT_WEIGHTS)
            .map(|(v, w)| v * w)
            .sum();
        let check = (31 - sum % 31) % 31;
        if values[17] != check {
            return Err(FieldError::WrongCheckCharacter);
        }
        Ok(CreditCode(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The acoustic environment zone class of GB 3096-2008 around a source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AcousticZone {
    /// 0: convalescent areas needing particular quiet.
    Zero,
    /// 1: mainly homes, hospitals, schools, offices.
    One,
    /// 2: homes mixed with commerce and industry.
    Two,
    /// 3: mainly industry and warehouses.
    Three,
    /// 4a: both sides of main roads, inland waterways.
    FourA,
    /// 4b: both sides of railways.
    FourB,
}

impl AcousticZone {
    pub const ALL: [AcousticZone; 6] = [
        AcousticZone::Zero,
        AcousticZone::One,
        AcousticZone::Two,
        AcousticZone::Three,
        AcousticZone::FourA,
        AcousticZone::FourB,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AcousticZone::Zero => "0",
            AcousticZone::One => "1",
            AcousticZone::Two => "2",
            AcousticZone::Three => "3",
            AcousticZone::FourA => "4a",
            AcousticZone::FourB => "4b",
        }
    }

    /// Empty is no zone (not noise, or not known yet).
    pub fn parse(raw: &str) -> Result<Option<AcousticZone>, FieldError> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "" => Ok(None),
            s => Self::ALL
                .into_iter()
                .find(|z| z.code() == s)
                .map(Some)
                .ok_or(FieldError::NotAChoice),
        }
    }

    /// Day and night limits at a social-life or industrial source's
    /// boundary (GB 22337 and GB 12348 share them; 4a and 4b are "4").
    fn boundary_limits(self) -> (f64, f64) {
        match self {
            AcousticZone::Zero => (50.0, 40.0),
            AcousticZone::One => (55.0, 45.0),
            AcousticZone::Two => (60.0, 50.0),
            AcousticZone::Three => (65.0, 55.0),
            AcousticZone::FourA | AcousticZone::FourB => (70.0, 55.0),
        }
    }
}

/// Which standard sets a noise source's limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NoiseStandard {
    /// GB 22337-2008, social-life noise (shops, venues, equipment).
    SocialLife,
    /// GB 12348-2008, industrial enterprises' boundary noise.
    Industrial,
    /// GB 12523-2011, construction sites' boundary noise.
    Construction,
}

impl NoiseStandard {
    pub fn code(self) -> &'static str {
        match self {
            NoiseStandard::SocialLife => "GB 22337-2008",
            NoiseStandard::Industrial => "GB 12348-2008",
            NoiseStandard::Construction => "GB 12523-2011",
        }
    }
}

/// Day (06:00–22:00) or night (22:00–06:00), Beijing time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Period {
    Day,
    Night,
}

impl Period {
    /// The period an hour of the day (0–23, Shanghai time) falls in.
    pub fn of_hour(hour: u32) -> Period {
        if (6..22).contains(&hour) {
            Period::Day
        } else {
            Period::Night
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Night => "night",
        }
    }
}

/// A limit a measured value is held against.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Limit {
    pub value: f64,
    pub unit: Unit,
    /// The standard that sets it, e.g. "GB 22337-2008".
    pub standard: &'static str,
}

/// What a measurement measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Unit {
    /// Equivalent continuous A-weighted sound level, dB(A).
    Decibel,
    /// Cooking-fume concentration, mg/m³.
    MilligramsPerCubicMetre,
}

/// The noise limit at a source's boundary: by its standard, its zone (not
/// needed on construction sites) and the period. `None` when the zone is
/// needed and not known.
pub fn noise_limit(
    standard: NoiseStandard,
    zone: Option<AcousticZone>,
    period: Period,
) -> Option<Limit> {
    let (day, night) = match standard {
        NoiseStandard::Construction => (70.0, 55.0),
        NoiseStandard::SocialLife | NoiseStandard::Industrial => zone?.boundary_limits(),
    };
    Some(Limit {
        value: match period {
            Period::Day => day,
            Period::Night => night,
        },
        unit: Unit::Decibel,
        standard: standard.code(),
    })
}

/// Shanghai's cooking-fume emission limit (DB31/844-2014).
pub const FUME_LIMIT: Limit = Limit {
    value: 1.0,
    unit: Unit::MilligramsPerCubicMetre,
    standard: "DB31/844-2014",
};

/// Whether a measured value is above its limit (equal is within it).
pub fn exceeds(measured: f64, limit: &Limit) -> bool {
    measured > limit.value
}

/// A source as staff type it (`/staff/sources/new`, or edited).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceForm {
    #[serde(default)]
    pub source_name: String,
    #[serde(default)]
    pub source_kind: String,
    #[serde(default)]
    pub town: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub latitude: String,
    #[serde(default)]
    pub longitude: String,
    #[serde(default)]
    pub operator: String,
    #[serde(default)]
    pub credit_code: String,
    #[serde(default)]
    pub zone: String,
}

/// A source's checked fields.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewSource {
    pub name: SourceName,
    pub kind: SourceKind,
    pub town: String,
    pub address: AddressText,
    /// The road-level part of the address, for lists and warnings.
    pub address_public: String,
    pub point: Option<GeoPoint>,
    pub operator: Option<OperatorName>,
    pub credit_code: Option<CreditCode>,
    pub zone: Option<AcousticZone>,
}

fn check<T>(
    problems: &mut Vec<Problem>,
    field: &'static str,
    r: Result<T, FieldError>,
) -> Option<T> {
    r.map_err(|error| problems.push(Problem { field, error }))
        .ok()
}

impl SourceForm {
    /// Every problem, or the source; `towns` are the codes a source may
    /// be in.
    pub fn validate(&self, towns: &[String]) -> Result<NewSource, Vec<Problem>> {
        let mut p = Vec::new();
        let name = check(&mut p, "source_name", SourceName::parse(&self.source_name));
        let kind = check(&mut p, "source_kind", SourceKind::parse(&self.source_kind));
        let town = check(
            &mut p,
            "town",
            match self.town.trim() {
                "" => Err(FieldError::Required),
                t if towns.iter().any(|x| x == t) => Ok(t.to_owned()),
                _ => Err(FieldError::NotAChoice),
            },
        );
        let address = check(&mut p, "address", AddressText::parse(&self.address));
        let point = check(
            &mut p,
            "point",
            GeoPoint::parse(&self.latitude, &self.longitude),
        );
        // Optional: blank or invisible characters only are no operator.
        let operator = check(
            &mut p,
            "operator",
            match OperatorName::parse(&self.operator) {
                Err(FieldError::Required) => Ok(None),
                other => other.map(Some),
            },
        );
        let credit_code = check(
            &mut p,
            "credit_code",
            if self.credit_code.trim().is_empty() {
                Ok(None)
            } else {
                CreditCode::parse(&self.credit_code).map(Some)
            },
        );
        let zone = check(&mut p, "zone", AcousticZone::parse(&self.zone));
        match (
            name,
            kind,
            town,
            address,
            point,
            operator,
            credit_code,
            zone,
        ) {
            (
                Some(name),
                Some(kind),
                Some(town),
                Some(address),
                Some(point),
                Some(operator),
                Some(credit_code),
                Some(zone),
            ) => Ok(NewSource {
                address_public: address::public_part(address.as_str()),
                name,
                kind,
                town,
                address,
                point,
                operator,
                credit_code,
                zone,
            }),
            _ => Err(p),
        }
    }
}

/// What a case says about the place it is about, to find its source.
#[derive(Clone, Debug, PartialEq)]
pub struct Wanted {
    /// The business's name, when the resident gave one.
    pub name: Option<String>,
    pub town: String,
    /// The road-level part of the case's address.
    pub road: String,
    pub point: Option<GeoPoint>,
}

/// A source that might be the one.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    pub id: i64,
    pub name: String,
    pub town: String,
    pub road: String,
    pub point: Option<GeoPoint>,
}

/// The character pairs of a text (letters and digits only), for a
/// similarity that works for Chinese names without a dictionary.
fn pairs(text: &str) -> Vec<(char, char)> {
    let chars: Vec<char> = text
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    let mut v: Vec<(char, char)> = chars.windows(2).map(|w| (w[0], w[1])).collect();
    if chars.len() == 1 {
        v.push((chars[0], chars[0]));
    }
    v.sort();
    v.dedup();
    v
}

/// How alike two texts are, 0 to 1 (Dice coefficient of character pairs).
pub fn similarity(a: &str, b: &str) -> f64 {
    let (a, b) = (pairs(a), pairs(b));
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let shared = a.iter().filter(|x| b.binary_search(x).is_ok()).count();
    2.0 * shared as f64 / (a.len() + b.len()) as f64
}

/// How likely `c` is the source `w` is about, 0 to 1: the name (when the
/// case has one) weighs most, then the road, then the distance (within
/// 500 m).
pub fn score(w: &Wanted, c: &Candidate) -> f64 {
    let road = if w.road.is_empty() || c.road.is_empty() {
        0.0
    } else if w.road == c.road {
        1.0
    } else if w.road.contains(&c.road) || c.road.contains(&w.road) {
        0.7
    } else {
        similarity(&w.road, &c.road) * 0.5
    };
    let near = match (w.point, c.point) {
        (Some(a), Some(b)) => (1.0 - a.distance_m(b) / 500.0).max(0.0),
        _ => 0.0,
    };
    let town = if w.town == c.town { 1.0 } else { 0.0 };
    match &w.name {
        Some(name) => 0.5 * similarity(name, &c.name) + 0.25 * road + 0.15 * near + 0.1 * town,
        None => 0.2 * similarity(&w.road, &c.name) + 0.45 * road + 0.25 * near + 0.1 * town,
    }
}

/// The best candidates, best first: at most `limit`, each scoring above a
/// floor (a source in the same town and nothing else in common is no
/// suggestion).
pub fn rank(w: &Wanted, candidates: &[Candidate], limit: usize) -> Vec<(i64, f64)> {
    let mut scored: Vec<(i64, f64)> = candidates
        .iter()
        .map(|c| (c.id, score(w, c)))
        .filter(|(_, s)| *s > 0.2)
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    scored.truncate(limit);
    scored
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credit_codes_are_checked_and_canonical() {
        // Codes of registered companies (published on their licences):
        // check characters a digit, letters, and X.
        for valid in [
            "91350100M000100Y43",
            "914403001922038216",
            "91330100799655058B",
            "91110000710925462X",
            "9144030071526726XG",
        ] {
            assert_eq!(CreditCode::parse(valid).unwrap().as_str(), valid);
        }
        // Typed in lower case with spaces: the same code.
        assert_eq!(
            CreditCode::parse(" 9135 0100 m000 100y 43 ")
                .unwrap()
                .as_str(),
            "91350100M000100Y43"
        );
        assert_eq!(
            CreditCode::parse("91350100M000100Y44"),
            Err(FieldError::WrongCheckCharacter)
        );
        for wrong in [
            "91350100M000100Y4",                    // 17 characters
            "91350100M000100Y433",                  // 19
            "91350100M0001O0Y43",                   // the letter O is not used
            "9135010OM000100Y43",                   // division code with a letter
            "９１３５０１００Ｍ０００１００Ｙ４３", // full-width
        ] {
            assert_eq!(
                CreditCode::parse(wrong),
                Err(FieldError::NotACreditCode),
                "{wrong}"
            );
        }
        assert_eq!(CreditCode::parse("  "), Err(FieldError::Required));
    }

    #[test]
    fn the_check_character_may_be_zero() {
        // A code whose weighted sum is a multiple of 31 ends in 0.
        let mut body = *b"91310114MA1GT8JJ3";
        let sum = |b: &[u8; 17]| -> u32 {
            b.iter()
                .zip(CREDIT_WEIGHTS)
                .map(|(c, w)| CREDIT_ALPHABET.iter().position(|a| a == c).unwrap() as u32 * w)
                .sum()
        };
        // Change the last body character until the sum divides by 31.
        for c in CREDIT_ALPHABET {
            body[16] = *c;
            if sum(&body) % 31 == 0 {
                break;
            }
        }
        assert_eq!(sum(&body) % 31, 0);
        let code = format!("{}0", std::str::from_utf8(&body).unwrap());
        assert!(CreditCode::parse(&code).is_ok(), "{code}");
    }

    #[test]
    fn noise_limits_follow_the_standard_zone_and_period() {
        let limit = |s, z, p| noise_limit(s, z, p).map(|l| (l.value, l.standard));
        use AcousticZone as Z;
        use NoiseStandard as S;
        assert_eq!(
            limit(S::SocialLife, Some(Z::One), Period::Night),
            Some((45.0, "GB 22337-2008"))
        );
        assert_eq!(
            limit(S::Industrial, Some(Z::Three), Period::Day),
            Some((65.0, "GB 12348-2008"))
        );
        // 4a and 4b are "4" at a boundary: 70 / 55.
        assert_eq!(
            limit(S::SocialLife, Some(Z::FourB), Period::Night),
            Some((55.0, "GB 22337-2008"))
        );
        assert_eq!(
            limit(S::SocialLife, Some(Z::Zero), Period::Day),
            Some((50.0, "GB 22337-2008"))
        );
        // Construction: the same everywhere, zone or none.
        assert_eq!(
            limit(S::Construction, None, Period::Night),
            Some((55.0, "GB 12523-2011"))
        );
        assert_eq!(
            limit(S::Construction, Some(Z::Zero), Period::Day),
            Some((70.0, "GB 12523-2011"))
        );
        // Without a zone a boundary limit is not known.
        assert_eq!(limit(S::SocialLife, None, Period::Day), None);
        assert_eq!(SourceKind::Venue.noise_standard(), S::SocialLife);
        assert_eq!(SourceKind::Factory.noise_standard(), S::Industrial);
    }

    #[test]
    fn periods_limits_and_choices() {
        assert_eq!(Period::of_hour(5), Period::Night);
        assert_eq!(Period::of_hour(6), Period::Day);
        assert_eq!(Period::of_hour(21), Period::Day);
        assert_eq!(Period::of_hour(22), Period::Night);
        assert!(exceeds(1.2, &FUME_LIMIT));
        assert!(!exceeds(1.0, &FUME_LIMIT));
        assert_eq!(AcousticZone::parse(" 4A "), Ok(Some(AcousticZone::FourA)));
        assert_eq!(AcousticZone::parse(""), Ok(None));
        assert_eq!(AcousticZone::parse("5"), Err(FieldError::NotAChoice));
        assert_eq!(SourceKind::parse("venue"), Ok(SourceKind::Venue));
        assert_eq!(SourceKind::parse(""), Err(FieldError::Required));
        assert_eq!(SourceKind::parse("bar"), Err(FieldError::NotAChoice));
    }

    #[test]
    fn a_source_form_names_each_problem() {
        let towns = vec!["nanxiang".to_owned()];
        let form = SourceForm {
            source_name: "老王烧烤".to_owned(),
            source_kind: "restaurant".to_owned(),
            town: "nanxiang".to_owned(),
            address: "南翔镇德园路88号".to_owned(),
            credit_code: "9135 0100 m000 100y 43".to_owned(),
            zone: "2".to_owned(),
            ..SourceForm::default()
        };
        let s = form.validate(&towns).unwrap();
        assert_eq!(s.address_public, "南翔镇德园路");
        assert_eq!(s.credit_code.unwrap().as_str(), "91350100M000100Y43");
        assert_eq!(s.zone, Some(AcousticZone::Two));
        assert_eq!(s.operator, None);
        let bad = SourceForm {
            source_name: String::new(),
            source_kind: "bar".to_owned(),
            operator: "\u{200b}".to_owned(),
            town: "pudong".to_owned(),
            credit_code: "91350100M000100Y44".to_owned(),
            zone: "5".to_owned(),
            ..form
        };
        let fields: Vec<(&str, FieldError)> = bad
            .validate(&towns)
            .unwrap_err()
            .into_iter()
            .map(|p| (p.field, p.error))
            .collect();
        assert_eq!(
            fields,
            vec![
                ("source_name", FieldError::Required),
                ("source_kind", FieldError::NotAChoice),
                ("town", FieldError::NotAChoice),
                ("credit_code", FieldError::WrongCheckCharacter),
                ("zone", FieldError::NotAChoice),
            ]
        );
    }

    #[test]
    fn suggestions_rank_by_name_road_and_distance() {
        let at = |lat: f64| {
            Some(GeoPoint {
                latitude: lat,
                longitude: 121.32,
            })
        };
        let candidate = |id, name: &str, road: &str, point| Candidate {
            id,
            name: name.to_owned(),
            town: "nanxiang".to_owned(),
            road: road.to_owned(),
            point,
        };
        let candidates = vec![
            candidate(1, "老王烧烤店", "南翔镇德园路", at(31.3)),
            candidate(2, "小李面馆", "南翔镇德园路", at(31.3005)),
            candidate(3, "老王烧烤", "嘉定镇城中路", None),
            candidate(4, "安亭汽车城工地", "安亭镇墨玉路", None),
        ];
        let wanted = Wanted {
            name: Some("老王烧烤".to_owned()),
            town: "nanxiang".to_owned(),
            road: "南翔镇德园路".to_owned(),
            point: at(31.3002),
        };
        let ranked = rank(&wanted, &candidates, 5);
        let ids: Vec<i64> = ranked.iter().map(|r| r.0).collect();
        // The same name on the same road first; the unrelated site not at all.
        assert_eq!(ids[0], 1);
        assert!(!ids.contains(&4), "{ranked:?}");
        // Without a name (a noise complaint): the road and distance decide.
        let noise = Wanted {
            name: None,
            ..wanted.clone()
        };
        let ranked = rank(&noise, &candidates, 2);
        assert_eq!(ranked.len(), 2);
        assert!(
            ranked.iter().all(|(id, _)| *id == 1 || *id == 2),
            "{ranked:?}"
        );
        assert_eq!(similarity("老王烧烤", "老王烧烤"), 1.0);
        assert_eq!(similarity("", "老王"), 0.0);
        assert_eq!(similarity("KTV", "ktv"), 1.0);
    }
}
