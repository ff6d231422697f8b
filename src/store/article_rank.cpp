#include "store/article_rank.hpp"

#include <algorithm>
#include <cmath>

namespace newsdb::store {

double article_idf(int64_t articles, int64_t holding) {
    const double n = static_cast<double>(std::max<int64_t>(0, holding));
    const double total = static_cast<double>(std::max(articles, holding));
    return std::log(1.0 + (total - n + 0.5) / (n + 0.5));
}

double article_score(const double* tf, const double* idf, std::size_t phrases, double tokens, double average_tokens) {
    const double norm = kBm25K1 * (1.0 - kBm25B + kBm25B * (average_tokens > 0 ? tokens / average_tokens : 1.0));
    double score = 0;
    for (std::size_t p = 0; p < phrases; ++p) {
        if (tf[p] <= 0) continue;
        score += idf[p] * tf[p] * (kBm25K1 + 1.0) / (tf[p] + norm);
    }
    return -score;
}

double passage_idf(int64_t rows, int64_t holding) {
    const double n = static_cast<double>(holding);
    const double idf = std::log((static_cast<double>(rows) - n + 0.5) / (n + 0.5));
    return idf > 0 ? idf : 1e-6;  // as FTS5's bm25()
}

double passage_score(const uint32_t* hits, const double* idf, std::size_t phrases, double tokens,
                     double average_tokens) {
    const double norm = kBm25K1 * (1.0 - kBm25B + kBm25B * (average_tokens > 0 ? tokens / average_tokens : 1.0));
    double score = 0;
    for (std::size_t p = 0; p < phrases; ++p) {
        if (hits[p] == 0 || idf[p] == 0) continue;
        const double f = hits[p];
        score += idf[p] * f * (kBm25K1 + 1.0) / (f + norm);
    }
    return -score;
}

} // namespace newsdb::store
