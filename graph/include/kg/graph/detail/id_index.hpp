#pragma once
// An open-addressing hash index from string ids to the numbers 0..n-1 of the
// items that carry them. The ids stay in the items: a slot holds a 32-bit
// hash tag and the item's number (8 bytes), and a caller-given id_of(number)
// confirms a match. Linear probing, at most half full; no allocation per item.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

namespace kg::graph::detail {

class id_index {
public:
    static constexpr std::uint32_t none = static_cast<std::uint32_t>(-1);

    // Where an id is, or where it would go.
    struct probe {
        std::uint32_t number = none;  // the item with the id, or none
        std::size_t slot = 0;         // when none: the free slot for it
        std::uint32_t tag = 0;
    };

    template <class IdOf>
    probe find(std::string_view id, const IdOf& id_of) const {
        probe p;
        if (slots_.empty()) return p;
        std::uint64_t h = hash(id);
        p.tag = tag_of(h);
        for (std::size_t i = static_cast<std::size_t>(h) & mask_;; i = (i + 1) & mask_) {
            const slot& s = slots_[i];
            if (s.number == none) {
                p.slot = i;
                return p;
            }
            if (s.tag == p.tag && std::string_view(id_of(s.number)) == id) {
                p.number = s.number;
                return p;
            }
        }
    }

    // Records `number` at the free slot a find() gave, with no insert or
    // reserve in between. Call reserve(size() + 1, ...) before that find().
    void insert_at(const probe& p, std::uint32_t number) {
        slots_[p.slot] = {p.tag, number};
        ++size_;
    }

    // Makes room for n items (numbers 0..size()-1 are placed again when the table grows).
    template <class IdOf>
    void reserve(std::size_t n, const IdOf& id_of) {
        if (2 * n <= slots_.size()) return;
        std::size_t capacity = 16;
        while (capacity < 2 * n) capacity *= 2;
        slots_.assign(capacity, slot{});
        mask_ = capacity - 1;
        for (std::uint32_t k = 0; k < size_; ++k) {
            std::uint64_t h = hash(id_of(k));
            std::size_t i = static_cast<std::size_t>(h) & mask_;
            while (slots_[i].number != none) i = (i + 1) & mask_;
            slots_[i] = {tag_of(h), k};
        }
    }

    std::size_t size() const noexcept { return size_; }
    void clear() noexcept {
        slots_.clear();
        mask_ = 0;
        size_ = 0;
    }

private:
    struct slot {
        std::uint32_t tag = 0;
        std::uint32_t number = none;
    };
    static std::uint64_t hash(std::string_view s) noexcept { return std::hash<std::string_view>{}(s); }
    static std::uint32_t tag_of(std::uint64_t h) noexcept { return static_cast<std::uint32_t>(h >> 32); }

    std::vector<slot> slots_;
    std::size_t mask_ = 0;
    std::size_t size_ = 0;
};

}  // namespace kg::graph::detail
