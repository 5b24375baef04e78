// Stage 3 of extraction: which mentions name the same entity. Names are
// clustered first (same canonical or normalized name, a surname after a full
// name, a company name without its legal suffix); descriptions ("a federal
// judge", "the smartphone maker") and pronouns are then resolved to them.
#include <algorithm>
#include <map>

#include "detail/resources.hpp"
#include "kg/core/ids.hpp"

namespace kg::extract::detail {
namespace {

// Broad families whose members can be confused by a recognizer.
std::string family(const kg::ontology& onto, const std::string& type) {
    for (const char* f : {"Person", "Organization", "Location"})
        if (onto.is_a(type, f)) return f;
    return type;
}

int source_rank(const mention& m) {
    if (m.source == "lexicon") return 3;
    if (m.type_is_guess) return 0;
    return m.source == "shape" ? 1 : 2;
}

// How far back (in mentions) descriptions and pronouns look for what they
// refer to: keeps resolution linear on very long documents.
constexpr std::size_t max_lookback = 400;

struct resolver {
    resolver(const resources& res, document_state& doc) : r(res), d(doc) {}

    const resources& r;
    document_state& d;
    std::vector<int> best_rank;  // per cluster: rank of the mention that set its type
    // Per cluster: one name mention per distinct normalized name (what same_entity compares).
    std::vector<std::vector<std::size_t>> distinct_names;
    std::vector<std::string> normalized;  // per mention: normalize_name(name), names only
    // Clusters by canonical name, normalized name, and first and last word of
    // their names: the only clusters a new name can join.
    std::map<std::string, std::vector<std::size_t>, std::less<>> by_canonical, by_name, by_first_word, by_last_word;
    // Clusters of organisation names by their initials ("ec" for "European
    // Commission") and by the word before their kind words ("reynolds" for "RJ
    // Reynolds Tobacco"); acronyms the text defines ("British Airways (BA)": "ba" -> "british-airways").
    std::map<std::string, std::vector<std::size_t>, std::less<>> by_initials, by_core_word;
    std::map<std::string, std::string, std::less<>> defined_acronyms;
    std::map<std::string, std::string, std::less<>> families;  // type -> family, cached
    std::vector<std::size_t> mentions_so_far;  // per cluster, while descriptions are resolved in order

    const std::string& family_of(const std::string& type) {
        auto it = families.find(type);
        if (it == families.end()) it = families.emplace(type, family(r.onto, type)).first;
        return it->second;
    }

    std::vector<std::string> words(const mention& m) const {
        std::vector<std::string> out;
        for (std::size_t i = m.first; i < m.last; ++i) out.push_back(d.folded[i]);
        return out;
    }

    bool compatible(const cluster& c, const mention& m) {
        return c.type_is_guess || m.type_is_guess || family_of(c.type) == family_of(m.type);
    }

    // "BA", "EC": two to six capital letters.
    bool is_acronym(const mention& m) const {
        if (m.last - m.first != 1) return false;
        const auto& w = d.norms[m.first];
        return w.size() >= 2 && w.size() <= 6 && std::all_of(w.begin(), w.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    }

    // Folded initials of the capitalised words of a name of two or more words, else empty.
    std::string initials(const mention& m) const {
        std::string out;
        for (std::size_t k = m.first; k < m.last; ++k) {
            const auto& w = d.norms[k];
            if (!w.empty() && w[0] >= 'A' && w[0] <= 'Z') out.push_back(static_cast<char>(w[0] - 'A' + 'a'));
            else if (!w.empty() && is_capitalized(w)) return {};
        }
        return out.size() >= 2 ? out : std::string();
    }

    // Token index of the last word before an organisation name's kind and legal words, or npos.
    std::size_t core_word(const mention& m) const {
        std::size_t k = m.last;
        while (k > m.first && r.org_keywords.find(d.norms[k - 1])) --k;
        if (k == m.last || k <= m.first + 1) return static_cast<std::size_t>(-1);
        return k - 1;
    }

    // The cluster an acronym stands for: the name the text defined it for, else the
    // one organisation of the document whose initials it spells; npos when none.
    std::size_t acronym_cluster(const mention& m) const {
        if (!is_acronym(m)) return static_cast<std::size_t>(-1);
        std::string key = d.folded[m.first];
        if (auto def = defined_acronyms.find(normalize_name(key)); def != defined_acronyms.end())
            if (auto it = by_name.find(def->second); it != by_name.end() && !it->second.empty()) return it->second.front();
        if (!m.canonical.empty()) return static_cast<std::size_t>(-1);  // the lexicon knows what it means
        auto it = by_initials.find(key);
        if (it != by_initials.end() && it->second.size() == 1) return it->second.front();
        return static_cast<std::size_t>(-1);
    }

    // Does name mention m name the entity of cluster c?
    bool same_entity(std::size_t ci, const mention& m, std::size_t mi) {
        const cluster& c = d.clusters[ci];
        if (c.is_action) return false;
        // A tagger may type a short form differently from the full name
        // ("Northwind’s founder" tagged as a person): a one-word name that
        // begins an organisation's name or ends a person's joins it anyway.
        bool short_form = m.last - m.first == 1 && m.source != "lexicon";
        if (!compatible(c, m) && !short_form) return false;
        if (!compatible(c, m)) {
            bool person = family_of(c.type) == "Person";
            if (!person && family_of(c.type) != "Organization") return false;
            for (auto oi : distinct_names[ci]) {
                const auto& o = d.mentions[oi];
                if (o.kind != mention_kind::name || o.last - o.first < 2) continue;
                if (d.folded[person ? o.last - 1 : o.first] == d.folded[m.first]) return true;
                if (std::size_t core = person || o.type != "Company" ? static_cast<std::size_t>(-1) : core_word(o);
                    core != static_cast<std::size_t>(-1) && d.folded[core] == d.folded[m.first])
                    return true;
            }
            return false;
        }
        if (!m.canonical.empty() || !c.canonical.empty()) return m.canonical == c.canonical && !m.canonical.empty();
        auto mw = words(m);
        for (auto oi : distinct_names[ci]) {
            const auto& o = d.mentions[oi];
            if (normalized[oi] == normalized[mi]) return true;
            auto ow = words(o);
            if (mw.size() >= ow.size()) continue;
            bool person = family_of(c.type) == "Person" || family_of(m.type) == "Person";
            // "Contreras" after "Rudolph Contreras": the shorter name ends the longer one.
            if (person && std::equal(mw.rbegin(), mw.rend(), ow.rbegin())) return true;
            // "Reynolds" after "RJ Reynolds Tobacco": the word before the kind words.
            if (!person && mw.size() == 1 && ow.size() >= 2 && o.type == "Company")
                if (std::size_t core = core_word(o); core != static_cast<std::size_t>(-1) && d.folded[core] == mw[0])
                    return true;
            // "Acme" after "Acme Corp": the longer name is the shorter plus legal/kind words.
            if (!person && std::equal(mw.begin(), mw.end(), ow.begin())) {
                bool rest_are_keywords = true;
                for (std::size_t k = o.first + mw.size(); k < o.last; ++k)
                    if (!r.org_keywords.find(d.norms[k])) rest_are_keywords = false;
                if (rest_are_keywords) return true;
            }
        }
        return false;
    }

    void join(std::size_t ci, std::size_t mi) {
        auto& c = d.clusters[ci];
        auto& m = d.mentions[mi];
        m.entity = static_cast<long>(ci);
        c.mentions.push_back(mi);
        if (m.kind == mention_kind::name) {
            auto& names = distinct_names[ci];
            bool seen = std::any_of(names.begin(), names.end(), [&](std::size_t oi) { return normalized[oi] == normalized[mi]; });
            if (!seen) {
                names.push_back(mi);
                auto add = [ci](std::vector<std::size_t>& v) {
                    if (v.empty() || v.back() != ci) v.push_back(ci);
                };
                add(by_name[normalized[mi]]);
                add(by_first_word[d.folded[m.first]]);
                add(by_last_word[d.folded[m.last - 1]]);
                if (!m.canonical.empty()) add(by_canonical[m.canonical]);
                if (m.last - m.first >= 2 && family_of(m.type) == "Organization") {
                    if (auto ini = initials(m); !ini.empty()) add(by_initials[ini]);
                    if (std::size_t core = core_word(m); core != static_cast<std::size_t>(-1) && m.type == "Company")
                        add(by_core_word[d.folded[core]]);
                }
            }
        }
        if (m.kind == mention_kind::name && source_rank(m) > best_rank[ci]) {
            best_rank[ci] = source_rank(m);
            c.type = m.type;
            c.type_is_guess = m.type_is_guess;
        }
        if (c.canonical.empty()) c.canonical = m.canonical;
        for (auto& [k, vs] : m.attributes) {
            if (k != "title") continue;
            auto& dst = c.attributes[k];
            for (auto& v : vs)
                if (std::find(dst.begin(), dst.end(), v) == dst.end()) dst.push_back(v);
        }
    }

    void names() {
        std::vector<std::size_t> order;
        for (std::size_t i = 0; i < d.mentions.size(); ++i)
            if (d.mentions[i].kind == mention_kind::name) order.push_back(i);
        // Longer names first, so that surnames find their full names wherever they are.
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            return d.mentions[a].last - d.mentions[a].first > d.mentions[b].last - d.mentions[b].first;
        });
        normalized.assign(d.mentions.size(), {});
        for (auto mi : order) normalized[mi] = normalize_name(d.mentions[mi].name);
        for (auto mi : order)
            if (auto sf = d.mentions[mi].attributes.find("short_for"); sf != d.mentions[mi].attributes.end() && is_acronym(d.mentions[mi]))
                defined_acronyms.try_emplace(normalized[mi], normalize_name(sf->second.front()));
        std::vector<std::size_t> candidates;
        for (auto mi : order) {
            const auto& m = d.mentions[mi];
            // Longer names are clustered first, so an acronym finds its full name here.
            if (std::size_t ac = acronym_cluster(m); ac != static_cast<std::size_t>(-1)) {
                join(ac, mi);
                continue;
            }
            // Only clusters sharing a canonical name, a normalized name or an
            // edge word can be the same entity; test them in creation order.
            candidates.clear();
            auto gather = [&](const auto& index, std::string_view key) {
                if (auto it = index.find(key); it != index.end())
                    candidates.insert(candidates.end(), it->second.begin(), it->second.end());
            };
            if (!m.canonical.empty()) gather(by_canonical, m.canonical);
            gather(by_name, normalized[mi]);
            gather(by_first_word, d.folded[m.first]);
            gather(by_last_word, d.folded[m.last - 1]);
            if (m.last - m.first == 1) gather(by_core_word, d.folded[m.first]);
            std::sort(candidates.begin(), candidates.end());
            candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
            std::size_t found = d.clusters.size();
            for (auto ci : candidates)
                if (same_entity(ci, m, mi)) {
                    found = ci;
                    break;
                }
            if (found == d.clusters.size()) {
                d.clusters.emplace_back();
                best_rank.push_back(-1);
                distinct_names.emplace_back();
            }
            join(found, mi);
        }
    }

    // Nearest mention (before mi, else after it when `forward`) whose cluster satisfies pred.
    template <class Pred>
    long nearest(std::size_t mi, std::size_t max_sentences_back, bool forward, Pred pred) const {
        const auto& m = d.mentions[mi];
        for (std::size_t k = mi; k-- > 0 && mi - k <= max_lookback;) {
            const auto& o = d.mentions[k];
            if (m.sentence - o.sentence > max_sentences_back) break;
            if (o.entity >= 0 && o.kind != mention_kind::pronoun && pred(d.clusters[static_cast<std::size_t>(o.entity)]))
                return o.entity;
        }
        if (forward)
            for (std::size_t k = mi + 1; k < d.mentions.size() && k - mi <= max_lookback; ++k) {
                const auto& o = d.mentions[k];
                if (o.entity >= 0 && o.kind == mention_kind::name && pred(d.clusters[static_cast<std::size_t>(o.entity)]))
                    return o.entity;
            }
        return -1;
    }

    // Among the entities the last three sentences speak of, the one mentioned
    // most so far ("the company" after a paragraph about Xiaomi is Xiaomi, even
    // when another company was named in between); ties go to the nearest.
    template <class Pred>
    long most_salient(std::size_t mi, Pred pred) const {
        const auto& m = d.mentions[mi];
        long best = -1;
        std::pair<std::size_t, std::size_t> best_score{0, 0};  // (mentions so far, position)
        for (std::size_t k = mi; k-- > 0 && mi - k <= max_lookback;) {
            const auto& o = d.mentions[k];
            if (m.sentence - o.sentence > 2) break;
            if (o.entity < 0 || o.kind == mention_kind::pronoun) continue;
            std::pair<std::size_t, std::size_t> score{mentions_so_far[static_cast<std::size_t>(o.entity)], k + 1};
            // Scanning backwards, a cluster's first hit is its latest position.
            if (score > best_score && pred(d.clusters[static_cast<std::size_t>(o.entity)])) {
                best_score = score;
                best = o.entity;
            }
        }
        if (best >= 0) return best;
        return nearest(mi, static_cast<std::size_t>(-1), false, pred);
    }

    // The first entity mention of its sentence: most often the subject, which
    // later pronouns and descriptions tend to continue with.
    bool is_sentence_subject(std::size_t mi) const {
        const auto& m = d.mentions[mi];
        for (std::size_t k = mi; k-- > 0;) {
            const auto& o = d.mentions[k];
            if (o.sentence != m.sentence) break;
            if (o.kind != mention_kind::value && o.type != "Action") return false;
        }
        return m.kind != mention_kind::value;
    }

    // "It sued ..." at the start of a sentence continues the previous
    // sentences' subject rather than the nearest name: the first compatible
    // entity of the nearest earlier sentence that has one ("According to Judge
    // Contreras, ... He added" is Contreras, even after "US" in his title).
    template <class Pred>
    long previous_subject(std::size_t mi, std::size_t max_sentences_back, Pred pred) const {
        const auto& m = d.mentions[mi];
        long best = -1;
        std::size_t best_sentence = 0;
        for (std::size_t k = mi; k-- > 0 && mi - k <= max_lookback;) {
            const auto& o = d.mentions[k];
            if (o.sentence == m.sentence) continue;
            if (m.sentence - o.sentence > max_sentences_back) break;
            if (best >= 0 && o.sentence != best_sentence) break;  // the nearest sentence with one decides
            if (o.entity >= 0 && o.kind != mention_kind::pronoun && o.kind != mention_kind::value &&
                pred(d.clusters[static_cast<std::size_t>(o.entity)])) {
                best = o.entity;  // scanning backwards: the last one kept is the sentence's first
                best_sentence = o.sentence;
            }
        }
        return best;
    }

    // A description set off by a comma right after a name describes that name.
    long apposition(std::size_t mi) const {
        const auto& m = d.mentions[mi];
        if (mi == 0 || m.first < 2 || d.norms[m.first - 1] != ",") return -1;
        const auto& before = d.mentions[mi - 1];
        if (before.kind != mention_kind::name || before.last != m.first - 1 || before.entity < 0) return -1;
        return accepts(d.clusters[static_cast<std::size_t>(before.entity)], m.type) ? before.entity : -1;
    }

    bool accepts(const cluster& c, const std::string& type) const {
        if (c.is_action) return false;
        if (r.onto.is_a(c.type, type)) return true;
        // "the company" may name an organisation the recognizer could not type further.
        return c.type == "Organization" && r.onto.is_a(type, "Organization");
    }

    void descriptions_and_pronouns() {
        constexpr std::size_t whole_document = static_cast<std::size_t>(-1);
        mentions_so_far.assign(d.clusters.size(), 0);
        for (std::size_t mi = 0; mi < d.mentions.size(); ++mi) {
            if (mi > 0) {  // the mention before, now resolved, counts towards its entity's salience
                const auto& prev = d.mentions[mi - 1];
                if (prev.entity >= 0 && prev.kind != mention_kind::pronoun) {
                    // Subjects weigh double: "the company" after "Globex said it would buy Initech" is Globex.
                    mentions_so_far[static_cast<std::size_t>(prev.entity)] += is_sentence_subject(mi - 1) ? 2 : 1;
                }
            }
            auto& m = d.mentions[mi];
            long target = -1;
            if (m.kind == mention_kind::nominal && m.type != "Action") {
                auto req = m.attributes.find("requires_title");
                bool indefinite = m.attributes.count("indefinite") > 0;
                if (req != m.attributes.end()) {
                    const std::string& word = req->second.front();
                    target = nearest(mi, whole_document, true, [&](const cluster& c) {
                        if (!accepts(c, m.type)) return false;
                        auto t = c.attributes.find("title");
                        if (t == c.attributes.end()) return false;
                        for (auto& title : t->second)
                            if (fold_phrase(title).find(word) != std::string::npos) return true;
                        return false;
                    });
                } else if (long apposed = apposition(mi); apposed >= 0) {
                    target = apposed;  // "Gazprom, the company originally tipped to buy ..."
                } else if (!indefinite) {
                    target = most_salient(mi, [&](const cluster& c) { return accepts(c, m.type); });
                }
            } else if (m.kind == mention_kind::pronoun) {
                std::size_t back = m.type == "Person" ? 3 : 2;
                const auto& types = m.attributes["types"];
                auto compatible = [&](const cluster& c) {
                    if (c.is_action) return false;
                    for (auto& t : types)
                        if (family_of(c.type) == family_of(t)) return true;
                    return types.empty() && family_of(c.type) == family_of(m.type);
                };
                if (is_sentence_subject(mi)) target = previous_subject(mi, back, compatible);
                if (target < 0) target = nearest(mi, back, false, compatible);
            } else {
                continue;
            }
            if (target >= 0) {
                m.entity = target;
                d.clusters[static_cast<std::size_t>(target)].mentions.push_back(mi);
            }
        }
    }

    void labels() {
        for (auto& c : d.clusters) {
            if (c.is_action) continue;
            if (!c.canonical.empty()) {
                c.label = c.canonical;
                continue;
            }
            const mention* best = nullptr;
            for (auto mi : c.mentions) {
                const auto& m = d.mentions[mi];
                if (m.kind != mention_kind::name) continue;
                if (!best || m.name.size() > best->name.size()) best = &m;
            }
            if (best) c.label = best->name;
        }
    }
};

}  // namespace

void resolve_coreference(const resources& r, document_state& d) {
    resolver res(r, d);
    res.names();
    res.descriptions_and_pronouns();
    res.labels();
    for (auto& c : d.clusters) std::sort(c.mentions.begin(), c.mentions.end());
}

}  // namespace kg::extract::detail
