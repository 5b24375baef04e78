#pragma once
// Diagnostics: problems found in input that do not stop the run.
#include <cstddef>
#include <string>
#include <vector>

namespace kg {

enum class severity { note, warning, error };

struct diagnostic {
    severity level = severity::warning;
    std::string file;       // file or document id the problem is in
    std::size_t line = 0;   // 1-based line, 0 when unknown
    std::string message;
};

const char* to_string(severity s) noexcept;
// "file:line: warning: message"
std::string format(const diagnostic& d);

using diagnostics = std::vector<diagnostic>;

}  // namespace kg
