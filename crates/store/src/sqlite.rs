//! The embedded SQLite store: one file, write-ahead log, schema migrations, FTS5.

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::path::Path;

use rusqlite::functions::FunctionFlags;
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Transaction};
use wirewatch_doc::contract::Analysis;

use wirewatch_dedup::{MinHasher, Signature, THRESHOLD};

use crate::{
    great_circle_km, quote_chain, EntityReport, FeedValidators, Hit, Kind, Near, NearPlace,
    OutletStates, PutOutcome, Query, QuoteFacts, QuoteHit, QuoteQuery, StateNamed, Stats, Store,
    StoreError, Story, HOME_WINDOW,
};

/// Migrations in order; the store's `user_version` says how many have run.
const MIGRATIONS: [&str; 7] = [
    include_str!("schema_v1.sql"),
    include_str!("schema_v2.sql"),
    include_str!("schema_v3.sql"),
    include_str!("schema_v4.sql"),
    include_str!("schema_v5.sql"),
    include_str!("schema_v6.sql"),
    include_str!("schema_v7.sql"),
];

/// A store in one SQLite file.
#[derive(Debug)]
pub struct SqliteStore {
    conn: Connection,
    path: String,
    hasher: MinHasher,
}

impl SqliteStore {
    /// Opens (or creates) the store at `path` and brings its schema up to date.
    pub fn open(path: impl AsRef<Path>) -> Result<SqliteStore, StoreError> {
        let name = path.as_ref().display().to_string();
        let conn = Connection::open(path.as_ref()).map_err(|source| StoreError::Database {
            path: name.clone(),
            source,
        })?;
        SqliteStore::setup(conn, name)
    }

    /// A store that lives in memory only (for tests and examples).
    pub fn open_in_memory() -> Result<SqliteStore, StoreError> {
        let conn = Connection::open_in_memory().map_err(|source| StoreError::Database {
            path: ":memory:".into(),
            source,
        })?;
        SqliteStore::setup(conn, ":memory:".into())
    }

    /// The store's file.
    pub fn path(&self) -> &str {
        &self.path
    }

    fn err(&self) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        |source| StoreError::Database {
            path: self.path.clone(),
            source,
        }
    }

    fn setup(conn: Connection, path: String) -> Result<SqliteStore, StoreError> {
        let mut store = SqliteStore {
            conn,
            path,
            hasher: MinHasher::new(),
        };
        // WAL lets searches run while an ingest writes; NORMAL is durable at each commit in
        // WAL mode except on power loss, which a news archive can afford.
        store
            .conn
            .execute_batch(
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;",
            )
            .map_err(store.err())?;
        // `--near` keeps the exact distance in SQL, so that LIMIT and the other filters count
        // only the reports really inside the circle, not those in its bounding box.
        store
            .conn
            .create_scalar_function(
                "great_circle_km",
                4,
                FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
                |ctx| {
                    let mut args = [0.0; 4];
                    for (i, arg) in args.iter_mut().enumerate() {
                        match ctx.get::<Option<f64>>(i)? {
                            Some(x) => *arg = x,
                            None => return Ok(None),
                        }
                    }
                    Ok(Some(great_circle_km(args[0], args[1], args[2], args[3])))
                },
            )
            .map_err(store.err())?;
        store.migrate()?;
        Ok(store)
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(self.err())?;
        let known = MIGRATIONS.len() as i64;
        if version > known {
            return Err(StoreError::TooNew {
                path: self.path.clone(),
                found: version,
                known,
            });
        }
        let path = self.path.clone();
        let err = |source| StoreError::Database {
            path: path.clone(),
            source,
        };
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            let tx = self.conn.transaction().map_err(err)?;
            tx.execute_batch(sql).map_err(err)?;
            tx.pragma_update(None, "user_version", i as i64 + 1)
                .map_err(err)?;
            tx.commit().map_err(err)?;
        }
        Ok(())
    }
}

/// A document hit from a row of (doc_id, title, outlet, published, source, snippet).
fn doc_hit(r: &rusqlite::Row<'_>) -> rusqlite::Result<Hit> {
    Ok(Hit {
        doc_id: r.get(0)?,
        title: r.get(1)?,
        outlet: r.get(2)?,
        published: r.get(3)?,
        source: r.get(4)?,
        snippet: r.get::<_, String>(5)?.replace('\n', " "),
        kind: Kind::Doc,
        detail: None,
        near: None,
        quote: None,
    })
}

/// The store ids an entity name can mean: entities with that canonical name or alias, in any
/// case. The one resolution of `--entity`, `--speaker` and `--about`; its two arguments are
/// pushed onto `args`.
fn entities_named(name: &str, args: &mut Vec<Value>) -> &'static str {
    args.push(Value::Text(name.to_string()));
    args.push(Value::Text(name.to_string()));
    "SELECT id FROM entities WHERE name = ? COLLATE NOCASE
     UNION SELECT entity_id FROM entity_aliases WHERE alias = ? COLLATE NOCASE"
}

/// The SQL condition that quote `q` is about the entities `ids` (an SQL list such as `(?1)` or
/// `(SELECT id FROM about)`), as [`QuoteQuery::about`] defines it. The report must mention
/// them first, which the mentions' entity index answers before any quote is read.
fn about_condition(ids: &str) -> String {
    let inside = |q: &str| {
        format!(
            "SELECT 1 FROM mentions m WHERE m.document_id = {q}.document_id
               AND m.entity_id IN {ids} AND m.start >= {q}.start AND m.end <= {q}.end"
        )
    };
    format!(
        "q.document_id IN (SELECT document_id FROM mentions WHERE entity_id IN {ids})
         AND coalesce(q.speaker_entity_id, -1) NOT IN {ids}
         AND (EXISTS ({}) OR NOT EXISTS (
             SELECT 1 FROM quotes o WHERE o.document_id = q.document_id
               AND coalesce(o.speaker_entity_id, -1) NOT IN {ids} AND EXISTS ({})))",
        inside("q"),
        inside("o")
    )
}

/// The columns a [`QuoteHit`] is read from, for a `quotes q JOIN documents d`.
const QUOTE_COLUMNS: &str = "d.doc_id, d.title, d.url, d.published, d.outlet, q.local_id, q.kind,
     q.text, q.start, q.end, (SELECT name FROM entities WHERE id = q.speaker_entity_id), q.cue,
     (SELECT name FROM entities WHERE id = q.addressee_entity_id), q.via, q.strength";

/// The SQL condition that a place `p` with coordinates is inside a circle: the bounding box
/// first, which the `places_lat_lon` index answers, then the exact distance. Its arguments
/// are pushed onto `args`.
fn near_condition(near: &Near, args: &mut Vec<Value>) -> String {
    let b = near.bounding_box();
    let lon: Vec<&str> = b.lon.iter().map(|_| "p.lon BETWEEN ? AND ?").collect();
    args.extend([Value::Real(b.south), Value::Real(b.north)]);
    for &(west, east) in &b.lon {
        args.extend([Value::Real(west), Value::Real(east)]);
    }
    args.extend([
        Value::Real(near.lat()),
        Value::Real(near.lon()),
        Value::Real(near.km()),
    ]);
    format!(
        "p.lat BETWEEN ? AND ? AND ({}) AND great_circle_km(?, ?, p.lat, p.lon) <= ?",
        lon.join(" OR ")
    )
}

/// Files a new document under the story of its most similar stored report (same LSH band and
/// estimated similarity at or above the threshold), or under a story of its own.
fn put_story(tx: &Transaction<'_>, document: i64, signature: &Signature) -> rusqlite::Result<i64> {
    let keys = signature.band_keys();
    let mut best: Option<(f64, i64)> = None;
    {
        let mut candidates = tx.prepare_cached(
            "SELECT s.document_id, s.signature, d.story_id FROM signature_bands b
             JOIN signatures s ON s.document_id = b.document_id
             JOIN documents d ON d.id = b.document_id
             WHERE b.band = ?1 AND b.key = ?2",
        )?;
        let mut seen = std::collections::HashSet::new();
        for (band, key) in keys.iter().enumerate() {
            let rows = candidates.query_map(params![band as i64, *key as i64], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, Vec<u8>>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            })?;
            for row in rows {
                let (other, bytes, story) = row?;
                if !seen.insert(other) {
                    continue;
                }
                let Some(sig) = Signature::from_bytes(&bytes) else {
                    continue;
                };
                let s = signature.similarity(&sig);
                if s >= THRESHOLD && best.is_none_or(|(b, _)| s > b) {
                    best = Some((s, story));
                }
            }
        }
    }
    let story = best.map_or(document, |(_, story)| story);
    tx.execute(
        "UPDATE documents SET story_id = ?1 WHERE id = ?2",
        params![story, document],
    )?;
    tx.execute(
        "INSERT INTO signatures (document_id, signature) VALUES (?1, ?2)",
        params![document, signature.to_bytes()],
    )?;
    let mut band = tx.prepare_cached(
        "INSERT INTO signature_bands (band, key, document_id) VALUES (?1, ?2, ?3)",
    )?;
    for (i, key) in keys.iter().enumerate() {
        band.execute(params![i as i64, *key as i64, document])?;
    }
    Ok(story)
}

/// Inserts (or finds) the store-wide entity for each entity of the record; returns the map
/// from record ids (`E1`) to store ids.
fn put_entities(
    tx: &Transaction<'_>,
    document: i64,
    record: &Analysis,
) -> rusqlite::Result<HashMap<String, i64>> {
    let mut ids = HashMap::new();
    let mut upsert = tx.prepare_cached(
        "INSERT INTO entities (type, subtype, name, country) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (type, name) DO UPDATE SET
             subtype = COALESCE(entities.subtype, excluded.subtype),
             country = COALESCE(entities.country, excluded.country)
         RETURNING id",
    )?;
    let mut alias = tx.prepare_cached(
        "INSERT OR IGNORE INTO entity_aliases (entity_id, alias) VALUES (?1, ?2)",
    )?;
    let mut mention = tx.prepare_cached(
        "INSERT INTO mentions (document_id, entity_id, local_id, start, end, text, kind)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    // An entity whose name is already another stored entity's alias (same type) joins it:
    // "AP" found in one report is the "Associated Press" of another. Never silently.
    let mut by_alias = tx.prepare_cached(
        "SELECT e.id FROM entity_aliases a JOIN entities e ON e.id = a.entity_id
         WHERE a.alias = ?1 AND e.type = ?2 AND e.name != ?1
           AND NOT EXISTS (SELECT 1 FROM entities x WHERE x.type = ?2 AND x.name = ?1)
         ORDER BY e.id LIMIT 1",
    )?;
    let mut merge = tx.prepare_cached(
        "INSERT INTO entity_merges (entity_id, name, document_id, reason) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for e in &record.entities {
        let joined: Option<i64> = by_alias
            .query_row(params![e.name, e.kind], |r| r.get(0))
            .optional()?;
        let id: i64 = match joined {
            Some(id) => {
                merge.execute(params![
                    id,
                    e.name,
                    document,
                    "the name is an alias of this entity"
                ])?;
                id
            }
            None => {
                upsert.query_row(params![e.kind, e.subtype, e.name, e.country], |r| r.get(0))?
            }
        };
        alias.execute(params![id, e.name])?;
        for a in &e.aliases {
            alias.execute(params![id, a])?;
        }
        for m in &e.mentions {
            mention.execute(params![
                document,
                id,
                e.id,
                m.start as i64,
                m.end as i64,
                m.text,
                m.kind
            ])?;
        }
        ids.insert(e.id.clone(), id);
    }
    Ok(ids)
}

/// Inserts the rows of the other layers.
fn put_layers(
    tx: &Transaction<'_>,
    document: i64,
    record: &Analysis,
    ids: &HashMap<String, i64>,
) -> rusqlite::Result<()> {
    let id_of = |local: &Option<String>| local.as_ref().and_then(|l| ids.get(l)).copied();
    for local in &record.document.relayed_from {
        if let Some(id) = ids.get(local) {
            tx.execute(
                "INSERT INTO relays (document_id, entity_id) VALUES (?1, ?2)",
                params![document, id],
            )?;
        }
    }
    for q in &record.quotes {
        let via: Vec<i64> = q.via.iter().filter_map(|l| ids.get(l).copied()).collect();
        tx.execute(
            "INSERT INTO quotes (document_id, local_id, kind, text, start, end, speaker_entity_id,
                                 cue, addressee_entity_id, via, strength, cue_start, cue_end,
                                 speaker_start, speaker_end)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            params![
                document,
                q.id,
                q.kind,
                q.text,
                q.start as i64,
                q.end as i64,
                id_of(&q.speaker),
                q.cue,
                id_of(&q.addressee),
                serde_json::to_string(&via).unwrap_or_else(|_| "[]".into()),
                q.strength,
                q.cue_span.map(|c| c.start as i64),
                q.cue_span.map(|c| c.end as i64),
                q.speaker_mention.map(|m| m.start as i64),
                q.speaker_mention.map(|m| m.end as i64)
            ],
        )?;
    }
    for t in &record.times {
        tx.execute(
            "INSERT INTO times (document_id, local_id, text, start, end, type, value, mod)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                document,
                t.id,
                t.text,
                t.start as i64,
                t.end as i64,
                t.kind,
                t.value,
                t.modifier
            ],
        )?;
    }
    for p in &record.places {
        tx.execute(
            "INSERT INTO places (document_id, local_id, text, start, end, entity_id, name, country,
                                 admin1, feature, lat, lon, gazetteer_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            params![
                document,
                p.id,
                p.text,
                p.start as i64,
                p.end as i64,
                id_of(&p.entity),
                p.name,
                p.country,
                p.admin1,
                p.feature,
                p.lat,
                p.lon,
                p.gazetteer_id
            ],
        )?;
    }
    for v in &record.events {
        tx.execute(
            "INSERT INTO events (document_id, local_id, code, root, label, quad_class, goldstein,
                                 source_entity_id, target_entity_id, source_actor, target_actor,
                                 place_local_id, time_local_id, evidence_start, evidence_end,
                                 negated, hedged)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
            params![
                document,
                v.id,
                v.code,
                v.root,
                v.label,
                v.quad_class,
                v.goldstein,
                id_of(&v.source),
                id_of(&v.target),
                v.source_actor,
                v.target_actor,
                v.place,
                v.time,
                v.evidence.start as i64,
                v.evidence.end as i64,
                v.negated,
                v.hedged
            ],
        )?;
    }
    Ok(())
}

/// A user's query in FTS5 syntax: words with characters FTS5 would read as syntax
/// ("al-Baghdadi", "U.S.", "Campbell's") become phrases; operators, phrases, parentheses and
/// prefix stars are kept.
fn fts_query(text: &str) -> String {
    if text.contains('"') {
        return text.to_string(); // the user is writing FTS5 syntax already
    }
    text.split_whitespace()
        .map(|term| {
            let plain = term
                .trim_end_matches('*')
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '(' || c == ')');
            if plain || matches!(term, "AND" | "OR" | "NOT") {
                term.to_string()
            } else {
                format!("\"{term}\"")
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

impl Store for SqliteStore {
    fn put(&mut self, source: &str, record: &Analysis) -> Result<PutOutcome, StoreError> {
        let path = self.path.clone();
        let err = |source| StoreError::Database {
            path: path.clone(),
            source,
        };
        let tx = self.conn.transaction().map_err(err)?;
        let d = &record.document;
        // The same article is its text, or its URL: a page fetched twice may differ by a
        // timestamp or a comment count, and is still stored once (the first time).
        let exists: Option<i64> = tx
            .query_row(
                "SELECT id FROM documents WHERE doc_id = ?1 OR (?2 IS NOT NULL AND url = ?2) LIMIT 1",
                params![d.id, d.url],
                |r| r.get(0),
            )
            .optional()
            .map_err(err)?;
        if exists.is_some() {
            return Ok(PutOutcome::Duplicate);
        }
        let json = serde_json::to_string(record).map_err(|e| StoreError::Record {
            doc_id: d.id.clone(),
            reason: e.to_string(),
        })?;
        tx.execute(
            "INSERT INTO documents (doc_id, url, title, outlet, published, published_source,
                                    language, source, text, pipeline_version, record)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                d.id,
                d.url,
                d.title,
                d.outlet,
                d.published,
                d.published_source,
                d.language,
                source,
                d.text,
                record.pipeline.version,
                json
            ],
        )
        .map_err(err)?;
        let document = tx.last_insert_rowid();
        tx.execute(
            "INSERT INTO documents_fts (rowid, title, text) VALUES (?1, ?2, ?3)",
            params![document, d.title.as_deref().unwrap_or(""), d.text],
        )
        .map_err(err)?;
        let signature = self.hasher.signature(&d.text);
        put_story(&tx, document, &signature).map_err(err)?;
        let ids = put_entities(&tx, document, record).map_err(err)?;
        put_layers(&tx, document, record, &ids).map_err(err)?;
        tx.commit().map_err(err)?;
        Ok(PutOutcome::Stored)
    }

    fn get(&self, doc_id: &str) -> Result<Option<Analysis>, StoreError> {
        let prefix = if doc_id.starts_with("sha256:") {
            doc_id.to_string()
        } else {
            format!("sha256:{doc_id}")
        };
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT doc_id, record FROM documents
                 WHERE substr(doc_id, 1, length(?1)) = ?1 LIMIT 2",
            )
            .map_err(self.err())?;
        let rows: Vec<(String, String)> = stmt
            .query_map([&prefix], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(self.err())?
            .collect::<Result<_, _>>()
            .map_err(self.err())?;
        match rows.as_slice() {
            [] => Ok(None),
            [(id, json)] => serde_json::from_str(json)
                .map(Some)
                .map_err(|e| StoreError::Record {
                    doc_id: id.clone(),
                    reason: e.to_string(),
                }),
            _ => Err(StoreError::Ambiguous {
                prefix: doc_id.to_string(),
                count: rows.len(),
            }),
        }
    }

    fn search(&self, query: &Query) -> Result<Vec<Hit>, StoreError> {
        if query.kind == Kind::Doc {
            return self.search_docs(query);
        }
        // The rows of one layer in the matching documents, best documents first.
        let docs = self.search_docs(&Query {
            kind: Kind::Doc,
            limit: Some(10_000),
            ..query.clone()
        })?;
        let limit = query.limit.unwrap_or(20);
        if let (Kind::Place, Some(near)) = (query.kind, &query.near) {
            // Only the places inside the circle, each with its own distance.
            let mut hits = Vec::new();
            for doc in docs {
                for place in self.places_near(&doc.doc_id, near)? {
                    let detail = format!(
                        "{}{}{}, {:.1} km away",
                        place.name.as_deref().unwrap_or("?"),
                        place
                            .country
                            .as_deref()
                            .map_or(String::new(), |c| format!(", {c}")),
                        place
                            .feature
                            .as_deref()
                            .map_or(String::new(), |f| format!(" ({f})")),
                        place.km
                    );
                    hits.push(Hit {
                        snippet: place.text.clone(),
                        detail: Some(detail),
                        kind: Kind::Place,
                        near: Some(place),
                        ..doc.clone()
                    });
                    if hits.len() >= limit {
                        return Ok(hits);
                    }
                }
            }
            return Ok(hits);
        }
        if query.kind == Kind::Quote {
            let sql = format!(
                "SELECT {QUOTE_COLUMNS} FROM quotes q JOIN documents d ON d.id = q.document_id
                 WHERE d.doc_id = ? ORDER BY q.start, q.local_id"
            );
            let mut hits = Vec::new();
            for doc in docs {
                for found in self.quote_hits(&sql, &[Value::Text(doc.doc_id.clone())])? {
                    hits.push(Hit {
                        snippet: found.quote.text.clone(),
                        detail: Some(found.quote.summary()),
                        kind: Kind::Quote,
                        quote: Some(found.quote),
                        ..doc.clone()
                    });
                    if hits.len() >= limit {
                        return Ok(hits);
                    }
                }
            }
            return Ok(hits);
        }
        let (table, text, detail, order) = match query.kind {
            Kind::Time => (
                "times",
                "l.text",
                "l.type || ' ' || coalesce(l.value, '?') || coalesce(' ' || l.mod, '')",
                "l.start",
            ),
            Kind::Place => (
                "places",
                "l.text",
                "coalesce(l.name, '?') || coalesce(', ' || l.country, '') || coalesce(' (' || l.feature || ')', '')",
                "l.start",
            ),
            Kind::Event => (
                "events",
                "substr(d.text, l.evidence_start + 1, l.evidence_end - l.evidence_start)",
                "l.code || ' ' || l.label",
                "l.evidence_start",
            ),
            Kind::Doc | Kind::Quote => unreachable!("documents and quotes are listed above"),
        };
        let sql = format!(
            "SELECT {text}, {detail} FROM {table} l JOIN documents d ON d.id = l.document_id
             WHERE d.doc_id = ?1 ORDER BY {order}"
        );
        let mut stmt = self.conn.prepare(&sql).map_err(self.err())?;
        let mut hits = Vec::new();
        for doc in docs {
            let rows = stmt
                .query_map([&doc.doc_id], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
                })
                .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
                .map_err(self.err())?;
            for (snippet, detail) in rows {
                hits.push(Hit {
                    snippet,
                    detail,
                    kind: query.kind,
                    ..doc.clone()
                });
                if hits.len() >= limit {
                    return Ok(hits);
                }
            }
        }
        Ok(hits)
    }

    fn quotes(&self, query: &QuoteQuery) -> Result<Vec<QuoteHit>, StoreError> {
        // Each name is resolved once, in a common table, however often the filter reads it.
        let mut args: Vec<Value> = Vec::new();
        let mut with = Vec::new();
        if let Some(name) = &query.speaker {
            with.push(format!(
                "speaker(id) AS ({})",
                entities_named(name, &mut args)
            ));
        }
        if let Some(name) = &query.about {
            with.push(format!(
                "about(id) AS ({})",
                entities_named(name, &mut args)
            ));
        }
        let mut sql = if with.is_empty() {
            String::new()
        } else {
            format!("WITH {} ", with.join(", "))
        };
        sql.push_str(&format!(
            "SELECT {QUOTE_COLUMNS} FROM quotes q JOIN documents d ON d.id = q.document_id WHERE 1"
        ));
        if query.speaker.is_some() {
            sql.push_str(" AND q.speaker_entity_id IN (SELECT id FROM speaker)");
        }
        if query.about.is_some() {
            sql.push_str(" AND ");
            sql.push_str(&about_condition("(SELECT id FROM about)"));
        }
        if let Some(since) = &query.since {
            sql.push_str(" AND d.published >= ?");
            args.push(Value::Text(since.clone()));
        }
        if let Some(until) = &query.until {
            sql.push_str(" AND d.published <= ?");
            args.push(Value::Text(until.clone()));
        }
        sql.push_str(" ORDER BY d.published DESC, d.id DESC, q.start, q.local_id LIMIT ?");
        args.push(Value::Integer(
            i64::try_from(query.limit.unwrap_or(20)).unwrap_or(i64::MAX),
        ));
        self.quote_hits(&sql, &args)
    }

    fn outlet_states(&self, outlet: &str) -> Result<OutletStates, StoreError> {
        let err = self.err();
        let latest = "SELECT id FROM documents WHERE outlet = ?1 COLLATE NOCASE
                      ORDER BY id DESC LIMIT ?2";
        let reports: i64 = self
            .conn
            .query_row(
                &format!("SELECT count(*) FROM ({latest})"),
                params![outlet, HOME_WINDOW as i64],
                |r| r.get(0),
            )
            .map_err(&err)?;
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT admin1, country, count(DISTINCT document_id) AS n,
                        count(DISTINCT CASE WHEN feature IN ('admin1', 'admin2')
                                            THEN document_id END)
                 FROM places
                 WHERE document_id IN ({latest})
                   AND feature IN ('city', 'admin2', 'admin1')
                   AND admin1 IS NOT NULL AND country IS NOT NULL
                 GROUP BY admin1, country
                 ORDER BY n DESC, admin1, country"
            ))
            .map_err(&err)?;
        let states = stmt
            .query_map(params![outlet, HOME_WINDOW as i64], |r| {
                Ok(StateNamed {
                    state: r.get(0)?,
                    country: r.get(1)?,
                    reports: r.get::<_, i64>(2)? as usize,
                    by_division: r.get::<_, i64>(3)? as usize,
                })
            })
            .map_err(&err)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(&err)?;
        Ok(OutletStates {
            reports: reports as usize,
            states,
        })
    }

    fn stats(&self) -> Result<Stats, StoreError> {
        let count = |sql: &str| -> Result<u64, StoreError> {
            self.conn
                .query_row(sql, [], |r| r.get::<_, i64>(0))
                .map(|n| n as u64)
                .map_err(self.err())
        };
        Ok(Stats {
            documents: count("SELECT count(*) FROM documents")?,
            entities: count("SELECT count(*) FROM entities")?,
            mentions: count("SELECT count(*) FROM mentions")?,
            outlets: count("SELECT count(*) FROM entities WHERE subtype = 'media'")?,
            stories: count("SELECT count(DISTINCT story_id) FROM documents")?,
            merges: count("SELECT count(*) FROM entity_merges")?,
        })
    }

    fn entity(&self, name: &str, limit: usize) -> Result<Option<EntityReport>, StoreError> {
        let err = self.err();
        // The canonical name first; an alias only when no entity has that name.
        let found = self
            .conn
            .query_row(
                "SELECT id, type, subtype, name FROM entities WHERE id IN (
                     SELECT id FROM entities WHERE name = ?1 COLLATE NOCASE
                     UNION SELECT entity_id FROM entity_aliases WHERE alias = ?1 COLLATE NOCASE)
                 ORDER BY (name = ?1 COLLATE NOCASE) DESC,
                          (SELECT count(*) FROM mentions m WHERE m.entity_id = entities.id) DESC
                 LIMIT 1",
                [name],
                |r| Ok((r.get::<_, i64>(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()
            .map_err(&err)?;
        let Some((id, kind, subtype, canonical)) = found else {
            return Ok(None);
        };
        let strings = |sql: &str| -> Result<Vec<String>, StoreError> {
            let mut stmt = self.conn.prepare_cached(sql).map_err(&err)?;
            let rows = stmt
                .query_map([id], |r| r.get(0))
                .and_then(|rows| rows.collect::<Result<Vec<String>, _>>());
            rows.map_err(&err)
        };
        let counted = |sql: &str, n: i64| -> Result<Vec<(String, u64)>, StoreError> {
            let mut stmt = self.conn.prepare_cached(sql).map_err(&err)?;
            let rows = stmt
                .query_map(params![id, n], |r| {
                    Ok((r.get(0)?, r.get::<_, i64>(1)? as u64))
                })
                .and_then(|rows| rows.collect::<Result<Vec<_>, _>>());
            rows.map_err(&err)
        };
        let one = |sql: &str| -> Result<u64, StoreError> {
            self.conn
                .query_row(sql, [id], |r| r.get::<_, i64>(0))
                .map(|n| n as u64)
                .map_err(&err)
        };
        let aliases =
            strings("SELECT alias FROM entity_aliases WHERE entity_id = ?1 ORDER BY alias")?;
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT d.doc_id, d.title, d.outlet, d.published, d.source, substr(d.text, 1, 120)
                 FROM documents d WHERE d.id IN (SELECT document_id FROM mentions WHERE entity_id = ?1)
                 ORDER BY d.published DESC, d.id DESC LIMIT ?2",
            )
            .map_err(&err)?;
        let reports = stmt
            .query_map(params![id, limit as i64], doc_hit)
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(&err)?;
        Ok(Some(EntityReport {
            id,
            kind,
            subtype,
            name: canonical,
            aliases,
            report_count: one(
                "SELECT count(DISTINCT document_id) FROM mentions WHERE entity_id = ?1",
            )?,
            relayed_count: one(
                "SELECT count(DISTINCT document_id) FROM relays WHERE entity_id = ?1",
            )?,
            reports,
            co_occurring: counted(
                "SELECT e.name, count(DISTINCT m.document_id) AS n FROM mentions m
                 JOIN entities e ON e.id = m.entity_id
                 WHERE m.document_id IN (SELECT document_id FROM mentions WHERE entity_id = ?1)
                   AND m.entity_id != ?1
                 GROUP BY m.entity_id ORDER BY n DESC, e.name LIMIT ?2",
                10,
            )?,
            quotes_by: strings(
                "SELECT q.text FROM quotes q JOIN documents d ON d.id = q.document_id
                 WHERE q.speaker_entity_id = ?1 ORDER BY d.published DESC, q.start LIMIT 10",
            )?,
            quotes_about: strings(&format!(
                "SELECT q.text FROM quotes q JOIN documents d ON d.id = q.document_id
                 WHERE {} ORDER BY d.published DESC, q.start LIMIT 10",
                about_condition("(?1)")
            ))?,
            places: counted(
                "SELECT coalesce(p.name, p.text) AS place, count(DISTINCT p.document_id) AS n
                 FROM places p
                 WHERE p.document_id IN (SELECT document_id FROM mentions WHERE entity_id = ?1)
                 GROUP BY place ORDER BY n DESC, place LIMIT ?2",
                10,
            )?,
            timeline: counted(
                "SELECT substr(d.published, 1, 7) AS month, count(*) FROM documents d
                 WHERE d.published IS NOT NULL
                   AND d.id IN (SELECT document_id FROM mentions WHERE entity_id = ?1)
                 GROUP BY month ORDER BY month LIMIT ?2",
                100_000,
            )?,
            dated: counted(
                "SELECT substr(t.value, 1, 7) AS month, count(DISTINCT t.document_id)
                 FROM times t
                 WHERE t.type IN ('DATE', 'TIME')
                   AND t.value GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]*'
                   AND t.document_id IN (SELECT document_id FROM mentions WHERE entity_id = ?1)
                 GROUP BY month ORDER BY month LIMIT ?2",
                100_000,
            )?,
        }))
    }

    fn feed_validators(&self, url: &str) -> Result<Option<FeedValidators>, StoreError> {
        self.conn
            .query_row(
                "SELECT etag, last_modified FROM feed_state WHERE url = ?1",
                [url],
                |r| {
                    Ok(FeedValidators {
                        etag: r.get(0)?,
                        last_modified: r.get(1)?,
                    })
                },
            )
            .optional()
            .map_err(self.err())
    }

    fn set_feed_validators(&mut self, url: &str, v: &FeedValidators) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT INTO feed_state (url, etag, last_modified) VALUES (?1, ?2, ?3)
                 ON CONFLICT (url) DO UPDATE SET etag = excluded.etag,
                     last_modified = excluded.last_modified,
                     polled_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
                params![url, v.etag, v.last_modified],
            )
            .map(|_| ())
            .map_err(self.err())
    }

    fn seen(&self, feed: &str, item: &str) -> Result<bool, StoreError> {
        self.conn
            .query_row(
                "SELECT 1 FROM feed_items WHERE feed_url = ?1 AND item_id = ?2",
                [feed, item],
                |_| Ok(()),
            )
            .optional()
            .map(|found| found.is_some())
            .map_err(self.err())
    }

    fn mark_seen(&mut self, feed: &str, item: &str) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT OR IGNORE INTO feed_items (feed_url, item_id) VALUES (?1, ?2)",
                [feed, item],
            )
            .map(|_| ())
            .map_err(self.err())
    }

    fn doc_ids(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT doc_id FROM documents ORDER BY id")
            .map_err(self.err())?;
        let ids = stmt
            .query_map([], |r| r.get(0))
            .and_then(|rows| rows.collect::<Result<Vec<String>, _>>());
        ids.map_err(self.err())
    }

    fn replace(&mut self, doc_id: &str, record: &Analysis) -> Result<(), StoreError> {
        let path = self.path.clone();
        let err = |source| StoreError::Database {
            path: path.clone(),
            source,
        };
        let tx = self.conn.transaction().map_err(err)?;
        let document: i64 = tx
            .query_row(
                "SELECT id FROM documents WHERE doc_id = ?1",
                [doc_id],
                |r| r.get(0),
            )
            .map_err(err)?;
        for table in ["mentions", "relays", "quotes", "times", "places", "events"] {
            tx.execute(
                &format!("DELETE FROM {table} WHERE document_id = ?1"),
                [document],
            )
            .map_err(err)?;
        }
        let json = serde_json::to_string(record).map_err(|e| StoreError::Record {
            doc_id: doc_id.to_string(),
            reason: e.to_string(),
        })?;
        let d = &record.document;
        tx.execute(
            "UPDATE documents SET url = ?2, title = ?3, outlet = ?4, published = ?5,
                 published_source = ?6, language = ?7, pipeline_version = ?8, record = ?9
             WHERE id = ?1",
            params![
                document,
                d.url,
                d.title,
                d.outlet,
                d.published,
                d.published_source,
                d.language,
                record.pipeline.version,
                json
            ],
        )
        .map_err(err)?;
        let ids = put_entities(&tx, document, record).map_err(err)?;
        put_layers(&tx, document, record, &ids).map_err(err)?;
        tx.commit().map_err(err)
    }

    fn stories(&self, min_reports: usize, limit: usize) -> Result<Vec<Story>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT story_id, count(*) AS reports, count(DISTINCT outlet),
                        (SELECT coalesce(title, substr(text, 1, 80)) FROM documents f
                         WHERE f.id = d.story_id),
                        min(published), max(published),
                        (SELECT group_concat(doc_id, ' ') FROM (SELECT doc_id FROM documents s
                         WHERE s.story_id = d.story_id ORDER BY s.id LIMIT 100))
                 FROM documents d GROUP BY story_id HAVING reports >= ?1
                 ORDER BY reports DESC, story_id LIMIT ?2",
            )
            .map_err(self.err())?;
        let rows = stmt
            .query_map(params![min_reports as i64, limit as i64], |r| {
                Ok(Story {
                    id: r.get(0)?,
                    reports: r.get::<_, i64>(1)? as u64,
                    outlets: r.get::<_, i64>(2)? as u64,
                    headline: r
                        .get::<_, Option<String>>(3)?
                        .unwrap_or_default()
                        .replace('\n', " "),
                    first: r.get(4)?,
                    last: r.get(5)?,
                    documents: r
                        .get::<_, Option<String>>(6)?
                        .unwrap_or_default()
                        .split(' ')
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect(),
                })
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>());
        rows.map_err(self.err())
    }
}

impl SqliteStore {
    /// Documents that match a query, best first.
    fn search_docs(&self, query: &Query) -> Result<Vec<Hit>, StoreError> {
        let full_text = !query.text.trim().is_empty();
        let mut sql = if full_text {
            String::from(
                "SELECT d.doc_id, d.title, d.outlet, d.published, d.source,
                        snippet(documents_fts, 1, '[', ']', '…', 14)
                 FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid
                 WHERE documents_fts MATCH ?",
            )
        } else {
            String::from(
                "SELECT d.doc_id, d.title, d.outlet, d.published, d.source, substr(d.text, 1, 120)
                 FROM documents d WHERE 1",
            )
        };
        // Values, not strings: the circle's numbers must compare as numbers.
        let mut args: Vec<Value> = Vec::new();
        let text = |s: &String| Value::Text(s.clone());
        if full_text {
            args.push(Value::Text(fts_query(&query.text)));
        }
        if let Some(outlet) = &query.outlet {
            sql.push_str(" AND d.outlet = ? COLLATE NOCASE");
            args.push(text(outlet));
        }
        if let Some(since) = &query.since {
            sql.push_str(" AND d.published >= ?");
            args.push(text(since));
        }
        if let Some(until) = &query.until {
            sql.push_str(" AND d.published <= ?");
            args.push(text(until));
        }
        if let Some(country) = &query.country {
            sql.push_str(
                " AND d.id IN (SELECT document_id FROM places WHERE country = ? COLLATE NOCASE)",
            );
            args.push(text(country));
        }
        if let Some(near) = &query.near {
            let inside = near_condition(near, &mut args);
            sql.push_str(&format!(
                " AND d.id IN (SELECT p.document_id FROM places p WHERE {inside})"
            ));
        }
        if let Some(entity) = &query.entity {
            // Through aliases: "AP" finds the reports that name the Associated Press.
            let named = entities_named(entity, &mut args);
            sql.push_str(&format!(
                " AND d.id IN (SELECT m.document_id FROM mentions m WHERE m.entity_id IN ({named}))"
            ));
        }
        sql.push_str(if full_text {
            " ORDER BY bm25(documents_fts) LIMIT ?"
        } else {
            " ORDER BY d.published DESC, d.id DESC LIMIT ?"
        });
        args.push(Value::Integer(
            i64::try_from(query.limit.unwrap_or(20)).unwrap_or(i64::MAX),
        ));
        let mut stmt = self.conn.prepare(&sql).map_err(self.err())?;
        // FTS5 reports a query it cannot parse as a generic SQL error (code 1) when the
        // statement runs; with a query, that error is the query's.
        let rows = stmt
            .query_map(params_from_iter(args.iter()), doc_hit)
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>());
        let mut hits = rows.map_err(|e| {
            let message = e.to_string();
            let sql_error = matches!(
                e,
                rusqlite::Error::SqliteFailure(ref f, _) if f.code == rusqlite::ErrorCode::Unknown
            );
            if full_text && (sql_error || message.contains("fts5")) {
                StoreError::Query {
                    query: query.text.clone(),
                    reason: message,
                }
            } else {
                StoreError::Database {
                    path: self.path.clone(),
                    source: e,
                }
            }
        })?;
        if let Some(near) = &query.near {
            for hit in &mut hits {
                hit.near = self
                    .places_near(&hit.doc_id, near)?
                    .into_iter()
                    .min_by(|a, b| a.km.total_cmp(&b.km));
            }
        }
        Ok(hits)
    }

    /// The quotes a query selecting [`QUOTE_COLUMNS`] finds, their relays named.
    fn quote_hits(&self, sql: &str, args: &[Value]) -> Result<Vec<QuoteHit>, StoreError> {
        let mut stmt = self.conn.prepare_cached(sql).map_err(self.err())?;
        let rows = stmt
            .query_map(params_from_iter(args.iter()), |r| {
                let hit = QuoteHit {
                    doc_id: r.get(0)?,
                    title: r.get(1)?,
                    url: r.get(2)?,
                    published: r.get(3)?,
                    outlet: r.get(4)?,
                    quote: QuoteFacts {
                        quote: r.get(5)?,
                        kind: r.get(6)?,
                        text: r.get(7)?,
                        start: r.get::<_, i64>(8)? as usize,
                        end: r.get::<_, i64>(9)? as usize,
                        speaker: r.get(10)?,
                        cue: r.get(11)?,
                        addressee: r.get(12)?,
                        via: Vec::new(),
                        chain: String::new(),
                        strength: r.get(14)?,
                    },
                };
                Ok((hit, r.get::<_, String>(13)?))
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(self.err())?;
        // `via` keeps store ids, in the chain's order; names are looked up once per relay.
        let mut names: HashMap<i64, String> = HashMap::new();
        let mut name_of = self
            .conn
            .prepare_cached("SELECT name FROM entities WHERE id = ?1")
            .map_err(self.err())?;
        let mut hits = Vec::with_capacity(rows.len());
        for (mut hit, via) in rows {
            let ids: Vec<i64> = serde_json::from_str(&via).unwrap_or_default();
            for id in ids {
                let name = match names.entry(id) {
                    Entry::Occupied(known) => known.get().clone(),
                    Entry::Vacant(slot) => {
                        let name: Option<String> = name_of
                            .query_row([id], |r| r.get(0))
                            .optional()
                            .map_err(self.err())?;
                        slot.insert(name.unwrap_or_else(|| "?".into())).clone()
                    }
                };
                hit.quote.via.push(name);
            }
            hit.quote.chain = quote_chain(&hit.quote.via, hit.quote.speaker.as_deref());
            hits.push(hit);
        }
        Ok(hits)
    }

    /// A document's resolved places inside a circle, in text order.
    fn places_near(&self, doc_id: &str, near: &Near) -> Result<Vec<NearPlace>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT local_id, text, name, country, feature, lat, lon,
                        great_circle_km(?2, ?3, lat, lon) AS km
                 FROM places
                 WHERE document_id = (SELECT id FROM documents WHERE doc_id = ?1)
                   AND lat IS NOT NULL AND lon IS NOT NULL AND km <= ?4
                 ORDER BY start, local_id",
            )
            .map_err(self.err())?;
        let rows = stmt
            .query_map(params![doc_id, near.lat(), near.lon(), near.km()], |r| {
                Ok(NearPlace {
                    place: r.get(0)?,
                    text: r.get(1)?,
                    name: r.get(2)?,
                    country: r.get(3)?,
                    feature: r.get(4)?,
                    lat: r.get(5)?,
                    lon: r.get(6)?,
                    km: (r.get::<_, f64>(7)? * 1000.0).round() / 1000.0,
                })
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>());
        rows.map_err(self.err())
    }
}

#[cfg(test)]
mod tests {
    use super::{fts_query, near_condition, SqliteStore};
    use crate::Near;
    use rusqlite::params_from_iter;

    /// The plan SQLite chooses for the places inside a circle, one line per step.
    fn near_plan(near: &Near) -> String {
        let store = SqliteStore::open_in_memory().unwrap();
        let mut args = Vec::new();
        let inside = near_condition(near, &mut args);
        let sql = format!(
            "EXPLAIN QUERY PLAN SELECT d.doc_id FROM documents d
             WHERE d.id IN (SELECT p.document_id FROM places p WHERE {inside})
             ORDER BY d.published DESC, d.id DESC LIMIT 20"
        );
        let mut stmt = store.conn.prepare(&sql).unwrap();
        let rows = stmt
            .query_map(params_from_iter(args.iter()), |r| r.get::<_, String>(3))
            .unwrap();
        rows.map(Result::unwrap).collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn a_circle_reads_the_place_index_not_every_place() {
        for near in [
            Near::new(34.5, 69.2, 100.0).unwrap(),
            Near::new(-18.0, 179.5, 300.0).unwrap(), // two longitude ranges
        ] {
            let plan = near_plan(&near);
            assert!(
                plan.contains("USING COVERING INDEX places_lat_lon (lat>? AND lat<?)"),
                "{near}: {plan}"
            );
        }
    }

    #[test]
    fn words_with_syntax_characters_become_phrases() {
        assert_eq!(
            fts_query("al-Baghdadi OR Daesh"),
            "\"al-Baghdadi\" OR Daesh"
        );
        assert_eq!(fts_query("U.S. recruit*"), "\"U.S.\" recruit*");
        assert_eq!(
            fts_query("\"night letter\" NOT Kabul"),
            "\"night letter\" NOT Kabul"
        );
    }
}
