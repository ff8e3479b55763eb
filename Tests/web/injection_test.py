#!/usr/bin/env python3
"""SQL / FTS5 injection strings against the catalogue search: GET /?q=, GET /api/v1/search?q= and
GET /api/v1/records?q= on a one-node demo. Every answer must be 200 or 400 (400 from the API with an
application/problem+json body), never 5xx; afterwards the node still answers and /api/v1/status is
unchanged (counts, digest and vector).

  .venv-test/bin/python Tests/web/injection_test.py [--bin .build/debug/mosaic]
"""

import argparse
import json
import os
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

INJECTIONS = [
    "'", "''", '"', '""', "\"'", "`", "*", "**", "a*", "*a", "\"a*\"", "^", "^protection", "protection^",
    "NEAR", "NEAR(", "NEAR(a b)", "NEAR(protection enfance, 2)", "a NEAR b", "NEAR/2", "AND", "OR", "NOT",
    "a AND", "OR a", "NOT NOT", "a OR b AND NOT c", "(", ")", "()", "((a)", "(a))", "a (b OR c",
    "title:", "title:formation", "title:\"x", "-title:x", "{title summary}:x", "{title", "rowid:1", "record:1",
    "' OR 1=1 --", "' OR '1'='1", "\" OR \"1\"=\"1", "1 OR 1=1", "1' OR 1=1#", "'; DROP TABLE record;--",
    "\"; DROP TABLE record;--", "'); DROP TABLE records; --", "x'; DELETE FROM commits; --",
    "' UNION SELECT sql FROM sqlite_master --", "1 UNION SELECT 1,2,3", "'/*", "*/", "/**/OR/**/1=1", "--",
    ";", "%", "%25", "_", "\\", "\\'", "\\\"", "a\\", "\"unbalanced", "unbalanced\"", "'unbalanced", "\"a\" \"b",
    "\u0001\u0002\u0003", "\t\ttab", "a\u000bb\u000cc", "\u001f", "\r\n", "\u007f",
    "+", "-", "-a", "+a", "a-b", "a:b:c", "::", ".", "..", "...", ",", "@", "#", "$", "&", "|", "||", "&&", "!", "~",
    "<script>", "%00", "\u00a0", "\u200b", "\u202e", "\ufeff", "𝔭𝔯𝔬𝔱𝔢𝔠𝔱𝔦𝔬𝔫", "😀", "🇫🇷", "ÉCOLE", "É*", "é\"", "Ǆ", "ß*",
    "протекция*", "дети OR", "中文 \"", "عربى'", "\u0301", "e\u0301",
    "a" * 10240, "'" * 5000, "\"" * 5000, "(" * 4000, "* " * 3000, "NEAR(" * 1500, ("x OR " * 2000),
    "é" * 6000, "😀" * 2600,
]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin")
    args = parser.parse_args()
    binary = harness.mosaic_bin(args.bin)
    report = harness.Report("injection")
    print(f"injection: {len(INJECTIONS)} strings (unique {len(set(INJECTIONS))})")

    with harness.Demo(binary, nodes=1) as demo:
        demo.require_api(0)
        base = demo.url(0)
        before = harness.http("GET", base + "/api/v1/status")
        report.check("GET /api/v1/status answers 200 JSON before", before.status == 200, repr(before))
        server_errors, bad_codes, bad_problems = [], [], []
        tally = {}
        for index, text in enumerate(INJECTIONS):
            q = urllib.parse.quote(text, safe="")
            for path in (f"/?q={q}", f"/api/v1/search?q={q}", f"/api/v1/records?q={q}"):
                try:
                    answer = harness.http("GET", base + path, timeout=60)
                except Exception as error:  # noqa: BLE001 - a dropped connection is a failure too
                    server_errors.append(f"#{index} GET {path[:80]} -> {error!r}")
                    if not demo.alive():
                        break
                    continue
                shown = f"#{index} GET {path[:100]}{'…' if len(path) > 100 else ''} -> {answer.status}"
                route = path.split("?")[0]
                tally.setdefault(route, {}).setdefault(answer.status, 0)
                tally[route][answer.status] += 1
                if answer.status >= 500:
                    server_errors.append(shown + " " + answer.text()[:200])
                elif answer.status not in (200, 400):
                    bad_codes.append(shown)
                elif path.startswith("/api/") and answer.status == 400:
                    try:
                        problem = answer.json()
                        ok = answer.content_type == "application/problem+json" and problem.get("status") == 400 \
                            and isinstance(problem.get("type"), str) and isinstance(problem.get("title"), str)
                    except (ValueError, UnicodeDecodeError):
                        ok = False
                    if not ok:
                        bad_problems.append(shown + f" content-type {answer.content_type}: {answer.text()[:120]}")
                elif path.startswith("/api/") and answer.status == 200:
                    try:
                        listing = answer.json()
                        ok = isinstance(listing.get("items"), list) and isinstance(listing.get("total"), int)
                    except (ValueError, UnicodeDecodeError, AttributeError):
                        ok = False
                    if not ok:
                        bad_problems.append(shown + f" not a Listing: {answer.text()[:120]}")
        for route, codes in sorted(tally.items()):
            print(f"injection: GET {route}?q=… answered " + ", ".join(f"{n}x {code}" for code, n in sorted(codes.items())))
        report.check("no 5xx and no dropped connection", not server_errors, "\n      ".join(server_errors[:40]))
        report.check("every answer is 200 or 400", not bad_codes, "\n      ".join(bad_codes[:40]))
        report.check("API answers are a Listing (200) or a problem+json (400)", not bad_problems,
                     "\n      ".join(bad_problems[:40]))
        report.check("the node is still running", demo.alive())
        health = harness.http("GET", base + "/healthz")
        report.check("GET /healthz still answers 200", health.status == 200, repr(health))
        after = harness.http("GET", base + "/api/v1/status")
        report.check("GET /api/v1/status still answers 200", after.status == 200, repr(after))
        if before.status == 200 and after.status == 200:
            b, a = before.json(), after.json()
            keys = ["records", "private_records", "deleted_records", "open_conflicts", "open_proposals", "digest", "vector"]
            changed = {k: (b.get(k), a.get(k)) for k in keys if b.get(k) != a.get(k)}
            report.check("status counts, digest and vector unchanged", not changed, json.dumps(changed)[:500])
        normal = harness.http("GET", base + "/api/v1/search?q=protection")
        report.check("a normal search still works", normal.status == 200 and normal.json().get("total", 0) > 0,
                     repr(normal))
    print(f"injection: {len(INJECTIONS)} strings x 3 routes")
    return report.finish()


if __name__ == "__main__":
    sys.exit(main())
