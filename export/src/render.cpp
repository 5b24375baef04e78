#include "kg/export/render.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

#include <fmt/format.h>

#include "kg/core/error.hpp"
#include "kg/core/io.hpp"

extern char** environ;

namespace kg::exporter {
namespace detail {

// A private temporary directory, removed on destruction.
class temp_dir {
public:
    temp_dir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "kg-render-XXXXXX").string();
        if (!::mkdtemp(pattern.data()))
            throw kg::input_error(fmt::format("cannot create a temporary directory: {}", std::strerror(errno)));
        path_ = pattern;
    }
    ~temp_dir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;
    std::string file(const char* name) const { return (path_ / name).string(); }
    std::string path() const { return path_.string(); }

private:
    std::filesystem::path path_;
};

}  // namespace detail

bool valid_layout(std::string_view layout) noexcept {
    for (const char* known : {"dot", "neato", "sfdp", "fdp", "circo", "twopi"})
        if (layout == known) return true;
    return false;
}

std::string render_graphviz(std::string_view dot_text, std::string_view format, std::string_view layout) {
    if (format != "svg" && format != "png")
        throw kg::usage_error(fmt::format("cannot render '{}' (svg or png)", format));
    if (!valid_layout(layout)) throw kg::usage_error(fmt::format("unknown Graphviz layout '{}'", layout));
    detail::temp_dir dir;
    std::string in = dir.file("graph.dot"), out = dir.file("graph.out"), err = dir.file("stderr.txt");
    kg::write_file_atomic(in, dot_text);

    // The DOT text comes on standard input, so Graphviz's messages name
    // "<stdin>" and never this run's temporary files (gone when they are read).
    std::vector<std::string> args = {"dot", "-K" + std::string(layout), "-T" + std::string(format), "-o", out};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, in.c_str(), O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    pid_t pid = 0;
    int rc = ::posix_spawnp(&pid, "dot", &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0)
        throw kg::input_error(fmt::format("cannot run Graphviz's 'dot' ({}); install the graphviz package",
                                          std::strerror(rc)));
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) throw kg::input_error(fmt::format("waiting for 'dot' failed: {}", std::strerror(errno)));
    }
    std::string messages = std::filesystem::exists(err) ? kg::read_file(err) : std::string();
    while (!messages.empty() && (messages.back() == '\n' || messages.back() == '\r')) messages.pop_back();
    for (std::size_t at; (at = messages.find(dir.path())) != std::string::npos;)
        messages.replace(at, dir.path().size(), "(temporary)");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
            throw kg::input_error("cannot run Graphviz's 'dot'; install the graphviz package");
        throw kg::input_error(fmt::format("Graphviz 'dot -K{} -T{}' failed: {}", layout, format,
                                          messages.empty() ? "no message" : messages));
    }
    if (!std::filesystem::exists(out)) throw kg::input_error("Graphviz 'dot' wrote no output");
    return kg::read_file(out);
}

}  // namespace kg::exporter
