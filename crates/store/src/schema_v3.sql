-- Migration 3: what `follow` remembers across restarts: each feed's validators for conditional
-- GET, and the items it has already stored.

CREATE TABLE feed_state (
    url           TEXT PRIMARY KEY,
    etag          TEXT,
    last_modified TEXT,
    polled_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE TABLE feed_items (
    feed_url TEXT NOT NULL,
    item_id  TEXT NOT NULL,
    seen_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (feed_url, item_id)
);
