"""The address policy on addresses and URLs as values: no packet leaves this process.

Names are resolved through a table passed as the resolver, never through DNS."""

from __future__ import annotations

import ipaddress

import pytest

from ghosttab.errors import ErrorKind, GhosttabError
from ghosttab.policy import (
    AddressClass,
    AddressPolicy,
    IPAddress,
    PolicyError,
    PolicyPreset,
    PolicySettings,
    check_scheme,
    classify,
    host_in_domains,
    literal_address,
)

TABLE: dict[str, list[str]] = {
    "shop.example": ["93.184.216.34"],
    "intranet.corp": ["10.1.2.3"],
    "both.example": ["93.184.216.34", "192.168.0.7"],
    "metadata.google.internal": ["169.254.169.254"],
    "v6.example": ["2606:2800:220:1:248:1893:25c8:1946"],
    "img.shop.example": ["93.184.216.35"],
    "localhost": ["127.0.0.1", "::1"],
}


async def table(host: str) -> list[IPAddress]:
    if host not in TABLE:
        raise OSError(f"no such host {host}")
    return [ipaddress.ip_address(a) for a in TABLE[host]]


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", AddressClass.LOOPBACK),
        ("127.0.0.2", AddressClass.LOOPBACK),
        ("::1", AddressClass.LOOPBACK),
        ("::ffff:127.0.0.1", AddressClass.LOOPBACK),
        ("10.0.0.1", AddressClass.PRIVATE),
        ("172.16.5.4", AddressClass.PRIVATE),
        ("192.168.1.1", AddressClass.PRIVATE),
        ("100.64.0.1", AddressClass.PRIVATE),
        ("fc00::1", AddressClass.PRIVATE),
        ("169.254.1.1", AddressClass.LINK_LOCAL),
        ("fe80::1", AddressClass.LINK_LOCAL),
        ("169.254.169.254", AddressClass.METADATA),
        ("::ffff:169.254.169.254", AddressClass.METADATA),
        ("fd00:ec2::254", AddressClass.METADATA),
        ("240.0.0.1", AddressClass.RESERVED),
        ("224.0.0.1", AddressClass.MULTICAST),
        ("ff02::1", AddressClass.MULTICAST),
        ("0.0.0.0", AddressClass.UNSPECIFIED),
        ("::", AddressClass.UNSPECIFIED),
        ("93.184.216.34", AddressClass.PUBLIC),
        ("8.8.8.8", AddressClass.PUBLIC),
        ("2606:4700:4700::1111", AddressClass.PUBLIC),
    ],
)
def test_classify(address: str, kind: AddressClass) -> None:
    assert classify(address) == kind


@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("127.0.0.1", "127.0.0.1"),
        ("[::1]", "::1"),
        ("2130706433", "127.0.0.1"),
        ("0x7f.1", "127.0.0.1"),
        ("0x7f000001", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("shop.example", None),
        ("0xzz", None),
    ],
)
def test_literal_address(host: str, address: str | None) -> None:
    found = literal_address(host)
    assert (str(found) if found else None) == address


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "ftp://shop.example/",
        "javascript:alert(1)",
        "data:text/html,hi",
        "chrome://settings",
        "about:blank",
        "shop.example/path",
        "http:///nohost",
        "http://[::1",
    ],
)
def test_only_http_urls_with_a_host(url: str) -> None:
    with pytest.raises(PolicyError) as caught:
        check_scheme(url)
    assert isinstance(caught.value, GhosttabError)
    assert caught.value.error.kind == ErrorKind.POLICY


def test_scheme_error_says_what_is_wrong() -> None:
    with pytest.raises(PolicyError, match=r"only http\(s\) URLs are allowed, not file:"):
        check_scheme("file:///etc/passwd")


async def test_permissive_keeps_local_and_intranet_sites() -> None:
    policy = AddressPolicy.permissive()
    for url in (
        "http://127.0.0.1:8765/portal/",
        "http://[::1]:8000/",
        "http://10.0.0.5/",
        "http://192.168.1.20:8080/x",
        "https://intranet.corp/",
        "https://shop.example/",
        "http://unknown.invalid/",  # unresolvable: left to the browser's own error
    ):
        await policy.check(url, resolver=table)


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd00:ec2::254]/",
        "http://[::ffff:169.254.169.254]/",
        "http://metadata.google.internal/computeMetadata/v1/",
        "file:///etc/passwd",
    ],
)
async def test_permissive_refuses_metadata_and_other_schemes(url: str) -> None:
    with pytest.raises(PolicyError):
        await AddressPolicy.permissive().check(url, resolver=table)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8765/",
        "http://localhost/",
        "http://2130706433/",
        "http://0x7f.1/",
        "http://[::1]/",
        "http://10.0.0.5/",
        "https://intranet.corp/",
        "http://169.254.1.1/",
        "http://169.254.169.254/",
        "http://0.0.0.0:8000/",
        "http://224.0.0.1/",
        "https://both.example/",  # one private address beside a public one is enough
        "http://unknown.invalid/",  # unresolvable: refused
    ],
)
async def test_strict_refuses_all_but_public(url: str) -> None:
    with pytest.raises(PolicyError):
        await AddressPolicy.strict().check(url, resolver=table)


async def test_strict_allows_public_names_and_addresses() -> None:
    policy = AddressPolicy.strict()
    await policy.check("https://shop.example/cart", resolver=table)
    await policy.check("https://v6.example/", resolver=table)
    await policy.check("http://93.184.216.34/", resolver=table)


async def test_strict_allow_list_by_cidr_and_host() -> None:
    policy = AddressPolicy.strict(allow=["127.0.0.1/32", ".corp"])
    await policy.check("http://127.0.0.1:9000/", resolver=table)
    await policy.check("https://intranet.corp/", resolver=table)
    with pytest.raises(PolicyError, match=r"loopback address 127\.0\.0\.2"):
        await policy.check("http://127.0.0.2:9000/", resolver=table)


def test_allow_list_rejects_a_bad_cidr() -> None:
    with pytest.raises(ValueError, match="not a valid CIDR"):
        AddressPolicy.strict(allow=["10.0.0.0/99"])


async def test_allowed_domains_limit_navigation_not_subresources() -> None:
    policy = AddressPolicy.permissive().with_domains(["shop.example"])
    await policy.check("https://shop.example/", resolver=table)
    await policy.check("https://img.shop.example/", resolver=table)
    with pytest.raises(PolicyError, match="outside allowed_domains"):
        await policy.check("https://intranet.corp/", resolver=table)
    with pytest.raises(PolicyError, match="outside allowed_domains"):
        await policy.check("https://notshop.example/", resolver=table)
    await policy.check("https://intranet.corp/logo.png", navigation=False, resolver=table)


def test_check_url_form_needs_no_resolver() -> None:
    policy = AddressPolicy.strict().with_domains(["127.0.0.1"])
    with pytest.raises(PolicyError, match="loopback"):
        policy.check_url_form("http://127.0.0.1/")
    with pytest.raises(PolicyError, match="outside allowed_domains"):
        policy.check_url_form("http://127.0.0.2/")
    assert AddressPolicy.permissive().check_url_form("http://Shop.Example./x") == "shop.example"


@pytest.mark.parametrize(
    ("host", "domains", "inside"),
    [
        ("shop.example", ["shop.example"], True),
        ("a.b.shop.example", ["shop.example"], True),
        ("SHOP.example.", ["shop.example"], True),
        ("a.shop.example", ["*.shop.example"], True),
        ("evilshop.example", ["shop.example"], False),
        ("shop.example.evil", ["shop.example"], False),
        ("127.0.0.1", ["127.0.0.1"], True),
        ("127.0.0.2", ["127.0.0.1"], False),
        ("shop.example", [], False),
    ],
)
def test_host_in_domains(host: str, domains: list[str], inside: bool) -> None:
    assert host_in_domains(host, domains) is inside


def test_policy_error_is_a_ghosttab_error_with_a_message() -> None:
    error = PolicyError("http://x/: nope")
    assert isinstance(error, GhosttabError)
    assert error.error.kind == ErrorKind.POLICY
    assert str(error) == "http://x/: nope"


async def test_allowed_domains_follow_the_secrets_rule_with_ports() -> None:
    policy = AddressPolicy.permissive().with_domains(["127.0.0.1:8765"])
    await policy.check("http://127.0.0.1:8765/portal/")
    with pytest.raises(PolicyError, match="outside allowed_domains"):
        await policy.check("http://127.0.0.1:9999/")


def test_settings_build_the_presets() -> None:
    assert PolicySettings().build() == AddressPolicy.permissive()
    strict = PolicySettings(preset=PolicyPreset.STRICT, allow=["10.0.0.0/8"]).build()
    assert strict == AddressPolicy.strict(allow=["10.0.0.0/8"])
    strict.check_url_form("http://10.2.3.4/")
