#include "query/article_plan.hpp"

#include <algorithm>
#include <utility>

#include "newsdb/query.hpp"
#include "query/fts5_emitter.hpp"

namespace newsdb::query {

namespace {

bool contains_all(const Node& node) {
    if (node.kind == Node::Kind::all) return true;
    return std::any_of(node.items.begin(), node.items.end(), contains_all);
}

class Planner {
public:
    explicit Planner(ArticlePlan& plan) : plan_(plan) {}

    std::size_t add_unit(std::string expression, std::size_t phrases, bool scored) {
        plan_.units.push_back(MatchUnit{std::move(expression), plan_.phrases, phrases, scored});
        plan_.phrases += phrases;
        return plan_.units.size() - 1;
    }

    // `scored`: false under an exclusion.
    ArticleCondition build(const Node& node, bool scored) {
        ArticleCondition out;
        if (!contains_all(node)) {
            out.unit = add_unit(fts5_match(node), fts5_phrase_count(node), scored);
            return out;
        }
        out.kind = node.kind == Node::Kind::all ? ArticleCondition::Kind::all : ArticleCondition::Kind::any;
        for (const Node& item : node.items) {
            if (item.kind == Node::Kind::exclude) out.excluded.push_back(build(item.items.front(), false));
            else out.items.push_back(build(item, scored));
        }
        return out;
    }

private:
    ArticlePlan& plan_;
};

std::string ored(const std::vector<MatchUnit>& units, bool scored_only) {
    std::vector<const MatchUnit*> chosen;
    for (const MatchUnit& unit : units)
        if (unit.scored || !scored_only) chosen.push_back(&unit);
    if (chosen.size() == 1) return chosen.front()->expression;
    std::string out;
    for (const MatchUnit* unit : chosen) out += (out.empty() ? "(" : " OR (") + unit->expression + ")";
    return out;
}

} // namespace

ArticlePlan plan_article_search(const Node& root) {
    ArticlePlan plan;
    Planner planner(plan);
    plan.condition = planner.build(root, true);
    if (root.kind == Node::Kind::all) {
        std::size_t k = 0;
        for (const Node& item : root.items) {
            if (item.kind == Node::Kind::exclude) continue;
            plan.parts.push_back(QueryPart{written_form(item), plan.condition.items[k++]});
        }
    } else {
        plan.parts.push_back(QueryPart{written_form(root), plan.condition});
    }
    const RankingForms forms = fts5_ranking_forms(root);
    if (!forms.phrase.empty()) {
        const auto terms = static_cast<std::size_t>(std::count_if(
            root.items.begin(), root.items.end(), [](const Node& n) { return n.kind != Node::Kind::exclude; }));
        plan.phrase_tier = planner.add_unit(forms.phrase, 1, false);
        plan.near_tier = planner.add_unit(forms.near, terms, false);
    }
    plan.match = ored(plan.units, false);
    plan.highlight = ored(plan.units, true);
    return plan;
}

bool holds(const ArticleCondition& condition, const uint8_t* unit_matched) {
    switch (condition.kind) {
    case ArticleCondition::Kind::unit:
        return unit_matched[condition.unit] != 0;
    case ArticleCondition::Kind::all:
        for (const ArticleCondition& item : condition.items)
            if (!holds(item, unit_matched)) return false;
        for (const ArticleCondition& item : condition.excluded)
            if (holds(item, unit_matched)) return false;
        return true;
    case ArticleCondition::Kind::any:
        for (const ArticleCondition& item : condition.items)
            if (holds(item, unit_matched)) return true;
        return false;
    }
    return false;
}

} // namespace newsdb::query
