// kg merge: the reducer. Graphs and fact files (the lines kg extract writes)
// in, one graph out, merged in the order given with the graph's merge rules.
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "commands.hpp"
#include "query_options.hpp"
#include "kg/core/diagnostic.hpp"
#include "kg/core/error.hpp"
#include "kg/core/io.hpp"
#include "kg/core/line_reader.hpp"
#include "kg/graph/graph_binary.hpp"
#include "kg/graph/graph_file.hpp"
#include "kg/graph/graph_json.hpp"
#include "kg/graph/resolution.hpp"

namespace kg::cli {
namespace {
namespace fs = std::filesystem;

// Longest fact line read (one document's graph).
constexpr std::size_t max_fact_line = std::size_t{256} << 20;

struct merge_options {
    std::vector<std::string> inputs;
    std::string output;
    bool strict = false;
    bool explain_merges = false;
};

class merger {
public:
    explicit merger(const global_options& g) : g_(g) {
        auto onto = kg::ontology::load((fs::path(resolve_data_dir(g)) / "ontology.json").string());
        resolver_ = std::make_shared<const kg::graph::entity_resolver>(onto);
        graph_.set_resolver(resolver_);
    }

    void input(const std::string& path) {
        if (path == "-") {
            fact_lines(std::cin, "-");
            return;
        }
        std::error_code ec;
        if (fs::is_directory(path, ec)) {
            // A job's output directory: its part files in name order; _SUCCESS,
            // .crc and other hidden or underscore files are not data.
            std::vector<fs::path> files;
            for (auto it = fs::directory_iterator(path, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
                auto name = it->path().filename().string();
                std::error_code fec;
                if (!name.empty() && name[0] != '_' && name[0] != '.' && it->is_regular_file(fec))
                    files.push_back(it->path());
            }
            if (ec) problem(path, 0, "cannot read directory: " + ec.message());
            std::sort(files.begin(), files.end());
            for (auto& f : files) file(f.string());
            return;
        }
        file(path);
    }

    void finish(const merge_options& o) {
        if (merged_ == 0) throw kg::input_error(skipped_ ? "no input could be read; nothing written" : "nothing to merge");
        if (o.strict && skipped_ > 0)
            throw kg::input_error(fmt::format("{} inputs could not be read (--strict); nothing written", skipped_));
        kg::graph::resolve_short_names(graph_, *resolver_);
        write_output(o.output, kg::graph::serialize_graph(graph_, kg::graph::graph_format_for(o.output)));
        if (o.explain_merges) print_merges(graph_, o.output == "-");
        report(g_, fmt::format("merged {}: {} documents, {} nodes, {} edges ({} inputs skipped)",
                               o.output == "-" ? "graph" : o.output, graph_.document_count(), graph_.node_count(),
                               graph_.edge_count(), skipped_));
        if (skipped_ > 0) note_inputs_skipped(g_);
    }

private:
    void problem(const std::string& file, std::size_t line, const std::string& message) {
        ++skipped_;
        report(g_, kg::format(kg::diagnostic{kg::severity::error, file, line, message}));
    }

    // Merges `part` (a graph file, or a fact line: `line` > 0). A part with a
    // document whose id is in the graph with another text is skipped whole;
    // a fact whose id is taken by a different fact (an id collision) is left
    // out and named; the rest of the part is merged.
    void add(const kg::graph::knowledge_graph& part, const std::string& name, std::size_t line) {
        const char* unit = line > 0 ? "line" : "file";
        for (const auto* d : part.documents()) {
            const kg::document* known = graph_.find_document(d->id);
            if (!known) continue;
            if (!known->content_hash.empty() && !d->content_hash.empty() && known->content_hash != d->content_hash) {
                problem(name, line,
                        fmt::format("document '{}' is already in the graph with a different text; {} skipped", d->id,
                                    unit));
                return;
            }
            report(g_, fmt::format("note: document '{}' is already in the graph; its facts are merged", d->id));
        }
        std::vector<std::string> conflicts;
        graph_.merge(part, &conflicts);
        for (const auto& c : conflicts) problem(name, line, c);
        ++merged_;
    }

    static bool is_binary_graph(const std::string& path) {
        std::ifstream in(path, std::ios::binary);
        std::string head(8, '\0');
        in.read(head.data(), static_cast<std::streamsize>(head.size()));
        head.resize(static_cast<std::size_t>(in.gcount()));
        return kg::graph::looks_like_graph_binary(head);
    }

    void file(const std::string& path) {
        if (fs::path(path).extension() == ".json" || is_binary_graph(path)) {  // a whole graph
            try {
                add(kg::graph::read_graph(path), path, 0);
            } catch (const kg::error& e) {
                problem(path, e.line(), e.message() + "; file skipped");
            }
            return;
        }
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            problem(path, 0, std::string("cannot open: ") + std::strerror(errno));
            return;
        }
        fact_lines(in, path);
    }

    // One graph per line, as kg extract writes them.
    void fact_lines(std::istream& in, const std::string& name) {
        kg::line_reader lines(in);
        std::string_view head = lines.lookahead(8192);
        if (auto nul = head.find('\0'); nul != std::string_view::npos) {
            problem(name, 0, "binary file (NUL byte): not fact lines; skipped");
            return;
        }
        std::string line;
        bool any = false;
        for (;;) {
            auto status = lines.next(line, max_fact_line);
            if (status == kg::line_reader::status::end) break;
            std::size_t number = lines.line_number();
            if (status == kg::line_reader::status::too_long) {
                problem(name, number, "line too long for a document's facts; skipped");
                continue;
            }
            if (status == kg::line_reader::status::endless) {
                problem(name, number,
                        fmt::format("no line end within {}: the line and the rest of the input are not read",
                                    kg::size_text(kg::line_reader::skip_limit(max_fact_line))));
                any = true;
                continue;
            }
            if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
            any = true;
            try {
                add(kg::graph::parse_graph_json(line, name), name, number);
            } catch (const kg::error& e) {
                problem(name, number, e.message() + "; line skipped");
            }
        }
        if (lines.failed()) problem(name, 0, "read error: the rest of the input is lost");
        else if (!any) problem(name, 0, "empty file: nothing to merge");
    }

    const global_options& g_;
    std::shared_ptr<const kg::graph::entity_resolver> resolver_;
    kg::graph::knowledge_graph graph_;
    std::size_t merged_ = 0;
    std::size_t skipped_ = 0;
};

void run_merge(const merge_options& o, const global_options& g) {
    merger m(g);
    for (const auto& input : o.inputs) m.input(input);
    m.finish(o);
}

}  // namespace

void add_merge_command(CLI::App& app, const global_options& g) {
    auto o = std::make_shared<merge_options>();
    auto* cmd = app.add_subcommand("merge", "Merge graphs and fact files (kg extract output) into one graph (a reducer)");
    cmd->footer(
        "Inputs, merged in the order given: graph files (.json, or binary .kgb, as kg build writes), fact files\n"
        "(any other name: one kg-graph JSON object per line, as kg extract writes), directories\n"
        "(their files in name order, skipping _SUCCESS and hidden files: a Spark or Hadoop output)\n"
        "and - (fact lines on standard input). Entities and facts merge by id with the rules kg build\n"
        "uses, so the fact lines of a corpus merged in corpus order give the graph kg build gives.\n"
        "Exit status: 0 all merged, 1 usage error, 2 nothing merged or output not written,\n"
        "3 graph written but some inputs or lines were skipped (2 with --strict).");
    cmd->add_option("inputs", o->inputs, "Graphs, fact files, directories or -")->required();
    cmd->add_option("-o,--output", o->output, "Graph to write: kg-graph JSON, or binary when it ends in .kgb (- for JSON on standard output)")->required();
    cmd->add_flag("--strict", o->strict, "Exit with status 2 and write nothing when any input could not be read");
    cmd->add_flag("--explain-merges", o->explain_merges,
                  "List every entity merge in the graph and its rule, as kg build --explain-merges does");
    cmd->callback([o, &g] { run_merge(*o, g); });
}

}  // namespace kg::cli
