//! `--format pretty`: the record for people — the document block, then each layer with its
//! values and the evidence text.

use std::io::{self, Write};

use wirewatch::Analysis;

/// At most this many characters of a sentence are shown.
const SHOW: usize = 100;

fn clip(s: &str) -> String {
    let s = s.replace('\n', " ");
    if s.chars().count() <= SHOW {
        s
    } else {
        let cut: String = s.chars().take(SHOW - 1).collect();
        format!("{cut}…")
    }
}

/// Writes one record.
pub fn write(out: &mut impl Write, r: &Analysis) -> io::Result<()> {
    let d = &r.document;
    let or_dash = |v: Option<&str>| v.unwrap_or("—").to_string();
    let chars: Vec<char> = d.text.chars().collect();
    let slice = |s: usize, e: usize| {
        chars[s.min(chars.len())..e.min(chars.len())]
            .iter()
            .collect::<String>()
    };
    writeln!(out, "document {}", d.id)?;
    if let Some(t) = &d.title {
        writeln!(out, "  title      {t}")?;
    }
    if let Some(u) = &d.url {
        writeln!(out, "  url        {u}")?;
    }
    writeln!(out, "  outlet     {}", or_dash(d.outlet.as_deref()))?;
    match &d.dateline {
        Some(dl) => writeln!(
            out,
            "  dateline   place {} · date {} · outlet {}   [{}..{}] {:?}",
            dl.place,
            or_dash(dl.date_text.as_deref()),
            or_dash(dl.outlet.as_deref()),
            dl.start,
            dl.end,
            slice(dl.start, dl.end)
        )?,
        None => writeln!(out, "  dateline   —")?,
    }
    writeln!(
        out,
        "  published  {} ({})",
        or_dash(d.published.as_deref()),
        d.published_source
    )?;
    let names: Vec<String> = d
        .relayed_from
        .iter()
        .map(|id| {
            let name = r
                .entities
                .iter()
                .find(|e| &e.id == id)
                .map_or("?", |e| e.name.as_str());
            format!("{name} ({id})")
        })
        .collect();
    writeln!(
        out,
        "  relayed    {}",
        if names.is_empty() {
            "—".into()
        } else {
            names.join(", ")
        }
    )?;
    writeln!(out, "  language   {}", or_dash(d.language.as_deref()))?;
    writeln!(
        out,
        "  pipeline   wirewatch {} [{}]",
        r.pipeline.version,
        r.pipeline.components.join(" → ")
    )?;

    writeln!(out, "sentences ({})", r.sentences.len())?;
    for (i, s) in r.sentences.iter().enumerate() {
        writeln!(
            out,
            "  {:>3} [{}..{}] {}",
            i + 1,
            s.start,
            s.end,
            clip(&slice(s.start, s.end))
        )?;
    }
    writeln!(out, "entities ({})", r.entities.len())?;
    for e in &r.entities {
        let kind = match &e.subtype {
            Some(s) => format!("{}/{s}", e.kind),
            None => e.kind.clone(),
        };
        let country = e
            .country
            .as_deref()
            .map(|c| format!(" ({c})"))
            .unwrap_or_default();
        let mut about = Vec::new();
        if !e.titles.is_empty() {
            about.push(format!("titles {}", e.titles.join(", ")));
        }
        if let Some(a) = &e.affiliation {
            about.push(format!("of {a}"));
        }
        if let Some(a) = &e.actor {
            about.push(format!("CAMEO {}", a.code));
        }
        let about = if about.is_empty() {
            String::new()
        } else {
            format!("  [{}]", about.join(" · "))
        };
        writeln!(
            out,
            "  {:<4} {:<10} {}{}{}",
            e.id, kind, e.name, country, about
        )?;
        for m in &e.mentions {
            let kind = if m.kind == "name" {
                String::new()
            } else {
                format!("  ({})", m.kind)
            };
            writeln!(out, "         [{}..{}] {:?}{kind}", m.start, m.end, m.text)?;
        }
    }
    writeln!(out, "times ({})", r.times.len())?;
    for t in &r.times {
        let value = t.value.as_deref().unwrap_or("—");
        let value = match &t.modifier {
            Some(m) => format!("{value} {m}"),
            None => value.to_string(),
        };
        writeln!(
            out,
            "  {:<4} {:<8} {:<16} [{}..{}] {:?}",
            t.id, t.kind, value, t.start, t.end, t.text
        )?;
    }
    writeln!(out, "places ({})", r.places.len())?;
    for p in &r.places {
        let at = match (p.lat, p.lon) {
            (Some(lat), Some(lon)) => format!("{lat:.2},{lon:.2}"),
            _ => "unresolved".to_string(),
        };
        let name = match (&p.name, &p.country) {
            (Some(n), Some(c)) => format!("{n} ({c})"),
            (Some(n), None) => n.clone(),
            _ => "—".to_string(),
        };
        writeln!(
            out,
            "  {:<4} {:<8} {:<28} {:<16} [{}..{}] {:?}",
            p.id,
            p.feature.as_deref().unwrap_or("—"),
            name,
            at,
            p.start,
            p.end,
            p.text
        )?;
    }
    writeln!(out, "quotes ({})", r.quotes.len())?;
    fn name<'a>(r: &'a Analysis, id: &'a str) -> &'a str {
        r.entities
            .iter()
            .find(|e| e.id == id)
            .map_or(id, |e| e.name.as_str())
    }
    for q in &r.quotes {
        // The chain as a reader says it: outlets outermost first, then the speaker.
        let mut chain: Vec<&str> = q.via.iter().map(|v| name(r, v)).collect();
        chain.push(q.speaker.as_deref().map_or("(no speaker)", |s| name(r, s)));
        let to = q
            .addressee
            .as_deref()
            .map(|a| format!(" to {}", name(r, a)))
            .unwrap_or_default();
        let cue = q.cue.as_deref().unwrap_or("—");
        let mut text: String = q.text.chars().take(60).collect();
        if q.text.chars().count() > 60 {
            text.push('…');
        }
        writeln!(
            out,
            "  {:<4} {:<8} {:<9} {}  [{cue}{to}]  [{}..{}] {:?}",
            q.id,
            q.kind,
            q.strength.as_deref().unwrap_or("—"),
            chain.join(" → "),
            q.start,
            q.end,
            text
        )?;
    }
    writeln!(out, "events ({})", r.events.len())?;
    for s in &r.skipped {
        writeln!(out, "skipped {}: {}", s.layer, s.reason)?;
    }
    writeln!(out)
}
