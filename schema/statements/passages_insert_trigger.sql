-- The per-row index trigger on passages, as schema 004 creates it (004
-- includes this file). An ingest batch drops it inside its own transaction
-- and creates it again from this text before committing (src/store/writer.cpp);
-- `newsdb check` reports it missing. A later change to the trigger is a new
-- migration with a statement file of its own, which the writer then names.
CREATE TRIGGER passages_ai AFTER INSERT ON passages
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'fts_deferred') BEGIN
    INSERT INTO passages_fts(rowid, text)
    SELECT new.id, coalesce(a.language, '') || char(31) || new.text FROM articles a WHERE a.id = new.article_id;
END;
