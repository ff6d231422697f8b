-- newsdb team archive on PostgreSQL, schema version 1 (docs/postgresql.md).
-- Filled by `newsdb publish` from local archives; read by `newsdb search
-- --server`. Each publisher's articles are its holdings: an article stays
-- while some publisher holds it. Applied by src/pgstore/server.cpp (migrate)
-- inside one transaction, under an advisory lock.

CREATE EXTENSION IF NOT EXISTS unaccent;

-- The schema's version (set by the migration runner after each file).
CREATE TABLE newsdb_schema (version int NOT NULL);
INSERT INTO newsdb_schema VALUES (0);

-- Text search: a configuration per Snowball language. Words are folded with
-- unaccent, then stemmed, with no stop words (as newsdb's own tokenizer:
-- "the" is searchable); numbers, file names, hosts and addresses are kept as
-- written. Hyphenated and URL compounds are left out (their parts are
-- indexed), so that positions count words as the text has them and phrases
-- match across a hyphen. newsdb_simple: the same without stemming, for
-- languages without a stemmer and for =exact words and prefixes.
CREATE TABLE newsdb_languages (
    code   text PRIMARY KEY,     -- ISO 639-1, as articles.language
    config regconfig NOT NULL
);

DO $$
DECLARE
    lang text;
BEGIN
    CREATE TEXT SEARCH CONFIGURATION newsdb_simple (PARSER = default);
    ALTER TEXT SEARCH CONFIGURATION newsdb_simple ADD MAPPING FOR asciiword, word, hword_part, hword_asciipart,
        numword, hword_numpart, int, uint, float, sfloat, version, file, host, url_path, email WITH unaccent, simple;
    FOREACH lang IN ARRAY ARRAY['arabic', 'armenian', 'basque', 'catalan', 'danish', 'dutch', 'english', 'finnish',
        'french', 'german', 'greek', 'hindi', 'hungarian', 'indonesian', 'irish', 'italian', 'lithuanian', 'nepali',
        'norwegian', 'portuguese', 'romanian', 'russian', 'serbian', 'spanish', 'swedish', 'tamil', 'turkish',
        'yiddish'] LOOP
        EXECUTE format('CREATE TEXT SEARCH DICTIONARY %I (TEMPLATE = snowball, LANGUAGE = %s)',
                       'newsdb_' || lang || '_stem', lang);
        EXECUTE format('CREATE TEXT SEARCH CONFIGURATION %I (PARSER = default)', 'newsdb_' || lang);
        EXECUTE format('ALTER TEXT SEARCH CONFIGURATION %I ADD MAPPING FOR asciiword, word, hword_part, '
                       'hword_asciipart WITH unaccent, %I', 'newsdb_' || lang, 'newsdb_' || lang || '_stem');
        EXECUTE format('ALTER TEXT SEARCH CONFIGURATION %I ADD MAPPING FOR numword, hword_numpart, int, uint, '
                       'float, sfloat, version, file, host, url_path, email WITH unaccent, simple', 'newsdb_' || lang);
    END LOOP;
END
$$;

INSERT INTO newsdb_languages (code, config)
SELECT code, ('newsdb_' || lang)::regconfig FROM (VALUES
    ('ar', 'arabic'), ('hy', 'armenian'), ('eu', 'basque'), ('ca', 'catalan'), ('da', 'danish'), ('nl', 'dutch'),
    ('en', 'english'), ('fi', 'finnish'), ('fr', 'french'), ('de', 'german'), ('el', 'greek'), ('hi', 'hindi'),
    ('hu', 'hungarian'), ('id', 'indonesian'), ('ga', 'irish'), ('it', 'italian'), ('lt', 'lithuanian'),
    ('ne', 'nepali'), ('no', 'norwegian'), ('nb', 'norwegian'), ('nn', 'norwegian'), ('pt', 'portuguese'),
    ('ro', 'romanian'), ('ru', 'russian'), ('sr', 'serbian'), ('es', 'spanish'), ('sv', 'swedish'),
    ('ta', 'tamil'), ('tr', 'turkish'), ('yi', 'yiddish')) AS l (code, lang);

-- A local archive that publishes here, by the name it publishes as.
CREATE TABLE publishers (
    id             serial PRIMARY KEY,
    name           text NOT NULL UNIQUE,
    last_published timestamptz
);

-- As the local archive's articles, keyed by content hash across publishers.
-- form_digest: SHA-256 of the article's stored form (src/pgstore/publish.cpp,
-- form_digest): an article is sent again only when it changed (a reparse).
CREATE TABLE articles (
    id           bigserial PRIMARY KEY,
    content_hash text NOT NULL UNIQUE,
    form_digest  text NOT NULL,
    title        text NOT NULL,
    date         text,
    source       text,
    author       text,
    url          text,
    is_excerpt   boolean NOT NULL DEFAULT false,
    words_shown  bigint,
    words_total  bigint,
    format       text NOT NULL,
    ingested_at  text NOT NULL,
    language     text,
    encoding     text,
    config       regconfig NOT NULL,
    published_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX articles_date ON articles (date);
CREATE INDEX articles_source ON articles (lower(source));

-- Which publisher holds which article, and the form it sent.
CREATE TABLE holdings (
    publisher_id int NOT NULL REFERENCES publishers (id) ON DELETE CASCADE,
    article_id   bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    form_digest  text NOT NULL,
    PRIMARY KEY (publisher_id, article_id)
);
CREATE INDEX holdings_article ON holdings (article_id);

-- Where the article was ingested from (paths of the publishers' machines).
CREATE TABLE article_paths (
    article_id bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    path       text NOT NULL,
    locator    text NOT NULL DEFAULT '',
    PRIMARY KEY (article_id, path, locator)
);

CREATE TABLE article_tags (
    article_id bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    tag        text NOT NULL,
    PRIMARY KEY (article_id, tag)
);

-- The searchable units (title: position 0; paragraph: 1-based; footnote:
-- its number), with a tsvector in the article's language (tsv) and one of
-- the words as written (tsv_exact: =exact words and prefixes), both computed
-- by the server and GIN-indexed. < > & are read as spaces: the default
-- parser would take "<Grain Board>" for an XML tag and "&amp;" for an entity
-- and index neither.
CREATE TABLE passages (
    id         bigserial PRIMARY KEY,
    article_id bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    kind       text NOT NULL CHECK (kind IN ('title', 'paragraph', 'footnote')),
    position   int NOT NULL,
    text       text NOT NULL,
    config     regconfig NOT NULL,
    tsv        tsvector GENERATED ALWAYS AS (to_tsvector(config, translate(text, '<>&', '   '))) STORED,
    tsv_exact  tsvector GENERATED ALWAYS AS (to_tsvector('newsdb_simple'::regconfig, translate(text, '<>&', '   '))) STORED,
    UNIQUE (article_id, kind, position)
);
CREATE INDEX passages_tsv ON passages USING gin (tsv);
CREATE INDEX passages_tsv_exact ON passages USING gin (tsv_exact);

-- A footnote's fields; its text is the passage (kind footnote, position number).
CREATE TABLE footnotes (
    article_id bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    number     int NOT NULL,
    title      text,
    author     text,
    publisher  text,
    date       text,
    url        text,
    PRIMARY KEY (article_id, number)
);

-- [N] marks: paragraph `paragraph` cites footnote `number` at byte `char_offset`.
CREATE TABLE citations (
    article_id  bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    paragraph   int NOT NULL,
    number      int NOT NULL,
    char_offset bigint NOT NULL,
    PRIMARY KEY (article_id, paragraph, char_offset, number)
);
