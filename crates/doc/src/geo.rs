//! Distances on the Earth, shared by the store's `--near` search and the geoparsing scorer.

/// The Earth's mean radius in kilometres (IUGG). A sphere is within 0.5 % of the ellipsoid,
/// finer than the point a gazetteer gives a city.
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// The great-circle distance in kilometres between two points given in degrees (WGS84
/// latitude and longitude), by the haversine formula.
///
/// ```
/// // Kabul to Kandahar.
/// let km = wirewatch_doc::geo::great_circle_km(34.5253, 69.1783, 31.6133, 65.7101);
/// assert!((km - 457.0).abs() < 5.0, "{km}");
/// ```
pub fn great_circle_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (phi1, phi2) = (lat1.to_radians(), lat2.to_radians());
    let dphi = (lat2 - lat1).to_radians();
    let dlambda = (lon2 - lon1).to_radians();
    let h = (dphi / 2.0).sin().powi(2) + phi1.cos() * phi2.cos() * (dlambda / 2.0).sin().powi(2);
    // Rounding can push h a hair past 1 for antipodal points, where asin is not defined.
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}
