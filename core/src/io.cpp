#include "kg/core/io.hpp"
#include "kg/core/error.hpp"
#include "kg/core/utf8.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <iterator>
#include <new>

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace kg {
namespace {
namespace fs = std::filesystem;

std::string reason(int err) { return std::strerror(err); }

struct fd_closer {
    int fd;
    ~fd_closer() {
        if (fd >= 0) ::close(fd);
    }
};

// Bytes written per write(2) call, between checks for a signal.
constexpr std::size_t write_chunk = std::size_t{1} << 20;
// Bytes of a file handed to read_options::check_head.
constexpr std::size_t head_bytes = std::size_t{1} << 16;

// Set by the signal handler while an atomic_file is open: the only state a
// handler touches (async-signal-safe), read by atomic_file between writes.
volatile std::sig_atomic_t interrupted_by = 0;

void note_signal(int sig) { interrupted_by = sig; }

constexpr int cleanup_signals[] = {SIGINT, SIGTERM, SIGHUP};

// The file a path names once symbolic links are followed (also when the last
// link points to a file that does not exist yet).
fs::path resolve_links(const fs::path& path) {
    fs::path p = path;
    for (int depth = 0; depth < 40; ++depth) {
        std::error_code ec;
        if (!fs::is_symlink(fs::symlink_status(p, ec)) || ec) return p;
        fs::path next = fs::read_symlink(p, ec);
        if (ec) return p;
        p = next.is_absolute() ? next : p.parent_path() / next;
    }
    throw input_error("too many levels of symbolic links", path.string());
}

}  // namespace

void remove_stale_temporaries(const std::string& target_path) {
    const fs::path target(target_path);
    const std::string prefix = target.filename().string() + ".tmp.";
    fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
    std::error_code ec;
    for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
        std::string name = it->path().filename().string();
        if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
        std::string_view digits = std::string_view(name).substr(prefix.size());
        if (digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string_view::npos) continue;
        long pid = std::stol(std::string(digits));
        if (pid == ::getpid() || pid <= 0) continue;
        if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;  // it may still be running
        int fd = ::open(it->path().c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
        if (fd < 0) continue;
        fd_closer close_it{fd};
        struct stat st {};
        if (::fstat(fd, &st) != 0 || !(S_ISREG(st.st_mode) || S_ISDIR(st.st_mode))) continue;
        if (::flock(fd, LOCK_EX | LOCK_NB) != 0) continue;  // a writer (in another pid namespace) holds it
        std::error_code rec;
        if (S_ISDIR(st.st_mode)) fs::remove_all(it->path(), rec);
        else ::unlink(it->path().c_str());
    }
}


std::string size_text(std::uint64_t bytes) {
    if (bytes >= (std::uint64_t{1} << 30)) return fmt::format("{:.1f} GiB", static_cast<double>(bytes) / (1 << 30));
    if (bytes >= (std::uint64_t{1} << 20)) return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / (1 << 20));
    return fmt::format("{} bytes", bytes);
}

std::string read_file(const std::string& path, const read_options& options) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) throw input_error("is a directory", path);
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw input_error("cannot open: " + reason(errno), path);
    fd_closer close_at_exit{fd};
    auto too_large = [&] {
        return input_error(fmt::format("larger than the limit of {} for this input; not read", size_text(options.max_bytes)),
                           path);
    };
    // A regular file is read in one go into a buffer of its size (plus one
    // byte, so the read that sees the end needs no growth); anything else
    // (a pipe, /dev/stdin, a device) grows the buffer as it comes, up to the limit.
    struct stat st {};
    std::uint64_t expected = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? static_cast<std::uint64_t>(st.st_size) : 0;
    if (expected > options.max_bytes) throw too_large();
    try {
        std::string out(expected > 0 ? expected + 1 : std::size_t{1} << 16, '\0');
        std::size_t used = 0;
        bool head_checked = !options.check_head;
        for (;;) {
            if (used == out.size()) {
                if (used > options.max_bytes) throw too_large();
                out.resize(static_cast<std::size_t>(std::min<std::uint64_t>(out.size() * 2, options.max_bytes + 1)));
            }
            ssize_t n = ::read(fd, out.data() + used, out.size() - used);
            if (n < 0) {
                if (errno == EINTR) continue;
                throw input_error("read failed: " + reason(errno), path);
            }
            if (n == 0) break;
            used += static_cast<std::size_t>(n);
            if (used > options.max_bytes) throw too_large();
            if (!head_checked && used >= head_bytes) {
                head_checked = true;
                options.check_head(std::string_view(out.data(), used));
            }
        }
        out.resize(used);
        if (!head_checked) options.check_head(out);
        return out;
    } catch (const std::bad_alloc&) {
        throw input_error("out of memory while reading this input", path);
    }
}

std::string temporary_name(const std::string& path, long pid) { return fmt::format("{}.tmp.{}", path, pid); }

// Installs the flag-setting handler for the cleanup signals (those not
// ignored), and restores the previous handlers when destroyed.
struct atomic_file::signal_guard {
    struct sigaction previous[std::size(cleanup_signals)] {};
    bool installed[std::size(cleanup_signals)] {};

    signal_guard() {
        interrupted_by = 0;
        for (std::size_t i = 0; i < std::size(cleanup_signals); ++i) {
            struct sigaction old {};
            if (::sigaction(cleanup_signals[i], nullptr, &old) != 0 || old.sa_handler == SIG_IGN) continue;
            struct sigaction act {};
            act.sa_handler = note_signal;
            sigemptyset(&act.sa_mask);
            act.sa_flags = 0;  // no SA_RESTART: a blocked write returns EINTR and the flag is seen
            if (::sigaction(cleanup_signals[i], &act, &previous[i]) == 0) installed[i] = true;
        }
    }
    ~signal_guard() {
        for (std::size_t i = 0; i < std::size(cleanup_signals); ++i)
            if (installed[i]) ::sigaction(cleanup_signals[i], &previous[i], nullptr);
    }
};

atomic_file::atomic_file(const std::string& path) : path_(path) {
    fs::path target = resolve_links(path);
    target_ = target.string();
    struct stat st {};
    bool exists = ::stat(target_.c_str(), &st) == 0;
    if (exists && S_ISDIR(st.st_mode)) throw input_error("is a directory", path);
    if (exists && S_ISSOCK(st.st_mode)) throw input_error("is a socket: not written", path);
    if (exists && (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) || S_ISFIFO(st.st_mode))) {
        // A device or a pipe is written to, never replaced.
        fd_ = ::open(target_.c_str(), O_WRONLY | O_CLOEXEC);
        if (fd_ < 0) throw input_error("cannot write: " + reason(errno), path);
        return;
    }
    remove_stale_temporaries(target.string());
    temp_ = temporary_name(target_, static_cast<long>(::getpid()));
    signals_ = new signal_guard;
    // Created private when it will take an existing file's permissions, so
    // the data of a 0600 file is never readable by others on the way.
    const mode_t create_mode = exists ? 0600 : 0666;
    ::unlink(temp_.c_str());  // a leftover of this very pid
    fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, create_mode);
    if (fd_ < 0) {
        int err = errno;
        delete signals_;
        signals_ = nullptr;
        throw input_error("cannot write: " + reason(err), path);
    }
    ::flock(fd_, LOCK_EX | LOCK_NB);  // tells remove_stale_temporaries it is in use
    if (exists) {
        if (st.st_uid != ::geteuid() || st.st_gid != ::getegid()) {
            if (::fchown(fd_, st.st_uid, st.st_gid) != 0) {
                // Not allowed (not root): the file becomes ours, as any new file would.
            }
        }
        ::fchmod(fd_, st.st_mode & 07777);
    }
}

atomic_file::~atomic_file() {
    if (!committed_) discard();
    delete signals_;
}

void atomic_file::discard() noexcept {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    if (!temp_.empty()) ::unlink(temp_.c_str());
}

void atomic_file::check_interrupted() {
    int sig = interrupted_by;
    if (sig == 0 || !signals_) return;
    discard();
    delete signals_;  // the previous handlers (the default: end the process)
    signals_ = nullptr;
    interrupted_by = 0;
    ::raise(sig);
    // A handler that returns: the write stops here.
    throw input_error(fmt::format("interrupted by signal {}; nothing written", sig), path_);
}

void atomic_file::write(std::string_view bytes) {
    if (fd_ < 0) throw input_error("write after the file was closed", path_);
    while (!bytes.empty()) {
        check_interrupted();
        std::size_t piece = std::min(bytes.size(), write_chunk);
        ssize_t n = ::write(fd_, bytes.data(), piece);
        if (n < 0) {
            if (errno == EINTR) continue;
            int err = errno;
            discard();
            throw input_error("write failed: " + reason(err), path_);
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    check_interrupted();
}

void atomic_file::commit() {
    if (fd_ < 0) throw input_error("commit after the file was closed", path_);
    if (temp_.empty()) {  // a device or pipe: nothing to rename
        int fd = fd_;
        fd_ = -1;
        committed_ = true;
        if (::close(fd) != 0 && errno != EINTR) throw input_error("write failed: " + reason(errno), path_);
        return;
    }
    check_interrupted();
    while (::fsync(fd_) != 0) {
        if (errno == EINTR) continue;
        int err = errno;
        discard();
        throw input_error("write failed (fsync): " + reason(err), path_);
    }
    if (::close(fd_) != 0 && errno != EINTR) {
        int err = errno;
        fd_ = -1;
        discard();
        throw input_error("write failed: " + reason(err), path_);
    }
    fd_ = -1;
    check_interrupted();
    if (::rename(temp_.c_str(), target_.c_str()) != 0) {
        int err = errno;
        discard();
        throw input_error("cannot replace file: " + reason(err), path_);
    }
    committed_ = true;
    // Make the rename itself durable (best effort: not every file system allows it).
    fs::path dir = fs::path(target_).parent_path();
    int dfd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
    delete signals_;
    signals_ = nullptr;
    if (int sig = interrupted_by; sig != 0) {  // came after the last check: the file is whole, now end
        interrupted_by = 0;
        ::raise(sig);
    }
}

update_lock::update_lock(const std::string& path) {
    for (int attempt = 0; attempt < 1000; ++attempt) {
        int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) throw input_error("cannot open: " + reason(errno), path);
        while (::flock(fd, LOCK_EX) != 0) {
            if (errno == EINTR) continue;
            int err = errno;
            ::close(fd);
            throw input_error("cannot lock: " + reason(err), path);
        }
        struct stat locked {}, now {};
        if (::fstat(fd, &locked) == 0 && ::stat(path.c_str(), &now) == 0 && locked.st_dev == now.st_dev &&
            locked.st_ino == now.st_ino) {
            fd_ = fd;
            return;
        }
        ::close(fd);  // replaced while we waited: lock the new file
    }
    throw input_error("cannot lock: the file keeps being replaced", path);
}

update_lock::~update_lock() {
    if (fd_ >= 0) ::close(fd_);
}

void write_file_atomic(const std::string& path, std::string_view content) {
    atomic_file out(path);
    out.write(content);
    out.commit();
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
