-- Schema version 4: bulk indexing. While a newsdb ingest batch holds the row
-- settings('fts_deferred') (inside its own transaction, never committed), new
-- passages skip the per-row index trigger and the batch indexes them in one
-- INSERT ... SELECT before committing: FTS5 flushes a segment at every
-- savepoint it takes part in, and each file is written in a savepoint.
-- Every other writer (another tool, reparse) still indexes row by row.

DROP TRIGGER passages_ai;
CREATE TRIGGER passages_ai AFTER INSERT ON passages
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'fts_deferred') BEGIN
    INSERT INTO passages_fts(rowid, text)
    SELECT new.id, coalesce(a.language, '') || char(31) || new.text FROM articles a WHERE a.id = new.article_id;
END;

-- Search reads a passage's article and kind for every match (filters, title
-- boost): this narrow covering index answers that without touching the wide
-- passages rows (search names it with INDEXED BY).
CREATE INDEX passages_meta ON passages(id, article_id, kind);
