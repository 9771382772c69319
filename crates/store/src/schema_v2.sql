-- Migration 2: stories. Each document belongs to one story (a report and its near-duplicates:
-- wire copies, lightly edited re-publications), found through MinHash signatures and LSH bands.

ALTER TABLE documents ADD COLUMN story_id INTEGER;
CREATE INDEX documents_story ON documents (story_id);

CREATE TABLE signatures (
    document_id INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    signature   BLOB NOT NULL
);
CREATE TABLE signature_bands (
    band        INTEGER NOT NULL,
    key         INTEGER NOT NULL,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE
);
CREATE INDEX signature_bands_key ON signature_bands (band, key);
