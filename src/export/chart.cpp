// The SVG bar chart (include/newsdb/chart.hpp). Plain string building: the
// output is small, and every piece of text goes through xml_text.
#include "newsdb/chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "export/text_escape.hpp"
#include "newsdb/error.hpp"
#include "util/display_width.hpp"

namespace newsdb {

namespace {

// Standalone colours: readable on white and told apart in grey print.
constexpr const char* kStyle =
    "text{font-family:'DejaVu Sans',Helvetica,Arial,sans-serif;font-size:12px;fill:#222}"
    ".title{font-size:16px;font-weight:bold}.label{fill:#555}.note{fill:#555;font-size:11px}"
    ".axis{stroke:#444;stroke-width:1}.grid{stroke:#ddd;stroke-width:1}"
    ".bar,.s0{fill:#3b6fb6}.s1{fill:#d9822b}.s2{fill:#3a9a5b}.s3{fill:#b8443a}"
    ".s4{fill:#7d5ba6}.s5{fill:#8c6d46}.s6{fill:#c2569c}.s7{fill:#6b6b6b}";
constexpr int kSeriesClasses = 8;

// data-value: exact enough to check against the counts.
std::string raw(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}

std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

// A step of 1, 2 or 5 times a power of ten giving about `ticks` intervals up
// to `max`; whole numbers only for counts.
double nice_step(double max, int ticks, bool whole) {
    const double raw = max / ticks;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    double step = magnitude;
    for (const double f : {1.0, 2.0, 5.0, 10.0}) {
        step = f * magnitude;
        if (step >= raw) break;
    }
    return whole ? std::max(1.0, std::round(step)) : step;
}

} // namespace

std::string chart_value_label(double value, bool percent) {
    char buf[32];
    if (percent) {
        const double p = 100.0 * value;
        std::snprintf(buf, sizeof buf, p != 0 && std::fabs(p) < 0.1 ? "%.2f%%" : "%.1f%%", p);
    } else if (value == std::floor(value) && std::fabs(value) < 1e15) {
        std::snprintf(buf, sizeof buf, "%.0f", value);
    } else {
        std::snprintf(buf, sizeof buf, "%.2f", value);
    }
    return buf;
}

std::string render_bar_chart(const BarChart& chart, ChartDocument document) {
    const std::size_t n = chart.categories.size();
    for (const ChartSeries& s : chart.series)
        if (s.values.size() != n)
            throw Error(Errc::invalid_argument, "chart series '" + s.name + "' has " + std::to_string(s.values.size()) +
                                                    " values for " + std::to_string(n) + " categories");
    const bool standalone = document == ChartDocument::standalone;
    const std::size_t series_count = std::max<std::size_t>(1, chart.series.size());
    const bool legend = chart.series.size() > 1;

    double max = 0;
    for (const ChartSeries& s : chart.series)
        for (const double v : s.values) max = std::max(max, v);
    const double step = max > 0 ? nice_step(max, 5, !chart.percent) : (chart.percent ? 0.2 : 1);
    const double top_value = max > 0 ? std::ceil(max / step - 1e-9) * step : step * 5;

    std::size_t longest = 1;
    for (const std::string& c : chart.categories) longest = std::max(longest, util::display_width(c));
    const int W = 800;
    const int left = 64, right = 16;
    const double plot_w = W - left - right;
    const double slot = n > 0 ? plot_w / static_cast<double>(n) : plot_w;
    // Thin the labels so that each has room for its text (about 7 px a column).
    const std::size_t label_every =
        std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil((static_cast<double>(longest) * 7 + 8) / slot)));
    const int top = (standalone ? 46 : 10) + (legend ? 22 : 0);
    std::vector<std::string> notes;
    for (std::size_t start = 0; !chart.note.empty() && start <= chart.note.size();) {
        const std::size_t end = std::min(chart.note.find('\n', start), chart.note.size());
        notes.push_back(chart.note.substr(start, end - start));
        start = end + 1;
    }
    const int bottom = 40 + 16 * static_cast<int>(notes.size());
    const int H = (standalone ? 420 : 260) + (legend ? 22 : 0) + 16 * static_cast<int>(notes.size());
    const double plot_h = H - top - bottom;
    const double base = H - bottom;

    std::string svg;
    if (standalone) svg += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    svg += standalone ? "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(W) + "\" height=\"" +
                            std::to_string(H) + "\""
                      : std::string("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\"");
    svg += " viewBox=\"0 0 " + std::to_string(W) + " " + std::to_string(H) +
           "\" role=\"img\" aria-labelledby=\"chart-t\"><title id=\"chart-t\">" + exporting::xml_text(chart.title) +
           "</title>\n";
    if (standalone) {
        svg += std::string("<style>") + kStyle + "</style>\n";
        svg += "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n";
        svg += "<text class=\"title\" x=\"" + std::to_string(left) + "\" y=\"24\">" + exporting::xml_text(chart.title) +
               "</text>\n";
    }
    if (!chart.value_label.empty())
        svg += "<text class=\"label\" x=\"" + std::to_string(left) + "\" y=\"" + std::to_string(top - 6) + "\">" +
               exporting::xml_text(chart.value_label) + "</text>\n";
    if (legend) {
        double x = left;
        const int y = top - 30;
        for (std::size_t s = 0; s < chart.series.size(); ++s) {
            svg += "<rect class=\"swatch s" + std::to_string(s % kSeriesClasses) + "\" x=\"" + num(x) + "\" y=\"" +
                   std::to_string(y - 9) + "\" width=\"10\" height=\"10\"/><text x=\"" + num(x + 14) + "\" y=\"" +
                   std::to_string(y) + "\">" + exporting::xml_text(chart.series[s].name) + "</text>\n";
            x += 14 + 7.0 * static_cast<double>(util::display_width(chart.series[s].name)) + 18;
        }
    }
    // Grid lines and their values, then the axes over them.
    for (double v = 0; v <= top_value + step / 2; v += step) {
        const double y = base - plot_h * v / top_value;
        if (v > 0)
            svg += "<line class=\"grid\" x1=\"" + std::to_string(left) + "\" y1=\"" + num(y) + "\" x2=\"" +
                   std::to_string(W - right) + "\" y2=\"" + num(y) + "\"/>";
        svg += "<text x=\"" + std::to_string(left - 6) + "\" y=\"" + num(y + 4) + "\" text-anchor=\"end\">" +
               exporting::xml_text(chart_value_label(v, chart.percent)) + "</text>\n";
    }
    svg += "<line class=\"axis\" x1=\"" + std::to_string(left) + "\" y1=\"" + num(base) + "\" x2=\"" +
           std::to_string(W - right) + "\" y2=\"" + num(base) + "\"/>";
    svg += "<line class=\"axis\" x1=\"" + std::to_string(left) + "\" y1=\"" + std::to_string(top) + "\" x2=\"" +
           std::to_string(left) + "\" y2=\"" + num(base) + "\"/>\n";

    const double group_w = std::min(48.0 * static_cast<double>(series_count), slot * 0.8);
    const double bar_w = group_w / static_cast<double>(series_count);
    for (std::size_t i = 0; i < n; ++i) {
        const double x0 = left + slot * static_cast<double>(i) + (slot - group_w) / 2;
        for (std::size_t s = 0; s < chart.series.size(); ++s) {
            const double v = chart.series[s].values[i];
            const double h = v > 0 ? plot_h * v / top_value : 0;
            svg += "<rect class=\"bar" + (s > 0 ? " s" + std::to_string(s % kSeriesClasses) : std::string()) +
                   "\" x=\"" + num(x0 + bar_w * static_cast<double>(s)) + "\" y=\"" + num(base - h) + "\" width=\"" +
                   num(std::max(1.0, bar_w - (series_count > 1 ? 1 : 0))) + "\" height=\"" + num(h) +
                   "\" data-category=\"" + exporting::xml_text(chart.categories[i]) + "\" data-series=\"" +
                   std::to_string(s) + "\" data-value=\"" + raw(v) + "\"><title>" +
                   exporting::xml_text((legend ? chart.series[s].name + ", " : std::string()) + chart.categories[i] +
                                       ": " + chart_value_label(v, chart.percent)) +
                   "</title></rect>\n";
        }
        if (i % label_every == 0)
            svg += "<text x=\"" + num(left + slot * (static_cast<double>(i) + 0.5)) + "\" y=\"" + num(base + 16) +
                   "\" text-anchor=\"middle\">" + exporting::xml_text(chart.categories[i]) + "</text>\n";
    }
    for (std::size_t i = 0; i < notes.size(); ++i)
        svg += "<text class=\"note\" x=\"" + std::to_string(left) + "\" y=\"" +
               std::to_string(H - 8 - 16 * static_cast<int>(notes.size() - 1 - i)) + "\">" +
               exporting::xml_text(notes[i]) + "</text>\n";
    svg += "</svg>";
    if (standalone) svg += "\n";
    return svg;
}

} // namespace newsdb
