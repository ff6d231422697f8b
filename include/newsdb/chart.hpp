// Bar charts as SVG: the one renderer behind `newsdb count --format svg` and
// the web timeline. The input is plain numbers, so any count can be drawn.
#pragma once

#include <string>
#include <vector>

namespace newsdb {

struct ChartSeries {
    std::string name;            // in the legend (shown when there are several series)
    std::vector<double> values;  // one per category; negative values are drawn as 0
};

struct BarChart {
    std::string title;                    // drawn on top (standalone) and the SVG's <title>
    std::string value_label;              // what the vertical axis counts
    std::vector<std::string> categories;  // the horizontal axis, left to right
    std::vector<ChartSeries> series;      // bars side by side per category, one colour each
    bool percent = false;                 // values are shares (0.25 = 25 %), labelled as percentages
    std::string note;                     // under the chart (a line per '\n'), e.g. what it leaves out
};

enum class ChartDocument {
    // A file of its own (valid XML with its declaration and namespace),
    // styled inside, with a white background: for reports.
    standalone,
    // An <svg class="chart"> element for an HTML page whose stylesheet styles
    // the classes bar (s1, s2 ... for the later series), axis, grid, swatch.
    inline_html,
};

// Every category gets one <rect class="bar ..."> per series (height 0 for 0),
// carrying data-category, data-series and data-value (the value as given),
// and a <title> tooltip. Labels of the horizontal axis are thinned out when
// they would overlap. Throws Error(invalid_argument) when a series' length
// differs from the categories'.
std::string render_bar_chart(const BarChart& chart, ChartDocument document);

// A value as the chart labels it: "12", "1.5", or "12.5%" for a share.
std::string chart_value_label(double value, bool percent);

} // namespace newsdb
