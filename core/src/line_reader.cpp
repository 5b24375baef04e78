#include "kg/core/line_reader.hpp"

#include <algorithm>
#include <cstring>

namespace kg {

line_reader::line_reader(std::istream& in, std::size_t chunk) : in_(in), chunk_(std::max<std::size_t>(chunk, 16)) {}

bool line_reader::fill() {
    if (at_end_) return false;
    if (begin_ > 0) {  // keep the unconsumed bytes at the front
        std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
        end_ -= begin_;
        begin_ = 0;
    }
    if (buffer_.size() < end_ + chunk_) buffer_.resize(end_ + chunk_);
    in_.read(buffer_.data() + end_, static_cast<std::streamsize>(chunk_));
    auto got = static_cast<std::size_t>(in_.gcount());
    if (in_.bad()) failed_ = true;
    end_ += got;
    if (got < chunk_) at_end_ = true;  // read() stops short only at the end or on an error
    return got > 0;
}

std::uint64_t line_reader::skip_limit(std::size_t max_bytes) noexcept {
    constexpr std::uint64_t floor = std::uint64_t{256} << 20;
    std::uint64_t sixteen = static_cast<std::uint64_t>(max_bytes) * 16;
    if (max_bytes > 0 && sixteen / 16 != max_bytes) sixteen = UINT64_MAX;
    return std::max(sixteen, floor);
}

line_reader::status line_reader::next(std::string& line, std::size_t max_bytes) {
    line.clear();
    if (stopped_) return status::end;
    const std::uint64_t limit = skip_limit(max_bytes);
    std::uint64_t length = 0;
    bool any = false;
    bool too_long = false;
    for (;;) {
        if (begin_ == end_ && !fill()) {
            if (!any) return status::end;
            break;  // the last line has no '\n'
        }
        any = true;
        const char* first = buffer_.data() + begin_;
        const char* last = buffer_.data() + end_;
        const char* nl = static_cast<const char*>(std::memchr(first, '\n', static_cast<std::size_t>(last - first)));
        std::size_t piece = static_cast<std::size_t>((nl ? nl : last) - first);
        if (!too_long) {
            if (line.size() + piece > max_bytes) {
                too_long = true;
                std::string().swap(line);  // give the memory back
            } else {
                line.append(first, piece);
            }
        }
        std::size_t used = piece + (nl ? 1 : 0);
        begin_ += used;
        consumed_ += used;
        length += piece;
        if (nl) break;
        if (length > limit) {
            stopped_ = true;
            ++line_;
            return status::endless;
        }
    }
    ++line_;
    return too_long ? status::too_long : status::line;
}

bool line_reader::rest(std::string& out, std::size_t max_bytes) {
    out.clear();
    bool fits = true;
    for (;;) {
        if (begin_ == end_ && !fill()) break;
        std::size_t piece = end_ - begin_;
        if (out.size() + piece > max_bytes) {
            fits = false;
            std::string().swap(out);
            begin_ = end_;
            consumed_ += piece;
            stopped_ = true;
            break;  // stop at the limit: the input may never end
        }
        out.append(buffer_.data() + begin_, piece);
        begin_ = end_;
        consumed_ += piece;
    }
    return fits;
}

std::string_view line_reader::lookahead(std::size_t n) {
    while (end_ - begin_ < n && fill()) {
    }
    return {buffer_.data() + begin_, std::min(n, end_ - begin_)};
}

}  // namespace kg
