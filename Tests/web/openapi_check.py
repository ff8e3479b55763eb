#!/usr/bin/env python3
"""Validates Sources/MosaicServer/Resources/openapi.yaml (OpenAPI 3.1) with openapi-spec-validator,
and checks that it describes every /api/v1 route of the contract, with problem+json errors.

  .venv-test/bin/python Tests/web/openapi_check.py [--spec FILE] [--bin .build/debug/mosaic --served]

With --served, also starts a demo node and checks that GET /openapi.yaml serves this same file.
"""

import argparse
import os
import sys

import yaml
from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

EXPECTED = {
    ("get", "/api/v1/status"), ("get", "/api/v1/records"), ("post", "/api/v1/records"),
    ("get", "/api/v1/records/{id}"), ("patch", "/api/v1/records/{id}"), ("delete", "/api/v1/records/{id}"),
    ("get", "/api/v1/search"), ("get", "/api/v1/conflicts"), ("get", "/api/v1/network"),
    ("post", "/api/v1/records/{id}/conflicts/{field}/resolve"), ("get", "/api/v1/proposals"),
    ("post", "/api/v1/records/{id}/proposals/{proposal}/accept"),
    ("post", "/api/v1/records/{id}/proposals/{proposal}/decline"),
    ("get", "/api/v1/peers"), ("post", "/api/v1/peers/sync"),
    ("post", "/api/v1/records/{id}/confirm"),
}
METHODS = {"get", "put", "post", "patch", "delete", "head", "options", "trace"}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--spec", default=os.path.join(harness.ROOT, "Sources/MosaicServer/Resources/openapi.yaml"))
    parser.add_argument("--served", action="store_true", help="also compare with GET /openapi.yaml of a demo node")
    parser.add_argument("--bin")
    args = parser.parse_args()
    report = harness.Report("openapi")

    try:
        spec_dict, base_uri = read_from_filename(args.spec)
        validate(spec_dict, base_uri=base_uri)
        report.check(f"{os.path.relpath(args.spec, harness.ROOT)} is a valid OpenAPI {spec_dict.get('openapi')} document", True)
    except Exception as error:  # noqa: BLE001
        report.check("the spec is a valid OpenAPI document", False, str(error).splitlines()[0])
        return report.finish()

    found = {(m, p) for p, item in spec_dict.get("paths", {}).items() for m in item if m in METHODS}
    report.check("every contract route is described", not (EXPECTED - found), f"missing {sorted(EXPECTED - found)}")
    report.check("no route beyond the contract's /api/v1 routes", not (found - EXPECTED), f"extra {sorted(found - EXPECTED)}")

    components = spec_dict.get("components", {})
    schemes = components.get("securitySchemes", {})
    report.check("bearerAuth is an http bearer scheme",
                 schemes.get("bearerAuth", {}).get("scheme") == "bearer")
    report.check("a cookie session scheme exists", any(s.get("in") == "cookie" for s in schemes.values()))

    def resolve(obj):
        while isinstance(obj, dict) and "$ref" in obj:
            name = obj["$ref"].split("/")[-1]
            obj = components.get("responses", {}).get(name, {})
        return obj

    bad = []
    for path, item in spec_dict["paths"].items():
        for method, op in item.items():
            if method not in METHODS:
                continue
            codes = set(op.get("responses", {}))
            writes = method in {"post", "patch", "delete"}
            if writes:
                if not {"401", "403"} <= codes:
                    bad.append(f"{method} {path}: writes need 401 and 403")
                if op.get("security") and any(not s for s in op["security"]):
                    bad.append(f"{method} {path}: a write must not allow anonymous access")
            if "requestBody" in op and not {"400", "413", "415", "422"} <= codes:
                bad.append(f"{method} {path}: a JSON body needs 400, 413, 415 and 422")
            if "{id}" in path and not {"400", "404"} <= codes:
                bad.append(f"{method} {path}: an id needs 400 and 404")
            for code, response in op.get("responses", {}).items():
                if code.startswith(("4", "5")):
                    content = resolve(response).get("content", {})
                    if list(content) != ["application/problem+json"]:
                        bad.append(f"{method} {path} {code}: errors must be application/problem+json only")
                if code.startswith("2") and code != "204":
                    if "application/json" not in resolve(response).get("content", {}):
                        bad.append(f"{method} {path} {code}: success must be application/json")
    report.check("every operation documents its error codes as problem+json", not bad, "; ".join(bad))

    if args.served:
        binary = harness.mosaic_bin(args.bin)
        with harness.Demo(binary, nodes=1) as demo:
            served = harness.http("GET", demo.url(0) + "/openapi.yaml")
            report.check("GET /openapi.yaml answers 200", served.status == 200, repr(served))
            if served.status == 200:
                with open(args.spec, "rb") as handle:
                    same = yaml.safe_load(handle) == yaml.safe_load(served.body)
                report.check("GET /openapi.yaml serves the file in Resources/", same,
                             "the node serves another version: rebuild it after editing the spec (swift build)")
    return report.finish()


if __name__ == "__main__":
    sys.exit(main())
