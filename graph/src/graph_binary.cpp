#include "kg/graph/graph_binary.hpp"

#include <cmath>
#include <unordered_map>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <xxhash.h>

#include "kg/core/detail/bytes.hpp"
#include "kg/core/error.hpp"
#include "kg/core/ids.hpp"
#include "kg/core/utf8.hpp"

namespace kg::graph {
namespace detail {

constexpr std::string_view magic{"\x89KGB\r\n\x1a\n", 8};
constexpr std::uint32_t version = 1;
constexpr std::size_t header_size = 8 + 4 + 4 + 8 + 8;

std::uint64_t checksum(std::string_view payload) noexcept { return XXH3_64bits(payload.data(), payload.size()); }

// Numbers every distinct string in order of first use (0 is "").
class string_table {
public:
    string_table() { number(""); }
    std::uint32_t number(std::string_view s) {
        auto [it, added] = numbers_.try_emplace(s, static_cast<std::uint32_t>(strings_.size()));
        if (added) strings_.push_back(s);
        return it->second;
    }
    const std::vector<std::string_view>& strings() const { return strings_; }

private:
    std::unordered_map<std::string_view, std::uint32_t> numbers_;
    std::vector<std::string_view> strings_;
};

// The records, with strings as numbers; the table is written before them.
class record_writer {
public:
    void ref(std::string_view s) { out_.varint(table_.number(s)); }
    void refs(const std::vector<std::string>& list) {
        out_.varint(list.size());
        for (const auto& s : list) ref(s);
    }
    kg::detail::byte_writer& out() { return out_; }
    const string_table& table() const { return table_; }

private:
    kg::detail::byte_writer out_;
    string_table table_;
};

class binary_reader {
public:
    // `file` is the whole file, whose header has been checked: errors name file offsets.
    binary_reader(std::string_view file, const std::string& source) : in_(file, source, "corrupt binary graph") {}

    knowledge_graph read() {
        in_.view(header_size);
        read_strings();
        knowledge_graph g;
        std::size_t documents = count(6);  // six string numbers
        for (std::size_t i = 0; i < documents; ++i) {
            kg::document d;
            d.id = std::string(id("document"));
            if (g.find_document(d.id)) fail(fmt::format("duplicate document id '{}'", d.id));
            d.title = str();
            d.source = str();
            d.date = str();
            d.url = str();
            d.content_hash = str();
            g.add_document(std::move(d));
        }
        std::size_t nodes = count(6);  // id, type, label and three counts
        g.reserve(nodes, 0);
        for (std::size_t i = 0; i < nodes; ++i) {
            kg::entity e;
            const std::string_view id_view = id("node");
            e.id = id_view;
            e.type = str();
            if (e.type.empty()) fail(fmt::format("node '{}' has an empty type", e.id));
            e.label = str();
            strs(e.aliases);
            std::size_t attributes = count(2);  // key and count
            for (std::size_t k = 0; k < attributes; ++k) strs(e.attributes[str()]);
            std::size_t mentions = count(4);  // document, start, end, text
            e.mentions.reserve(mentions);
            for (std::size_t k = 0; k < mentions; ++k) {
                kg::mention m;
                m.document = str();
                m.chars = span();
                m.text = str();
                e.mentions.push_back(std::move(m));
            }
            if (!g.add_entity(std::move(e))) fail(fmt::format("duplicate node id '{}'", id_view));
        }
        std::size_t edges = count(17);  // five strings, two bytes, time, f64, count
        g.reserve(0, edges);
        for (std::size_t i = 0; i < edges; ++i) {
            kg::fact f;
            const std::string_view id_view = id("edge"), source = ref(), target = ref();
            f.id = id_view;
            f.source = source;
            f.target = target;
            f.type = str();
            if (f.type.empty()) fail(fmt::format("edge '{}' has an empty type", f.id));
            f.label = str();
            std::uint8_t p = in_.u8();
            if (p > 1) fail(fmt::format("edge '{}': bad polarity {}", f.id, p));
            f.polarity = static_cast<kg::polarity>(p);
            std::uint8_t m = in_.u8();
            if (m > 3) fail(fmt::format("edge '{}': bad modality {}", f.id, m));
            f.modality = static_cast<kg::modality>(m);
            f.time = str();
            f.confidence = in_.f64();
            if (!(f.confidence >= 0.0 && f.confidence <= 1.0))
                fail(fmt::format("edge '{}': confidence {} is outside [0, 1]", f.id, f.confidence));
            std::size_t evidence = count(6);  // four strings, start, end
            f.evidence.reserve(evidence);
            for (std::size_t k = 0; k < evidence; ++k) {
                kg::evidence ev;
                ev.document = str();
                ev.sentence = str();
                ev.chars = span();
                ev.rule = str();
                ev.attributed_to = str();
                f.evidence.push_back(std::move(ev));
            }
            kg::renew_legacy_fact_id(f);
            bool added = false;
            try {
                added = g.add_fact(std::move(f));
            } catch (const kg::input_error&) {  // say which end is missing, and where
                if (!g.find_node(source)) fail(fmt::format("edge '{}': source '{}' is not a node", id_view, source));
                if (!g.find_node(target)) fail(fmt::format("edge '{}': target '{}' is not a node", id_view, target));
                throw;
            }
            if (!added) fail(fmt::format("duplicate edge id '{}'", id_view));
        }
        if (!in_.done()) fail(fmt::format("{} bytes after the last edge", in_.remaining()));
        return g;
    }

private:
    [[noreturn]] void fail(const std::string& what) const { in_.fail(what); }

    // A count of items that take at least `item_bytes` each: larger than the
    // bytes left allow, it is refused before anything is reserved for it.
    std::size_t count(std::size_t item_bytes = 1) { return in_.count(in_.remaining() / item_bytes); }

    void read_strings() {
        std::size_t n = count();
        strings_.reserve(n);
        for (std::size_t i = 0; i < n; ++i) {
            std::string_view s = in_.view(count());
            if (!kg::is_valid_utf8(s)) fail(fmt::format("string {} is not valid UTF-8", i));
            strings_.push_back(s);
        }
        if (strings_.empty() || !strings_[0].empty()) fail("string 0 must be empty");
    }

    std::string_view ref() {
        std::uint64_t k = in_.varint();
        if (k >= strings_.size()) fail(fmt::format("string number {} out of range ({} strings)", k, strings_.size()));
        return strings_[static_cast<std::size_t>(k)];
    }
    std::string str() { return std::string(ref()); }
    std::string_view id(const char* what) {
        std::string_view s = ref();
        if (s.empty()) fail(fmt::format("{} with an empty id", what));
        return s;
    }
    void strs(std::vector<std::string>& out) {
        std::size_t n = count();
        out.reserve(out.size() + n);
        for (std::size_t i = 0; i < n; ++i) out.push_back(str());
    }
    kg::span span() {
        kg::span s;
        s.begin = static_cast<std::size_t>(in_.varint());
        s.end = static_cast<std::size_t>(in_.varint());
        if (s.end < s.begin) fail(fmt::format("span end {} is before start {}", s.end, s.begin));
        return s;
    }

    kg::detail::byte_reader<kg::input_error> in_;
    std::vector<std::string_view> strings_;
};

}  // namespace detail

std::string to_graph_binary(const knowledge_graph& g) {
    detail::record_writer w;
    auto& out = w.out();
    auto documents = g.documents();
    out.varint(documents.size());
    for (const kg::document* d : documents) {
        w.ref(d->id);
        w.ref(d->title);
        w.ref(d->source);
        w.ref(d->date);
        w.ref(d->url);
        w.ref(d->content_hash);
    }
    auto nodes = g.nodes();
    out.varint(nodes.size());
    for (const kg::entity* e : nodes) {
        w.ref(e->id);
        w.ref(e->type);
        w.ref(e->label);
        w.refs(e->aliases);
        out.varint(e->attributes.size());
        for (const auto& [key, values] : e->attributes) {
            w.ref(key);
            w.refs(values);
        }
        out.varint(e->mentions.size());
        for (const auto& m : e->mentions) {
            w.ref(m.document);
            out.varint(m.chars.begin);
            out.varint(m.chars.end);
            w.ref(m.text);
        }
    }
    auto edges = g.edges();
    out.varint(edges.size());
    for (const kg::fact* f : edges) {
        w.ref(f->id);
        w.ref(f->source);
        w.ref(f->target);
        w.ref(f->type);
        w.ref(f->label);
        out.u8(static_cast<std::uint8_t>(f->polarity));
        out.u8(static_cast<std::uint8_t>(f->modality));
        w.ref(f->time);
        out.f64(f->confidence);
        out.varint(f->evidence.size());
        for (const auto& ev : f->evidence) {
            w.ref(ev.document);
            w.ref(ev.sentence);
            out.varint(ev.chars.begin);
            out.varint(ev.chars.end);
            w.ref(ev.rule);
            w.ref(ev.attributed_to);
        }
    }
    // The payload: the string table, then the records.
    kg::detail::byte_writer payload;
    const auto& strings = w.table().strings();
    payload.varint(strings.size());
    for (std::string_view s : strings) payload.str(s);
    payload.raw(out.bytes());

    kg::detail::byte_writer file;
    file.raw(detail::magic);
    file.u32(detail::version);
    file.u32(0);
    file.u64(payload.bytes().size());
    file.u64(detail::checksum(payload.bytes()));
    file.raw(payload.bytes());
    return std::move(file.bytes());
}

bool looks_like_graph_binary(std::string_view bytes) noexcept { return bytes.starts_with(detail::magic); }

knowledge_graph parse_graph_binary(std::string_view bytes, const std::string& source_name) {
    if (!looks_like_graph_binary(bytes)) throw kg::input_error("not a kg binary graph (wrong magic)", source_name);
    kg::detail::byte_reader<kg::input_error> header(bytes, source_name, "corrupt binary graph");
    if (bytes.size() < detail::header_size) throw kg::input_error("truncated binary graph (incomplete header)", source_name);
    header.view(detail::magic.size());
    std::uint32_t version = header.u32();
    if (version != detail::version)
        throw kg::input_error(fmt::format("unsupported binary graph version {} (this kg reads {})", version, detail::version),
                              source_name);
    header.u32();  // reserved
    std::uint64_t size = header.u64();
    std::uint64_t sum = header.u64();
    std::string_view payload = bytes.substr(detail::header_size);
    if (payload.size() < size)
        throw kg::input_error(fmt::format("truncated binary graph ({} of {} payload bytes)", payload.size(), size),
                              source_name);
    if (payload.size() > size)
        throw kg::input_error(fmt::format("{} bytes after the end of the binary graph", payload.size() - size),
                              source_name);
    if (detail::checksum(payload) != sum) throw kg::input_error("binary graph checksum mismatch: the file is corrupt", source_name);
    detail::binary_reader r(bytes, source_name);
    try {
        return r.read();
    } catch (const kg::error& e) {
        if (!e.file().empty()) throw;
        throw kg::input_error(e.message(), source_name);
    }
}

}  // namespace kg::graph
