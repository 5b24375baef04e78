#pragma once
// UTF-8 validation, repair and offset conversion.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "kg/core/span.hpp"

namespace kg {

struct utf8_repair {
    std::string text;                      // valid UTF-8; each invalid byte sequence became U+FFFD
    std::vector<std::size_t> bad_offsets;  // byte offsets (in the input) of the invalid sequences
};

bool is_valid_utf8(std::string_view bytes) noexcept;
utf8_repair repair_utf8(std::string_view bytes);

// 1-based line number of a byte offset.
std::size_t line_of_offset(std::string_view text, std::size_t byte_offset) noexcept;

// Converts byte offsets of a valid UTF-8 text to code-point offsets. Build once
// per document, then convert many spans in O(log n).
class char_offsets {
public:
    explicit char_offsets(std::string_view text);
    std::size_t to_chars(std::size_t byte_offset) const noexcept;
    span to_chars(span bytes) const noexcept { return {to_chars(bytes.begin), to_chars(bytes.end)}; }

private:
    std::vector<std::size_t> starts_;  // byte offset of every code point start, plus size
};

}  // namespace kg
