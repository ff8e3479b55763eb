#!/usr/bin/env python3
"""Stored and reflected XSS: every payload of xss-payloads.txt goes through every text field the API
accepts, on node A and on node B (synced into A, so it arrives as another member's commit), into
conflicts and proposals; then headless Chromium loads node A's pages (catalogue, searches, each
record, each edit form, conflicts, proposals, members, reflected query parameters) with an
instrumented window.__xssHit/alert/confirm/prompt/document.title installed before any page script
(CDP Page.addScriptToEvaluateOnNewDocument).

Fails on any hit, on a document.title set to the marker, on any element a payload would create
(every such element carries data-xss), on any event-handler attribute, javascript:/data: URL or
inline script in the DOM, and on any CSP violation of script-src (an injected script that only the
CSP stopped is still an injection).

  .venv-test/bin/python Tests/web/xss_test.py [--bin .build/debug/mosaic] [--quick]
"""

import argparse
import json
import os
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

MARKER = "XSSMARK"
TRIM = " \t\n\r\u200b\ufeff\u00a0"
PAYLOAD_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "xss-payloads.txt")

INSTRUMENT = r"""
(function () {
  var hits = [];
  var csp = [];
  function record(kind, args) {
    try { hits.push(kind + ':' + Array.prototype.map.call(args || [], String).join(',') + ' @' + location.pathname); }
    catch (e) { hits.push(kind); }
  }
  Object.defineProperty(window, '__xssHits', { value: hits, configurable: false });
  Object.defineProperty(window, '__xssCsp', { value: csp, configurable: false });
  window.__xssHit = function () { record('__xssHit', arguments); };
  window.alert = function () { record('alert', arguments); };
  window.confirm = function () { record('confirm', arguments); return false; };
  window.prompt = function () { record('prompt', arguments); return null; };
  try {
    var desc = Object.getOwnPropertyDescriptor(Document.prototype, 'title');
    Object.defineProperty(Document.prototype, 'title', {
      configurable: true, enumerable: desc.enumerable,
      get: function () { return desc.get.call(this); },
      set: function (v) { if (String(v).indexOf('XSSMARK') >= 0) { record('title', [v]); } return desc.set.call(this, v); }
    });
  } catch (e) {}
  document.addEventListener('securitypolicyviolation', function (e) {
    csp.push(e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sample || '').slice(0, 80) + ' @' + location.pathname);
  }, true);
})();
"""

INSPECT = r"""
var out = {hits: (window.__xssHits || []).slice(), csp: (window.__xssCsp || []).slice(), title: document.title,
           dataXss: [], handlers: [], urls: [], scripts: [], elements: []};
function snip(el) { return (el.outerHTML || String(el)).slice(0, 160); }
document.querySelectorAll('[data-xss]').forEach(function (el) { out.dataXss.push(snip(el)); });
document.querySelectorAll('*').forEach(function (el) {
  for (var i = 0; i < el.attributes.length; i++) {
    var a = el.attributes[i];
    var name = a.name.toLowerCase();
    if (name.indexOf('on') === 0) { out.handlers.push(name + ' on <' + el.tagName.toLowerCase() + '>: ' + snip(el)); }
    if (['href', 'src', 'action', 'formaction', 'data', 'xlink:href', 'background', 'poster', 'srcdoc'].indexOf(name) >= 0) {
      var v = a.value.replace(/[\s\u0000-\u001f]/g, '').toLowerCase();
      if (name === 'srcdoc' || v.indexOf('javascript:') === 0 || v.indexOf('vbscript:') === 0 || v.indexOf('data:') === 0) {
        out.urls.push(name + '=' + a.value.slice(0, 100) + ' on <' + el.tagName.toLowerCase() + '>');
      }
    }
  }
});
document.querySelectorAll('script').forEach(function (el) {
  var src = el.getAttribute('src');
  if (!src || !/^\/static\//.test(src)) { out.scripts.push(snip(el)); }
});
document.querySelectorAll('iframe, frame, frameset, object, embed, base, applet, meta[http-equiv="refresh" i], svg script, math, template, noscript, isindex, keygen, link[rel="import" i]')
  .forEach(function (el) { out.elements.push(snip(el)); });
return out;
"""


def load_payloads():
    payloads = []
    with open(PAYLOAD_FILE, encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not line or line.startswith("# "):
                continue
            payloads.append(line)
    return payloads


def control_free(text, newline_ok=True):
    return not any(ord(c) < 0x20 and not (newline_ok and c in "\n\t") for c in text)


def is_tag(text):
    # Foundation (on Linux) counts U+200B as whitespace too: a tag must not start or end with it.
    return len(text) <= 64 and text == text.strip(TRIM) and control_free(text, False) and text != ""


def record_body(index, payload, kind, origin):
    """An import object putting the payload in every text field of that record type."""
    probe = f"xssprobe{index}"
    body = {"type": kind, "title": {"fr": payload[:300], "en": f"{probe} {origin} {payload}"[:300],
                                   "de": f"Titel {payload}"[:300]},
            "description": {"fr": payload, "en": f"{probe} {payload}", "nl": f"<{payload}>"},
            "themes": ["xsstheme"], "countries": ["BE"]}
    if is_tag(payload):
        body["themes"].append(payload)
    if kind == "practice":
        body["summary"] = {"fr": payload[:2000], "en": f"{probe} {payload}"[:2000]}
        body["results"] = {"en": payload[:2000], "pl": f"Wyniki {payload}"[:2000]}
        body["status"] = "draft"
        if control_free(payload, False) and len(payload) <= 200:
            body["contact"] = payload
        body["target_groups"] = ["xssgroup"] + ([payload] if is_tag(payload) else [])
        body["links"] = [f"https://xss.example/{index}?q=%22%3E%3Cimg%20data-xss%3E",
                         f"https://xss.example/{index}#'onmouseover='__xssHit()'"]
        body["year"] = 2024
    else:
        body["status"] = "idea"
        if control_free(payload, False) and len(payload) <= 200:
            body["funding_programme"] = payload
    return body


def store(report, base, token, body, problems):
    """POST a record; on 422 retry without the optional fields one by one."""
    answer = harness.http("POST", base + "/api/v1/records", body=body, token=token)
    if answer.status == 201:
        return answer.json()
    if answer.status >= 500:
        problems.append(f"POST /api/v1/records -> {answer.status}: {answer.text()[:200]}")
    trimmed = {"type": body["type"], "title": {"en": body["title"]["en"]}}
    again = harness.http("POST", base + "/api/v1/records", body=trimmed, token=token)
    if again.status == 201:
        problems.append(f"POST /api/v1/records refused the full payload body ({answer.status}: "
                        f"{answer.text()[:160]}); stored title.en only")
        return again.json()
    problems.append(f"POST /api/v1/records -> {answer.status} then {again.status}: {again.text()[:200]}")
    return None


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin")
    parser.add_argument("--quick", action="store_true", help="every 5th payload only")
    parser.add_argument("--keep", action="store_true", help="keep the demo folder (debugging)")
    args = parser.parse_args()
    binary = harness.mosaic_bin(args.bin)
    payloads = load_payloads()
    if args.quick:
        payloads = payloads[::5]
    report = harness.Report("xss")
    findings = []          # (url, what)
    pages = 0
    driver = None

    with harness.Demo(binary, nodes=2, keep=args.keep) as demo:
        demo.require_api(0)
        a, b = demo.url(0), demo.url(1)
        token_a, token_b = demo.token(0), demo.token(1)
        problems = []

        # ---- store the payloads: most through A, every 7th through B (synced into A)
        created = []   # (index, id, via)
        for index, payload in enumerate(payloads):
            via_b = index % 7 == 3
            kind = "project" if index % 5 == 4 else "practice"
            body = record_body(index, payload, kind, "B" if via_b else "A")
            record = store(report, b if via_b else a, token_b if via_b else token_a, body, problems)
            if record:
                created.append((index, record["id"], "B" if via_b else "A"))
        report.check(f"stored {len(created)} of {len(payloads)} payload records through the API, every field accepted",
                     len(created) == len(payloads) and not problems, "; ".join(problems[:10]))

        # ---- conflicts and proposals holding payloads
        from_b = [rid for _, rid, via in created if via == "B"][:4]
        from_a = [rid for _, rid, via in created if via == "A"][:4]
        harness.sync(demo, 0, token_a)
        harness.sync(demo, 1, token_b)
        notes = []
        patched = set(from_b + from_a)
        for n, rid in enumerate(from_b + from_a):
            left, right = payloads[(n * 11) % len(payloads)], payloads[(n * 11 + 5) % len(payloads)]
            ra = harness.http("PATCH", f"{a}/api/v1/records/{rid}", body={"title": {"fr": left[:300]}}, token=token_a)
            rb = harness.http("PATCH", f"{b}/api/v1/records/{rid}", body={"title": {"fr": right[:300]}}, token=token_b)
            notes.append(f"{rid[:8]} A:{ra.status} B:{rb.status}")
            for who, answer in (("A", ra), ("B", rb)):
                if answer.status >= 500:
                    problems.append(f"PATCH /api/v1/records/{rid} on {who} -> {answer.status}: {answer.text()[:200]}")
        harness.sync(demo, 0, token_a)
        harness.sync(demo, 1, token_b)
        synced = harness.sync(demo, 0, token_a)
        report.check("POST /api/v1/peers/sync on A answers 200", synced.status == 200, repr(synced))
        missing = [rid for _, rid, via in created if via == "B"
                   and harness.http("GET", f"{a}/api/v1/records/{rid}", token=token_a).status != 200]
        report.check("the records stored through B arrived in A", not missing, f"missing {missing[:5]}")
        conflicts = harness.http("GET", a + "/api/v1/conflicts", token=token_a)
        proposals = harness.http("GET", a + "/api/v1/proposals", token=token_a)
        n_conflicts = len(conflicts.json().get("items", [])) if conflicts.status == 200 else -1
        n_proposals = len(proposals.json().get("items", [])) if proposals.status == 200 else -1
        print(f"xss: concurrent payload edits {', '.join(notes)}; A has {n_conflicts} conflicts, {n_proposals} proposals")
        report.check("A lists conflicts made of payloads", n_conflicts > 0, f"{n_conflicts} conflicts")
        report.check("no 5xx while storing payloads", not [p for p in problems if "-> 5" in p],
                     "; ".join(p for p in problems if "-> 5" in p))

        # ---- the API never serves stored text as HTML
        wrong_type = []
        for _, rid, _ in created[:40]:
            answer = harness.http("GET", f"{a}/api/v1/records/{rid}", token=token_a)
            if answer.content_type != "application/json" or \
                    (answer.headers.get("X-Content-Type-Options") or "").lower() != "nosniff":
                wrong_type.append(f"{rid}: {answer.content_type}, nosniff={answer.headers.get('X-Content-Type-Options')}")
        report.check("API records are application/json with nosniff", not wrong_type, "; ".join(wrong_type[:5]))

        # ---- the browser
        driver = None
        try:
            driver = harness.chromium_driver()
            driver.execute_cdp_cmd("Page.enable", {})
            driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": INSTRUMENT})

            def visit(path, label=None):
                nonlocal pages
                url = harness.absolute(a, path)
                try:
                    driver.get(url)
                except Exception as error:  # noqa: BLE001
                    findings.append((url, f"page did not load: {str(error).splitlines()[0]}"))
                    return None
                time.sleep(0.15)
                pages += 1
                try:
                    seen = driver.execute_script(INSPECT)
                except Exception as error:  # noqa: BLE001 - e.g. an alert box that we did not catch
                    findings.append((url, f"inspection failed: {str(error).splitlines()[0]}"))
                    return None
                if seen["hits"]:
                    findings.append((url, f"EXECUTED: {seen['hits'][:3]}"))
                if seen["title"].strip() == MARKER:
                    findings.append((url, "document.title set to the marker"))
                if seen["dataXss"]:
                    findings.append((url, f"INJECTED {len(seen['dataXss'])} element(s): {seen['dataXss'][:2]}"))
                if seen["handlers"]:
                    findings.append((url, f"event-handler attribute(s): {seen['handlers'][:2]}"))
                if seen["urls"]:
                    findings.append((url, f"script URL(s): {seen['urls'][:2]}"))
                if seen["scripts"]:
                    findings.append((url, f"inline or foreign <script>: {seen['scripts'][:2]}"))
                if seen["elements"]:
                    findings.append((url, f"dangerous element(s): {seen['elements'][:2]}"))
                scripty = [c for c in seen["csp"] if "script" in c]
                if scripty:
                    findings.append((url, f"CSP blocked a script: {scripty[:2]}"))
                return seen

            # the instrumentation itself must work, or zero hits proves nothing
            driver.get(a + "/")
            canary = driver.execute_script("window.__xssHit('canary'); return window.__xssHits.slice();")
            report.check("instrumented window.__xssHit records calls (canary)", canary == ["__xssHit:canary @/"], repr(canary))
            # logged out first: catalogue and a few records
            visit("/")
            visit("/?lang=fr")
            for _, rid, _ in created[:5]:
                visit(f"/records/{rid}")
            # log in (needed for edit forms; the conflicts page may need it too)
            logged_in = False
            if demo.account:
                from selenium.webdriver.common.by import By
                visit("/login")
                try:
                    driver.find_element(By.ID, "username").send_keys(demo.account[0])
                    driver.find_element(By.ID, "password").send_keys(demo.account[1])
                    driver.find_element(By.ID, "login-submit").click()
                    time.sleep(0.5)
                    logged_in = bool(driver.find_elements(By.ID, "logout-submit"))
                except Exception as error:  # noqa: BLE001
                    print(f"xss: login failed: {str(error).splitlines()[0]}")
            report.check("logged in through the login form", logged_in,
                         "no demo account line printed" if not demo.account else "login did not succeed")

            for path in ("/", "/?sort=title", "/?sort=changed", "/?lang=fr", "/?lang=en", "/?page=2",
                         "/?theme=xsstheme", "/?theme=xsstheme&page=2", "/?type=project&theme=xsstheme",
                         "/conflicts", "/conflicts?lang=fr", "/proposals", "/proposals?lang=fr", "/members",
                         "/members?lang=fr", "/records/new?type=practice", "/records/new?type=project"):
                visit(path)
            for word in ("xssprobe", "xsstheme", "script", "onerror", "img", "svg", "javascript", "constructor",
                         "xsshit", "élève", "дети", "data", "iframe", "style", "alert", "expression", "title",
                         "marquee", "textarea", "beschreibung", "wyniki"):
                visit(f"/?q={urllib.parse.quote(word)}")
            for page in range(2, 6):
                visit(f"/?q=xssprobe&page={page}")
            # The payloads must really be on the pages, as text: otherwise zero findings prove nothing.
            shown_as_text, kept_in_form, reflected, form_mismatch = [], [], [], []
            for index, rid, _ in created:
                if visit(f"/records/{rid}") is not None:
                    text = driver.execute_script("return document.getElementById('main').innerText")
                    if f"xssprobe{index}" in text:
                        shown_as_text.append(index)
                if visit(f"/records/{rid}/edit") is not None:
                    value = driver.execute_script(
                        "var e = document.querySelector('#record-form [name=\\'title.fr\\']'); return e ? e.value : null;")
                    if value == payloads[index][:300] or rid in patched:
                        kept_in_form.append(index)
                    else:
                        form_mismatch.append(f"{rid}: {value!r} != {payloads[index][:300]!r}")
            report.check("every payload record page shows its text (xssprobeN) as text",
                         len(shown_as_text) == len(created), f"{len(shown_as_text)} of {len(created)}")
            report.check("every edit form holds title.fr exactly as stored (no double escaping, no loss)",
                         len(kept_in_form) == len(created),
                         f"{len(kept_in_form)} of {len(created)}; differing: {form_mismatch[:5]}")
            for index, payload in enumerate(payloads):   # reflected: the query box, facets, next=
                quoted = urllib.parse.quote(payload, safe="")
                if visit(f"/?q={quoted}") is not None:
                    value = driver.execute_script("var e = document.getElementById('q'); return e ? e.value : null;")
                    # The node may trim the query (spaces, U+200B); anything else must come back as sent.
                    if value is not None and value.strip(TRIM) == payload.strip(TRIM):
                        reflected.append(index)
                if index % 4 == 0:
                    visit(f"/?theme={quoted}&country={quoted}&sort={quoted}&lang={quoted}")
                if index % 8 == 0:
                    visit(f"/login?next={quoted}")
                    visit(f"/records/{quoted}")
                    visit(f"/records/new?type={quoted}")
                    visit(f"/conflicts?notice={quoted}&lang={quoted}")
            report.check("the search box shows each payload query (trimmed) exactly", len(reflected) == len(payloads),
                         f"{len(reflected)} of {len(payloads)}; differing: "
                         f"{[payloads[i][:60] for i in range(len(payloads)) if i not in reflected][:5]}")
            for path, what in (("/conflicts", "conflict"), ("/proposals", "proposal")):
                visit(path)
                count = driver.execute_script(f"return document.querySelectorAll('section.{what}').length")
                text = driver.execute_script("return document.getElementById('main').innerText")
                in_text = sum(1 for p in payloads if len(p) > 12 and p[:300] in text)
                report.check(f"{path} lists payload {what}s as text", count > 0 and in_text > 0,
                             f"{count} sections, {in_text} payloads visible")
        finally:
            harness.quit_driver(driver)

    executions = sum(1 for _, what in findings if what.startswith("EXECUTED") or "marker" in what)
    injected = sum(1 for _, what in findings if not (what.startswith("EXECUTED") or "marker" in what))
    for url, what in findings[:60]:
        print(f"  finding: {url[:160]}\n           {what[:400]}")
    if len(findings) > 60:
        print(f"  … and {len(findings) - 60} more findings")
    report.check(f"{pages} pages: no payload executed", executions == 0, f"{executions} executions")
    report.check(f"{pages} pages: no payload element, handler, script URL or blocked script in the DOM", injected == 0,
                 f"{injected} injections")
    print(f"XSS: {len(payloads)} payloads, {pages} pages, {executions} executions, {injected} injected elements")
    return report.finish()


if __name__ == "__main__":
    sys.exit(main())
