//! From a rule's value template and its match to a TIMEX3 value: each captured group is
//! normalised ("October" → 10, "twenty four" → 24), the template is filled, and what is left
//! underspecified is placed against the reference date.
//!
//! Filled templates take one of these forms (see `data/lang/en/time/rules.toml`):
//! - a finished value: `2015-01-16`, `2015-Q1`, `PRESENT_REF`;
//! - a year-less one, `XXXX-10`, `XXXX-10-16`, `XXXX-WXX-5`, `XXXX-SU`, placed by the rule's
//!   direction and the sentence's tense;
//! - a shift from the reference date, `REF-1Y` (last year), `REF+0D` (today), or from the last
//!   date the text named, `ANC+2D` (two days later), optionally followed by a time `T…`;
//! - a duration `P3D`, `PXY`, `P24H` (written `PT24H`).

use chrono::{Datelike, NaiveDate};
use regex::Captures;

use super::calendar::{Cal, Unit};
use super::rules::{Direction, RuleSet};

/// The tense of the clause around an expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tense {
    /// Past.
    Past,
    /// Present.
    Present,
    /// Future.
    Future,
    /// Not known.
    Unknown,
}

/// What the resolver knows about where an expression is.
#[derive(Clone, Copy, Debug)]
pub struct Context {
    /// The reference date.
    pub dct: Option<NaiveDate>,
    /// The last calendar date the text named before this expression.
    pub anchor: Option<Cal>,
    /// The tense of its clause.
    pub tense: Tense,
}

/// The normalised text of one captured group, by the group's name.
fn normalise(rules: &RuleSet, group: &str, text: &str, dct: Option<NaiveDate>) -> Option<String> {
    let text = text.trim();
    let lower = text.to_lowercase();
    let numeric = |s: &str| -> Option<u32> {
        let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
        digits.parse().ok()
    };
    match group {
        "month" => rules.word("month", text).map(str::to_string).or_else(|| {
            numeric(text)
                .filter(|m| (1..=12).contains(m))
                .map(|m| format!("{m:02}"))
        }),
        "day" => numeric(text)
            .or_else(|| rules.word("ordinal", text).and_then(|d| d.parse().ok()))
            .filter(|d| (1..=31).contains(d))
            .map(|d| format!("{d:02}")),
        "year" => {
            let digits: String = text.chars().filter(|c| c.is_ascii_digit()).collect();
            match digits.len() {
                4 => Some(digits),
                2 => {
                    let yy: i32 = digits.parse().ok()?;
                    Some(format!("{:04}", two_digit_year(yy, dct)))
                }
                _ => None,
            }
        }
        "decade" => {
            let digits: String = text.chars().filter(|c| c.is_ascii_digit()).collect();
            match digits.len() {
                4 => Some(digits[..3].to_string()),
                2 => {
                    // "the '60s" is the latest such decade that has begun by the report.
                    let yy: i32 = digits.parse().ok()?;
                    let year = match dct {
                        Some(d) if 2000 + yy > d.year() => 1900 + yy,
                        Some(_) => 2000 + yy,
                        None => two_digit_year(yy, None),
                    };
                    Some(format!("{:03}", year / 10))
                }
                _ => rules.word("decade_word", text).map(|d| format!("19{d}")),
            }
        }
        "century" => numeric(text)
            .or_else(|| rules.word("ordinal", text).and_then(|d| d.parse().ok()))
            .filter(|c| *c >= 1)
            .map(|c| format!("{:02}", c - 1)),
        "quarter" | "ord" => numeric(text)
            .or_else(|| rules.word("ordinal", text).and_then(|d| d.parse().ok()))
            .map(|q| q.to_string()),
        "num" => Some(number(rules, &lower).unwrap_or_else(|| "X".to_string())),
        "clock" => clock(&lower),
        "weekday" | "season" | "part_of_day" | "unit" | "position" | "amount" | "direction"
        | "decade_word" => rules.word(group, text).map(str::to_string),
        other => rules.word(other, text).map(str::to_string),
    }
}

/// A two-digit year: the latest that is at most ten years after the reference date's year
/// ("'98" in 2015 is 1998, "'20" is 2020, "'49" is 1949); with no date, 1930–2029.
fn two_digit_year(yy: i32, dct: Option<NaiveDate>) -> i32 {
    let Some(dct) = dct else {
        return if yy < 30 { 2000 + yy } else { 1900 + yy };
    };
    let limit = dct.year().saturating_add(10);
    let century = limit.div_euclid(100) * 100;
    if century + yy <= limit {
        century + yy
    } else {
        century - 100 + yy
    }
}

/// "twenty four" → 24, "a" → 1, "several" → X, "1,500" → 1500, "2.5" → 2.5.
fn number(rules: &RuleSet, text: &str) -> Option<String> {
    let text = text.trim();
    let plain: String = text.chars().filter(|c| *c != ',').collect();
    if !plain.is_empty() && plain.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return Some(plain.trim_start_matches('0').to_string()).map(|s| {
            if s.is_empty() || s.starts_with('.') {
                format!("0{s}")
            } else {
                s
            }
        });
    }
    if let Some(v) = rules
        .word("number", text)
        .or_else(|| rules.word("article_number", text))
    {
        return Some(v.to_string());
    }
    if rules.word("vague_number", text).is_some() {
        return Some("X".to_string());
    }
    let mut total: u64 = 0;
    let mut current: u64 = 0;
    for word in text.split(|c: char| c.is_whitespace() || c == '-') {
        if word.is_empty() || word == "and" {
            continue;
        }
        let v: f64 = rules.word("number", word)?.parse().ok()?;
        // "hundred hundred hundred …" must not overflow: checked all the way.
        match v as u64 {
            100 => current = current.max(1).checked_mul(100)?,
            1000 => {
                total = total.checked_add(current.max(1).checked_mul(1000)?)?;
                current = 0
            }
            n => current = current.checked_add(n)?,
        }
    }
    Some(total.checked_add(current)?.to_string())
}

/// "7:15 p.m." → 19:15, "noon" → 12:00, "10 a.m." → 10:00.
fn clock(text: &str) -> Option<String> {
    if text == "noon" || text == "midday" {
        return Some("12:00".into());
    }
    if text == "midnight" {
        return Some("24:00".into());
    }
    let digits_end = text
        .find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.'))
        .unwrap_or(text.len());
    let (time, rest) = text.split_at(digits_end);
    let time = time.trim_end_matches('.');
    let (h, m) = match time.split_once([':', '.']) {
        Some((h, m)) => (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?),
        // "0600 GMT": hours and minutes run together.
        None if time.len() == 4 => (time[..2].parse().ok()?, time[2..].parse().ok()?),
        None => (time.parse::<u32>().ok()?, 0),
    };
    let rest: String = rest.chars().filter(|c| c.is_ascii_alphabetic()).collect();
    let h = match rest.as_str() {
        "pm" if h < 12 => h + 12,
        "am" if h == 12 => 0,
        _ => h,
    };
    (h < 25 && m < 60).then(|| format!("{h:02}:{m:02}"))
}

/// Fills `template` with the normalised groups of `caps`; `None` when a group it names cannot
/// be read (the match is then not a time).
pub fn fill(
    rules: &RuleSet,
    template: &str,
    caps: &Captures<'_>,
    dct: Option<NaiveDate>,
) -> Option<String> {
    let mut out = String::with_capacity(template.len() + 8);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let close = open + rest[open..].find('}')?;
        out.push_str(&rest[..open]);
        let name = &rest[open + 1..close];
        // A pattern may name a group again as `day2`, `day3`.
        let found = caps
            .name(name)
            .or_else(|| caps.name(&format!("{name}2")))
            .or_else(|| caps.name(&format!("{name}3")));
        match found {
            Some(m) => out.push_str(&normalise(rules, name, m.as_str(), dct)?),
            None if name == "year" => out.push_str("XXXX"),
            None if name == "num" => out.push('1'),
            // An optional part that is not there ("18:00" without "UTC") adds nothing.
            None => {}
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Some(out)
}

/// The TIMEX3 value a filled template stands for, and the calendar date it names (which later
/// anchored expressions count from).
pub fn resolve(filled: &str, direction: Direction, cx: &Context) -> (String, Option<Cal>) {
    if let Some(value) = duration(filled) {
        return (value, None);
    }
    if let Some(shifted) = shift(filled, cx) {
        return shifted;
    }
    if filled.starts_with("XXXX-") {
        return yearless(filled, direction, cx);
    }
    if filled.starts_with("REF") || filled.starts_with("ANC") {
        // A shift by a unit no calendar value has (a millennium): the day is unknown.
        return ("XXXX-XX-XX".to_string(), None);
    }
    (filled.to_string(), Cal::parse(split_time(filled).0))
}

/// False for a calendar value that names no real period ("2015-02-30", "2014-Q5",
/// "XXXX-02-30"): a match that resolves to one was not a time after all.
pub fn well_formed(value: &str) -> bool {
    let (date, _) = split_time(value);
    if !date.starts_with(|c: char| c.is_ascii_digit() || c == 'X') {
        return true; // PRESENT_REF, P3D …
    }
    let parts: Vec<&str> = date.split('-').collect();
    match parts.as_slice() {
        [y, h] if h.starts_with('H') => y.len() == 4 && matches!(*h, "H1" | "H2"),
        [y, w, "WE"] => Cal::parse(&format!("{y}-{w}")).is_some() || y.contains('X'),
        ["XXXX", m]
            if !m.starts_with(['W', 'Q', 'S', 'F']) && m.bytes().all(|b| b.is_ascii_digit()) =>
        {
            matches!(m.parse::<u32>(), Ok(1..=12))
        }
        ["XXXX", m, d] if m.bytes().all(|b| b.is_ascii_digit()) => {
            // Any year will do for the check but a leap one, so that 29 February passes.
            match (m.parse(), d.parse()) {
                (Ok(m), Ok(d)) => NaiveDate::from_ymd_opt(2000, m, d).is_some(),
                _ => d.contains('X') || *m == "WXX",
            }
        }
        ["XXXX", q] if q.starts_with('Q') => matches!(*q, "Q1" | "Q2" | "Q3" | "Q4" | "QX"),
        _ if date.contains('X') => true,
        _ => Cal::parse(date).is_some(),
    }
}

fn split_time(value: &str) -> (&str, &str) {
    match value.find('T') {
        Some(i) => value.split_at(i),
        None => (value, ""),
    }
}

/// `P3D`, `PXY`, `P24H` → `PT24H`, `P30MIN` → `PT30M`, `P1FN` (a fortnight) → `P2W`.
pub fn duration(filled: &str) -> Option<String> {
    let body = filled.strip_prefix('P')?;
    let split = body.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == 'X'))?;
    let (n, unit) = body.split_at(split);
    if n.is_empty() {
        return None;
    }
    let times = |k: u32| -> String {
        match n.parse::<f64>() {
            Ok(v) => format_number(v * k as f64),
            Err(_) => n.to_string(),
        }
    };
    Some(match unit {
        "S" => format!("PT{n}S"),
        "MIN" => format!("PT{n}M"),
        "H" => format!("PT{n}H"),
        "FN" => format!("P{}W", times(2)),
        // TimeML writes decades and centuries as years when it can count them.
        "DE" if n != "X" => format!("P{}Y", times(10)),
        "CE" if n != "X" => format!("P{}Y", times(100)),
        "ML" if n != "X" => format!("P{}Y", times(1000)),
        "D" | "W" | "WE" | "M" | "Q" | "Y" | "DE" | "CE" | "ML" => format!("P{n}{unit}"),
        _ => return None,
    })
}

fn format_number(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// `REF-1Y`, `ANC+2D`, `ANCU-1Y`, `REF+0DTMO`.
fn shift(filled: &str, cx: &Context) -> Option<(String, Option<Cal>)> {
    // (from the anchor?, at the anchor's own precision?)
    let ((from_anchor, keep_own), body) = if let Some(b) = filled.strip_prefix("REF") {
        ((false, false), b)
    } else if let Some(b) = filled.strip_prefix("ANCU") {
        ((true, false), b)
    } else {
        ((true, true), filled.strip_prefix("ANC")?)
    };
    let sign = match body.chars().next()? {
        '+' => 1,
        '-' => -1,
        _ => return None,
    };
    let body = &body[1..];
    let split = body.find(|c: char| !(c.is_ascii_digit() || c == 'X'))?;
    let (n, rest) = body.split_at(split);
    let unit_end = rest.find('T').unwrap_or(rest.len());
    let (unit, time) = rest.split_at(unit_end);
    // "Two hours ago" is today, as far as a date can say.
    let (n, unit) = match unit {
        "H" | "MIN" | "S" => ("0", Unit::Day),
        other => (n, Unit::parse(other)?),
    };
    if n == "X" {
        return Some((
            if sign < 0 { "PAST_REF" } else { "FUTURE_REF" }.to_string(),
            None,
        ));
    }
    let n: i32 = n.parse().ok()?;
    let base = match (from_anchor, cx.anchor, cx.dct) {
        // A time of day on "the last day named" needs a day: a month will not do.
        (true, Some(anchor), Some(dct))
            if unit == Unit::Day && n == 0 && anchor.unit() != Unit::Day =>
        {
            Some(Cal::Day(dct))
        }
        (true, Some(anchor), _) => Some(anchor),
        (_, _, Some(dct)) => Some(Cal::Day(dct)),
        _ => None,
    };
    let Some(base) = base else {
        return Some((unknown_at(unit, time), None));
    };
    let moved = base.shift(sign * n, unit, keep_own)?;
    Some((format!("{}{time}", moved.value()), Some(moved)))
}

/// What can be said of a date at `unit` with no reference date: only its granularity.
fn unknown_at(unit: Unit, time: &str) -> String {
    let v = match unit {
        Unit::Day => "XXXX-XX-XX",
        Unit::Week => "XXXX-WXX",
        Unit::Month => "XXXX-XX",
        Unit::Quarter => "XXXX-QX",
        Unit::Year => "XXXX",
        Unit::Decade => "XXX",
        Unit::Century => "XX",
    };
    format!("{v}{time}")
}

/// Places `XXXX-10`, `XXXX-10-16`, `XXXX-WXX-5`, `XXXX-SU`, `XXXX-Q3` (each maybe with `T…`).
fn yearless(filled: &str, direction: Direction, cx: &Context) -> (String, Option<Cal>) {
    let unresolved = (filled.to_string(), None);
    let Some(dct) = cx.dct else { return unresolved };
    let (date, time) = split_time(filled);
    let rest = &date[5..];
    if rest == "WXX-WE" {
        return weekend(direction, cx.tense, dct);
    }
    let candidates: Vec<Cal> = if let Some(wd) = rest.strip_prefix("WXX-") {
        let Some(wd) = wd.parse::<u32>().ok().filter(|d| (1..=7).contains(d)) else {
            return unresolved;
        };
        (-7..=7)
            .filter_map(|k| dct.checked_add_signed(chrono::Duration::days(k)))
            .filter(|d| d.weekday().number_from_monday() == wd)
            .map(Cal::Day)
            .collect()
    } else {
        (dct.year() - 1..=dct.year() + 1)
            .filter_map(|y| Cal::parse(&format!("{y:04}-{rest}")))
            .collect()
    };
    if candidates.is_empty() {
        return unresolved;
    }
    // Compare at the candidate's own granularity: October is "now" all October long.
    let relation = |c: &Cal| -> std::cmp::Ordering {
        let own = Cal::of(dct, c.unit());
        let here = match (c, own) {
            (Cal::Season(..), _) => season_of(dct),
            _ => own,
        };
        c.first_day().cmp(&here.first_day())
    };
    use std::cmp::Ordering::*;
    let pick = match direction {
        Direction::Last => candidates.iter().rev().find(|c| relation(c) == Less),
        Direction::Next => candidates.iter().find(|c| relation(c) == Greater),
        Direction::This => candidates.iter().find(|c| match c {
            Cal::Day(d) => d.iso_week() == dct.iso_week(),
            _ => c.first_day().map(|f| f.year()) == Some(dct.year()),
        }),
        Direction::LastYear => candidates
            .iter()
            .find(|c| c.first_day().map(|f| f.year()) == Some(dct.year() - 1)),
        Direction::NextYear => candidates
            .iter()
            .find(|c| c.first_day().map(|f| f.year()) == Some(dct.year() + 1)),
        Direction::Past => candidates.iter().rev().find(|c| relation(c) != Greater),
        Direction::Future => candidates.iter().find(|c| relation(c) != Less),
        Direction::Tense => {
            // A past-tense "January" is never after the report, whatever the calendar says:
            // a date that is future in a past-tense sentence needs a cue of its own ("payable",
            // "due", "will"), which the tense list holds.
            match cx.tense {
                Tense::Past => candidates.iter().rev().find(|c| relation(c) != Greater),
                Tense::Future => candidates.iter().find(|c| relation(c) != Less),
                Tense::Present | Tense::Unknown => candidates.iter().min_by_key(|c| {
                    let days = c
                        .first_day()
                        .map_or(i64::MAX, |f| (f - dct).num_days().abs());
                    // On a tie the past wins: news reports what happened.
                    (days, relation(c) == Greater)
                }),
            }
        }
    };
    match pick {
        Some(c) => (format!("{}{time}", c.value()), Some(*c)),
        None => unresolved,
    }
}

/// The weekend meant: the one before the report (or the one it falls on) in the past tense,
/// the next one in the future, else the nearer; "last" and "next" skip the report's own.
fn weekend(direction: Direction, tense: Tense, dct: NaiveDate) -> (String, Option<Cal>) {
    let days = |d: NaiveDate, n: i64| d.checked_add_signed(chrono::Duration::days(n));
    let days_from_monday = dct.weekday().num_days_from_monday() as i64;
    // The Saturday of the report's own ISO week, and the ones either side; at the ends of the
    // calendar there is no such day, and the weekend stays unplaced.
    let (Some(own), Some(previous), Some(following)) = (
        days(dct, 5 - days_from_monday),
        days(dct, 5 - days_from_monday - 7),
        days(dct, 5 - days_from_monday + 7),
    ) else {
        return ("XXXX-WXX-WE".to_string(), None);
    };
    let before = if dct >= own { own } else { previous };
    let after = if dct >= own { following } else { own };
    let past = match direction {
        Direction::Last | Direction::Past | Direction::LastYear => true,
        Direction::Next | Direction::Future | Direction::NextYear => false,
        Direction::This => dct >= own,
        Direction::Tense => match tense {
            Tense::Past => true,
            Tense::Future => false,
            Tense::Present | Tense::Unknown => (dct - before) <= (after - dct),
        },
    };
    let saturday = match (direction, past) {
        // "last weekend" on a Sunday is the one before.
        (Direction::Last, _) if dct > own => previous,
        (Direction::Next, _) if dct < own => following,
        (_, true) => before,
        (_, false) => after,
    };
    let week = Cal::of(saturday, Unit::Week);
    (format!("{}-WE", week.value()), Some(week))
}

/// The meteorological season of a day (winter runs December–February, counted in December's
/// year).
fn season_of(day: NaiveDate) -> Cal {
    let (year, season) = match day.month() {
        3..=5 => (day.year(), "SP"),
        6..=8 => (day.year(), "SU"),
        9..=11 => (day.year(), "FA"),
        12 => (day.year(), "WI"),
        _ => (day.year() - 1, "WI"),
    };
    Cal::Season(year, season)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cx(dct: &str, tense: Tense) -> Context {
        Context {
            dct: Some(dct.parse().unwrap()),
            anchor: None,
            tense,
        }
    }

    #[test]
    fn a_past_month_is_never_after_the_report() {
        let c = cx("2015-01-16", Tense::Past);
        assert_eq!(yearless("XXXX-12", Direction::Tense, &c).0, "2014-12");
        assert_eq!(yearless("XXXX-01", Direction::Tense, &c).0, "2015-01");
        assert_eq!(yearless("XXXX-10", Direction::Last, &c).0, "2014-10");
        assert_eq!(yearless("XXXX-01", Direction::Last, &c).0, "2014-01");
        assert_eq!(yearless("XXXX-01-16", Direction::Tense, &c).0, "2015-01-16");
        assert_eq!(yearless("XXXX-01-17", Direction::Tense, &c).0, "2014-01-17");
    }

    #[test]
    fn weekdays_follow_the_tense() {
        // 2015-01-16 is a Friday.
        let past = cx("2015-01-16", Tense::Past);
        assert_eq!(
            yearless("XXXX-WXX-1", Direction::Tense, &past).0,
            "2015-01-12"
        );
        assert_eq!(
            yearless("XXXX-WXX-5", Direction::Tense, &past).0,
            "2015-01-16"
        );
        let future = cx("2015-01-16", Tense::Future);
        assert_eq!(
            yearless("XXXX-WXX-1", Direction::Tense, &future).0,
            "2015-01-19"
        );
        assert_eq!(
            yearless("XXXX-WXX-5TMO", Direction::Last, &future).0,
            "2015-01-09TMO"
        );
    }

    #[test]
    fn the_weekend_is_the_one_the_tense_points_at() {
        // 2015-01-19 is a Monday; the weekend before it is that of ISO week 3.
        let monday: NaiveDate = "2015-01-19".parse().unwrap();
        assert_eq!(
            weekend(Direction::Tense, Tense::Past, monday).0,
            "2015-W03-WE"
        );
        assert_eq!(
            weekend(Direction::Tense, Tense::Future, monday).0,
            "2015-W04-WE"
        );
        assert_eq!(
            weekend(Direction::Tense, Tense::Unknown, monday).0,
            "2015-W03-WE"
        );
        let sunday: NaiveDate = "2015-01-18".parse().unwrap();
        assert_eq!(
            weekend(Direction::Tense, Tense::Past, sunday).0,
            "2015-W03-WE"
        );
        assert_eq!(
            weekend(Direction::Last, Tense::Past, sunday).0,
            "2015-W02-WE"
        );
        // "Next weekend" is next week's: this week's is "this weekend".
        assert_eq!(
            weekend(Direction::Next, Tense::Past, monday).0,
            "2015-W05-WE"
        );
    }

    #[test]
    fn no_reference_date_invents_no_year() {
        let none = Context {
            dct: None,
            anchor: None,
            tense: Tense::Past,
        };
        assert_eq!(resolve("XXXX-10", Direction::Last, &none).0, "XXXX-10");
        assert_eq!(resolve("REF-1Y", Direction::Tense, &none).0, "XXXX");
        assert_eq!(resolve("REF+0D", Direction::Tense, &none).0, "XXXX-XX-XX");
    }

    #[test]
    fn shifts_count_from_the_report_or_the_anchor() {
        let mut c = cx("2015-01-16", Tense::Past);
        assert_eq!(resolve("REF-1Y", Direction::Tense, &c).0, "2014");
        assert_eq!(resolve("REF+0M", Direction::Tense, &c).0, "2015-01");
        assert_eq!(resolve("REF-1D", Direction::Tense, &c).0, "2015-01-15");
        assert_eq!(resolve("REF-XY", Direction::Tense, &c).0, "PAST_REF");
        c.anchor = Some(Cal::Day("2010-03-04".parse().unwrap()));
        assert_eq!(resolve("ANC+2D", Direction::Tense, &c).0, "2010-03-06");
        assert_eq!(resolve("ANC-1Y", Direction::Tense, &c).0, "2009-03-04");
    }

    #[test]
    fn durations_are_written_as_timex3_wants() {
        assert_eq!(duration("P3D").as_deref(), Some("P3D"));
        assert_eq!(duration("PXY").as_deref(), Some("PXY"));
        assert_eq!(duration("P24H").as_deref(), Some("PT24H"));
        assert_eq!(duration("P30MIN").as_deref(), Some("PT30M"));
        assert_eq!(duration("P1FN").as_deref(), Some("P2W"));
        assert_eq!(duration("P1").as_deref(), None);
        assert_eq!(duration("PRESENT_REF"), None);
    }

    #[test]
    fn impossible_dates_are_not_well_formed() {
        for v in [
            "2015-02-28",
            "2016-02-29",
            "XXXX-02-29",
            "2015-Q4",
            "XXXX-Q3",
            "2015-H2",
            "2015-W53-WE",
            "XXXX-WXX-5",
            "XXXX-10",
            "PRESENT_REF",
            "P3D",
            "2015-01-16T10:30",
            "199",
            "20",
        ] {
            assert!(well_formed(v), "{v}");
        }
        for v in [
            "2015-02-29",
            "2015-02-30",
            "XXXX-02-30",
            "XXXX-13",
            "2014-Q5",
            "XXXX-Q31",
            "2015-H3",
            "2015-13",
        ] {
            assert!(!well_formed(v), "{v}");
        }
    }

    #[test]
    fn clocks_read_am_and_pm() {
        assert_eq!(clock("7:15 p.m.").as_deref(), Some("19:15"));
        assert_eq!(clock("10 a.m.").as_deref(), Some("10:00"));
        assert_eq!(clock("12 a.m.").as_deref(), Some("00:00"));
        assert_eq!(clock("noon").as_deref(), Some("12:00"));
        assert_eq!(clock("0600").as_deref(), Some("06:00"));
        assert_eq!(clock("99:00"), None);
    }

    #[test]
    fn two_digit_years_land_nearest_the_report() {
        let d: NaiveDate = "2015-01-16".parse().unwrap();
        assert_eq!(two_digit_year(98, Some(d)), 1998);
        assert_eq!(two_digit_year(14, Some(d)), 2014);
        assert_eq!(two_digit_year(20, Some(d)), 2020);
        assert_eq!(two_digit_year(49, Some(d)), 1949);
        assert_eq!(two_digit_year(60, Some(d)), 1960);
        assert_eq!(two_digit_year(98, None), 1998);
        assert_eq!(two_digit_year(29, None), 2029);
        assert_eq!(two_digit_year(30, None), 1930);
    }
}
