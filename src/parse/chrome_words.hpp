// The vocabulary of site chrome in the languages newsdb detects (en, de, fr,
// es, tr, ar): whole lines that are widgets, links or forms ("Leave a Reply",
// "Weitere Meldungen", "Yorum yapın", "تعليقات"), section labels that stand
// above a headline ("Top Stories", "Politik", "Ekonomi") and photo credits
// that end a caption. Lines are compared by their phrase_key(), so case,
// punctuation and Turkish dotless i do not matter.
#pragma once

#include <string>
#include <string_view>

namespace newsdb::parse {

// A line reduced for comparison: letters and digits in lower case (Turkish
// "ı" and "İ" as "i"), every run of anything else one space, no space at
// either end. "Bir Cevap Yazın" -> "bir cevap yazin", "E-posta" -> "e posta".
std::string phrase_key(std::string_view line);

enum class ChromePhrase {
    none,
    line,       // the line is chrome
    introduces, // chrome that introduces links ("See also", "Mirá también", "İlgili Haberler"):
                // the teaser lines after it are links too
};

// Whether the whole line is chrome by the vocabulary: a widget, link or form
// phrase, a comment or view count ("12 Comments"), a reading time ("3 Min.
// Lesezeit"), a call to click ("... için tıklayın"), a link label with its
// teaser ("See also: ...", "OTRAS NOTICIAS: ..."), a menu of section names
// on one line, a hashtag line, an ad shortcode ("[ad_1]").
ChromePhrase chrome_phrase(std::string_view line);

// A site or section label as it stands above a headline: "News", "Top
// Stories", "Analysis", "Politik", "Ekonomi", "Actualités", "أخبار".
bool is_section_label(std::string_view line);

// Whether the line ends with a photo credit, as captions do: "... Photo
// courtesy Indiana State Police", "... Foto: dpa/Virginia Mayo", "... (Foto
// Lucia Merle)", "... © AFP".
bool ends_with_photo_credit(std::string_view line);

} // namespace newsdb::parse
