#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "cli/cli.hpp"

namespace newsdb::cli {

int exit_code_for(Errc code) {
    switch (code) {
    case Errc::invalid_argument:
    case Errc::invalid_query: return kExitUsage;
    case Errc::not_found: return kExitNotFound;
    case Errc::bad_input: return kExitPartial;
    case Errc::incompatible_archive:
    case Errc::corrupt_archive: return kExitArchive;
    case Errc::io: return kExitIo;
    case Errc::busy: return kExitBusy;
    case Errc::internal: return kExitInternal;
    }
    return kExitInternal;
}

std::filesystem::path Context::archive_path() const {
    return db.empty() ? default_archive_path() : std::filesystem::path(db);
}

Archive Context::open(OpenMode mode) const { return Archive::open(archive_path(), mode); }

MatchStyle Context::stdout_style() const {
    if (color == ColorMode::always) return MatchStyle::color;
    if (color == ColorMode::never) return MatchStyle::plain;
    const char* no_color = std::getenv("NO_COLOR");
    const char* term = std::getenv("TERM");
    if ((no_color && *no_color) || (term && std::strcmp(term, "dumb") == 0)) return MatchStyle::plain;
    return isatty(STDOUT_FILENO) ? MatchStyle::color : MatchStyle::plain;
}

bool Context::stderr_is_terminal() const { return isatty(STDERR_FILENO) != 0; }

void add_search_filters(CLI::App& cmd, SearchOptions& options, std::string& kind) {
    cmd.add_option("--kind", kind, "Only passages of this kind: paragraph, footnote or title")
        ->check(CLI::IsMember({"paragraph", "footnote", "title"}));
    (void)options;
}

void apply_search_filters(SearchOptions& options, const std::string& kind) {
    if (!kind.empty()) options.kind = parse_passage_kind(kind);
}

} // namespace newsdb::cli
