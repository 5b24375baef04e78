#pragma once
// Internal: small things every exporter shares.
#include <string>

#include "kg/core/entity.hpp"
#include "kg/core/fact.hpp"

namespace kg::exporter::detail {

// The fact's label, else its type read as words (FOUNDER_OF -> "founder of").
std::string relation_text(const kg::fact& f);
// The entity's label, else its id.
inline const std::string& node_label(const kg::entity& e) { return e.label.empty() ? e.id : e.label; }

}  // namespace kg::exporter::detail
