#pragma once
// The byte writer and reader of the model files (kg::detail's, the reader
// failing with kg::model_error), and the serialized form of a
// linear_chain_model (private to kg::extract: the tagger models and the
// relation model share them).
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "kg/core/detail/bytes.hpp"
#include "kg/core/error.hpp"
#include "kg/extract/sequence_tagger.hpp"

namespace kg::extract::detail {

using writer = kg::detail::byte_writer;

// Reads a model payload; errors are kg::model_error("corrupt model: ...").
class reader : public kg::detail::byte_reader<kg::model_error> {
public:
    reader(std::string_view bytes, const std::string& source)
        : byte_reader(bytes, source, "corrupt model") {}
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
