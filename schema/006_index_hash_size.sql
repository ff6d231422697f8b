-- Schema version 6: FTS5 collects up to 4 MB of new index entries in memory
-- (its 'hashsize', 1 MB by default) before it writes them out as a segment.
-- An ingest batch (500 files or a quarter second) then becomes one segment
-- instead of several, so there are fewer segments to merge: the ingest
-- writer's CPU fell by 15-19 % on the developer corpus. It is a setting of
-- the index, kept in passages_fts_config, so every writer (reparse, a rebuild,
-- another tool) uses it; it costs at most 4 MB of memory while writing.
INSERT INTO passages_fts (passages_fts, rank) VALUES ('hashsize', 4194304);
