// Page metadata: <meta> tags, JSON-LD (schema.org), <title>, <link rel=canonical>.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <map>

#include "newsdb/parse.hpp"
#include "parse/html_dom.hpp"
#include "parse/text_util.hpp"

namespace newsdb::parse::html {

namespace {

using nlohmann::json;

bool is_url(std::string_view s) { return istarts_with(s, "http://") || istarts_with(s, "https://") || s.starts_with("/"); }

std::string json_string(const json& value) {
    if (value.is_string()) return normalize_line(value.get<std::string>());
    if (value.is_array() && !value.empty()) return json_string(value[0]);
    if (value.is_object()) {
        if (auto it = value.find("name"); it != value.end()) return json_string(*it);
        if (auto it = value.find("@value"); it != value.end()) return json_string(*it);
    }
    return {};
}

std::vector<std::string> json_names(const json& value) {
    std::vector<std::string> names;
    if (value.is_array()) {
        for (const auto& v : value)
            if (auto s = json_string(v); !s.empty() && !is_url(s)) names.push_back(s);
    } else if (auto s = json_string(value); !s.empty() && !is_url(s)) {
        names.push_back(s);
    }
    return names;
}

bool is_article_type(const json& item) {
    auto type = item.find("@type");
    if (type == item.end()) return false;
    auto check = [](const json& t) {
        if (!t.is_string()) return false;
        std::string s = t.get<std::string>();
        return s.find("Article") != std::string::npos || s == "BlogPosting" || s == "Report" ||
               s == "LiveBlogPosting";
    };
    if (type->is_array()) return std::any_of(type->begin(), type->end(), check);
    return check(*type);
}

// Every object in a JSON-LD document: arrays and @graph are flattened.
void collect_items(const json& value, std::vector<const json*>& out, int depth = 0) {
    if (depth > 8) return;
    if (value.is_array()) {
        for (const auto& v : value) collect_items(v, out, depth + 1);
    } else if (value.is_object()) {
        out.push_back(&value);
        if (auto g = value.find("@graph"); g != value.end()) collect_items(*g, out, depth + 1);
    }
}

void add_tags(std::vector<std::string>& tags, std::string_view list) {
    std::size_t start = 0;
    while (start <= list.size()) {
        std::size_t comma = list.find(',', start);
        if (comma == std::string_view::npos) comma = list.size();
        std::string tag = normalize_line(list.substr(start, comma - start));
        if (!tag.empty() && tag.size() < 80 && std::find(tags.begin(), tags.end(), tag) == tags.end() &&
            tags.size() < 50)
            tags.push_back(tag);
        start = comma + 1;
    }
}

std::string two_letter_language(std::string_view code) {
    std::string lang = to_lower_ascii(trim(code).substr(0, std::min<std::size_t>(trim(code).size(), 3)));
    if (lang.size() >= 2 && lang[0] >= 'a' && lang[0] <= 'z' && lang[1] >= 'a' && lang[1] <= 'z' &&
        (lang.size() == 2 || lang[2] == '-' || lang[2] == '_'))
        return lang.substr(0, 2);
    return {};
}

std::string first_nonempty(std::initializer_list<std::string_view> values) {
    for (auto v : values)
        if (auto s = normalize_line(v); !s.empty()) return s;
    return {};
}

std::string by_removed(std::string text) {
    if (istarts_with(text, "by ")) text = normalize_line(std::string_view(text).substr(3));
    return text;
}

// Every word starts with a capital or a digit: "Valley Gazette", "BBC News".
bool capitalised(std::string_view text) {
    bool word_start = true;
    for (char c : text) {
        if (c == ' ') {
            word_start = true;
        } else if (word_start) {
            if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || static_cast<unsigned char>(c) >= 0x80)) return false;
            word_start = false;
        }
    }
    return true;
}

} // namespace

std::string strip_site_suffix(std::string title, std::string_view site, std::string_view url) {
    static constexpr std::array<std::string_view, 8> separators = {" | ", " - ", " – ", " — ", " :: ",
                                                                   " · ", " « ", " » "};
    std::string host = to_lower_ascii(url);
    for (auto sep : separators) {
        std::size_t at = title.rfind(sep);
        if (at == std::string::npos || at == 0) continue;
        std::string_view head = std::string_view(title).substr(0, at);
        std::string_view tail = std::string_view(title).substr(at + sep.size());
        std::string squashed;
        for (char c : to_lower_ascii(tail))
            if (c != ' ') squashed.push_back(c);
        std::size_t tail_words = static_cast<std::size_t>(std::count(tail.begin(), tail.end(), ' ')) + 1;
        std::size_t head_words = static_cast<std::size_t>(std::count(head.begin(), head.end(), ' ')) + 1;
        bool site_like = (!site.empty() && (iequals(tail, site) || istarts_with(tail, site))) ||
                         (squashed.size() >= 3 && host.find(squashed) != std::string::npos) ||
                         (sep == " | " && tail_words <= 4 && head_words >= 3) ||
                         (tail_words <= 4 && head_words >= 2 && capitalised(tail));
        if (site_like) return strip_site_suffix(std::string(trim(head)), site, url);
        // "Site | Headline"
        std::size_t first = title.find(sep);
        if (!site.empty() && first != std::string::npos && iequals(std::string_view(title).substr(0, first), site))
            return std::string(trim(std::string_view(title).substr(first + sep.size())));
    }
    return title;
}

PageMeta read_meta(const Tree& tree) {
    PageMeta meta;
    std::multimap<std::string, std::string> props;  // lower-cased name/property/itemprop -> content
    std::string canonical, html_lang, rel_author, byline, time_datetime;
    std::vector<const json*> items;
    std::vector<json> documents;

    for (std::size_t i = 0; i < tree.nodes.size(); ++i) {
        const Node& node = tree.nodes[i];
        if (node.is_text) continue;
        int index = static_cast<int>(i);
        switch (node.tag) {
        case GUMBO_TAG_HTML:
            if (html_lang.empty()) html_lang = std::string(attribute(node, "lang"));
            break;
        case GUMBO_TAG_META: {
            std::string_view content = attribute(node, "content");
            for (const AttributeName key : {AttributeName("name"), AttributeName("property"), AttributeName("itemprop")})
                if (auto k = attribute(node, key); !k.empty() && !content.empty())
                    props.emplace(to_lower_ascii(trim(k)), std::string(content));
            break;
        }
        case GUMBO_TAG_LINK: {
            std::string rel = to_lower_ascii(attribute(node, "rel"));
            if (rel == "canonical" && canonical.empty()) canonical = std::string(trim(attribute(node, "href")));
            break;
        }
        case GUMBO_TAG_TITLE:
            if (meta.title_tag.empty()) meta.title_tag = text_of(tree, index);
            break;
        case GUMBO_TAG_TIME:
            if (time_datetime.empty()) time_datetime = std::string(attribute(node, "datetime"));
            break;
        case GUMBO_TAG_SCRIPT:
            if (iequals(trim(attribute(node, "type")), "application/ld+json") && documents.size() < 32) {
                std::string body;
                for (int c : node.children)
                    if (tree.nodes[static_cast<std::size_t>(c)].is_text) body.append(tree.nodes[static_cast<std::size_t>(c)].text);
                json doc = json::parse(body, nullptr, false);
                if (!doc.is_discarded()) documents.push_back(std::move(doc));
            }
            break;
        default: {
            if (auto itemprop = attribute(node, "itemprop"); iequals(itemprop, "datePublished")) {
                if (auto dt = attribute(node, "datetime"); !dt.empty()) props.emplace("datepublished", std::string(dt));
            }
            std::string rel = to_lower_ascii(attribute(node, "rel"));
            if (node.tag == GUMBO_TAG_A && rel == "author" && rel_author.empty()) rel_author = text_of(tree, index);
            if (byline.empty()) {
                std::string cls = to_lower_ascii(attribute(node, "class"));
                if (cls.find("byline") != std::string::npos || cls.find("author-name") != std::string::npos) {
                    std::string text = by_removed(text_of(tree, index));
                    if (!text.empty() && text.size() < 100) byline = text;
                }
            }
            break;
        }
        }
    }
    for (const auto& doc : documents) collect_items(doc, items);

    auto prop = [&](std::string_view key) -> std::string {
        auto range = props.equal_range(std::string(key));
        for (auto it = range.first; it != range.second; ++it)
            if (auto s = normalize_line(it->second); !s.empty()) return s;
        return {};
    };

    // JSON-LD: the article item first, else any item carrying the field.
    std::stable_partition(items.begin(), items.end(), [](const json* j) { return is_article_type(*j); });
    auto ld = [&](const char* key) -> const json* {
        for (const json* item : items)
            if (auto it = item->find(key); it != item->end() && !it->is_null()) return &*it;
        return nullptr;
    };
    std::string ld_headline, ld_date, ld_publisher, ld_url, ld_lang;
    std::vector<std::string> ld_authors;
    if (auto v = ld("headline")) ld_headline = json_string(*v);
    if (auto v = ld("datePublished")) ld_date = json_string(*v);
    if (auto v = ld("author")) ld_authors = json_names(*v);
    if (auto v = ld("publisher")) ld_publisher = json_string(*v);
    if (auto v = ld("url")) ld_url = json_string(*v);
    if (auto v = ld("inLanguage")) ld_lang = json_string(*v);

    meta.source = first_nonempty({prop("og:site_name"), ld_publisher, prop("application-name")});
    meta.url = first_nonempty({canonical, prop("og:url"), ld_url});
    std::string site = meta.source;
    std::string raw_title = first_nonempty({prop("og:title"), ld_headline, prop("twitter:title")});
    if (!raw_title.empty()) meta.title = strip_site_suffix(raw_title, site, meta.url);
    if (!meta.title_tag.empty()) meta.title_tag = strip_site_suffix(meta.title_tag, site, meta.url);

    for (const std::string& candidate :
         {prop("article:published_time"), ld_date, prop("datepublished"), prop("date"), prop("pubdate"),
          prop("publishdate"), prop("dc.date"), prop("dc.date.issued"), prop("dcterms.created"),
          prop("parsely-pub-date"), prop("sailthru.date"), time_datetime}) {
        if (auto d = normalize_date(candidate); !d.empty()) {
            meta.date = d;
            break;
        }
    }

    std::string meta_author = prop("author");
    if (is_url(meta_author)) meta_author.clear();
    std::string article_author = prop("article:author");
    if (is_url(article_author)) article_author.clear();
    std::string joined;
    for (const auto& a : ld_authors) joined += (joined.empty() ? "" : ", ") + a;
    meta.author = first_nonempty({meta_author, joined, article_author, by_removed(rel_author), byline});

    meta.language = two_letter_language(html_lang);
    if (meta.language.empty()) meta.language = two_letter_language(prop("og:locale"));
    if (meta.language.empty()) meta.language = two_letter_language(ld_lang);

    add_tags(meta.tags, prop("keywords"));
    auto tag_range = props.equal_range("article:tag");
    for (auto it = tag_range.first; it != tag_range.second; ++it) add_tags(meta.tags, it->second);
    if (auto v = ld("keywords")) {
        if (v->is_string()) add_tags(meta.tags, v->get<std::string>());
        else if (v->is_array())
            for (const auto& k : *v)
                if (k.is_string()) add_tags(meta.tags, k.get<std::string>());
    }
    return meta;
}

} // namespace newsdb::parse::html
