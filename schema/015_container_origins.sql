-- Schema version 15: articles from inside a container file (a WARC's
-- records). The article's path is the container's, its locator the record's
-- place ("offset 1234"); record_offset is that byte offset (of a .warc.gz,
-- the record's gzip member's), for `show` and for tools that seek to it.
-- record_hash names the record's own bytes in originals (its content block:
-- for an HTTP response, the response as recorded), which `show --original`
-- writes back: a container is not kept whole (a crawl of gigabytes would be
-- stored twice). NULL for whole files and the items of other formats.
ALTER TABLE article_paths ADD COLUMN record_offset INTEGER;
ALTER TABLE article_paths ADD COLUMN record_hash TEXT;
CREATE INDEX article_paths_record_hash ON article_paths(record_hash) WHERE record_hash IS NOT NULL;
