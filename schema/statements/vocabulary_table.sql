-- The index's vocabulary, one row per term with the passages holding it, on
-- the connection that ranks the common words ahead of searches (schema 007,
-- `newsdb optimize`): a temporary table, gone with the connection, dropped
-- as soon as the words are read (drop_vocabulary_table.sql).
CREATE VIRTUAL TABLE temp.newsdb_vocab USING fts5vocab(main, passages_fts, row);
