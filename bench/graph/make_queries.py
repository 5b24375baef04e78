#!/usr/bin/python3
"""make_queries.py GRAPH.json COUNT SEED: COUNT random pairs of node ids (of
nodes with at least one fact), one "FROM<TAB>TO" a line, deterministic for a seed."""
import json
import random
import sys

with open(sys.argv[1], encoding="utf-8") as f:
    g = json.load(f)
linked = sorted({e["source"] for e in g["edges"]} | {e["target"] for e in g["edges"]})
rng = random.Random(int(sys.argv[3]))
for _ in range(int(sys.argv[2])):
    print(f"{rng.choice(linked)}\t{rng.choice(linked)}")
