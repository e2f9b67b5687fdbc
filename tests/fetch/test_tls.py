"""HTTPS through pinned addresses: the connection goes to the checked IP while TLS still verifies the host
name (SNI and certificate), and an https -> http redirect carries no credentials (C10)."""
from __future__ import annotations

import gzip

import pytest

from scraper.fetch import Fetcher
from tests.harness import server as S
from tests.harness.h2server import H2Server
from tests.harness.server import FaultServer
from tests.harness.tls import client_context, make_certificate, server_context

from .conftest import AGENT, TEST_LIMITS, run

HTML = b"<html><body><p>Night trains return to the northern line.</p></body></html>"


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    made = make_certificate(tmp_path_factory.mktemp("tls"))
    if made is None:
        pytest.skip("the openssl command is not installed")
    return made


@pytest.fixture
def tls_server(certificate, fake_clock):
    server = FaultServer(clock=fake_clock, tls=server_context(*certificate)).start()
    server.route("/robots.txt", S.status(404)).route("/a", S.page(HTML))
    yield server
    server.stop()


@pytest.fixture
def make_tls_fetcher(tls_server, certificate, resolver, fake_clock):
    def make(*also_allowed: tuple[str, int]) -> Fetcher:
        return Fetcher(user_agent=AGENT, limits=TEST_LIMITS,
                       allow={("127.0.0.1", tls_server.port), *also_allowed}, resolver=resolver,
                       clock=fake_clock, sleep=fake_clock.sleep,
                       ssl_context=client_context(certificate[0]))
    return make


def test_https_page_via_pinned_address_with_name_verified(tls_server, make_tls_fetcher):
    [response] = run(make_tls_fetcher(), [tls_server.url("/a", host="news.test")])
    assert response.outcome == "ok" and response.body == HTML
    assert tls_server.requests("/a")[0].host == "news.test"


def test_http2_where_the_server_offers_it(certificate, resolver, fake_clock):
    """The server speaks only HTTP/2 (ALPN h2): the page arrives, gzip-decoded by us, over HTTP/2."""
    server = H2Server(server_context(*certificate), body=gzip.compress(HTML),
                      headers=[("content-type", "text/html"), ("content-encoding", "gzip")]).start()
    try:
        fetcher = Fetcher(user_agent=AGENT, limits=TEST_LIMITS, allow={("127.0.0.1", server.port)},
                          resolver=resolver, clock=fake_clock, sleep=fake_clock.sleep,
                          ssl_context=client_context(certificate[0]))
        [response] = run(fetcher, [f"https://news.test:{server.port}/a"])
    finally:
        server.stop()
    assert response.outcome == "ok" and response.body == HTML
    assert response.http_version == "HTTP/2"
    assert [r[":path"] for r in server.requests] == ["/robots.txt", "/a"]
    assert server.requests[1][":authority"] == f"news.test:{server.port}"
    assert server.requests[1]["accept-encoding"] == "gzip, deflate"


def test_certificate_for_another_name_is_refused(tls_server, make_tls_fetcher):
    """r.test resolves to the same pinned address, but the certificate does not name it."""
    fetcher = make_tls_fetcher()
    [response] = run(fetcher, [tls_server.url("/a", host="r.test")])
    assert response.outcome == "blocked:robots"              # robots.txt unreachable: disallow all
    assert list(fetcher.host_report()["r.test"]["robots"].values()) == ["error:connect"]
    assert tls_server.requests() == []


def test_c10_https_to_http_downgrade_drops_credentials(tls_server, make_tls_fetcher, fault_server):
    fault_server.route("/robots.txt", S.status(404)).route("/landing", S.page(HTML))
    tls_server.route("/go", S.redirect(fault_server.url("/landing", host="news.test")))
    fetcher = make_tls_fetcher(("127.0.0.1", fault_server.port))
    [response] = run(fetcher, [tls_server.url("/go", host="news.test")],
                     headers={"Authorization": "Bearer xyz", "Cookie": "session=1"})
    # Followed under the same policy (a scheme change is a new origin), without the secrets.
    assert response.outcome == "ok" and response.final_url.startswith("http://")
    assert tls_server.requests("/go")[0].request.headers["authorization"] == "Bearer xyz"
    [landing] = fault_server.requests("/landing")
    assert "authorization" not in landing.request.headers and "cookie" not in landing.request.headers
