-- Migration 7: quotes as `wirewatch quotes` asks for them. How directly the report has each
-- quote (its strength), and where its cue and its speaker's mention are, so that a reader can
-- be shown the words that make the attribution. Quotes stored before it take these from their
-- stored record where it has them (records written before quotes had a strength leave it null).

ALTER TABLE quotes ADD COLUMN strength TEXT;
ALTER TABLE quotes ADD COLUMN cue_start INTEGER;
ALTER TABLE quotes ADD COLUMN cue_end INTEGER;
ALTER TABLE quotes ADD COLUMN speaker_start INTEGER;
ALTER TABLE quotes ADD COLUMN speaker_end INTEGER;

UPDATE quotes SET
    strength      = json_extract(q.value, '$.strength'),
    cue_start     = json_extract(q.value, '$.cue_span.start'),
    cue_end       = json_extract(q.value, '$.cue_span.end'),
    speaker_start = json_extract(q.value, '$.speaker_mention.start'),
    speaker_end   = json_extract(q.value, '$.speaker_mention.end')
FROM documents d, json_each(d.record, '$.quotes') q
WHERE d.id = quotes.document_id AND json_extract(q.value, '$.id') = quotes.local_id;

-- `--speaker` reads the quotes of a few entities, not every quote.
CREATE INDEX quotes_speaker ON quotes (speaker_entity_id);
