#pragma once
// File input and output shared by every module.
#include <string>
#include <string_view>

namespace kg {

// Reads a whole file as bytes; throws kg::input_error naming the file.
std::string read_file(const std::string& path);

// Writes `content` to a temporary file beside `path`, then renames it over
// `path`, so a failed or interrupted run never leaves a half-written file in
// place of a good one. Throws kg::input_error naming the file.
void write_file_atomic(const std::string& path, std::string_view content);

}  // namespace kg
