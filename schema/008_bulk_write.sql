-- Schema version 8: three changes for the ingest's writer.
--
-- passages.kind is checked with three comparisons instead of an IN list.
-- SQLite checks `kind IN (a, b, c)` (three or more values) by building a
-- temporary table of the list at every INSERT statement; for a one-row
-- INSERT that was a third of its cost. The two constraints accept exactly
-- the same rows, so the table's definition is edited in place, by SQLite's
-- documented procedure for changes that leave every stored row as it is
-- (https://sqlite.org/lang_altertable.html#otheralter): no row is copied,
-- and the migration runner bumps schema_version after it so that every
-- connection reads the new definition.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
SET sql = replace(sql, 'CHECK (kind IN (''title'', ''paragraph'', ''footnote''))',
                       'CHECK (kind = ''title'' OR kind = ''paragraph'' OR kind = ''footnote'')')
WHERE type = 'table' AND name = 'passages';
PRAGMA writable_schema = OFF;

-- FTS5 collects up to 16 MB of new index entries in memory before writing
-- them out as a segment (4 MB since schema 6): a whole ingest batch of the
-- developer corpus then becomes one segment, and fewer segments are merged
-- (the writer's instructions -6 %, bench/RESULTS.md). It costs memory only
-- where a batch holds that much, as a big file in parts does: FTS5 writes
-- out what it holds whenever it passes 16 MB (a 69 MB export took
-- at most 175 MB in the suite's runs).
INSERT INTO passages_fts (passages_fts, rank) VALUES ('hashsize', 16777216);

-- FTS5 merges segments once 8 of them share a level (its 'automerge', 4 by
-- default): every entry is rewritten fewer times as an archive grows, as in
-- Lucene's tiered merging (10 a tier). The writer's instructions -17 % on the
-- developer corpus, whose index ends in 11 segments instead of 8; searches on
-- an archive of eight times the corpus took the same time with 14 segments
-- as with 9 (bench/RESULTS.md). `newsdb optimize` merges them into one.
INSERT INTO passages_fts (passages_fts, rank) VALUES ('automerge', 8);
