#include "kg/core/utf8.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <unicode/utf8.h>

namespace kg {
namespace {
// Length of the valid UTF-8 sequence at i, or 0 when it is invalid. (ICU's
// macro works with 32-bit offsets: it is given a window of at most 4 bytes.)
std::size_t valid_sequence_at(std::string_view s, std::size_t i) noexcept {
    int32_t pos = 0;
    const auto len = static_cast<int32_t>(std::min<std::size_t>(4, s.size() - i));
    UChar32 c;
    U8_NEXT(reinterpret_cast<const uint8_t*>(s.data() + i), pos, len, c);
    if (c < 0) return 0;
    return static_cast<std::size_t>(pos);
}
}  // namespace

bool is_valid_utf8(std::string_view bytes) noexcept {
    const char* p = bytes.data();
    const std::size_t n = bytes.size();
    for (std::size_t i = 0; i < n;) {
        // Runs of ASCII, eight bytes at a time.
        std::uint64_t word;
        while (i + 8 <= n && (std::memcpy(&word, p + i, 8), (word & 0x8080808080808080ULL) == 0)) i += 8;
        if (i == n) break;
        if (static_cast<unsigned char>(p[i]) < 0x80) {
            ++i;
            continue;
        }
        auto k = valid_sequence_at(bytes, i);
        if (k == 0) return false;
        i += k;
    }
    return true;
}

utf8_repair repair_utf8(std::string_view bytes) {
    utf8_repair out;
    out.text.reserve(bytes.size());
    for (std::size_t i = 0; i < bytes.size();) {
        if (static_cast<unsigned char>(bytes[i]) < 0x80) {
            out.text.push_back(bytes[i++]);
            continue;
        }
        auto n = valid_sequence_at(bytes, i);
        if (n == 0) {
            out.bad_offsets.push_back(i);
            out.text += "\xEF\xBF\xBD";  // U+FFFD
            // U8_NEXT consumed the maximal invalid subpart; skip at least one byte.
            int32_t pos = 0;
            const auto len = static_cast<int32_t>(std::min<std::size_t>(4, bytes.size() - i));
            UChar32 c;
            U8_NEXT(reinterpret_cast<const uint8_t*>(bytes.data() + i), pos, len, c);
            i += std::max<std::size_t>(1, static_cast<std::size_t>(pos));
        } else {
            out.text.append(bytes.substr(i, n));
            i += n;
        }
    }
    return out;
}

std::size_t line_of_offset(std::string_view text, std::size_t byte_offset) noexcept {
    byte_offset = std::min(byte_offset, text.size());
    return 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(byte_offset), '\n'));
}

char_offsets::char_offsets(std::string_view text) {
    starts_.reserve(text.size() + 1);
    for (std::size_t i = 0; i < text.size(); ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) starts_.push_back(i);
    starts_.push_back(text.size());
}

std::size_t char_offsets::to_chars(std::size_t byte_offset) const noexcept {
    // Index of the first code point starting at or after byte_offset.
    return static_cast<std::size_t>(std::lower_bound(starts_.begin(), starts_.end(), byte_offset) - starts_.begin());
}

}  // namespace kg
