-- Schema version 3: newsdb's own FTS5 tokenizer ("newsdb": ICU words, folding,
-- Snowball stems per passage language, exact surface forms).
--
-- The index reads each passage as `language || char(31) || text` through the
-- view passages_fts_src, so the tokenizer knows which stemmer to use; 'rebuild',
-- 'integrity-check', snippet() and highlight() see the same text. The stock
-- sqlite3 shell needs the extension to query or write passages:
--   .load /path/to/libnewsdb_fts5
--
-- This migration leaves the new index empty: newsdb fills it right after (with
-- progress) and records the tokenizer version in settings; an archive whose
-- recorded version differs from the running newsdb's is re-indexed on open.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

DROP TRIGGER passages_ai;
DROP TRIGGER passages_ad;
DROP TRIGGER passages_au;
DROP TABLE passages_fts;

CREATE VIEW passages_fts_src (id, text) AS
    SELECT p.id, coalesce(a.language, '') || char(31) || p.text
    FROM passages p JOIN articles a ON a.id = p.article_id;

CREATE VIRTUAL TABLE passages_fts USING fts5(
    text,
    content = 'passages_fts_src',
    content_rowid = 'id',
    tokenize = 'newsdb'
);

-- The index entry of a passage is written and removed with its article's
-- language at that moment, so the article row must exist on both sides:
-- articles_bd removes an article's passages before the article itself goes.
CREATE TRIGGER passages_ai AFTER INSERT ON passages BEGIN
    INSERT INTO passages_fts(rowid, text)
    SELECT new.id, coalesce(a.language, '') || char(31) || new.text FROM articles a WHERE a.id = new.article_id;
END;
CREATE TRIGGER passages_ad AFTER DELETE ON passages BEGIN
    INSERT INTO passages_fts(passages_fts, rowid, text)
    SELECT 'delete', old.id, coalesce(a.language, '') || char(31) || old.text FROM articles a WHERE a.id = old.article_id;
END;
CREATE TRIGGER passages_au AFTER UPDATE OF text, article_id ON passages BEGIN
    INSERT INTO passages_fts(passages_fts, rowid, text)
    SELECT 'delete', old.id, coalesce(a.language, '') || char(31) || old.text FROM articles a WHERE a.id = old.article_id;
    INSERT INTO passages_fts(rowid, text)
    SELECT new.id, coalesce(a.language, '') || char(31) || new.text FROM articles a WHERE a.id = new.article_id;
END;
CREATE TRIGGER articles_bd BEFORE DELETE ON articles BEGIN
    DELETE FROM passages WHERE article_id = old.id;
END;
CREATE TRIGGER articles_language_au AFTER UPDATE OF language ON articles
WHEN old.language IS NOT new.language BEGIN
    INSERT INTO passages_fts(passages_fts, rowid, text)
    SELECT 'delete', p.id, coalesce(old.language, '') || char(31) || p.text FROM passages p WHERE p.article_id = old.id;
    INSERT INTO passages_fts(rowid, text)
    SELECT p.id, coalesce(new.language, '') || char(31) || p.text FROM passages p WHERE p.article_id = new.id;
END;
