#pragma once
// The kg::error hierarchy. Errors are raised at the edges (loading files,
// parsing data, bad command-line use) and carry the file and line they are
// about; malformed article text never throws, it becomes diagnostics.
#include <cstddef>
#include <stdexcept>
#include <string>

namespace kg {

class error : public std::runtime_error {
public:
    error(std::string message, std::string file = {}, std::size_t line = 0);

    const std::string& file() const noexcept { return file_; }
    std::size_t line() const noexcept { return line_; }
    const std::string& message() const noexcept { return message_; }

private:
    std::string file_;
    std::size_t line_;
    std::string message_;
};

// Input the user gave us is unreadable or malformed (articles, graph JSON).
class input_error : public error { using error::error; };
// A data file of the project (ontology, lexicon, pattern file) is broken.
class data_error : public error { using error::error; };
// A model file is truncated, corrupt, foreign or of another version.
class model_error : public error { using error::error; };
// A query names something the graph does not hold.
class query_error : public error { using error::error; };
// The command line is wrong.
class usage_error : public error { using error::error; };

}  // namespace kg
