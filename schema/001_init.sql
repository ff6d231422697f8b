-- newsdb archive, schema version 1.
-- Readable with the stock sqlite3 shell: one row per article, per path it was
-- ingested from, per passage (title, paragraph, footnote), per footnote's fields
-- and per citation mark. passages_fts indexes passages.text.

CREATE TABLE articles (
    id           INTEGER PRIMARY KEY,
    content_hash TEXT NOT NULL UNIQUE,        -- SHA-256 of the file's bytes, hex
    title        TEXT NOT NULL,
    date         TEXT,                        -- ISO 8601: YYYY, YYYY-MM or YYYY-MM-DD
    source       TEXT,                        -- publisher or site
    author       TEXT,
    url          TEXT,
    is_excerpt   INTEGER NOT NULL DEFAULT 0 CHECK (is_excerpt IN (0, 1)),
    words_shown  INTEGER,                     -- paywall notice, e.g. 304 of ...
    words_total  INTEGER,                     -- ... 1,399 words
    format       TEXT NOT NULL,               -- parser that read it
    byte_size    INTEGER NOT NULL,
    ingested_at  TEXT NOT NULL                -- UTC, ISO 8601
);
CREATE INDEX articles_date ON articles(date);
CREATE INDEX articles_source ON articles(source);

-- Every path an article's content was ingested from (same bytes, several paths).
CREATE TABLE article_paths (
    path       TEXT PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    first_seen TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX article_paths_article ON article_paths(article_id);

-- The searchable units. position: 0 for the title, paragraph number (1-based)
-- or footnote number.
CREATE TABLE passages (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('title', 'paragraph', 'footnote')),
    position   INTEGER NOT NULL,
    text       TEXT NOT NULL,
    UNIQUE (article_id, kind, position)
);

CREATE TABLE footnotes (
    passage_id INTEGER PRIMARY KEY REFERENCES passages(id) ON DELETE CASCADE,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    number     INTEGER NOT NULL,
    title      TEXT,
    author     TEXT,
    publisher  TEXT,
    date       TEXT,
    url        TEXT,
    UNIQUE (article_id, number)
);

-- A paragraph's [N] mark: which footnote it cites and the byte offset in the
-- paragraph text where the (removed) mark stood.
CREATE TABLE citations (
    paragraph_id INTEGER NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
    footnote_id  INTEGER NOT NULL REFERENCES footnotes(passage_id) ON DELETE CASCADE,
    char_offset  INTEGER NOT NULL,
    PRIMARY KEY (paragraph_id, char_offset, footnote_id)
) WITHOUT ROWID;
CREATE INDEX citations_footnote ON citations(footnote_id);

-- Lines recognised as not the article (site chrome, paywall notices): kept so
-- `newsdb show` can say what was left out, never indexed.
CREATE TABLE boilerplate (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('chrome', 'paywall')),
    text       TEXT NOT NULL,
    PRIMARY KEY (article_id, position)
) WITHOUT ROWID;

-- External-content FTS5 index over passages.text, kept in sync by triggers in
-- the same transaction as every write (so any SQLite writer keeps it right).
CREATE VIRTUAL TABLE passages_fts USING fts5(
    text,
    content = 'passages',
    content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER passages_ai AFTER INSERT ON passages BEGIN
    INSERT INTO passages_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER passages_ad AFTER DELETE ON passages BEGIN
    INSERT INTO passages_fts(passages_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER passages_au AFTER UPDATE OF text ON passages BEGIN
    INSERT INTO passages_fts(passages_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO passages_fts(rowid, text) VALUES (new.id, new.text);
END;
