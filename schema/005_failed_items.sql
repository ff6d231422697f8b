-- Schema version 5: failures remembered by stamp. A file that failed (as a
-- whole, or some of its items) is recorded here with the size and
-- modification time it had when read (see article_paths, schema 004) and the
-- newsdb version and parse options it failed under. A re-ingest of the
-- unchanged file under the same options reports the same failures without
-- reading it again; a changed file, other options (--format, --field), a new
-- newsdb or `ingest --checksum` read it again. Storing the file replaces its
-- rows. Nothing else depends on this table: deleting its rows only costs a
-- re-read.
CREATE TABLE failed_items (
    path       TEXT NOT NULL,              -- as article_paths.path
    locator    TEXT NOT NULL DEFAULT '',   -- the item, e.g. 'line 12' ('': the file's only item, or the whole file)
    whole_file INTEGER NOT NULL CHECK (whole_file IN (0, 1)),  -- 1: no article could be read from the file at all
    file_size  INTEGER NOT NULL,
    file_mtime INTEGER NOT NULL,           -- ns since the epoch
    parse_key  TEXT NOT NULL,              -- newsdb version and parse options
    reason     TEXT NOT NULL,              -- the message the failure was reported with
    PRIMARY KEY (path, locator)
) WITHOUT ROWID;
