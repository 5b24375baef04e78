#include "kg/extract/conll.hpp"

#include <fmt/format.h>

#include "kg/core/error.hpp"
#include "kg/core/io.hpp"

namespace kg::extract {
namespace detail {
namespace {

std::vector<std::string> split_columns(std::string_view line) {
    std::vector<std::string> cols;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
        if (i >= line.size()) break;
        std::size_t j = i;
        while (j < line.size() && line[j] != ' ' && line[j] != '\t') ++j;
        cols.emplace_back(line.substr(i, j - i));
        i = j;
    }
    return cols;
}

bool is_blank(std::string_view line) {
    for (char c : line)
        if (c != ' ' && c != '\t') return false;
    return true;
}

// conlleval's split of a tag into prefix and type.
void split_tag(const std::string& tag, std::string_view& prefix, std::string_view& type) {
    std::string_view t(tag);
    auto dash = t.find('-');
    if (dash == std::string_view::npos) {
        prefix = t;
        type = {};
    } else {
        prefix = t.substr(0, dash);
        type = t.substr(dash + 1);
    }
}

// BILOU's L and U behave as IOBES's E and S.
std::string_view as_iobes(std::string_view p) {
    if (p == "L") return "E";
    if (p == "U") return "S";
    return p;
}

bool end_of_chunk(std::string_view prev, std::string_view tag, std::string_view prev_type, std::string_view type) {
    prev = as_iobes(prev);
    tag = as_iobes(tag);
    if (prev == "B" && (tag == "B" || tag == "O" || tag == "S")) return true;
    if (prev == "I" && (tag == "B" || tag == "O" || tag == "S")) return true;
    if (prev == "E" || prev == "S") return true;
    if (prev != "O" && prev != "." && prev_type != type) return true;
    return false;
}

bool start_of_chunk(std::string_view prev, std::string_view tag, std::string_view prev_type, std::string_view type) {
    prev = as_iobes(prev);
    tag = as_iobes(tag);
    if (tag == "B" || tag == "S") return true;
    if ((prev == "E" || prev == "S" || prev == "O") && (tag == "I" || tag == "E")) return true;
    if (tag != "O" && tag != "." && prev_type != type) return true;
    return false;
}

}  // namespace
}  // namespace detail

std::vector<std::string> conll_sentence::column(std::size_t c) const {
    std::vector<std::string> out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.push_back(c < r.size() ? r[c] : std::string());
    return out;
}

std::size_t conll_corpus::token_count() const noexcept {
    std::size_t n = 0;
    for (const auto& d : documents)
        for (const auto& s : d.sentences) n += s.size();
    return n;
}

std::size_t conll_corpus::sentence_count() const noexcept {
    std::size_t n = 0;
    for (const auto& d : documents) n += d.sentences.size();
    return n;
}

bool is_docstart(std::string_view first_column) noexcept { return first_column == "-DOCSTART-"; }

conll_corpus parse_conll(std::string_view text, const std::string& source_name, std::size_t min_columns) {
    conll_corpus corpus;
    corpus.source = source_name;
    conll_document doc;
    conll_sentence sent;
    auto close_sentence = [&] {
        if (!sent.rows.empty()) doc.sentences.push_back(std::move(sent));
        sent = {};
    };
    auto close_document = [&] {
        close_sentence();
        if (!doc.sentences.empty()) corpus.documents.push_back(std::move(doc));
        doc = {};
    };
    std::size_t pos = 0;
    std::size_t line_no = 0;
    while (pos < text.size()) {
        std::size_t nl = text.find('\n', pos);
        std::size_t end = nl == std::string_view::npos ? text.size() : nl;
        std::string_view line = text.substr(pos, end - pos);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        pos = nl == std::string_view::npos ? text.size() : nl + 1;
        ++line_no;
        corpus.lines.emplace_back(line);
        if (detail::is_blank(line)) {
            close_sentence();
            continue;
        }
        auto cols = detail::split_columns(line);
        if (is_docstart(cols[0])) {
            ++corpus.docstart_lines;
            close_document();
            continue;
        }
        if (corpus.columns == 0) {
            if (cols.size() < min_columns)
                throw input_error(fmt::format("expected at least {} columns, found {}", min_columns, cols.size()),
                                  source_name, line_no);
            corpus.columns = cols.size();
        } else if (cols.size() != corpus.columns) {
            throw input_error(fmt::format("expected {} columns, found {}", corpus.columns, cols.size()),
                              source_name, line_no);
        }
        sent.rows.push_back(std::move(cols));
        sent.lines.push_back(line_no);
    }
    close_document();
    return corpus;
}

conll_corpus read_conll(const std::string& path, std::size_t min_columns) {
    return parse_conll(read_file(path), path, min_columns);
}

std::vector<labeled_span> tags_to_spans(const std::vector<std::string>& tags) {
    std::vector<labeled_span> spans;
    std::string_view prev = "O", prev_type;
    bool open = false;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= tags.size(); ++i) {
        std::string_view tag = "O", type;
        if (i < tags.size()) detail::split_tag(tags[i], tag, type);
        if (open && detail::end_of_chunk(prev, tag, prev_type, type)) {
            spans.push_back({start, i, std::string(prev_type)});
            open = false;
        }
        if (i < tags.size() && detail::start_of_chunk(prev, tag, prev_type, type)) {
            open = true;
            start = i;
        }
        prev = tag;
        prev_type = type;
    }
    return spans;
}

std::vector<std::string> spans_to_bio(const std::vector<labeled_span>& spans, std::size_t n) {
    std::vector<std::string> tags(n, "O");
    for (const auto& s : spans)
        for (std::size_t i = s.begin; i < s.end && i < n; ++i) tags[i] = (i == s.begin ? "B-" : "I-") + s.type;
    return tags;
}

std::vector<std::string> spans_to_bilou(const std::vector<labeled_span>& spans, std::size_t n) {
    std::vector<std::string> tags(n, "O");
    for (const auto& s : spans) {
        if (s.end > n || s.begin >= s.end) continue;
        if (s.end - s.begin == 1) {
            tags[s.begin] = "U-" + s.type;
            continue;
        }
        for (std::size_t i = s.begin; i < s.end; ++i)
            tags[i] = (i == s.begin ? "B-" : i + 1 == s.end ? "L-" : "I-") + s.type;
    }
    return tags;
}

std::vector<std::string> spans_to_iob1(const std::vector<labeled_span>& spans, std::size_t n) {
    std::vector<std::string> tags(n, "O");
    std::size_t prev_end = static_cast<std::size_t>(-1);
    std::string prev_type;
    for (const auto& s : spans) {
        for (std::size_t i = s.begin; i < s.end && i < n; ++i) {
            bool b = i == s.begin && prev_end == s.begin && prev_type == s.type;
            tags[i] = (b ? "B-" : "I-") + s.type;
        }
        prev_end = s.end;
        prev_type = s.type;
    }
    return tags;
}

std::vector<std::string> to_iob1(const std::vector<std::string>& tags) {
    return spans_to_iob1(tags_to_spans(tags), tags.size());
}

bool uses_iob1(const std::vector<std::string>& tags) {
    for (const auto& s : tags_to_spans(tags))
        if (tags[s.begin].rfind("I-", 0) == 0) return true;
    return false;
}

std::vector<std::string> to_bio(const std::vector<std::string>& tags) {
    return spans_to_bio(tags_to_spans(tags), tags.size());
}

std::string format_predictions(const conll_corpus& corpus, const std::vector<std::string>& predicted) {
    std::string out;
    std::size_t k = 0;
    for (const auto& line : corpus.lines) {
        out += line;
        if (!detail::is_blank(line)) {
            auto cols = detail::split_columns(line);
            if (is_docstart(cols[0])) {
                out += " O";
            } else {
                out += ' ';
                out += k < predicted.size() ? predicted[k] : std::string("O");
                ++k;
            }
        }
        out += '\n';
    }
    return out;
}

}  // namespace kg::extract
