-- Schema version 4: bulk indexing, a narrow passage index for search, and
-- originals in a rowid table. While a newsdb ingest batch holds the row
-- settings('fts_deferred') (inside its own transaction, never committed), new
-- passages skip the per-row index trigger and the batch indexes them in one
-- INSERT ... SELECT before committing: FTS5 flushes a segment at every
-- savepoint it takes part in, and each file is written in a savepoint.
-- Every other writer (another tool, reparse) still indexes row by row.

DROP TRIGGER passages_ai;
-- The trigger's text is the one the ingest's writer re-creates, put here
-- when the schema is embedded (cmake/EmbedSchema.cmake):
-- include statements/passages_insert_trigger.sql

-- Search reads a passage's article and kind for every match (filters, title
-- boost): this narrow covering index answers that without touching the wide
-- passages rows (search names it with INDEXED BY).
CREATE INDEX passages_meta ON passages(id, article_id, kind);

-- Originals as a rowid table: a WITHOUT ROWID row keeps only ~1 KB in its
-- page and chains the rest through overflow pages, which wasted about a third
-- of the space compressed originals took.
CREATE TABLE originals_v4 (
    id          INTEGER PRIMARY KEY,
    file_hash   TEXT NOT NULL UNIQUE,          -- SHA-256 of the uncompressed bytes, hex
    compression TEXT NOT NULL CHECK (compression IN ('zstd', 'none')),
    byte_size   INTEGER NOT NULL,              -- uncompressed
    data        BLOB NOT NULL
);
INSERT INTO originals_v4 (file_hash, compression, byte_size, data)
    SELECT file_hash, compression, byte_size, data FROM originals;
DROP TABLE originals;
ALTER TABLE originals_v4 RENAME TO originals;

-- The size and modification time (ns since the epoch) a file had when it was
-- read: a re-ingest takes a file whose path still shows both as unchanged
-- without reading it again (`newsdb ingest --checksum` reads every file).
-- NULL when unknown (stdin, bytes, a file modified moments before it was read).
ALTER TABLE article_paths ADD COLUMN file_size INTEGER;
ALTER TABLE article_paths ADD COLUMN file_mtime INTEGER;
