#pragma once
// The JavaScript libraries the HTML viewer inlines, generated into the build
// tree by cmake/kg_viewer_assets.cmake (empty texts when npm did not install them).
#include <string_view>

namespace kg::exporter::detail {

struct viewer_asset {
    std::string_view name;  // the npm package
    std::string_view text;  // its browser build
};

inline constexpr std::size_t viewer_asset_count = 4;
extern const viewer_asset viewer_assets[viewer_asset_count];

}  // namespace kg::exporter::detail
