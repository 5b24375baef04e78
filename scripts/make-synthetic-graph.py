#!/usr/bin/env python3
"""make-synthetic-graph.py --edges E --nodes N --seed S -o OUT.json

Writes a synthetic kg-graph (the native JSON of kg build) for benchmarks: N
entities of a few types and E facts between them, endpoints drawn with a skew
so that some entities are hubs (as in news graphs), random relation types,
confidences and one short evidence sentence each. Deterministic for a seed;
nodes and edges are written sorted by id, like kg writes them."""
import argparse
import random

TYPES = ["Person", "Company", "Organization", "GovernmentAgency", "Country", "Location", "Product", "Action"]
RELATIONS = ["EMPLOYED_BY", "CEO_OF", "FOUNDER_OF", "SUED", "ACQUIRED", "INVESTED_IN", "MET_WITH", "BASED_IN",
             "BLACKLISTED", "TARGETS"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--edges", type=int, default=1_000_000)
    ap.add_argument("--nodes", type=int, default=200_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-o", "--output", required=True)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    node_ids = []
    for i in range(a.nodes):
        t = TYPES[i % len(TYPES)]
        node_ids.append((f"{t.lower()}:n{i:07d}", t, f"Entity {i}"))
    node_ids.sort()
    n = len(node_ids)

    def pick():
        return int(n * rng.random() ** 2)  # skewed towards the first ids: hubs

    with open(a.output, "w", encoding="utf-8") as out:
        out.write('{"format": "kg-graph", "version": 1,\n "documents": [{"id": "synthetic", "title": "", '
                  '"source": "synthetic"}],\n "nodes": [\n')
        out.write(",\n".join(f'{{"id": "{i}", "type": "{t}", "label": "{label}"}}' for i, t, label in node_ids))
        out.write('\n ],\n "edges": [\n')
        lines = []
        for e in range(a.edges):
            s, t = pick(), rng.randrange(n)
            rel = RELATIONS[rng.randrange(len(RELATIONS))]
            conf = round(0.3 + 0.69 * rng.random(), 2)
            pol = "negative" if rng.random() < 0.03 else "positive"
            lines.append(
                f'{{"id": "f{e:016x}", "source": "{node_ids[s][0]}", "target": "{node_ids[t][0]}", "type": "{rel}", '
                f'"label": "{rel.lower()}", "polarity": "{pol}", "modality": "asserted", "confidence": {conf}, '
                f'"evidence": [{{"document": "synthetic", "sentence": "Entity {s} and entity {t}.", '
                f'"start": 0, "end": 10, "rule": "synthetic"}}]}}')
        out.write(",\n".join(lines))
        out.write("\n ]}\n")


if __name__ == "__main__":
    main()
