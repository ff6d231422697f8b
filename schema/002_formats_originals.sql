-- Schema version 2: many formats and many articles per file, languages, tags,
-- and the original bytes of every ingested file.

ALTER TABLE articles ADD COLUMN language TEXT;   -- ISO 639-1, from the input or detected
ALTER TABLE articles ADD COLUMN encoding TEXT;   -- what the bytes were decoded from
CREATE INDEX articles_language ON articles(language);

CREATE TABLE article_tags (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    tag        TEXT NOT NULL,
    PRIMARY KEY (article_id, tag)
) WITHOUT ROWID;
CREATE INDEX article_tags_tag ON article_tags(tag);

-- Each ingested file's bytes, compressed, keyed by their SHA-256, so that
-- `show --original` can write them back and `reparse` can run newer parsers
-- without the source files. Shared by every path and article that came from it.
CREATE TABLE originals (
    file_hash   TEXT PRIMARY KEY,              -- SHA-256 of the uncompressed bytes, hex
    compression TEXT NOT NULL CHECK (compression IN ('zstd', 'none')),
    byte_size   INTEGER NOT NULL,              -- uncompressed
    data        BLOB NOT NULL
) WITHOUT ROWID;

-- Where in its file an article sits (JSON Lines, SGML collections hold many):
-- locator is '' for a whole-file article, else e.g. 'line 12', 'NEWID 42'.
-- file_hash names the file's bytes (and its original, unless ingested with
-- --no-originals). The table is rebuilt for its new primary key.
CREATE TABLE article_paths_v2 (
    path       TEXT NOT NULL,
    locator    TEXT NOT NULL DEFAULT '',
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    file_hash  TEXT,
    first_seen TEXT NOT NULL,
    PRIMARY KEY (path, locator)
) WITHOUT ROWID;
INSERT INTO article_paths_v2 (path, locator, article_id, file_hash, first_seen)
    SELECT ap.path, '', ap.article_id, a.content_hash, ap.first_seen
    FROM article_paths ap JOIN articles a ON a.id = ap.article_id;
DROP TABLE article_paths;
ALTER TABLE article_paths_v2 RENAME TO article_paths;
CREATE INDEX article_paths_article ON article_paths(article_id);
CREATE INDEX article_paths_file_hash ON article_paths(file_hash);
