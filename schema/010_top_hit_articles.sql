-- Schema version 10: every search reports its totals (passages and the
-- articles they belong to). A search for a word ranked ahead by `newsdb
-- optimize` reads its page from top_hits without reading every match; this
-- column keeps the word's article count beside its passage count (`matches`)
-- so that such a search need not read them all to count. NULL for words
-- ranked by an older newsdb: search then counts (and the next optimize fills it).
ALTER TABLE top_hit_words ADD COLUMN articles INTEGER;
