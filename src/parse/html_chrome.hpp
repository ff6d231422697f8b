// The words of page chrome for the HTML body pass (html.cpp): what class and
// id names say about an element, and the short lines a site adds around its
// stories (advertisement labels, photo credits, calls to subscribe, "read
// also"), in the languages of the extraction corpora. The rules that use them
// are in html.cpp; this file is only vocabulary.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace newsdb::parse::html {

// A class or id value split into lower-case ASCII words at every other
// character and at camelCase boundaries: "relatedLinks_box" -> related, links, box.
std::vector<std::string> hint_words(std::string_view value);

enum HintBits : unsigned {
    // "article", "content", "story" ...: the story's own containers.
    hint_positive = 1,
    // Words that also turn up on page wrappers ("ad-margins", "off-canvas-pusher",
    // "header"): trusted only on small parts.
    hint_weak = 2,
    // Parts that hold real sentences yet are not the story (comments, related
    // stories, cookie notices).
    hint_strong = 4,
    // A paywall: the notice (strong too), or the container it hides.
    hint_paywall = 8,
    // A word for the story's standfirst (is_lead_word).
    hint_lead = 16,
};

// What one class or id value says, from its words and pairs of words
// ("more-stories", "read-also"), lead words included. 0 when nothing.
unsigned class_words_hint(std::string_view value);

// A class or id word for a story's standfirst: "lead", "summary", French
// "chapo", Spanish "bajada", German "Vorspann" ...
bool is_lead_word(std::string_view word);

// A call to sign up, subscribe, follow, support or write in.
bool is_call_to_action(std::string_view text);

// A short line that is chrome whatever the page: an advertisement label, a
// photo credit or caption with its credit, a copyright or affiliate notice,
// an interface prompt ("Kommentare schreiben", "Loading..."), a "read also"
// label.
bool is_chrome_line(std::string_view text);

} // namespace newsdb::parse::html
