#!/usr/bin/env python3
"""Convert selected DigitalGov news posts to newsdb's plain-text article form.

The posts are Markdown with YAML front matter (GSA/digitalgov.gov, public
domain / CC0 1.0). Each becomes data/digitalgov/YYYY-MM-slug.txt:

    Title

    By Author Name
    2019-05-14

    First paragraph.

    Second paragraph, with a citation.[1]

    [1] The numbered reference, when the post has any.

Usage: python3 convert.py CORPUS_DIR [OUT_DIR]
  CORPUS_DIR  the markdown/digitalgov folder of the team's corpus
  OUT_DIR     where to write the .txt files (default: this script's folder)

Standard library only. Run once; the output is committed with this script.
"""

import html
import pathlib
import re
import sys

# About three a year, 2010-2024, evenly spaced among posts of 250-1,500 words
# whose authors have full-name slugs; the 2020-08 and two of the 2024 posts
# carry numbered references, which become footnotes.
POSTS = [
    "2010/10/2010-10-22-tell-compelling-stories-with-data-visualization.md",
    "2012/06/2012-06-27-hitting-the-ground-running-with-the-digital-strategy.md",
    "2012/11/2012-11-14-comscore-report-october-2012.md",
    "2013/04/2013-04-29-usability-testing-gov-apis-best.md",
    "2013/07/2013-07-22-moderating-a-government-blog.md",
    "2013/12/2013-12-03-census-mobile-app-showcases-local-statistics.md",
    "2014/03/2014-03-07-creating-e-books-think-functionality-not-aesthetics.md",
    "2014/06/2014-06-03-digitalgov-summit-panels-recap.md",
    "2014/08/2014-08-21-how-to-find-your-open-data-hotshots.md",
    "2014/11/2014-11-17-user-experience-impossible-the-line-between-accessibility-and-usability.md",
    "2015/02/2015-02-19-top-10-things-we-think-you-dont-know-about-digitalgov.md",
    "2015/04/2015-04-28-4-decades-of-evolving-technology-in-federal-contact-centers.md",
    "2015/08/2015-08-14-secure-central-hosting-for-the-digital-analytics-program.md",
    "2015/11/2015-11-16-the-content-corner-user-research-for-complex-systems.md",
    "2016/03/2016-03-10-leveraging-american-ingenuity-through-reusable-and-open-source-software.md",
    "2016/06/2016-06-09-welcome-to-the-new-dhs-gov.md",
    "2016/09/2016-09-01-emma-friendly-presence-and-innovative-uscis-resource-available-247.md",
    "2016/11/2016-11-02-the-digital-transition-how-the-presidential-transition-works-in-the-social-media-age.md",
    "2017/03/2017-03-29-a-complete-redesign-with-you-in-mind.md",
    "2017/05/2017-05-17-new-options-available-to-visualize-cdc-data.md",
    "2017/07/2017-07-31-have-you-critiqued-your-critique-process.md",
    "2018/03/2018-03-13-thinking-about-going-agile-consider-mass-training-facilitate-change.md",
    "2018/10/2018-10-29-gsa-steps-up-security-for-dotgov.md",
    "2019/06/2019-06-13-building-trust-with-users-through-open-communication-feedback.md",
    "2019/08/2019-08-21-prototyping-engagement-workshops.md",
    "2019/10/2019-10-10-a-new-version-frbs-money-adventure-app-helps-expand-digital-outreach.md",
    "2020/04/2020-04-24-a-guide-for-agencies-building-cx.md",
    "2020/08/2020-08-21-2-lessons-tech-leaders-can-learn.md",
    "2020/09/2020-09-09-6-ways-government-innovators-building-stronger.md",
    "2021/05/2021-05-24-3-things-you-should-know-about-the-federal-rpa-use-case-inventory.md",
    "2021/09/2021-09-02-spotlight-chat-planning-a-federal-prize-competition.md",
    "2021/11/2021-11-01-start-your-tech-career-in-government-as-a-u-s-digital-corps-fellow.md",
    "2022/01/2022-01-21-the-customer-experience-symposium-series-a-thought-incubator-for-federal-cx-practitioners.md",
    "2022/10/2022-10-14-sunrise-to-sunset-building-a-customer-centric-digital-ecosystem.md",
    "2023/05/2023-05-23-digital-autopen-playbook-pinpoints-how-agencies-can-leverage-technology-for-digital-signatures.md",
    "2023/07/2023-07-19-gsa-shared-service-provider-program-guide.md",
    "2023/11/2023-11-28-part-1-delivering-on-21st-century-idea-a-case-study-from-the-gsa-smartpay-team.md",
    "2024/01/2024-01-18-customer-experience-and-human-centered-design.md",
    "2024/08/2024-08-01-supporting-innovation-through-the-american-rescue-plan.md",
    "2024/08/2024-08-26-how-login-gov-uses-roadmapping-to-build-trust-with-its-partners-and-the-public.md",
]

# Shortcodes whose inner text is part of the article (`{{< note >}}…{{< /note >}}`).
BLOCK_WRAPPERS = ("note", "box")
INLINE_WRAPPERS = ("highlight",)


def read_front_matter(text):
    """Split `---` front matter from the body; return (fields, body).

    Only the simple YAML the posts use: `key: value` and `- item` lists."""
    match = re.match(r"---\n(.*?)\n---\n", text, re.S)
    if not match:
        return {}, text
    fields, current_list = {}, None
    for line in match.group(1).splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        item = re.match(r"\s+-\s+(.*)", line)
        if item and current_list is not None:
            current_list.append(unquote(item.group(1)))
            continue
        pair = re.match(r"([A-Za-z_]+):\s*(.*)", line)
        if pair:
            key, value = pair.groups()
            if value.strip():
                fields[key] = unquote(value.strip())
                current_list = None
            else:
                current_list = fields[key] = []
    return fields, text[match.end():]


def unquote(value):
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        inner = value[1:-1]
        return inner.replace("''", "'") if value[0] == "'" else inner.replace('\\"', '"')
    return value


def author_names(slugs):
    """['jane-doe', 'john-roe'] -> 'Jane Doe and John Roe'."""
    names = [" ".join(part.capitalize() for part in slug.split("-")) for slug in slugs]
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def split_footnotes(body):
    """Take the HTML footnote list off the end; return (body, [note text])."""
    notes = [
        inline(re.sub(r'<a href="#footnotes-ref\d+"[^>]*>.*?</a>', "", item, flags=re.S),
               links="url")
        for item in re.findall(r'<li[^>]*\bid="fn\d+"[^>]*>(.*?)</li>', body, re.S)
    ]
    start = re.search(r'<div class="dg-footnote"|<footer>|<h\d[^>]*id="footnote-label"', body)
    if start:
        body = body[: start.start()]
    # The in-text marks: <sup><a … href="#fn1">[1]</a></sup> -> [1], glued to the word.
    body = re.sub(r"\s*<sup>\s*<a[^>]*>\s*(\[\d+\])\s*</a>\s*</sup>", r"\1", body)
    return body, notes


def attribute(tag, name):
    match = re.search(name + r'="((?:[^"\\]|\\.)*)"', tag)
    return match.group(1).replace('\\"', '"') if match else ""


def expand_shortcodes(body):
    """Keep the text Hugo shortcodes carry; drop images, embeds and buttons."""

    def replace(match):
        tag = match.group(0)
        name = re.match(r"\{\{[<%]\s*/?\s*([\w-]+)", tag)
        name = name.group(1) if name else ""
        if name == "quote-block":
            text, cite = attribute(tag, "text"), attribute(tag, "cite")
            return "\n\n“" + text + "”" + (" — " + cite if cite else "") + "\n\n"
        if name == "ring":
            return "\n\n" + attribute(tag, "title") + "\n\n"
        if name in BLOCK_WRAPPERS:
            return "\n\n"
        if name in INLINE_WRAPPERS:
            return ""
        return ""  # img, legacy-img, tweet, youtube, ref, button, ...

    return re.sub(r"\{\{[<%].*?[>%]\}\}", replace, body, flags=re.S)


LINK_TARGET = r"\((?:\{\{.*?\}\}|[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\s*\)"


def inline(text, links="text"):
    """Markdown/HTML inline markup -> plain text on one line.

    links="text" keeps a link's words; links="url" keeps its address (for
    references, where the address is the useful part)."""
    escaped = []

    def protect(match):
        escaped.append(match.group(1))
        return "\ue000" + str(len(escaped) - 1) + "\ue001"

    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|>])", protect, text)
    text = re.sub(r"!\[[^\]]*\]" + LINK_TARGET, "", text)
    if links == "url":
        text = re.sub(r"\[([^\]]*)\]\(([^)\s]+)[^)]*\)", r"\2", text)
        text = re.sub(r'<a\s[^>]*href="([^"]*)"[^>]*>.*?</a>', r"\1", text, flags=re.S)
    else:
        text = re.sub(r"\[([^\]]*)\]" + LINK_TARGET, r"\1", text)
    text = re.sub(r"<(https?://[^>\s]+)>", r"\1", text)
    text = re.sub(r"</?[A-Za-z][^>]*>", "", text)  # remaining HTML tags
    text = re.sub(r"\{\{[<%].*?[>%]\}\}", "", text)  # shortcodes left inside link targets
    text = re.sub(r"`([^`]*)`", r"\1", text)
    text = re.sub(r"\*{4}", "", text)  # empty bold, as in "**Name**,**** Title"
    for marker in (r"\*\*", "__", r"\*", "_"):
        # Emphasis only at word edges, so snake_case and 2*3 stay as they are.
        text = re.sub(r"(?<![^\W_]|\*)" + marker + r"(?=\S)(.+?)(?<=\S)" + marker
                      + r"(?![^\W_]|\*)", r"\1", text)
    text = re.sub("\ue000(\\d+)\ue001", lambda m: escaped[int(m.group(1))], text)
    text = html.unescape(text)
    return re.sub(r"\s+", " ", text).strip()


def paragraphs(body):
    """Split the body into paragraphs: blank lines, headings and list items
    each start a new one; hard-wrapped lines are joined."""
    body = re.sub(r"<!--.*?-->", "", body, flags=re.S)
    # Code spans are literal: `<h1>` is text, not a tag (unescaped again in inline()).
    body = re.sub(r"(?<!\\)`([^`\n]+)(?<!\\)`",
                  lambda m: html.escape(m.group(1), quote=False), body)
    body = re.sub(r"<br\s*/?>|</?(p|div|ul|ol|li|h\d|tr|table|blockquote|footer)\b[^>]*>",
                  "\n\n", body, flags=re.I)
    result, current = [], []

    def close():
        text = inline(" ".join(current))
        if re.search(r"\w", text):
            result.append(text)
        current.clear()

    for line in body.splitlines():
        line = re.sub(r"^(\s*>)+", "", line)  # blockquotes read as plain paragraphs
        if not line.strip() or re.fullmatch(r"\s*([-*_])(\s*\1){2,}\s*", line):
            close()
            continue
        if line.lstrip().startswith("```"):
            close()
            continue
        if line.lstrip().startswith("|"):
            close()
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if not all(re.fullmatch(r":?-+:?", c) for c in cells):
                current.append(" · ".join(c for c in cells if c))
                close()
            continue
        heading = re.match(r"\s*#{1,6}\s+(.*?)\s*#*\s*$", line)
        if heading:
            close()
            current.append(heading.group(1))
            close()
            continue
        item = re.match(r"\s*(?:[-*+]|(\d+)[.)])\s+(.*)", line)
        if item:
            close()
            number, rest = item.groups()
            current.append((number + ". " if number else "") + rest)
            continue
        current.append(line.strip())
    close()
    return result


def convert(source):
    """Return (output file name, article text) for one post."""
    fields, body = read_front_matter(source.read_text(encoding="utf-8"))
    title = inline(fields.get("title", ""))
    date = fields.get("date", "")[:10]
    authors = fields.get("authors") or []
    if isinstance(authors, str):
        authors = [authors]
    slug = fields.get("slug") or re.sub(r"^\d{4}-\d{2}-\d{2}-", "", source.stem)
    slug = re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-")

    body, notes = split_footnotes(body)
    body = expand_shortcodes(body)

    lines = [title, ""]
    if authors:
        lines.append("By " + author_names(authors))
    if date:
        lines.append(date)
    lines.append("Source: DigitalGov")
    lines.append("")
    for paragraph in paragraphs(body):
        lines += [paragraph, ""]
    for number, note in enumerate(notes, start=1):
        lines += ["[%d] %s" % (number, note), ""]
    return "%s-%s.txt" % (date[:7], slug), "\n".join(lines).rstrip("\n") + "\n"


def main(argv):
    if len(argv) not in (2, 3):
        sys.exit(__doc__)
    corpus = pathlib.Path(argv[1])
    out_dir = pathlib.Path(argv[2]) if len(argv) == 3 else pathlib.Path(__file__).parent
    for relative in POSTS:
        name, text = convert(corpus / relative)
        (out_dir / name).write_text(text, encoding="utf-8")
        print(name)


if __name__ == "__main__":
    main(sys.argv)
