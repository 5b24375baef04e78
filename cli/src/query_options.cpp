#include "query_options.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>

#include <fmt/format.h>
#include <rapidjson/document.h>

#include "kg/core/error.hpp"
#include "kg/core/edit_distance.hpp"
#include "kg/core/io.hpp"
#include "kg/graph/graph_binary.hpp"
#include "kg/graph/graph_file.hpp"
#include "kg/graph/graph_json.hpp"

namespace kg::cli {

void add_filter_options(CLI::App& sub, kg::graph::query_filter& filter, bool node_types) {
    sub.add_option("--relations", filter.relations, "Only follow facts of these relation types (comma-separated)")
        ->delimiter(',');
    sub.add_option("--exclude-relations", filter.exclude_relations, "Never follow facts of these relation types")
        ->delimiter(',');
    sub.add_flag("--include-negated", filter.include_negated,
                 "Also follow negative facts (\"did not sue\"), which are left out by default");
    if (node_types) {
        sub.add_option("--node-types", filter.node_types,
                       "Only pass through entities of these types (comma-separated); the end points may be of any type")
            ->delimiter(',');
        sub.add_option("--avoid", filter.avoid_node_types,
                       "Never pass through entities of these types (repeatable), e.g. --avoid Date --avoid Country")
            ->delimiter(',');
    }
}

std::string node_text(const kg::graph::knowledge_graph& g, const std::string& id) {
    const kg::entity* e = g.find_node(id);
    if (!e) return id;
    return fmt::format("{} ({})", e->label.empty() ? e->id : e->label, e->type);
}

std::string relation_text(const kg::fact& f) {
    std::string label = f.label.empty() ? f.type : f.label;
    if (f.polarity == kg::polarity::negative) label = "NOT " + label;
    std::string notes;
    if (f.modality != kg::modality::asserted) notes = kg::to_string(f.modality);
    if (!f.time.empty()) notes += (notes.empty() ? "" : "; ") + f.time;
    if (!notes.empty()) label += " (" + notes + ")";
    return fmt::format("{}: {}", f.type, label);
}

std::string one_line(std::string s) {
    std::replace_if(s.begin(), s.end(), [](char c) { return c == '\n' || c == '\r' || c == '\t'; }, ' ');
    return s;
}

void write_output(const std::string& path, const std::string& text) {
    if (path == "-") {
        std::cout << text;
        std::cout.flush();
        if (!std::cout) throw kg::input_error("cannot write to standard output");
        return;
    }
    kg::write_file_atomic(path, text);
}

kg::graph::knowledge_graph read_graph_arg(const std::string& path) {
    if (path != "-") return kg::graph::read_graph(path);
    std::string bytes{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
    if (std::cin.bad()) throw kg::input_error("cannot read standard input");
    if (kg::graph::looks_like_graph_binary(bytes)) return kg::graph::parse_graph_binary(bytes, "<stdin>");
    return kg::graph::parse_graph_json(bytes, "<stdin>");
}

std::unique_ptr<kg::ontology> try_load_ontology(const global_options& g) {
    try {
        return std::make_unique<kg::ontology>(kg::ontology::load(resolve_data_dir(g) + "/ontology.json"));
    } catch (const kg::error&) {
        return nullptr;
    }
}

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}


}  // namespace

void canonical_names(std::vector<std::string>& names, const std::set<std::string>& known, std::string_view what,
                     std::string_view option) {
    for (auto& name : names) {
        std::string key = lower(name);
        auto exact = std::find_if(known.begin(), known.end(), [&](const std::string& k) { return lower(k) == key; });
        if (exact != known.end()) {
            name = *exact;
            continue;
        }
        // The closest names: by edit distance ignoring case, then a name that contains the other.
        std::vector<std::pair<std::size_t, std::string>> ranked;
        for (const auto& k : known) {
            std::string lk = lower(k);
            std::size_t d = kg::edit_distance(key, lk);
            if (!key.empty() && (lk.find(key) != std::string::npos || key.find(lk) != std::string::npos))
                d = std::min<std::size_t>(d, 1);
            ranked.emplace_back(d, k);
        }
        std::sort(ranked.begin(), ranked.end());
        std::string close;
        for (std::size_t i = 0; i < ranked.size() && i < 3; ++i)
            if (ranked[i].first <= std::max<std::size_t>(2, key.size() / 3))
                close += (close.empty() ? "" : ", ") + ranked[i].second;
        std::string message = fmt::format("unknown {} '{}' ({})", what, name, option);
        if (!close.empty()) message += "; did you mean " + close + "?";
        else if (!known.empty()) {
            std::string all;
            for (const auto& k : known) all += (all.empty() ? "" : ", ") + k;
            message += "; known: " + all;
        }
        throw kg::usage_error(message);
    }
}

std::set<std::string> known_relations(const kg::graph::knowledge_graph& g, const kg::ontology* onto) {
    std::set<std::string> names;
    if (onto)
        for (const auto& r : onto->relation_types()) names.insert(r.name);
    for (const kg::fact* f : g.edges()) names.insert(f->type);
    return names;
}

std::set<std::string> known_entity_types(const kg::graph::knowledge_graph& g, const kg::ontology* onto) {
    std::set<std::string> names;
    if (onto)
        for (const auto& t : onto->entity_types()) names.insert(t.name);
    for (const kg::entity* e : g.nodes()) names.insert(e->type);
    return names;
}

void check_filter(kg::graph::query_filter& filter, const kg::graph::knowledge_graph& g, const kg::ontology* onto) {
    auto relations = known_relations(g, onto);
    canonical_names(filter.relations, relations, "relation type", "--relations");
    canonical_names(filter.exclude_relations, relations, "relation type", "--exclude-relations");
    auto types = known_entity_types(g, onto);
    canonical_names(filter.node_types, types, "entity type", "--node-types");
    canonical_names(filter.avoid_node_types, types, "entity type", "--avoid");
}

namespace {

void key_string(json_writer& w, const char* key, const std::string& value) {
    w.Key(key);
    w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

}  // namespace

void write_entity_fields(json_writer& w, const kg::entity& e) {
    key_string(w, "id", e.id);
    key_string(w, "type", e.type);
    key_string(w, "label", e.label);
    w.Key("aliases");
    w.StartArray();
    for (const auto& a : e.aliases) w.String(a.data(), static_cast<rapidjson::SizeType>(a.size()));
    w.EndArray();
}

void write_fact_json(json_writer& w, const kg::graph::knowledge_graph& g, const kg::fact& f) {
    auto label_of = [&](const std::string& id) {
        const kg::entity* e = g.find_node(id);
        return e && !e->label.empty() ? e->label : id;
    };
    w.StartObject();
    key_string(w, "id", f.id);
    key_string(w, "source", f.source);
    key_string(w, "source_label", label_of(f.source));
    key_string(w, "target", f.target);
    key_string(w, "target_label", label_of(f.target));
    key_string(w, "type", f.type);
    key_string(w, "label", f.label);
    key_string(w, "polarity", kg::to_string(f.polarity));
    key_string(w, "modality", kg::to_string(f.modality));
    if (!f.time.empty()) key_string(w, "time", f.time);
    w.Key("confidence");
    std::string c = fmt::format("{}", f.confidence);
    w.RawValue(c.data(), c.size(), rapidjson::kNumberType);
    w.Key("evidence");
    w.StartArray();
    for (const auto& ev : f.evidence) {
        w.StartObject();
        key_string(w, "document", ev.document);
        if (const kg::document* d = g.find_document(ev.document); d && !d->title.empty()) key_string(w, "title", d->title);
        key_string(w, "sentence", ev.sentence);
        w.Key("start");
        w.Uint64(ev.chars.begin);
        w.Key("end");
        w.Uint64(ev.chars.end);
        key_string(w, "rule", ev.rule);
        if (!ev.attributed_to.empty()) key_string(w, "attributed_to", ev.attributed_to);
        w.EndObject();
    }
    w.EndArray();
    w.EndObject();
}

void refuse_non_articles(const std::vector<std::string>& inputs) {
    namespace fs = std::filesystem;
    for (const auto& path : inputs) {
        std::error_code ec;
        if (path == "-" || !fs::is_regular_file(path, ec)) continue;
        std::string head;
        {
            std::ifstream in(path, std::ios::binary);
            head.resize(4096);
            in.read(head.data(), static_cast<std::streamsize>(head.size()));
            head.resize(static_cast<std::size_t>(in.gcount()));
        }
        if (kg::graph::looks_like_graph_binary(head))
            throw kg::usage_error(fmt::format("{} is a binary kg graph, not an article: to add articles to it, use "
                                              "--into {}; to combine graphs, kg merge",
                                              path, path));
        std::size_t first = head.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
        if (first == std::string::npos || (head[first] != '{' && head[first] != '[')) continue;
        bool jsonl = path.size() >= 6 && path.compare(path.size() - 6, 6, ".jsonl") == 0;
        std::string_view start = std::string_view(head).substr(first, 400);
        if (start.find("\"kg-graph\"") != std::string_view::npos && start.find("\"format\"") != std::string_view::npos)
            throw kg::usage_error(fmt::format("{} is a kg graph file, not an article: to add articles to it, use "
                                              "--into {}; to combine graphs, kg merge",
                                              path, path));
        if (jsonl) continue;  // JSONL articles: the reader checks each line
        // A text that is one JSON value is not an article either.
        std::string text = kg::read_file(path);
        rapidjson::Document d;
        d.Parse(text.data(), text.size());
        if (!d.HasParseError())
            throw kg::usage_error(fmt::format(
                "{} is JSON, not an article: articles are text files, or JSONL files (.jsonl) of objects with "
                "\"text\" (and \"id\", \"title\"), one per line",
                path));
    }
}

void check_graph_output(const std::string& path) {
    if (path == "-" || path.ends_with(".json") || path.ends_with(".kgb")) return;
    throw kg::usage_error(fmt::format("-o {}: this command writes a kg graph, named .json or .kgb (or - for "
                                      "standard output); for other formats, kg export the graph",
                                      path));
}

}  // namespace kg::cli
