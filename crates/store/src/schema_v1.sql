-- Migration 1: documents, the layers of contract v1 as rows, store-wide entities, full text.
-- Every layer of the contract has its table from the start, so that layers still to come land
-- in tables that already exist.

CREATE TABLE documents (
    id               INTEGER PRIMARY KEY,
    doc_id           TEXT NOT NULL UNIQUE,          -- sha256:… of the normalised text
    url              TEXT,
    title            TEXT,
    outlet           TEXT,
    published        TEXT,                          -- YYYY-MM-DD
    published_source TEXT NOT NULL,
    language         TEXT,
    source           TEXT NOT NULL,                 -- where it was ingested from
    text             TEXT NOT NULL,                 -- the original text
    pipeline_version TEXT NOT NULL,
    record           TEXT NOT NULL,                 -- the analysis record, JSON
    ingested_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX documents_url ON documents (url);
CREATE INDEX documents_published ON documents (published);
CREATE INDEX documents_outlet ON documents (outlet COLLATE NOCASE);

-- One row per named thing across the whole store: the same type and canonical name is the
-- same entity in every report.
CREATE TABLE entities (
    id      INTEGER PRIMARY KEY,
    type    TEXT NOT NULL,
    subtype TEXT,
    name    TEXT NOT NULL,
    country TEXT,
    UNIQUE (type, name)
);
CREATE TABLE entity_aliases (
    entity_id INTEGER NOT NULL REFERENCES entities (id),
    alias     TEXT NOT NULL,
    UNIQUE (entity_id, alias)
);
CREATE INDEX entity_aliases_alias ON entity_aliases (alias COLLATE NOCASE);

CREATE TABLE mentions (
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    entity_id   INTEGER NOT NULL REFERENCES entities (id),
    local_id    TEXT NOT NULL,                      -- E1, E2 … in the record
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    text        TEXT NOT NULL
);
CREATE INDEX mentions_entity ON mentions (entity_id);
CREATE INDEX mentions_document ON mentions (document_id);

CREATE TABLE relays (
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    entity_id   INTEGER NOT NULL REFERENCES entities (id)
);
CREATE INDEX relays_entity ON relays (entity_id);

CREATE TABLE quotes (
    document_id         INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    local_id            TEXT NOT NULL,
    kind                TEXT NOT NULL,
    text                TEXT NOT NULL,
    start               INTEGER NOT NULL,
    end                 INTEGER NOT NULL,
    speaker_entity_id   INTEGER REFERENCES entities (id),
    cue                 TEXT,
    addressee_entity_id INTEGER REFERENCES entities (id),
    via                 TEXT NOT NULL                -- JSON array of store entity ids
);
CREATE INDEX quotes_document ON quotes (document_id);

CREATE TABLE times (
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    local_id    TEXT NOT NULL,
    text        TEXT NOT NULL,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    type        TEXT NOT NULL,
    value       TEXT,
    mod         TEXT
);
CREATE INDEX times_document ON times (document_id);
CREATE INDEX times_value ON times (value);

CREATE TABLE places (
    document_id  INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    local_id     TEXT NOT NULL,
    text         TEXT NOT NULL,
    start        INTEGER NOT NULL,
    end          INTEGER NOT NULL,
    entity_id    INTEGER REFERENCES entities (id),
    name         TEXT,
    country      TEXT,
    admin1       TEXT,
    feature      TEXT,
    lat          REAL,
    lon          REAL,
    gazetteer_id TEXT
);
CREATE INDEX places_document ON places (document_id);
CREATE INDEX places_country ON places (country);

CREATE TABLE events (
    document_id      INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    local_id         TEXT NOT NULL,
    code             TEXT NOT NULL,
    root             TEXT NOT NULL,
    label            TEXT NOT NULL,
    quad_class       INTEGER NOT NULL,
    goldstein        REAL NOT NULL,
    source_entity_id INTEGER REFERENCES entities (id),
    target_entity_id INTEGER REFERENCES entities (id),
    source_actor     TEXT,
    target_actor     TEXT,
    place_local_id   TEXT,
    time_local_id    TEXT,
    evidence_start   INTEGER NOT NULL,
    evidence_end     INTEGER NOT NULL,
    negated          INTEGER NOT NULL,
    hedged           INTEGER NOT NULL
);
CREATE INDEX events_document ON events (document_id);
CREATE INDEX events_code ON events (code);

CREATE VIRTUAL TABLE documents_fts USING fts5 (
    title, text, content = 'documents', content_rowid = 'id'
);
