#pragma once
// Reading a byte stream one line at a time with a bound on the length of a
// line, so that input of any size, even one enormous line, is read in bounded
// memory. Used for JSONL articles, fact files and standard input.
#include <cstddef>
#include <cstdint>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

namespace kg {

class line_reader {
public:
    // endless: a line longer than skip_limit(max_bytes) without a line end;
    // reading stops there (the input may never end: /dev/zero, a device).
    enum class status { line, too_long, endless, end };

    // How far a too-long line is skipped looking for its end: sixteen times
    // the limit, at least 256 MiB (a 100 MB line under the default 16 MiB
    // limit is skipped and the next lines read).
    static std::uint64_t skip_limit(std::size_t max_bytes) noexcept;

    explicit line_reader(std::istream& in, std::size_t chunk = std::size_t{1} << 16);

    // Reads the next line into `line`, without its '\n' (a '\r' before it is
    // kept). A line longer than `max_bytes` is consumed to its end without
    // being kept: `too_long`, `line` empty; one with no end within
    // skip_limit(max_bytes) bytes is `endless`, and every later call returns
    // `end`. `end` when nothing is left.
    status next(std::string& line, std::size_t max_bytes);

    // Reads everything that is left into `out`. False when it is longer than
    // `max_bytes`: `out` is empty and reading stops after max_bytes + 1 bytes
    // (the input may never end), so consumed() is then a lower bound.
    bool rest(std::string& out, std::size_t max_bytes);

    // Up to `n` bytes ahead (fewer at the end), without consuming them.
    std::string_view lookahead(std::size_t n);

    // Bytes consumed so far.
    std::uint64_t consumed() const noexcept { return consumed_; }
    // Lines returned by next() so far: the 1-based number of the last one.
    std::size_t line_number() const noexcept { return line_; }
    // The stream reported a read error (not just its end).
    bool failed() const noexcept { return failed_; }

private:
    // Reads more bytes after the buffered ones; false at the end of the stream.
    bool fill();

    std::istream& in_;
    std::size_t chunk_;
    std::vector<char> buffer_;
    std::size_t begin_ = 0;  // unconsumed bytes are buffer_[begin_, end_)
    std::size_t end_ = 0;
    std::uint64_t consumed_ = 0;
    std::size_t line_ = 0;
    bool at_end_ = false;
    bool failed_ = false;
    bool stopped_ = false;  // gave up on an endless line or an oversized rest
};

}  // namespace kg
