#!/usr/bin/env python3
"""Lists the BBC stories of the key-fact gold files, as they were drawn.

    python3 bench/eval/sample_stories.py [--shared ../shared]

Pool A: business, politics, tech; pool B: entertainment, sport. Each pool is
the sorted list of its paths (category/NNN.txt) with exact duplicates removed
(a file whose bytes equal an earlier file's in the sorted order is dropped),
shuffled by random.Random(2026). Pool A's first 10 are "dev", its next 26
"heldout"; pool B's first 4 are "heldout"; then pool A's next 10 (a second
batch, annotated later in the same session) are "heldout". Prints split and
path per line.
"""
import argparse
import hashlib
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def pool(bbc, categories):
    seen, out = set(), []
    for path in sorted(p for c in categories for p in (bbc / c).glob("*.txt")):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest in seen:
            continue
        seen.add(digest)
        out.append(path.relative_to(bbc).as_posix())
    random.Random(2026).shuffle(out)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT / ".." / "shared"))
    args = ap.parse_args()
    bbc = Path(args.shared) / "data" / "bbc"
    if not bbc.is_dir():
        print("skipped: ../shared absent")
        return
    a = pool(bbc, ["business", "politics", "tech"])
    b = pool(bbc, ["entertainment", "sport"])
    for p in a[:10]:
        print("dev", p)
    for p in a[10:36] + b[:4] + a[36:46]:
        print("heldout", p)


if __name__ == "__main__":
    main()
