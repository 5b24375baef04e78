#!/usr/bin/env python3
"""Scores kg's graph against hand-annotated key facts and named entities.

    python3 bench/eval/eval_facts.py [GOLD.jsonl ...] [--kg build/kg] [--split dev|heldout]
                                     [--graph GRAPH.json] [--kg-arg=--related ...] [--verbose]

Without GOLD files it reads bench/eval/bbc.jsonl and bench/eval/written.jsonl.
Without --graph it copies each story's text file, byte for byte, into a
temporary directory under a name made from its id (bbc/business/123 ->
bbc_business_123.txt, so that kg names the document after the story), runs
`KG build FILES... -o GRAPH.json` once on all of them and scores that graph.
With --graph it scores a graph built beforehand: a story's document is the
one whose id is the story id (or that file name's stem), or whose source
ends with the story's path.

Scores (see bench/eval/README.md):
  strict  an edge of the gold relation (or one of its "also" relations)
          from an entity matching the gold source to one matching the gold
          target (either direction for symmetric relations; target to source
          for an "also_inverse" relation), positive polarity, with evidence in
          the story's document;
  +open   strict, or a positive RELATED_TO (open relation) edge in the
          fact's direction (either direction for symmetric relations);
  loose   any edge between the two entities, either direction, any type,
          or a path of two edges through an Action node
          (judge ENJOINED blacklisting-of-Y, which TARGETS Y);
  entity  a gold entity whose name or an alias is a node's label, alias or
          the text of one of its mentions in the story's document.

Standard library only. Exits 0 with "skipped: ../shared absent" when no
story's text is readable (the BBC texts live outside the repository).
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_GOLD = [ROOT / "bench" / "eval" / "bbc.jsonl", ROOT / "bench" / "eval" / "written.jsonl"]
SYMMETRIC = {"PARTNERED_WITH", "MET_WITH", "MERGED_WITH", "COMPETES_WITH", "SETTLED_WITH", "COLLUDED_WITH", "DEAL_WITH",
             "NEGOTIATED_WITH", "RELATED_TO"}


def norm(text):
    """Case-folded name: NFKC, curly quotes straightened, spaces collapsed,
    a leading "the" and a trailing possessive dropped."""
    t = unicodedata.normalize("NFKC", text).casefold()
    t = t.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    t = re.sub(r"\s+", " ", t).strip(" .,;:\"'")
    t = re.sub(r"^the ", "", t)
    t = re.sub(r"'s?$", "", t)
    return t


def load_gold(paths):
    stories = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    s = json.loads(line)
                except json.JSONDecodeError as e:
                    sys.exit(f"{path}:{n}: error: malformed JSON: {e}")
                for key in ("id", "source", "split", "facts"):
                    if key not in s:
                        sys.exit(f"{path}:{n}: error: story has no \"{key}\"")
                s["_gold_file"] = f"{path}:{n}"
                stories.append(s)
    return stories


def resolve_source(source):
    """A story's text file: relative to the project root; ../shared/ may be
    moved with KG_SHARED."""
    shared = os.environ.get("KG_SHARED")
    if shared and source.startswith("../shared/"):
        return Path(shared) / source[len("../shared/"):]
    return ROOT / source


def names_of(story, name, extra):
    """The normalized names a gold entity may carry: its name, the aliases the
    fact gives and the aliases of the story's entity of that name."""
    names = {norm(name)} | {norm(a) for a in extra}
    for e in story.get("entities", []):
        all_names = [e["name"]] + e.get("aliases", [])
        if norm(name) in {norm(n) for n in all_names}:
            names |= {norm(n) for n in all_names}
    names.discard("")
    return names


class graph_index:
    def __init__(self, graph):
        self.nodes = {n["id"]: n for n in graph.get("nodes", [])}
        self.documents = graph.get("documents", [])
        self.edges_by_doc = defaultdict(list)
        for e in graph.get("edges", []):
            for d in {ev.get("document") for ev in e.get("evidence", [])}:
                self.edges_by_doc[d].append(e)
        # Names of each node per document: label and aliases count for every
        # document the node is mentioned in; mention texts for their own.
        self.names_by_doc = defaultdict(lambda: defaultdict(set))
        for n in self.nodes.values():
            docs = {m.get("document") for m in n.get("mentions", [])}
            general = {norm(n.get("label", ""))} | {norm(a) for a in n.get("aliases", [])}
            for d in docs:
                self.names_by_doc[d][n["id"]] |= general
            for m in n.get("mentions", []):
                self.names_by_doc[m.get("document")][n["id"]].add(norm(m.get("text", "")))

    def document_of(self, story):
        for d in self.documents:
            if d.get("id") in (story["id"], file_stem(story["id"])):
                return d["id"]
        want = story["source"].replace("\\", "/").lstrip("./")
        for d in self.documents:
            src = str(d.get("source", "")).replace("\\", "/")
            if src.endswith(want) or src.endswith("/" + "/".join(want.split("/")[-3:])):
                return d["id"]
        return None

    def nodes_named(self, doc, names):
        return {nid for nid, ns in self.names_by_doc[doc].items() if ns & names}


def score_story(story, g, doc):
    edges = g.edges_by_doc.get(doc, [])
    pair_edges = defaultdict(list)
    for e in edges:
        pair_edges[(e["source"], e["target"])].append(e)
    action_neighbours = defaultdict(set)  # action node -> entities linked to it in this document
    for e in edges:
        for a, b in ((e["source"], e["target"]), (e["target"], e["source"])):
            if g.nodes.get(a, {}).get("type") == "Action":
                action_neighbours[a].add(b)

    results = []
    for fact in story["facts"]:
        aliases = fact.get("aliases", {})
        src = g.nodes_named(doc, names_of(story, fact["source"], aliases.get("source", [])))
        dst = g.nodes_named(doc, names_of(story, fact["target"], aliases.get("target", [])))
        wanted = {fact["relation"]} | set(fact.get("also", []))
        inverse = set(fact.get("also_inverse", []))
        symmetric = fact["relation"] in SYMMETRIC or fact.get("symmetric", False)
        strict = loose = open_ = False
        found = []
        for s in src:
            for t in dst:
                if s == t:
                    continue
                for e in pair_edges.get((s, t), []):
                    loose = True
                    found.append(f"{e['type']}>")
                    if e.get("polarity", "positive") == "positive":
                        if e["type"] in wanted:
                            strict = True
                        elif e["type"] == "RELATED_TO":
                            open_ = True
                for e in pair_edges.get((t, s), []):
                    loose = True
                    found.append(f"<{e['type']}")
                    if e.get("polarity", "positive") == "positive":
                        if (symmetric and e["type"] in wanted) or e["type"] in inverse:
                            strict = True
                        elif symmetric and e["type"] == "RELATED_TO":
                            open_ = True
        if not loose:
            for action, linked in action_neighbours.items():
                if linked & src and linked & dst:
                    loose = True
                    found.append("via " + action)
                    break
        results.append({"fact": fact, "strict": strict, "open": strict or open_, "loose": loose,
                         "source_found": bool(src), "target_found": bool(dst), "edges": sorted(set(found))})

    entities = []
    for ent in story.get("entities", []):
        names = {norm(n) for n in [ent["name"]] + ent.get("aliases", [])} - {""}
        hits = g.nodes_named(doc, names)
        typed = any(g.nodes[h].get("type") == ent.get("type") for h in hits)
        entities.append({"entity": ent, "found": bool(hits), "typed": typed,
                         "types": sorted({g.nodes[h].get("type", "?") for h in hits})})
    return results, entities


def file_stem(story_id):
    """The file name a story is given for kg build: its id with every
    character other than letters, digits, '-' and '_' replaced by '_'
    ("bbc/business/123" -> "bbc_business_123"); kg names the document after it."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", story_id)


def check_gold(stories):
    """Problems of the gold itself: fact ends that are no entity of the story,
    names and quotes (cut at "...") that do not occur in the text."""
    def flat(t):
        return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", t).replace("\u2019", "'")).casefold()
    problems = []
    for s in stories:
        text = flat(s["_bytes"].decode("utf-8", errors="replace"))
        known = {}
        for e in s.get("entities", []):
            names = [e["name"]] + e.get("aliases", [])
            if not any(flat(n) in text for n in names):
                problems.append(f"{s['_gold_file']}: entity {e['name']!r} does not occur in {s['source']}")
            for n in names:
                known[flat(n)] = names
        for f in s["facts"]:
            if f["relation"] != f["relation"].upper() or " " in f["relation"]:
                problems.append(f"{s['_gold_file']}: relation {f['relation']!r} is not UPPER_SNAKE")
            for end in ("source", "target"):
                if flat(f[end]) not in known:
                    problems.append(f"{s['_gold_file']}: fact end {f[end]!r} is no entity of the story")
                names = [f[end]] + f.get("aliases", {}).get(end, []) + known.get(flat(f[end]), [])
                if not any(flat(n) in text for n in names):
                    problems.append(f"{s['_gold_file']}: fact end {f[end]!r} does not occur in {s['source']}")
            for piece in re.split(r"\s*\.\.\.\s*", f.get("sentence", "")):
                if piece.strip('"') and flat(piece.strip('"')) not in text:
                    problems.append(f"{s['_gold_file']}: quote {piece[:50]!r} is not in {s['source']}")
    return problems


def build_graph(kg, stories, extra_args, workdir):
    inputs = []
    for s in stories:
        path = Path(workdir) / (file_stem(s["id"]) + ".txt")
        path.write_bytes(s["_bytes"])
        inputs.append(str(path))
    out = Path(workdir) / "graph.json"
    cmd = [kg, "build"] + inputs + ["-o", str(out)] + extra_args
    print(f"running: {kg} build <{len(inputs)} stories> -o {out} {' '.join(extra_args)}", file=sys.stderr)
    r = subprocess.run(cmd)
    if r.returncode not in (0, 3) or not out.exists():
        sys.exit(f"error: kg build failed with status {r.returncode}")
    with open(out, encoding="utf-8") as f:
        return json.load(f)


def pct(a, b):
    return f"{100.0 * a / b:5.1f}%" if b else "  n/a"


def main():
    ap = argparse.ArgumentParser(description="Key-fact and entity recall of kg against hand-annotated gold stories.")
    ap.add_argument("gold", nargs="*", help="gold JSONL files (default: bench/eval/bbc.jsonl, bench/eval/written.jsonl)")
    ap.add_argument("--kg", default=str(ROOT / "build" / "kg"), help="the kg binary (default build/kg)")
    ap.add_argument("--graph", help="score this graph (JSON) instead of running kg build")
    ap.add_argument("--split", choices=["dev", "heldout"], help="only the stories of this split")
    ap.add_argument("--kg-arg", action="append", default=[], help="an extra argument for kg build (repeatable)")
    ap.add_argument("--keep", help="write the graph kg built to this path")
    ap.add_argument("--verbose", "-v", action="store_true", help="list each story's missed facts and entities")
    ap.add_argument("--check-gold", action="store_true",
                    help="only check the gold files against the texts (ends are entities, names and quotes occur)")
    args = ap.parse_args()

    stories = load_gold([Path(p) for p in args.gold] if args.gold else [p for p in DEFAULT_GOLD if p.exists()])
    if args.split:
        stories = [s for s in stories if s["split"] == args.split]
    present, absent = [], []
    for s in stories:
        path = resolve_source(s["source"])
        if path.is_file():
            s["_bytes"] = path.read_bytes()
            present.append(s)
        else:
            absent.append(s)
    if absent:
        shared_missing = any(s["source"].startswith("../shared/") for s in absent)
        why = "../shared absent" if shared_missing else "source files absent"
        print(f"skipped: {why} ({len(absent)} of {len(stories)} stories not readable, e.g. {absent[0]['source']})")
    if not present:
        if not absent:
            print("skipped: no story selected")
        return 0
    if args.check_gold:
        problems = check_gold(present)
        for p in problems:
            print(p)
        print(f"checked {len(present)} stories, {sum(len(s['facts']) for s in present)} facts: "
              f"{len(problems)} problems")
        return 1 if problems else 0

    if args.graph:
        with open(args.graph, encoding="utf-8") as f:
            graph = json.load(f)
    else:
        if not (os.path.isfile(args.kg) and os.access(args.kg, os.X_OK)):
            sys.exit(f"error: {args.kg} is not an executable kg binary (build it, or give --kg or --graph)")
        with tempfile.TemporaryDirectory(prefix="kg-eval-") as tmp:
            graph = build_graph(args.kg, present, args.kg_arg, tmp)
            if args.keep:
                with open(args.keep, "w", encoding="utf-8") as f:
                    json.dump(graph, f)
    g = graph_index(graph)

    totals = defaultdict(lambda: defaultdict(int))  # (split, source kind: the id's first part) -> counts
    by_relation = defaultdict(lambda: [0, 0, 0])
    for s in present:
        doc = g.document_of(s)
        if doc is None:
            print(f"warning: no document of the graph is story {s['id']} ({s['source']}): all its facts count as missed",
                  file=sys.stderr)
        results, entities = score_story(s, g, doc)
        t = totals[(s["split"], s["id"].split("/")[0])]
        t["stories"] += 1
        t["facts"] += len(results)
        t["strict"] += sum(r["strict"] for r in results)
        t["open"] += sum(r["open"] for r in results)
        t["loose"] += sum(r["loose"] for r in results)
        t["both_ends"] += sum(r["source_found"] and r["target_found"] for r in results)
        t["entities"] += len(entities)
        t["entities_found"] += sum(e["found"] for e in entities)
        t["entities_typed"] += sum(e["typed"] for e in entities)
        t["edges"] += len(g.edges_by_doc.get(doc, []))
        for r in results:
            rel = by_relation[r["fact"]["relation"]]
            rel[0] += 1
            rel[1] += r["strict"]
            rel[2] += r["loose"]
        if args.verbose:
            missed = [r for r in results if not r["strict"]]
            lost = [e for e in entities if not e["found"]]
            print(f"\n{s['id']} [{s['split']}] strict {len(results) - len(missed)}/{len(results)}, "
                  f"loose {sum(r['loose'] for r in results)}/{len(results)}, "
                  f"entities {len(entities) - len(lost)}/{len(entities)}, edges in document {len(g.edges_by_doc.get(doc, []))}")
            for r in missed:
                f = r["fact"]
                ends = []
                if not r["source_found"]:
                    ends.append("no source node")
                if not r["target_found"]:
                    ends.append("no target node")
                status = "open" if r["open"] else "loose" if r["loose"] else "miss"
                extra = "; ".join(ends + (["found " + ", ".join(r["edges"])] if r["edges"] else []))
                print(f"  {status:5} {f['source']} -{f['relation']}-> {f['target']}" + (f"  ({extra})" if extra else ""))
            for e in lost:
                print(f"  entity missing: {e['entity']['name']} ({e['entity'].get('type', '?')})")

    rows = []
    for split in sorted({k[0] for k in totals}):
        kinds = sorted(k[1] for k in totals if k[0] == split)
        for kind in kinds:
            rows.append((f"{split} {kind}", totals[(split, kind)]))
        if len(kinds) > 1:
            both = defaultdict(int)
            for kind in kinds:
                for key, value in totals[(split, kind)].items():
                    both[key] += value
            rows.append((f"{split} all", both))
    print(f"\n{'split source':16} {'stories':>7} {'facts':>6} {'strict':>14} {'+open':>14} {'loose':>14} "
          f"{'both ends':>14} {'entities':>8} {'found':>14} {'typed':>14} {'edges':>6}")
    for name, t in rows:
        print(f"{name:16} {t['stories']:7} {t['facts']:6} "
              f"{t['strict']:4} {pct(t['strict'], t['facts']):>9} {t['open']:4} {pct(t['open'], t['facts']):>9} "
              f"{t['loose']:4} {pct(t['loose'], t['facts']):>9} "
              f"{t['both_ends']:4} {pct(t['both_ends'], t['facts']):>9} {t['entities']:8} "
              f"{t['entities_found']:4} {pct(t['entities_found'], t['entities']):>9} "
              f"{t['entities_typed']:4} {pct(t['entities_typed'], t['entities']):>9} {t['edges']:6}")
    if args.verbose:
        print("\nby gold relation (facts, strict, loose):")
        for rel in sorted(by_relation):
            n, st, lo = by_relation[rel]
            print(f"  {rel:18} {n:4} {st:4} {lo:4}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
