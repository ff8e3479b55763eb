#!/usr/bin/env python3
"""Runs every web test script (what `make test-web` does) and closes with `web: N passed, N failed`.

  .venv-test/bin/python Tests/web/run_all.py [--bin .build/debug/mosaic] [--only NAME ...] [--quick]
"""

import argparse
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPTS = ["openapi_check.py", "api_contract_test.py", "injection_test.py", "browser_test.py", "accessibility_test.py", "xss_test.py",
           "schemathesis_run.py", "rfc9421_interop_test.py"]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin")
    parser.add_argument("--only", nargs="*")
    parser.add_argument("--quick", action="store_true", help="fewer XSS payloads, shorter schemathesis run")
    args = parser.parse_args()
    results = []
    for script in SCRIPTS:
        name = script.rsplit(".", 1)[0]
        if args.only and name not in args.only and script not in args.only:
            continue
        command = [sys.executable, os.path.join(HERE, script)]
        if args.bin:
            command += ["--bin", args.bin]
        if script == "openapi_check.py":
            command.append("--served")   # the node must serve this very file at /openapi.yaml
        if args.quick and script == "xss_test.py":
            command.append("--quick")
        if args.quick and script == "schemathesis_run.py":
            command += ["--max-time", "45"]
        print(f"\n=== {script}", flush=True)
        started = time.monotonic()
        try:
            code = subprocess.run(command, stdin=subprocess.DEVNULL, timeout=900).returncode
        except subprocess.TimeoutExpired:
            code = 124
        results.append((script, code, time.monotonic() - started))
    print("\n=== summary")
    for script, code, seconds in results:
        print(f"  {'ok  ' if code == 0 else 'FAIL'} {script} ({seconds:.0f} s, exit {code})")
    failed = sum(1 for _, code, _ in results if code != 0)
    print(f"web: {len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
