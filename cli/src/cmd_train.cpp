// kg train pos|chunk|ner: trains a tagger on CoNLL files and writes its model.
#include <chrono>
#include <iostream>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "commands.hpp"
#include "kg/core/diagnostic.hpp"
#include "kg/core/error.hpp"
#include "kg/core/io.hpp"
#include "kg/extract/clusters.hpp"
#include "kg/extract/conll.hpp"
#include "kg/extract/conllu.hpp"
#include "kg/extract/parser_training.hpp"
#include "kg/extract/reader.hpp"
#include "kg/extract/relation_model.hpp"
#include "kg/extract/spert.hpp"
#include "kg/extract/tokenizer.hpp"
#include "kg/extract/taggers.hpp"

namespace kg::cli {
namespace {

struct train_args {
    std::string train, dev, output, pos_model, clusters;
    std::string iso_codes = "/usr/share/iso-codes/json";
    int epochs = 15;
    int patience = 4;
    std::uint64_t seed = 1;
    float prune = 0.0f;
    int min_count = 1;
    bool one_stage = false;
    std::vector<std::string> lexicons;
    std::size_t tag_dictionary = 5;
    std::string wordnet = "/usr/share/wordnet";
    int runs = 1;
};

void run_train(extract::tagger_kind kind, const train_args& a, const global_options& g) {
    auto started = std::chrono::steady_clock::now();
    if (a.epochs < 1) throw usage_error("--epochs must be at least 1");
    // CoNLL-U treebanks (.conllu) give the part-of-speech tagger their FORM and XPOS columns.
    auto read = [](const std::string& path) {
        if (path.size() > 7 && path.ends_with(".conllu"))
            return extract::conllu_as_conll(extract::read_conllu(path));
        return extract::read_conll(path, 2);
    };
    if (kind != extract::tagger_kind::pos && (a.train.ends_with(".conllu") || a.dev.ends_with(".conllu")))
        throw usage_error("CoNLL-U files train the part-of-speech tagger only");
    auto train = read(a.train);
    auto dev = read(a.dev);
    std::optional<extract::tagger_model> pos;
    if (kind == extract::tagger_kind::chunk) {
        std::string path = a.pos_model.empty() ? resolve_data_dir(g) + "/models/pos.model" : a.pos_model;
        if (a.pos_model != "gold") {
            pos = extract::tagger_model::load(path);
            if (pos->kind() != extract::tagger_kind::pos)
                throw model_error("not a part-of-speech model", path);
        }
    }
    extract::train_options o;
    o.epochs = a.epochs;
    o.patience = a.patience;
    o.seed = a.seed;
    o.prune_below = a.prune;
    o.min_count = a.min_count;
    o.two_stage = !a.one_stage;
    o.lexicons = a.lexicons;
    o.tag_dictionary_min_count = a.tag_dictionary;
    o.wordnet_dir = a.wordnet;
    if (a.runs < 1) throw usage_error("--runs must be at least 1");
    o.runs = a.runs;
    o.iso_codes_dir = a.iso_codes;
    o.clusters_file = a.clusters;
    auto model = extract::train_tagger(kind, train, dev, o, pos ? &*pos : nullptr, std::cout);
    auto bytes = model.serialize();
    kg::write_file_atomic(a.output, bytes);
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::cout << fmt::format("wrote {} ({} bytes, {} features, {} weights) in {:.1f} s\n", a.output, bytes.size(),
                             model.chain().feature_count(), model.chain().weight_count(), secs);
}

void add_kind(CLI::App& train, extract::tagger_kind kind, const char* what, const global_options& g) {
    auto args = std::make_shared<train_args>();
    auto* cmd = train.add_subcommand(extract::to_string(kind), what);
    cmd->add_option("--train", args->train, "CoNLL training file (e.g. ../shared/data/conll2003/eng.train)")->required();
    cmd->add_option("--dev", args->dev, "CoNLL dev file for model selection (e.g. eng.testa)")->required();
    cmd->add_option("-o,--output", args->output, "Model file to write")->required();
    cmd->add_option("--epochs", args->epochs, "Maximum number of training epochs")->capture_default_str();
    cmd->add_option("--patience", args->patience, "Stop after this many epochs without a better dev score")
        ->capture_default_str();
    cmd->add_option("--seed", args->seed, "Seed of the shuffling of training sentences")->capture_default_str();
    cmd->add_option("--prune", args->prune, "Drop averaged weights smaller than this in magnitude")
        ->capture_default_str();
    cmd->add_option("--min-count", args->min_count, "Ignore features seen fewer times in the training data")
        ->capture_default_str();
    if (kind == extract::tagger_kind::pos)
        cmd->add_option("--tag-dictionary", args->tag_dictionary,
                        "Words seen this often keep to the tags they had in training (0: no tag dictionary)")
            ->capture_default_str();
    if (kind == extract::tagger_kind::pos)
        cmd->add_option("--wordnet", args->wordnet,
                        "Directory of WordNet's index.* and *.exc files (Debian's wordnet-base), the English "
                        "lexicon the model carries ('' for none)")
            ->capture_default_str();
    cmd->add_option("--runs", args->runs,
                    "Average the weights of this many training runs (seeds seed, seed + 1, ...)")
        ->capture_default_str();
    if (kind == extract::tagger_kind::chunk)
        cmd->add_option("--pos-model", args->pos_model,
                        "Part-of-speech model whose predictions the chunker learns from (default: the data "
                        "directory's models/pos.model; 'gold' uses the file's POS column)");
    if (kind == extract::tagger_kind::ner)
    {
        cmd->add_option("--iso-codes", args->iso_codes, "Directory of iso-codes JSON files ('' for none)")
            ->capture_default_str();
        cmd->add_option("--lexicon", args->lexicons,
                        "Entity lexicon (name TAB ontology type TAB aliases) added to the gazetteer; repeatable");
        cmd->add_flag("--one-stage", args->one_stage,
                      "No second stage over document-wide first-stage predictions (faster, less accurate)");
    }
    cmd->add_option("--clusters", args->clusters, "Word clusters file from 'kg train clusters' (word TAB id TAB id TAB id)");
    cmd->callback([kind, args, &g] { run_train(kind, *args, g); });
}

struct cluster_args {
    std::vector<std::string> text, conll;
    std::string output;
    std::vector<std::size_t> sizes{64, 256, 1024};
    int iterations = 8;
    std::size_t min_count = 3;
};

void run_clusters(const cluster_args& a, const global_options& g) {
    auto started = std::chrono::steady_clock::now();
    if (a.text.empty() && a.conll.empty()) throw usage_error("give --text and/or --conll inputs");
    if (a.sizes.empty() || a.sizes.size() > 3) throw usage_error("--sizes takes 1 to 3 numbers");
    std::vector<std::vector<std::string>> sentences;
    for (const auto& path : a.conll) {
        auto c = extract::read_conll(path);
        for (const auto& d : c.documents)
            for (const auto& s : d.sentences) sentences.push_back(s.column(0));
    }
    if (!a.text.empty()) {
        auto tok = extract::tokenizer::load(resolve_data_dir(g) + "/lexicons/abbreviations.txt");
        auto docs = extract::read_inputs(a.text, std::cin);
        for (const auto& d : docs.diagnostics) report(g, kg::format(d));
        for (const auto& doc : docs.documents) {
            auto text = tok.analyze(doc.text, doc.source);
            for (const auto& s : text.sentences) {
                std::vector<std::string> words;
                for (std::size_t i = s.first_token; i < s.last_token; ++i) words.push_back(text.tokens[i].norm);
                sentences.push_back(std::move(words));
            }
        }
    }
    extract::cluster_options o;
    o.sizes = a.sizes;
    o.iterations = a.iterations;
    o.min_count = a.min_count;
    auto out = extract::learn_word_clusters(sentences, o, std::cout);
    kg::write_file_atomic(a.output, out);
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::cout << fmt::format("wrote {} ({} bytes) in {:.1f} s\n", a.output, out.size(), secs);
}

void add_clusters(CLI::App& train, const global_options& g) {
    auto args = std::make_shared<cluster_args>();
    auto* cmd = train.add_subcommand("clusters", "Learn word clusters from unlabelled text (for the taggers' --clusters)");
    cmd->add_option("--text", args->text, "Article files or directories (.txt, .jsonl), tokenized by kg");
    cmd->add_option("--conll", args->conll, "CoNLL files whose first column is used as tokenized text");
    cmd->add_option("-o,--output", args->output, "Clusters file to write")->required();
    cmd->add_option("--sizes", args->sizes, "Numbers of classes (1 to 3)")->capture_default_str();
    cmd->add_option("--iterations", args->iterations, "Passes of the exchange algorithm")->capture_default_str();
    cmd->add_option("--min-count", args->min_count, "Words seen fewer times get no class")->capture_default_str();
    cmd->callback([args, &g] { run_clusters(*args, g); });
}

struct relation_args {
    std::string train, dev, output, pos_model, clusters;
    std::string iso_codes = "/usr/share/iso-codes/json";
    std::vector<std::string> lexicons;
    int epochs = 30, patience = 8, entity_epochs = 20, ensemble = 5;
    std::uint64_t seed = 1;
};

void run_train_relations(const relation_args& a, const global_options& g) {
    auto started = std::chrono::steady_clock::now();
    if (a.epochs < 1 || a.entity_epochs < 1 || a.ensemble < 1)
        throw usage_error("--epochs, --entity-epochs and --ensemble must be at least 1");
    auto train = extract::read_spert(a.train);
    auto dev = extract::read_spert(a.dev);
    std::optional<extract::tagger_model> pos;
    if (a.pos_model != "none") {
        std::string path = a.pos_model.empty() ? resolve_data_dir(g) + "/models/pos.model" : a.pos_model;
        pos = extract::tagger_model::load(path);
        if (pos->kind() != extract::tagger_kind::pos) throw model_error("not a part-of-speech model", path);
    }
    extract::relation_train_options o;
    o.epochs = a.epochs;
    o.patience = a.patience;
    o.seed = a.seed;
    o.ensemble = a.ensemble;
    o.entities.epochs = a.entity_epochs;
    o.entities.seed = a.seed;
    o.entities.clusters_file = a.clusters;
    o.entities.lexicons = a.lexicons;
    o.entities.iso_codes_dir = a.iso_codes;
    auto model = extract::train_relation_model(train, dev, pos ? &*pos : nullptr, o, std::cout);
    auto bytes = model.serialize();
    kg::write_file_atomic(a.output, bytes);
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::cout << fmt::format("wrote {} ({} bytes, {} pair features) in {:.1f} s\n", a.output, bytes.size(),
                             model.classifier().feature_count(), secs);
}

void add_relations(CLI::App& train, const global_options& g) {
    auto args = std::make_shared<relation_args>();
    auto* cmd = train.add_subcommand("relations",
                                     "Train the relation model (entity tagger and pair classifier) on SpERT-format "
                                     "CoNLL04 files");
    cmd->add_option("--train", args->train, "SpERT JSON training file (e.g. ../shared/data/conll04/conll04_train.json)")
        ->required();
    cmd->add_option("--dev", args->dev, "SpERT JSON dev file for model selection (never trained on)")->required();
    cmd->add_option("-o,--output", args->output, "Model file to write")->required();
    cmd->add_option("--epochs", args->epochs, "Maximum epochs of the pair classifier")->capture_default_str();
    cmd->add_option("--patience", args->patience, "Stop after this many epochs without a better dev relation F1")
        ->capture_default_str();
    cmd->add_option("--entity-epochs", args->entity_epochs, "Maximum epochs of the entity tagger")
        ->capture_default_str();
    cmd->add_option("--seed", args->seed, "Seed of the shuffling of training examples")->capture_default_str();
    cmd->add_option("--ensemble", args->ensemble,
                    "Pair classifiers trained on different shuffles (seeds S, S+1, ...) whose weights are averaged")
        ->capture_default_str();
    cmd->add_option("--pos-model", args->pos_model,
                    "Part-of-speech model for the pair features (default: the data directory's models/pos.model; "
                    "'none' for no part of speech)");
    cmd->add_option("--clusters", args->clusters, "Word clusters file for the entity tagger");
    cmd->add_option("--lexicon", args->lexicons, "Entity lexicon added to the entity tagger's gazetteer; repeatable");
    cmd->add_option("--iso-codes", args->iso_codes, "Directory of iso-codes JSON files ('' for none)")
        ->capture_default_str();
    cmd->callback([args, &g] { run_train_relations(*args, g); });
}

struct parser_args {
    std::string train, dev, output, pos_model, clusters, pos_clusters, pos_wordnet = "/usr/share/wordnet";
    std::size_t jackknife = 0, max_weights = 0;
    std::string prune_model;
    int pos_epochs = 12;
    int epochs = 15, patience = 4;
    std::uint64_t seed = 1;
    double explore = 0.9;
    float prune = 0.0f;
};

std::vector<std::string> split_commas(const std::string& s) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (;;) {
        auto comma = s.find(',', start);
        out.push_back(s.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (comma == std::string::npos) return out;
        start = comma + 1;
    }
}

void run_train_parser(const parser_args& a, const global_options& g) {
    auto started = std::chrono::steady_clock::now();
    if (a.train.empty() && a.prune_model.empty()) throw usage_error("--train is required");
    if (a.epochs < 1) throw usage_error("--epochs must be at least 1");
    std::optional<extract::tagger_model> pos;
    if (a.pos_model != "gold") {
        std::string path = a.pos_model.empty() ? resolve_data_dir(g) + "/models/parser_pos.model" : a.pos_model;
        pos = extract::tagger_model::load(path);
        if (pos->kind() != extract::tagger_kind::pos) throw model_error("not a part-of-speech model", path);
    }
    auto dev_corpus = extract::read_conllu(a.dev);
    if (!a.prune_model.empty()) {
        // Only the last step of training: keep the largest weights of a trained model.
        auto model = extract::dependency_parser::load(a.prune_model);
        if (a.max_weights == 0) throw usage_error("--prune-model needs --max-weights");
        auto dev = extract::parser_examples(dev_corpus, pos ? &*pos : nullptr);
        auto before = extract::evaluate_parser(model, dev);
        const std::size_t had = model.weight_count();
        model = extract::prune_parser(model, a.max_weights);
        auto after = extract::evaluate_parser(model, dev);
        std::cout << fmt::format("dev UAS {:.2f} LAS {:.2f}; kept the {} largest of {} weights ({} features): dev UAS {:.2f} LAS {:.2f}\n",
                                 before.uas(), before.las(), model.weight_count(), had, model.feature_count(), after.uas(), after.las());
        auto bytes = model.serialize();
        kg::write_file_atomic(a.output, bytes);
        std::cout << fmt::format("wrote {} ({} bytes)\n", a.output, bytes.size());
        return;
    }
    std::vector<extract::parser_example> train;
    for (const auto& path : split_commas(a.train)) {
        auto corpus = extract::read_conllu(path);
        auto more = extract::parser_examples(corpus, a.jackknife ? nullptr : pos ? &*pos : nullptr);
        if (a.jackknife) {
            if (!pos) throw usage_error("--jackknife needs predicted tags (not --pos-model gold)");
            extract::train_options po;
            po.epochs = a.pos_epochs;
            po.seed = 1;
            po.clusters_file = a.pos_clusters;
            po.wordnet_dir = a.pos_wordnet;
            extract::jackknife_tags(corpus, dev_corpus, a.jackknife, po, more, std::cout);
        }
        train.insert(train.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
    }
    auto dev = extract::parser_examples(dev_corpus, pos ? &*pos : nullptr);
    extract::parser_train_options o;
    o.epochs = a.epochs;
    o.patience = a.patience;
    o.seed = a.seed;
    o.explore = a.explore;
    o.prune_below = a.prune;
    o.max_weights = a.max_weights;
    if (!a.clusters.empty()) o.clusters = extract::word_clusters::read(a.clusters);
    auto model = extract::train_parser(train, dev, o, std::cout);
    auto bytes = model.serialize();
    kg::write_file_atomic(a.output, bytes);
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::cout << fmt::format("wrote {} ({} bytes, {} features, {} weights) in {:.1f} s\n", a.output, bytes.size(),
                             model.feature_count(), model.weight_count(), secs);
}

void add_parser(CLI::App& train, const global_options& g) {
    auto args = std::make_shared<parser_args>();
    auto* cmd = train.add_subcommand("parser", "Train the dependency parser on CoNLL-U treebanks");
    cmd->add_option("--train", args->train, "CoNLL-U training files, comma-separated (e.g. en_ewt-ud-train.conllu)");
    cmd->add_option("--dev", args->dev, "CoNLL-U dev file for model selection (never trained on)")->required();
    cmd->add_option("-o,--output", args->output, "Model file to write")->required();
    cmd->add_option("--pos-model", args->pos_model,
                    "Part-of-speech model whose tags the parser learns from (default: the data directory's "
                    "models/parser_pos.model; 'gold' uses the XPOS column)");
    cmd->add_option("--epochs", args->epochs, "Maximum number of training epochs")->capture_default_str();
    cmd->add_option("--patience", args->patience, "Stop after this many epochs without a better dev LAS")
        ->capture_default_str();
    cmd->add_option("--seed", args->seed, "Seed of the shuffling and of the exploration")->capture_default_str();
    cmd->add_option("--explore", args->explore,
                    "Probability of following a wrong predicted move in training (dynamic oracle), from epoch 2")
        ->capture_default_str();
    cmd->add_option("--prune", args->prune, "Drop averaged weights smaller than this in magnitude")
        ->capture_default_str();
    cmd->add_option("--clusters", args->clusters,
                    "Word clusters file (word TAB id TAB id TAB id, e.g. data/models/clusters.tsv), carried by the model");
    cmd->add_option("--jackknife", args->jackknife,
                    "Tag the training files with part-of-speech taggers trained on the other of this many parts "
                    "(0: tag them with --pos-model); dev is always tagged with --pos-model")
        ->capture_default_str();
    cmd->add_option("--max-weights", args->max_weights,
                    "Keep only this many weights of the selected model, the largest (0: all): a smaller model file")
        ->capture_default_str();
    cmd->add_option("--prune-model", args->prune_model,
                    "Do not train: keep the --max-weights largest weights of this trained model (the last step of "
                    "training with --max-weights) and score it on --dev");
    cmd->add_option("--pos-epochs", args->pos_epochs, "Epochs of the jackknife taggers")->capture_default_str();
    cmd->add_option("--pos-clusters", args->pos_clusters, "Word clusters of the jackknife taggers (as kg train pos --clusters)");
    cmd->add_option("--pos-wordnet", args->pos_wordnet, "WordNet directory of the jackknife taggers ('' for none)")
        ->capture_default_str();
    cmd->callback([args, &g] { run_train_parser(*args, g); });
}

}  // namespace

void add_train_command(CLI::App& app, const global_options& g) {
    auto* train = app.add_subcommand("train", "Train a tagger (pos, chunk or ner) on CoNLL files, or the relation model on CoNLL04");
    train->require_subcommand(1);
    add_kind(*train, extract::tagger_kind::pos, "Train the part-of-speech tagger", g);
    add_kind(*train, extract::tagger_kind::chunk, "Train the chunker (on predicted part-of-speech tags)", g);
    add_kind(*train, extract::tagger_kind::ner, "Train the named-entity tagger", g);
    add_clusters(*train, g);
    add_relations(*train, g);
    add_parser(*train, g);
}

}  // namespace kg::cli
