// Facts from predicate-argument structure: each predicate of a parsed
// sentence (a verb, a nominalization such as "takeover", a role noun such as
// "subsidiary") collects its arguments from the dependency tree, normalized
// across voice and clause (passive agents, relative and reduced relative
// clauses, control, coordination, light verbs); the arguments are mapped to
// the mention clusters coreference resolved, and the predicate lexicon
// (data/predicates/predicates.json) says which relation joins which slots.
// Predicates the lexicon does not type give open RELATED_TO facts between
// two names. Polarity and modality come from the predicate's governors.
#include <algorithm>

#include "detail/predicates.hpp"
#include "detail/resources.hpp"

namespace kg::extract::detail {
namespace {

constexpr std::size_t max_depth = 6;  // governors followed up the tree
constexpr double open_confidence = 0.5;
constexpr double indirect_factor = 0.9;  // an argument named by a pronoun or a description

using slot_list = std::vector<std::pair<std::string, std::size_t>>;  // (slot, token)

struct frame {
    slot_list args;
    bool passive = false;
    std::string particle;
    std::vector<std::size_t> get(std::string_view slot) const {
        std::vector<std::size_t> out;
        for (auto& [s, t] : args)
            if (s == slot) out.push_back(t);
        return out;
    }
    bool has(std::string_view slot) const {
        for (auto& a : args)
            if (a.first == slot) return true;
        return false;
    }
    void add(std::string slot, std::size_t token) { args.emplace_back(std::move(slot), token); }
};

struct argument {
    long cluster = -1;
    bool named = false;  // a name mention, not a pronoun or description
};

// What the governors of a predicate say about it.
struct context {
    kg::polarity polarity = kg::polarity::positive;
    kg::modality modality = kg::modality::asserted;
    long speaker = -1;
    std::vector<std::size_t> governors;  // tokens, nearest first
};

struct reader {
    const resources& r;
    const document_state& d;
    const predicate_lexicon& lex;
    std::vector<std::vector<std::size_t>> children;
    std::vector<long> cover;  // per token: the mention that covers it, or -1
    std::vector<parsed_fact> out;

    std::size_t size() const { return d.text.tokens.size(); }
    const std::string& rel(std::size_t t) const { return d.text.deprel[t]; }
    long head(std::size_t t) const { return d.text.head[t]; }
    std::string_view pos(std::size_t t) const {
        return d.text.pos.size() == size() ? std::string_view(d.text.pos[t]) : std::string_view();
    }
    std::string_view base(std::size_t t) const {
        std::string_view s = rel(t);
        return s.substr(0, s.find(':'));
    }

    void index() {
        children.assign(size(), {});
        for (std::size_t t = 0; t < size(); ++t)
            if (head(t) >= 0 && static_cast<std::size_t>(head(t)) < size()) children[static_cast<std::size_t>(head(t))].push_back(t);
        // The mention covering each token: a name before a description before
        // a pronoun, the longer first; values (dates, money) are no arguments.
        cover.assign(size(), -1);
        auto rank = [](const mention& m) {
            return m.kind == mention_kind::name ? 3 : m.kind == mention_kind::nominal ? 2 : m.kind == mention_kind::pronoun ? 1 : 0;
        };
        for (std::size_t mi = 0; mi < d.mentions.size(); ++mi) {
            const auto& m = d.mentions[mi];
            if (m.kind == mention_kind::value || m.entity < 0) continue;
            for (std::size_t t = m.first; t < m.last && t < size(); ++t) {
                long& c = cover[t];
                if (c < 0 || rank(d.mentions[static_cast<std::size_t>(c)]) < rank(m)) c = static_cast<long>(mi);
            }
        }
    }

    bool is_verb(std::size_t t) const {
        auto p = pos(t);
        if (!p.empty()) return p.starts_with("VB");
        for (auto c : children[t])
            if (rel(c) == "nsubj" || rel(c) == "obj" || rel(c) == "nsubj:pass") return true;
        return false;
    }
    bool is_noun(std::size_t t) const { return pos(t).starts_with("NN"); }
    bool is_relative_pronoun(std::size_t t) const {
        auto p = pos(t);
        if (p == "WDT" || p == "WP" || p == "WP$") return true;
        const auto& w = d.folded[t];
        return w == "that" || w == "which" || w == "who" || w == "whom";
    }

    // The preposition of an oblique or nominal modifier ("to", "against"),
    // with a fixed second word ("according to" -> "according").
    std::string case_of(std::size_t t) const {
        for (auto c : children[t])
            if (rel(c) == "case") return d.folded[c];
        return {};
    }
    std::string particle_of(std::size_t t) const {
        for (auto c : children[t])
            if (rel(c) == "compound:prt") return d.folded[c];
        return {};
    }
    bool is_slot_word(const std::string& w) const {
        if (w.empty()) return false;
        for (char c : w)
            if (c < 'a' || c > 'z') return false;
        return true;
    }

    // ------------------------------------------------------------ frames

    frame verb_frame(std::size_t p, std::size_t depth = 0) const {
        frame f;
        f.particle = particle_of(p);
        for (auto c : children[p])
            if (rel(c) == "nsubj:pass" || rel(c) == "aux:pass") f.passive = true;
        bool reduced = rel(p) == "acl" && pos(p) == "VBN";
        if (reduced) f.passive = true;
        for (auto c : children[p]) {
            const auto& dr = rel(c);
            if (dr == "nsubj") f.add(f.passive ? "object" : "subject", c);  // "nsubj" with "aux:pass": a tagging slip
            else if (dr == "nsubj:pass") f.add("object", c);
            else if (dr == "obj") f.add("object", c);
            else if (dr == "iobj") f.add("iobj", c);
            else if (dr == "obl:agent") f.add("subject", c);
            else if (base(c) == "obl" && dr != "obl:tmod" && dr != "obl:npmod") {
                auto prep = case_of(c);
                if (prep == "by" && f.passive) f.add("subject", c);
                else if (is_slot_word(prep)) f.add(prep, c);
            }
        }
        // A relative clause: the noun it modifies is its missing argument.
        if (rel(p) == "acl:relcl" && head(p) >= 0) {
            auto n = static_cast<std::size_t>(head(p));
            bool replaced = false;
            for (auto& a : f.args)
                if (is_relative_pronoun(a.second)) {
                    a.second = n;
                    replaced = true;
                }
            if (!replaced) {
                if (!f.has("subject") && !f.passive) f.add("subject", n);
                else if (!f.has("object")) f.add("object", n);
            }
        }
        if (reduced && head(p) >= 0 && !f.has("object")) f.add("object", static_cast<std::size_t>(head(p)));  // "FleetBoston, bought by BOA"
        if (f.has("subject") || depth >= max_depth || head(p) < 0) return f;
        auto g = static_cast<std::size_t>(head(p));
        const auto& how = rel(p);
        if (how == "xcomp") {
            // Control: "X agreed to buy Y" (the subject), "X asked Y to sell Z" (the object).
            auto gf = verb_frame(g, depth + 1);
            auto controller = gf.get("object");
            if (controller.empty() || gf.passive) controller = gf.get("subject");
            for (auto t : controller) f.add("subject", t);
        } else if (how == "conj" || how == "advcl") {
            // Shared subject: "X bought Y and sold Z"; "X bought Y, making it ...".
            if (is_verb(g) && (how == "conj" || pos(p) == "VBG"))
                for (auto t : verb_frame(g, depth + 1).get("subject")) f.add("subject", t);
        } else if (how == "acl") {
            if (!reduced) {
                // "Verizon's bid to buy MCI": the subject of the noun; "a company making chips": the noun.
                auto subject = is_noun(g) ? noun_frame(g, depth + 1).get("subject") : std::vector<std::size_t>{};
                if (subject.empty()) subject = {g};
                for (auto t : subject) f.add("subject", t);
            }
        }
        return f;
    }

    frame noun_frame(std::size_t p, std::size_t depth = 0) const {
        frame f;
        std::vector<std::size_t> possessor, by;
        for (auto c : children[p]) {
            const auto& dr = rel(c);
            if (dr == "nmod:poss") possessor.push_back(c);
            else if (base(c) == "nmod") {
                auto prep = case_of(c);
                if (prep == "by") by.push_back(c);
                else if (is_slot_word(prep)) f.add(prep, c);
            }
        }
        for (auto t : possessor) f.add("possessor", t);
        for (auto t : by) f.add("by", t);
        for (auto t : by) f.add("subject", t);
        for (auto t : possessor) f.add(by.empty() ? "subject" : "object", t);
        for (auto t : f.get("of")) f.add("object", t);
        // A light verb: "Verizon made a bid for MCI", "filed charges against X".
        if (depth < max_depth && rel(p) == "obj" && head(p) >= 0) {
            auto v = static_cast<std::size_t>(head(p));
            if (lex.is_light_verb(r.lemmas, d.folded[v])) {
                auto vf = verb_frame(v, depth + 1);
                if (!f.has("subject"))
                    for (auto t : vf.get("subject")) f.add("subject", t);
                for (auto& [slot, t] : vf.args)
                    if (slot != "subject" && slot != "object" && !f.has(slot)) f.add(slot, t);
            }
        }
        return f;
    }

    // ------------------------------------------------------------ arguments

    argument resolve(std::size_t t) const {
        long mi = cover[t];
        if (mi < 0)  // "the company, Verizon", "its parent Verizon"
            for (auto c : children[t])
                if (rel(c) == "appos" && cover[c] >= 0) {
                    mi = cover[c];
                    break;
                }
        if (mi < 0) {  // "its RKO General subsidiary": the name, when a possessor says whose
            bool possessed = false;
            for (auto c : children[t]) possessed = possessed || rel(c) == "nmod:poss";
            for (auto c : children[t])
                if (possessed && rel(c) == "compound" && cover[c] >= 0) {
                    mi = cover[c];
                    break;
                }
        }
        if (mi < 0) return {};
        const auto& m = d.mentions[static_cast<std::size_t>(mi)];
        return {m.entity, m.kind == mention_kind::name};
    }

    // An argument and its conjuncts: "TWA and its chairman", "WeChat, TikTok and Huawei".
    // `examples`: a common noun with "such as"/"including" stands for its examples
    // (typed facts' targets only: "bought firms such as Ogilvy & Mather").
    std::vector<argument> arguments(const std::vector<std::size_t>& tokens, bool examples = false) const {
        std::vector<argument> out;
        std::vector<std::size_t> todo = tokens;
        for (std::size_t i = 0; i < todo.size() && i < 64; ++i) {
            auto t = todo[i];
            if (auto a = resolve(t); a.cluster >= 0) {
                bool seen = false;
                for (auto& o : out) seen = seen || o.cluster == a.cluster;
                if (!seen) out.push_back(a);
            } else if (examples && is_noun(t)) {
                // "bought firms such as Ogilvy & Mather and Cordiant": the examples stand for the noun.
                for (auto c : children[t])
                    if (base(c) == "nmod" && (case_of(c) == "such" || case_of(c) == "including")) todo.push_back(c);
            }
            for (auto c : children[t])
                if (rel(c) == "conj" && !is_verb(c)) todo.push_back(c);
        }
        return out;
    }

    std::vector<argument> slot_arguments(const frame& f, const std::vector<std::string>& slots, bool through_noun = false,
                                         bool examples = false) const {
        for (auto& s : slots) {
            auto a = arguments(f.get(s), examples);
            if (!a.empty()) return a;
            if (!through_noun) continue;
            std::vector<std::size_t> owned;
            for (auto t : f.get(s))
                if (cover[t] < 0 && is_noun(t)) {
                    auto o = owners(t);
                    owned.insert(owned.end(), o.begin(), o.end());
                }
            // "rejected a plea by Falconer" with "by" attached to the verb.
            if (!owned.empty() || !f.get(s).empty())
                if (s == "object" && !f.passive)
                    for (auto t : f.get("by")) owned.push_back(t);
            if (a = arguments(owned); !a.empty()) return a;
        }
        return {};
    }

    // Whose a common noun is: its possessor, its "by"/"from"/"of" modifier, a
    // name modifying it ("the Tory plans", "a Conservative offer"), the agent
    // of a participle on it ("the claims made by Howard").
    std::vector<std::size_t> owners(std::size_t t) const {
        std::vector<std::size_t> out;
        for (auto c : children[t]) {
            const auto& dr = rel(c);
            if (dr == "nmod:poss" || ((dr == "amod" || dr == "compound") && cover[c] >= 0 && c < t)) out.push_back(c);
            else if (base(c) == "nmod") {
                auto prep = case_of(c);
                if (prep == "by" || prep == "from" || prep == "of") out.push_back(c);
            } else if (dr == "acl" && pos(c) == "VBN") {
                for (auto g : children[c])
                    if (rel(g) == "obl:agent" || (base(g) == "obl" && case_of(g) == "by")) out.push_back(g);
            }
        }
        return out;
    }

    // ------------------------------------------------------------ context

    long speaker_of(std::size_t verb) const {
        for (auto a : arguments(verb_frame(verb).get("subject")))
            if (a.cluster >= 0) return a.cluster;
        return -1;
    }

    // Negation, hedging and reporting on a predicate and the words that govern it.
    context context_of(std::size_t p) const {
        context cx;
        auto apply_modality = [&](kg::modality m, long speaker) {
            if (cx.modality == kg::modality::asserted) {
                cx.modality = m;
                if (m == kg::modality::reported) cx.speaker = speaker;
            }
        };
        auto apply_effect = [&](context_effect e, long speaker) {
            switch (e) {
                case context_effect::negative: cx.polarity = kg::polarity::negative; break;
                case context_effect::reported: apply_modality(kg::modality::reported, speaker); break;
                case context_effect::hedged: apply_modality(kg::modality::hedged, -1); break;
                case context_effect::speculated: apply_modality(kg::modality::speculated, -1); break;
            }
        };
        std::size_t node = p;
        bool own_words = true;
        for (std::size_t depth = 0; depth <= max_depth; ++depth) {
            if (own_words)
                for (auto c : children[node]) {
                    const auto& dr = rel(c);
                    const auto& w = d.folded[c];
                    if (dr == "advmod" || base(c) == "aux" || dr == "mark" || dr == "det" || dr == "neg" ||
                        (node == p && dr == "amod")) {
                        if (dr != "amod" && r.negations.find(w)) cx.polarity = kg::polarity::negative;
                        if (dr == "det") continue;
                        if (const std::string* cue = r.modality_cues.find(w))
                            if (auto m = parse_modality(*cue)) apply_modality(*m, -1);
                        if (dr == "amod")
                            if (const auto* e = lex.modifier(w)) apply_effect(*e, -1);
                    } else if (dr == "parataxis" && is_verb(c)) {
                        // "Verizon bought MCI, the company said."
                        if (const auto* e = lex.governor(r.lemmas, w); e && *e == context_effect::reported)
                            apply_effect(*e, speaker_of(c));
                    } else if (base(c) == "obl" && case_of(c) == "according") {
                        auto a = arguments({c});
                        apply_modality(kg::modality::reported, a.empty() ? -1 : a.front().cluster);
                    }
                }
            const auto& how = rel(node);
            if (head(node) < 0) break;
            // "A merger between X and Y would be the fifth deal": the clause a
            // nominal predicate is the subject of says how certain it is.
            if (node == p && is_noun(p) && (how == "nsubj" || how == "nsubj:pass"))
                for (auto c : children[static_cast<std::size_t>(head(node))]) {
                    if (base(c) != "aux" && rel(c) != "advmod") continue;
                    if (r.negations.find(d.folded[c])) cx.polarity = kg::polarity::negative;
                    if (const std::string* cue = r.modality_cues.find(d.folded[c]))
                        if (auto m = parse_modality(*cue)) apply_modality(*m, -1);
                }
            bool up = how == "xcomp" || how == "ccomp" || how == "advcl" || how == "acl" || how == "conj" ||
                      how == "csubj" || (how == "obj" && is_noun(node));
            if (!up) break;
            auto g = static_cast<std::size_t>(head(node));
            if (how == "obj" && !lex.is_light_verb(r.lemmas, d.folded[g])) {
                // "MCI rejected the bid", "regulators blocked the merger".
                if (const auto* e = lex.governor(r.lemmas, d.folded[g]); e && *e == context_effect::negative) {
                    cx.governors.push_back(g);
                    apply_effect(*e, -1);
                }
                break;
            }
            // A conjunct shares its governors, not its first conjunct's own negation.
            own_words = how != "conj";
            if (how != "conj") {
                cx.governors.push_back(g);
                if (const auto* e = lex.governor(r.lemmas, d.folded[g]))
                    apply_effect(*e, *e == context_effect::reported ? speaker_of(g) : -1);
                else if (const std::string* cue = r.modality_cues.find(d.folded[g]))
                    if (auto m = parse_modality(*cue)) apply_modality(*m, m == kg::modality::reported ? speaker_of(g) : -1);
            }
            node = g;
        }
        return cx;
    }

    // The relation an entry's governing word turns this one into, if any.
    std::string override_of(const predicate_entry& e, std::size_t p, const context& cx, std::size_t& governor) const {
        auto matches = [&](std::size_t t, const std::string& lemma) {
            return d.folded[t] == lemma || r.lemmas.is_form_of(d.folded[t], lemma);
        };
        for (auto& [lemma, relation] : e.when) {
            for (auto g : cx.governors)
                if (matches(g, lemma)) {
                    governor = g;
                    return relation;
                }
            for (auto c : children[p])
                if (rel(c) == "amod" && matches(c, lemma)) {
                    governor = c;
                    return relation;
                }
        }
        return {};
    }

    // ------------------------------------------------------------ facts

    void span_of(parsed_fact& f, std::size_t p, const frame& fr) const {
        f.start = f.end = p;
        for (auto& a : fr.args) {
            f.start = std::min(f.start, a.second);
            f.end = std::max(f.end, a.second);
        }
        ++f.end;
    }

    void emit(const parsed_fact& base_fact, const argument& s, const argument& t) {
        if (s.cluster < 0 || t.cluster < 0 || s.cluster == t.cluster) return;
        parsed_fact f = base_fact;
        f.source = s.cluster;
        f.target = t.cluster;
        if (!s.named || !t.named) f.confidence *= indirect_factor;
        out.push_back(std::move(f));
    }

    void emit_spec(const parsed_fact& proto, const predicate_fact_spec& spec, const frame& fr, bool through_noun = false) {
        parsed_fact f = proto;
        f.relation = spec.relation;
        if (spec.source == spec.target) {  // "a merger between X and Y"
            // "X and Y met", not "X and Y have plants to meet demand": a verb
            // with an object relates it, not its coordinated subjects.
            if (spec.source.size() == 1 && spec.source.front() == "subject" && fr.has("object")) return;
            auto all = slot_arguments(fr, spec.source);
            for (std::size_t i = 0; i < all.size(); ++i)
                for (std::size_t j = i + 1; j < all.size(); ++j) emit(f, all[i], all[j]);
            return;
        }
        auto sources = slot_arguments(fr, spec.source);
        auto targets = slot_arguments(fr, spec.target, through_noun, true);
        for (auto& s : sources)
            for (auto& t : targets) emit(f, s, t);
    }

    // A fact of predicate p before its arguments are filled in.
    parsed_fact proto_of(std::size_t p, std::size_t sentence, const frame& fr, const context& cx) const {
        parsed_fact proto;
        proto.sentence = sentence;
        proto.predicate = p;
        proto.polarity = cx.polarity;
        proto.modality = cx.modality;
        proto.speaker = cx.speaker;
        span_of(proto, p, fr);
        return proto;
    }

    void typed_facts(std::size_t p, std::size_t sentence, const frame& fr, const std::vector<const predicate_entry*>& entries) {
        auto cx = context_of(p);
        for (const auto* e : entries) {
            auto proto = proto_of(p, sentence, fr, cx);
            proto.rule = e->id;
            proto.label = e->label;
            proto.action = e->action;
            proto.confidence = e->confidence;
            std::size_t governor = 0;
            auto changed = override_of(*e, p, cx, governor);
            if (!changed.empty()) {
                // "agreed to buy": the agreement is the fact, asserted as such.
                if (proto.modality == kg::modality::hedged) proto.modality = kg::modality::asserted;
                proto.action.clear();
            }
            if (!changed.empty()) {
                // Only the entry's first fact, retyped: "agreed to buy X from Y" is
                // no sale by Y yet.
                predicate_fact_spec s = e->facts.front();
                s.relation = changed;
                emit_spec(proto, s, fr);
            } else {
                for (auto& spec : e->facts) emit_spec(proto, spec, fr, e->through_noun);
            }
        }
    }

    // A verb the lexicon does not type between two names: RELATED_TO, labelled
    // with the verb (and its particle and preposition): "condemned", "met with".
    void open_facts(std::size_t p, std::size_t sentence, const frame& fr) {
        if (!r.open_relations || lex.is_open_excluded(r.lemmas, d.folded[p])) return;
        std::vector<argument> subjects;
        for (auto& a : arguments(fr.get("subject")))
            if (a.named) subjects.push_back(a);
        if (subjects.empty()) return;
        auto cx = context_of(p);
        std::string verb = d.text.tokens[p].norm;
        if (!fr.particle.empty()) verb += " " + fr.particle;
        std::set<std::string> slots;
        for (auto& a : fr.args)
            if (a.first != "subject" && !lex.is_open_excluded_preposition(a.first)) slots.insert(a.first);
        for (auto& slot : slots) {
            auto proto = proto_of(p, sentence, fr, cx);
            proto.relation = "RELATED_TO";
            proto.rule = "open.verb";
            proto.label = slot == "object" || slot == "iobj" ? verb : verb + " " + slot;
            proto.confidence = open_confidence;
            proto.open = true;
            // "with Cisse out", "with rival JFE down 3.4%": an argument with a
            // predicate of its own is a clause, not the verb's partner.
            std::vector<std::size_t> tokens;
            for (auto t : fr.get(slot)) {
                bool clause = false;
                for (auto c : children[t]) clause = clause || rel(c) == "advmod" || rel(c) == "acl" || rel(c) == "xcomp";
                if (!clause) tokens.push_back(t);
            }
            for (auto& o : arguments(tokens)) {
                if (!o.named) continue;
                const auto& oc = d.clusters[static_cast<std::size_t>(o.cluster)];
                if (oc.is_action) continue;
                for (auto& s : subjects)
                    if (!d.clusters[static_cast<std::size_t>(s.cluster)].is_action) emit(proto, s, o);
            }
        }
    }

    // ------------------------------------------------------------ roles

    // Who holds a role noun: "X, a subsidiary of Y", "its chief executive,
    // John Smith", "X is the chief executive of Y", "chief executive John
    // Smith", "X was named chief executive of Y".
    std::vector<std::size_t> holders(std::size_t p) const {
        std::vector<std::size_t> out;
        const auto& how = rel(p);
        if (how == "appos" && head(p) >= 0) out.push_back(static_cast<std::size_t>(head(p)));
        if ((how == "compound" || how == "flat") && head(p) >= 0 && cover[static_cast<std::size_t>(head(p))] >= 0 &&
            cover[static_cast<std::size_t>(head(p))] != cover[p])
            out.push_back(static_cast<std::size_t>(head(p)));
        bool copula = false;
        for (auto c : children[p]) copula = copula || rel(c) == "cop";
        for (auto c : children[p]) {
            if (rel(c) == "appos") out.push_back(c);
            if (copula && (rel(c) == "nsubj" || rel(c) == "nsubj:pass")) {
                // "Smith, who is chief executive of Y"
                if (is_relative_pronoun(c) && rel(p) == "acl:relcl" && head(p) >= 0) out.push_back(static_cast<std::size_t>(head(p)));
                else out.push_back(c);
            }
        }
        if (how == "xcomp" && head(p) >= 0) {  // "X was named chief executive", "X became chairman"
            auto vf = verb_frame(static_cast<std::size_t>(head(p)));
            auto h = vf.get("object");
            if (h.empty()) h = vf.get("subject");
            out.insert(out.end(), h.begin(), h.end());
        }
        return out;
    }

    frame role_frame(std::size_t p, std::size_t phrase_first) const {
        frame f;
        for (auto t : holders(p)) f.add("holder", t);
        for (auto c : children[p]) {
            if (c >= phrase_first && c < p) continue;  // the role's own words ("chief")
            const auto& dr = rel(c);
            if (dr == "nmod:poss") f.add("possessor", c);
            else if (dr == "compound" && cover[c] >= 0 && cover[c] != cover[p]) f.add("compound", c);
            else if (base(c) == "nmod") {
                auto prep = case_of(c);
                if (is_slot_word(prep)) f.add(prep, c);
            }
        }
        // Coordinated roles share their holder and organisation: in "Xiaomi's
        // founder and CEO, Lei Jun" the possessor hangs on "founder" and the
        // name may hang on either noun.
        if (rel(p) == "conj" && head(p) >= 0 && is_noun(static_cast<std::size_t>(head(p)))) {
            auto q = static_cast<std::size_t>(head(p));
            if (!f.has("holder"))
                for (auto t : holders(q)) f.add("holder", t);
            if (!f.has("possessor"))
                for (auto c : children[q])
                    if (rel(c) == "nmod:poss") f.add("possessor", c);
        }
        if (!f.has("holder"))
            for (auto c : children[p])
                if (rel(c) == "conj" && is_noun(c))
                    for (auto t : holders(c)) f.add("holder", t);
        // "chairman of the Commons public accounts committee": a name followed
        // by a common noun of its phrase only modifies it; the role is the
        // committee's, not the Commons'.
        std::erase_if(f.args, [&](const auto& a) {
            if (a.first != "of" && a.first != "at" && a.first != "for") return false;
            long mi = cover[a.second];
            if (mi < 0) return false;
            std::size_t next = d.mentions[static_cast<std::size_t>(mi)].last;
            // The run of adjectives and common nouns after the name ("public
            // accounts committee") ends in the noun it modifies.
            std::size_t k = next, noun = size();
            while (k < size() && (pos(k) == "JJ" || pos(k) == "NN" || pos(k) == "NNS")) {
                if (pos(k) != "JJ") noun = k;
                ++k;
            }
            if (noun == size()) return false;
            // "of Microsoft yesterday", "last year": a time after the name is no head noun.
            const auto& how = rel(noun);
            return !how.starts_with("obl") && how != "nmod:tmod" && how != "advmod";
        });
        // "its RKO General subsidiary": the name is the subsidiary, the possessor its parent.
        if (!f.has("holder") && f.has("possessor"))
            for (auto& a : f.args)
                if (a.first == "compound") a.first = "holder";
        return f;
    }

    void role_facts(std::size_t p, std::size_t sentence, std::size_t first) {
        if (!is_noun(p)) return;
        // roles.tsv: "chief executive", "founder" -> CEO_OF, FOUNDER_OF (holder -> organisation).
        const std::string* relation = nullptr;
        std::size_t phrase_first = p;
        for (std::size_t k = p >= first + 3 ? p - 3 : first; k <= p && !relation; ++k) {
            const std::string* value = nullptr;
            if (r.roles.match(d.folded, k, p + 1, &value) == p + 1 - k) {
                relation = value;
                phrase_first = k;
            }
        }
        auto entries = lex.find(r.lemmas, d.folded[p], "", predicate_pos::role);
        if (!relation && entries.empty()) return;
        auto fr = role_frame(p, phrase_first);
        if (!fr.has("holder")) return;
        auto proto = proto_of(p, sentence, fr, context_of(p));
        if (relation) {
            proto.rule = "role.noun";
            proto.confidence = 0.8;
            emit_spec(proto, {*relation, {"holder"}, {"of", "at", "possessor", "compound", "for"}}, fr);
        }
        // "marketing manager", "strategy manager": a common noun before the
        // role says what is managed, not that the holder leads the organisation.
        bool qualified = false;
        for (auto c : children[p])
            qualified = qualified || (rel(c) == "compound" && cover[c] < 0 && is_noun(c) && c < p);
        if (qualified) return;
        for (const auto* e : entries) {
            proto.rule = e->id;
            proto.label = e->label;
            proto.confidence = e->confidence;
            for (auto& spec : e->facts) emit_spec(proto, spec, fr);
        }
    }

    // ------------------------------------------------------------ places

    // A place named before a name, with only adjectives and common nouns
    // between ("UK advertising giant WPP", "US rival Grey Global", "Britain's
    // Office of Fair Trading", "Turkmen President Saparmurat Niyazov"), or
    // after it in an apposition ("Demos, a UK think-tank"), says where an
    // organisation is based (BASED_IN) or, for a country and a person, which
    // country the person is from (NATIONALITY). Read from the tokens and tags,
    // not the tree: the parser often attaches such noun runs wrongly.
    bool modifier_word(std::size_t t) const {
        if (cover[t] >= 0) return false;
        auto p = pos(t);
        const auto& n = d.text.tokens[t].norm;
        if (n.empty()) return false;
        bool lower = n.front() >= 'a' && n.front() <= 'z';
        if (lower) return p == "JJ" || p == "NN" || p == "NNS" || p == "VBN" || p == "JJS" || p == "HYPH";
        // Capitalised title words ("President", "Chancellor") outside the name.
        return r.titles.find(d.folded[t]) != nullptr || r.roles.find(d.folded[t]) != nullptr;
    }

    const mention* name_at(std::size_t t) const {
        if (t >= size() || cover[t] < 0) return nullptr;
        const auto& m = d.mentions[static_cast<std::size_t>(cover[t])];
        return m.kind == mention_kind::name ? &m : nullptr;
    }

    bool is_place(long cluster) const {
        const auto& c = d.clusters[static_cast<std::size_t>(cluster)];
        return !c.is_action && r.onto.is_a(c.type, "Location");
    }

    void place_fact(std::size_t sentence, const mention& place, const mention& named, std::size_t first, std::size_t end) {
        if (place.entity < 0 || named.entity < 0 || place.entity == named.entity || !is_place(place.entity)) return;
        // A headline runs into the next line without a sentence break.
        auto from = d.text.tokens[first].bytes.begin, to = d.text.tokens[end - 1].bytes.end;
        if (d.text.text.find('\n', from) < to) return;
        // "Scotland's Army regiments", "the UK's first Wimax network": a name
        // followed by a common noun modifies that noun; it is not the one placed.
        if (named.last < size() && cover[named.last] < 0 && (pos(named.last) == "NN" || pos(named.last) == "NNS")) return;
        const auto& pc = d.clusters[static_cast<std::size_t>(place.entity)];
        const auto& nc = d.clusters[static_cast<std::size_t>(named.entity)];
        std::string relation;
        if (r.onto.is_a(nc.type, "Organization")) relation = "BASED_IN";
        else if (nc.type == "Person" && r.onto.is_a(pc.type, "Country")) relation = "NATIONALITY";
        if (relation.empty()) return;
        parsed_fact f;
        f.sentence = sentence;
        f.predicate = place.first;
        f.start = first;
        f.end = end;
        f.relation = relation;
        f.rule = "place.modifier";
        f.confidence = 0.7;
        emit(f, {named.entity, true}, {place.entity, place.kind == mention_kind::name});
    }

    // "UKIP leader Roger Knapman", "Lib Dem home affairs spokesman Mark
    // Oaten", "Turkmen President Saparmurat Niyazov": the words between an
    // organisation or country and a person end in a role of roles.tsv.
    // `after`: the same words in an apposition after the person ("David
    // Yarnton, Nintendo UK general manager, told ...").
    void role_before(std::size_t sentence, const mention& org, const mention& person, std::size_t run, std::size_t k,
                     bool after = false) {
        if (org.entity < 0 || person.entity < 0 || org.entity == person.entity) return;
        if (d.clusters[static_cast<std::size_t>(person.entity)].type != "Person") return;
        std::size_t first = std::min(org.first, person.first), last = std::max(k, person.last);
        auto from = d.text.tokens[first].bytes.begin, to = d.text.tokens[last - 1].bytes.end;
        if (d.text.text.find('\n', from) < to) return;
        const std::string* relation = nullptr;
        for (std::size_t j = run; j < k && !relation; ++j) {
            const std::string* value = nullptr;
            if (r.roles.match(d.folded, j, k, &value) == k - j) relation = value;
        }
        const auto& oc = d.clusters[static_cast<std::size_t>(org.entity)];
        parsed_fact f;
        f.sentence = sentence;
        f.predicate = k - 1;
        f.start = first;
        f.end = last;
        if (relation) {
            if (!r.onto.allows(*relation, "Person", oc.type)) return;
            f.relation = *relation;
            f.rule = after ? "role.apposition-words" : "role.before-name";
            f.confidence = 0.75;
        } else {
            // No role: "Labour's Alan Milburn", "Chelsea winger Arjen Robben",
            // "BBC political editor Andrew Marr": the person belongs to the
            // organisation; works for a company or agency, is a member of a
            // party, club or other body.
            // Not a bare possessive ("Apple's Safari" is too often a product
            // the tagger took for a person), and not a noun that says no
            // affiliation ("R&B star Usher").
            if (!r.onto.is_a(oc.type, "Organization") || k == run || lex.is_affiliation_excluded(d.folded[k - 1])) return;
            bool employer = r.onto.is_a(oc.type, "Company") || r.onto.is_a(oc.type, "GovernmentAgency");
            f.relation = employer ? "EMPLOYED_BY" : "MEMBER_OF";
            f.rule = after ? "affiliation.apposition" : "affiliation.before-name";
            f.confidence = 0.6;
        }
        emit(f, {person.entity, true}, {org.entity, org.kind == mention_kind::name});
    }

    void place_facts(std::size_t s) {
        const auto& sent = d.text.sentences[s];
        std::size_t end = sent.last_token;
        for (std::size_t t = sent.first_token; t < end; ++t) {
            const mention* place = name_at(t);
            if (!place || place->first != t || place->entity < 0 || d.clusters[static_cast<std::size_t>(place->entity)].is_action)
                continue;
            // Before the name: PLACE|ORG ('s)? WORDS NAME
            std::size_t k = place->last;
            bool possessive = k < end && (d.folded[k] == "'s" || d.folded[k] == "'");
            if (possessive) ++k;
            std::size_t run = k, words = 0;
            while (k < end && words < 4 && modifier_word(k)) ++k, ++words;
            const mention* named = (words > 0 || possessive) && words <= 3 ? name_at(k) : nullptr;
            if (named && named->first == k) {
                role_before(s, *place, *named, run, k);
                if (is_place(place->entity)) place_fact(s, *place, *named, t, named->last);
            }
            // After a person: PERSON , (the)? ORG ('s)? WORDS (, or .)
            std::size_t comma = t >= sent.first_token + 2 && (d.folded[t - 1] == "the") ? t - 2 : t - 1;
            if (t > sent.first_token + 1 && comma > sent.first_token && d.text.tokens[comma].norm == "," && words > 0 &&
                words <= 3 && (k == end || d.text.tokens[k].norm == "," || d.text.tokens[k].norm == "."))
                if (const mention* person = name_at(comma - 1); person && person->last == comma)
                    role_before(s, *place, *person, run, k, true);
            if (!is_place(place->entity)) continue;
            // After the name: NAME , a|an|the PLACE WORDS (, . or a clause)
            if (t >= sent.first_token + 3 && d.text.tokens[t - 2].norm == "," &&
                (d.folded[t - 1] == "a" || d.folded[t - 1] == "an" || d.folded[t - 1] == "the")) {
                const mention* named = name_at(t - 3);
                std::size_t j = place->last;
                std::size_t n = 0;
                while (j < end && n < 4 && modifier_word(j)) ++j, ++n;
                auto p = j < end ? pos(j) : std::string_view(".");
                bool closes = p == "," || p == "." || p == ":" || p == "IN" || p == "WDT" || p == "WP" || p == "CC" || p == "-RRB-";
                if (named && n > 0 && n <= 3 && closes) place_fact(s, *place, *named, named->first, j);
            }
        }
    }

    // ------------------------------------------------------------ run

    // An open fact gives way to a typed one for the same pair in the sentence
    // ("The SEC filed charges against Enron": CHARGED, not "filed").
    void drop_covered_open(std::size_t from) {
        std::set<std::pair<long, long>> typed;
        for (std::size_t i = from; i < out.size(); ++i)
            if (!out[i].open) typed.emplace(std::min(out[i].source, out[i].target), std::max(out[i].source, out[i].target));
        std::size_t kept = from;
        for (std::size_t i = from; i < out.size(); ++i) {
            if (out[i].open && typed.count({std::min(out[i].source, out[i].target), std::max(out[i].source, out[i].target)}))
                continue;
            if (kept != i) out[kept] = std::move(out[i]);
            ++kept;
        }
        out.resize(kept);
    }

    void sentence_facts(std::size_t s) {
        std::size_t from = out.size();
        const auto& sent = d.text.sentences[s];
        for (std::size_t p = sent.first_token; p < sent.last_token; ++p) {
            if (is_verb(p)) {
                auto fr = verb_frame(p);
                auto entries = lex.find(r.lemmas, d.folded[p], fr.particle, predicate_pos::verb);
                if (entries.empty() && !fr.particle.empty()) {
                    // "sold off": the verb's own entry, the particle kept in open labels only.
                    entries = lex.find(r.lemmas, d.folded[p], "", predicate_pos::verb);
                }
                std::size_t before = out.size();
                if (!entries.empty()) typed_facts(p, s, fr, entries);
                // "works with X": an entry that types none of the verb's arguments.
                if (out.size() == before) open_facts(p, s, fr);
            } else if (is_noun(p)) {
                auto entries = lex.find(r.lemmas, d.folded[p], "", predicate_pos::noun);
                if (!entries.empty()) typed_facts(p, s, noun_frame(p), entries);
                role_facts(p, s, sent.first_token);
            }
        }
        place_facts(s);
        drop_covered_open(from);
    }
};

}  // namespace

std::vector<parsed_fact> read_predicates(const resources& r, const document_state& d) {
    if (!d.text.has_parse() || !r.predicates || d.text.deprel.size() != d.text.tokens.size()) return {};
    reader rd{r, d, *r.predicates, {}, {}, {}};
    rd.index();
    for (std::size_t s = 0; s < d.text.sentences.size(); ++s)
        if (s >= d.skip.size() || !d.skip[s]) rd.sentence_facts(s);
    return std::move(rd.out);
}

}  // namespace kg::extract::detail
