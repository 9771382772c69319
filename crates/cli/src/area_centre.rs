//! A point for an area known only by the towns in it: the centroid of their convex hull.
//!
//! A region's towns crowd where people live, so their mean leans that way (Ontario's would sit
//! by Toronto), and the middle of their extent follows one outlying town. The hull's centroid
//! weighs the area the towns span, which is what a map pin for the whole region should show.

/// The centroid of the convex hull of `points` (latitude, longitude), in degrees.
///
/// Longitudes are taken on a flat plane; an area whose towns spread over more than 180° of
/// longitude is taken to span the antimeridian and is measured the shorter way round. Returns
/// `None` for no points.
pub fn area_centre(points: &[(f64, f64)]) -> Option<(f64, f64)> {
    let finite = points.iter().filter(|p| p.0.is_finite() && p.1.is_finite());
    let (west, east) = finite
        .clone()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(w, e), p| {
            (w.min(p.1), e.max(p.1))
        });
    let wraps = east - west > 180.0;
    let mut plane: Vec<(f64, f64)> = finite
        .map(|&(lat, lon)| (if wraps && lon < 0.0 { lon + 360.0 } else { lon }, lat))
        .collect();
    if plane.is_empty() {
        return None;
    }
    let hull = convex_hull(&mut plane);
    let (x, y) = polygon_centroid(&hull);
    let lon = if x > 180.0 { x - 360.0 } else { x };
    Some((y, lon))
}

/// The convex hull of `points` (x, y), counter-clockwise, by Andrew's monotone chain. Sorts
/// `points` in place.
fn convex_hull(points: &mut [(f64, f64)]) -> Vec<(f64, f64)> {
    points.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    if points.len() < 3 {
        let mut few = points.to_vec();
        few.dedup();
        return few;
    }
    let cross = |o: (f64, f64), a: (f64, f64), b: (f64, f64)| {
        (a.0 - o.0) * (b.1 - o.1) - (a.1 - o.1) * (b.0 - o.0)
    };
    let mut hull: Vec<(f64, f64)> = Vec::with_capacity(points.len() + 1);
    for pass in 0..2 {
        let start = hull.len();
        let ordered: Box<dyn Iterator<Item = &(f64, f64)>> = if pass == 0 {
            Box::new(points.iter())
        } else {
            Box::new(points.iter().rev())
        };
        for &p in ordered {
            while hull.len() >= start + 2
                && cross(hull[hull.len() - 2], hull[hull.len() - 1], p) <= 0.0
            {
                hull.pop();
            }
            hull.push(p);
        }
        // Each chain's last point is the other's first.
        hull.pop();
    }
    hull.dedup();
    hull
}

/// The centroid of a simple polygon's area; for fewer than three corners, or none of area,
/// the mean of its corners.
fn polygon_centroid(corners: &[(f64, f64)]) -> (f64, f64) {
    let n = corners.len();
    let mean = || {
        let (sx, sy) = corners
            .iter()
            .fold((0.0, 0.0), |(sx, sy), p| (sx + p.0, sy + p.1));
        (sx / n as f64, sy / n as f64)
    };
    if n < 3 {
        return mean();
    }
    // Measured from the first corner, so that a small area far from (0, 0) loses no precision.
    let origin = corners[0];
    let (mut area, mut cx, mut cy) = (0.0, 0.0, 0.0);
    for i in 0..n {
        let (x0, y0) = (corners[i].0 - origin.0, corners[i].1 - origin.1);
        let next = corners[(i + 1) % n];
        let (x1, y1) = (next.0 - origin.0, next.1 - origin.1);
        let c = x0 * y1 - x1 * y0;
        area += c;
        cx += (x0 + x1) * c;
        cy += (y0 + y1) * c;
    }
    if area.abs() < 1e-12 {
        return mean();
    }
    (origin.0 + cx / (3.0 * area), origin.1 + cy / (3.0 * area))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn near(a: (f64, f64), b: (f64, f64)) -> bool {
        (a.0 - b.0).abs() < 1e-9 && (a.1 - b.1).abs() < 1e-9
    }

    #[test]
    fn crowded_corner_does_not_pull_the_centre() {
        // A square's corners, and many towns in one corner of it.
        let mut towns = vec![(0.0, 0.0), (0.0, 10.0), (10.0, 0.0), (10.0, 10.0)];
        towns.extend((0..50).map(|i| (1.0 + f64::from(i) * 0.01, 1.0)));
        assert!(near(area_centre(&towns).unwrap(), (5.0, 5.0)));
    }

    #[test]
    fn triangle_centroid_is_mean_of_corners() {
        let c = area_centre(&[(0.0, 0.0), (0.0, 6.0), (3.0, 0.0), (1.0, 1.0)]).unwrap();
        assert!(near(c, (1.0, 2.0)), "{c:?}");
    }

    #[test]
    fn few_or_collinear_points_give_their_mean() {
        assert!(near(area_centre(&[(4.0, 8.0)]).unwrap(), (4.0, 8.0)));
        assert!(near(
            area_centre(&[(4.0, 8.0), (6.0, 8.0)]).unwrap(),
            (5.0, 8.0)
        ));
        assert!(near(
            area_centre(&[(4.0, 8.0), (4.0, 8.0), (4.0, 8.0)]).unwrap(),
            (4.0, 8.0)
        ));
        assert!(near(
            area_centre(&[(0.0, 0.0), (2.0, 2.0), (1.0, 1.0)]).unwrap(),
            (1.0, 1.0)
        ));
        assert_eq!(area_centre(&[]), None);
    }

    #[test]
    fn area_across_the_antimeridian_is_measured_the_short_way() {
        // Towns at 170°E and 170°W: the centre is on the antimeridian, not at 0°.
        let c = area_centre(&[
            (-10.0, 170.0),
            (10.0, 170.0),
            (-10.0, -170.0),
            (10.0, -170.0),
        ])
        .unwrap();
        assert!(
            (c.0).abs() < 1e-9 && (c.1.abs() - 180.0).abs() < 1e-9,
            "{c:?}"
        );
    }
}
