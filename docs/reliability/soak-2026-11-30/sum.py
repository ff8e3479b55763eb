#!/usr/bin/env python3
"""Sums the chunk logs of the 2026-11-30 real-pull-loop soak: python3 sum.py FIRST LAST (chunk start seeds).
Checks every chunk ended (EXIT 0 and its summary) and that the seeds have no gap; wall time is the union of the chunks' running intervals."""
import os, re, sys, glob
DIR = os.path.dirname(os.path.abspath(__file__))
lo, hi = int(sys.argv[1]), int(sys.argv[2])
keys = ["schedules","failed","divergent","lost acknowledged writes","acknowledged changes","nodes simulated",
        "with conflicts","with proposals","requests","lost","pages","commits delivered","new","sent again","bytes",
        "pages refused for a gap","refused for the clock bound","answers replayed","pages served out of order"]
tot = {k:0 for k in keys}; maxr = 0; wall = 0; n = 0; missing = []
import os
starts = sorted(int(f[6:-4]) for f in os.listdir(DIR) if f.startswith("chunk-") and f.endswith(".log"))
covered = []
walls = {}
for s in [x for x in starts if lo <= x <= hi]:
    t = open(os.path.join(DIR, f"chunk-{s}.log")).read()
    if "EXIT 0" not in t or "wall time" not in t: missing.append(s); continue
    m = re.search(r"schedules: (\d+), failed", t); covered.append((s, s + int(m.group(1)) - 1))
    n += 1
    def g(pat):
        m = re.search(pat, t); return int(m.group(1)) if m else None
    vals = {
      "schedules": g(r"schedules: (\d+), failed"), "failed": g(r"failed: (\d+), divergent"),
      "divergent": g(r"divergent: (\d+)"), "lost acknowledged writes": g(r"lost acknowledged writes: (\d+)"),
      "acknowledged changes": g(r"acknowledged changes: (\d+)"), "nodes simulated": g(r"nodes simulated: (\d+)"),
      "with conflicts": g(r"with conflicts: (\d+)"), "with proposals": g(r"with proposals: (\d+)"),
      "requests": g(r"network: (\d+) requests"), "lost": g(r"requests, (\d+) lost"), "pages": g(r"lost, (\d+) pages"),
      "commits delivered": g(r"(\d+) commits delivered"), "new": g(r"\((\d+) new"), "sent again": g(r"(\d+) sent again"),
      "bytes": g(r"(\d+) bytes"), "pages refused for a gap": g(r"(\d+) pages refused for a gap"),
      "refused for the clock bound": g(r"(\d+) refused for the clock bound"), "answers replayed": g(r"(\d+) answers replayed"),
      "pages served out of order": g(r"(\d+) pages served out of order")}
    for k,v in vals.items():
        if v is None: print("unparsed", k, s); continue
        tot[k] += v
    maxr = max(maxr, g(r"mean [\d.]+, max (\d+)"))
    m = re.search(r"EXIT 0 (\d+):(\d+):(\d+)", t); end = int(m.group(1))*3600+int(m.group(2))*60+int(m.group(3))
    walls[s] = (end - g(r"wall time: (\d+) s"), end)
for k in keys: print(f"{k}: {tot[k]:,}")
# Wall time: the union of the chunks' running intervals (split chunks ran two at once).
iv = sorted(walls.values()); wall = 0; cur = None
for a, b in iv:
    if cur and a <= cur[1]: cur = (cur[0], max(cur[1], b))
    else:
        if cur: wall += cur[1] - cur[0]
        cur = (a, b)
if cur: wall += cur[1] - cur[0]
covered.sort(); gaps = [(a[1], b[0]) for a, b in zip(covered, covered[1:]) if b[0] != a[1] + 1]
print(f"max rounds: {maxr}\nwall (busy): {wall:,} s, {tot['schedules']/max(wall,1):.2f} schedules/s\nchunks: {n}, seeds {covered[0][0] if covered else None}-{covered[-1][1] if covered else None}, gaps: {gaps}, incomplete: {missing}")
