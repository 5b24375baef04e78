// Stage 4 of extraction: relation patterns matched over each sentence's
// tokens and resolved mentions give facts; facts about actions ("placed
// Xiaomi on a blacklist") also make the action a node that later sentences
// can refer to ("the ban").
#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include "detail/resources.hpp"

namespace kg::extract::detail {
namespace {

constexpr std::size_t npos = static_cast<std::size_t>(-1);
// Model relations below this confidence are left out: on a sample of 30 BBC
// facts, about 83% were right at 0.9 and about 37% at 0.5.
constexpr double model_threshold = 0.9;

struct slot_fill {
    long cluster = -1;
    bool indirect = false;  // through a description or a pronoun
};

struct match_state {
    slot_fill s;
    std::vector<slot_fill> o;
    slot_fill x;
    std::vector<std::string> roles;
    std::size_t start = 0, end = 0;
    std::size_t first_literal = npos;
    std::vector<std::pair<long, std::string>> retypes;  // guessed types the match settles
};

struct fact_finder {
    const resources& r;
    document_state& d;
    std::vector<std::vector<std::size_t>> starts;  // per token: mentions starting there, longest first
    std::vector<std::vector<std::size_t>> names_by_sentence;  // per sentence: its name mentions
    long salient_action = -1;
    long current_speaker = -1;  // who the facts being emitted are attributed to
    std::vector<fact_draft> drafts;
    std::size_t sentence = 0, last = 0;

    void index_mentions() {
        starts.assign(d.text.tokens.size(), {});
        for (std::size_t i = 0; i < d.mentions.size(); ++i) starts[d.mentions[i].first].push_back(i);
        // The name mentions of each sentence, in mention order (the mentions
        // added later are actions' words, never names).
        names_by_sentence.assign(d.text.sentences.size(), {});
        for (std::size_t i = 0; i < d.mentions.size(); ++i)
            if (d.mentions[i].kind == mention_kind::name && d.mentions[i].sentence < names_by_sentence.size())
                names_by_sentence[d.mentions[i].sentence].push_back(i);
    }

    // ------------------------------------------------------------ actions

    long find_action(const std::string& kind, const std::vector<long>& targets) const {
        for (std::size_t c = 0; c < d.clusters.size(); ++c)
            if (d.clusters[c].is_action && d.clusters[c].action_kind == kind && d.clusters[c].action_targets == targets)
                return static_cast<long>(c);
        return -1;
    }

    static bool aims_at(const cluster& c, long target) {
        return std::find(c.action_targets.begin(), c.action_targets.end(), target) != c.action_targets.end();
    }

    // One action aimed at one or more entities ("restrictions on WeChat and TikTok").
    long make_action(const std::string& kind, const std::vector<long>& targets, std::size_t first, std::size_t end,
                     const std::string& rule) {
        if (long found = find_action(kind, targets); found >= 0) return found;
        const action_kind* a = r.action(kind);
        std::string object;
        for (std::size_t i = 0; i < targets.size(); ++i) {
            if (i > 0) object += i + 1 == targets.size() ? " and " : ", ";
            object += d.clusters[static_cast<std::size_t>(targets[i])].label;
        }
        cluster c;
        c.is_action = true;
        c.type = "Action";
        c.action_kind = kind;
        c.action_targets = targets;
        c.label = a->label_template;
        c.label.replace(c.label.find("{object}"), 8, object);
        // The words that state the action are its first mention.
        mention m;
        m.sentence = sentence;
        m.first = first;
        m.last = end;
        m.kind = mention_kind::nominal;
        m.type = "Action";
        m.source = "rule";
        m.name = mention_text(d, first, end);
        m.entity = static_cast<long>(d.clusters.size());
        c.mentions.push_back(d.mentions.size());
        starts[first].push_back(d.mentions.size());
        d.mentions.push_back(std::move(m));
        d.clusters.push_back(std::move(c));
        long id = static_cast<long>(d.clusters.size() - 1);
        for (long target : targets) {
            fact_draft t;
            t.source = static_cast<std::size_t>(id);
            t.target = static_cast<std::size_t>(target);
            t.relation = "TARGETS";
            t.label = r.onto.relation_type("TARGETS")->label;
            t.confidence = 0.9;
            t.sentence = sentence;
            t.rule = rule;
            drafts.push_back(std::move(t));
        }
        return id;
    }

    // The party that took an action: the source of its agent fact (IMPOSED, FILED...), or -1.
    long agent_of(long action) const {
        const action_kind* a = r.action(d.clusters[static_cast<std::size_t>(action)].action_kind);
        if (!a) return -1;
        for (auto& f : drafts)
            if (static_cast<long>(f.target) == action && f.relation == a->agent_relation &&
                f.polarity == kg::polarity::positive)
                return static_cast<long>(f.source);
        return -1;
    }

    // "the blacklist that's imposed on Huawei", with no one named: the party
    // that took the document's earlier action of the same kind is the likely
    // agent; kept as a weak fact.
    void inherit_agent(long action) {
        const auto& c = d.clusters[static_cast<std::size_t>(action)];
        const action_kind* a = r.action(c.action_kind);
        if (!a) return;
        for (long other = action; other-- > 0;) {
            const auto& oc = d.clusters[static_cast<std::size_t>(other)];
            if (!oc.is_action || oc.action_kind != c.action_kind) continue;
            long agent = agent_of(other);
            if (agent < 0) continue;
            fact_draft f;
            f.source = static_cast<std::size_t>(agent);
            f.target = static_cast<std::size_t>(action);
            f.relation = a->agent_relation;
            f.label = r.onto.relation_type(a->agent_relation)->label;
            f.confidence = 0.5;
            f.sentence = sentence;
            f.rule = "action.inherited-agent";
            drafts.push_back(std::move(f));
            return;
        }
    }

    bool action_has_noun(const cluster& c, const std::string& noun) const {
        const action_kind* a = r.action(c.action_kind);
        return a && std::find(a->nouns.begin(), a->nouns.end(), noun) != a->nouns.end();
    }

    // "the ban", "the blacklist on Xiaomi", "the move": which action is meant.
    void resolve_action_descriptions(std::size_t first, std::size_t end) {
        std::vector<std::size_t> candidates;
        for (std::size_t k = first; k < end; ++k)
            for (auto mi : starts[k]) candidates.push_back(mi);
        for (auto mi : candidates) {
            auto& m = d.mentions[mi];
            if (m.kind != mention_kind::nominal || m.type != "Action" || m.source != "description" || m.entity >= 0)
                continue;
            std::string noun = fold_phrase(m.attributes["noun"].front());
            std::string kind = m.attributes["kind"].front();
            // An explicit target within a few words: "the blacklist (that's imposed) on Huawei".
            long target = -1;
            for (std::size_t k = m.last; k < end && k < m.last + 4 && target < 0; ++k) {
                const auto& w = d.folded[k];
                if (w != "on" && w != "against" && w != "of" && w != "onto" && w != "targeting") continue;
                if (k + 1 < end)
                    for (auto oi : starts[k + 1])
                        if (d.mentions[oi].entity >= 0 && !d.clusters[static_cast<std::size_t>(d.mentions[oi].entity)].is_action) {
                            target = d.mentions[oi].entity;
                            break;
                        }
            }
            long found = -1;
            if (target >= 0) {
                for (std::size_t c = d.clusters.size(); c-- > 0 && found < 0;)
                    if (d.clusters[c].is_action && aims_at(d.clusters[c], target) && action_has_noun(d.clusters[c], noun))
                        found = static_cast<long>(c);
                if (found < 0) {
                    found = make_action(kind, {target}, m.first, m.last, "action.description");
                    inherit_agent(found);
                }
            } else if (salient_action >= 0 && action_has_noun(d.clusters[static_cast<std::size_t>(salient_action)], noun)) {
                found = salient_action;
            } else {
                for (std::size_t c = d.clusters.size(); c-- > 0 && found < 0;)
                    if (d.clusters[c].is_action && action_has_noun(d.clusters[c], noun)) found = static_cast<long>(c);
            }
            if (found >= 0) {
                d.mentions[mi].entity = found;
                d.clusters[static_cast<std::size_t>(found)].mentions.push_back(mi);
                salient_action = found;
            }
        }
    }

    // ------------------------------------------------------------ matching

    // A name starting at token k whose (settled) type the slot accepts.
    bool names_same_kind(std::size_t k, const pattern_element& slot) const {
        for (auto mi : starts[k]) {
            const auto& m = d.mentions[mi];
            if (m.kind != mention_kind::name || m.entity < 0) continue;
            const auto& c = d.clusters[static_cast<std::size_t>(m.entity)];
            if (c.is_action || c.type_is_guess) continue;
            bool excluded = false;
            for (auto& t : slot.excluded) excluded = excluded || r.onto.is_a(c.type, t);
            if (excluded) continue;
            for (auto& t : slot.types)
                if (r.onto.is_a(c.type, t)) return true;
        }
        return false;
    }

    // "unit", "firm": a noun descriptors.tsv types as an organisation.
    bool names_organisation(const std::string& noun) const {
        const std::string* value = r.descriptors.find(noun);
        if (!value) return false;
        return r.onto.is_a(value->substr(0, value->find('\t')), "Organization");
    }

    bool accepts(long ci, const pattern_element& e, match_state& st) const {
        if (ci < 0) return false;
        const auto& c = d.clusters[static_cast<std::size_t>(ci)];
        for (auto& t : e.excluded)
            if (r.onto.is_a(c.type, t)) return false;
        for (auto& t : e.types)
            if (r.onto.is_a(c.type, t)) return true;
        // A name typed by its shape alone takes the type the pattern gives it
        // ("Xiaomi's founder and CEO, Lei Jun" makes Lei Jun a person) once the
        // whole pattern has matched.
        if (c.type_is_guess && !c.is_action && e.types.front() != "Action") {
            for (auto& [other, type] : st.retypes)
                if (other == ci) return std::find(e.types.begin(), e.types.end(), type) != e.types.end();
            st.retypes.emplace_back(ci, e.types.front());
            return true;
        }
        return false;
    }

    // A pattern word matches its own form and, written as a lemma, its
    // inflections ("sue": sued, sues, suing; "buy": bought); "=form" only itself.
    bool word_matches(const std::string& token, std::string_view w) const {
        if (!w.empty() && w.front() == '=') return token == w.substr(1);
        return r.lemmas.is_form_of(token, w);
    }

    bool words_at(const pattern_element& e, std::size_t pos, std::size_t& matched) const {
        for (auto& alt : e.words) {
            std::size_t n = 0, k = pos, start = 0;
            bool ok = true;
            while (start <= alt.size()) {
                auto sp = alt.find(' ', start);
                std::string_view w(alt.data() + start, (sp == std::string::npos ? alt.size() : sp) - start);
                if (k >= last || !word_matches(d.folded[k], w)) {
                    ok = false;
                    break;
                }
                ++k;
                ++n;
                if (sp == std::string::npos) break;
                start = sp + 1;
            }
            if (ok) {
                matched = n;
                return true;
            }
        }
        return false;
    }

    // Role nouns joined by "and" / ",": "founder and CEO".
    std::size_t roles_at(std::size_t pos, std::vector<std::string>& relations) const {
        std::size_t k = pos;
        while (k < last) {
            const std::string* rel = nullptr;
            std::size_t n = r.roles.match(d.folded, k, last, &rel);
            if (n == 0) break;
            relations.push_back(*rel);
            k += n;
            if (k + 1 < last && (d.folded[k] == "and" || d.folded[k] == "&" || d.folded[k] == ",") &&
                r.roles.match(d.folded, k + 1, last, nullptr) > 0)
                ++k;
            else
                break;
        }
        return relations.empty() ? 0 : k - pos;
    }

    slot_fill fill_of(std::size_t mi) const {
        const auto& m = d.mentions[mi];
        return {m.entity, m.kind != mention_kind::name};
    }

    bool match(const relation_rule& rule, std::size_t e, std::size_t pos, match_state& st) {
        if (e == rule.elements.size()) {
            st.end = pos;
            return true;
        }
        const auto& el = rule.elements[e];
        switch (el.what) {
            case pattern_element::kind::words: {
                std::size_t n = 0;
                if (el.negated) return !words_at(el, pos, n) && match(rule, e + 1, pos, st);
                if (words_at(el, pos, n)) {
                    auto saved = st.first_literal;
                    if (st.first_literal == npos) st.first_literal = pos;
                    if (match(rule, e + 1, pos + n, st)) return true;
                    st.first_literal = saved;
                }
                return el.optional && match(rule, e + 1, pos, st);
            }
            case pattern_element::kind::gap:
                for (std::size_t k = 0; k <= el.max_gap && pos + k <= last; ++k) {
                    if (match(rule, e + 1, pos + k, st)) return true;
                    // A gap does not step over another name the slot before it would take:
                    // in "Lopez said Globex bought Initech" the buyer is Globex, not Lopez.
                    if (pos + k < last && e > 0 && rule.elements[e - 1].what == pattern_element::kind::slot &&
                        names_same_kind(pos + k, rule.elements[e - 1]))
                        return false;
                }
                return false;
            case pattern_element::kind::role: {
                std::vector<std::string> rels;
                std::size_t n = roles_at(pos, rels);
                if (n == 0) return false;
                auto saved = st.first_literal;
                if (st.first_literal == npos) st.first_literal = pos;
                st.roles = rels;
                if (match(rule, e + 1, pos + n, st)) return true;
                st.first_literal = saved;
                st.roles.clear();
                return false;
            }
            case pattern_element::kind::slot: {
                // A quoted name (“Chinese Communist Military Company”) or a name
                // after "the" ("against the Commerce Department").
                if (pos + 1 < last && (d.norms[pos] == "\"" || d.folded[pos] == "the") && !starts[pos + 1].empty()) ++pos;
                if (pos >= last) return false;
                for (auto mi : starts[pos]) {
                    const auto& m = d.mentions[mi];
                    auto saved = st;
                    // "bought Toyota's hybrid technology": a possessor is not the argument,
                    // unless the pattern itself goes on with 's.
                    bool possessor = m.last < last && d.folded[m.last] == "'s" &&
                                     !(e + 1 < rule.elements.size() &&
                                       rule.elements[e + 1].what == pattern_element::kind::words &&
                                       std::find(rule.elements[e + 1].words.begin(), rule.elements[e + 1].words.end(),
                                                 "'s") != rule.elements[e + 1].words.end());
                    // "Yukos owner sues Russia": a name followed by a common noun only
                    // modifies it, unless the pattern itself names the next word.
                    // But "the Yugansk unit", "the Exel firm": a head noun that describes
                    // an organisation is the name's own (descriptors.tsv).
                    // Also with an adjective between: "the Commons public accounts committee".
                    auto common_noun = [&](std::size_t k) {
                        return k < last && (d.text.pos[k] == "NN" || d.text.pos[k] == "NNS") && !is_capitalized(d.norms[k]);
                    };
                    std::size_t head = m.last;
                    if (head < last && d.text.pos.size() == d.norms.size() && d.text.pos[head] == "JJ" &&
                        !is_capitalized(d.norms[head]) && common_noun(head + 1))
                        ++head;
                    // A date right after the name ("last year", "yesterday") is no head noun.
                    bool modifier = m.last < last && m.kind == mention_kind::name && d.text.pos.size() == d.norms.size() &&
                                    starts[m.last].empty() && common_noun(head) && !names_organisation(d.folded[head]) &&
                                    (e + 1 >= rule.elements.size() || rule.elements[e + 1].what == pattern_element::kind::gap);
                    if (m.last > last || m.kind == mention_kind::value || possessor || modifier || !accepts(m.entity, el, st)) {
                        st = saved;
                        continue;
                    }
                    std::vector<slot_fill> fills{fill_of(mi)};
                    std::size_t end = m.last;
                    if (el.coordinated) {  // "WeChat and TikTok", "A, B and C"
                        while (end + 1 < last) {
                            std::size_t k = end;
                            if (d.folded[k] == ",") ++k;
                            if (k < last && (d.folded[k] == "and" || d.folded[k] == "or")) ++k;
                            if (k == end || k >= last) break;
                            std::size_t next = npos;
                            for (auto oi : starts[k])
                                if (d.mentions[oi].last <= last && d.mentions[oi].kind != mention_kind::value &&
                                    accepts(d.mentions[oi].entity, el, st)) {
                                    next = oi;
                                    break;
                                }
                            if (next == npos) break;
                            fills.push_back(fill_of(next));
                            end = d.mentions[next].last;
                        }
                    }
                    if (el.slot == 'S') st.s = fills.front();
                    else if (el.slot == 'X') st.x = fills.front();
                    else st.o = fills;
                    if (match(rule, e + 1, end, st)) return true;
                    st = saved;
                }
                return false;
            }
        }
        return false;
    }

    // ------------------------------------------------------------ facts

    // Who a reporting cue quotes: "according to X", "X said", "said X".
    long speaker_at(std::size_t cue, std::size_t cue_tokens) const {
        auto speaks = [&](std::size_t mi) {
            const auto& m = d.mentions[mi];
            if (m.entity < 0 || m.kind == mention_kind::value) return false;
            const auto& c = d.clusters[static_cast<std::size_t>(m.entity)];
            return !c.is_action && (r.onto.is_a(c.type, "Person") || r.onto.is_a(c.type, "Organization") ||
                                    r.onto.is_a(c.type, "Country"));
        };
        // "X said", "X has said", "X, the regulator, said"
        for (std::size_t k = cue; k-- > 0 && k + 3 >= cue;)
            for (auto mi : starts[k])
                if (d.mentions[mi].last + 2 >= cue && d.mentions[mi].last <= cue && speaks(mi)) return d.mentions[mi].entity;
        // "according to (the) X", "said X, ..."
        std::size_t after = cue + cue_tokens;
        if (after < last && d.folded[after] == "the") ++after;
        bool according = cue_tokens > 1;
        if (after < last)
            for (auto mi : starts[after]) {
                const auto& m = d.mentions[mi];
                bool set_off = m.last >= last || d.norms[m.last] == "," || d.norms[m.last] == ".";
                if ((according || set_off) && speaks(mi)) return m.entity;
            }
        return -1;
    }

    kg::modality modality_of(const relation_rule& rule, const match_state& st, std::size_t first,
                             long* speaker = nullptr) const {
        if (rule.fixed_modality) return *rule.fixed_modality;
        kg::modality result = kg::modality::asserted;
        std::size_t trigger = st.first_literal == npos ? st.start : st.first_literal;
        for (std::size_t p = first; p < trigger; ++p) {
            const std::string* value = nullptr;
            std::size_t n = r.modality_cues.match(d.folded, p, last, &value);
            if (n == 0) continue;
            bool before_match = p < st.start;
            bool before_trigger = p + 3 >= trigger;
            if (before_match || before_trigger) {
                result = *parse_modality(*value);
                if (speaker && result == kg::modality::reported) *speaker = speaker_at(p, n);
            }
        }
        return result;
    }

    kg::polarity polarity_of(const match_state& st) const {
        std::size_t trigger = st.first_literal == npos ? st.start : st.first_literal;
        std::size_t from = std::min(st.start, trigger >= 3 ? trigger - 3 : 0);
        for (std::size_t p = from; p < st.end; ++p)
            if (r.negations.find(d.folded[p])) return kg::polarity::negative;
        return kg::polarity::positive;
    }

    std::string time_of(const match_state& st, std::size_t first) const {
        std::string best;
        std::size_t best_distance = npos;
        for (std::size_t k = first; k < last; ++k) {
            for (auto mi : starts[k]) {
                const auto& m = d.mentions[mi];
                if (m.kind != mention_kind::value || m.type != "Date" || m.last > last) continue;
                std::size_t distance = m.first >= st.end ? m.first - st.end : m.last <= st.start ? st.start - m.last : 0;
                // A date far from the fact's words dates something else.
                bool near = (m.first >= st.start && m.last <= st.end) || (m.first >= st.end && distance <= 4);
                if (near && distance < best_distance) {
                    best_distance = distance;
                    auto iso = m.attributes.find("iso");  // normalized where the text and document date allow
                    best = iso != m.attributes.end() ? iso->second.front() : m.name;
                }
            }
        }
        return best;
    }

    void emit(const std::string& rule_id, const std::string& relation, const std::string& label, long s, long o,
              double confidence, kg::modality mod, kg::polarity pol, const std::string& time) {
        if (s < 0 || o < 0 || s == o) return;
        const auto& sc = d.clusters[static_cast<std::size_t>(s)];
        const auto& oc = d.clusters[static_cast<std::size_t>(o)];
        if (!r.onto.allows(relation, sc.type, oc.type)) return;
        fact_draft f;
        f.source = static_cast<std::size_t>(s);
        f.target = static_cast<std::size_t>(o);
        f.relation = relation;
        f.label = label.empty() ? r.onto.relation_type(relation)->label : label;
        f.polarity = pol;
        f.modality = mod;
        f.time = time;
        f.confidence = confidence;
        f.sentence = sentence;
        f.rule = rule_id;
        f.speaker = current_speaker;
        drafts.push_back(std::move(f));
    }

    void facts_of(const relation_rule& rule, const match_state& st, std::size_t first) {
        for (auto& [ci, type] : st.retypes) {
            auto& c = d.clusters[static_cast<std::size_t>(ci)];
            c.type = type;
            c.type_is_guess = false;
        }
        current_speaker = -1;
        auto mod = modality_of(rule, st, first, &current_speaker);
        auto pol = polarity_of(st);
        auto time = time_of(st, first);
        std::vector<slot_fill> objects = st.o;
        if (rule.object_salient) {
            if (salient_action < 0) return;
            // An implied object only when the sentence names none for this relation.
            // (Drafts come in sentence order: this sentence's are at the end.)
            for (auto f = drafts.rbegin(); f != drafts.rend() && f->sentence == sentence; ++f)
                if (f->relation == rule.relation && static_cast<long>(f->source) == st.s.cluster) return;
            long object = salient_action;
            if (rule.object_agent)
                if (long agent = agent_of(salient_action); agent >= 0 && agent != st.s.cluster) object = agent;
            objects = {{object, true}};
        }
        // One action for all the objects of the sentence.
        long action = -1;
        std::vector<long> targets;
        for (auto& o : objects)
            if (o.cluster >= 0 && o.cluster != st.s.cluster && !d.clusters[static_cast<std::size_t>(o.cluster)].is_action)
                targets.push_back(o.cluster);
        if (!rule.action.empty() && pol == kg::polarity::positive && !targets.empty()) {
            action = make_action(rule.action, targets, st.first_literal == npos ? st.start : st.first_literal, st.end, rule.id);
            salient_action = action;
        }
        for (auto& o : objects) {
            double conf = rule.confidence;
            if (st.s.indirect || o.indirect) conf *= 0.9;
            if (rule.object_salient) conf *= 0.85;
            if (rule.relation == "ROLE") {
                for (auto& rel : st.roles) emit(rule.id, rel, {}, st.s.cluster, o.cluster, conf, mod, pol, time);
            } else {
                emit(rule.id, rule.relation, rule.label, st.s.cluster, o.cluster, conf, mod, pol, time);
            }
            if (action >= 0) emit(rule.id, r.action(rule.action)->agent_relation, {}, st.s.cluster, action, conf, mod, pol, time);
            for (auto& extra : rule.also) {
                auto pick = [&](char c) { return c == 'S' ? st.s.cluster : c == 'X' ? st.x.cluster : o.cluster; };
                emit(rule.id, extra.relation, {}, pick(extra.source), pick(extra.target), conf, mod, pol, time);
            }
        }
    }

    // "agreed to buy X" also matches the plain "buy X" rule: a rule that
    // suppresses a relation removes it for the same pair in the same sentence.
    void apply_suppression() {
        std::vector<bool> drop(drafts.size(), false);
        // Drafts come in sentence order: a rule's reach is its sentence's run of drafts.
        const bool in_order = std::is_sorted(drafts.begin(), drafts.end(),
                                             [](const fact_draft& a, const fact_draft& b) { return a.sentence < b.sentence; });
        std::size_t run_begin = 0;
        for (std::size_t fi = 0; fi < drafts.size(); ++fi) {
            const auto& f = drafts[fi];
            if (drafts[run_begin].sentence != f.sentence) run_begin = fi;
            const relation_rule* rule = r.patterns->find(f.rule);
            if (!rule || rule->suppresses.empty()) continue;
            std::size_t from = 0, to = drafts.size();
            if (in_order) {
                from = run_begin;
                to = fi;
                while (to < drafts.size() && drafts[to].sentence == f.sentence) ++to;
            }
            for (std::size_t i = from; i < to; ++i) {
                const auto& g = drafts[i];
                if (g.sentence == f.sentence && g.source == f.source && g.target == f.target &&
                    std::find(rule->suppresses.begin(), rule->suppresses.end(), g.relation) != rule->suppresses.end())
                    drop[i] = true;
            }
        }
        std::size_t out = 0;
        for (std::size_t i = 0; i < drafts.size(); ++i) {
            if (drop[i]) continue;
            if (out != i) drafts[out] = std::move(drafts[i]);
            ++out;
        }
        drafts.resize(out);
    }

    // Pairs a pattern already related in this sentence (either direction).
    bool related_in_sentence(long a, long b) const {
        for (auto f = drafts.rbegin(); f != drafts.rend() && f->sentence == sentence; ++f)  // this sentence's drafts
            if ((static_cast<long>(f->source) == a && static_cast<long>(f->target) == b) ||
                (static_cast<long>(f->source) == b && static_cast<long>(f->target) == a))
                return true;
        return false;
    }

    // The name mentions of the sentence, typed with their entity's settled type.
    std::vector<mention> sentence_names(std::vector<long>& clusters_of) const {
        std::vector<mention> out;
        if (sentence >= names_by_sentence.size()) return out;
        for (auto mi : names_by_sentence[sentence]) {
            const auto& m = d.mentions[mi];
            if (m.sentence != sentence || m.kind != mention_kind::name || m.entity < 0) continue;
            const auto& c = d.clusters[static_cast<std::size_t>(m.entity)];
            if (c.is_action) continue;
            mention copy = m;
            copy.type = c.type;
            out.push_back(std::move(copy));
            clusters_of.push_back(m.entity);
        }
        return out;
    }

    // A rule with an id only: what model and --related facts are read with.
    static relation_rule rule_named(const char* id) {
        relation_rule rr;
        rr.id = id;
        return rr;
    }

    // A fact between two names of the sentence found by a model or by
    // --related: polarity, modality (and speaker) and time read around them.
    void emit_between(const relation_rule& rule, const std::string& relation, const std::string& label,
                      const mention& a, long s, const mention& b, long o, double confidence) {
        match_state st;
        st.start = std::min(a.first, b.first);
        st.end = std::max(a.last, b.last);
        st.first_literal = std::max(a.first, b.first);
        std::size_t first = d.text.sentences[sentence].first_token;
        current_speaker = -1;
        auto mod = modality_of(rule, st, first, &current_speaker);
        emit(rule.id, relation, label, s, o, confidence, mod, polarity_of(st), time_of(st, first));
    }

    // The supervised CoNLL04 model (EMPLOYED_BY, BASED_IN, LOCATED_IN,
    // LIVES_IN, KILLED) where the patterns found nothing for the pair.
    void model_facts() {
        if (!r.relations) return;
        static const relation_rule model_rule = rule_named("model.conll04");
        std::vector<long> clusters_of;
        auto names = sentence_names(clusters_of);
        if (names.size() < 2) return;
        for (const auto& p : r.relations->predict(d.text, sentence, names, &r.onto)) {
            if (p.relation.empty() || p.confidence < model_threshold) continue;
            long s = clusters_of[p.head], o = clusters_of[p.tail];
            if (s == o || related_in_sentence(s, o)) continue;
            // "X told BBC News", "X said ... Y": a reporting verb between the two
            // names joins a speaker to whom or what is spoken of, not an employer.
            std::size_t from = std::min(names[p.head].last, names[p.tail].last);
            std::size_t to = std::max(names[p.head].first, names[p.tail].first);
            bool reporting = false;
            for (std::size_t k = from; k < to && !reporting; ++k) {
                const std::string* value = nullptr;
                reporting = r.modality_cues.match(d.folded, k, to, &value) > 0 && *value == "reported";
            }
            if (reporting) continue;
            emit_between(model_rule, p.relation, {}, names[p.head], s, names[p.tail], o,
                         std::round(p.confidence * 0.8 * 1000.0) / 1000.0);
        }
    }

    // kg build --related: "A verb-phrase B" between two names with nothing
    // typed for them is kept as RELATED_TO, labelled with the verb phrase.
    void related_facts() {
        if (!r.related_to || d.text.has_parse() || d.text.pos.size() != d.text.tokens.size()) return;
        static const relation_rule related_rule = rule_named("related.verb");
        std::vector<long> clusters_of;
        auto names = sentence_names(clusters_of);
        for (std::size_t i = 0; i + 1 < names.size(); ++i) {
            const auto& a = names[i];
            const auto& b = names[i + 1];
            if (b.first <= a.last || b.first - a.last > 5) continue;
            bool verb = false, clause_break = false;
            std::string phrase;
            for (std::size_t k = a.last; k < b.first; ++k) {
                const auto& tag = d.text.pos[k];
                verb = verb || tag.starts_with("VB");
                clause_break = clause_break || tag == "," || tag == ":" || tag == "CC" || tag == "WDT" || tag == "WP";
                phrase += (phrase.empty() ? "" : " ") + d.text.tokens[k].norm;
            }
            long s = clusters_of[i], o = clusters_of[i + 1];
            if (!verb || clause_break || s == o || related_in_sentence(s, o)) continue;
            emit_between(related_rule, "RELATED_TO", phrase, a, s, b, o, 0.4);
        }
    }

    // ------------------------------------------------------------ parse facts

    // The facts predicates.cpp read from this sentence's tree, with the time
    // read as for the patterns and an action node for the entries that name one.
    void parsed_facts(const std::vector<parsed_fact>& parsed, std::size_t& next) {
        std::size_t begin = next;
        while (next < parsed.size() && parsed[next].sentence < sentence) ++next;
        begin = next;
        while (next < parsed.size() && parsed[next].sentence == sentence) ++next;
        std::size_t first = d.text.sentences[sentence].first_token;
        for (std::size_t i = begin; i < next; ++i) {
            const auto& pf = parsed[i];
            match_state st;
            st.start = pf.start;
            st.end = pf.end;
            st.first_literal = pf.predicate;
            auto time = time_of(st, first);
            current_speaker = pf.speaker;
            std::size_t before = drafts.size();
            long action = -1;
            if (!pf.action.empty() && pf.polarity == kg::polarity::positive && r.action(pf.action)) {
                // One action for all the objects of the predicate: "sanctions on WeChat and TikTok".
                std::vector<long> targets;
                for (std::size_t j = begin; j < next; ++j) {
                    const auto& o = parsed[j];
                    const auto& oc = d.clusters[static_cast<std::size_t>(o.target)];
                    if (o.predicate == pf.predicate && o.rule == pf.rule && o.source == pf.source &&
                        o.relation == pf.relation && !oc.is_action &&
                        std::find(targets.begin(), targets.end(), o.target) == targets.end() &&
                        r.onto.allows(o.relation, d.clusters[static_cast<std::size_t>(o.source)].type, oc.type))
                        targets.push_back(o.target);
                }
                if (!targets.empty()) {
                    action = make_action(pf.action, targets, pf.predicate, pf.predicate + 1, pf.rule);
                    salient_action = action;
                }
            }
            emit(pf.rule, pf.relation, pf.label, pf.source, pf.target, pf.confidence, pf.modality, pf.polarity, time);
            if (action >= 0)
                emit(pf.rule, r.action(pf.action)->agent_relation, {}, pf.source, action, pf.confidence, pf.modality,
                     pf.polarity, time);
            for (std::size_t k = before; k < drafts.size(); ++k) drafts[k].from_parse = true;
        }
    }

    // Where the parse and a token pattern found facts for the same pair in the
    // same sentence, the parse's are kept; an open (untyped) parse fact gives
    // way to a typed pattern fact.
    void prefer_parse() {
        auto key = [](const fact_draft& f) {
            return std::make_tuple(f.sentence, std::min(f.source, f.target), std::max(f.source, f.target));
        };
        std::map<std::tuple<std::size_t, std::size_t, std::size_t>, int> parsed;  // 1 open only, 2 typed
        std::map<std::tuple<std::size_t, std::size_t, std::size_t>, bool> typed_pattern;
        for (auto& f : drafts) {
            if (f.from_parse) {
                int& v = parsed[key(f)];
                v = std::max(v, f.relation == "RELATED_TO" ? 1 : 2);
            } else if (f.relation != "RELATED_TO") {
                typed_pattern[key(f)] = true;
            }
        }
        std::size_t out = 0;
        for (std::size_t i = 0; i < drafts.size(); ++i) {
            const auto& f = drafts[i];
            auto it = parsed.find(key(f));
            bool drop = false;
            if (it != parsed.end()) {
                if (f.from_parse) drop = it->second == 1 && typed_pattern.count(key(f));
                else drop = it->second == 2 || f.relation == "RELATED_TO";
            }
            if (drop) continue;
            if (out != i) drafts[out] = std::move(drafts[i]);
            ++out;
        }
        drafts.resize(out);
    }

    void run(const std::vector<parsed_fact>& parsed) {
        index_mentions();
        std::size_t next_parsed = 0;
        for (sentence = 0; sentence < d.text.sentences.size(); ++sentence) {
            if (d.skip[sentence]) continue;
            const auto& sent = d.text.sentences[sentence];
            last = sent.last_token;
            resolve_action_descriptions(sent.first_token, sent.last_token);
            parsed_facts(parsed, next_parsed);
            // Rules with an implied object come last: they stand back when
            // another rule found the object in the sentence.
            for (bool implied : {false, true})
                for (const auto& rule : r.patterns->rules()) {
                    if (rule.object_salient != implied) continue;
                    for (std::size_t start = sent.first_token; start < sent.last_token; ++start) {
                        match_state st;
                        st.start = start;
                        if (!match(rule, 0, start, st)) continue;
                        facts_of(rule, st, sent.first_token);
                    }
                }
            model_facts();
            related_facts();
        }
        apply_suppression();
        prefer_parse();
    }
};

}  // namespace

std::vector<fact_draft> extract_facts(const resources& r, document_state& d, const std::vector<parsed_fact>& parsed) {
    fact_finder f{r, d, {}, {}, -1, -1, {}, 0, 0};
    f.run(parsed);
    return std::move(f.drafts);
}

}  // namespace kg::extract::detail
