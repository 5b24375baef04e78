// kg_consumer: builds a knowledge graph from article files (.txt or .jsonl)
// with the kg libraries, or loads graph files written by kg (.json or .kgb),
// then prints the entities with the most facts, the facts among them, and
// optionally writes the graph as Graphviz DOT.
//
//   kg_consumer [--data DIR] [--dot OUT.dot] INPUT...
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "kg/core/diagnostic.hpp"
#include "kg/core/error.hpp"
#include "kg/core/ontology.hpp"
#include "kg/export/dot.hpp"
#include "kg/extract/pipeline.hpp"
#include "kg/extract/reader.hpp"
#include "kg/graph/graph_file.hpp"
#include "kg/graph/knowledge_graph.hpp"

namespace {

bool is_graph_file(const std::string& path) {
    auto ends = [&](std::string_view s) {
        return path.size() >= s.size() && path.compare(path.size() - s.size(), s.size(), s) == 0;
    };
    return ends(".json") || ends(".kgb");
}

}  // namespace

int main(int argc, char** argv) {
    std::string data_dir = KG_CONSUMER_DATA_DIR;
    std::string dot_path;
    std::vector<std::string> articles, graphs;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--data" && i + 1 < argc) data_dir = argv[++i];
        else if (a == "--dot" && i + 1 < argc) dot_path = argv[++i];
        else if (is_graph_file(a)) graphs.push_back(a);
        else articles.push_back(a);
    }
    if (articles.empty() && graphs.empty()) {
        std::cerr << "usage: kg_consumer [--data DIR] [--dot OUT.dot] ARTICLE.txt|ARTICLES.jsonl|GRAPH.json|GRAPH.kgb...\n";
        return 1;
    }
    try {
        kg::graph::knowledge_graph graph;
        for (const auto& path : graphs) graph.merge(kg::graph::read_graph(path));
        if (!articles.empty()) {
            // Load the pipeline once (ontology, lexicons, patterns, models), then extract each article.
            auto pipeline = kg::extract::pipeline::load(data_dir);
            auto read = kg::extract::read_inputs(articles, std::cin);
            for (const auto& d : read.diagnostics) std::cerr << kg::format(d) << '\n';
            for (auto& doc : read.documents) {
                kg::extract::extraction x = pipeline.run(doc);
                graph.add_document(std::move(doc));
                for (auto& e : x.entities) graph.add_entity(std::move(e));
                for (auto& f : x.facts) graph.add_fact(std::move(f));
            }
        }
        std::cout << graph.document_count() << " documents, " << graph.node_count() << " entities, "
                  << graph.edge_count() << " facts\n";

        // Entities by degree: the number of facts they take part in.
        std::map<std::string, std::size_t> degree;
        for (const kg::fact* f : graph.edges()) {
            ++degree[f->source];
            if (f->target != f->source) ++degree[f->target];
        }
        std::vector<std::pair<std::string, std::size_t>> ranked(degree.begin(), degree.end());
        std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
        if (ranked.size() > 10) ranked.resize(10);
        std::cout << "entities with the most facts:\n";
        for (const auto& [id, n] : ranked) {
            const kg::entity* e = graph.find_node(id);
            std::cout << "  " << n << "  " << e->label << " (" << e->type << ")\n";
        }
        std::cout << "facts:\n";
        for (const kg::fact* f : graph.edges()) {
            std::cout << "  " << graph.find_node(f->source)->label << " --" << f->type << "--> "
                      << graph.find_node(f->target)->label;
            std::cout << " (confidence " << f->confidence << ")\n";
            if (!f->evidence.empty()) std::cout << "      \"" << f->evidence.front().sentence << "\"\n";
        }
        if (!dot_path.empty()) {
            std::ofstream out(dot_path);
            // Colours and shapes come from the ontology of the data directory.
            kg::ontology onto = kg::ontology::load(data_dir + "/ontology.json");
            kg::exporter::write_dot(graph, &onto, out);
            if (!out) throw kg::input_error("cannot write " + dot_path);
        }
    } catch (const kg::error& e) {
        std::cerr << "kg_consumer: error: " << e.what() << '\n';
        return 2;
    }
    return 0;
}
