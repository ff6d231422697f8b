-- Schema version 14: the archive's frequent words, kept so that an article
-- search for one of them (top k, bm25 order) need not score every match
-- (store/frequent_words.hpp). Derived data, refreshed by every folder ingest
-- and by `newsdb optimize`; trusted only while the search index is exactly as
-- it was at the refresh (index_totals and index_structure: FTS5's records,
-- rows 1 and 10 of passages_fts_data, as in schema 007). A stale state is
-- ignored by search, which then ranks every match.
CREATE TABLE frequent_state (
    id                INTEGER PRIMARY KEY CHECK (id = 1),
    watermark         INTEGER NOT NULL,  -- the highest passage id taken in
    passages_below    INTEGER NOT NULL,  -- passages with id <= watermark then: fewer now means some were removed
    selected_passages INTEGER NOT NULL,  -- passages when the words were chosen (chosen again at twice as many)
    index_totals      BLOB NOT NULL,
    index_structure   BLOB NOT NULL
);

CREATE TABLE frequent_words (
    match    TEXT PRIMARY KEY,   -- the article plan's FTS5 expression for the word alone
    articles INTEGER NOT NULL,   -- articles with a passage holding it
    passages INTEGER NOT NULL    -- passages holding it
) WITHOUT ROWID;

-- The word's best articles (by score when refreshed), exact: tf is the
-- title-weighted count of its occurrences, tokens the article's length.
CREATE TABLE frequent_word_articles (
    match      TEXT NOT NULL,   -- frequent_words.match
    article_id INTEGER NOT NULL,
    tf         REAL NOT NULL,
    tokens     INTEGER NOT NULL,
    PRIMARY KEY (match, article_id)
) WITHOUT ROWID;

-- Every other article holding the word, summarised per tf: the shortest
-- one's length bounds the best score any of them can have.
CREATE TABLE frequent_word_rest (
    match      TEXT NOT NULL,   -- frequent_words.match
    tf         REAL NOT NULL,
    min_tokens INTEGER NOT NULL,
    articles   INTEGER NOT NULL,
    min_id     INTEGER NOT NULL,  -- the lowest article id among them: who wins a tie
    PRIMARY KEY (match, tf)
) WITHOUT ROWID;

-- The same for passage search (--within passage): the word's best passages
-- exactly (hits in the passage, its tokens, boosted: its article's title holds
-- the word, kTitleBoost), and per (hits, boosted) the shortest of the others.
CREATE TABLE frequent_word_passages (
    match      TEXT NOT NULL,   -- frequent_words.match
    passage_id INTEGER NOT NULL,
    hits       INTEGER NOT NULL,
    tokens     INTEGER NOT NULL,
    boosted    INTEGER NOT NULL,
    PRIMARY KEY (match, passage_id)
) WITHOUT ROWID;

CREATE TABLE frequent_word_passage_rest (
    match      TEXT NOT NULL,   -- frequent_words.match
    hits       INTEGER NOT NULL,
    boosted    INTEGER NOT NULL,
    min_tokens INTEGER NOT NULL,
    min_id     INTEGER NOT NULL,  -- the lowest passage id among them: who wins a tie
    PRIMARY KEY (match, hits, boosted)
) WITHOUT ROWID;
