#!/usr/bin/env python3
"""axe-core 4.12.1 (driven by the PyPI package axe-selenium-python; the script itself is the one
scripts/setup-test.sh takes from a pinned PyPI wheel, since the axe-core 3.1.1 that
axe-selenium-python 2.1.6 bundles is years old) on every page of the web
interface in every language of the interface, on a demo federation in a temporary folder: catalogue
(plain, filtered, searched), a record with its history, conflicts, proposals, members, dashboard (plain
and filtered), the sync map, login, the new-record and edit forms, and the 404 and 401 error pages.

A violation of impact `serious` or `critical` fails the check of its page and language; each is
printed with its rule, impact, page, language and the offending nodes. The closing lines count the
violations of every impact (minor and moderate ones are reported, not failed).

  .venv-test/bin/python Tests/web/accessibility_test.py [--bin .build/debug/mosaic] [--languages en de]
"""

import argparse
import collections
import os
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

LANGUAGES = ["en", "fr", "de", "ru"]
FAILING = ("serious", "critical")
MISSING_RECORD = "00000000-0000-4000-8000-000000000000"
AXE_CORE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".venv-test", "axe-core", "axe.min.js")


def first_facet_value(listing: dict, facet: str):
    values = listing.get("facets", {}).get(facet) or []
    return values[0]["value"] if values else None


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin")
    parser.add_argument("--languages", nargs="*", default=LANGUAGES)
    parser.add_argument("--keep", action="store_true", help="keep the demo folder (debugging)")
    args = parser.parse_args()
    binary = harness.mosaic_bin(args.bin)
    report = harness.Report("accessibility")
    counts = collections.Counter()
    driver = None

    from axe_selenium_python import Axe

    if not os.path.isfile(AXE_CORE):
        report.check(f"axe-core 4 at {AXE_CORE}", False, "run scripts/setup-test.sh (make test-web does) to fetch it")
        return report.finish()
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    with harness.Demo(binary, nodes=3, keep=args.keep) as demo:
        demo.require_api(0)
        a = demo.url(0)
        tokens = [demo.token(i) for i in range(len(demo.nodes))]
        harness.populate_sync_map(demo, tokens)   # the sync map with callers, some of them behind
        listing = harness.http("GET", a + "/api/v1/records?per_page=50", token=tokens[0]).json()
        items = listing.get("items", [])
        if not items:
            report.check("the demo catalogue has records", False, repr(listing)[:200])
            return report.finish()
        record = items[0]["id"]
        conflicts = harness.http("GET", a + "/api/v1/conflicts", token=tokens[0]).json().get("items", [])
        if conflicts:
            record = conflicts[0]["record"]   # a record with a conflict shows the most sections
        theme, country = first_facet_value(listing, "theme"), first_facet_value(listing, "country")
        filters = urllib.parse.urlencode({k: v for k, v in (("type", "practice"), ("theme", theme)) if v})
        dashboard_filter = urllib.parse.urlencode({k: v for k, v in (("country", country),) if v} or {"type": "project"})

        anonymous = [("login", "/login"), ("catalogue (logged out)", "/"), ("404", f"/records/{MISSING_RECORD}"),
                     ("404 (no such page)", "/no-such-page")]
        signed_in = [
            ("catalogue", "/"), ("catalogue with filters", f"/?{filters}"), ("search results", "/?q=reperage"),
            ("catalogue sorted by title", "/?sort=title"), ("record and history", f"/records/{record}"),
            ("conflicts", "/conflicts"), ("proposals", "/proposals"), ("members", "/members"),
            ("dashboard", "/dashboard"), ("dashboard with a filter", f"/dashboard?{dashboard_filter}"),
            ("sync map", "/network"), ("new practice form", "/records/new?type=practice"),
            ("new project form", "/records/new?type=project"), ("edit form", f"/records/{record}/edit"),
            ("search error (400)", "/?q=%22%22"),
        ]

        def audit(label: str, path: str, lang: str):
            separator = "&" if "?" in path else "?"
            driver.get(harness.absolute(a, f"{path}{separator}lang={lang}"))
            WebDriverWait(driver, 15).until(EC.presence_of_element_located((By.TAG_NAME, "body")))
            shown = driver.find_element(By.TAG_NAME, "html").get_attribute("lang") or ""
            report.check(f"{label} [{lang}]: <html lang={lang}>", shown == lang, f"lang={shown!r}")
            axe = Axe(driver, script_url=AXE_CORE)
            axe.inject()
            results = axe.run()
            failing = []
            for violation in results.get("violations", []):
                impact = violation.get("impact") or "unknown"
                counts[impact] += 1
                if impact in FAILING:
                    nodes = "; ".join(
                        f"{' '.join(map(str, node.get('target', [])))} {node.get('html', '')[:160]}"
                        for node in violation.get("nodes", [])[:5])
                    failing.append(f"{violation['id']} ({impact}) on {path} [{lang}]: {violation.get('help', '')}: {nodes}")
                else:
                    print(f"  note {violation['id']} ({impact}) on {path} [{lang}]: {violation.get('help', '')}")
            report.check(f"{label} [{lang}]: no serious or critical axe violation", not failing, "\n      ".join(failing))

        try:
            driver = harness.chromium_driver()
            wait = WebDriverWait(driver, 15)
            for lang in args.languages:
                for label, path in anonymous:
                    audit(label, path, lang)
            # 401: an unknown API token is refused with the error page (the browser sends it on every request).
            driver.execute_cdp_cmd("Network.enable", {})
            driver.execute_cdp_cmd("Network.setExtraHTTPHeaders", {"headers": {"Authorization": "Bearer mosaic_no-such-token"}})
            for lang in args.languages:
                audit("401", "/", lang)
                report.check(f"401 [{lang}]: the error page", "401" in driver.find_element(By.TAG_NAME, "h1").text,
                             driver.find_element(By.TAG_NAME, "h1").text)
            driver.execute_cdp_cmd("Network.setExtraHTTPHeaders", {"headers": {}})
            harness.log_in(driver, a, demo.account, wait)
            for lang in args.languages:
                for label, path in signed_in:
                    audit(label, path, lang)
        finally:
            harness.quit_driver(driver)
    print("accessibility: axe violations by impact (pages x languages): "
          + ", ".join(f"{impact} {counts[impact]}" for impact in ("critical", "serious", "moderate", "minor"))
          + (f", other {sum(v for k, v in counts.items() if k not in ('critical', 'serious', 'moderate', 'minor'))}"
             if set(counts) - {"critical", "serious", "moderate", "minor"} else ""))
    return report.finish()


if __name__ == "__main__":
    sys.exit(main())
