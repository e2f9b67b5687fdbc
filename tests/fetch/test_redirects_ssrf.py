"""reliability.md group C: redirects, SSRF and leaks. Every server is on loopback; only the fault server's
(ip, port) is allowlisted, so any other loopback destination stands for an internal service."""
from __future__ import annotations

import asyncio
import ipaddress
import random

import pytest

from scraper.fetch import Fetcher
from scraper.netpolicy import AddressBlocked, NetPolicy, is_public_address, numeric_address
from tests.harness import server as S

from .conftest import AGENT, TEST_LIMITS, run

HTML = b"<html><body><p>An article about the harbour.</p></body></html>"


@pytest.fixture
def news(fault_server):
    fault_server.route("/robots.txt", S.status(404))
    fault_server.route("/a", S.page(HTML))
    return lambda path, host="news.test": fault_server.url(path, host=host)


def test_c1_self_redirect_loop(fault_server, make_fetcher, news):
    fault_server.route("/loop", S.redirect("/loop"))
    [response] = run(make_fetcher(), [news("/loop")])
    assert response.outcome == "error:redirect_loop"
    assert len(fault_server.requests("/loop")) <= 6


def test_c1_two_step_loop(fault_server, make_fetcher, news):
    fault_server.route("/x", S.redirect(news("/y", host="other.test")))
    fault_server.route("/y", S.redirect(news("/x")))
    [response] = run(make_fetcher(), [news("/x")])
    assert response.outcome == "error:redirect_loop"
    assert len(fault_server.page_requests()) <= 6


def test_c2_long_chain_stops_at_hop_cap(fault_server, make_fetcher, news):
    for n in range(30):
        fault_server.route(f"/chain/{n}", S.redirect(f"/chain/{n + 1}"))
    [response] = run(make_fetcher(), [news("/chain/0")])
    assert response.outcome == "error:redirect_loop"
    assert len(fault_server.page_requests()) == 6          # the first request and 5 redirects
    assert len(response.redirects) == 6


def test_redirect_within_policy_is_followed(fault_server, make_fetcher, news):
    fault_server.route("/old", S.redirect("/a", status=301))
    [response] = run(make_fetcher(), [news("/old")])
    assert response.outcome == "ok" and response.final_url == news("/a")
    assert response.redirects == [news("/old")]


def test_c3_redirect_to_decoy_blocked_before_connecting(fault_server, make_fetcher, news, decoy, scorecard):
    fault_server.route("/go", S.redirect(decoy.url("/admin")))
    [response] = run(make_fetcher(), [news("/go")])
    scorecard.add("ssrf_attempts")
    scorecard.add("ssrf_connections", decoy.connections)
    assert response.outcome == "blocked:ssrf"
    assert decoy.connections == 0


def test_seed_on_a_loopback_port_not_allowlisted_is_blocked(make_fetcher, decoy):
    [response] = run(make_fetcher(), [decoy.url("/")])
    assert response.outcome == "blocked:ssrf" and decoy.connections == 0


C4_HOSTS = ["169.254.169.254", "[::1]", "0.0.0.0", "10.0.0.1", "192.168.1.1", "172.16.0.1", "100.64.0.1",
            "[fc00::1]", "[::ffff:127.0.0.1]", "2130706433", "0177.0.0.1", "127.1", "0x7f000001",
            "[fe80::1]", "224.0.0.1", "[::]", "private.test", "mixed.test"]


@pytest.mark.parametrize("host", C4_HOSTS)
def test_c4_redirects_to_internal_addresses_blocked(fault_server, make_fetcher, news, network_jail, host,
                                                   scorecard):
    fault_server.route("/go", S.redirect(f"http://{host}/latest/meta-data/"))
    connections_before = len(network_jail.connections)
    [response] = run(make_fetcher(), [news("/go")])
    scorecard.add("ssrf_attempts")
    scorecard.add("ssrf_connections", len({port for _, port in network_jail.connections[connections_before:]}
                                          - {fault_server.port}))
    assert response.outcome == "blocked:ssrf", response.error_message
    # Only the fault server was ever dialled (robots.txt and /go), nothing else.
    assert {port for _, port in network_jail.connections[connections_before:]} == {fault_server.port}
    assert network_jail.violations == []


@pytest.mark.parametrize("location", ["file:///etc/passwd", "ftp://news.test/a", "data:text/html,<b>x</b>",
                                      "gopher://news.test/", "javascript:alert(1)"])
def test_c5_non_http_schemes_blocked(fault_server, make_fetcher, news, location):
    fault_server.route("/go", S.redirect(location))
    [response] = run(make_fetcher(), [news("/go")])
    assert response.outcome == "blocked:scheme"
    assert b"root:" not in response.body


def test_c7_discovered_links_checked_without_a_request(fault_server, make_fetcher, news, decoy, scorecard):
    fetcher = make_fetcher()
    links = {news("/a"): None, decoy.url("/admin"): "blocked:ssrf", "http://10.0.0.1/": "blocked:ssrf",
             "http://private.test/x": "blocked:ssrf", "ftp://news.test/": "blocked:scheme",
             "http://nowhere.test/": "error:connect"}

    async def go():
        async with fetcher:
            return {link: await fetcher.admissible(link) for link in links}
    assert asyncio.run(go()) == links
    scorecard.add("ssrf_attempts", 3)
    scorecard.add("ssrf_connections", decoy.connections)
    assert fault_server.requests() == [] and decoy.connections == 0


def test_c12_links_resolve_against_base_href_and_stay_in_scope(tmp_path, fault_server, decoy, scorecard):
    """A section page's `<base href>` decides where its relative links lead (not the page's own URL,
    which would store stories under URLs that do not exist); a base on another host only takes the links
    out of the site's scope, it never sends a request there."""
    from scraper.config import Site
    from tests.reliability.crawling import crawl_in_process, rows

    story = (b"<html><head><title>Ferry</title></head><body><article><h1>Ferry timetable</h1>"
             + b"<p>The council met again about the ferry timetable and the evening crossings.</p>" * 8
             + b"</article></body></html>")
    fault_server.route("/robots.txt", S.status(404))
    fault_server.route("/sections/news", S.page(
        b"<html><head><base href='/news/2026/'></head><body><a href='05/harbour-ferry-story'>s</a></body>"))
    fault_server.route("/sections/away", S.page(
        f"<html><head><base href='{decoy.url('/')}'></head><body><a href='2026/05/an-away-story'>s</a>"
        "</body></html>".encode()))
    fault_server.route("/news/2026/05/harbour-ferry-story", S.page(story))
    seeds = (fault_server.url("/sections/news"), fault_server.url("/sections/away"))
    crawl_in_process(tmp_path / "a.db", [Site(name="s", seeds=seeds)])
    scorecard.add("ssrf_attempts")
    scorecard.add("ssrf_connections", decoy.connections)
    story_url = fault_server.url("/news/2026/05/harbour-ferry-story")
    assert rows(tmp_path / "a.db", "SELECT url FROM articles") == [(story_url,)]
    assert [e.path for e in fault_server.page_requests() if "story" in e.path] == [
        "/news/2026/05/harbour-ferry-story"]
    assert decoy.connections == 0


def test_c5_non_http_seed_blocked(make_fetcher):
    [response] = run(make_fetcher(), ["file:///etc/passwd"])
    assert response.outcome == "blocked:scheme"


def test_c6_name_resolving_to_private_address(make_fetcher, resolver, network_jail, scorecard):
    [response] = run(make_fetcher(), ["http://private.test/a"])
    scorecard.add("ssrf_attempts")
    scorecard.add("ssrf_connections", len(network_jail.connections))
    assert response.outcome == "blocked:ssrf"
    assert resolver.calls["private.test"] == 1
    assert network_jail.connections == []


def test_c6_dns_rebinding_second_answer_never_dialled(fault_server, make_fetcher, resolver, network_jail):
    """rebind.test answers 127.0.0.1 (allowlisted with the server's port) once, then 10.0.0.1: the robots.txt
    hop uses the first answer; the page hop resolves once more, gets the private address and stops."""
    port = fault_server.port
    fault_server.route("/robots.txt", S.status(404))
    [response] = run(make_fetcher(), [f"http://rebind.test:{port}/a"])
    assert response.outcome == "blocked:ssrf"
    assert resolver.calls["rebind.test"] == 2                      # one resolution per hop
    assert [e.path for e in fault_server.requests()] == ["/robots.txt"]
    assert all(ip == "127.0.0.1" for ip, _ in network_jail.connections)


def test_c9_credentials_dropped_across_origins_and_cookies_never_stored(fault_server, make_fetcher, news,
                                                                       scorecard):
    fault_server.route("/login", S.redirect(news("/landing", host="other.test"),
                                            headers=[("Set-Cookie", "session=s3cr3t; Path=/")]))
    fault_server.route("/landing", S.page(HTML))
    secrets = {"Cookie": "token=abc", "Authorization": "Bearer xyz"}
    fetcher = make_fetcher()
    responses = run(fetcher, [news("/login"), news("/a")], headers=secrets)
    assert [r.outcome for r in responses] == ["ok", "ok"]
    [first] = fault_server.requests("/login")
    assert first.request.headers["authorization"] == "Bearer xyz"          # the origin it was given for
    [landing] = fault_server.requests("/landing")
    scorecard.add("header_leaks", sum(h in landing.request.headers for h in ("cookie", "authorization")))
    assert "cookie" not in landing.request.headers and "authorization" not in landing.request.headers
    # The Set-Cookie was not kept: the next request carries only the cookie we passed ourselves.
    [again] = fault_server.requests("/a")
    assert again.request.headers["cookie"] == "token=abc"
    assert len(fetcher.client.cookies.jar) == 0


def test_c9_port_change_is_a_different_origin(fault_server, make_fetcher, news, decoy):
    """A redirect to the same host on another (allowlisted) port drops credentials too."""
    decoy.route("/robots.txt", S.status(404)).route("/p", S.page(HTML))
    fault_server.route("/hop", S.redirect(decoy.url("/p", host="news.test")))
    fetcher = make_fetcher(allow={("127.0.0.1", fault_server.port), ("127.0.0.1", decoy.port)})
    [response] = run(fetcher, [news("/hop")], headers={"Authorization": "Bearer xyz"})
    assert response.outcome == "ok"
    assert all("authorization" not in e.request.headers for e in decoy.requests())


def test_c11_proxy_environment_ignored(fault_server, make_fetcher, news, decoy, monkeypatch):
    for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.setenv(name, decoy.url("/"))
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    [response] = run(make_fetcher(), [news("/a")])
    assert response.outcome == "ok" and decoy.connections == 0


def test_internationalised_host_is_resolved_and_dialled_in_idna_form(fault_server, make_fetcher, resolver):
    fault_server.route("/robots.txt", S.status(404)).route("/a", S.page(HTML))
    fetcher = make_fetcher()
    [response] = run(fetcher, [f"http://bücher.test:{fault_server.port}/a"])
    assert response.outcome == "ok"
    assert resolver.calls["xn--bcher-kva.test"] == 2                 # robots.txt and the page
    assert fault_server.requests("/a")[0].host == "xn--bcher-kva.test"
    assert "xn--bcher-kva.test" in fetcher.host_report()


def test_userinfo_in_url_is_never_sent(fault_server, make_fetcher, news):
    port = fault_server.port
    [response] = run(make_fetcher(), [f"http://user:pass@news.test:{port}/a"])
    assert response.outcome == "ok"
    [entry] = fault_server.requests("/a")
    assert "authorization" not in entry.request.headers


# ----------------------------------------------------------------- the address policy itself

REFUSED_NETWORKS = ["0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
                    "172.16.0.0/12", "192.168.0.0/16", "224.0.0.0/4", "240.0.0.0/4", "::/128", "::1/128",
                    "fc00::/7", "fe80::/10", "ff00::/8", "::ffff:0:0/96", "64:ff9b::a00:0/104",
                    "2002:a00::/24", "2002:7f00::/24"]
PUBLIC_ADDRESSES = ["8.8.8.8", "1.1.1.1", "93.184.216.34", "2606:4700::1111", "2a00:1450:4001::200e",
                    "64:ff9b::808:808", "2002:808:808::1"]


def test_is_public_address_against_reference_ranges():
    rng = random.Random(9309)
    for cidr in REFUSED_NETWORKS:
        network = ipaddress.ip_network(cidr)
        for _ in range(50):
            address = network[rng.randrange(network.num_addresses)]
            assert not is_public_address(str(address)), address
    for address in PUBLIC_ADDRESSES:
        assert is_public_address(address), address
    assert not is_public_address("not an address")


@pytest.mark.parametrize("spelling", ["2130706433", "0177.0.0.1", "127.1", "0x7f000001", "0x7f.1",
                                      "017700000001"])
def test_odd_spellings_are_parsed_not_pattern_matched(spelling):
    assert numeric_address(spelling) == ["127.0.0.1"]
    assert not is_public_address(numeric_address(spelling)[0])


def test_allowlist_is_exact_ip_and_port():
    policy = NetPolicy(allow=frozenset({("127.0.0.1", 8000)}))
    assert asyncio.run(policy.resolve_checked("127.0.0.1", 8000)) == ["127.0.0.1"]
    for host, port in [("127.0.0.1", 8001), ("127.0.0.2", 8000), ("[::1]", 8000)]:
        with pytest.raises(AddressBlocked, match="non-public"):
            asyncio.run(policy.resolve_checked(host, port))


def test_only_pinned_addresses_are_dialled(resolver):
    """The connection layer refuses a host that was never checked instead of resolving it itself."""
    fetcher = Fetcher(user_agent=AGENT, limits=TEST_LIMITS, resolver=resolver)

    async def go():
        async with fetcher:
            with pytest.raises(AddressBlocked, match="never checked"):
                await fetcher.client.get("http://news.test:1/")
    asyncio.run(go())


@pytest.mark.parametrize("bad", ["", "news.test/a", "//news.test/a", "http://", "http://[::1",
                                 "http://a b/", "http://news.test:99999/", "http://%zz/", "http://xn--/",
                                 "mailto:x@news.test",
                                 "http://news.test/\x00", "http://" + "a" * 300 + ".test/"])
def test_malformed_urls_get_an_outcome_never_an_exception(make_fetcher, bad):
    [response] = run(make_fetcher(), [bad])
    assert response.outcome in {"blocked:scheme", "error:protocol", "error:connect", "blocked:ssrf"}, response


def test_location_header_garbage_is_an_outcome(fault_server, make_fetcher, news):
    fault_server.route("/go", S.redirect("http://[::1"))
    fault_server.route("/go2", S.redirect("http://news.test:99999/x"))
    responses = run(make_fetcher(), [news("/go"), news("/go2")])
    assert [r.outcome for r in responses] == ["error:protocol", "error:protocol"]


def test_uppercase_scheme_and_fragment_are_fine(fault_server, make_fetcher, news):
    [response] = run(make_fetcher(), [news("/a").replace("http://", "HTTP://") + "#comments"])
    assert response.outcome == "ok"


def test_non_ascii_validator_is_an_outcome(fault_server, make_fetcher, news):
    [response] = run(make_fetcher(), [news("/a")], etag='"caf\u00e9"')
    assert response.outcome == "error:protocol"
