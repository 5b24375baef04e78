#include "common.hpp"

namespace kg::exporter::detail {

std::string relation_text(const kg::fact& f) {
    if (!f.label.empty()) return f.label;
    std::string s = f.type;
    for (char& c : s) c = c == '_' ? ' ' : static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return s;
}

}  // namespace kg::exporter::detail
