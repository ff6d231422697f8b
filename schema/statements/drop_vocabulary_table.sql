-- See vocabulary_table.sql.
DROP TABLE temp.newsdb_vocab;
