#include "kg/extract/conllu.hpp"

#include <charconv>

#include <fmt/format.h>

#include "kg/core/error.hpp"
#include "kg/core/io.hpp"

namespace kg::extract {
namespace {

std::vector<std::string_view> split_tabs(std::string_view line) {
    std::vector<std::string_view> cols;
    std::size_t start = 0;
    for (;;) {
        auto tab = line.find('\t', start);
        if (tab == std::string_view::npos) {
            cols.push_back(line.substr(start));
            return cols;
        }
        cols.push_back(line.substr(start, tab - start));
        start = tab + 1;
    }
}

bool parse_int(std::string_view s, long& v) {
    if (s.empty()) return false;
    auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

bool is_blank(std::string_view line) {
    for (char c : line)
        if (c != ' ' && c != '\t') return false;
    return true;
}

}  // namespace

std::size_t conllu_corpus::word_count() const noexcept {
    std::size_t n = 0;
    for (const auto& s : sentences) n += s.size();
    return n;
}

conllu_corpus parse_conllu(std::string_view text, const std::string& source) {
    conllu_corpus corpus;
    corpus.source = source;
    conllu_sentence cur;
    bool open = false;
    std::size_t line_no = 0;
    auto finish = [&] {
        if (!open) return;
        if (cur.form.empty()) throw input_error("sentence without words", source, cur.first_line);
        for (std::size_t i = 0; i < cur.head.size(); ++i)
            if (cur.head[i] >= static_cast<std::int32_t>(cur.size()))
                throw input_error(fmt::format("HEAD {} outside the sentence of {} words", cur.head[i] + 1, cur.size()),
                                  source, cur.first_line + cur.word_line[i] + cur.comments.size());
        corpus.sentences.push_back(std::move(cur));
        cur = conllu_sentence{};
        open = false;
    };
    std::size_t pos = 0;
    if (text.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;  // byte order mark
    while (pos < text.size()) {
        auto nl = text.find('\n', pos);
        std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
        pos = nl == std::string_view::npos ? text.size() : nl + 1;
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (is_blank(line)) {
            finish();
            continue;
        }
        if (!open) {
            open = true;
            cur.first_line = line_no;
        }
        if (line[0] == '#') {
            if (!cur.lines.empty()) throw input_error("comment line inside a sentence", source, line_no);
            cur.comments.emplace_back(line);
            if (line.substr(0, 9) == "# text = ") cur.text = std::string(line.substr(9));
            continue;
        }
        auto cols = split_tabs(line);
        if (cols.size() != 10)
            throw input_error(fmt::format("expected 10 tab-separated columns, found {}", cols.size()), source, line_no);
        std::string_view id = cols[0];
        cur.lines.emplace_back(line);
        if (id.find('-') != std::string_view::npos || id.find('.') != std::string_view::npos) {
            long a = 0;
            auto sep = id.find_first_of("-.");
            if (!parse_int(id.substr(0, sep), a) || id.size() == sep + 1)
                throw input_error(fmt::format("bad ID '{}'", id), source, line_no);
            continue;  // a multi-word token or an empty node: not a word of the tree
        }
        long n = 0;
        if (!parse_int(id, n) || n != static_cast<long>(cur.size()) + 1)
            throw input_error(fmt::format("bad ID '{}' (expected {})", id, cur.size() + 1), source, line_no);
        long h = 0;
        if (cols[6] == "_") {
            h = 0;  // no tree annotated
        } else if (!parse_int(cols[6], h) || h < 0) {
            throw input_error(fmt::format("bad HEAD '{}'", cols[6]), source, line_no);
        }
        if (h == n) throw input_error("word is its own head", source, line_no);
        cur.word_line.push_back(cur.lines.size() - 1);
        cur.form.emplace_back(cols[1]);
        cur.lemma.emplace_back(cols[2]);
        cur.upos.emplace_back(cols[3]);
        cur.xpos.emplace_back(cols[4]);
        cur.feats.emplace_back(cols[5]);
        cur.head.push_back(static_cast<std::int32_t>(h) - 1);
        cur.deprel.emplace_back(cols[7]);
        cur.deps.emplace_back(cols[8]);
        cur.misc.emplace_back(cols[9]);
    }
    finish();
    return corpus;
}

conllu_corpus read_conllu(const std::string& path) { return parse_conllu(kg::read_file(path), path); }

std::string format_conllu(const conllu_corpus& corpus, const std::vector<std::vector<std::int32_t>>& heads,
                          const std::vector<std::vector<std::string>>& deprels) {
    std::string out;
    for (std::size_t s = 0; s < corpus.sentences.size(); ++s) {
        const auto& sent = corpus.sentences[s];
        for (const auto& c : sent.comments) {
            out += c;
            out += '\n';
        }
        std::size_t w = 0;
        for (std::size_t l = 0; l < sent.lines.size(); ++l) {
            if (w < sent.word_line.size() && sent.word_line[w] == l) {
                auto cols = split_tabs(sent.lines[l]);
                for (std::size_t c = 0; c < cols.size(); ++c) {
                    if (c) out += '\t';
                    if (c == 6)
                        out += fmt::format("{}", heads[s][w] + 1);
                    else if (c == 7)
                        out += deprels[s][w];
                    else
                        out += cols[c];
                }
                ++w;
            } else {
                out += sent.lines[l];
            }
            out += '\n';
        }
        out += '\n';
    }
    return out;
}

std::string_view universal_relation(std::string_view deprel) noexcept {
    auto colon = deprel.find(':');
    return colon == std::string_view::npos ? deprel : deprel.substr(0, colon);
}

bool is_projective(const std::vector<std::int32_t>& head) {
    const auto n = static_cast<std::int32_t>(head.size());
    // Arcs as (left, right) spans with the root at position -1 (n + 1 points);
    // two arcs cross when exactly one end of one lies strictly inside the other.
    for (std::int32_t i = 0; i < n; ++i) {
        std::int32_t a = std::min(i, head[i]), b = std::max(i, head[i]);
        for (std::int32_t j = 0; j < n; ++j) {
            if (j == i) continue;
            std::int32_t c = std::min(j, head[j]), d = std::max(j, head[j]);
            bool c_in = a < c && c < b, d_in = a < d && d < b;
            if (c_in != d_in && c != a && c != b && d != a && d != b) return false;
        }
    }
    return true;
}

void attachment_scores::add(const std::vector<std::int32_t>& gold_head, const std::vector<std::string>& gold_rel,
                            const std::vector<std::int32_t>& h, const std::vector<std::string>& rel) {
    for (std::size_t i = 0; i < gold_head.size(); ++i) {
        ++words;
        if (i < h.size() && h[i] == gold_head[i]) {
            ++head_correct;
            if (i < rel.size() && universal_relation(rel[i]) == universal_relation(gold_rel[i])) ++labeled_correct;
        }
    }
}

}  // namespace kg::extract
