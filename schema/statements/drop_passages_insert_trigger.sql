-- An ingest batch drops the per-row index trigger inside its own transaction
-- (see passages_insert_trigger.sql).
DROP TRIGGER passages_ai;
