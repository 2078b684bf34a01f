//! Which of Jiading's towns and subdistricts a phone's position is probably
//! in, to fill in the location step's choice for the resident to check.
//!
//! The nearest town government wins: an approximation of the boundaries
//! (a Voronoi map of the seats) that is right in a town's built-up middle
//! and may be wrong near a border, which is why the page says it is a
//! guess. Outside the district, or far from every seat, there is no guess.

use super::filing::GeoPoint;

/// The town governments (WGS-84, as phones report them), by unit code.
const SEATS: [(&str, f64, f64); 12] = [
    ("jiadingzhen", 31.3830, 121.2440),
    ("xinchenglu", 31.3950, 121.2610),
    ("zhenxin", 31.2500, 121.3720),
    ("nanxiang", 31.2980, 121.3150),
    ("anting", 31.2960, 121.1600),
    ("malu", 31.3300, 121.2750),
    ("xuhang", 31.4300, 121.2700),
    ("huating", 31.4700, 121.2400),
    ("waigang", 31.3700, 121.1600),
    ("jiangqiao", 31.2450, 121.3200),
    ("juyuan", 31.4000, 121.2330),
    ("industrial_zone", 31.4200, 121.2000),
];

/// Jiading's extent, with a little margin.
const LAT: (f64, f64) = (31.21, 31.52);
const LON: (f64, f64) = (121.08, 121.43);
/// No seat is further than this from anywhere in its town.
const MAX_DISTANCE_M: f64 = 9_000.0;

/// The unit code of the town `point` is probably in.
pub fn nearest_town(point: GeoPoint) -> Option<&'static str> {
    let inside =
        (LAT.0..=LAT.1).contains(&point.latitude) && (LON.0..=LON.1).contains(&point.longitude);
    if !inside {
        return None;
    }
    SEATS
        .iter()
        .map(|&(code, latitude, longitude)| {
            let seat = GeoPoint {
                latitude,
                longitude,
            };
            (code, point.distance_m(seat))
        })
        .filter(|&(_, d)| d <= MAX_DISTANCE_M)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(code, _)| code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(latitude: f64, longitude: f64) -> Option<&'static str> {
        nearest_town(GeoPoint {
            latitude,
            longitude,
        })
    }

    #[test]
    fn places_in_the_district_find_their_town() {
        assert_eq!(at(31.2965, 121.1590), Some("anting"), "Anting's old street");
        assert_eq!(at(31.2970, 121.3190), Some("nanxiang"), "Guyi Garden");
        assert_eq!(
            at(31.3840, 121.2450),
            Some("jiadingzhen"),
            "the Confucian temple"
        );
        assert_eq!(at(31.2440, 121.3260), Some("jiangqiao"));
        assert_eq!(at(31.4710, 121.2380), Some("huating"));
    }

    #[test]
    fn places_elsewhere_find_none() {
        assert_eq!(at(31.2304, 121.4737), None, "People's Square");
        assert_eq!(at(31.1443, 121.8083), None, "Pudong airport");
        assert_eq!(
            at(31.50, 121.09),
            None,
            "the district's corner, far from any seat"
        );
    }

    #[test]
    fn every_seat_is_a_unit_of_the_catalogue() {
        let codes: std::collections::HashSet<_> = SEATS.iter().map(|s| s.0).collect();
        assert_eq!(codes.len(), SEATS.len());
    }
}
