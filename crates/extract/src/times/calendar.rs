//! Calendar values at a granularity (a day, a week, a month …): parsing and writing TIMEX3
//! values, and moving them by a number of units.

use chrono::{Datelike, Duration, Months, NaiveDate};

/// A unit of time, as TIMEX3 values spell it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Unit {
    /// A day.
    Day,
    /// An ISO week.
    Week,
    /// A month.
    Month,
    /// A quarter.
    Quarter,
    /// A year.
    Year,
    /// A decade.
    Decade,
    /// A century.
    Century,
}

impl Unit {
    /// Reads `D`, `W`, `M`, `Q`, `Y`, `DE`, `CE`.
    pub fn parse(text: &str) -> Option<Unit> {
        Some(match text {
            "D" => Unit::Day,
            "W" | "WE" => Unit::Week,
            "M" => Unit::Month,
            "Q" => Unit::Quarter,
            "Y" => Unit::Year,
            "DE" => Unit::Decade,
            "CE" => Unit::Century,
            _ => return None,
        })
    }
}

/// A calendar period at some granularity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cal {
    /// One day.
    Day(NaiveDate),
    /// An ISO week: (ISO year, week).
    Week(i32, u32),
    /// A month: (year, 1–12).
    Month(i32, u32),
    /// A quarter: (year, 1–4).
    Quarter(i32, u32),
    /// A season: (year, SP | SU | FA | WI).
    Season(i32, &'static str),
    /// A year.
    Year(i32),
    /// A decade: 199 for the 1990s.
    Decade(i32),
    /// A century: 19 for the 1900s.
    Century(i32),
}

impl Cal {
    /// The granularity.
    pub fn unit(self) -> Unit {
        match self {
            Cal::Day(_) => Unit::Day,
            Cal::Week(..) => Unit::Week,
            Cal::Month(..) => Unit::Month,
            Cal::Quarter(..) | Cal::Season(..) => Unit::Quarter,
            Cal::Year(_) => Unit::Year,
            Cal::Decade(_) => Unit::Decade,
            Cal::Century(_) => Unit::Century,
        }
    }

    /// Its first day.
    pub fn first_day(self) -> Option<NaiveDate> {
        match self {
            Cal::Day(d) => Some(d),
            Cal::Week(y, w) => NaiveDate::from_isoywd_opt(y, w, chrono::Weekday::Mon),
            Cal::Month(y, m) => NaiveDate::from_ymd_opt(y, m, 1),
            Cal::Quarter(y, q) => NaiveDate::from_ymd_opt(y, q.checked_sub(1)? * 3 + 1, 1),
            Cal::Season(y, s) => NaiveDate::from_ymd_opt(
                y,
                match s {
                    "SP" => 3,
                    "SU" => 6,
                    "FA" => 9,
                    _ => 12,
                },
                1,
            ),
            Cal::Year(y) => NaiveDate::from_ymd_opt(y, 1, 1),
            Cal::Decade(d) => NaiveDate::from_ymd_opt(d.checked_mul(10)?, 1, 1),
            Cal::Century(c) => NaiveDate::from_ymd_opt(c.checked_mul(100)?, 1, 1),
        }
    }

    /// The period of `unit` that holds `day`.
    pub fn of(day: NaiveDate, unit: Unit) -> Cal {
        match unit {
            Unit::Day => Cal::Day(day),
            Unit::Week => {
                let w = day.iso_week();
                Cal::Week(w.year(), w.week())
            }
            Unit::Month => Cal::Month(day.year(), day.month()),
            Unit::Quarter => Cal::Quarter(day.year(), (day.month() - 1) / 3 + 1),
            Unit::Year => Cal::Year(day.year()),
            Unit::Decade => Cal::Decade(day.year().div_euclid(10)),
            Unit::Century => Cal::Century(day.year().div_euclid(100)),
        }
    }

    /// Moved by `n` units of `by`, kept at its own granularity when that is finer than `by`,
    /// else at `by`'s ("a year earlier" than the third quarter is a quarter; "a year ago" from
    /// a day is a year when asked at year granularity).
    pub fn shift(self, n: i32, by: Unit, keep_own: bool) -> Option<Cal> {
        // Two days from "March 2003" is still, as far as can be told, March 2003.
        if keep_own && by < self.unit() {
            return Some(self);
        }
        let day = self.first_day()?;
        let moved = shift_day(day, n, by)?;
        let unit = if keep_own && self.unit() <= by {
            self.unit()
        } else {
            by.max(self.unit())
        };
        Some(match (self, unit) {
            // A season keeps its name a year on.
            (Cal::Season(_, s), Unit::Quarter) => Cal::Season(moved.year(), s),
            _ => Cal::of(moved, unit),
        })
    }

    /// The TIMEX3 value.
    pub fn value(self) -> String {
        match self {
            Cal::Day(d) => format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
            Cal::Week(y, w) => format!("{y:04}-W{w:02}"),
            Cal::Month(y, m) => format!("{y:04}-{m:02}"),
            Cal::Quarter(y, q) => format!("{y:04}-Q{q}"),
            Cal::Season(y, s) => format!("{y:04}-{s}"),
            Cal::Year(y) => format!("{y:04}"),
            Cal::Decade(d) => format!("{d:03}"),
            Cal::Century(c) => format!("{c:02}"),
        }
    }

    /// Reads a full TIMEX3 calendar value ("2015-01-16", "2015-W03", "2015-01", "2015-Q1",
    /// "2015-SU", "2015", "201", "20"); anything else (X's, times of day) is not a `Cal`.
    pub fn parse(value: &str) -> Option<Cal> {
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let parts: Vec<&str> = value.split('-').collect();
        match parts.as_slice() {
            [y] if digits(y) => {
                let n: i32 = y.parse().ok()?;
                match y.len() {
                    4 => Some(Cal::Year(n)),
                    3 => Some(Cal::Decade(n)),
                    2 => Some(Cal::Century(n)),
                    _ => None,
                }
            }
            [y, rest] if digits(y) && y.len() == 4 => {
                let year: i32 = y.parse().ok()?;
                // Seasons first: "WI" (winter) also starts with W.
                for s in ["SP", "SU", "FA", "WI"] {
                    if *rest == s {
                        return Some(Cal::Season(year, s));
                    }
                }
                if let Some(w) = rest.strip_prefix('W') {
                    let w: u32 = w.parse().ok()?;
                    NaiveDate::from_isoywd_opt(year, w, chrono::Weekday::Mon)?;
                    return Some(Cal::Week(year, w));
                }
                if let Some(q) = rest.strip_prefix('Q') {
                    let q: u32 = q.parse().ok()?;
                    return (1..=4).contains(&q).then_some(Cal::Quarter(year, q));
                }
                let m: u32 = rest.parse().ok().filter(|_| digits(rest))?;
                (1..=12).contains(&m).then_some(Cal::Month(year, m))
            }
            [y, m, d] if digits(y) && y.len() == 4 && digits(m) && digits(d) => {
                NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
                    .map(Cal::Day)
            }
            _ => None,
        }
    }
}

/// `day` moved by `n` units.
pub fn shift_day(day: NaiveDate, n: i32, by: Unit) -> Option<NaiveDate> {
    let months = |k: i32| -> Option<NaiveDate> {
        if k >= 0 {
            day.checked_add_months(Months::new(k as u32))
        } else {
            day.checked_sub_months(Months::new(k.unsigned_abs()))
        }
    };
    // Text can ask for "900000000 years ago": every product is checked.
    match by {
        Unit::Day => day.checked_add_signed(Duration::try_days(n as i64)?),
        Unit::Week => day.checked_add_signed(Duration::try_weeks(n as i64)?),
        Unit::Month => months(n),
        Unit::Quarter => months(n.checked_mul(3)?),
        Unit::Year => months(n.checked_mul(12)?),
        Unit::Decade => months(n.checked_mul(120)?),
        Unit::Century => months(n.checked_mul(1200)?),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn values_read_back_as_written() {
        for v in [
            "2015-01-16",
            "2015-W03",
            "2015-01",
            "2015-Q1",
            "2015-SU",
            "2015-WI",
            "2015",
            "201",
            "20",
        ] {
            assert_eq!(Cal::parse(v).unwrap().value(), v);
        }
        for v in [
            "2015-13",
            "2015-02-30",
            "XXXX-10",
            "PRESENT_REF",
            "2015-W60",
            "",
        ] {
            assert_eq!(Cal::parse(v), None, "{v}");
        }
    }

    #[test]
    fn shifts_keep_the_finer_granularity_only_when_asked() {
        let day = Cal::Day(d("2015-01-16"));
        assert_eq!(day.shift(-1, Unit::Year, false).unwrap().value(), "2014");
        assert_eq!(
            day.shift(-1, Unit::Year, true).unwrap().value(),
            "2014-01-16"
        );
        assert_eq!(
            day.shift(-1, Unit::Month, false).unwrap().value(),
            "2014-12"
        );
        assert_eq!(
            day.shift(-2, Unit::Week, false).unwrap().value(),
            "2015-W01"
        );
        assert_eq!(
            day.shift(0, Unit::Quarter, false).unwrap().value(),
            "2015-Q1"
        );
        let q3 = Cal::Quarter(1989, 3);
        assert_eq!(q3.shift(-1, Unit::Year, true).unwrap().value(), "1988-Q3");
        // Moving a month by days cannot be finer than the month.
        let march = Cal::Month(2010, 3);
        assert_eq!(march.shift(2, Unit::Day, true).unwrap().value(), "2010-03");
        assert_eq!(march.shift(-2, Unit::Day, true).unwrap().value(), "2010-03");
    }

    #[test]
    fn huge_shifts_give_nothing_rather_than_overflowing() {
        let day = d("2015-01-16");
        for unit in [
            Unit::Day,
            Unit::Week,
            Unit::Month,
            Unit::Quarter,
            Unit::Year,
            Unit::Decade,
            Unit::Century,
        ] {
            assert_eq!(shift_day(day, i32::MAX, unit), None, "{unit:?}");
            assert_eq!(shift_day(day, i32::MIN, unit), None, "{unit:?}");
        }
        assert_eq!(Cal::Quarter(2015, 0).first_day(), None);
        assert_eq!(Cal::Century(i32::MAX).first_day(), None);
    }

    #[test]
    fn the_end_of_a_month_moves_to_the_end_of_the_next() {
        assert_eq!(
            shift_day(d("2015-01-31"), 1, Unit::Month),
            Some(d("2015-02-28"))
        );
        assert_eq!(
            shift_day(d("2016-02-29"), -1, Unit::Year),
            Some(d("2015-02-28"))
        );
    }
}
