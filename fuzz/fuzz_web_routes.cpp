// libFuzzer target: the web front end's request handling (query-string
// parsing, route dispatch, every page and API renderer) over a small archive
// built at start-up. The input is a request target, optionally after a method
// selector byte below 0x20. A response is never a 500 (a bug), every tag in
// an HTML page is one the renderers write (what a request echoes is escaped),
// and streamed bodies write to the end.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <set>
#include <string_view>

#include "newsdb/archive.hpp"
#include "web/html.hpp"
#include "web/params.hpp"
#include "web/routes.hpp"

namespace {

namespace fs = std::filesystem;

newsdb::web::Handler& handler() {
    static newsdb::web::Handler* h = [] {
        const fs::path dir = fs::temp_directory_path() / ("newsdb-fuzz-web-" + std::to_string(getpid()));
        fs::create_directories(dir);
        const fs::path text = dir / "a.txt";
        std::ofstream(text) << "Drones over the <harbour>\n\nBy Jane Doe, Reuters\nFebruary 2020\n\n"
                               "Coastguard drones watched the harbour.[1]\n\n"
                               "[1] \xE2\x80\x9C" "Drones.\xE2\x80\x9D Daily Sabah. 14 February 2020. URL: "
                               "https://example.org/x\n";
        const fs::path db = dir / "fuzz.db";
        {
            newsdb::Archive archive = newsdb::Archive::open(db, newsdb::OpenMode::read_write);
            newsdb::IngestOptions options;
            options.jobs = 1;
            archive.ingest({text}, options, [](const newsdb::IngestResult&) {});
        }
        std::atexit([] {
            std::error_code ec;
            fs::remove_all(fs::temp_directory_path() / ("newsdb-fuzz-web-" + std::to_string(getpid())), ec);
        });
        return new newsdb::web::Handler(newsdb::web::HandlerOptions{db, 2, std::chrono::milliseconds(1000)});
    }();
    return *h;
}

// Every '<' in a page starts one of the renderers' own tags.
bool only_own_tags(std::string_view html) {
    static const std::set<std::string_view> kTags = {
        "!doctype", "html", "head", "meta", "title", "link", "body", "header", "nav", "main", "footer", "script",
        "form", "div", "label", "input", "button", "details", "summary", "select", "option", "section", "h1", "h2",
        "h3", "p", "strong", "ol", "ul", "li", "span", "mark", "time", "code", "aside", "article", "dl", "dt", "dd",
        "sup", "br", "table", "thead", "tbody", "tr", "th", "td", "svg", "line", "text", "rect", "kbd", "a"};
    for (std::size_t at = html.find('<'); at != std::string_view::npos; at = html.find('<', at + 1)) {
        std::size_t start = at + 1;
        if (start < html.size() && html[start] == '/') ++start;
        std::size_t end = start;
        while (end < html.size() && html[end] != ' ' && html[end] != '>' && html[end] != '/') ++end;
        if (kTags.count(html.substr(start, end - start)) == 0) return false;
    }
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    static const char* const kMethods[] = {"GET", "HEAD", "POST", "DELETE"};
    std::string method = "GET";
    if (!input.empty() && static_cast<unsigned char>(input.front()) < 0x20) {
        method = kMethods[static_cast<unsigned char>(input.front()) % 4];
        input.remove_prefix(1);
    }
    std::string target(input);
    if (target.empty() || target.front() != '/') target.insert(0, "/");

    // The pure parts on their own.
    try {
        const auto t = newsdb::web::parse_target(target);
        (void)newsdb::web::parse_search_state(t.params);
    } catch (const newsdb::Error&) {
    }
    (void)newsdb::web::Highlighter(input).html(input);
    if (newsdb::web::escape(input).find('<') != std::string::npos) std::abort();

    newsdb::web::Response r = handler().handle(newsdb::web::Request{method, target});
    if (r.status >= 500 && r.status != 503) std::abort();
    if (r.content_type.rfind("text/html", 0) == 0 && !only_own_tags(r.body)) std::abort();
    if (r.stream) {
        std::size_t bytes = 0;
        r.stream([&bytes](std::string_view piece) {
            bytes += piece.size();
            return true;
        });
    }
    return 0;
}
