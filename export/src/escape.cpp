#include "kg/export/escape.hpp"

#include <ostream>
#include <sstream>

#include <fmt/format.h>

#include "kg/core/utf8.hpp"

namespace kg::exporter {
namespace detail {

// Decodes the code point starting at text[i] of valid UTF-8 and advances i.
char32_t next_code_point(std::string_view text, std::size_t& i) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    unsigned char b = byte(i);
    if (b < 0x80) {
        ++i;
        return b;
    }
    std::size_t len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
    char32_t cp = b & (len == 4 ? 0x07 : len == 3 ? 0x0f : 0x1f);
    for (std::size_t k = 1; k < len && i + k < text.size(); ++k) cp = (cp << 6) | (byte(i + k) & 0x3f);
    i += len;
    return cp;
}

constexpr std::string_view replacement = "\xEF\xBF\xBD";  // U+FFFD

}  // namespace detail

std::string_view valid_utf8(std::string_view text, std::string& scratch) {
    if (kg::is_valid_utf8(text)) return text;
    scratch = kg::repair_utf8(text).text;
    return scratch;
}

void write_xml_escaped(std::ostream& out, std::string_view raw) {
    std::string scratch;
    std::string_view text = valid_utf8(raw, scratch);
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t start = i;
        char32_t cp = detail::next_code_point(text, i);
        switch (cp) {
            case '&': out << "&amp;"; break;
            case '<': out << "&lt;"; break;
            case '>': out << "&gt;"; break;
            case '"': out << "&quot;"; break;
            case '\'': out << "&apos;"; break;
            case '\t': out << "&#9;"; break;
            case '\n': out << "&#10;"; break;
            case '\r': out << "&#13;"; break;
            default:
                if (cp < 0x20 || cp == 0xfffe || cp == 0xffff) {
                    out << detail::replacement;  // not allowed in XML 1.0, even as a reference
                } else {
                    out.write(text.data() + start, static_cast<std::streamsize>(i - start));
                }
        }
    }
}

std::string xml_escape(std::string_view text) {
    std::ostringstream out;
    write_xml_escaped(out, text);
    return std::move(out).str();
}

void write_csv_field(std::ostream& out, std::string_view raw) {
    std::string scratch;
    std::string_view text = valid_utf8(raw, scratch);
    bool quote = text.find_first_of(",\"\r\n") != std::string_view::npos ||
                 (!text.empty() && (text.front() == ' ' || text.back() == ' '));
    if (!quote) {
        out << text;
        return;
    }
    out << '"';
    for (char c : text) {
        if (c == '"') out << '"';
        out << c;
    }
    out << '"';
}

std::string csv_field(std::string_view text) {
    std::ostringstream out;
    write_csv_field(out, text);
    return std::move(out).str();
}

std::string cypher_string(std::string_view raw) {
    std::string scratch;
    std::string_view text = valid_utf8(raw, scratch);
    std::string out;
    out.reserve(text.size() + 2);
    out.push_back('\'');
    for (char c : text) {
        switch (c) {
            case '\\': out += "\\\\"; break;
            case '\'': out += "\\'"; break;
            case '"': out += "\\\""; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
                    out += fmt::format("\\u{:04X}", static_cast<unsigned>(static_cast<unsigned char>(c)));
                } else {
                    out.push_back(c);  // UTF-8 bytes as they are
                }
        }
    }
    out.push_back('\'');
    return out;
}

std::string cypher_name(std::string_view raw) {
    std::string scratch;
    std::string_view text = valid_utf8(raw, scratch);
    std::string out = "`";
    for (char c : text) {
        if (c == '`') out.push_back('`');
        out.push_back(c);
    }
    return out + "`";
}

std::string ntriples_string(std::string_view raw) {
    std::string scratch;
    std::string_view text = valid_utf8(raw, scratch);
    std::string out;
    out.reserve(text.size() + 2);
    out.push_back('"');
    std::size_t i = 0;
    while (i < text.size()) {
        char32_t cp = detail::next_code_point(text, i);
        switch (cp) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (cp >= 0x20 && cp < 0x7f) {
                    out.push_back(static_cast<char>(cp));
                } else if (cp <= 0xffff) {
                    out += fmt::format("\\u{:04X}", static_cast<unsigned>(cp));
                } else {
                    out += fmt::format("\\U{:08X}", static_cast<unsigned>(cp));
                }
        }
    }
    out.push_back('"');
    return out;
}

std::string ntriples_iri(std::string_view prefix, std::string_view raw) {
    std::string scratch;
    std::string_view text = valid_utf8(raw, scratch);
    std::string out = "<";
    out += prefix;
    for (char c : text) {
        bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '.' || c == '_' || c == '~' || c == ':';
        if (keep) {
            out.push_back(c);
        } else {
            out += fmt::format("%{:02X}", static_cast<unsigned>(static_cast<unsigned char>(c)));
        }
    }
    return out + ">";
}

}  // namespace kg::exporter
