#include "kg/extract/pipeline.hpp"

#include <algorithm>
#include <cmath>
#include <charconv>
#include <filesystem>
#include <set>
#include <functional>

#include <time.h>

#include <fmt/format.h>

#include "detail/resources.hpp"
#include "kg/core/error.hpp"
#include "kg/core/ids.hpp"
#include "kg/core/merge.hpp"
#include "kg/core/utf8.hpp"

namespace kg::extract {
namespace {

using detail::resources;

static_assert(static_cast<std::size_t>(stage_id::relation_model) + 1 == std::tuple_size_v<decltype(stage_times::stages)>,
              "stage_times has one entry per stage");

// CPU seconds this thread has run (kg build --profile adds up the stages' shares).
double thread_cpu_seconds() noexcept {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// How a phrase table is keyed: by the tokens' exact forms (titles, months,
// organisation words are case-sensitive) or by their case-folded forms.
enum class keyed { exact, folded };

// Loads `phrase[<TAB>value]` rows (value "1" when absent) in one read of the
// file. `check` returns what is wrong with a value, or an empty string.
phrase_table load_table(const std::string& path, const tokenizer& tok, keyed how,
                        const std::function<std::string(const std::string&)>& check = {}) {
    phrase_table t;
    for (auto& row : read_tsv(path, 1, 2)) {
        std::string value = row.fields.size() > 1 ? row.fields[1] : "1";
        if (check)
            if (auto problem = check(value); !problem.empty()) throw data_error(problem, path, row.line);
        auto toks = phrase_tokens(tok, row.fields[0]);
        if (toks.empty()) throw data_error("empty phrase", path, row.line);
        if (how == keyed::folded)
            for (auto& w : toks) w = fold_phrase(w);
        t.add(toks, std::move(value));
    }
    return t;
}

// Descriptor rows carry an optional third field (required title word).
phrase_table load_descriptors(const std::string& path, const tokenizer& tok, const kg::ontology& onto) {
    phrase_table t;
    for (auto& row : read_tsv(path, 2, 3)) {
        if (!onto.entity_type(row.fields[1]))
            throw data_error(fmt::format("unknown entity type '{}'", row.fields[1]), path, row.line);
        auto toks = phrase_tokens(tok, row.fields[0]);
        for (auto& w : toks) w = fold_phrase(w);
        std::string value = row.fields.size() > 2 ? fmt::format("{}\t{}", row.fields[1], fold_phrase(row.fields[2]))
                                                  : row.fields[1];
        t.add(toks, std::move(value));
    }
    return t;
}

// relative_dates.tsv: phrase, unit, offset -> value "unit<TAB>offset".
phrase_table load_relative_dates(const std::string& path, const tokenizer& tok) {
    static const std::set<std::string> units = {"day", "week", "month", "year", "weekday"};
    phrase_table t;
    for (auto& row : read_tsv(path, 3, 3)) {
        if (!units.count(row.fields[1]))
            throw data_error(fmt::format("unknown unit '{}' (day, week, month, year or weekday)", row.fields[1]), path,
                             row.line);
        int offset = 0;
        const auto& o = row.fields[2];
        auto res = std::from_chars(o.data() + (o.starts_with('+') ? 1 : 0), o.data() + o.size(), offset);
        if (res.ec != std::errc() || res.ptr != o.data() + o.size() ||
            (row.fields[1] == "weekday" && (offset < 1 || offset > 7)))
            throw data_error(fmt::format("bad offset '{}'", o), path, row.line);
        auto toks = phrase_tokens(tok, row.fields[0]);
        if (toks.empty()) throw data_error("empty phrase", path, row.line);
        for (auto& w : toks) w = fold_phrase(w);
        t.add(toks, fmt::format("{}\t{}", row.fields[1], offset));
    }
    return t;
}

}  // namespace

pipeline pipeline::load(const std::string& data_dir, pipeline_options options) {
    namespace fs = std::filesystem;
    if (!fs::is_directory(data_dir)) throw data_error("data directory not found", data_dir);
    auto r = std::make_shared<resources>();
    auto lex = [&](const char* name) { return (fs::path(data_dir) / "lexicons" / name).string(); };
    // Where start-up goes (kg build --profile): CPU seconds of each part, as it ends.
    double clock = thread_cpu_seconds();
    auto loaded = [&](const char* what) {
        double now = thread_cpu_seconds();
        r->load_times.emplace_back(what, now - clock);
        clock = now;
    };

    r->onto = kg::ontology::load((fs::path(data_dir) / "ontology.json").string());
    r->tok = tokenizer::load(lex("abbreviations.txt"));
    loaded("ontology, tokenizer");
    const auto& tok = r->tok;

    auto known_type = [&](const std::string& t) { return r->onto.entity_type(t) != nullptr; };
    r->entities = entity_lexicon::load(lex("entities.tsv"), tok, known_type);
    for (const char* more : {"countries.tsv", "places.tsv", "aliases.tsv"}) {
        auto extra = entity_lexicon::load(lex(more), tok, known_type);
        for (auto& e : extra.entries()) r->entities.add(e, tok);
    }
    loaded("entity lexicons");

    const auto& onto = r->onto;
    auto entity_type = [&](const std::string& v) {
        return onto.entity_type(v) ? std::string() : fmt::format("unknown entity type '{}'", v);
    };
    auto relation_type = [&](const std::string& v) {
        return onto.relation_type(v) ? std::string() : fmt::format("unknown relation type '{}'", v);
    };
    auto modality = [](const std::string& v) {
        return parse_modality(v) ? std::string() : fmt::format("unknown modality '{}'", v);
    };
    r->titles = load_table(lex("titles.tsv"), tok, keyed::exact);
    r->roles = load_table(lex("roles.tsv"), tok, keyed::folded, relation_type);
    r->descriptors = load_descriptors(lex("descriptors.tsv"), tok, onto);
    r->pronouns = load_table(lex("pronouns.tsv"), tok, keyed::folded, [&](const std::string& v) {
        auto types = detail::split_bar(v);  // "Organization|Country"
        if (types.empty()) return std::string("no entity type");
        for (const auto& t : types)
            if (auto problem = entity_type(t); !problem.empty()) return problem;
        return std::string();
    });
    r->modality_cues = load_table(lex("modality.tsv"), tok, keyed::folded, modality);
    r->negations = load_table(lex("negation.tsv"), tok, keyed::folded);
    r->quote_types = load_table(lex("quote_types.tsv"), tok, keyed::folded, entity_type);
    r->org_keywords = load_table(lex("org_keywords.tsv"), tok, keyed::exact, entity_type);
    r->months = load_table(lex("months.tsv"), tok, keyed::exact);
    r->currencies = load_table(lex("currencies.tsv"), tok, keyed::folded);
    r->relative_dates = load_relative_dates(lex("relative_dates.tsv"), tok);
    r->name_stopwords = load_table(lex("name_stopwords.tsv"), tok, keyed::folded, [](const std::string& v) {
        return v == "function" || v == "weekday" || v == "signoff" || v == "headline"
                   ? std::string()
                   : fmt::format("unknown kind '{}' (function, weekday, signoff or headline)", v);
    });
    loaded("phrase tables");
    for (auto& row : read_tsv(lex("boilerplate.tsv"), 1, 2)) {
        std::string scope = row.fields.size() > 1 ? row.fields[1] : "rest";
        if (scope != "rest" && scope != "line")
            throw data_error(fmt::format("unknown scope '{}' (rest or line)", scope), lex("boilerplate.tsv"), row.line);
        (scope == "rest" ? r->boilerplate_prefixes : r->boilerplate_lines).push_back(fold_phrase(row.fields[0]));
    }

    for (auto& row : read_tsv(lex("actions.tsv"), 4, 4)) {
        detail::action_kind a{row.fields[0], row.fields[1], detail::split_bar(row.fields[2]), row.fields[3]};
        if (!r->onto.relation_type(a.agent_relation))
            throw data_error(fmt::format("unknown relation type '{}'", a.agent_relation), lex("actions.tsv"), row.line);
        if (a.label_template.find("{object}") == std::string::npos)
            throw data_error("label template must contain {object}", lex("actions.tsv"), row.line);
        if (r->action_index.count(a.kind)) throw data_error("duplicate action kind " + a.kind, lex("actions.tsv"), row.line);
        r->action_index.emplace(a.kind, r->actions.size());
        for (auto& n : a.nouns) {
            auto toks = phrase_tokens(tok, n);
            for (auto& w : toks) w = fold_phrase(w);
            std::string key;
            for (auto& w : toks) key += (key.empty() ? "" : " ") + w;
            if (!r->action_nouns.find(key)) r->action_nouns.add(toks, a.kind);
        }
        r->actions.push_back(std::move(a));
    }
    std::set<std::string> kinds;
    for (auto& a : r->actions) kinds.insert(a.kind);
    r->lemmas = lemmatizer::load(lex("verb_forms.tsv"));
    r->patterns = relation_patterns::load((fs::path(data_dir) / "patterns" / "relations.json").string(), r->onto, kinds);
    loaded("actions, lemmas, patterns");

    // The stages to run: the manifest's, less those the options leave out
    // (and those that would lose an input with them). Every model file a
    // selected stage names must be there: a missing one is an error naming it,
    // never a silent fall-back to fewer stages.
    auto manifest = pipeline_manifest::load((fs::path(data_dir) / "pipeline.json").string());
    std::vector<stage_id> drop;
    for (const auto& s : manifest.stages)
        if ((!options.use_models && contract_of(s.id).needs_models) ||
            (!options.use_relation_model && s.id == stage_id::relation_model))
            drop.push_back(s.id);
    r->stages = manifest.without(drop);
    for (const auto& s : r->stages.stages)
        for (const auto& file : s.models)
            if (!fs::is_regular_file(fs::path(data_dir) / file))
                throw model_error(fmt::format("model file of stage '{}' not found (install it, or leave the stage out "
                                              "with --no-models)",
                                              to_string(s.id)),
                                  (fs::path(data_dir) / file).string());
    // Each stage loads the files the manifest lists, in the order its
    // contract names them (the manifest's loader checked the count).
    for (const auto& s : r->stages.stages) {
        std::vector<std::string> files;
        for (const auto& f : s.models) files.push_back((fs::path(data_dir) / f).string());
        switch (s.id) {
            case stage_id::tag:
                r->models = taggers::load(files[0], files[1], files[2]);
                loaded("tagger models");
                break;
            case stage_id::relation_model:
                r->relations = relation_model::load(files[0]);
                loaded("relation model");
                break;
            case stage_id::parse:
                r->parser = dependency_parser::load(files[0]);
                loaded("parser model");
                r->parser_pos = tagger_model::load(files[1]);
                if (r->parser_pos->kind() != tagger_kind::pos)
                    throw model_error("not a part-of-speech model", files[1]);
                loaded("parser tagger model");
                break;
            default: break;
        }
    }
    r->related_to = options.related_to;
    r->open_relations = options.open_relations;
    if (auto predicates = fs::path(data_dir) / "predicates" / "predicates.json"; fs::exists(predicates))
        r->predicates = detail::predicate_lexicon::load(predicates.string(), r->onto, kinds);
    loaded("predicate lexicon");
    return pipeline(std::move(r));
}

const kg::ontology& pipeline::ontology() const noexcept { return resources_->onto; }
bool pipeline::has_models() const noexcept { return resources_->models.has_value(); }
const pipeline_manifest& pipeline::stages() const noexcept { return resources_->stages; }
const std::vector<std::pair<std::string, double>>& pipeline::load_times() const noexcept { return resources_->load_times; }

extraction pipeline::run(const kg::document& doc) const { return run_stages(doc, nullptr); }

extraction pipeline::run(const kg::document& doc, analyzed_text text) const { return run_stages(doc, &text); }

extraction pipeline::run_stages(const kg::document& doc, analyzed_text* given) const {
    const resources& r = *resources_;
    detail::document_state d;
    d.doc = &doc;
    std::vector<detail::parsed_fact> parsed;
    std::vector<detail::fact_draft> drafts;
    // The stages of the manifest, in its order (checked at load). A text
    // analyzed elsewhere replaces the tokenize, tag and parse stages; its
    // tree, when it has one, is read for predicates even if the manifest
    // (without a parse stage) lists none.
    bool predicates_run = false;
    stage_times times;
    double clock = thread_cpu_seconds();
    auto lap = [&](double& into) {
        double now = thread_cpu_seconds();
        into += now - clock;
        clock = now;
    };
    for (const auto& stage : r.stages.stages) {
        switch (stage.id) {
            case stage_id::tokenize:
                d.text = given ? std::move(*given) : r.tok.analyze(doc.text, doc.source.empty() ? doc.id : doc.source);
                d.diagnostics = std::move(d.text.diagnostics);
                d.norms.reserve(d.text.tokens.size());
                d.folded.reserve(d.text.tokens.size());
                for (auto& t : d.text.tokens) {
                    d.norms.push_back(t.norm);
                    d.folded.push_back(fold_phrase(t.norm));
                }
                break;
            case stage_id::tag:
                if (!given) r.models->tag(d.text);
                break;
            case stage_id::parse:
                if (!given) parse_text(*r.parser, *r.parser_pos, d.text);
                break;
            case stage_id::boilerplate: detail::mark_boilerplate(r, d); break;
            case stage_id::mentions: detail::recognize_mentions(r, d); break;
            case stage_id::coreference: detail::resolve_coreference(r, d); break;
            case stage_id::predicates:
                parsed = detail::read_predicates(r, d);
                predicates_run = true;
                break;
            case stage_id::patterns:
                if (given && !predicates_run) parsed = detail::read_predicates(r, d);
                // The token patterns (and the relation model inside their pass),
                // merged with the facts of the parse.
                drafts = detail::extract_facts(r, d, parsed);
                break;
            // The relation model runs inside the patterns' pass over each
            // sentence (it stands back where a pattern related the pair); the
            // stage only decides whether it is loaded.
            case stage_id::relation_model: break;
        }
        lap(times.stages[static_cast<std::size_t>(stage.id)]);
    }

    // ---- Output: entities from clusters, facts merged by id.
    extraction out;
    kg::char_offsets offsets(d.text.text);
    // Names of type Misc (nationalities, events, titles of works) are kept
    // only when a fact involves them: alone they clutter the diagram.
    std::vector<bool> in_fact(d.clusters.size(), false);
    for (auto& f : drafts) in_fact[f.source] = in_fact[f.target] = true;
    std::vector<std::string> cluster_ids(d.clusters.size());
    std::map<std::string, std::size_t> entity_index;
    for (std::size_t c = 0; c < d.clusters.size(); ++c) {
        auto& cl = d.clusters[c];
        if (cl.label.empty() || cl.type.empty() || (cl.type == "Misc" && !in_fact[c])) continue;
        kg::entity e;
        e.type = cl.type;
        e.label = cl.label;
        e.id = make_entity_id(cl.type, cl.label);
        e.attributes = cl.attributes;
        for (auto mi : cl.mentions) {
            auto& m = d.mentions[mi];
            if (m.kind == mention_kind::pronoun) continue;
            auto bytes = span{d.text.tokens[m.first].bytes.begin, d.text.tokens[m.last - 1].bytes.end};
            e.mentions.push_back({doc.id, offsets.to_chars(bytes), d.text.text.substr(bytes.begin, bytes.size())});
            if (m.kind == mention_kind::name) e.aliases.push_back(m.name);
        }
        // The lexicon's other names for it ("Pentagon", "DoD") help people find it.
        if (const auto* known = cl.canonical.empty() ? nullptr : r.entities.find(cl.canonical))
            e.aliases.insert(e.aliases.end(), known->aliases.begin(), known->aliases.end());
        kg::canonicalize(e);  // sorted unique aliases (without the label) and mentions
        cluster_ids[c] = e.id;
        auto [it, inserted] = entity_index.emplace(e.id, out.entities.size());
        if (inserted)
            out.entities.push_back(std::move(e));
        else  // two clusters with one identity
            kg::merge_into(out.entities[it->second], std::move(e));
    }

    std::map<std::string, std::size_t> fact_index;
    std::vector<std::set<std::pair<std::size_t, std::size_t>>> fact_sentences;  // per fact: its evidence's spans
    for (auto& f : drafts) {
        const auto& src = cluster_ids[f.source];
        const auto& dst = cluster_ids[f.target];
        if (src.empty() || dst.empty() || src == dst) continue;
        auto& sent = d.text.sentences[f.sentence];
        kg::evidence ev{doc.id, d.text.text.substr(sent.bytes.begin, sent.bytes.size()), offsets.to_chars(sent.bytes), f.rule, {}};
        if (f.speaker >= 0 && f.modality == kg::modality::reported) ev.attributed_to = cluster_ids[static_cast<std::size_t>(f.speaker)];
        std::string id = make_fact_id(src, f.relation, dst, to_string(f.polarity));
        kg::fact fact;
        fact.id = id;
        fact.source = src;
        fact.target = dst;
        fact.type = f.relation;
        fact.label = f.label;
        fact.polarity = f.polarity;
        fact.modality = f.modality;
        fact.time = f.time;
        fact.confidence = std::round(f.confidence * 1000.0) / 1000.0;
        std::pair<std::size_t, std::size_t> where{ev.chars.begin, ev.chars.end};
        fact.evidence.push_back(std::move(ev));
        auto [it, inserted] = fact_index.emplace(id, out.facts.size());
        if (inserted) {
            fact_sentences.push_back({where});
            out.facts.push_back(std::move(fact));
            continue;
        }
        // kg::merge_into decides confidence, modality, label and time, shown
        // the evidence only when its sentence is new to the fact (all of one
        // document: its span tells); the evidence is appended and sorted once
        // below, so a fact stated in thousands of sentences stays linear.
        kg::fact& into = out.facts[it->second];
        kg::evidence piece = std::move(fact.evidence.front());
        fact.evidence.clear();
        if (fact_sentences[it->second].insert(where).second) fact.evidence.push_back(piece);
        std::vector<kg::evidence> have = std::move(into.evidence);
        into.evidence.clear();
        kg::merge_into(into, std::move(fact));
        into.evidence = std::move(have);
        into.evidence.push_back(std::move(piece));
    }
    for (auto& f : out.facts) kg::canonicalize(f);  // sorted unique evidence
    std::sort(out.entities.begin(), out.entities.end(), [](auto& a, auto& b) { return a.id < b.id; });
    std::sort(out.facts.begin(), out.facts.end(), [](auto& a, auto& b) { return a.id < b.id; });
    out.diagnostics = std::move(d.diagnostics);
    lap(times.output);
    out.times = times;
    return out;
}

}  // namespace kg::extract
