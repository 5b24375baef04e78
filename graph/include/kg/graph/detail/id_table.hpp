#pragma once
// A read-only table from entity id to vertex number, laid out for lookups
// that touch little memory: the ids back to back in one string, and an open
// addressing table (linear probing, at most half full) of small slots that
// carry a hash tag and the id's place in that string. A hit reads one or two
// slots and the id once; a miss usually reads a slot or two and no id.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace kg::graph::detail {

class id_table {
public:
    static constexpr std::uint32_t none = static_cast<std::uint32_t>(-1);

    id_table() = default;
    // ids[v] is the id of vertex v; ids must be distinct.
    explicit id_table(const std::vector<std::string_view>& ids) {
        std::size_t total = 0;
        for (auto id : ids) total += id.size();
        text_.reserve(total);
        std::size_t size = 2;
        while (size < 2 * ids.size()) size *= 2;
        slots_.assign(size, slot{});
        mask_ = size - 1;
        for (std::uint32_t v = 0; v < ids.size(); ++v) {
            std::uint64_t h = hash(ids[v]);
            std::size_t i = static_cast<std::size_t>(h) & mask_;
            while (slots_[i].vertex != none) i = (i + 1) & mask_;
            slots_[i] = {text_.size(), static_cast<std::uint32_t>(ids[v].size()), v, tag(h)};
            text_.append(ids[v]);
        }
    }

    // The vertex with this id, or none.
    std::uint32_t find(std::string_view id) const noexcept {
        if (slots_.empty()) return none;
        std::uint64_t h = hash(id);
        const std::uint32_t t = tag(h);
        for (std::size_t i = static_cast<std::size_t>(h) & mask_;; i = (i + 1) & mask_) {
            const slot& s = slots_[i];
            if (s.vertex == none) return none;
            if (s.tag == t && s.length == id.size() && std::string_view(text_).substr(s.offset, s.length) == id)
                return s.vertex;
        }
    }

private:
    struct slot {
        std::size_t offset = 0;
        std::uint32_t length = 0;
        std::uint32_t vertex = none;
        std::uint32_t tag = 0;
    };
    static std::uint64_t hash(std::string_view s) noexcept { return std::hash<std::string_view>{}(s); }
    static std::uint32_t tag(std::uint64_t h) noexcept { return static_cast<std::uint32_t>(h >> 32); }

    std::string text_;
    std::vector<slot> slots_;
    std::size_t mask_ = 0;
};

}  // namespace kg::graph::detail
