#!/usr/bin/env python3
"""The web interface in headless Chromium, on a two-node demo federation in a temporary folder:
catalogue, accent-free search, a record with its provenance, language switch, login (bad and good
password), resolving the demo's conflict through the form on /conflicts, the resolution reaching the
second node after a sync, the members page, logout.

  .venv-test/bin/python Tests/web/browser_test.py [--bin .build/debug/mosaic] [--screenshots]

--screenshots saves catalogue, record, conflicts, members and login (1280x900 PNG) into
docs/screenshots/, and the dashboard and the sync map in German and Russian from a four-node demo
(dashboard-de.png, network-ru.png, …); without it nothing in the work tree changes.
"""

import argparse
import json
import os
import sys
import time
import unicodedata
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

SEARCH_WORD = "reperage"      # must find a record containing "repérage"
ACCENTED = "repérage"


def fold(text):
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).lower()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin")
    parser.add_argument("--screenshots", action="store_true", help="save PNGs into docs/screenshots/")
    parser.add_argument("--keep", action="store_true", help="keep the demo folder (debugging)")
    args = parser.parse_args()
    binary = harness.mosaic_bin(args.bin)
    report = harness.Report("browser")
    shots_dir = os.path.join(harness.ROOT, "docs", "screenshots")
    driver = None

    from selenium.common.exceptions import NoSuchElementException, WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    with harness.Demo(binary, nodes=2, keep=args.keep) as demo:
        demo.require_api(0)
        demo.require_api(1)
        a, b = demo.url(0), demo.url(1)
        print(f"browser: nodes {demo.nodes}, account {demo.account[0] if demo.account else None}")
        report.check("mosaic demo prints 'demo account: USER / PASSWORD'", demo.account is not None,
                     "".join(demo.output)[-400:])
        token_a, token_b = demo.token(0), demo.token(1)

        def shot(name):
            if args.screenshots:
                os.makedirs(shots_dir, exist_ok=True)
                driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                       {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False})
                path = os.path.join(shots_dir, f"{name}.png")
                driver.save_screenshot(path)
                print(f"  saved {os.path.relpath(path, harness.ROOT)}")

        def css(selector):
            return driver.find_elements(By.CSS_SELECTOR, selector)

        def has(selector):
            return bool(css(selector))

        def go(path):
            driver.get(harness.absolute(a, path))

        def submit(button):
            """Clicks a submit button and waits until the next page replaced this one."""
            old_page = driver.find_element(By.TAG_NAME, "html")
            button.click()
            wait.until(EC.staleness_of(old_page))
            wait.until(EC.presence_of_element_located((By.TAG_NAME, "body")))

        def step(label, fn):
            """Runs one scenario step; an exception is a failed check, not a crash."""
            try:
                return fn()
            except (WebDriverException, AssertionError, KeyError, ValueError, TimeoutError) as error:
                report.check(label, False, f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}")
                return None

        try:
            driver = harness.chromium_driver()
            wait = WebDriverWait(driver, 15)

            # ---- headers (plain HTTP, every page)
            for path in ("/", "/login", "/members", "/conflicts", "/proposals"):
                page = harness.http("GET", a + path)
                csp = page.headers.get("Content-Security-Policy") or ""
                script_src = next((d.strip() for d in csp.split(";") if d.strip().startswith(("script-src ", "default-src "))
                                   and d.strip().startswith("script-src")), "")
                if not script_src:
                    script_src = next((d.strip() for d in csp.split(";") if d.strip().startswith("default-src")), "")
                ok = page.status == 200 and "'self'" in script_src and "unsafe-inline" not in script_src \
                    and (page.headers.get("X-Content-Type-Options") or "").lower() == "nosniff" \
                    and (page.headers.get("Referrer-Policy") or "").lower() == "same-origin"
                report.check(f"GET {path}: 200 with CSP script-src 'self' (no unsafe-inline), nosniff, Referrer-Policy same-origin",
                             ok, f"{page.status} CSP={csp!r} XCTO={page.headers.get('X-Content-Type-Options')!r} "
                                 f"RP={page.headers.get('Referrer-Policy')!r}")

            # ---- catalogue
            def catalogue():
                go("/")
                wait.until(EC.presence_of_element_located((By.ID, "main")))
                report.check("catalogue: <header> with nav links to /, /conflicts, /proposals, /members",
                             all(has(f'header a[href="{h}"]') for h in ("/", "/conflicts", "/proposals", "/members")))
                report.check("catalogue: language links a[hreflang=fr] and a[hreflang=en] (both, as the contract says)",
                             has('a[hreflang="fr"]') and has('a[hreflang="en"]'),
                             f"fr={has('a[hreflang=fr]')} en={has('a[hreflang=en]')}")
                report.check("catalogue: logged out shows a#login[href=/login]", has('a#login[href^="/login"]'))
                report.check("catalogue: form#search with input#q[name=q]", has("form#search input#q[name=q]"))
                report.check("catalogue: nav#facets with links", has("nav#facets a"))
                report.check("catalogue: select[name=sort]", has("select[name=sort]"))
                results = css("ol#results > li.result a.record-link")
                report.check("catalogue: ol#results > li.result > a.record-link[href^=/records/]",
                             bool(results) and all(r.get_attribute("href").split(a, 1)[-1].startswith("/records/") for r in results),
                             f"{len(results)} links")
                report.check("catalogue: p#result-count", has("p#result-count"))
                report.check("catalogue: nav.pagination", has("nav.pagination"))
                report.check("catalogue: stylesheet /static/mosaic.css and script /static/mosaic.js",
                             has('link[href^="/static/mosaic.css"]') and has('script[src^="/static/mosaic.js"]'))
                for asset in ("/static/mosaic.css", "/static/mosaic.js"):
                    got = harness.http("GET", a + asset)
                    report.check(f"GET {asset} answers 200", got.status == 200, repr(got))
                shot("catalogue")
            step("catalogue", catalogue)

            # ---- accent-free search
            found = {}

            def search():
                go("/")
                box = wait.until(EC.presence_of_element_located((By.ID, "q")))
                box.clear()
                box.send_keys(SEARCH_WORD)
                box.submit()
                wait.until(lambda d: "q=" in d.current_url)
                report.check(f"search form submits GET /?q={SEARCH_WORD}",
                             urllib.parse.parse_qs(urllib.parse.urlparse(driver.current_url).query).get("q") == [SEARCH_WORD],
                             driver.current_url)
                links = css("ol#results > li.result a.record-link")
                report.check(f"search '{SEARCH_WORD}' finds results", bool(links), driver.find_element(By.ID, "main").text[:200])
                for link in links:
                    rid = link.get_attribute("href").rstrip("/").split("/")[-1]
                    detail = harness.http("GET", f"{a}/api/v1/records/{rid}", token=token_a)
                    if detail.status == 200 and ACCENTED in json.dumps(detail.json(), ensure_ascii=False):
                        found["id"], found["link"] = rid, link
                        break
                report.check(f"search '{SEARCH_WORD}' (no accent) finds a record containing '{ACCENTED}'", "id" in found,
                             f"{len(links)} results, none containing {ACCENTED}")
                api = harness.http("GET", f"{a}/api/v1/search?q={SEARCH_WORD}")
                report.check(f"GET /api/v1/search?q={SEARCH_WORD} answers 200 with the same record",
                             api.status == 200 and any(i.get("id") == found.get("id") for i in api.json().get("items", [])),
                             repr(api))
            step("search", search)

            # ---- a record with its provenance
            def record():
                if "id" in found:
                    submit(found["link"])
                else:
                    first = css("ol#results a.record-link") or (go("/") or css("ol#results a.record-link"))
                    submit(first[0])
                wait.until(EC.presence_of_element_located((By.TAG_NAME, "h1")))
                rid = driver.current_url.rstrip("/").split("/")[-1]
                report.check("record page: /records/{id} with an h1 title",
                             "/records/" in driver.current_url and driver.find_element(By.TAG_NAME, "h1").text.strip() != "")
                for section in ("fields", "provenance", "history", "record-conflicts", "record-proposals"):
                    report.check(f"record page: section#{section}{' (also when empty)' if section.startswith('record-') else ''}",
                                 has(f"section#{section}"))
                detail = harness.http("GET", f"{a}/api/v1/records/{rid}", token=token_a).json()
                authors = {p["by"] for p in detail.get("provenance", [])}
                provenance = css("section#provenance")
                text = provenance[0].text if provenance else ""
                names = {}
                for member in authors:
                    path = os.path.join(harness.ROOT, "Members", f"{member}.yaml")
                    if os.path.exists(path):
                        for line in open(path, encoding="utf-8"):
                            if line.startswith("name:"):
                                names[member] = line.split(":", 1)[1].strip()
                shown = [m for m in authors if m in text or (names.get(m) and names[m] in text)]
                report.check("record page: provenance table names the authors", bool(authors) and len(shown) == len(authors),
                             f"authors {sorted(authors)} names {names}; shown {shown}")
                report.check("record page: provenance has one row per field value",
                             len(css("section#provenance table tbody tr") or css("section#provenance table tr")) >= len(detail.get("provenance", [])),
                             f"{len(css('section#provenance table tr'))} rows for {len(detail.get('provenance', []))} values")
                if ACCENTED in driver.find_element(By.ID, "main").text or ACCENTED in driver.page_source:
                    report.check(f"record page shows '{ACCENTED}'", True)
                shot("record")
            step("record page", record)

            # ---- language switch
            def language():
                go("/")
                submit(driver.find_element(By.CSS_SELECTOR, 'a[hreflang="fr"]'))
                time.sleep(0.3)
                lang = driver.find_element(By.TAG_NAME, "html").get_attribute("lang")
                cookie = driver.get_cookie("mosaic_lang")
                report.check("?lang=fr switches to French (html lang=fr) and sets cookie mosaic_lang=fr",
                             (lang or "").startswith("fr") and cookie and cookie.get("value") == "fr", f"lang={lang} cookie={cookie}")
                go("/members")
                lang = driver.find_element(By.TAG_NAME, "html").get_attribute("lang")
                report.check("the language is remembered on the next page", (lang or "").startswith("fr"), f"lang={lang}")
                submit(driver.find_element(By.CSS_SELECTOR, 'a[hreflang="en"]'))
                time.sleep(0.3)
                lang = driver.find_element(By.TAG_NAME, "html").get_attribute("lang")
                report.check("?lang=en switches back to English", (lang or "").startswith("en"), f"lang={lang}")
            step("language switch", language)

            # ---- login
            def login():
                go("/")
                driver.find_element(By.CSS_SELECTOR, "a#login").click()
                wait.until(EC.presence_of_element_located((By.ID, "login-form")))
                report.check("login page: form#login-form POST /login with #username, #password, button#login-submit",
                             has('form#login-form[method="post" i]') and has("input#username[name=username]")
                             and has("input#password[name=password][type=password]") and has("button#login-submit"))
                report.check("login page: the form has a hidden csrf input", has('form#login-form input[type=hidden][name=csrf]'))
                shot("login")
                user, password = demo.account if demo.account else ("demo", "")
                driver.find_element(By.ID, "username").send_keys(user)
                driver.find_element(By.ID, "password").send_keys(password + "-wrong")
                submit(driver.find_element(By.ID, "login-submit"))
                report.check("a bad password shows p.error", has("p.error"), driver.current_url)
                bad = harness.http("POST", a + "/login", raw=urllib.parse.urlencode(
                    {"username": user, "password": "definitely-wrong", "csrf": "x"}).encode(),
                    content_type="application/x-www-form-urlencoded")
                report.check("POST /login with a bad password (or bad csrf) is refused (401/403, not 303)",
                             bad.status in (401, 403), repr(bad))
                go("/login")
                driver.find_element(By.ID, "username").send_keys(user)
                driver.find_element(By.ID, "password").send_keys(password)
                driver.find_element(By.ID, "login-submit").click()
                wait.until(EC.presence_of_element_located((By.ID, "logout-submit")))
                report.check("login succeeds: back on / with form#logout and button#logout-submit",
                             urllib.parse.urlparse(driver.current_url).path == "/" and has('form#logout[method="post" i]'),
                             driver.current_url)
                report.check("logged in: no a#login any more", not has("a#login"))
            step("login", login)

            # ---- conflicts: resolve the seeded one through the form
            resolved = {}

            def make_conflict():
                """Only when the demo has none: concurrent edits of one record on both nodes."""
                other = demo.member(1)
                listing = harness.http("GET", f"{a}/api/v1/records?member={other}&per_page=1", token=token_a).json()
                rid = listing["items"][0]["id"]
                harness.http("PATCH", f"{a}/api/v1/records/{rid}", body={"title": {"en": "Edited on A"}}, token=token_a)
                harness.http("PATCH", f"{b}/api/v1/records/{rid}", body={"title": {"en": "Edited on B"}}, token=token_b)
                harness.sync(demo, 0, token_a)
                harness.sync(demo, 1, token_b)

            def conflicts():
                go("/conflicts")
                wait.until(EC.presence_of_element_located((By.ID, "main")))
                sections = css("section.conflict")
                seeded = bool(sections)
                report.check("the demo seeds at least one conflict (shown on /conflicts)", seeded)
                if not seeded:
                    make_conflict()
                    go("/conflicts")
                    sections = css("section.conflict")
                if not sections:
                    raise AssertionError("no conflict to resolve")
                shot("conflicts")
                section = sections[0]
                form = section.find_element(By.CSS_SELECTOR, "form.resolve")
                report.check("conflict form: POST /conflicts/resolve with hidden record, field and csrf",
                             (form.get_attribute("method") or "").lower() == "post"
                             and (form.get_attribute("action") or "").endswith("/conflicts/resolve")
                             and bool(form.find_elements(By.CSS_SELECTOR, "input[type=hidden][name=record]"))
                             and bool(form.find_elements(By.CSS_SELECTOR, "input[type=hidden][name=field]"))
                             and bool(form.find_elements(By.CSS_SELECTOR, "input[type=hidden][name=csrf]")))
                rid = form.find_element(By.CSS_SELECTOR, "input[name=record]").get_attribute("value")
                field = form.find_element(By.CSS_SELECTOR, "input[name=field]").get_attribute("value")
                resolved.update(record=rid, field=field)
                go(f"/records/{rid}")
                # The section names the field in the reader's words ("Title (English)"), and links to the conflict.
                report.check("the conflicted record's page lists the conflict in section#record-conflicts",
                             has("section#record-conflicts a[href*='/conflicts#c-']"),
                             f"section present: {has('section#record-conflicts')}")
                go("/conflicts")
                section = [s for s in css("section.conflict")
                           if s.find_elements(By.CSS_SELECTOR, f'input[name=record][value="{rid}"]')][0]
                form = section.find_element(By.CSS_SELECTOR, "form.resolve")
                if field == "delete":
                    keep = form.find_elements(By.CSS_SELECTOR, 'button[name=choice][value="keep"]')
                    report.check("delete conflict: buttons choice=keep and choice=delete",
                                 bool(keep) and bool(form.find_elements(By.CSS_SELECTOR, 'button[name=choice][value="delete"]')))
                    submit(keep[0])
                    resolved["value"] = None
                else:
                    radios = form.find_elements(By.CSS_SELECTOR, "input[type=radio][name=choice]")
                    values = [r.get_attribute("value") for r in radios]
                    report.check("field conflict: radios choice=0,1,… and choice=new with textarea[name=value]",
                                 "0" in values and "1" in values and "new" in values
                                 and bool(form.find_elements(By.CSS_SELECTOR, "textarea[name=value]")), f"radios {values}")
                    text = f"Résolu par le test {int(time.time())}"
                    driver.execute_script("arguments[0].scrollIntoView()", form)
                    form.find_element(By.CSS_SELECTOR, 'input[type=radio][name=choice][value="new"]').click()
                    form.find_element(By.CSS_SELECTOR, "textarea[name=value]").send_keys(text)
                    submit(form.find_element(By.CSS_SELECTOR, "button.resolve-submit"))
                    resolved["value"] = text
                report.check("after resolving: back on /conflicts with p#notice",
                             urllib.parse.urlparse(driver.current_url).path == "/conflicts" and has("p#notice"),
                             f"{driver.current_url} notice={has('p#notice')}")
                still = [s for s in css("section.conflict")
                         if s.find_elements(By.CSS_SELECTOR, f'input[name=record][value="{rid}"]')
                         and s.find_elements(By.CSS_SELECTOR, f'input[name=field][value="{field}"]')]
                report.check("the resolved conflict is gone from /conflicts", not still)
                api = harness.http("GET", a + "/api/v1/conflicts", token=token_a).json()
                report.check("the resolved conflict is gone from GET /api/v1/conflicts on A",
                             not [c for c in api.get("items", []) if c.get("record") == rid and c.get("field") == field])
            step("conflicts", conflicts)

            def value_of(detail, field):
                name, _, lang = field.partition(".")
                value = detail.get("fields", {}).get(name)
                return value.get(lang) if isinstance(value, dict) else value

            def reaches_b():
                if not resolved.get("record"):
                    raise AssertionError("nothing was resolved")
                rid, field, text = resolved["record"], resolved["field"], resolved["value"]
                if text is not None:
                    here = harness.http("GET", f"{a}/api/v1/records/{rid}", token=token_a).json()
                    report.check(f"A holds the new value of {field}", value_of(here, field) == text,
                                 f"{value_of(here, field)!r}")
                synced = harness.sync(demo, 1, token_b)
                report.check("POST /api/v1/peers/sync on B answers 200 with one item per peer",
                             synced.status == 200 and isinstance(synced.json().get("items"), list), repr(synced))

                def arrived():
                    detail = harness.http("GET", f"{b}/api/v1/records/{rid}", token=token_b).json()
                    gone = not [c for c in harness.http("GET", f"{b}/api/v1/conflicts", token=token_b).json().get("items", [])
                                if c.get("record") == rid and c.get("field") == field]
                    return gone and (text is None or value_of(detail, field) == text)
                try:
                    harness.wait_until(arrived, 30, 1, what="the resolution on B")
                    ok = True
                except TimeoutError:
                    ok = False
                report.check("the resolution reaches B after a sync (value there, conflict gone)", ok)
                status_a = harness.http("GET", f"{a}/api/v1/status", token=token_a).json()
                status_b = harness.http("GET", f"{b}/api/v1/status", token=token_b).json()
                report.check("A and B report their member in /api/v1/status",
                             status_a.get("member") == demo.member(0) and status_b.get("member") == demo.member(1))
            step("resolution reaches node B", reaches_b)

            # ---- proposals: node B edits two of A's records; A's coordinator accepts one and declines the other
            def proposals():
                owned = harness.http("GET", f"{a}/api/v1/records?member={demo.member(0)}&type=practice&per_page=4",
                                     token=token_a).json()
                ids = [item["id"] for item in owned.get("items", [])]
                if len(ids) < 2:
                    raise AssertionError(f"{demo.member(0)} owns fewer than two practices")
                stamp = int(time.time())
                wanted = {}
                for n, rid in enumerate(ids):
                    text = f"Proposed by B {n} {stamp}"
                    answer = harness.http("PATCH", f"{b}/api/v1/records/{rid}", body={"title": {"en": text}}, token=token_b)
                    report.check(f"B may PATCH a record of {demo.member(0)} (it becomes a proposal there): 200",
                                 answer.status == 200, repr(answer))
                    wanted[rid] = text
                harness.sync(demo, 0, token_a)
                listed = harness.http("GET", f"{a}/api/v1/proposals", token=token_a).json().get("items", [])
                proposed = {p["record"] for p in listed}
                report.check(f"every edit by B of {demo.member(0)}'s practices is a proposal on A",
                             set(ids) <= proposed, f"{len(set(ids) & proposed)} of {len(ids)}: B's edits of "
                             f"{[rid for rid in ids if rid not in proposed]} are not proposals on A")
                ids = [rid for rid in ids if rid in proposed]
                go("/proposals")
                sections = [s for s in css("section.proposal")
                            if any(s.find_elements(By.CSS_SELECTOR, f'input[name=record][value="{rid}"]') for rid in ids)]
                report.check("/proposals shows B's two edits as section.proposal", len(sections) >= 2, f"{len(sections)} sections")
                if not sections:
                    raise AssertionError("no proposal to decide")
                form = sections[0].find_element(By.TAG_NAME, "form")
                report.check("proposal form: POST /proposals/decide with hidden record, proposal, csrf and buttons decision=accept/decline",
                             (form.get_attribute("method") or "").lower() == "post"
                             and (form.get_attribute("action") or "").endswith("/proposals/decide")
                             and all(form.find_elements(By.CSS_SELECTOR, f"input[type=hidden][name={n}]") for n in ("record", "proposal", "csrf"))
                             and bool(form.find_elements(By.CSS_SELECTOR, 'button[name=decision][value="accept"]'))
                             and bool(form.find_elements(By.CSS_SELECTOR, 'button[name=decision][value="decline"]')))
                shot("proposals")
                decided = {}
                for decision in ("accept", "decline"):
                    go("/proposals")
                    section = next((s for s in css("section.proposal")
                                    for rid in ids if rid not in decided
                                    and s.find_elements(By.CSS_SELECTOR, f'input[name=record][value="{rid}"]')), None)
                    if section is None:
                        raise AssertionError(f"no proposal left to {decision}")
                    rid = section.find_element(By.CSS_SELECTOR, "input[name=record]").get_attribute("value")
                    submit(section.find_element(By.CSS_SELECTOR, f'button[name=decision][value="{decision}"]'))
                    decided[rid] = decision
                    report.check(f"{decision}: back on /proposals with p#notice",
                                 urllib.parse.urlparse(driver.current_url).path == "/proposals" and has("p#notice"),
                                 driver.current_url)
                for rid, decision in decided.items():
                    detail = harness.http("GET", f"{a}/api/v1/records/{rid}", token=token_a).json()
                    title = detail.get("fields", {}).get("title", {}).get("en")
                    open_ids = [p["record"] for p in harness.http("GET", f"{a}/api/v1/proposals", token=token_a).json().get("items", [])]
                    report.check(f"after {decision}: title.en {'is' if decision == 'accept' else 'is not'} B's text and the proposal is closed",
                                 (title == wanted[rid]) == (decision == "accept") and rid not in open_ids,
                                 f"title.en={title!r} open={rid in open_ids}")
            step("proposals", proposals)

            # ---- members
            def members():
                go("/members")
                wait.until(EC.presence_of_element_located((By.ID, "main")))
                report.check("members page: table#members, table#peers, form#sync-now with button#sync-now-submit",
                             has("table#members") and has("table#peers") and has('form#sync-now[method="post" i]')
                             and has("button#sync-now-submit"))
                rows = css("table#members tbody tr") or css("table#members tr")[1:]
                report.check("members page: one row per member of Members/",
                             len(rows) >= len([f for f in os.listdir(os.path.join(harness.ROOT, "Members")) if f.endswith(".yaml")]),
                             f"{len(rows)} rows")
                shot("members")
                submit(driver.find_element(By.ID, "sync-now-submit"))
                report.check("sync now: the members page again with p#notice and no p.error",
                             has("p#notice") and has("table#peers") and not has("p.error"),
                             f"{driver.current_url} notice={has('p#notice')} error={has('p.error')}")
                report.check("sync now answers with a redirect (POST/redirect/GET), not a page at /peers/sync",
                             urllib.parse.urlparse(driver.current_url).path == "/members", driver.current_url)
            step("members", members)

            # ---- every POST form of the pages carries a csrf token
            def csrf():
                missing = []
                for path in ("/", "/members", "/conflicts", "/proposals", "/records/new?type=practice",
                             f"/records/{found.get('id') or resolved.get('record')}",
                             f"/records/{found.get('id') or resolved.get('record')}/edit"):
                    go(path)
                    for form in css("form"):
                        if (form.get_attribute("method") or "get").lower() == "post" and \
                                not form.find_elements(By.CSS_SELECTOR, "input[type=hidden][name=csrf]"):
                            missing.append(f"{path}: form#{form.get_attribute('id')} action={form.get_attribute('action')}")
                report.check("every POST form has a hidden input name=csrf", not missing, "; ".join(missing))
                go(f"/records/{found.get('id') or resolved.get('record')}/edit")
                report.check("edit form: form#record-form with inputs title.fr/title.en, themes, button#save",
                             has("form#record-form") and has('[name="title.fr"]') and has('[name="title.en"]')
                             and has('[name="themes"]') and has("button#save"))
                report.check("edit form: status is a <select>", has('select[name="status"]'),
                             ", ".join(e.tag_name + "[" + (e.get_attribute("type") or "") + "]" for e in css('[name="status"]')))
                report.check("record page (logged in): a#edit-link",
                             (go(f"/records/{found.get('id') or resolved.get('record')}") or True) and has("a#edit-link"))
            step("csrf and forms", csrf)

            # ---- edit and create through the forms
            def forms():
                rid = found.get("id") or resolved.get("record")
                go(f"/records/{rid}/edit")
                box = driver.find_element(By.CSS_SELECTOR, 'form#record-form [name="title.en"]')
                text = f"Edited in the browser {int(time.time())}"
                box.clear()
                box.send_keys(text)
                submit(driver.find_element(By.ID, "save"))
                detail = harness.http("GET", f"{a}/api/v1/records/{rid}", token=token_a).json()
                report.check("saving the edit form changes title.en and shows the record",
                             detail.get("fields", {}).get("title", {}).get("en") == text
                             and urllib.parse.urlparse(driver.current_url).path == f"/records/{rid}",
                             f"{driver.current_url} title.en={detail.get('fields', {}).get('title', {}).get('en')!r}")
                go("/records/new?type=practice")
                driver.find_element(By.CSS_SELECTOR, 'form#record-form [name="title.fr"]').send_keys("Pratique créée dans le navigateur")
                driver.find_element(By.CSS_SELECTOR, 'form#record-form [name="themes"]').send_keys("training, advocacy")
                submit(driver.find_element(By.ID, "save"))
                path = urllib.parse.urlparse(driver.current_url).path
                new_id = path.rstrip("/").split("/")[-1]
                made = harness.http("GET", f"{a}/api/v1/records/{new_id}", token=token_a)
                report.check("the new-record form creates a practice and shows it",
                             path.startswith("/records/") and made.status == 200
                             and made.json().get("fields", {}).get("title", {}).get("fr") == "Pratique créée dans le navigateur"
                             and sorted(made.json().get("themes", [])) == ["advocacy", "training"],
                             f"{driver.current_url} {made!r}")
                go(f"/records/{rid}/edit")
                driver.find_element(By.CSS_SELECTOR, 'form#record-form [name="title.en"]').clear()
                driver.find_element(By.CSS_SELECTOR, 'form#record-form [name="title.fr"]').clear()
                driver.find_element(By.CSS_SELECTOR, 'form#record-form [name="title.de"]').clear() \
                    if has('form#record-form [name="title.de"]') else None
                for other in css('form#record-form input[name^="title."]'):
                    other.clear()
                submit(driver.find_element(By.ID, "save"))
                left = harness.http("GET", f"{a}/api/v1/records/{rid}", token=token_a).json()
                titles = {k: v for k, v in left.get("fields", {}).get("title", {}).items() if v}
                report.check("saving the edit form with every title empty is refused (a record keeps a title)",
                             bool(titles), f"{driver.current_url}: the record now has no title at all: {left.get('title')!r}")
            step("edit and new-record forms", forms)

            # ---- translations kept fresh: the edit above rewrote title.en, so the record's other title
            # languages may be out of date; one is confirmed through its button (a signed commit).
            def freshness():
                rid = found.get("id") or resolved.get("record")
                go(f"/records/{rid}")
                stale = css("#translations tr.translation .stale")
                report.check("record page: the languages not rewritten are marked 'may be out of date'", bool(stale),
                             f"translations table: {[e.text for e in css('#translations tr')][:6]}")
                buttons = css("#translations form.confirm button")
                report.check("record page: a 'confirm still right' button beside a stale language", bool(buttons))
                if not buttons:
                    return
                form = buttons[0].find_element(By.XPATH, "./ancestor::form")
                lang = form.find_element(By.CSS_SELECTOR, 'input[name="lang"]').get_attribute("value")
                submit(buttons[0])
                detail = harness.http("GET", f"{a}/api/v1/records/{rid}", token=token_a).json()
                entry = next((t for t in detail.get("translations", []) if t.get("field") == "title" and t.get("lang") == lang), {})
                report.check(f"confirming title.{lang} makes it fresh (API translations) and the history says so",
                             entry.get("stale") is None and entry != {}
                             and any("as still right" in (h.get("change") or "") for h in detail.get("history", [])),
                             f"{entry!r}")
                report.check("after confirming: one stale marker fewer on the page",
                             len(css("#translations tr.translation .stale")) == len(stale) - 1,
                             f"{len(css('#translations tr.translation .stale'))} vs {len(stale)}")
                go("/?needs_translation=ru")
                go("/")
                links = css("#needs-translation a")
                report.check("catalogue: a 'needs translation into' filter with a link per language", len(links) >= 2,
                             f"{len(links)} links")
                if links:
                    submit(links[0])
                    report.check("catalogue: following it gives a listing filtered by needs_translation",
                                 "needs_translation=" in driver.current_url and has("#result-count")
                                 and has("#needs-translation a.selected"), driver.current_url)
            step("translations kept fresh", freshness)

            # ---- log out
            def logout():
                go("/")
                submit(driver.find_element(By.ID, "logout-submit"))
                report.check("log out: a#login is back and form#logout gone", has("a#login") and not has("form#logout"))
                go("/conflicts")
                report.check("logged out: /conflicts offers no resolve button (or asks to log in)",
                             not has("button.resolve-submit") or "/login" in driver.current_url)
            step("logout", logout)
        finally:
            harness.quit_driver(driver)
    if args.screenshots:
        federation_screenshots(binary, report, shots_dir, keep=args.keep)
    return report.finish()


def federation_screenshots(binary, report, shots_dir, keep=False):
    """The dashboard and the sync map in German and Russian (`dashboard-de.png`, `network-ru.png`, …), on a
    four-node demo where every node has pulled, so that the map lists callers with their versions."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    driver = None
    with harness.Demo(binary, nodes=4, keep=keep) as demo:
        demo.require_api(0)
        a = demo.url(0)
        try:
            harness.populate_sync_map(demo, [demo.token(index) for index in range(len(demo.nodes))])
        except (RuntimeError, KeyError, IndexError) as error:
            report.check("screenshots: the other nodes pull edits of the first one", False, str(error))
        try:
            driver = harness.chromium_driver()
            wait = WebDriverWait(driver, 15)
            harness.log_in(driver, a, demo.account, wait)
            os.makedirs(shots_dir, exist_ok=True)
            for lang in ("de", "ru"):
                for page, ready in (("dashboard", "dashboard-count"), ("network", "network")):
                    driver.get(f"{a}/{page}?lang={lang}")
                    wait.until(EC.presence_of_element_located((By.ID, ready)))
                    html_lang = driver.find_element(By.TAG_NAME, "html").get_attribute("lang")
                    behind = driver.find_elements(By.CSS_SELECTOR, "table#network tbody tr.behind") if page == "network" else [None]
                    report.check(f"screenshots: /{page} in {lang} (html lang={lang}, not empty)",
                                 html_lang == lang and len(behind) >= 1,
                                 f"lang={html_lang} nodes behind={len(behind)}")
                    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                           {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False})
                    path = os.path.join(shots_dir, f"{page}-{lang}.png")
                    driver.save_screenshot(path)
                    print(f"  saved {os.path.relpath(path, harness.ROOT)}")
        finally:
            harness.quit_driver(driver)


if __name__ == "__main__":
    sys.exit(main())
