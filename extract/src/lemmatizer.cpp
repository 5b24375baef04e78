#include "kg/extract/lemmatizer.hpp"

#include <algorithm>

#include "kg/extract/lexicon.hpp"

namespace kg::extract {
namespace {

bool is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

// word == stem + suffix, without building a string.
bool is_concat(std::string_view word, std::string_view stem, std::string_view suffix) {
    return word.size() == stem.size() + suffix.size() && word.substr(0, stem.size()) == stem &&
           word.substr(stem.size()) == suffix;
}

bool regular_form(std::string_view w, std::string_view l) {
    if (l.size() < 2 || w.size() <= l.size()) return false;
    const char last = l.back();
    const char before = l[l.size() - 2];
    // -s, -es
    if (is_concat(w, l, "s")) return true;
    if (is_concat(w, l, "es") && (last == 's' || last == 'x' || last == 'z' || last == 'o' || l.ends_with("ch") ||
                                  l.ends_with("sh")))
        return true;
    // -ed, -d, -ing
    if (last == 'e') {
        if (is_concat(w, l, "d")) return true;
        if (l.ends_with("ie") && is_concat(w, l.substr(0, l.size() - 2), "ying")) return true;
        if (is_concat(w, l.substr(0, l.size() - 1), "ing") && !l.ends_with("ee")) return true;
        if (is_concat(w, l, "ing")) return true;  // seeing, agreeing
        return false;
    }
    if (last == 'y' && !is_vowel(before)) {
        std::string_view stem = l.substr(0, l.size() - 1);
        if (is_concat(w, stem, "ies") || is_concat(w, stem, "ied")) return true;
    }
    if (is_concat(w, l, "ed") || is_concat(w, l, "ing")) return true;
    // A doubled final consonant: banned, suing... (ban -> bann-ed, stop -> stopp-ing).
    if (!is_vowel(last) && last != 'w' && last != 'x' && last != 'y' && w.size() > l.size() + 1 &&
        w.substr(0, l.size()) == l && w[l.size()] == last) {
        std::string_view rest = w.substr(l.size() + 1);
        if (rest == "ed" || rest == "ing") return true;
    }
    return false;
}

}  // namespace

lemmatizer lemmatizer::load(const std::string& path) {
    lemmatizer out;
    for (auto& row : read_tsv(path, 2, 2)) out.add(row.fields[0], row.fields[1]);
    return out;
}

void lemmatizer::add(std::string form, std::string lemma) {
    std::pair<std::string, std::string> p{std::move(form), std::move(lemma)};
    auto it = std::lower_bound(irregular_.begin(), irregular_.end(), p);
    if (it == irregular_.end() || *it != p) {
        lemmas_of_[p.first].push_back(p.second);
        irregular_.insert(it, std::move(p));
    }
}

bool lemmatizer::is_form_of(std::string_view word, std::string_view lemma) const {
    if (word == lemma) return true;
    if (regular_form(word, lemma)) return true;
    auto it = lemmas_of_.find(word);
    return it != lemmas_of_.end() && std::find(it->second.begin(), it->second.end(), lemma) != it->second.end();
}

}  // namespace kg::extract
