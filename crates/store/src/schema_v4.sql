-- Migration 4: entity merges. When a report names an entity by a name that another stored
-- entity of the same type already has as an alias, the report's entity joins it, and the
-- merge is written down here: never silent.

CREATE TABLE entity_merges (
    entity_id   INTEGER NOT NULL REFERENCES entities (id),
    name        TEXT NOT NULL,                      -- the name the report gave
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    reason      TEXT NOT NULL,
    merged_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX entity_merges_entity ON entity_merges (entity_id);
