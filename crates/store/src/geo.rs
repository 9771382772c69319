//! Distances on the Earth for `search --near`: a circle around a point, the box that holds it,
//! and the great-circle distance that decides.

use std::fmt;
use std::str::FromStr;

use thiserror::Error;

pub use wirewatch_doc::geo::{great_circle_km, EARTH_RADIUS_KM};

/// Why a `--near` argument or circle was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("--near wants LAT,LON,KM, e.g. 34.5,69.2,100: {reason}")]
pub struct NearError {
    /// What was wrong with it.
    pub reason: String,
}

fn refuse<T>(reason: String) -> Result<T, NearError> {
    Err(NearError { reason })
}

/// A circle on the Earth: every point within `km` kilometres (great-circle) of a point. The
/// `--near LAT,LON,KM` filter of a search.
///
/// A `Near` is always valid: latitude within ±90°, longitude within ±180°, a distance above
/// zero, no NaN.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Near {
    lat: f64,
    lon: f64,
    km: f64,
}

// Sound because `Near::new` refuses NaN, the one value that is not equal to itself; `Eq`
// keeps `Query` comparable as it was before it had a circle.
impl Eq for Near {}

impl Near {
    /// The circle of `km` kilometres around the point (`lat`, `lon`) in degrees.
    pub fn new(lat: f64, lon: f64, km: f64) -> Result<Near, NearError> {
        if !(lat.is_finite() && (-90.0..=90.0).contains(&lat)) {
            return refuse(format!("latitude {lat} is not between -90 and 90"));
        }
        if !(lon.is_finite() && (-180.0..=180.0).contains(&lon)) {
            return refuse(format!("longitude {lon} is not between -180 and 180"));
        }
        if !(km.is_finite() && km > 0.0) {
            return refuse(format!("the distance must be more than 0 km, not {km}"));
        }
        Ok(Near { lat, lon, km })
    }

    /// The centre's latitude in degrees.
    pub fn lat(&self) -> f64 {
        self.lat
    }

    /// The centre's longitude in degrees.
    pub fn lon(&self) -> f64 {
        self.lon
    }

    /// The radius in kilometres.
    pub fn km(&self) -> f64 {
        self.km
    }

    /// The great-circle distance in kilometres from the centre to a point.
    pub fn distance_km(&self, lat: f64, lon: f64) -> f64 {
        great_circle_km(self.lat, self.lon, lat, lon)
    }

    /// True when the point is inside the circle (its edge included).
    pub fn contains(&self, lat: f64, lon: f64) -> bool {
        self.distance_km(lat, lon) <= self.km
    }

    /// The latitude and longitude ranges that hold the whole circle, for an index to narrow
    /// the places before the exact distance decides.
    ///
    /// The longitude range is the circle's tangent meridians (J. P. Matuschek, "Finding Points
    /// Within a Distance of a Latitude/Longitude Using Bounding Coordinates"), so it is tight
    /// at every latitude. A circle that reaches a pole spans every longitude; one that crosses
    /// the antimeridian is two longitude ranges, one each side.
    pub fn bounding_box(&self) -> BoundingBox {
        // A little slack so that rounding never leaves out a point on the very edge; the
        // distance check after the box is exact.
        const SLACK: f64 = 1e-6;
        let r = self.km / EARTH_RADIUS_KM;
        let r_deg = r.to_degrees() + SLACK;
        let (south, north) = (self.lat - r_deg, self.lat + r_deg);
        if r >= std::f64::consts::PI || south <= -90.0 || north >= 90.0 {
            return BoundingBox {
                south: south.max(-90.0),
                north: north.min(90.0),
                lon: vec![(-180.0, 180.0)],
            };
        }
        let dlon = (r.sin() / self.lat.to_radians().cos())
            .min(1.0)
            .asin()
            .to_degrees()
            + SLACK;
        let (west, east) = (self.lon - dlon, self.lon + dlon);
        let lon = if west < -180.0 {
            vec![(west + 360.0, 180.0), (-180.0, east)]
        } else if east > 180.0 {
            vec![(west, 180.0), (-180.0, east - 360.0)]
        } else {
            vec![(west, east)]
        };
        BoundingBox { south, north, lon }
    }
}

impl FromStr for Near {
    type Err = NearError;

    /// Reads `LAT,LON,KM` in decimal degrees and kilometres: `34.5,69.2,100`; spaces and a
    /// `km` after the distance are allowed (`34.5, 69.2, 100km`).
    fn from_str(s: &str) -> Result<Near, NearError> {
        let parts: Vec<&str> = s.split(',').map(str::trim).collect();
        if parts.len() != 3 {
            return refuse(format!(
                "{s:?} has {} part{}, not 3",
                parts.len(),
                if parts.len() == 1 { "" } else { "s" }
            ));
        }
        let number = |text: &str| -> Result<f64, NearError> {
            match text.parse::<f64>() {
                // "inf" and "NaN" parse as floats but are no place or distance.
                Ok(x) if x.is_finite() => Ok(x),
                _ => refuse(format!("{text:?} is not a number")),
            }
        };
        let km = parts[2].strip_suffix("km").map_or(parts[2], str::trim_end);
        Near::new(number(parts[0])?, number(parts[1])?, number(km)?)
    }
}

impl fmt::Display for Near {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{},{},{}", self.lat, self.lon, self.km)
    }
}

/// Latitude and longitude ranges in degrees, ends included, that hold a [`Near`] circle.
#[derive(Debug, Clone, PartialEq)]
pub struct BoundingBox {
    /// The southern edge.
    pub south: f64,
    /// The northern edge.
    pub north: f64,
    /// West to east, as one range, or two when the circle crosses the antimeridian (the
    /// eastern end up to 180 first, then from -180).
    pub lon: Vec<(f64, f64)>,
}

impl BoundingBox {
    /// True when the point is in the box.
    pub fn contains(&self, lat: f64, lon: f64) -> bool {
        (self.south..=self.north).contains(&lat)
            && self.lon.iter().any(|&(w, e)| (w..=e).contains(&lon))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_box_holds_every_point_of_the_circle() {
        for &(lat, lon, km) in &[
            (34.5253, 69.1783, 500.0),
            (-18.1416, 178.4419, 900.0),
            (0.0, -179.9, 50.0),
            (70.0, 10.0, 2000.0),
            (-89.0, 0.0, 300.0),
            (12.0, 45.0, 25_000.0),
        ] {
            let near = Near::new(lat, lon, km).unwrap();
            let b = near.bounding_box();
            // Points on the circle's edge, all the way round.
            let d = km / EARTH_RADIUS_KM * 0.999_999;
            for step in 0..360 {
                let bearing = (step as f64).to_radians();
                let (phi, lambda) = (lat.to_radians(), lon.to_radians());
                let phi2 = (phi.sin() * d.cos() + phi.cos() * d.sin() * bearing.cos()).asin();
                let lambda2 = lambda
                    + (bearing.sin() * d.sin() * phi.cos()).atan2(d.cos() - phi.sin() * phi2.sin());
                let lon2 = (lambda2.to_degrees() + 540.0).rem_euclid(360.0) - 180.0;
                let lat2 = phi2.to_degrees();
                assert!(near.contains(lat2, lon2), "{near}: {lat2},{lon2}");
                assert!(b.contains(lat2, lon2), "{near}: {b:?} lacks {lat2},{lon2}");
            }
        }
    }

    #[test]
    fn the_antimeridian_splits_the_box_and_a_pole_widens_it() {
        let b = Near::new(-18.0, 179.0, 300.0).unwrap().bounding_box();
        assert_eq!(b.lon.len(), 2, "{b:?}");
        assert!(b.contains(-18.0, -179.0) && b.contains(-18.0, 178.0));
        assert!(!b.contains(-18.0, 0.0));
        let b = Near::new(89.5, 0.0, 200.0).unwrap().bounding_box();
        assert_eq!((b.north, b.lon.clone()), (90.0, vec![(-180.0, 180.0)]));
        let b = Near::new(34.5, 69.2, 100.0).unwrap().bounding_box();
        assert_eq!(b.lon.len(), 1);
        assert!(b.north - b.south < 2.0);
    }
}
