#pragma once
// A read-only table from entity id to vertex number and back, laid out for
// lookups that touch little memory: the ids back to back in one string (in
// vertex order), and an open addressing table (linear probing, at most half
// full) of small slots that carry a hash tag, the vertex and the id's place in
// that string. A hit reads one or two slots and the id once; a miss usually
// reads a slot or two and no id.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace kg::graph::detail {

// Strings back to back in one buffer, read back by number.
class id_list {
public:
    void reserve(std::size_t count, std::size_t bytes) {
        text_.reserve(bytes);
        start_.reserve(count + 1);
    }
    void push_back(std::string_view id) {
        if (start_.empty()) start_.push_back(0);
        text_.append(id);
        start_.push_back(text_.size());
    }
    std::string_view operator[](std::size_t k) const noexcept {
        return std::string_view(text_).substr(start_[k], start_[k + 1] - start_[k]);
    }
    std::size_t size() const noexcept { return start_.empty() ? 0 : start_.size() - 1; }
    // All the strings, back to back; string k starts at text().size() before push_back(k).
    std::string_view text() const noexcept { return text_; }

private:
    std::string text_;
    std::vector<std::size_t> start_;  // where each string starts in text_, and the end
};

class id_table {
public:
    static constexpr std::uint32_t none = static_cast<std::uint32_t>(-1);

    id_table() = default;
    // ids[v] is the id of vertex v; ids must be distinct.
    explicit id_table(const std::vector<std::string_view>& ids) {
        std::size_t total = 0;
        for (auto id : ids) total += id.size();
        ids_.reserve(ids.size(), total);
        std::size_t size = 2;
        while (size < 2 * ids.size()) size *= 2;
        slots_.assign(size, slot{});
        mask_ = size - 1;
        for (std::uint32_t v = 0; v < ids.size(); ++v) {
            std::uint64_t h = hash(ids[v]);
            std::size_t i = static_cast<std::size_t>(h) & mask_;
            while (slots_[i].vertex != none) i = (i + 1) & mask_;
            slots_[i] = {ids_.text().size(), static_cast<std::uint32_t>(ids[v].size()), v, tag(h)};
            ids_.push_back(ids[v]);
        }
    }

    // The id of vertex v (v < the number of ids given).
    std::string_view id(std::uint32_t v) const noexcept { return ids_[v]; }

    // The vertex with this id, or none.
    std::uint32_t find(std::string_view id) const noexcept {
        if (slots_.empty()) return none;
        std::uint64_t h = hash(id);
        const std::uint32_t t = tag(h);
        for (std::size_t i = static_cast<std::size_t>(h) & mask_;; i = (i + 1) & mask_) {
            const slot& s = slots_[i];
            if (s.vertex == none) return none;
            if (s.tag == t && s.length == id.size() && ids_.text().substr(s.offset, s.length) == id)
                return s.vertex;
        }
    }

private:
    struct slot {  // where the id is in ids_.text(), so a lookup reads no other array
        std::size_t offset = 0;
        std::uint32_t length = 0;
        std::uint32_t vertex = none;
        std::uint32_t tag = 0;
    };
    static std::uint64_t hash(std::string_view s) noexcept { return std::hash<std::string_view>{}(s); }
    static std::uint32_t tag(std::uint64_t h) noexcept { return static_cast<std::uint32_t>(h >> 32); }

    id_list ids_;
    std::vector<slot> slots_;
    std::size_t mask_ = 0;
};

}  // namespace kg::graph::detail
