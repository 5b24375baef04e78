// kg eval pos|chunk|ner: scores the taggers on a CoNLL file, conlleval style.
// Only the first column (the token) is given to the taggers; the chunker
// works on predicted part-of-speech tags, so the figures are end-to-end.
#include <chrono>
#include <iostream>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "commands.hpp"
#include "kg/core/error.hpp"
#include "kg/core/io.hpp"
#include "kg/extract/conll.hpp"
#include "kg/extract/conllu.hpp"
#include "kg/extract/dependency_parser.hpp"
#include "kg/extract/parser_training.hpp"
#include "kg/extract/evaluation.hpp"
#include "kg/extract/relation_model.hpp"
#include "kg/extract/spert.hpp"
#include "kg/extract/taggers.hpp"

namespace kg::cli {
namespace {

struct eval_args {
    std::string gold, predictions, model, pos_model;
};

extract::tagger_model load_kind(extract::tagger_kind kind, const std::string& explicit_path,
                                const global_options& g) {
    std::string path = explicit_path.empty()
                           ? resolve_data_dir(g) + "/models/" + extract::to_string(kind) + ".model"
                           : explicit_path;
    auto m = extract::tagger_model::load(path);
    if (m.kind() != kind)
        throw model_error(fmt::format("expected a {} model, found a {} model", extract::to_string(kind),
                                      extract::to_string(m.kind())),
                          path);
    return m;
}

void run_eval(extract::tagger_kind kind, const eval_args& a, const global_options& g) {
    using extract::tagger_kind;
    std::size_t min_cols = kind == tagger_kind::pos ? 2 : kind == tagger_kind::chunk ? 3 : 2;
    bool conllu = a.gold.size() > 7 && a.gold.ends_with(".conllu");
    if (conllu && kind != tagger_kind::pos) throw usage_error("CoNLL-U files score the part-of-speech tagger only");
    if (conllu && !a.predictions.empty()) throw usage_error("--predictions needs a CoNLL file");
    auto gold = conllu ? extract::conllu_as_conll(extract::read_conllu(a.gold)) : extract::read_conll(a.gold, min_cols);
    if (gold.columns < min_cols)
        throw input_error(fmt::format("expected at least {} columns", min_cols), a.gold);
    // CoNLL-2003 keeps entities in the fourth column; shorter files in the last one.
    std::size_t col = kind == tagger_kind::pos ? 1 : kind == tagger_kind::chunk ? 2 : gold.columns >= 4 ? 3 : gold.columns - 1;

    std::optional<extract::tagger_model> pos, model;
    if (kind == tagger_kind::pos) {
        model = load_kind(kind, a.model, g);
    } else if (kind == tagger_kind::chunk) {
        pos = load_kind(tagger_kind::pos, a.pos_model, g);
        model = load_kind(kind, a.model, g);
    } else {
        model = load_kind(kind, a.model, g);
    }

    // Predictions are written and compared in the gold file's scheme (IOB1
    // when its chunks start with I-, else BIO), so that the token accuracy
    // conlleval prints means something; the spans are the same either way.
    bool iob1 = false;
    if (kind != tagger_kind::pos)
        for (const auto& d : gold.documents)
            for (const auto& s : d.sentences)
                if (!iob1 && extract::uses_iob1(s.column(col))) iob1 = true;

    auto started = std::chrono::steady_clock::now();
    extract::span_evaluation spans;
    extract::accuracy_evaluation acc;
    std::vector<std::string> flat;
    for (const auto& d : gold.documents) {
        std::vector<std::vector<std::string_view>> words;
        for (const auto& s : d.sentences) {
            std::vector<std::string_view> w;
            for (const auto& r : s.rows) w.push_back(r[0]);
            words.push_back(std::move(w));
        }
        std::vector<std::vector<std::string>> p;
        if (pos) {
            auto ptags = pos->tag_document(words);
            p = model->tag_document(words, &ptags);
        } else {
            p = model->tag_document(words);
        }
        for (std::size_t s = 0; s < d.sentences.size(); ++s) {
            auto g_tags = d.sentences[s].column(col);
            if (iob1) p[s] = extract::to_iob1(p[s]);
            if (kind == tagger_kind::pos) acc.add(g_tags, p[s]);
            else spans.add(g_tags, p[s]);
            for (auto& t : p[s]) flat.push_back(std::move(t));
        }
    }
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    spans.add_outside_tokens(gold.docstart_lines);  // as conlleval counts them
    if (kind == tagger_kind::pos) std::cout << acc.summary();
    else std::cout << spans.summary();
    if (!g.quiet)
        std::cerr << fmt::format("kg: tagged {} tokens in {:.2f} s\n", gold.token_count(), secs);
    if (!a.predictions.empty()) kg::write_file_atomic(a.predictions, extract::format_predictions(gold, flat));
}

void add_kind(CLI::App& eval, extract::tagger_kind kind, const char* what, const global_options& g) {
    auto args = std::make_shared<eval_args>();
    auto* cmd = eval.add_subcommand(extract::to_string(kind), what);
    cmd->add_option("--gold", args->gold,
                    "CoNLL file with gold tags (TOKEN POS CHUNK NER ...: POS in column 2, chunks in 3, entities in 4 or the last; IOB1 or IOB2; only the tokens are tagged)")
        ->required();
    cmd->add_option("--predictions", args->predictions,
                    "Write the gold file's lines with the predicted tag appended as the last column (in the gold "
                    "file's IOB1 or BIO scheme)");
    cmd->add_option("--model", args->model,
                    std::string("Model file (default: the data directory's models/") + extract::to_string(kind) +
                        ".model)");
    if (kind == extract::tagger_kind::chunk)
        cmd->add_option("--pos-model", args->pos_model, "Part-of-speech model feeding the chunker");
    cmd->callback([kind, args, &g] { run_eval(kind, *args, g); });
}

void run_eval_relations(const eval_args& a, const global_options& g) {
    auto gold = extract::read_spert(a.gold);
    std::string path = a.model.empty() ? resolve_data_dir(g) + "/models/relations.model" : a.model;
    auto model = extract::relation_model::load(path);
    std::optional<extract::tagger_model> pos;
    if (a.pos_model != "none") pos = load_kind(extract::tagger_kind::pos, a.pos_model, g);
    auto started = std::chrono::steady_clock::now();
    auto predicted = extract::predict_spert(model, pos ? &*pos : nullptr, gold);
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    extract::relation_evaluation ev;
    for (std::size_t i = 0; i < gold.size(); ++i) ev.add(gold[i], predicted[i]);
    std::cout << ev.summary();
    if (!g.quiet) std::cerr << fmt::format("kg: {} sentences in {:.2f} s\n", gold.size(), secs);
    if (!a.predictions.empty()) kg::write_file_atomic(a.predictions, extract::format_spert(predicted));
}

void add_relations(CLI::App& eval, const global_options& g) {
    auto args = std::make_shared<eval_args>();
    auto* cmd = eval.add_subcommand(
        "relations",
        "Entity and relation precision, recall and F1 on SpERT-format sentences (strict: spans, types, direction)");
    cmd->add_option("--gold", args->gold,
                    "SpERT JSON file (tokens, entities, relations); only the tokens are given to the model")
        ->required();
    cmd->add_option("--predictions", args->predictions,
                    "Write the predicted entities and relations in the same format, sentence for sentence");
    cmd->add_option("--model", args->model, "Relation model (default: the data directory's models/relations.model)");
    cmd->add_option("--pos-model", args->pos_model,
                    "Part-of-speech model for the pair features (default: models/pos.model; 'none' for none)");
    cmd->callback([args, &g] { run_eval_relations(*args, g); });
}

void run_eval_parser(const eval_args& a, const global_options& g) {
    auto gold = extract::read_conllu(a.gold);
    std::string dir = resolve_data_dir(g) + "/models/";
    auto parser = extract::dependency_parser::load(a.model.empty() ? dir + "parser.model" : a.model);
    std::optional<extract::tagger_model> pos;
    if (a.pos_model != "gold") pos = load_kind(extract::tagger_kind::pos, a.pos_model.empty() ? dir + "parser_pos.model" : a.pos_model, g);
    auto examples = extract::parser_examples(gold, pos ? &*pos : nullptr);
    auto started = std::chrono::steady_clock::now();
    std::vector<std::vector<std::int32_t>> heads;
    std::vector<std::vector<std::string>> deprels;
    auto scores = extract::evaluate_parser(parser, examples, &heads, &deprels);
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::cout << fmt::format("sentences: {}, words: {} (punctuation included)\n", gold.sentences.size(), scores.words);
    std::cout << fmt::format("UAS: {:.2f}% ({}/{})\n", scores.uas(), scores.head_correct, scores.words);
    std::cout << fmt::format("LAS: {:.2f}% ({}/{}; relations compared on their universal part)\n", scores.las(),
                             scores.labeled_correct, scores.words);
    if (!g.quiet)
        std::cerr << fmt::format("kg: parsed {} words in {:.2f} s ({:.0f} words/s, tagging excluded)\n", scores.words,
                                 secs, secs > 0 ? static_cast<double>(scores.words) / secs : 0.0);
    if (!a.predictions.empty()) kg::write_file_atomic(a.predictions, extract::format_conllu(gold, heads, deprels));
}

void add_parser(CLI::App& eval, const global_options& g) {
    auto args = std::make_shared<eval_args>();
    auto* cmd = eval.add_subcommand("parser",
                                    "Unlabelled and labelled attachment scores (UAS, LAS) of the dependency parser on "
                                    "a CoNLL-U treebank");
    cmd->add_option("--gold", args->gold,
                    "CoNLL-U file with gold trees; its words are tagged by kg and parsed (multi-word tokens and "
                    "empty nodes are not words of the tree)")
        ->required();
    cmd->add_option("--predictions", args->predictions,
                    "Write the gold file with the predicted HEAD and DEPREL, sentence for sentence and word for word");
    cmd->add_option("--model", args->model, "Parser model (default: the data directory's models/parser.model)");
    cmd->add_option("--pos-model", args->pos_model,
                    "Part-of-speech model (default: models/parser_pos.model; 'gold' uses the XPOS column)");
    cmd->callback([args, &g] { run_eval_parser(*args, g); });
}

}  // namespace

void add_eval_command(CLI::App& app, const global_options& g) {
    auto* eval = app.add_subcommand("eval", "Score a tagger on a CoNLL file (conlleval-compatible)");
    eval->require_subcommand(1);
    add_kind(*eval, extract::tagger_kind::pos, "Part-of-speech token accuracy", g);
    add_kind(*eval, extract::tagger_kind::chunk, "Chunk precision, recall and F1 (exact span match)", g);
    add_kind(*eval, extract::tagger_kind::ner,
             "Named-entity precision, recall and F1, overall and per type (exact span match)", g);
    add_relations(*eval, g);
    add_parser(*eval, g);
}

}  // namespace kg::cli
