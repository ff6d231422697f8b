#include "parse/chrome_words.hpp"

#include <unicode/uchar.h>

#include <algorithm>
#include <array>
#include <regex>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "parse/text_util.hpp"
#include "util/utf8.hpp"

namespace newsdb::parse {

namespace {

// Whole lines that are chrome. Written as sites write them; compared by phrase_key().
constexpr std::string_view line_phrases[] = {
    // en
    "shortlink", "short link", "source link", "source links", "post your comments", "post your comment",
    "post a comment", "post comment", "add a comment", "add comment", "leave a reply", "leave a comment",
    "leave your comment", "leave comment", "write a comment", "no comments", "no comments yet", "view comments",
    "show comments", "comments closed", "view all", "see all", "show all", "view more", "see more", "load more",
    "show more", "back to top button", "back to top", "scroll to top", "social share", "share this",
    "share this post", "share on", "share it", "like this story share it with a friend",
    "like this article share it with a friend", "liked this article share it with a friend", "continue reading",
    "keep reading", "read the full story", "read full story", "read full article", "read the full article",
    "read the rest", "see full page", "view full page", "see full article", "view full article", "full story",
    "translate", "you are here", "download our app", "download the app", "download for ios",
    "download for android", "download on the app store", "get it on google play", "subscribe to us on youtube",
    "subscribe to our youtube channel", "subscribe to our channel", "follow us on", "follow us", "print this page",
    "print article", "email this", "email this article", "report an error", "report a correction", "skip ad",
    "sponsored content", "powered by", "latest podcast", "latest podcasts", "latest episode", "latest videos", "watch now",
    "listen now", "listen to this article", "play video",
    // de
    "lesen sie mehr", "mehr lesen", "weiterlesen", "weiter lesen", "weiter zum artikel", "zum artikel",
    "artikel lesen", "ganzen artikel lesen", "kommentare", "kommentar", "kommentar schreiben",
    "kommentieren", "keine kommentare", "schreibe einen kommentar", "hinterlasse einen kommentar",
    "einen kommentar hinterlassen", "antworten", "teilen", "artikel teilen", "drucken", "anzeige", "werbung",
    "sie sind hier", "nach oben", "zurück nach oben", "zum seitenanfang", "lesezeit", "lesedauer", "übersetzen",
    "jetzt abonnieren", "newsletter abonnieren", "zur startseite", "mehr anzeigen", "alle anzeigen",
    "artikel anhören", "vorlesen",
    // fr
    "lire la suite", "lire plus", "commentaires", "commentaire", "laisser un commentaire", "laisser une réponse",
    "laisser une reponse", "ajouter un commentaire", "répondre", "partager", "partager cet article", "imprimer",
    "publicité", "vous êtes ici", "retour en haut", "haut de page", "temps de lecture", "traduire", "voir plus",
    "en savoir plus", "voir tout", "écouter cet article", "s abonner",
    // es
    "leer más", "seguir leyendo", "sigue leyendo", "continuar leyendo", "comentarios", "comentario",
    "deja un comentario", "dejar un comentario", "deja una respuesta", "deja tu comentario", "compartir",
    "comparte", "compartir en", "imprimir", "publicidad", "estás en", "usted está aquí", "volver arriba",
    "ir arriba", "tiempo de lectura", "traducir", "ver más", "ver todo", "cargar más", "escuchar nota",
    // tr
    "bir cevap yazın", "bir yanıt yazın", "cevap yaz", "cevapla", "yanıtla", "yorum yapın", "yorum yap",
    "yorum yaz", "yorumlar", "yorum", "yorumunuzu yazın", "yorumları gör", "tüm yorumlar", "devamını oku",
    "devamı", "haberin devamı", "paylaş", "paylas", "yazdır", "reklam", "okuma süresi", "çevir",
    "tümünü gör", "daha fazla", "daha fazla göster", "yukarı çık", "başa dön",
    // ar
    "تعليقات", "التعليقات", "تعليق", "اترك تعليقا", "اترك تعليقاً", "أضف تعليق", "أضف تعليقا", "اقرأ المزيد",
    "شارك", "مشاركة", "طباعة", "إعلان", "أنت هنا", "عرض الكل", "المزيد", "للأعلى", "ترجمة"};

// Lines that introduce links or teasers: what follows them, when short, is a
// linked headline, not article text.
constexpr std::string_view link_headings[] = {
    // en
    "see also", "read more", "read also", "also read", "more on this story", "read next", "up next", "more", "check also", "related", "related posts",
    "related articles", "related stories", "related news", "related content", "related topics", "you may also like",
    "you might also like", "you may be interested in", "recommended", "recommended for you", "recommended stories",
    "more stories", "more news", "more from", "more on this", "most read", "most popular", "most viewed",
    "popular posts", "popular stories", "recent posts", "trending", "trending now", "trending stories",
    "top stories", "latest news", "latest stories", "latest articles", "latest posts", "editor s picks",
    "don t miss", "more in", "newsletter",
    // de
    "lesen sie auch", "auch interessant", "weitere meldungen", "weitere artikel", "weitere nachrichten",
    "weitere themen", "mehr zum thema", "mehr zum thema", "das könnte sie auch interessieren",
    "das könnte dich auch interessieren", "meistgelesen", "meistgelesene artikel", "beliebte artikel",
    "ähnliche artikel", "verwandte artikel", "passend zum thema", "neueste artikel",
    // fr
    "lire aussi", "à lire aussi", "a lire aussi", "voir aussi", "sur le même sujet", "sur le meme sujet",
    "articles similaires", "articles liés", "à lire également", "les plus lus", "dans la même rubrique",
    "vous aimerez aussi", "à découvrir",
    // es
    "mirá también", "mira también", "lee también", "leé también", "ver también", "te puede interesar",
    "también te puede interesar", "te recomendamos", "noticias relacionadas", "más noticias", "otras noticias",
    "lo más leído", "lo más visto", "relacionados", "notas relacionadas",
    // tr
    "ilgili haberler", "ilgili haber", "benzer haberler", "diğer haberler", "önerilen haberler",
    "en çok okunanlar", "ilginizi çekebilir", "bunlar da ilginizi çekebilir", "gündemdeki haberler",
    "son haberler", "ayrıca bakınız",
    // ar
    "اقرأ أيضا", "اقرأ أيضاً", "إقرأ أيضا", "أخبار ذات صلة", "مواضيع ذات صلة", "مقالات ذات صلة", "الأكثر قراءة",
    "أخبار متعلقة", "قد يعجبك أيضا"};

// The openings of comment forms and their notices, which run long.
constexpr std::string_view form_openings[] = {
    "comments are filtered", "comments are moderated", "comments are reviewed", "comments are closed",
    "comments are welcome", "by posting your comment", "by posting a comment", "by commenting",
    "your email address will not be published", "please enter your", "you have entered an incorrect email",
    "save my name email and website", "deine e mail adresse wird nicht veröffentlicht",
    "ihre e mail adresse wird nicht veröffentlicht", "kommentare sind geschlossen",
    "votre adresse e mail ne sera pas publiée", "votre adresse de messagerie ne sera pas publiée",
    "tu dirección de correo electrónico no será publicada", "su dirección de correo electrónico no será publicada",
    "tu dirección de correo no será publicada", "e posta adresiniz yayınlanmayacak",
    "e posta hesabınız yayımlanmayacak", "lütfen yorumunuzu", "لن يتم نشر عنوان بريدك الإلكتروني"};

// Ad markers, alone or naming their slot ("Iklan Headers", "Advertisement 2").
constexpr std::string_view ad_words[] = {"ad", "ads", "advert", "advertisement", "advertising", "sponsored",
                                         "anzeige", "werbung", "publicité", "publicidad", "reklam", "iklan",
                                         "pubblicità", "إعلان", "اعلان"};
constexpr std::string_view ad_slots[] = {"header", "headers", "footer", "top", "bottom", "banner", "sidebar",
                                         "space", "slot", "block", "atas", "bawah", "tengah"};

// Counts: "12 Comments", "Yorumlar (3)", "46 views".
constexpr std::string_view counted_words[] = {
    "comment", "comments", "reply", "replies", "view", "views", "share", "shares", "kommentar", "kommentare",
    "aufrufe", "commentaire", "commentaires", "vues", "comentario", "comentarios", "vistas", "yorum",
    "yorumlar", "görüntülenme", "okunma", "تعليق", "تعليقات", "مشاهدة", "مشاهدات"};

// Reading times once the numbers and minute words are taken out: "5 min read", "Lesezeit: 3 Min.".
constexpr std::string_view reading_time_words[] = {
    "read", "lesezeit", "lesedauer", "temps de lecture", "de lecture", "lecture", "tiempo de lectura",
    "de lectura", "lectura", "okuma süresi", "okuma", "قراءة", "للقراءة"};
constexpr std::string_view minute_words[] = {"min", "mins", "minute", "minutes", "minuten", "minutos", "dk",
                                             "dakika", "دقيقة", "دقائق", "sec", "seconds"};

// A line that ends by asking to click: "Seçim sonuçlarını takip etmek için tıklayın".
constexpr std::string_view click_endings[] = {"click here", "tap here", "hier klicken", "klicken sie hier",
                                              "cliquez ici", "haga clic aquí", "haz clic aquí", "clic aquí",
                                              "click aquí", "pinche aquí", "tıklayın", "tıklayınız", "tıkla",
                                              "اضغط هنا", "انقر هنا"};

// Names of site sections, for section labels above a headline and menus on one line.
constexpr std::string_view section_names[] = {
    // en
    "home", "news", "latest", "latest news", "top news", "top stories", "breaking news", "breaking", "analysis",
    "opinion", "comment", "world", "world news", "politics", "business", "economy", "markets", "money", "finance",
    "sport", "sports", "tech", "technology", "science", "health", "culture", "arts", "entertainment", "lifestyle",
    "life", "travel", "video", "videos", "photos", "podcasts", "weather", "local", "national", "international",
    "us", "uk", "europe", "asia", "africa", "americas", "middle east", "india", "environment", "climate",
    "education", "features", "live", "more", "about", "contact", "premium", "exclusive", "investigations",
    "defence", "defense", "security", "energy", "elections",
    // de
    "startseite", "nachrichten", "aktuell", "politik", "wirtschaft", "finanzen", "kultur", "panorama",
    "meinung", "analyse", "ausland", "inland", "regional", "lokales", "wissen", "digital", "reise",
    "gesundheit", "karriere", "wetter", "deutschland", "welt", "klima", "börse",
    // fr
    "accueil", "actualités", "actualité", "actu", "politique", "économie", "monde", "société", "santé",
    "sciences", "opinions", "vidéos", "france", "régions", "météo", "climat", "environnement", "planète",
    "faits divers", "analyse",
    // es
    "inicio", "portada", "noticias", "última hora", "política", "economía", "mundo", "sociedad", "cultura",
    "deportes", "opinión", "análisis", "internacional", "nacional", "tecnología", "salud", "espectáculos",
    "elecciones",
    // tr
    "anasayfa", "ana sayfa", "gündem", "son dakika", "haberler", "haber", "ekonomi", "siyaset", "politika",
    "dünya", "spor", "magazin", "sağlık", "teknoloji", "yaşam", "kültür", "sanat", "eğitim", "yazarlar",
    "galeri", "türkiye", "seçim", "analiz",
    // ar
    "الرئيسية", "أخبار", "الأخبار", "عاجل", "سياسة", "اقتصاد", "رياضة", "ثقافة", "فن", "منوعات", "صحة",
    "تكنولوجيا", "فيديو", "العالم", "محليات", "تحليل", "مقالات", "رأي"};

char32_t fold(char32_t cp) {
    if (cp == 0x131 || cp == 0x130) return U'i';  // Turkish dotless and dotted capital i
    if (cp < 0x80) return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
    return static_cast<char32_t>(u_tolower(static_cast<UChar32>(cp)));
}

bool is_word_character(char32_t cp) {
    if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
    return u_isalpha(static_cast<UChar32>(cp)) != 0 || u_isdigit(static_cast<UChar32>(cp)) != 0;
}

template <std::size_t N>
std::unordered_set<std::string> key_set(const std::string_view (&phrases)[N]) {
    std::unordered_set<std::string> keys;
    for (std::string_view p : phrases) keys.insert(phrase_key(p));
    return keys;
}

template <std::size_t N>
std::vector<std::string> key_list(const std::string_view (&phrases)[N]) {
    std::vector<std::string> keys;
    for (std::string_view p : phrases) keys.push_back(phrase_key(p));
    return keys;
}

struct Vocabulary {
    std::unordered_map<std::string, ChromePhrase> lines;
    std::vector<std::string> forms = key_list(form_openings);
    std::unordered_set<std::string> counted = key_set(counted_words);
    std::unordered_set<std::string> reading = key_set(reading_time_words);
    std::unordered_set<std::string> minutes = key_set(minute_words);
    std::vector<std::string> clicks = key_list(click_endings);
    std::unordered_set<std::string> sections = key_set(section_names);
    std::unordered_set<std::string> section_words;  // the single words of section_names
    std::unordered_set<std::string> ads = key_set(ad_words);
    std::unordered_set<std::string> slots = key_set(ad_slots);

    Vocabulary() {
        for (std::string_view p : line_phrases) lines.emplace(phrase_key(p), ChromePhrase::line);
        for (std::string_view p : link_headings) lines[phrase_key(p)] = ChromePhrase::introduces;
        for (const std::string& s : sections)
            if (s.find(' ') == std::string::npos) section_words.insert(s);
    }
};

const Vocabulary& vocabulary() {
    static const Vocabulary v;
    return v;
}

std::vector<std::string_view> words_of(std::string_view key) {
    std::vector<std::string_view> words;
    std::size_t start = 0;
    while (start < key.size()) {
        std::size_t end = key.find(' ', start);
        if (end == std::string_view::npos) end = key.size();
        words.push_back(key.substr(start, end - start));
        start = end + 1;
    }
    return words;
}

bool is_number(std::string_view word) {
    return !word.empty() && std::all_of(word.begin(), word.end(), [](char c) { return is_ascii_digit(c); });
}

// "[ad_1]", "[ad_2]", "[adsense]": ad shortcodes a scraper left in the text.
bool is_ad_shortcode(std::string_view line) {
    if (line.size() < 4 || line.size() > 40 || line.front() != '[' || line.back() != ']') return false;
    const std::string inner = to_lower_ascii(line.substr(1, line.size() - 2));
    if (!inner.starts_with("ad")) return false;
    return std::all_of(inner.begin(), inner.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || is_ascii_digit(c) || c == '_' || c == '-'; });
}

bool is_hashtag_line(std::string_view line) {
    std::size_t tags = 0;
    std::size_t start = 0;
    while (start < line.size()) {
        std::size_t end = line.find(' ', start);
        if (end == std::string_view::npos) end = line.size();
        const std::string_view token = line.substr(start, end - start);
        if (token.size() < 3 || token[0] != '#' || token[1] == '#' || is_ascii_digit(token[1])) return false;
        ++tags;
        start = end + 1;
    }
    return tags > 0;
}

ChromePhrase by_key(const std::string& key) {
    const Vocabulary& v = vocabulary();
    if (const auto it = v.lines.find(key); it != v.lines.end()) return it->second;
    for (const std::string& opening : v.forms)
        if (key.starts_with(opening)) return ChromePhrase::line;
    const auto words = words_of(key);
    if (v.ads.count(std::string(words[0])) &&
        (words.size() == 1 || (words.size() == 2 && (is_number(words[1]) || v.slots.count(std::string(words[1]))))))
        return ChromePhrase::line;
    // A count: one counted word and numbers ("1,204 views" is "1 204 views").
    if (words.size() >= 2 && words.size() <= 4) {
        const auto numbers = std::count_if(words.begin(), words.end(), is_number);
        if (static_cast<std::size_t>(numbers) + 1 == words.size())
            for (std::string_view w : words)
                if (!is_number(w) && v.counted.count(std::string(w))) return ChromePhrase::line;
    }
    if (words.size() <= 6) {
        std::string rest;
        bool timed = false;
        for (std::string_view w : words) {
            if (is_number(w)) continue;
            if (v.minutes.count(std::string(w))) {
                timed = true;
                continue;
            }
            rest += (rest.empty() ? "" : " ") + std::string(w);
        }
        if (timed && v.reading.count(rest)) return ChromePhrase::line;
    }
    if (words.size() <= 15)
        for (const std::string& click : v.clicks)
            if (key.ends_with(click) && (key.size() == click.size() || key[key.size() - click.size() - 1] == ' '))
                return ChromePhrase::line;  // "... için tıklayın"
    // "Newsletter Clarín": the newsletter's pitch follows.
    if (words.size() <= 3 && words.front() == "newsletter") return ChromePhrase::introduces;
    // A menu: four or more section names and nothing else.
    if (words.size() >= 4 && std::all_of(words.begin(), words.end(), [&](std::string_view w) {
            return v.section_words.count(std::string(w)) > 0;
        }))
        return ChromePhrase::line;
    return ChromePhrase::none;
}

} // namespace

std::string phrase_key(std::string_view line) {
    std::string key;
    key.reserve(line.size());
    bool space = false;
    const auto add = [&](auto append) {
        if (space && !key.empty()) key += ' ';
        space = false;
        append();
    };
    for (std::size_t i = 0; i < line.size();) {
        const char c = line[i];
        if (static_cast<unsigned char>(c) < 0x80) {  // most text: no decoding
            ++i;
            if ((c >= 'a' && c <= 'z') || is_ascii_digit(c)) add([&] { key += c; });
            else if (c >= 'A' && c <= 'Z') add([&] { key += static_cast<char>(c + 32); });
            else space = true;
            continue;
        }
        std::size_t length = 1;
        const char32_t cp = util::decode_utf8(line, i, length);
        i += length;
        if (is_word_character(cp)) add([&] { util::append_utf8(key, fold(cp)); });
        else space = true;
    }
    return key;
}

namespace {

// `line` up to about `n` bytes, not cutting a character in two.
std::string_view head_of(std::string_view line, std::size_t n) {
    if (line.size() <= n) return line;
    while (n > 0 && (static_cast<unsigned char>(line[n]) & 0xC0U) == 0x80U) --n;
    return line.substr(0, n);
}

std::string_view tail_of(std::string_view line, std::size_t n) {
    if (line.size() <= n) return line;
    std::size_t at = line.size() - n;
    while (at < line.size() && (static_cast<unsigned char>(line[at]) & 0xC0U) == 0x80U) ++at;
    return line.substr(at);
}

bool ends_with_click(std::string_view key, bool whole) {
    for (const std::string& click : vocabulary().clicks) {
        if (!key.ends_with(click)) continue;
        if (key.size() == click.size() ? whole : key[key.size() - click.size() - 1] == ' ') return true;
    }
    return false;
}

// A link label and its teaser on one line: "See also: ...", "OTRAS NOTICIAS: ...".
bool is_labelled_link(std::string_view line) {
    constexpr std::size_t max_label_bytes = 40;
    const auto colon = line.substr(0, max_label_bytes + 1).find(':');
    if (colon == std::string_view::npos || colon == 0) return false;
    const std::string_view teaser = trim(line.substr(colon + 1));
    if (teaser.empty() || std::count(teaser.begin(), teaser.end(), ' ') >= 40) return false;
    const auto& known = vocabulary().lines;
    const auto it = known.find(phrase_key(line.substr(0, colon)));
    return it != known.end() && it->second == ChromePhrase::introduces;
}

} // namespace

ChromePhrase chrome_phrase(std::string_view line) {
    constexpr std::size_t max_bytes = 320;  // the longest comment-form notices
    if (line.empty() || line.size() > max_bytes) return ChromePhrase::none;
    if (is_ad_shortcode(line) || is_hashtag_line(line)) return ChromePhrase::line;
    if (is_labelled_link(line)) return ChromePhrase::line;
    // The vocabulary's phrases are short: a longer line can only be a form
    // notice (known by its opening) or a call to click (by its end).
    constexpr std::size_t max_phrase_bytes = 100;
    if (line.size() > max_phrase_bytes) {
        const std::string head = phrase_key(head_of(line, 80));
        for (const std::string& opening : vocabulary().forms)
            if (head.starts_with(opening)) return ChromePhrase::line;
        constexpr std::size_t max_click_words = 15;
        if (static_cast<std::size_t>(std::count(line.begin(), line.end(), ' ')) < max_click_words &&
            ends_with_click(phrase_key(tail_of(line, 40)), false))
            return ChromePhrase::line;
        return ChromePhrase::none;
    }
    const std::string key = phrase_key(line);
    if (key.empty()) return ChromePhrase::none;
    return by_key(key);
}

bool is_section_label(std::string_view line) {
    if (line.size() > 60) return false;
    return vocabulary().sections.count(phrase_key(line)) > 0;
}

bool ends_with_photo_credit(std::string_view line) {
    if (line.size() > 600) return false;
    // Lower-cased ASCII is enough: the markers are ASCII but for "fotoğraf".
    static const std::regex credit(
        R"((?:^|[\s(.,;|/-])(?:photo|foto|image|picture|bild|fotoğraf|photograph|credit|photo credit|image credit)s?)"
        R"((?: courtesy(?: of)?| by| credit| von| de|:| :)\s*[^.!?:()]{1,80}\)?$)"
        R"(|\((?:photo|foto|image|bild|fotoğraf|photograph)s?:? [^()]{1,80}\)$)"
        R"(|(?:^|\s)©\s*[^.!?]{1,60}$)",
        std::regex::ECMAScript | std::regex::optimize);
    const std::string lower = to_lower_ascii(line);
    // std::regex searching a whole paragraph is slow; most lines hold no marker at all.
    constexpr std::string_view markers[] = {"photo", "foto", "image", "picture", "bild", "credit", "\xC2\xA9"};
    if (std::none_of(std::begin(markers), std::end(markers),
                     [&](std::string_view w) { return lower.find(w) != std::string::npos; }))
        return false;
    std::smatch m;
    // Some caption before the credit: "In pictures: ..." is a headline.
    constexpr std::ptrdiff_t min_caption = 15;
    if (!std::regex_search(lower, m, credit) || m.position() < min_caption) return false;
    // The credit itself is a name or two, not a sentence.
    const std::string tail = m.str();
    return std::count(tail.begin(), tail.end(), ' ') <= 9;
}

} // namespace newsdb::parse
