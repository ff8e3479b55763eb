#!/usr/bin/env python3
"""RFC 9421 interoperation, both ways, with an independent implementation: the PyPI package
`http-message-signatures` (pinned in scripts/requirements-test.txt).

(a) The library signs pulls with a member's Ed25519 key (the demo network's keys are derived from
    a public seed) in its own label and parameter order; a one-node demo accepts them (200), refuses
    the same request replayed, one past its `expires`, and one signed for another node's authority.
(b) A tiny HTTP server on loopback plays a peer: `mosaic sync --peer childrights-kg` sends it the
    node's own signed requests, and the library verifies each one (the round itself may fail).

  .venv-test/bin/python Tests/web/rfc9421_interop_test.py [--bin .build/debug/mosaic]
"""

import argparse
import base64
import datetime
import hashlib
import json
import os
import re
import secrets
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from http_message_signatures import HTTPMessageSigner, HTTPMessageVerifier, algorithms
from http_message_signatures.resolvers import MappingKeyResolver

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

COVERED = ("@method", "@authority", "@path", "content-digest")
PEER = "childrights-kg"  # a member without a node of its own: the fake peer takes its place
MAX_CAPTURED = 16  # requests the fake peer keeps; a sync round sends two or three
MAX_BODY = 1 << 20


def demo_key(member: str) -> Ed25519PrivateKey:
    """The demo network's key of `member` (DemoKeys.swift: SHA-256 of a public seed text)."""
    return Ed25519PrivateKey.from_private_bytes(hashlib.sha256(f"mosaic-demo-key-v1:{member}".encode()).digest())


def member_public_key(members_dir: str, member: str) -> Ed25519PublicKey:
    with open(os.path.join(members_dir, f"{member}.yaml"), encoding="utf-8") as handle:
        found = re.search(r"^public_key:\s*(\S+)", handle.read(), re.MULTILINE)
    if not found:
        raise RuntimeError(f"no public_key in {member}.yaml")
    return Ed25519PublicKey.from_public_bytes(base64.b64decode(found.group(1)))


def raw(key) -> bytes:
    from cryptography.hazmat.primitives import serialization
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def signed_pull(url: str, member: str, body: bytes, **sign_options) -> requests.PreparedRequest:
    """A pull to `url`, signed by the library as `member` (label and parameter order its own)."""
    request = requests.Request("POST", url, data=body, headers={"Content-Type": "application/json"}).prepare()
    signer = HTTPMessageSigner(signature_algorithm=algorithms.ED25519,
                               key_resolver=MappingKeyResolver(public_keys={}, private_keys={member: demo_key(member)}))
    signer.sign(request, key_id=member, nonce=secrets.token_hex(16), covered_component_ids=COVERED, body=body,
                **sign_options)
    return request


def send(request: requests.PreparedRequest, url: str, host: str | None = None) -> harness.Response:
    headers = {name: value for name, value in request.headers.items() if name.lower() not in ("content-length", "host")}
    if host:
        headers["Host"] = host
    return harness.http(request.method, url, headers=headers, raw=request.body, timeout=30)


class FakePeer(BaseHTTPRequestHandler):
    """Records each request (bounded in count and size) and answers an empty vector or page."""
    captured: list = []
    lock = threading.Lock()

    def _handle(self):
        length = min(int(self.headers.get("Content-Length") or 0), MAX_BODY)
        body = self.rfile.read(length) if length else b""
        with self.lock:
            if len(self.captured) < MAX_CAPTURED:
                self.captured.append((self.command, self.path, dict(self.headers.items()), body))
        if self.path.endswith("/vector"):
            answer = {"digest": "0" * 64, "member": PEER, "vector": {}}
        else:
            answer = {"commits": [], "more": False, "vector": {}}
        data = json.dumps(answer, separators=(",", ":"), sort_keys=True).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = _handle
    do_POST = _handle

    def log_message(self, *_):
        pass


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin")
    args = parser.parse_args()
    binary = harness.mosaic_bin(args.bin)
    report = harness.Report("rfc9421-interop")

    server = ThreadingHTTPServer(("127.0.0.1", 0), FakePeer)
    server.timeout = 5
    threading.Thread(target=server.serve_forever, daemon=True).start()
    peer_url = f"http://127.0.0.1:{server.server_address[1]}"

    def give_the_peer_an_endpoint(config_dir: str):
        path = os.path.join(config_dir, "..", "..", "Members", f"{PEER}.yaml")
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(f"endpoint: {peer_url}\n")

    try:
        with harness.Demo(binary, nodes=1, prepare=give_the_peer_an_endpoint) as demo:
            node, base = demo.member(0), demo.url(0)
            members_dir = os.path.join(demo.dir, "Members")
            caller = next(m for m in ("ecpat-de", "ecpat-fr", "ecpat-nl") if m != node)
            report.check(f"{caller}'s demo key is the one in its member file",
                         raw(demo_key(caller).public_key()) == raw(member_public_key(members_dir, caller)))

            # (a) The library signs; the node verifies.
            body = json.dumps({"limit": 10, "vector": {}}, separators=(",", ":")).encode()
            pull = signed_pull(base + "/sync/v1/pull", caller, body)
            print(f"  library's Signature-Input: {pull.headers['Signature-Input']}")
            answer = send(pull, base + "/sync/v1/pull")
            report.check("a pull signed by http-message-signatures is answered 200",
                         answer.status == 200 and "commits" in answer.json(), f"{answer.status} {answer.text()[:300]}")
            again = send(pull, base + "/sync/v1/pull")
            report.check("the same request replayed is refused 401 as replayed",
                         again.status == 401 and "nonce already used" in again.text(), f"{again.status} {again.text()[:200]}")
            expiring = signed_pull(base + "/sync/v1/pull", caller, body,
                                   expires=datetime.datetime.now() + datetime.timedelta(minutes=2))
            answer = send(expiring, base + "/sync/v1/pull")
            report.check("a pull with a future expires is answered 200", answer.status == 200,
                         f"{answer.status} {answer.text()[:300]}")
            expired = signed_pull(base + "/sync/v1/pull", caller, body,
                                  expires=datetime.datetime.now() - datetime.timedelta(seconds=30))
            answer = send(expired, base + "/sync/v1/pull")
            report.check("a pull whose expires has passed is refused 401 as expired",
                         answer.status == 401 and "signature expired" in answer.text(), f"{answer.status} {answer.text()[:200]}")
            elsewhere = signed_pull("http://127.0.0.1:1/sync/v1/pull", caller, body)
            answer = send(elsewhere, base + "/sync/v1/pull", host="127.0.0.1:1")
            authority = base.split("://", 1)[1]
            report.check("a pull signed for another node is refused 401, naming both authorities",
                         answer.status == 401 and f"signed for another node (authority 127.0.0.1:1, this node is {authority})"
                         in answer.text(), f"{answer.status} {answer.text()[:200]}")

            # (b) The node signs; the library verifies.
            done = demo.run("sync", "--peer", PEER, "--config", demo.config(node), timeout=120)
            print(f"  mosaic sync --peer {PEER}: exit {done.returncode}: {done.stdout.strip()[:300]} {done.stderr.strip()[:300]}")
            with FakePeer.lock:
                captured = list(FakePeer.captured)
            report.check("mosaic sync sent the fake peer at least one request", len(captured) >= 1, f"{len(captured)}")
            verifier = HTTPMessageVerifier(
                signature_algorithm=algorithms.ED25519,
                key_resolver=MappingKeyResolver(public_keys={node: member_public_key(members_dir, node)}, private_keys={}))
            for method, path, headers, body in captured:
                # Header names are case-insensitive (HTTP/1.1 clients may send `host`).
                host = next((value for name, value in headers.items() if name.lower() == "host"), "")
                request = requests.Request(method, f"http://{host}{path}", data=body or None,
                                           headers=headers).prepare()
                try:
                    results = verifier.verify(request, body=body, require_components=COVERED,
                                              max_age=datetime.timedelta(minutes=5))
                    result = results[0]
                    ok = (len(results) == 1 and result.label == "mosaic" and result.parameters.get("keyid") == node
                          and result.parameters.get("alg") == "ed25519" and len(result.nonce or "") >= 16
                          and result.covered_components.get('"@authority"') == peer_url.split("://", 1)[1])
                    detail = f"{result.label} {dict(result.covered_components)} {result.parameters}"
                except Exception as error:  # noqa: BLE001 - any refusal by the library is the failure shown
                    ok, detail = False, f"{type(error).__name__}: {error}; headers {headers}"
                report.check(f"{method} {path} signed by the node verifies with http-message-signatures, "
                             f"covering the peer's authority", ok, detail)
    finally:
        server.shutdown()
    return report.finish()


if __name__ == "__main__":
    sys.exit(main())
