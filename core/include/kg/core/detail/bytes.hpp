#pragma once
// Little-endian byte writer and bounds-checked byte reader, shared by kg's
// binary files (the tagger and relation models, the binary graph). The reader
// treats its bytes as untrusted: every read is checked against the end, every
// count against what is left, and a problem throws Error("<prefix>: <what>
// at byte N", source).
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace kg::detail {

class byte_writer {
public:
    void u8(std::uint8_t v) { out_ += static_cast<char>(v); }
    void u16(std::uint16_t v) { fixed(v, 2); }
    void u32(std::uint32_t v) { fixed(v, 4); }
    void u64(std::uint64_t v) { fixed(v, 8); }
    void f32(float f) {
        std::uint32_t v;
        std::memcpy(&v, &f, 4);
        u32(v);
    }
    void f64(double d) {
        std::uint64_t v;
        std::memcpy(&v, &d, 8);
        u64(v);
    }
    void varint(std::uint64_t v) {
        while (v >= 0x80) {
            u8(static_cast<std::uint8_t>(v | 0x80));
            v >>= 7;
        }
        u8(static_cast<std::uint8_t>(v));
    }
    void str(std::string_view s) {
        varint(s.size());
        out_ += s;
    }
    void raw(std::string_view s) { out_ += s; }
    std::string& bytes() { return out_; }

private:
    void fixed(std::uint64_t v, int n) {
        for (int i = 0; i < n; ++i) u8(static_cast<std::uint8_t>(v >> (8 * i)));
    }
    std::string out_;
};

template <class Error>
class byte_reader {
public:
    // `bytes` and `source` must outlive the reader.
    byte_reader(std::string_view bytes, const std::string& source, std::string_view prefix)
        : b_(bytes), source_(source), prefix_(prefix) {}

    [[noreturn]] void fail(const std::string& what) const {
        throw Error(fmt::format("{}: {} at byte {}", prefix_, what, pos_), source_);
    }
    void need(std::size_t n) const {
        if (b_.size() - pos_ < n) fail("unexpected end of data");
    }
    std::uint8_t u8() {
        need(1);
        return static_cast<std::uint8_t>(b_[pos_++]);
    }
    std::uint16_t u16() { return static_cast<std::uint16_t>(fixed(2)); }
    std::uint32_t u32() { return static_cast<std::uint32_t>(fixed(4)); }
    std::uint64_t u64() { return fixed(8); }
    float f32() {
        std::uint32_t v = u32();
        float f;
        std::memcpy(&f, &v, 4);
        return f;
    }
    double f64() {
        std::uint64_t v = u64();
        double d;
        std::memcpy(&d, &v, 8);
        return d;
    }
    std::uint64_t varint() {
        std::uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            std::uint8_t c = u8();
            v |= static_cast<std::uint64_t>(c & 0x7f) << shift;
            if (!(c & 0x80)) return v;
        }
        fail("bad varint");
    }
    // A count of at most `max` (callers bound it by the bytes left, since
    // every counted item takes at least one byte).
    std::size_t count(std::size_t max) {
        auto v = varint();
        if (v > max) fail(fmt::format("count {} out of range", v));
        return static_cast<std::size_t>(v);
    }
    std::string_view view(std::size_t n) {
        need(n);
        std::string_view s = b_.substr(pos_, n);
        pos_ += n;
        return s;
    }
    std::string str() { return std::string(view(count(remaining()))); }
    std::size_t remaining() const { return b_.size() - pos_; }
    std::size_t position() const { return pos_; }
    bool done() const { return pos_ == b_.size(); }

private:
    std::uint64_t fixed(int n) {
        need(static_cast<std::size_t>(n));
        std::uint64_t v = 0;
        for (int i = 0; i < n; ++i) v |= static_cast<std::uint64_t>(static_cast<std::uint8_t>(b_[pos_++])) << (8 * i);
        return v;
    }
    std::string_view b_;
    const std::string& source_;
    std::string_view prefix_;
    std::size_t pos_ = 0;
};

}  // namespace kg::detail
