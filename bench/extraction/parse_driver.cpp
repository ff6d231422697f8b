// Fast-iteration driver: runs the HTML parser directly on a folder of pages and
// writes PRED.json ({id: {"articleBody": ...}}) for extract_f1.py. run.sh is the
// acceptance measure (through the real binary); this one skips the archive.
//
// build: see bench/extraction/README.md
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "newsdb/error.hpp"
#include "parse/parsers.hpp"

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: parse_driver HTML_DIR OUT.json [--title]\n";
        return 2;
    }
    bool with_title = argc > 3 && std::string(argv[3]) == "--title";
    nlohmann::json out = nlohmann::json::object();
    auto start = std::chrono::steady_clock::now();
    std::size_t bytes = 0;
    for (const auto& entry : std::filesystem::directory_iterator(argv[1])) {
        std::ifstream in(entry.path(), std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        std::string html = ss.str();
        bytes += html.size();
        std::string body;
        try {
            auto article = newsdb::parse::parse_html(html, entry.path().filename().string());
            if (with_title) body = article.title + "\n\n";
            for (const auto& p : article.paragraphs) body += p.text + "\n\n";
        } catch (const newsdb::Error& e) {
            std::cerr << entry.path().filename().string() << ": " << e.message() << "\n";
        }
        out[entry.path().stem().string()] = {{"articleBody", body}};
    }
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::ofstream(argv[2]) << out.dump();
    std::cerr << "parsed " << out.size() << " pages, " << bytes / 1024 << " KiB in " << seconds << " s\n";
}
