#!/usr/bin/env python3
"""Schemathesis (pinned in scripts/requirements-test.txt) against a demo node's own /openapi.yaml,
with a bearer token: no 5xx, status codes, content types, headers and response bodies conform to the
spec, invalid input is rejected, writes without the token answer 401, created records can be read.
Bounded: --max-time (default 150 s) plus a hard limit.

  .venv-test/bin/python Tests/web/schemathesis_run.py [--bin .build/debug/mosaic] [--max-time 150] [--url URL --token T]

With --url (and --token) it tests a node that is already running instead of starting a demo.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

CHECKS = ",".join([
    "not_a_server_error", "status_code_conformance", "content_type_conformance", "response_headers_conformance",
    "response_schema_conformance", "negative_data_rejection", "ignored_auth", "ensure_resource_availability",
])


def schemathesis_bin():
    here = os.path.join(os.path.dirname(sys.executable), "schemathesis")
    return here if os.access(here, os.X_OK) else (shutil.which("schemathesis") or "schemathesis")


def run(url, token, max_time, workers, seed, report_dir):
    command = [
        schemathesis_bin(), "run", f"{url}/openapi.yaml", "--url", url,
        "--header", f"Authorization: Bearer {token}",
        "--checks", CHECKS,
        "--max-time", str(max_time), "--max-examples", "40", "--seed", str(seed), "--workers", str(workers),
        "--request-timeout", "20", "--wait-for-schema", "15",
        "--phases", "examples,coverage,fuzzing,stateful",
        "--suppress-health-check", "all",
        "--report", "junit", "--report-dir", report_dir,
        "--output-truncate", "true",
    ]
    shown = " ".join(c if not c.startswith("Authorization") else "Authorization: Bearer ***" for c in command)
    print(f"schemathesis: {shown}", flush=True)
    env = {**os.environ, "NO_COLOR": "1", "SCHEMATHESIS_TELEMETRY": "false", "TERM": "dumb"}
    try:
        done = subprocess.run(command, stdin=subprocess.DEVNULL, env=env, timeout=max_time + 90, cwd=report_dir)
        return done.returncode
    except subprocess.TimeoutExpired:
        print(f"schemathesis: still running after {max_time + 90} s; stopped", flush=True)
        return 124


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin")
    parser.add_argument("--url", help="test this running node instead of a demo")
    parser.add_argument("--token", help="bearer token for --url")
    parser.add_argument("--max-time", type=int, default=150)
    # One worker: Python 3.11's ast module keeps its recursion depth per interpreter, not per thread, so two
    # workers parsing lambda sources at once (Hypothesis does, in the coverage phase) can fail with
    # "SystemError: AST constructor recursion depth mismatch" (CPython gh-106905), a failure of the tool.
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--seed", type=int, default=20261129)
    args = parser.parse_args()
    report = harness.Report("schemathesis")
    report_dir = tempfile.mkdtemp(prefix="mosaic-schemathesis-")
    try:
        if args.url:
            code = run(args.url.rstrip("/"), args.token or "", args.max_time, args.workers, args.seed, report_dir)
        else:
            with harness.Demo(harness.mosaic_bin(args.bin), nodes=2) as demo:
                demo.require_api(0)
                spec = harness.http("GET", demo.url(0) + "/openapi.yaml")
                if not report.check("GET /openapi.yaml answers 200", spec.status == 200, repr(spec)):
                    return report.finish()
                code = run(demo.url(0), demo.token(0), args.max_time, args.workers, args.seed, report_dir)
                report.check("the node survived the run", demo.alive() and
                             harness.http("GET", demo.url(0) + "/healthz").status == 200)
        junit = os.path.join(report_dir, "junit.xml")
        if os.path.exists(junit):
            text = open(junit, encoding="utf-8").read()
            import re
            tests = re.search(r'<testsuite[^>]* tests="(\d+)"', text)
            failures = re.search(r'<testsuite[^>]* failures="(\d+)"', text)
            errors = re.search(r'<testsuite[^>]* errors="(\d+)"', text)
            print(f"schemathesis: junit: {tests and tests.group(1)} operations, {failures and failures.group(1)} failed, "
                  f"{errors and errors.group(1)} errors")
        report.check(f"schemathesis exits 0 (got {code})", code == 0)
        return report.finish()
    finally:
        shutil.rmtree(report_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
