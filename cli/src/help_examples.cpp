// An example at the end of every subcommand's --help.
#include <string>
#include <utility>

#include "commands.hpp"

namespace kg::cli {

void add_help_examples(CLI::App& app) {
    static const std::pair<const char*, const char*> examples[] = {
        {"build", "kg build articles/ news.jsonl -o graph.json -j 2\n  kg build more.txt --into graph.json -o graph.json"},
        {"extract", "kg extract -j 2 < shard-00.jsonl > shard-00.facts"},
        {"merge", "kg merge shard-*.facts -o graph.json"},
        {"export", "kg export graph.json -o view.html\n  kg export graph.json --subgraph Xiaomi --hops 2 | dot -Tsvg > xiaomi.svg"},
        {"path", "kg path graph.json \"Lei Jun\" Xiaomi --k 2 --format json"},
        {"neighbors", "kg neighbors graph.json Xiaomi --hops 2 --avoid Date,Country"},
        {"subgraph", "kg subgraph graph.json Xiaomi \"Lei Jun\" --hops 2 -o sub.json\n"
                     "  kg subgraph graph.json Xiaomi | kg export - --format svg -o xiaomi.svg"},
        {"entities", "kg entities graph.json --type Company --search bank"},
        {"stats", "kg stats graph.json --top 5 --format json"},
        {"train", "kg train ner --train eng.train --dev eng.testa -o data/models/ner.model"},
        {"eval", "kg eval ner --gold eng.testa"},
    };
    for (const auto& [name, example] : examples) {
        CLI::App* sub = nullptr;
        try {
            sub = app.get_subcommand(name);
        } catch (const CLI::OptionNotFound&) {
            continue;
        }
        std::string footer = sub->get_footer();
        sub->footer(footer + (footer.empty() ? "" : "\n") + "Example:\n  " + example);
    }
}

}  // namespace kg::cli
