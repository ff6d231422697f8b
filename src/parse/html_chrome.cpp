#include "parse/html_chrome.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <initializer_list>
#include <unordered_map>

#include "parse/text_util.hpp"
#include "util/utf8.hpp"

namespace newsdb::parse::html {

namespace {

bool starts_with_any(std::string_view word, std::initializer_list<std::string_view> prefixes) {
    return std::any_of(prefixes.begin(), prefixes.end(), [&](std::string_view p) { return word.starts_with(p); });
}
bool equals_any(std::string_view word, std::initializer_list<std::string_view> names) {
    return std::find(names.begin(), names.end(), word) != names.end();
}

unsigned word_hint(std::string_view w) {
    if (starts_with_any(w, {"paywall", "premium", "metered"}) || equals_any(w, {"paid", "locked", "piano"}))
        return hint_paywall | hint_strong;
    if (w == "commentary") return 0;  // an opinion piece, not the comments under it
    if (starts_with_any(w, {"comment", "disqus", "share", "sharing", "social", "related", "cookie", "consent",
                            "newsletter", "subscri", "outbrain", "taboola", "breadcrumb", "recommend",
                            "popular", "trending", "signup", "gdpr", "donate", "onward", "disclosure",
                            "disclaimer", "recirculation", "community", "forum",
                            // de, es, pt, fr, it, pl
                            "kommentare", "teilen", "empfehlung", "empfohlen", "weiterlesen", "comentario",
                            "relacionad", "compartir", "compartilh", "commentaire", "partage", "commenti",
                            "condivid", "correlat", "komentarz", "polecan", "powiazan", "udostepnij"}) ||
        equals_any(w, {"follow", "print", "email", "rss", "login", "register", "jump", "cta", "interesting"}))
        return hint_strong;
    if (starts_with_any(w, {"advert", "sponsor", "promo", "teaser", "modal", "popup", "banner", "navbar",
                            "navigation", "footer", "masthead", "sidebar", "widget", "toolbar", "byline",
                            "caption", "credit", "copyright", "pagination", "pager", "skip", "hidden", "tags",
                            "author", "bio", "meta", "topic", "header", "menu", "dateline", "timestamp", "rail",
                            "aside", "extra", "foot",
                            // de, es, pt, fr, it, pl
                            "anzeige", "werbung", "autor", "auteur", "bildunterschrift", "bildtext", "legende",
                            "legenda", "publicidad", "publicite", "pubblicita", "reklama"}) ||
        equals_any(w, {"ad", "ads", "adv", "advt", "dfp", "nav", "tag", "date", "time", "info", "links", "list",
                       "tools", "utility", "hide", "bu"}))
        return hint_weak;
    if (starts_with_any(w, {"article", "content", "entry", "story", "main", "body", "post"}) ||
        equals_any(w, {"text", "blog", "prose", "paragraph", "copy"}))
        return hint_positive;
    return 0;
}

// Two words that name chrome together though neither does alone.
bool chrome_pair(std::string_view first, std::string_view second) {
    if (first == "more") return equals_any(second, {"stories", "articles", "news", "posts", "from", "like"});
    if (first == "read") return equals_any(second, {"more", "also", "next"});
    if (first == "see" || first == "voir") return equals_any(second, {"also", "aussi"});
    if (first == "you") return equals_any(second, {"may", "might"});
    if (first == "lesen" || first == "leia" || first == "lee" || first == "lire" || first == "leggi")
        return equals_any(second, {"auch", "tambem", "tambien", "aussi", "anche"});
    if (first == "mehr") return equals_any(second, {"zum", "artikel", "themen"});
    return false;
}

// Lower case for comparing text: ASCII, Latin-1 and Latin Extended-A letters
// (the capitals of de, es, fr, it, pl and pt).
std::string fold(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            out.push_back(static_cast<char>(std::tolower(c)));
            ++i;
            continue;
        }
        std::size_t length = 1;
        char32_t cp = util::decode_utf8(text, i, length);
        if (length == 0) length = 1;
        if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) cp += 0x20;
        else if (cp >= 0x100 && cp <= 0x17F) {
            const bool odd_capitals = (cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E);
            if (odd_capitals ? (cp % 2 == 1) : (cp % 2 == 0 && cp != 0x138)) cp += 1;
        }
        util::append_utf8(out, cp);
        i += length;
    }
    return out;
}

bool contains_any(std::string_view text, std::initializer_list<std::string_view> phrases) {
    return std::any_of(phrases.begin(), phrases.end(),
                       [&](std::string_view p) { return text.find(p) != std::string_view::npos; });
}

bool is_separator(char c) {
    return c == ' ' || c == ':' || c == '-' || c == '|' || c == '.' || c == '!' || c == ',' || c == '/' || c == '(' ||
           c == ')';
}

// The line begins with `phrase` as whole words.
bool begins_with_phrase(std::string_view line, std::string_view phrase) {
    return line.starts_with(phrase) && (line.size() == phrase.size() || is_separator(line[phrase.size()]) ||
                                        line.compare(phrase.size(), 3, "\xE2\x80\x93") == 0);
}

// Interface prompts a saved page keeps as text: the line is nothing but these.
constexpr std::array<std::string_view, 44> kPrompts = {
    "kommentare schreiben", "kommentar schreiben", "write a comment", "add a comment", "post a comment",
    "deja un comentario", "deja tu comentario", "escribe un comentario", "laisser un commentaire",
    "lascia un commento", "napisz komentarz", "deixe um comentário", "deixe seu comentário",
    "quellen ausblenden", "quellen einblenden", "mehr anzeigen", "weniger anzeigen", "show more", "show less",
    "ver más", "voir plus", "mostra di più", "pokaż więcej", "wird geladen", "loading", "gefällt mir",
    "noch keine bewertungen", "keine bewertungen", "teilen mit", "teilen", "compartir", "partager", "condividi",
    "compartilhar", "udostępnij", "drucken", "imprimir", "imprimer", "stampa", "drukuj", "like this",
    "me gusta", "j'aime", "mi piace"};

bool only_prompts(std::string_view line) {
    while (!line.empty()) {
        while (!line.empty() && (is_separator(line.front()) || line.front() == '\xE2')) {
            if (line.front() == '\xE2') {  // a dash or an ellipsis: E2 80 xx
                if (line.size() < 3) return false;
                line.remove_prefix(3);
            } else {
                line.remove_prefix(1);
            }
        }
        if (line.empty()) return true;
        const auto* prompt = std::find_if(kPrompts.begin(), kPrompts.end(),
                                          [&](std::string_view p) { return begins_with_phrase(line, p); });
        if (prompt == kPrompts.end()) return false;
        line.remove_prefix(prompt->size());
    }
    return true;
}

} // namespace

std::vector<std::string> hint_words(std::string_view value) {
    std::vector<std::string> words;
    std::string word;
    auto flush = [&] {
        if (!word.empty()) words.push_back(std::move(word));
        word.clear();
    };
    for (std::size_t i = 0; i < value.size(); ++i) {
        const char c = value[i];
        if (std::isalnum(static_cast<unsigned char>(c)) == 0) {
            flush();
            continue;
        }
        // camelCase boundary: "relatedLinks" -> related, links
        if (c >= 'A' && c <= 'Z' && i > 0 && value[i - 1] >= 'a' && value[i - 1] <= 'z') flush();
        word.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    flush();
    return words;
}

unsigned class_words_hint(std::string_view value) {
    // Pages repeat their class words ("col", "elementor", "tw"), and the
    // vocabulary is long: each thread remembers the words it has read.
    thread_local std::unordered_map<std::string, unsigned> known;
    if (known.size() > 8192) known.clear();
    unsigned bits = 0;
    bool pair = false;
    const std::vector<std::string> words = hint_words(value);
    for (std::size_t i = 0; i < words.size(); ++i) {
        auto [it, added] = known.try_emplace(words[i], 0u);
        if (added) it->second = word_hint(words[i]) | (is_lead_word(words[i]) ? hint_lead : 0u);
        bits |= it->second;
        pair = pair || (i + 1 < words.size() && chrome_pair(words[i], words[i + 1]));
    }
    // Not beside a positive word: "entry-content-read-more" is a body that folds.
    if (pair && !(bits & hint_positive)) bits |= hint_strong;
    return bits;
}

bool is_lead_word(std::string_view w) {
    return equals_any(w, {"lead", "lede", "leadin", "standfirst", "dek", "deck", "summary", "excerpt", "abstract",
                          "subtitle", "subheadline", "subhead", "teaser", "teasertext", "chapo", "chapeau", "bajada",
                          "entradilla", "copete", "sumario", "epigraph", "vorspann", "zajawka", "sottotitolo",
                          "olho"}) ||
           w.starts_with("intro");
}

bool is_call_to_action(std::string_view text) {
    if (text.size() > 320) return false;
    const std::string line = fold(text);
    static constexpr std::string_view phrases[] = {
        "sign up", "subscribe", "newsletter", "follow us", "follow him", "follow her", "follow @", "click here",
        "in your inbox", "to your inbox", "join our", "letter to the editor", "support our", "become a member",
        "abonnieren", "folgen sie", "melden sie sich", "jetzt anmelden", "unterstütze unsere", "unterstützen sie",
        "suscríbete", "suscribete", "suscribirte", "síguenos", "siguenos", "únete", "unete a", "hazte miembro",
        "hazte socio", "nuestro canal de", "inscreva-se", "assine", "siga-nos", "siga o", "abonnez-vous",
        "inscrivez-vous", "suivez-nous", "iscriviti", "seguici", "zapisz się", "subskrypcj", "obserwuj nas",
        "wesprzyj",
    };
    for (std::string_view p : phrases)
        for (std::size_t at = line.find(p); at != std::string::npos; at = line.find(p, at + 1))
            if (!(at >= 2 && line.compare(at - 2, 2, "un") == 0)) return true;  // not "unsubscribe"
    return false;
}

bool is_chrome_line(std::string_view text) {
    if (text.empty() || text.size() > 320) return false;
    const std::string line = fold(trim(text));
    // Advertisement labels, alone or before what they label.
    for (std::string_view label : {"anzeige", "werbung", "advertisement", "sponsored", "gesponsert", "publicidad",
                                   "publicidade", "publicité", "pubblicità", "reklama", "anuncio", "patrocinado"})
        if (begins_with_phrase(line, label) && line.size() <= 160) return true;
    // A caption with its credit, a credit alone.
    if (line.size() <= 300 &&
        (contains_any(line, {"©", "getty images", "foto: ", "fotos: ", "photo: ", "photos: ", "bild: ",
                             "credit: ", "credits: ", "crédito: ", "créditos: ", "imagen: ", "photograph: "}) ||
         line.starts_with("(credit") || line.starts_with("(foto") || line.starts_with("(photo")))
        return true;
    // Copyright, affiliate and opinion notices.
    if (contains_any(line, {"all rights reserved", "alle rechte vorbehalten", "todos los derechos reservados",
                            "tous droits réservés", "tutti i diritti riservati", "todos os direitos reservados",
                            "wszelkie prawa zastrzeżone", "affiliate link", "affiliate-link", "provisionslink",
                            "references to products from", "we may receive compensation", "we may earn a commission",
                            "enlaces de afiliado", "liens affiliés", "gibt die meinung des autors wieder",
                            "gibt die meinung der autorin wieder"}))
        return true;
    // "Read also" and its kin, as a label.
    if (line.size() <= 160)
        for (std::string_view label : {"lesen sie auch", "lesen sie mehr", "mehr zum thema", "auch interessant",
                                       "das könnte sie auch interessieren", "weitere artikel", "empfohlene beiträge",
                                       "empfehlungen aus", "alle artikel", "read more", "read also", "see also",
                                       "related", "more from", "you may also like", "you might also like",
                                       "leia também", "leia mais", "veja também", "lee también", "te puede interesar",
                                       "lire aussi", "à lire aussi", "voir aussi", "leggi anche", "czytaj też",
                                       "czytaj także", "zobacz też", "zobacz także", "polecamy"})
            if (begins_with_phrase(line, label) && (label.find(' ') != std::string_view::npos || line.size() <= 40))
                return true;
    return line.size() <= 80 && only_prompts(line);
}

} // namespace newsdb::parse::html
