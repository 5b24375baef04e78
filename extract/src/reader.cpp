// Reading articles from .txt and .jsonl files, directories and standard input.
#include "kg/extract/reader.hpp"

#include <algorithm>
#include <filesystem>
#include <iterator>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include "kg/core/error.hpp"
#include "kg/core/io.hpp"
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

class reader {
public:
    explicit reader(read_result& out) : out_(out) {}

    void warn(const std::string& file, std::size_t line, std::string message,
              severity level = severity::warning) {
        out_.diagnostics.push_back({level, file, line, std::move(message)});
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

    // Empty, blank and binary files hold no article: a diagnostic, and false.
    bool holds_text(std::string_view content, const std::string& path) {
        if (content.empty() || is_blank(content)) {
            warn(path, 0, content.empty() ? "empty file: no article read" : "file holds only whitespace: no article read");
            return false;
        }
        if (auto nul = content.substr(0, binary_probe).find('\0'); nul != std::string_view::npos) {
            warn(path, line_of_offset(content, nul), "binary file (NUL byte): skipped", severity::error);
            return false;
        }
        return true;
    }

    void read_txt(std::string_view content, const std::string& path, const std::string& stem,
                  const std::string& source) {
        if (!holds_text(content, path)) return;
        document d;
        d.text = repaired(content, path, 1);
        d.id = unique_id(stem.empty() ? std::string("document") : stem, path, 0, false);
        d.title = title_of(d.text);
        d.source = source;
        out_.documents.push_back(std::move(d));
    }

    void read_jsonl(std::string_view content, const std::string& path, const std::string& stem,
                    const std::string& source) {
        if (!holds_text(content, path)) return;
        if (content.substr(0, 3) == "\xEF\xBB\xBF") content.remove_prefix(3);  // byte-order mark
        std::size_t line_no = 0;
        std::size_t pos = 0;
        while (pos < content.size()) {
            std::size_t eol = content.find('\n', pos);
            if (eol == std::string_view::npos) eol = content.size();
            std::string_view line = content.substr(pos, eol - pos);
            ++line_no;
            pos = eol + 1;
            if (is_blank(line)) continue;
            read_jsonl_line(line, path, stem, source, line_no);
        }
    }

    static std::string as_string(const rapidjson::Value& v) { return std::string(v.GetString(), v.GetStringLength()); }

    void read_jsonl_line(std::string_view raw, const std::string& path, const std::string& stem,
                         const std::string& source, std::size_t line_no) {
        std::string line = repaired(raw, path, line_no);
        rapidjson::Document j;
        j.Parse<rapidjson::kParseIterativeFlag>(line.data(), line.size());
        if (j.HasParseError()) {
            std::string_view why = rapidjson::GetParseError_En(j.GetParseError());
            if (!why.empty() && why.back() == '.') why.remove_suffix(1);
            warn(path, line_no, fmt::format("malformed JSON at column {}: {}; line skipped", j.GetErrorOffset() + 1, why),
                 severity::error);
            return;
        }
        if (!j.IsObject()) {
            warn(path, line_no, "JSON line is not an object; line skipped", severity::error);
            return;
        }
        auto text = j.FindMember("text");
        if (text == j.MemberEnd()) {
            warn(path, line_no, "JSON line has no \"text\"; line skipped", severity::error);
            return;
        }
        if (!text->value.IsString()) {
            warn(path, line_no, "\"text\" is not a string; line skipped", severity::error);
            return;
        }
        document d;
        d.text = as_string(text->value);
        if (is_blank(d.text)) {
            warn(path, line_no, "\"text\" is empty; line skipped");
            return;
        }
        auto optional_string = [&](const char* name, std::string& field) {
            auto m = j.FindMember(name);
            if (m == j.MemberEnd() || m->value.IsNull()) return;
            if (m->value.IsString()) field = as_string(m->value);
            else warn(path, line_no, fmt::format("\"{}\" is not a string; ignored", name));
        };
        optional_string("title", d.title);
        optional_string("date", d.date);
        optional_string("url", d.url);

        std::string wanted;
        auto id = j.FindMember("id");
        if (id != j.MemberEnd()) {
            const auto& v = id->value;
            if (v.IsString()) wanted = as_string(v);
            else if (v.IsUint64()) wanted = fmt::format("{}", v.GetUint64());
            else if (v.IsInt64()) wanted = fmt::format("{}", v.GetInt64());
            else if (v.IsNumber()) wanted = fmt::format("{}", v.GetDouble());
            else if (!v.IsNull()) warn(path, line_no, "\"id\" is neither a string nor a number; ignored");
        }
        if (trim(wanted).empty()) wanted = fmt::format("{}:{}", stem, line_no);
        d.id = unique_id(wanted, path, line_no, true);
        d.source = fmt::format("{}:{}", source, line_no);
        out_.documents.push_back(std::move(d));
    }

    void read_path(const std::string& input) {
        std::error_code ec;
        fs::path p(input);
        auto st = fs::status(p, ec);
        if (ec || !fs::exists(st)) {
            warn(input, 0, "no such file or directory", severity::error);
            return;
        }
        if (fs::is_directory(st)) {
            std::vector<fs::path> files;
            fs::recursive_directory_iterator it(p, fs::directory_options::skip_permission_denied, ec);
            if (ec) {
                warn(input, 0, "cannot read directory: " + ec.message(), severity::error);
                return;
            }
            for (auto end = fs::recursive_directory_iterator(); it != end; it.increment(ec)) {
                if (ec) {
                    warn(input, 0, "cannot read directory: " + ec.message(), severity::error);
                    break;
                }
                std::error_code fec;
                if (!it->is_regular_file(fec)) continue;
                auto ext = lower_extension(it->path());
                if (ext == ".txt" || ext == ".jsonl") files.push_back(it->path());
            }
            std::sort(files.begin(), files.end());
            for (const auto& f : files) read_file_path(f.string());
            return;
        }
        read_file_path(input);
    }

    void read_file_path(const std::string& path) {
        std::string content;
        try {
            content = read_file(path);
        } catch (const kg::error& e) {
            warn(path, 0, e.message(), severity::error);
            return;
        }
        fs::path p(path);
        const std::string stem = p.stem().string();
        if (lower_extension(p) == ".jsonl") read_jsonl(content, path, stem, path);
        else read_txt(content, path, stem, path);
    }

    void read_stdin(std::istream& in) {
        std::string content{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        if (in.bad()) {
            warn("-", 0, "cannot read standard input", severity::error);
            return;
        }
        std::string_view view(content);
        std::size_t first = view.find_first_not_of(" \t\r\n");
        std::size_t skip = view.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
        if (first != std::string_view::npos && skip == 3) first = view.find_first_not_of(" \t\r\n", 3);
        if (first != std::string_view::npos && view[first] == '{') read_jsonl(view, "-", "stdin", "-");
        else read_txt(view, "-", "stdin", "-");
    }

private:
    read_result& out_;
    id_registry ids_;
};

}  // namespace
}  // namespace detail

read_result read_inputs(const std::vector<std::string>& inputs, std::istream& stdin_stream) {
    read_result out;
    detail::reader r(out);
    bool stdin_read = false;
    for (const auto& input : inputs) {
        if (input == "-") {
            if (stdin_read) {
                r.warn("-", 0, "standard input given more than once; read once");
                continue;
            }
            stdin_read = true;
            r.read_stdin(stdin_stream);
        } else {
            r.read_path(input);
        }
    }
    return out;
}

read_result read_jsonl(std::string_view content, const std::string& source_name) {
    read_result out;
    detail::reader r(out);
    std::string stem = std::filesystem::path(source_name).stem().string();
    if (stem.empty()) stem = source_name;
    r.read_jsonl(content, source_name, stem, source_name);
    return out;
}

}  // namespace kg::extract
