#pragma once
// Little-endian byte writer and bounds-checked reader of the model files, and
// the serialized form of a linear_chain_model (private to kg::extract: the
// tagger models and the relation model share them).
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "kg/core/error.hpp"
#include "kg/extract/sequence_tagger.hpp"

namespace kg::extract::detail {

class writer {
public:
    void u8(std::uint8_t v) { out_ += static_cast<char>(v); }
    void u16(std::uint16_t v) {
        for (int i = 0; i < 2; ++i) u8(static_cast<std::uint8_t>(v >> (8 * i)));
    }
    void u32(std::uint32_t v) {
        for (int i = 0; i < 4; ++i) u8(static_cast<std::uint8_t>(v >> (8 * i)));
    }
    void u64(std::uint64_t v) {
        for (int i = 0; i < 8; ++i) u8(static_cast<std::uint8_t>(v >> (8 * i)));
    }
    void f32(float f) {
        std::uint32_t v;
        std::memcpy(&v, &f, 4);
        u32(v);
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
    std::string& bytes() { return out_; }

private:
    std::string out_;
};

class reader {
public:
    reader(std::string_view bytes, const std::string& source) : b_(bytes), source_(source) {}
    [[noreturn]] void fail(const std::string& what) const {
        throw model_error(fmt::format("corrupt model: {} at byte {}", what, pos_), source_);
    }
    void need(std::size_t n) const {
        if (b_.size() - pos_ < n) fail("unexpected end of data");
    }
    std::uint8_t u8() {
        need(1);
        return static_cast<std::uint8_t>(b_[pos_++]);
    }
    std::uint16_t u16() {
        need(2);
        std::uint16_t v = 0;
        for (int i = 0; i < 2; ++i) v |= static_cast<std::uint16_t>(static_cast<std::uint8_t>(b_[pos_++]) << (8 * i));
        return v;
    }
    std::uint32_t u32() {
        need(4);
        std::uint32_t v = 0;
        for (int i = 0; i < 4; ++i) v |= static_cast<std::uint32_t>(static_cast<std::uint8_t>(b_[pos_++])) << (8 * i);
        return v;
    }
    std::uint64_t u64() {
        need(8);
        std::uint64_t v = 0;
        for (int i = 0; i < 8; ++i) v |= static_cast<std::uint64_t>(static_cast<std::uint8_t>(b_[pos_++])) << (8 * i);
        return v;
    }
    float f32() {
        std::uint32_t v = u32();
        float f;
        std::memcpy(&f, &v, 4);
        return f;
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
    std::size_t count(std::size_t max) {
        auto v = varint();
        if (v > max) fail(fmt::format("count {} out of range", v));
        return static_cast<std::size_t>(v);
    }
    std::string str() {
        auto n = count(b_.size() - pos_);
        std::string s(b_.substr(pos_, n));
        pos_ += n;
        return s;
    }
    bool done() const { return pos_ == b_.size(); }

private:
    std::string_view b_;
    const std::string& source_;
    std::size_t pos_ = 0;
};

// A model file: magic, format version, kind, feature version (u32 each),
// payload size (u64), payload, FNV-1a 64 checksum of all preceding bytes.
std::string seal_envelope(std::string_view magic, std::uint32_t version, std::uint32_t kind,
                          std::uint32_t feature_version, std::string_view payload);
struct envelope {
    std::uint32_t kind = 0;
    std::uint32_t feature_version = 0;
    std::string_view payload;  // points into the bytes given to open_envelope
};
// Checks magic, format version, size and checksum; throws kg::model_error
// naming `source` ("truncated model file", "not a <what> (wrong magic)",
// "unsupported model format version", "corrupt model: ...").
envelope open_envelope(std::string_view bytes, std::string_view magic, std::string_view what,
                       std::uint32_t expected_version, const std::string& source);

// Tags, transition and final weights, and the 16-bit quantized feature rows.
void write_chain(writer& p, const linear_chain_model& chain);
// Throws kg::model_error (through `p`) on malformed data; `payload_size`
// bounds the counts read.
linear_chain_model read_chain(reader& p, std::size_t payload_size);

}  // namespace kg::extract::detail
