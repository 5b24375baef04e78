#pragma once
// File input and output shared by every module.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace kg {

// Reads a whole file as bytes; throws kg::input_error naming the file.
std::string read_file(const std::string& path);

// Writes `content` to a temporary file beside `path`, then renames it over
// `path`, so a failed or interrupted run never leaves a half-written file in
// place of a good one. Throws kg::input_error naming the file.
void write_file_atomic(const std::string& path, std::string_view content);

// One line of a data file that carries data.
struct data_line {
    std::size_t number = 0;  // 1-based
    std::string_view text;   // trimmed of spaces, tabs and '\r' at both ends
};

// The lines of a data file's content that carry data: blank lines and lines
// whose first non-blank character is '#' are left out.
std::vector<data_line> data_lines(std::string_view content);

// Reads a data file (lexicon, pattern or list) into `content` and returns its
// data lines. Throws kg::data_error naming the file when it cannot be read or
// is not valid UTF-8 (with the line of the first bad byte).
std::vector<data_line> read_data_lines(const std::string& path, std::string& content);

}  // namespace kg
