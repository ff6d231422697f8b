-- Schema version 7: the first hits of the archive's most common words, ranked
-- ahead of time by `newsdb optimize`. Ranking a word that matches most
-- passages reads every match (bm25 for each); a search for such a word
-- reads its page from here instead, with the same hits, scores and order.
--
-- Derived data, trusted only while the search index is exactly as it was when
-- the word was ranked: index_totals and index_structure are FTS5's own records
-- of the index's row and token counts and of its segments (passages_fts_data
-- rows 1 and 10), which every write to the index changes. A stale word is
-- ignored by search (which then ranks every match, as without it) and replaced
-- by the next `newsdb optimize`.
CREATE TABLE top_hit_words (
    match           TEXT PRIMARY KEY,   -- the query translator's FTS5 expression
    matches         INTEGER NOT NULL,   -- passages it matched
    ranked          INTEGER NOT NULL,   -- hits kept in top_hits (the first `ranked` of `matches`)
    index_totals    BLOB NOT NULL,
    index_structure BLOB NOT NULL
) WITHOUT ROWID;

CREATE TABLE top_hits (
    match      TEXT NOT NULL REFERENCES top_hit_words (match) ON DELETE CASCADE,
    rank       INTEGER NOT NULL,        -- 0: the best hit
    passage_id INTEGER NOT NULL,
    score      REAL NOT NULL,           -- as search reports it
    snippet    TEXT,                    -- FTS5's snippet for the first page's hits; NULL: made when read
    PRIMARY KEY (match, rank)
) WITHOUT ROWID;
