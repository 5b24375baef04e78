// Reading articles from .txt and .jsonl files, directories and standard input.
#include "kg/extract/reader.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <iterator>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include "kg/core/error.hpp"
#include "kg/core/io.hpp"
#include "kg/core/line_reader.hpp"
#include "kg/core/utf8.hpp"

namespace kg::extract {
namespace detail {
namespace {
namespace fs = std::filesystem;

// Bytes inspected to decide whether a file is binary.
constexpr std::size_t binary_probe = 8192;
// Longest first line taken as a title.
constexpr std::size_t max_title = 200;

bool is_blank(std::string_view s) noexcept {
    return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; });
}

std::string_view trim(std::string_view s) noexcept {
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!s.empty() && space(s.front())) s.remove_prefix(1);
    while (!s.empty() && space(s.back())) s.remove_suffix(1);
    // A byte-order mark is not part of the title.
    if (s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
    return s;
}

std::string lower_extension(const fs::path& p) {
    std::string ext = p.extension().string();
    for (auto& c : ext) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return ext;
}

// Title of a .txt article: a short first line followed by more text, that
// does not end like a sentence. A question or exclamation ("Could Yukos be a
// blessing in disguise?") is a title when a blank line follows it.
std::string title_of(std::string_view text) {
    std::size_t eol = text.find('\n');
    if (eol == std::string_view::npos) return {};
    std::string_view rest = text.substr(eol + 1);
    if (is_blank(rest)) return {};
    std::string_view first = trim(text.substr(0, eol));
    if (first.empty() || first.size() >= max_title) return {};
    // Closing quotes and brackets do not change how the line ends.
    std::string_view core = first;
    for (bool stripped = true; stripped && !core.empty();) {
        stripped = false;
        for (std::string_view q : {"\"", "'", ")", "\xE2\x80\x9D" /* ” */, "\xE2\x80\x99" /* ’ */}) {
            if (core.size() > q.size() && core.substr(core.size() - q.size()) == q) {
                core.remove_suffix(q.size());
                stripped = true;
            }
        }
    }
    auto core_ends = [&](std::string_view m) { return core.size() >= m.size() && core.substr(core.size() - m.size()) == m; };
    const bool ellipsis = core_ends("...") || core_ends("\xE2\x80\xA6" /* … */);
    if (core_ends(".") && !ellipsis) return {};
    if (core_ends(":") || core_ends(";") || core_ends(",")) return {};
    if (core_ends("?") || core_ends("!") || ellipsis) {
        std::size_t next_eol = rest.find('\n');
        if (next_eol == std::string_view::npos || !is_blank(rest.substr(0, next_eol))) return {};
    }
    return std::string(first);
}

// Hands out unique document ids: "a", then "a-2", "a-3" ...
class id_registry {
public:
    // Returns a unique id derived from `wanted`, and whether it had to be changed.
    std::pair<std::string, bool> claim(const std::string& wanted) {
        if (used_.insert(wanted).second) return {wanted, false};
        for (std::size_t k = 2;; ++k) {
            std::string candidate = fmt::format("{}-{}", wanted, k);
            if (used_.insert(candidate).second) return {candidate, true};
        }
    }

private:
    std::set<std::string, std::less<>> used_;
};

// One input as the reader sees it: a file, standard input, or a problem found
// while listing the inputs (reported when its turn comes, to keep the order).
struct input_item {
    enum class kind { file, standard_input, problem } what = kind::file;
    std::string path;
    std::string message;  // for problems
    severity level = severity::error;
};

// The file or stream being read line by line (JSONL).
struct jsonl_source {
    std::unique_ptr<std::istream> owned;  // the file, when it is one
    std::unique_ptr<line_reader> lines;
    std::string path;    // names it in diagnostics
    std::string stem;    // default ids: "<stem>:<line>"
    std::string source;  // documents' source: "<source>:<line>"
    std::size_t first_line = 1;
    bool any_text = false;
};

class reader {
public:
    explicit reader(reader_options options) : options_(options) {}

    void set_output(kg::diagnostics* out) { out_ = out; }

    void warn(const std::string& file, std::size_t line, std::string message,
              severity level = severity::warning) {
        out_->push_back({level, file, line, std::move(message)});
    }

    // The id for a document, unique-ified (with a diagnostic when asked).
    std::string unique_id(const std::string& wanted, const std::string& file, std::size_t line, bool report) {
        auto [id, changed] = ids_.claim(wanted);
        if (changed && report)
            warn(file, line, fmt::format("duplicate document id \"{}\" renamed to \"{}\"", wanted, id));
        return id;
    }

    // Repairs invalid UTF-8 with one diagnostic per call.
    std::string repaired(std::string_view bytes, const std::string& file, std::size_t line_base) {
        if (is_valid_utf8(bytes)) return std::string(bytes);
        utf8_repair r = repair_utf8(bytes);
        warn(file, line_base + line_of_offset(bytes, r.bad_offsets.front()) - 1,
             fmt::format("invalid UTF-8: {} byte sequence{} replaced with U+FFFD", r.bad_offsets.size(),
                         r.bad_offsets.size() == 1 ? "" : "s"));
        return std::move(r.text);
    }

    // Empty, blank and binary content holds no article: a diagnostic, and false.
    // `probe` is the whole content or its first bytes (`whole` says which).
    bool holds_text(std::string_view probe, const std::string& path, bool whole) {
        if (probe.empty() || (whole && is_blank(probe))) {
            warn(path, 0, probe.empty() ? "empty file: no article read" : "file holds only whitespace: no article read",
                 severity::error);
            return false;
        }
        if (auto nul = probe.substr(0, binary_probe).find('\0'); nul != std::string_view::npos) {
            warn(path, line_of_offset(probe, nul), "binary file (NUL byte): skipped", severity::error);
            return false;
        }
        return true;
    }

    // "<what> is larger than the limit of 16.0 MiB for one document ...".
    std::string too_long_message(const std::string& what) const {
        return fmt::format("{} is larger than the limit of {} for one document (--max-document-mb); skipped", what,
                           size_text(options_.max_document_bytes));
    }

    std::optional<document> read_txt(std::string_view content, const std::string& path, const std::string& stem,
                                     const std::string& source) {
        if (!holds_text(content, path, true)) return std::nullopt;
        document d;
        d.text = repaired(content, path, 1);
        d.id = unique_id(stem.empty() ? std::string("document") : stem, path, 0, false);
        d.title = title_of(d.text);
        d.source = source;
        return d;
    }

    // Starts reading `in` as JSONL; false (with a diagnostic) when it is
    // empty or binary.
    bool open_jsonl(jsonl_source& s) {
        std::string_view probe = s.lines->lookahead(binary_probe);
        if (!holds_text(probe, s.path, false)) {
            consumed_before_ += s.lines->consumed();
            return false;
        }
        current_ = std::move(s);
        return true;
    }

    // The next document of the current JSONL source, or nothing at its end.
    std::optional<document> next_jsonl_line() {
        jsonl_source& s = *current_;
        std::string line;
        for (;;) {
            auto status = s.lines->next(line, options_.max_document_bytes);
            if (status == line_reader::status::end) {
                if (s.lines->failed()) warn(s.path, 0, "read error: the rest of the input is lost", severity::error);
                else if (!s.any_text) warn(s.path, 0, "file holds only whitespace: no article read", severity::error);
                consumed_before_ += s.lines->consumed();
                current_.reset();
                return std::nullopt;
            }
            const std::size_t line_no = s.first_line + s.lines->line_number() - 1;
            if (status == line_reader::status::too_long) {
                s.any_text = true;
                warn(s.path, line_no, too_long_message("the line"), severity::error);
                continue;
            }
            if (status == line_reader::status::endless) {
                s.any_text = true;
                warn(s.path, line_no,
                     fmt::format("no line end within {}: the line and the rest of the input are not read",
                                 size_text(line_reader::skip_limit(options_.max_document_bytes))),
                     severity::error);
                continue;
            }
            std::string_view view(line);
            if (s.lines->line_number() == 1 && view.substr(0, 3) == "\xEF\xBB\xBF") view.remove_prefix(3);
            if (is_blank(view)) continue;
            s.any_text = true;
            if (auto d = read_jsonl_line(view, s.path, s.stem, s.source, line_no)) return d;
        }
    }

    // A JSON string of the line. RapidJSON (1.1) decodes a \u escape of a
    // lone low surrogate ("\udc00") to bytes that are not UTF-8: those are
    // repaired with U+FFFD and reported, like invalid bytes in the line.
    std::string as_string(const rapidjson::Value& v, const std::string& path, std::size_t line_no) {
        std::string_view s(v.GetString(), v.GetStringLength());
        if (is_valid_utf8(s)) return std::string(s);
        utf8_repair r = repair_utf8(s);
        warn(path, line_no, "a \\u escape of a lone surrogate is not a character: replaced with U+FFFD");
        return std::move(r.text);
    }

    std::optional<document> read_jsonl_line(std::string_view raw, const std::string& path, const std::string& stem,
                                            const std::string& source, std::size_t line_no) {
        std::string line = repaired(raw, path, line_no);
        rapidjson::Document j;
        j.Parse<rapidjson::kParseIterativeFlag>(line.data(), line.size());
        if (j.HasParseError()) {
            std::string_view why = rapidjson::GetParseError_En(j.GetParseError());
            if (!why.empty() && why.back() == '.') why.remove_suffix(1);
            warn(path, line_no, fmt::format("malformed JSON at column {}: {}; line skipped", j.GetErrorOffset() + 1, why),
                 severity::error);
            return std::nullopt;
        }
        if (!j.IsObject()) {
            warn(path, line_no, "JSON line is not an object; line skipped", severity::error);
            return std::nullopt;
        }
        auto text = j.FindMember("text");
        if (text == j.MemberEnd()) {
            warn(path, line_no, "JSON line has no \"text\"; line skipped", severity::error);
            return std::nullopt;
        }
        if (!text->value.IsString()) {
            warn(path, line_no, "\"text\" is not a string; line skipped", severity::error);
            return std::nullopt;
        }
        document d;
        d.text = as_string(text->value, path, line_no);
        if (is_blank(d.text)) {
            warn(path, line_no, "\"text\" is empty; line skipped", severity::error);
            return std::nullopt;
        }
        auto optional_string = [&](const char* name, std::string& field) {
            auto m = j.FindMember(name);
            if (m == j.MemberEnd() || m->value.IsNull()) return;
            if (m->value.IsString()) field = as_string(m->value, path, line_no);
            else warn(path, line_no, fmt::format("\"{}\" is not a string; ignored", name));
        };
        optional_string("title", d.title);
        optional_string("date", d.date);
        optional_string("url", d.url);

        std::string wanted;
        auto id = j.FindMember("id");
        if (id != j.MemberEnd()) {
            const auto& v = id->value;
            if (v.IsString()) wanted = as_string(v, path, line_no);
            else if (v.IsUint64()) wanted = fmt::format("{}", v.GetUint64());
            else if (v.IsInt64()) wanted = fmt::format("{}", v.GetInt64());
            else if (v.IsNumber()) wanted = fmt::format("{}", v.GetDouble());
            else if (!v.IsNull()) warn(path, line_no, "\"id\" is neither a string nor a number; ignored");
        }
        if (trim(wanted).empty()) wanted = fmt::format("{}:{}", stem, line_no);
        d.id = unique_id(wanted, path, line_no, true);
        d.source = fmt::format("{}:{}", source, line_no);
        return d;
    }

    // Lists the inputs: directories become their .txt and .jsonl files in
    // sorted order; problems become items reported in their turn.
    void list(const std::string& input) {
        if (input == "-") {
            items_.push_back({input_item::kind::standard_input, "-", {}});
            return;
        }
        std::error_code ec;
        fs::path p(input);
        auto st = fs::status(p, ec);
        if (ec || !fs::exists(st)) {
            items_.push_back({input_item::kind::problem, input,
                              ec && ec != std::errc::no_such_file_or_directory ? "cannot read: " + ec.message()
                                                                              : std::string("no such file or directory")});
            return;
        }
        if (!fs::is_directory(st)) {
            add_file(input);
            return;
        }
        std::vector<fs::path> files;
        std::vector<std::pair<std::string, std::string>> unreadable;  // directory, reason
        walk(p, files, unreadable, 0);
        std::sort(files.begin(), files.end());
        for (const auto& f : files) add_file(f.string());
        std::sort(unreadable.begin(), unreadable.end());
        for (auto& [dir, why] : unreadable)
            items_.push_back({input_item::kind::problem, dir, "cannot read directory: " + why});
    }

    // The .txt and .jsonl files under `dir` (symbolic links to directories
    // are not followed); a directory that cannot be listed (permissions, an
    // I/O error) is recorded in `unreadable`, the others are still walked.
    void walk(const fs::path& dir, std::vector<fs::path>& files,
              std::vector<std::pair<std::string, std::string>>& unreadable, int depth) {
        if (depth > 256) {
            unreadable.emplace_back(dir.string(), "directories nested too deep");
            return;
        }
        std::error_code ec;
        fs::directory_iterator it(dir, ec);
        if (ec) {
            unreadable.emplace_back(dir.string(), ec.message());
            return;
        }
        std::vector<fs::path> subdirectories;
        for (; it != fs::directory_iterator(); it.increment(ec)) {
            std::error_code fec;
            auto st = it->symlink_status(fec);
            if (fec) continue;
            if (fs::is_directory(st)) {
                subdirectories.push_back(it->path());
                continue;
            }
            if (!it->is_regular_file(fec)) continue;
            auto ext = lower_extension(it->path());
            if (ext == ".txt" || ext == ".jsonl") files.push_back(it->path());
        }
        if (ec) unreadable.emplace_back(dir.string(), ec.message());
        for (const auto& sub : subdirectories) walk(sub, files, unreadable, depth + 1);
    }

    void add_file(const std::string& path) {
        std::error_code ec;
        auto size = fs::file_size(path, ec);
        if (!ec) total_ += size;
        items_.push_back({input_item::kind::file, path, {}});
    }

    // The next document of all inputs.
    std::optional<document> next() {
        for (;;) {
            if (current_) {
                if (auto d = next_jsonl_line()) return d;
                continue;
            }
            if (next_item_ == items_.size()) return std::nullopt;
            const input_item& item = items_[next_item_++];
            switch (item.what) {
                case input_item::kind::problem: warn(item.path, 0, item.message, item.level); break;
                case input_item::kind::standard_input:
                    if (auto d = read_stdin()) return d;
                    break;
                case input_item::kind::file:
                    if (auto d = read_file_path(item.path)) return d;
                    break;
            }
        }
    }

    std::optional<document> read_file_path(const std::string& path) {
        fs::path p(path);
        const std::string stem = p.stem().string();
        if (lower_extension(p) == ".jsonl") {
            auto file = std::make_unique<std::ifstream>(path, std::ios::binary);
            if (!*file) {
                warn(path, 0, std::string("cannot open: ") + std::strerror(errno), severity::error);
                return std::nullopt;
            }
            jsonl_source s;
            s.lines = std::make_unique<line_reader>(*file);
            s.owned = std::move(file);
            s.path = s.source = path;
            s.stem = stem;
            open_jsonl(s);
            return std::nullopt;
        }
        std::ifstream file(path, std::ios::binary);
        if (!file) {
            warn(path, 0, std::string("cannot open: ") + std::strerror(errno), severity::error);
            return std::nullopt;
        }
        line_reader in(file);
        std::string content;
        bool fits = in.rest(content, options_.max_document_bytes);
        consumed_before_ += in.consumed();
        if (in.failed()) {
            warn(path, 0, "read error: file skipped", severity::error);
            return std::nullopt;
        }
        if (!fits) {
            // Reading stopped at the limit (a device such as /dev/zero never ends).
            std::error_code ec;
            auto size = fs::is_regular_file(p, ec) ? fs::file_size(p, ec) : std::uintmax_t{0};
            warn(path, 0,
                 too_long_message(ec || size == 0 ? std::string("the file") : fmt::format("the file ({})", size_text(size))),
                 severity::error);
            return std::nullopt;
        }
        return read_txt(content, path, stem, path);
    }

    std::optional<document> read_stdin() {
        if (stdin_read_) {
            warn("-", 0, "standard input given more than once; read once");
            return std::nullopt;
        }
        stdin_read_ = true;
        jsonl_source s;
        s.lines = std::make_unique<line_reader>(*stdin_);
        s.path = s.source = "-";
        s.stem = "stdin";
        // JSONL when the first character after a byte-order mark and blanks is '{'.
        std::string_view ahead;
        for (std::size_t n = binary_probe;; n *= 2) {
            ahead = s.lines->lookahead(n);
            std::string_view rest = ahead.substr(0, 3) == "\xEF\xBB\xBF" ? ahead.substr(3) : ahead;
            if (rest.find_first_not_of(" \t\r\n") != std::string_view::npos || ahead.size() < n ||
                n >= options_.max_document_bytes)
                break;
        }
        std::string_view rest = ahead.substr(0, 3) == "\xEF\xBB\xBF" ? ahead.substr(3) : ahead;
        std::size_t first = rest.find_first_not_of(" \t\r\n");
        if (first != std::string_view::npos && rest[first] == '{') {
            open_jsonl(s);
            return std::nullopt;
        }
        std::string content;
        bool fits = s.lines->rest(content, options_.max_document_bytes);
        consumed_before_ += s.lines->consumed();
        if (s.lines->failed()) {
            warn("-", 0, "cannot read standard input", severity::error);
            return std::nullopt;
        }
        if (!fits) {
            warn("-", 0, too_long_message("standard input"), severity::error);
            return std::nullopt;
        }
        return read_txt(content, "-", "stdin", "-");
    }

    std::uint64_t bytes_read() const noexcept {
        return consumed_before_ + (current_ ? current_->lines->consumed() : 0);
    }
    std::uint64_t bytes_total() const noexcept { return has_stdin_ ? 0 : total_; }

    std::vector<input_item> items_;
    std::istream* stdin_ = nullptr;
    bool has_stdin_ = false;
    std::optional<jsonl_source> current_;
    std::optional<jsonl_source> pending_;  // a JSONL stream not yet checked

private:
    reader_options options_;
    kg::diagnostics* out_ = nullptr;
    id_registry ids_;
    std::size_t next_item_ = 0;
    std::uint64_t consumed_before_ = 0;
    std::uint64_t total_ = 0;
    bool stdin_read_ = false;
};

}  // namespace
}  // namespace detail

struct document_reader::state {
    explicit state(reader_options o) : r(o) {}
    detail::reader r;
};

document_reader::document_reader(std::unique_ptr<state> s) : state_(std::move(s)) {}

document_reader::document_reader(const std::vector<std::string>& inputs, std::istream& stdin_stream,
                                 reader_options options)
    : state_(std::make_unique<state>(options)) {
    auto& r = state_->r;
    r.stdin_ = &stdin_stream;
    for (const auto& input : inputs) {
        if (input == "-") r.has_stdin_ = true;
        r.list(input);
    }
}

document_reader document_reader::jsonl(std::istream& in, const std::string& source_name, std::size_t first_line,
                                       reader_options options) {
    auto s = std::make_unique<state>(options);
    detail::jsonl_source src;
    src.lines = std::make_unique<line_reader>(in);
    src.path = src.source = source_name;
    src.stem = source_name == "-" ? std::string("stdin") : std::filesystem::path(source_name).stem().string();
    if (src.stem.empty()) src.stem = source_name;
    src.first_line = first_line == 0 ? 1 : first_line;
    s->r.has_stdin_ = true;  // size unknown
    s->r.pending_ = std::move(src);
    return document_reader(std::move(s));
}

document_reader::document_reader(document_reader&&) noexcept = default;
document_reader& document_reader::operator=(document_reader&&) noexcept = default;
document_reader::~document_reader() = default;

std::optional<document> document_reader::next(kg::diagnostics& diagnostics) {
    auto& r = state_->r;
    r.set_output(&diagnostics);
    if (r.pending_) {  // a JSONL stream starts with its checks
        auto s = std::move(*r.pending_);
        r.pending_.reset();
        r.open_jsonl(s);
    }
    auto d = r.next();
    r.set_output(nullptr);
    return d;
}

std::uint64_t document_reader::bytes_read() const noexcept { return state_->r.bytes_read(); }
std::uint64_t document_reader::bytes_total() const noexcept { return state_->r.bytes_total(); }

read_result read_inputs(const std::vector<std::string>& inputs, std::istream& stdin_stream, reader_options options) {
    read_result out;
    document_reader reader(inputs, stdin_stream, options);
    while (auto d = reader.next(out.diagnostics)) out.documents.push_back(std::move(*d));
    return out;
}

read_result read_jsonl(std::string_view content, const std::string& source_name, reader_options options) {
    read_result out;
    std::istringstream in{std::string(content)};
    auto reader = document_reader::jsonl(in, source_name, 1, options);
    while (auto d = reader.next(out.diagnostics)) out.documents.push_back(std::move(*d));
    return out;
}

}  // namespace kg::extract
