#!/usr/bin/env python3
"""The JSON API's status codes and shapes against the contract, over plain HTTP, on a two-node demo
whose first node (the coordinator) has `ui.anonymous_read: false`: 401/403/404/400/413/415/422 with
problem+json bodies, Location on create, paging limits, roles (an editor may write records but not
resolve, decide proposals or sync), session cookies for reads, the login rate limit (429).

  .venv-test/bin/python Tests/web/api_contract_test.py [--bin .build/debug/mosaic]
"""

import argparse
import http.cookies
import json
import os
import re
import sys
import urllib.parse
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")
SUMMARY_KEYS = {"id", "type", "owner", "private", "state", "title", "title_shown", "countries", "themes", "status",
                "last_change"}
RECORD_KEYS = SUMMARY_KEYS | {"fields", "provenance", "history", "conflicts", "proposals"}
STATUS_KEYS = {"member", "records", "private_records", "deleted_records", "open_conflicts", "open_proposals", "digest",
               "vector"}
PEER_KEYS = {"member", "endpoint", "healthy", "last_attempt", "last_success", "last_error", "error_kind",
             "failures_in_row", "lag", "commits_received", "bytes_received"}


def close_anonymous_reads(config_dir):
    path = os.path.join(config_dir, "secretariat.yaml")
    text = open(path, encoding="utf-8").read()
    open(path, "w", encoding="utf-8").write(text.replace("anonymous_read: true", "anonymous_read: false"))


def is_problem(answer, status):
    if answer.status != status or answer.content_type != "application/problem+json":
        return False
    try:
        body = answer.json()
    except ValueError:
        return False
    return body.get("status") == status and str(body.get("type", "")).startswith("https://mosaic.example/problems/") \
        and isinstance(body.get("title"), str) and isinstance(body.get("detail"), str)


def cookies_of(answer):
    jar = {}
    for header in answer.headers.get_all("Set-Cookie") or []:
        parsed = http.cookies.SimpleCookie()
        parsed.load(header)
        for key, morsel in parsed.items():
            jar[key] = morsel.value
    return jar


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin")
    args = parser.parse_args()
    report = harness.Report("api")
    check = report.check

    with harness.Demo(harness.mosaic_bin(args.bin), nodes=2, prepare=close_anonymous_reads) as demo:
        a, b = demo.url(0), demo.url(1)
        check(f"first demo node is the coordinator secretariat (got {demo.member(0)})", demo.member(0) == "secretariat")
        demo.require_api(1)
        token = demo.token(0)
        token_b = demo.token(1)

        def get(path, tok=token, base=a, **kw):
            return harness.http("GET", base + path, token=tok, **kw)

        # ---- open routes and anonymous reads
        for path in ("/healthz", "/metrics", "/openapi.yaml"):
            got = harness.http("GET", a + path)
            check(f"GET {path} is open (200) on a node without anonymous reads", got.status == 200, repr(got))
        for path in ("/api/v1/status", "/api/v1/records", "/api/v1/search?q=protection", "/api/v1/conflicts",
                     "/api/v1/proposals", "/api/v1/peers"):
            got = harness.http("GET", a + path)
            check(f"GET {path} without credentials -> 401 problem (anonymous_read false)", is_problem(got, 401), repr(got))
            got = harness.http("GET", b + path)
            check(f"GET {path} without credentials -> 200 on a node with anonymous_read true", got.status == 200, repr(got))
        bogus = harness.http("GET", a + "/api/v1/status", headers={"Authorization": "Bearer mosaic_not-a-token"})
        check("GET /api/v1/status with an unknown token -> 401 problem", is_problem(bogus, 401), repr(bogus))

        # ---- status
        status = get("/api/v1/status")
        check("GET /api/v1/status -> 200 application/json", status.status == 200 and status.content_type == "application/json",
              repr(status))
        before = status.json() if status.status == 200 else {}
        check("Status has every key", STATUS_KEYS <= set(before), f"missing {STATUS_KEYS - set(before)}")
        check("Status.member is the node's member", before.get("member") == demo.member(0), str(before.get("member")))

        # ---- listing, paging, filters
        listing = get("/api/v1/records")
        body = listing.json() if listing.status == 200 else {}
        check("GET /api/v1/records -> Listing with page 1, per_page 20",
              listing.status == 200 and body.get("page") == 1 and body.get("per_page") == 20
              and isinstance(body.get("items"), list) and len(body["items"]) <= 20 and isinstance(body.get("total"), int),
              repr(listing))
        items = body.get("items", [])
        check("RecordSummary has every key", items and all(SUMMARY_KEYS <= set(i) for i in items),
              f"missing {SUMMARY_KEYS - set(items[0]) if items else 'no items'}")
        check("times are RFC 3339 UTC with Z", items and all(TIME.match(i["last_change"]["at"]) for i in items),
              items[0]["last_change"] if items else "")
        check("facets has type/member/country/theme/status/language",
              {"type", "member", "country", "theme", "status", "language"} <= set(body.get("facets", {})),
              str(list(body.get("facets", {}))))
        page2 = get("/api/v1/records?per_page=5&page=2")
        check("per_page=5&page=2 -> 5 items of page 2", page2.status == 200 and page2.json().get("page") == 2
              and len(page2.json().get("items", [])) == 5, repr(page2))
        full = get("/api/v1/records?per_page=100")
        check("per_page=100 is allowed", full.status == 200 and len(full.json().get("items", [])) == min(100, body.get("total", 0)),
              repr(full))
        for query in ("per_page=0", "per_page=101", "per_page=abc", "page=0", "page=-1", "page=abc", "sort=bogus",
                      "type=bogus", "per_page=1e3"):
            got = get(f"/api/v1/records?{query}")
            check(f"GET /api/v1/records?{query} -> 400 problem", is_problem(got, 400), repr(got))
        practices = get("/api/v1/records?type=practice&per_page=100").json()
        check("type=practice keeps practices only", all(i["type"] == "practice" for i in practices.get("items", [])))
        by_country = get("/api/v1/records?country=FR").json()
        check("country=FR keeps records of FR", by_country.get("items") and
              all("FR" in i["countries"] for i in by_country["items"]), str(by_country)[:200])
        for sort in ("relevance", "title", "changed"):
            got = get(f"/api/v1/records?sort={sort}")
            check(f"sort={sort} -> 200", got.status == 200, repr(got))

        # ---- search
        for query, expect in (("", 400), ("q=", 400), ("q=%20%20", 400), ("q=!!!", 400), ("q=protection", 200),
                              ("q=reperage", 200), ("q=protec", 200)):
            got = get(f"/api/v1/search?{query}")
            ok = is_problem(got, 400) if expect == 400 else (got.status == 200 and got.json().get("total", 0) > 0)
            check(f"GET /api/v1/search?{query} -> {expect}{' with results' if expect == 200 else ' problem'}", ok, repr(got))

        # ---- one record
        check("GET /api/v1/records/not-a-uuid -> 400 problem", is_problem(get("/api/v1/records/not-a-uuid"), 400),
              repr(get("/api/v1/records/not-a-uuid")))
        unknown = str(uuid.uuid4())
        check("GET /api/v1/records/<unknown uuid> -> 404 problem", is_problem(get(f"/api/v1/records/{unknown}"), 404),
              repr(get(f"/api/v1/records/{unknown}")))
        if items:
            one = get(f"/api/v1/records/{items[0]['id']}")
            record = one.json() if one.status == 200 else {}
            check("GET /api/v1/records/{id} -> Record with every key", RECORD_KEYS <= set(record),
                  f"missing {RECORD_KEYS - set(record)}")
            prov = record.get("provenance", [])
            check("provenance items have field/value/by/at/write/arrived_from/arrived_at",
                  prov and all({"field", "value", "by", "at", "write", "arrived_from", "arrived_at"} <= set(p) for p in prov),
                  str(prov[:1]))
            year = record.get("fields", {}).get("year")
            check("fields.year (if any) is a string", year is None or isinstance(year, str), repr(year))

        # ---- writes: auth, media type, JSON, values, size
        new = {"type": "practice", "title": {"fr": "Test de contrat", "en": "Contract test"}, "themes": ["training"],
               "countries": ["BE"], "status": "draft", "year": 2024}
        got = harness.http("POST", a + "/api/v1/records", body=new)
        check("POST /api/v1/records without a token -> 401 problem", is_problem(got, 401), repr(got))
        got = harness.http("POST", b + "/api/v1/records", body=new)
        check("POST /api/v1/records without a token on an anonymous-read node -> 401 problem", is_problem(got, 401), repr(got))
        got = harness.http("POST", a + "/api/v1/records", raw=json.dumps(new).encode(), content_type="text/plain", token=token)
        check("POST /api/v1/records as text/plain -> 415 problem", is_problem(got, 415), repr(got))
        got = harness.http("POST", a + "/api/v1/records", raw=json.dumps(new).encode(), token=token)
        check("POST /api/v1/records without Content-Type -> 415 problem", is_problem(got, 415), repr(got))
        got = harness.http("POST", a + "/api/v1/records", raw=b'{"type": "practice", "title": ', content_type="application/json",
                           token=token)
        check("POST /api/v1/records with malformed JSON -> 400 problem", is_problem(got, 400), repr(got))
        got = harness.http("POST", a + "/api/v1/records", raw=b'[1, 2]', content_type="application/json", token=token)
        check("POST /api/v1/records with a JSON array -> 400 or 422 problem", is_problem(got, 400) or is_problem(got, 422),
              repr(got))
        for label, bad in (("an unknown type", {**new, "type": "bogus"}), ("no title", {"type": "practice", "themes": ["x"]}),
                           ("a bad status", {**new, "status": "bogus"}), ("a bad country", {**new, "countries": ["XX"]}),
                           ("a project field on a practice", {**new, "budget_eur": 5}), ("an unknown field", {**new, "colour": "red"}),
                           ("a bad year", {**new, "year": 1800}), ("a javascript: link", {**new, "links": ["javascript:alert(1)"]}),
                           ("a bad language tag", {**new, "title": {"FRENCH": "x"}}), ("a number as title", {**new, "title": {"fr": 5}}),
                           ("a 301-character title", {**new, "title": {"fr": "x" * 301}}), ("a theme with a newline", {**new, "themes": ["a\nb"]})):
            got = harness.http("POST", a + "/api/v1/records", body=bad, token=token)
            ok = is_problem(got, 422)
            if ok and "errors" in got.json():   # optional in the contract; well-formed when present
                errors = got.json().get("errors")
                ok = isinstance(errors, list) and all(isinstance(e.get("field"), str) and isinstance(e.get("message"), str)
                                                      for e in errors)
            check(f"POST /api/v1/records with {label} -> 422 problem", ok, repr(got))
        huge = {**new, "description": {"fr": "x" * (1024 * 1024 + 10)}}
        got = harness.http("POST", a + "/api/v1/records", body=huge, token=token)
        check("POST /api/v1/records with a body over 1 MiB -> 413 problem", is_problem(got, 413), repr(got))
        created = harness.http("POST", a + "/api/v1/records", body=new, token=token)
        record = created.json() if created.status == 201 else {}
        check("POST /api/v1/records -> 201 Record", created.status == 201 and RECORD_KEYS <= set(record), repr(created))
        rid = record.get("id", str(uuid.uuid4()))
        check("201 has Location: /api/v1/records/{id}",
              (created.headers.get("Location") or "").endswith(f"/api/v1/records/{rid}"), str(created.headers.get("Location")))
        check("the new record is owned by the node's member and alive",
              record.get("owner") == demo.member(0) and record.get("state") == "alive" and record.get("private") is False,
              f"{record.get('owner')} {record.get('state')} {record.get('private')}")
        check("fields.year of the new record is the string '2024'", record.get("fields", {}).get("year") == "2024",
              repr(record.get("fields", {}).get("year")))
        check("the new record counts in /api/v1/status",
              get("/api/v1/status").json().get("records", {}).get("practice") == before.get("records", {}).get("practice", 0) + 1)

        bare = harness.http("POST", a + "/api/v1/records", body={"type": "project", "title": {"en": "No status yet"}}, token=token)
        bare_record = bare.json() if bare.status == 201 else {}
        check("a record without status has \"status\": null (key present, as the contract's str|null)",
              "status" in bare_record and bare_record.get("status") is None, f"keys {sorted(bare_record)}")
        check("local provenance entries have \"arrived_from\": null (key present) and an arrived_at key",
              bare_record.get("provenance") and all("arrived_from" in p and p["arrived_from"] is None and "arrived_at" in p
                                                    for p in bare_record["provenance"]),
              str(bare_record.get("provenance", [])[:1]))
        patched = harness.http("PATCH", f"{a}/api/v1/records/{rid}", token=token,
                               body={"title": {"fr": "Nouveau titre", "en": ""}, "themes": ["advocacy"], "status": "published"})
        detail = patched.json() if patched.status == 200 else {}
        check("PATCH /api/v1/records/{id} -> 200 Record with the new values", patched.status == 200
              and detail.get("fields", {}).get("title", {}).get("fr") == "Nouveau titre"
              and detail.get("themes") == ["advocacy"] and detail.get("status") == "published", repr(patched))
        check('PATCH with "" clears a text (title.en gone)', not detail.get("fields", {}).get("title", {}).get("en"),
              repr(detail.get("fields", {}).get("title")))
        for label, path, body, expect in (
                ("without a token", f"/api/v1/records/{rid}", {"status": "draft"}, 401),
                ("of an unknown id", f"/api/v1/records/{unknown}", {"status": "draft"}, 404),
                ("of a non-UUID", "/api/v1/records/xyz", {"status": "draft"}, 400),
                ("with a type", f"/api/v1/records/{rid}", {"type": "project"}, 422),
                ("with a bad status", f"/api/v1/records/{rid}", {"status": "idea"}, 422)):
            got = harness.http("PATCH", a + path, body=body, token=None if expect == 401 else token)
            check(f"PATCH {label} -> {expect} problem", is_problem(got, expect), repr(got))
        got = harness.http("PATCH", f"{a}/api/v1/records/{rid}", raw=b"status=draft", content_type="application/x-www-form-urlencoded",
                           token=token)
        check("PATCH as a form -> 415 problem", is_problem(got, 415), repr(got))

        untitled = harness.http("PATCH", f"{a}/api/v1/records/{bare_record.get('id', rid)}", token=token,
                                body={"title": {"en": ""}})
        left = untitled.json().get("fields", {}).get("title", {}) if untitled.status == 200 else {"en": "kept"}
        check("PATCH that clears the last title is refused (422): a record needs a title", untitled.status == 422,
              f"{untitled.status}, titles left: {left!r}")

        # ---- roles: an editor
        editor_token = None
        try:
            demo.add_user(0, "contract-editor", "editor", "editor-password-123")
            editor_token = demo.token(0, "contract-editor")
        except RuntimeError as error:
            check("mosaic user add … --role editor and mosaic token create", False, str(error)[:200])
        if editor_token:
            made = harness.http("POST", a + "/api/v1/records", body=new, token=editor_token)
            check("an editor may create a record (201)", made.status == 201, repr(made))
            got = harness.http("POST", a + "/api/v1/peers/sync", token=editor_token)
            check("an editor may not trigger a sync (403 problem)", is_problem(got, 403), repr(got))
            conflicts = get("/api/v1/conflicts").json().get("items", [])
            if conflicts:
                c = conflicts[0]
                got = harness.http("POST", f"{a}/api/v1/records/{c['record']}/conflicts/{urllib.parse.quote(c['field'])}/resolve",
                                   body={"value": c["values"][0]["value"]} if c["kind"] == "field" else {"keep": True},
                                   token=editor_token)
                check("an editor may not resolve a conflict (403 problem)", is_problem(got, 403), repr(got))
            proposals = get("/api/v1/proposals").json().get("items", [])
            if proposals:
                p = proposals[0]
                got = harness.http("POST", f"{a}/api/v1/records/{p['record']}/proposals/{urllib.parse.quote(p['id'])}/accept",
                                   token=editor_token)
                check("an editor may not accept a proposal (403 problem)", is_problem(got, 403), repr(got))

        # ---- conflicts, proposals, peers, sync
        conflicts = get("/api/v1/conflicts")
        citems = conflicts.json().get("items", []) if conflicts.status == 200 else []
        check("GET /api/v1/conflicts -> {items: [Conflict]}", conflicts.status == 200 and all(
            {"id", "record", "record_title", "field", "kind", "values"} <= set(c) for c in citems), repr(conflicts))
        check("the demo has a seeded conflict", bool(citems), f"{len(citems)} conflicts")
        if citems:
            c = citems[0]
            base = f"{a}/api/v1/records/{c['record']}/conflicts/{urllib.parse.quote(c['field'])}/resolve"
            check("Conflict.id is record/field", c["id"] == f"{c['record']}/{c['field']}", c["id"])
            got = harness.http("POST", base, body={"value": "x"})
            check("resolve without a token -> 401 problem", is_problem(got, 401), repr(got))
            got = harness.http("POST", base, raw=b"value=x", content_type="application/x-www-form-urlencoded", token=token)
            check("resolve as a form -> 415 problem", is_problem(got, 415), repr(got))
            got = harness.http("POST", base, body={"bogus": 1}, token=token)
            check("resolve with neither value, keep nor delete -> 422 problem", is_problem(got, 422), repr(got))
            got = harness.http("POST", f"{a}/api/v1/records/{unknown}/conflicts/title.fr/resolve", body={"value": "x"}, token=token)
            check("resolve on an unknown record -> 404 problem", is_problem(got, 404), repr(got))
            choice = {"value": c["values"][-1]["value"]} if c["kind"] == "field" else {"keep": True}
            got = harness.http("POST", base, body=choice, token=token)
            check(f"resolve {c['id']} with {choice} -> 200 Record", got.status == 200 and RECORD_KEYS <= set(got.json()), repr(got))
            check("the resolved conflict is gone", c["id"] not in [x["id"] for x in get("/api/v1/conflicts").json().get("items", [])])
            again = harness.http("POST", base, body=choice, token=token)
            check("resolving it again -> 404 problem", is_problem(again, 404), repr(again))
        proposals = get("/api/v1/proposals")
        pitems = proposals.json().get("items", []) if proposals.status == 200 else []
        check("GET /api/v1/proposals -> {items: [ProposalItem]}", proposals.status == 200 and all(
            {"id", "record", "record_title", "by", "at", "change"} <= set(p) for p in pitems), repr(proposals))
        got = harness.http("POST", f"{a}/api/v1/records/{rid}/proposals/ecpat-be:999999:0/accept", token=token)
        check("accept an unknown proposal -> 404 problem", is_problem(got, 404), repr(got))
        got = harness.http("POST", f"{a}/api/v1/records/{rid}/proposals/ecpat-be:999999:0/decline")
        check("decline without a token -> 401 problem", is_problem(got, 401), repr(got))
        peers = get("/api/v1/peers")
        items = peers.json().get("items", []) if peers.status == 200 else []
        check("GET /api/v1/peers -> {items: [Peer]} with every key", peers.status == 200 and items and all(PEER_KEYS <= set(p) for p in items),
              f"missing {sorted(set().union(*(PEER_KEYS - set(p) for p in items)) if items else PEER_KEYS)}; extra "
              f"{sorted(set().union(*(set(p) - PEER_KEYS for p in items)) if items else [])}: {peers!r}")
        got = harness.http("POST", a + "/api/v1/peers/sync")
        check("POST /api/v1/peers/sync without a token -> 401 problem", is_problem(got, 401), repr(got))
        got = harness.sync(demo, 0, token)
        sync_items = got.json().get("items", []) if got.status == 200 else []
        check("POST /api/v1/peers/sync -> 200 {items: [{member, ok, commits, error}]} (error null when ok)", got.status == 200 and all(
            {"member", "ok", "commits", "error"} <= set(i) for i in sync_items), repr(got))
        check("the sync with node B succeeds", any(i.get("member") == demo.member(1) and i.get("ok") for i in sync_items),
              str(sync_items)[:300])

        # ---- delete
        got = harness.http("DELETE", f"{a}/api/v1/records/{rid}")
        check("DELETE without a token -> 401 problem", is_problem(got, 401), repr(got))
        got = harness.http("DELETE", f"{a}/api/v1/records/{rid}", token=token)
        check("DELETE /api/v1/records/{id} -> 204 with no body", got.status == 204 and got.body == b"", repr(got))
        after = get(f"/api/v1/records/{rid}")
        check("after DELETE: GET answers 404, or 200 with state deleted",
              after.status == 404 or (after.status == 200 and after.json().get("state") == "deleted"), repr(after))
        got = harness.http("DELETE", f"{a}/api/v1/records/{unknown}", token=token)
        check("DELETE of an unknown id -> 404 problem", is_problem(got, 404), repr(got))

        # ---- session cookie and login limit (HTML)
        page = harness.http("GET", a + "/login")
        jar = cookies_of(page)
        csrf = re.search(r'name="csrf"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf"', page.text())
        csrf = (csrf.group(1) or csrf.group(2)) if csrf else jar.get("mosaic_csrf", "")
        check("GET /login sets a csrf cookie and a hidden csrf input", bool(csrf) and "mosaic_csrf" in jar, str(jar))
        cookie_header = "; ".join(f"{k}={v}" for k, v in jar.items())
        user, password = demo.account or ("demo", "")
        login = harness.http("POST", a + "/login", raw=urllib.parse.urlencode({"username": user, "password": password, "csrf": csrf}).encode(),
                             content_type="application/x-www-form-urlencoded", headers={"Cookie": cookie_header})
        session = cookies_of(login)
        check("POST /login with the demo account -> 303 to / with a session cookie",
              login.status == 303 and (login.headers.get("Location") or "").endswith("/") and "mosaic_session" in session,
              f"{login!r} Location={login.headers.get('Location')} cookies={list(session)}")
        set_cookie = " ".join(login.headers.get_all("Set-Cookie") or [])
        check("the session cookie is HttpOnly and SameSite", "httponly" in set_cookie.lower() and "samesite" in set_cookie.lower(),
              set_cookie[:200])
        if "mosaic_session" in session:
            cookie = f"mosaic_session={session['mosaic_session']}"
            got = harness.http("GET", a + "/api/v1/status", headers={"Cookie": cookie})
            check("GET /api/v1/status with the session cookie -> 200", got.status == 200, repr(got))
            got = harness.http("POST", a + "/api/v1/records", body=new, headers={"Cookie": cookie})
            check("POST /api/v1/records with only a session cookie (no token, no CSRF) -> 401 or 403 problem",
                  is_problem(got, 401) or is_problem(got, 403), repr(got))
        unsafe = []
        for target in ("//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)", "http:evil.example"):
            got = harness.http("POST", a + "/login", raw=urllib.parse.urlencode(
                {"username": user, "password": password, "csrf": csrf, "next": target}).encode(),
                content_type="application/x-www-form-urlencoded", headers={"Cookie": cookie_header})
            where = got.headers.get("Location") or ""
            if got.status != 303 or not where.startswith("/") or where.startswith("//") or where.startswith("/\\"):
                unsafe.append(f"next={target!r} -> {got.status} Location {where!r}")
        got = harness.http("POST", a + "/login", raw=urllib.parse.urlencode(
            {"username": user, "password": password, "csrf": csrf, "next": "/conflicts"}).encode(),
            content_type="application/x-www-form-urlencoded", headers={"Cookie": cookie_header})
        check("login honours next=/conflicts and never redirects off-site", not unsafe and got.headers.get("Location") == "/conflicts",
              "; ".join(unsafe) + f" (next=/conflicts -> {got.headers.get('Location')!r})")
        nocsrf = harness.http("POST", a + "/login", raw=urllib.parse.urlencode({"username": user, "password": password}).encode(),
                              content_type="application/x-www-form-urlencoded", headers={"Cookie": cookie_header})
        check("POST /login without the csrf field is refused (not 303)", nocsrf.status != 303, repr(nocsrf))
        codes = []
        page = harness.http("GET", b + "/login")
        jar_b = cookies_of(page)
        csrf_b = re.search(r'name="csrf"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf"', page.text())
        csrf_b = (csrf_b.group(1) or csrf_b.group(2)) if csrf_b else jar_b.get("mosaic_csrf", "")
        for _ in range(8):
            got = harness.http("POST", b + "/login", raw=urllib.parse.urlencode({"username": user, "password": "wrong-password",
                                                                                  "csrf": csrf_b}).encode(),
                               content_type="application/x-www-form-urlencoded",
                               headers={"Cookie": "; ".join(f"{k}={v}" for k, v in jar_b.items())})
            codes.append(got.status)
        check("bad logins answer 401, then 429 past the limit (5 a minute)", codes[0] == 401 and 429 in codes, str(codes))

        # ---- the node is still healthy and nothing answered 5xx
        check("node A still answers /healthz", harness.http("GET", a + "/healthz").status == 200)
    return report.finish()


if __name__ == "__main__":
    sys.exit(main())
