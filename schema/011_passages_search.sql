-- Schema version 11: passages_search, full-text search with clean snippets for
-- other SQLite tools (the sqlite3 shell, Datasette), with the tokenizer
-- extension loaded:
--   SELECT title, snippet FROM passages_search
--   WHERE passages_search MATCH 'erdogan' ORDER BY rank LIMIT 10;
--
-- The index reads each passage as `language || char(31) || text` (the view
-- passages_fts_src, schema 3): the tokenizer needs the language first, and
-- FTS5 hands it one column at a time. highlight() and snippet() return the
-- text FTS5 read, so theirs start with that prefix wherever they start at the
-- passage's beginning. This view removes it (the text itself holds no
-- char(31): it is the prefix's only place). The language in a column of its
-- own, read before the text, would keep highlight() itself clean, but a
-- second column makes FTS5 mark the column in every entry: the index grew by
-- 47 % on the developer corpus.
--
-- Marks as newsdb's text output: **word**; snippets of up to 32 words, as
-- newsdb's. `rank` is FTS5's (bm25); passages_search is the column to MATCH.
CREATE VIEW passages_search (passage_id, article_id, kind, position, title, date, source,
                             snippet, highlight, rank, passages_search) AS
SELECT f.rowid, p.article_id, p.kind, p.position, a.title, a.date, a.source,
       replace(snippet(passages_fts, 0, '**', '**', '…', 32), coalesce(a.language, '') || char(31), ''),
       replace(highlight(passages_fts, 0, '**', '**'), coalesce(a.language, '') || char(31), ''),
       f.rank, f.passages_fts
FROM passages_fts f
JOIN passages p ON p.id = f.rowid
JOIN articles a ON a.id = p.article_id;
