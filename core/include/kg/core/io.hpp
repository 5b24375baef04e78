#pragma once
// File input and output shared by every module.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace kg {

// The largest file read_file() reads by default (4 GiB): a device or a pipe
// that never ends (/dev/zero) is stopped there with an error naming it.
inline constexpr std::uint64_t default_max_file_bytes = std::uint64_t{4} << 30;

struct read_options {
    // More bytes than this is an error naming the file ("larger than the limit").
    std::uint64_t max_bytes = default_max_file_bytes;
    // When set, called once with the first bytes (up to 64 KiB, or the whole
    // file when shorter) before the rest is read: it throws to refuse content
    // that is plainly not what the caller wants (a graph reader given /dev/zero).
    std::function<void(std::string_view head)> check_head;
};

// Reads a whole file as bytes; throws kg::input_error naming the file, with
// the system's reason (errno) when it cannot be opened or read, and when it
// is larger than options.max_bytes (the rest is not read) or out of memory.
std::string read_file(const std::string& path, const read_options& options = {});

// Writes `content` to `path` so that a failed or interrupted run never leaves
// a half-written file in place of a good one: the bytes go to a temporary file
// beside the target ("<name>.tmp.<pid>"), which is flushed to disk (fsync) and
// renamed over the target. Throws kg::input_error naming the file, with the
// system's reason.
//  * an existing target keeps its permission bits (and, when the process may
//    set them, its owner and group); a new one gets 0666 less the umask;
//  * a symbolic link is followed: the file it points to is replaced, the link stays;
//  * a character or block device or a FIFO (/dev/null, /dev/stdout, a named
//    pipe) is written to directly, never replaced; a socket or a directory is refused;
//  * SIGINT, SIGTERM or SIGHUP while the temporary file exists removes it and
//    then ends the process as the signal would have (the handler only sets a flag);
//  * temporaries of the same target left by processes that no longer run
//    (killed with SIGKILL, a power cut) are removed first.
void write_file_atomic(const std::string& path, std::string_view content);

// Removes the temporaries of `path` ("<path>.tmp.<pid>", files or
// directories) left by processes that no longer run: the pid is gone and no
// process holds the temporary's lock (flock).
void remove_stale_temporaries(const std::string& path);

// The temporary file write_file_atomic() uses for `path` in process `pid`.
std::string temporary_name(const std::string& path, long pid);

// A file written in pieces with the guarantees of write_file_atomic(): nothing
// reaches `path` until commit(); destroyed without commit(), the temporary
// file is removed.
class atomic_file {
public:
    explicit atomic_file(const std::string& path);
    ~atomic_file();
    atomic_file(const atomic_file&) = delete;
    atomic_file& operator=(const atomic_file&) = delete;

    void write(std::string_view bytes);
    // Flushes, fsyncs and renames the temporary file over the target.
    void commit();

private:
    void check_interrupted();
    void discard() noexcept;

    std::string path_;    // as given, for messages
    std::string target_;  // the file replaced (a symbolic link resolved)
    std::string temp_;    // empty when writing straight to a device or FIFO
    int fd_ = -1;
    bool committed_ = false;
    struct signal_guard;
    signal_guard* signals_ = nullptr;
};

// An exclusive lock for a read-modify-write of an existing file (kg build
// --into G -o G): flock(2) on the file itself, taken again on the new file
// when another process replaced it (renamed a new version over it) while this
// one waited, so that every process reads the version the last one wrote.
// Held until destroyed; other processes wait for it. Throws kg::input_error.
class update_lock {
public:
    explicit update_lock(const std::string& path);
    ~update_lock();
    update_lock(const update_lock&) = delete;
    update_lock& operator=(const update_lock&) = delete;

private:
    int fd_ = -1;
};

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

// "4.0 GiB", "16.0 MiB", "512 bytes".
std::string size_text(std::uint64_t bytes);

}  // namespace kg
