// kg entities: list the entities of a graph, by type or by name.
#include <algorithm>
#include <memory>

#include <fmt/format.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include "commands.hpp"
#include "kg/core/ids.hpp"
#include "kg/graph/graph_file.hpp"
#include "query_options.hpp"

namespace kg::cli {
namespace {

struct entities_options {
    std::string graph_path;
    std::string type;
    std::string search;
    std::string format = "text";
};

void run_entities(entities_options o, const global_options& g) {
    kg::graph::knowledge_graph graph = read_graph_arg(o.graph_path);
    if (!o.type.empty()) {
        auto onto = try_load_ontology(g);
        std::vector<std::string> type{o.type};
        canonical_names(type, known_entity_types(graph, onto.get()), "entity type", "--type");
        o.type = type.front();
    }
    const auto& bg = graph.graph();
    std::string key = kg::normalize_name(o.search);
    std::string type = kg::normalize_name(o.type);
    // The search matches a run of characters of a normalized label or alias ("yuk" finds "Yukos").
    auto matches = [&](const kg::entity& e) {
        if (!type.empty() && kg::normalize_name(e.type) != type) return false;
        if (key.empty()) return o.search.empty();
        if (kg::normalize_name(e.label).find(key) != std::string::npos) return true;
        return std::any_of(e.aliases.begin(), e.aliases.end(),
                           [&](const std::string& a) { return kg::normalize_name(a).find(key) != std::string::npos; });
    };
    rapidjson::StringBuffer buffer;
    rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buffer);
    w.SetIndent(' ', 2);
    auto str = [&w](const std::string& s) { w.String(s.data(), static_cast<rapidjson::SizeType>(s.size())); };
    std::string text;
    std::size_t count = 0;
    w.StartArray();
    for (const kg::entity* e : graph.nodes()) {
        if (!matches(*e)) continue;
        ++count;
        auto v = *graph.vertex_of(e->id);
        std::size_t degree = boost::out_degree(v, bg) + boost::in_degree(v, bg);
        if (o.format == "json") {
            w.StartObject();
            w.Key("id");
            str(e->id);
            w.Key("type");
            str(e->type);
            w.Key("label");
            str(e->label);
            w.Key("aliases");
            w.StartArray();
            for (const auto& a : e->aliases) str(a);
            w.EndArray();
            w.Key("degree");
            w.Uint64(degree);
            w.EndObject();
        } else {
            text += fmt::format("{}\t{}\t{}\t{}\n", e->id, e->type, one_line(e->label), degree);
        }
    }
    w.EndArray();
    if (o.format == "json")
        write_output("-", fmt::format("{{\"entities\": {}}}\n", buffer.GetString()));
    else
        write_output("-", text);
    (void)count;
}

}  // namespace

void add_entities_command(CLI::App& app, const global_options& g) {
    auto opts = std::make_shared<entities_options>();
    CLI::App* sub = app.add_subcommand("entities", "List the entities of a graph, optionally by type or name");
    sub->add_option("graph", opts->graph_path, "Graph file written by 'kg build' (kg-graph JSON or binary .kgb; - for standard input)")->required();
    sub->add_option("--type", opts->type, "Only entities of this type (e.g. Company)");
    sub->add_option("--search", opts->search,
                    "Only entities whose label or an alias contains this text (ignoring case and punctuation)");
    sub->add_option("-f,--format", opts->format, "Output: text or json")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
    sub->footer(
        "Text output: one entity per line, sorted by id: id<TAB>type<TAB>label<TAB>number of facts.\n"
        "JSON output: {\"entities\": [{\"id\", \"type\", \"label\", \"aliases\", \"degree\"}]}.\n"
        "Exit status: 0 success (also when nothing matches); 1 usage error; 2 unreadable graph.");
    sub->callback([opts, &g] { run_entities(*opts, g); });
}

}  // namespace kg::cli
