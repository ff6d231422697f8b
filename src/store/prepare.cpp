#include "store/prepare.hpp"

#include <SQLiteCpp/Exception.h>

#include "newsdb/error.hpp"
#include "tokenizer/language.hpp"
#include "util/compress.hpp"
#include "util/hash.hpp"
#include "util/read_file.hpp"
#include "util/utf8.hpp"
#include "parse/parsers.hpp"
#include "parse/warc.hpp"

namespace newsdb::store {

namespace {

// This thread's tokenizer for recordings (null when ICU cannot make one: the
// writer then tokenizes as usual).
tokenizer::Tokenizer* recording_tokenizer() {
    thread_local std::unique_ptr<tokenizer::Tokenizer> tokenizer = []() -> std::unique_ptr<tokenizer::Tokenizer> {
        try {
            return std::make_unique<tokenizer::Tokenizer>();
        } catch (const std::runtime_error&) {
            return nullptr;
        }
    }();
    return tokenizer.get();
}

// The passages Writer::insert_content() stores, tokenized as the index reads
// them (schema 003's passages_fts_src). A passage missing here is merely
// tokenized on the writer's thread.
void add_tokens(tokenizer::Tokenizer& tokenizer, tokenizer::Recording& recording, const ParsedArticle& a) {
    recording.add(tokenizer, a.language, a.title);
    for (const auto& fn : a.footnotes) recording.add(tokenizer, a.language, fn.text);
    for (const auto& para : a.paragraphs) recording.add(tokenizer, a.language, para.text);
}

std::shared_ptr<const tokenizer::Recording> record_file_tokens(const ParseResult& parsed) {
    tokenizer::Tokenizer* tokenizer = recording_tokenizer();
    if (tokenizer == nullptr) return nullptr;
    auto recording = std::make_shared<tokenizer::Recording>();
    for (const auto& item : parsed.items)
        if (item.article) add_tokens(*tokenizer, *recording, *item.article);
    recording->shrink();
    return recording;
}

// What follows parsing, file or part: each item's hash (of its own bytes;
// of the file's for a whole-file item, which has none), its bytes let go,
// its language settled, and the passages tokenized.
void finish_parsed(FileWork& w, bool keep_originals) {
    for (auto& item : w.parsed->items) {
        w.item_hashes.push_back(item.raw.empty() ? w.file_hash : util::sha256_hex(item.raw));
        if (item.record_offset) {
            const bool keep = keep_originals && item.article && !item.raw.empty();
            w.item_originals.resize(w.item_hashes.size());
            w.item_original_sizes.resize(w.item_hashes.size());
            if (keep) {
                w.item_originals.back() = util::zstd_compress(item.raw);
                w.item_original_sizes.back() = static_cast<int64_t>(item.raw.size());
            }
        }
        item.raw.clear();
        item.raw.shrink_to_fit();
        if (item.article) item.article->language = article_language(*item.article);
    }
    w.tokens = record_file_tokens(*w.parsed);
}

void fail(FileWork& w, std::string why) {
    w.parsed.reset();
    w.error = std::move(why);
}

std::string internal_error(const std::exception& e) {
    return std::string("internal error while parsing: ") + e.what() +
           " (this is a bug in newsdb; please report it with the file)";
}

// A part of a WARC: its records, read from the file as they come. The head
// hashes the whole file, a chunk at a time (the file's identity for the fast
// path); the records' bytes are the originals, not the file's.
FileWork prepare_warc_part(FileWork w, const FilePart& part, const std::vector<FilePart>& all,
                           const IngestOptions& options, ContentCheck* check) {
    try {
        const auto source = parse::file_source(w.origin);
        if (part.index == 0) {
            util::Sha256 hash;
            const int64_t size = all.back().end;
            constexpr std::size_t kChunk = 1 << 20;
            for (int64_t at = 0; at < size; at += kChunk) {
                const std::string chunk = source->read(at, kChunk);
                if (chunk.empty()) throw Error(Errc::bad_input, "the file became shorter while it was read",
                                               "check the file, then ingest it again");
                hash.add(chunk);
            }
            w.file_hash = hash.hex();
            if (check && check->unchanged(w.key, w.file_hash)) {
                w.unchanged = true;
                return w;
            }
        }
        ParseResult parsed;
        parsed.format = InputFormat::warc;
        parsed.encoding = "warc";
        parsed.gzip = parse::is_gzip(source->read(0, 2));
        parsed.items = parse::parse_warc_range(*source, part.begin, part.end);
        w.parsed = std::move(parsed);
        finish_parsed(w, options.keep_originals);
    } catch (const Error& e) {
        fail(w, e.what());
    } catch (const SQLite::Exception&) {
        w.whole_file_needed = true;
    } catch (const std::exception& e) {
        fail(w, internal_error(e));
    }
    return w;
}

} // namespace

std::shared_ptr<const tokenizer::Recording> record_tokens(const ParsedArticle& article) {
    tokenizer::Tokenizer* tokenizer = recording_tokenizer();
    if (tokenizer == nullptr) return nullptr;
    auto recording = std::make_shared<tokenizer::Recording>();
    add_tokens(*tokenizer, *recording, article);
    recording->shrink();
    return recording;
}

std::string article_language(const ParsedArticle& article) {
    if (std::string tag = tokenizer::normalize_language_tag(article.language); !tag.empty()) return tag;
    // The title and the opening paragraphs, up to 1 KB (150 words or so),
    // are plenty for CLD2, which reads every byte it is given and was a fifth
    // of the parsing threads' time with 2 KB. On the developer corpus 1 KB
    // named two of 4,724 articles' languages differently from 2 KB, both
    // English: one from "unknown", one from Italian (bench/RESULTS.md).
    constexpr std::size_t kSampleBytes = 1024;
    std::string sample = article.title;
    for (const auto& p : article.paragraphs) {
        if (sample.size() >= kSampleBytes) break;
        sample += "\n";
        sample += p.text;
    }
    return tokenizer::detect_language(std::string_view(sample), kSampleBytes);
}

FileWork prepare_file(const std::string& origin, const std::string& key, std::string bytes,
                      const IngestOptions& options, ContentCheck* check) {
    FileWork w;
    w.origin = origin;
    w.key = key;
    w.byte_size = static_cast<int64_t>(bytes.size());
    w.parse_key = parse_key(options.parse);
    try {
        w.file_hash = util::sha256_hex(bytes);
        if (check && check->unchanged(key, w.file_hash)) {
            w.unchanged = true;
            return w;
        }
        w.parsed = parse_input(bytes, origin, options.parse);
        finish_parsed(w, options.keep_originals);
        if (options.keep_originals && w.parsed->format != InputFormat::warc) {  // a WARC keeps its records
            w.keep_original = true;
            w.compressed = util::zstd_compress(bytes);
        }
    } catch (const Error& e) {
        fail(w, e.what());
    } catch (const SQLite::Exception&) {
        // The fast-path check is an optimisation; the writer decides for real.
        w.unchanged = false;
        return prepare_file(origin, key, std::move(bytes), options, nullptr);
    } catch (const std::exception& e) {
        fail(w, internal_error(e));
    }
    return w;
}

FileWork prepare_part(const std::string& origin, const std::string& key, const FilePart& part,
                      const std::vector<FilePart>& all, const IngestOptions& options, ContentCheck* check) {
    const int64_t size = all.back().end;
    FileWork w;
    w.origin = origin;
    w.key = key;
    w.part = part;
    w.parse_key = parse_key(options.parse);
    w.byte_size = part.index == 0 ? size : part.end - part.begin;
    if (part.warc) return prepare_warc_part(std::move(w), part, all, options, check);
    try {
        const util::InputFile file(origin);
        std::string text = file.read_range(part.begin, part.end);
        std::string encoding = "utf-8";
        if (part.index == 0) {
            util::Sha256 hash;
            std::optional<util::ZstdStream> original;
            if (options.keep_originals) original.emplace(static_cast<std::size_t>(size));
            parse::PlainTextCheck plain;
            for (const FilePart& p : all) {
                const std::string other = p.index == 0 ? std::string() : file.read_range(p.begin, p.end);
                const std::string_view range = p.index == 0 ? std::string_view(text) : std::string_view(other);
                if (!plain.add(range, p.index == 0)) {
                    w.whole_file_needed = true;
                    return w;
                }
                hash.add(range);
                if (original) original->add(range);
            }
            if (!plain.any_text() || (part.array && !parse::json_file_is_valid(origin))) {
                w.whole_file_needed = true;
                return w;
            }
            w.file_hash = hash.hex();
            if (check && check->unchanged(key, w.file_hash)) {
                w.unchanged = true;
                return w;
            }
            if (original) {
                w.keep_original = true;
                w.compressed = original->finish();
            }
            if (text.starts_with(util::utf8_bom)) {
                if (!part.array) text.erase(0, util::utf8_bom.size());  // an array's part starts at its bracket
                encoding = "utf-8-bom";
            }
        }
        ParseResult parsed;
        parsed.format = part.array ? InputFormat::json : InputFormat::jsonl;
        parsed.encoding = std::move(encoding);
        parsed.items = parse::parse_file_part(std::move(text), part, options.parse);
        w.parsed = std::move(parsed);
        finish_parsed(w, options.keep_originals);
    } catch (const Error& e) {
        fail(w, e.what());
    } catch (const SQLite::Exception&) {
        // The fast-path check is an optimisation: the writer decides for real.
        w.whole_file_needed = true;
    } catch (const std::exception& e) {
        fail(w, internal_error(e));
    }
    return w;
}

} // namespace newsdb::store
