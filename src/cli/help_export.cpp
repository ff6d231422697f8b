// The man page and shell completions, generated from the registered
// commands: every command, option and help text comes from what `--help`
// prints, so a new command (one register_* call) is in both at the next build.
#include <algorithm>
#include <sstream>

#include "cli/cli.hpp"

namespace newsdb::cli {

namespace {

// What the help and the generators know about one option.
struct OptionInfo {
    std::vector<std::string> names;  // "-j", "--jobs"; empty for a positional
    std::string positional;          // the positional's name
    std::string value;               // what it takes: "N", "relevance|newest|oldest"; empty: a flag
    std::string description;
    bool many = false;               // repeatable, or a positional taking several
    std::vector<std::string> choices;  // from a value "a|b|c"
    bool is_path = false;            // completes file names
};

std::vector<std::string> split(const std::string& text, char sep) {
    std::vector<std::string> parts;
    std::string part;
    std::istringstream in(text);
    while (std::getline(in, part, sep)) parts.push_back(part);
    return parts;
}

std::vector<OptionInfo> options_of(const CLI::App& app, bool with_help) {
    std::vector<OptionInfo> out;
    for (const CLI::Option* opt : app.get_options()) {
        if (opt->get_group().empty()) continue;  // hidden
        if (!with_help && opt->get_lnames().size() == 1 && opt->get_lnames()[0] == "help") continue;
        OptionInfo o;
        for (const auto& s : opt->get_snames()) o.names.push_back("-" + s);
        for (const auto& l : opt->get_lnames()) o.names.push_back("--" + l);
        if (o.names.empty()) o.positional = opt->get_name();
        if (opt->get_items_expected_max() > 0) {
            o.value = opt->get_option_text();
            if (o.value.empty()) o.value = opt->get_type_name();
            if (o.value.find('|') != std::string::npos) o.choices = split(o.value, '|');
        }
        o.description = opt->get_description();
        o.many = opt->get_items_expected_max() > 1;
        o.is_path = o.value.find("PATH") != std::string::npos || o.value.find("FILE") != std::string::npos ||
                    std::find(o.names.begin(), o.names.end(), "--output") != o.names.end();
        out.push_back(std::move(o));
    }
    return out;
}

std::string joined(const std::vector<std::string>& parts, const std::string& sep) {
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : sep) + p;
    return out;
}

// ---- roff

// Text safe in roff: backslashes, dashes of options, and a line's leading
// control character.
std::string roff(const std::string& text) {
    std::string out;
    bool line_start = true;
    for (char c : text) {
        if (line_start && (c == '.' || c == '\'')) out += "\\&";
        if (c == '\\') out += "\\e";
        else if (c == '-') out += "\\-";
        else out += c;
        line_start = c == '\n';
    }
    return out;
}

std::string synopsis_of(const CLI::App& cmd) {
    std::string s = "[\\fIOPTIONS\\fR]";
    for (const auto& o : options_of(cmd, false))
        if (!o.positional.empty()) s += " \\fI" + roff(o.value.empty() ? o.positional : o.value) + "\\fR";
    return s;
}

void roff_options(std::ostringstream& out, const std::vector<OptionInfo>& options) {
    for (const auto& o : options) {
        out << ".TP\n";
        if (o.positional.empty()) {
            std::vector<std::string> names;
            for (const auto& n : o.names) names.push_back("\\fB" + roff(n) + "\\fR");
            out << joined(names, ", ");
            if (!o.value.empty()) out << " \\fI" << roff(o.value) << "\\fR";
        } else {
            out << "\\fI" << roff(o.value.empty() ? o.positional : o.value) << "\\fR";
        }
        out << "\n" << roff(o.description) << "\n";
    }
}

// A help footer as it prints: preformatted.
void roff_block(std::ostringstream& out, const std::string& text) {
    if (text.empty()) return;
    out << ".PP\n.nf\n" << roff(text) << "\n.fi\n";
}

// ---- shell quoting

std::string single_quoted(const std::string& text) {
    std::string out = "'";
    for (char c : text) {
        if (c == '\'') out += "'\\''";
        else out += c;
    }
    return out + "'";
}

// A help text cut to its first sentence, for a completion menu.
std::string short_help(const std::string& text) {
    std::string s = text.substr(0, text.find_first_of("\n"));
    if (const auto end = s.find("; "); end != std::string::npos) s = s.substr(0, end);
    if (const auto end = s.find(" ("); end != std::string::npos) s = s.substr(0, end);
    return s;
}

// zsh's _arguments spec text: brackets and colons in descriptions escaped.
std::string zsh_text(const std::string& text) {
    std::string out;
    for (char c : short_help(text)) {
        if (c == '[' || c == ']' || c == ':' || c == '\\') out += '\\';
        out += c;
    }
    return out;
}

std::string option_words(const std::vector<OptionInfo>& options) {
    std::vector<std::string> words;
    for (const auto& o : options) words.insert(words.end(), o.names.begin(), o.names.end());
    return joined(words, " ");
}

// The case arms completing the values of `options` after `$prev`.
void bash_values(std::ostringstream& out, const std::vector<OptionInfo>& options, const std::string& indent) {
    out << indent << "case $prev in\n";
    for (const auto& o : options) {
        if (o.positional.size() || o.value.empty()) continue;
        out << indent << "    " << joined(o.names, "|") << ") ";
        if (!o.choices.empty()) out << "COMPREPLY=($(compgen -W " << single_quoted(joined(o.choices, " ")) << " -- \"$cur\"))";
        else if (o.is_path) out << "COMPREPLY=($(compgen -f -- \"$cur\"))";
        else out << "COMPREPLY=()";
        out << "; return ;;\n";
    }
    out << indent << "esac\n";
}

std::string bash_script(const CLI::App& app) {
    const auto globals = options_of(app, true);
    std::ostringstream out;
    out << "# bash completion for newsdb, generated by `newsdb --completion bash`.\n"
        << "_newsdb() {\n"
        << "    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} cmd='' i\n"
        << "    for ((i = 1; i < COMP_CWORD; i++)); do\n"
        << "        case ${COMP_WORDS[i]} in\n";
    std::vector<std::string> valued;
    for (const auto& o : globals)
        if (!o.value.empty()) valued.insert(valued.end(), o.names.begin(), o.names.end());
    if (!valued.empty()) out << "            " << joined(valued, "|") << ") ((i++)) ;;\n";
    out << "            -*) ;;\n"
        << "            *) cmd=${COMP_WORDS[i]}; break ;;\n"
        << "        esac\n"
        << "    done\n";
    bash_values(out, globals, "    ");
    std::vector<std::string> names;
    for (const CLI::App* cmd : commands_of(app)) names.push_back(cmd->get_name());
    out << "    case $cmd in\n"
        << "        '') COMPREPLY=($(compgen -W " << single_quoted(joined(names, " ") + " " + option_words(globals))
        << " -- \"$cur\")) ;;\n";
    for (const CLI::App* cmd : commands_of(app)) {
        const auto options = options_of(*cmd, true);
        out << "        " << cmd->get_name() << ")\n";
        bash_values(out, options, "            ");
        out << "            if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W "
            << single_quoted(option_words(options) + " " + option_words(globals)) << " -- \"$cur\")); fi ;;\n";
    }
    out << "    esac\n"
        << "}\n"
        << "complete -o bashdefault -o default -F _newsdb newsdb\n";
    return out.str();
}

std::string zsh_spec(const OptionInfo& o) {
    std::string action;
    if (!o.value.empty() || !o.positional.empty()) {
        const std::string what = o.positional.empty() ? o.value : o.positional;
        std::string complete = !o.choices.empty() ? "(" + joined(o.choices, " ") + ")"
                               : o.is_path        ? "_files"
                                                  : " ";
        action = ":" + zsh_text(what) + ":" + complete;
    }
    if (!o.positional.empty()) return single_quoted((o.many ? "*" : "") + action);
    const std::string desc = "[" + zsh_text(o.description) + "]";
    if (o.names.size() == 1) return single_quoted((o.many ? "*" : "") + o.names[0] + desc + action);
    return single_quoted("(" + joined(o.names, " ") + ")") + "{" + joined(o.names, ",") + "}" +
           single_quoted(desc + action);
}

std::string zsh_script(const CLI::App& app) {
    std::ostringstream out;
    out << "#compdef newsdb\n"
        << "# zsh completion for newsdb, generated by `newsdb --completion zsh`.\n"
        << "_newsdb() {\n"
        << "    local -a commands\n"
        << "    commands=(\n";
    for (const CLI::App* cmd : commands_of(app))
        out << "        " << single_quoted(cmd->get_name() + ":" + short_help(cmd->get_description())) << "\n";
    out << "    )\n"
        << "    local curcontext=$curcontext state line\n"
        << "    _arguments -C \\\n";
    for (const auto& o : options_of(app, true)) out << "        " << zsh_spec(o) << " \\\n";
    out << "        '1: :->command' \\\n"
        << "        '*:: :->arguments'\n"
        << "    case $state in\n"
        << "        command) _describe -t commands 'newsdb command' commands ;;\n"
        << "        arguments)\n"
        << "            case $words[1] in\n";
    for (const CLI::App* cmd : commands_of(app)) {
        out << "                " << cmd->get_name() << ") _arguments";
        for (const auto& o : options_of(*cmd, true)) out << " \\\n                    " << zsh_spec(o);
        out << " ;;\n";
    }
    out << "            esac ;;\n"
        << "    esac\n"
        << "}\n"
        << "_newsdb \"$@\"\n";
    return out.str();
}

} // namespace

std::vector<const CLI::App*> commands_of(const CLI::App& app) {
    return app.get_subcommands([](const CLI::App* sub) { return !sub->get_name().empty(); });
}

std::string man_page(const CLI::App& app) {
    std::ostringstream out;
    out << ".\\\" Generated by `newsdb --help-man` from the commands' --help texts. Do not edit.\n"
        << ".TH NEWSDB 1 \"\" \"newsdb " << NEWSDB_VERSION << "\" \"User Commands\"\n"
        << ".SH NAME\nnewsdb \\- " << roff(app.get_description().substr(app.get_description().find(": ") + 2))
        << "\n.SH SYNOPSIS\n.B newsdb\n[\\fIGLOBAL OPTIONS\\fR] \\fICOMMAND\\fR [\\fIOPTIONS\\fR] "
           "[\\fIARGUMENTS\\fR]\n"
        << ".SH DESCRIPTION\nnewsdb turns saved article files (plain text, HTML pages, Markdown, JSON and JSON "
           "Lines exports, Reuters SGML) into one SQLite database that it searches, shows and exports. Each "
           "command below has \\fB\\-\\-help\\fR, which prints the same text.\n"
        << ".SH GLOBAL OPTIONS\nBefore or after the command.\n";
    roff_options(out, options_of(app, true));
    out << ".SH COMMANDS\n";
    for (const CLI::App* cmd : commands_of(app)) {
        out << ".SS \"newsdb " << cmd->get_name() << "\"\n"
            << ".B newsdb " << cmd->get_name() << "\n" << synopsis_of(*cmd) << "\n"
            << ".PP\n" << roff(cmd->get_description()) << ".\n";
        roff_options(out, options_of(*cmd, false));
        roff_block(out, cmd->get_footer());
    }
    out << ".SH NOTES\n";
    roff_block(out, app.get_footer());
    out << ".SH SEE ALSO\n.BR sqlite3 (1)\n";
    return out.str();
}

std::string completion_script(const CLI::App& app, const std::string& shell) {
    if (shell == "bash") return bash_script(app);
    if (shell == "zsh") return zsh_script(app);
    return {};
}

} // namespace newsdb::cli
