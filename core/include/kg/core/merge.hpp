#pragma once
// Merging what is known about one entity or one fact from several places
// (sentences, documents, graphs). One rule set, used by the extractor when a
// document states a fact twice and by the graph when documents meet.
#include "kg/core/entity.hpp"
#include "kg/core/fact.hpp"

namespace kg {

// Sorted unique aliases (without the label), attribute values and mentions.
void canonicalize(entity& e);
// Sorted unique evidence.
void canonicalize(fact& f);

// Merges `from` into `into` (same id): the first label stays and a different
// one becomes an alias; aliases, attribute values and mentions are unioned.
void merge_into(entity& into, entity&& from);

// Confidence of a claim supported by two independent pieces of evidence:
// noisy-or, capped at 0.99, never below the stronger one, rounded to 3 decimals.
double combine_confidence(double a, double b);

// Merges `from` into `into` (same id): evidence is unioned; the confidence is
// combined when `from` brings a sentence `into` did not have, else the higher
// one is kept; the most certain modality wins; label and time are kept when set.
void merge_into(fact& into, fact&& from);

}  // namespace kg
