#pragma once
// A half-open range [begin, end) of offsets into a text.
#include <cstddef>
#include <compare>

namespace kg {

struct span {
    std::size_t begin = 0;
    std::size_t end = 0;

    constexpr std::size_t size() const noexcept { return end - begin; }
    constexpr bool empty() const noexcept { return end <= begin; }
    constexpr bool contains(const span& o) const noexcept { return begin <= o.begin && o.end <= end; }
    friend constexpr auto operator<=>(const span&, const span&) = default;
};

}  // namespace kg
