#include "kg/core/io.hpp"
#include "kg/core/error.hpp"
#include "kg/core/utf8.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace kg {

std::string read_file(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) throw input_error("is a directory", path);
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw input_error(std::string("cannot open: ") + std::strerror(errno), path);
    struct closer {
        int fd;
        ~closer() { ::close(fd); }
    } close_at_exit{fd};
    // A regular file is read in one go into a buffer of its size (plus one
    // byte, so the read that sees the end needs no growth); anything else
    // (a pipe, /dev/stdin) grows the buffer as it comes.
    struct stat st {};
    std::size_t expected = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? static_cast<std::size_t>(st.st_size) : 0;
    std::string out(expected > 0 ? expected + 1 : 1 << 16, '\0');
    std::size_t used = 0;
    for (;;) {
        if (used == out.size()) out.resize(out.size() * 2);
        ssize_t n = ::read(fd, out.data() + used, out.size() - used);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw input_error(std::string("read failed: ") + std::strerror(errno), path);
        }
        if (n == 0) break;
        used += static_cast<std::size_t>(n);
    }
    out.resize(used);
    return out;
}

void write_file_atomic(const std::string& path, std::string_view content) {
    namespace fs = std::filesystem;
    fs::path target(path);
    fs::path tmp = target;
    tmp += ".tmp." + std::to_string(::getpid());
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) throw input_error(std::string("cannot write: ") + std::strerror(errno), path);
        out.write(content.data(), static_cast<std::streamsize>(content.size()));
        out.flush();
        if (!out) {
            std::error_code ec;
            fs::remove(tmp, ec);
            throw input_error("write failed", path);
        }
    }
    std::error_code ec;
    fs::rename(tmp, target, ec);
    if (ec) {
        std::error_code ec2;
        fs::remove(tmp, ec2);
        throw input_error("cannot replace file: " + ec.message(), path);
    }
}

std::vector<data_line> data_lines(std::string_view content) {
    std::vector<data_line> out;
    std::size_t number = 0;
    for (std::size_t pos = 0; pos <= content.size();) {
        std::size_t nl = content.find('\n', pos);
        if (nl == std::string_view::npos) nl = content.size();
        std::string_view line = content.substr(pos, nl - pos);
        ++number;
        pos = nl + 1;
        auto first = line.find_first_not_of(" \t\r");
        if (first == std::string_view::npos || line[first] == '#') continue;
        auto last = line.find_last_not_of(" \t\r");
        out.push_back({number, line.substr(first, last - first + 1)});
    }
    return out;
}

std::vector<data_line> read_data_lines(const std::string& path, std::string& content) {
    try {
        content = read_file(path);
    } catch (const input_error& e) {
        throw data_error(e.message(), path);
    }
    if (!is_valid_utf8(content)) {
        auto r = repair_utf8(content);
        throw data_error("not valid UTF-8", path, line_of_offset(content, r.bad_offsets.front()));
    }
    return data_lines(content);
}

}  // namespace kg
