#include "kg/core/io.hpp"
#include "kg/core/error.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace kg {

std::string read_file(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) throw input_error("is a directory", path);
    std::ifstream in(path, std::ios::binary);
    if (!in) throw input_error(std::string("cannot open: ") + std::strerror(errno), path);
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) throw input_error("read failed", path);
    return std::move(ss).str();
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

}  // namespace kg
