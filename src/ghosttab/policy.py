"""Where a task (or a REST caller) may send the browser: the address policy.

One rule for the runner and the service: only `http` and `https` URLs, and only hosts whose every
address falls in an allowed class (loopback, private, link-local, cloud metadata, reserved,
multicast, unspecified, public), unless the host or its address is on the policy's allow list.
Names are resolved through DNS (`getaddrinfo`, off the event loop) and every address a name
resolves to must pass, so a name cannot smuggle a private address in beside a public one.

Two presets: `AddressPolicy.permissive()` keeps today's CLI use (local and intranet sites work;
only other schemes and the cloud metadata endpoints are refused) and `AddressPolicy.strict()` is
the service's (public addresses only, unless allow-listed). `allowed_domains`, when given, limits
which hosts a task may navigate to, whatever their addresses.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable, Iterable
from enum import Enum
from typing import ClassVar
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ghosttab.errors import ErrorKind, ErrorSource, GhosttabError
from ghosttab.secrets import host_allowed

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
# A name -> its addresses; the default asks the system resolver. Tests pass a table instead.
Resolver = Callable[[str], Awaitable[list[IPAddress]]]

ALLOWED_SCHEMES = frozenset({"http", "https"})
# AWS, GCP, Azure, OpenStack, DigitalOcean (IPv4) and AWS (IPv6) instance metadata services.
METADATA_ADDRESSES = frozenset(
    {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}
)
_SHARED_ADDRESS_SPACE = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT: not public


class PolicyError(GhosttabError):
    """A URL the address policy refuses: another scheme, a refused address class, a host outside
    `allowed_domains`. Raised before any connection is made."""

    kind = ErrorKind.POLICY
    source = ErrorSource.NAVIGATION


class AddressClass(str, Enum):
    PUBLIC = "public"
    LOOPBACK = "loopback"
    PRIVATE = "private"
    LINK_LOCAL = "link-local"
    METADATA = "metadata"
    RESERVED = "reserved"
    MULTICAST = "multicast"
    UNSPECIFIED = "unspecified"


def classify(address: IPAddress | str) -> AddressClass:
    """The class of one address; an IPv4-mapped IPv6 address is classed as its IPv4 address."""
    ip = ipaddress.ip_address(address) if isinstance(address, str) else address
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip in METADATA_ADDRESSES:
        return AddressClass.METADATA
    if ip.is_unspecified:
        return AddressClass.UNSPECIFIED
    if ip.is_loopback:
        return AddressClass.LOOPBACK
    if ip.is_link_local:
        return AddressClass.LINK_LOCAL
    if ip.is_multicast:
        return AddressClass.MULTICAST
    if ip.is_reserved:
        return AddressClass.RESERVED
    if isinstance(ip, ipaddress.IPv4Address) and ip in _SHARED_ADDRESS_SPACE:
        return AddressClass.PRIVATE
    if ip.is_private:
        return AddressClass.PRIVATE
    if not ip.is_global:
        return AddressClass.RESERVED
    return AddressClass.PUBLIC


def literal_address(host: str) -> IPAddress | None:
    """The address a host names literally (`127.0.0.1`, `[::1]`, `2130706433`, `0x7f.1`), or None
    for a name. The shorthand IPv4 forms are read as browsers and `inet_aton` read them."""
    bare = host.strip("[]")
    try:
        return ipaddress.ip_address(bare)
    except ValueError:
        pass
    if bare and all(part.isdigit() or _is_hex(part) for part in bare.rstrip(".").split(".")):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(bare.rstrip(".")))
        except OSError:
            return None
    return None


def _is_hex(part: str) -> bool:
    return part.lower().startswith("0x") and all(c in "0123456789abcdef" for c in part[2:].lower())


async def system_resolver(host: str) -> list[IPAddress]:
    """Every address the system resolver gives for `host` (the event loop runs getaddrinfo in a
    thread, so a slow DNS server blocks nothing)."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
    return _addresses(str(info[4][0]) for info in infos)


def _addresses(values: Iterable[str]) -> list[IPAddress]:
    found: list[IPAddress] = []
    for value in values:
        ip = ipaddress.ip_address(value.split("%", 1)[0])  # drop an IPv6 zone (fe80::1%eth0)
        if ip not in found:
            found.append(ip)
    return found


def host_in_domains(host: str, domains: Iterable[str]) -> bool:
    """`host` is one of `domains` or below one of them (`a.shop.example` is in `shop.example`)."""
    name = _normal_host(host)
    for domain in domains:
        wanted = _normal_host(domain).lstrip("*.").lstrip(".")
        if wanted and (name == wanted or name.endswith("." + wanted)):
            return True
    return False


def _normal_host(host: str) -> str:
    return host.strip().strip("[]").rstrip(".").lower()


class AddressPolicy(BaseModel):
    """Which URLs a browser may be sent to. Immutable; `with_domains` narrows it for one task."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    PERMISSIVE_CLASSES: ClassVar[frozenset[AddressClass]] = frozenset(AddressClass) - {AddressClass.METADATA}
    STRICT_CLASSES: ClassVar[frozenset[AddressClass]] = frozenset({AddressClass.PUBLIC})

    allow_classes: frozenset[AddressClass] = Field(
        default=PERMISSIVE_CLASSES, description="address classes a host's every address must fall in"
    )
    allow: tuple[str, ...] = Field(
        default=(), description="hosts (`intranet.corp`, `.corp` for a whole domain) or CIDRs "
        "(`10.1.0.0/16`, `127.0.0.1/32`) allowed whatever their class",
    )  # fmt: skip
    allowed_domains: tuple[str, ...] = Field(
        default=(),
        description="when given, the only hosts (and their subdomains; `host:port` pins a port) a task "
        "may navigate to; the same rule as where secrets may be typed (`secrets.host_allowed`)",
    )
    refuse_unresolved: bool = Field(
        default=False, description="refuse a name DNS cannot resolve (else the browser's own error shows)"
    )

    @field_validator("allow")
    @classmethod
    def _valid_allow_entries(cls, entries: tuple[str, ...]) -> tuple[str, ...]:
        for entry in entries:
            if "/" in entry:
                try:
                    ipaddress.ip_network(entry, strict=False)
                except ValueError as exc:
                    raise ValueError(f"allow: {entry!r} is not a valid CIDR ({exc})") from exc
            elif not entry.strip():
                raise ValueError("allow: an entry is empty")
        return entries

    @classmethod
    def permissive(cls, allow: Iterable[str] = ()) -> AddressPolicy:
        """The CLI's default: any http(s) site, local and intranet ones included; no cloud metadata."""
        return cls(allow_classes=cls.PERMISSIVE_CLASSES, allow=tuple(allow))

    @classmethod
    def strict(cls, allow: Iterable[str] = ()) -> AddressPolicy:
        """The service's default: public addresses only, unless a host or CIDR is allow-listed."""
        return cls(allow_classes=cls.STRICT_CLASSES, allow=tuple(allow), refuse_unresolved=True)

    def with_domains(self, domains: Iterable[str]) -> AddressPolicy:
        """This policy, limited to navigating within `domains` (a task's `allowed_domains`)."""
        return self.model_copy(update={"allowed_domains": tuple(d for d in domains if d.strip())})

    @property
    def networks(self) -> list[IPNetwork]:
        return [ipaddress.ip_network(entry, strict=False) for entry in self.allow if "/" in entry]

    # -- checks --------------------------------------------------------------------------------

    def check_url_form(self, url: str, navigation: bool = True) -> str:
        """Refuse a URL on its form alone (scheme, host, `allowed_domains`, a literal address);
        return its host. No DNS: safe where validation must not wait (TaskSpec, a request body)."""
        host = check_scheme(url)
        if navigation and self.allowed_domains and not host_allowed(url, list(self.allowed_domains)):
            domains = ", ".join(self.allowed_domains)
            raise PolicyError(f"{_short(url)}: host {host!r} is outside allowed_domains ({domains})")
        ip = literal_address(host)
        if ip is not None:
            self._check_address(url, host, ip)
        return host

    async def check(self, url: str, navigation: bool = True, resolver: Resolver | None = None) -> None:
        """Refuse `url` (PolicyError) unless its scheme, host and every address the host resolves
        to are allowed. `navigation=False` (a subresource) skips `allowed_domains`."""
        host = self.check_url_form(url, navigation)
        if literal_address(host) is not None or self._host_allowed(host):
            return
        if self.allow_classes >= frozenset(AddressClass) and not self.networks:
            return  # every class is allowed: nothing a lookup could refuse
        try:
            addresses = await (resolver or system_resolver)(host)
        except (OSError, UnicodeError) as exc:
            if self.refuse_unresolved:
                raise PolicyError(f"{_short(url)}: host {host!r} cannot be resolved ({exc})") from None
            return
        if not addresses and self.refuse_unresolved:
            raise PolicyError(f"{_short(url)}: host {host!r} resolves to no address")
        for ip in addresses:
            self._check_address(url, host, ip)

    def check_blocking(self, url: str, navigation: bool = True) -> None:
        """`check` for code without an event loop running (a CLI command, a sync validator)."""
        asyncio.run(self.check(url, navigation))

    def _host_allowed(self, host: str) -> bool:
        names = [entry for entry in self.allow if "/" not in entry]
        return bool(names) and host_in_domains(host, names)

    def _check_address(self, url: str, host: str, ip: IPAddress) -> None:
        if self._host_allowed(host) or any(ip in network for network in self.networks):
            return
        kind = classify(ip)
        if kind not in self.allow_classes:
            where = host if host.strip("[]") == str(ip) else f"{host!r} ({ip})"
            raise PolicyError(f"{_short(url)}: {kind.value} address {where} is not allowed")


class PolicyPreset(str, Enum):
    PERMISSIVE = "permissive"  # the CLI's: local and intranet sites work, cloud metadata does not
    STRICT = "strict"  # the service's: public addresses only, unless allow-listed


class PolicySettings(BaseModel):
    """The address policy as configured (`GHOSTTAB_POLICY__PRESET=strict`,
    `GHOSTTAB_POLICY__ALLOW='["10.1.0.0/16", "intranet.corp"]'`)."""

    model_config = ConfigDict(extra="forbid")

    preset: PolicyPreset = Field(
        PolicyPreset.PERMISSIVE, description="permissive (local and intranet sites allowed) | strict"
    )
    allow: list[str] = Field(
        default_factory=list, description="hosts, `.domain`s or CIDRs allowed whatever their address class"
    )

    def build(self) -> AddressPolicy:
        make = AddressPolicy.strict if self.preset == PolicyPreset.STRICT else AddressPolicy.permissive
        return make(allow=self.allow)


def check_scheme(url: str) -> str:
    """Refuse anything but an absolute http(s) URL with a host; return the host, lower case."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError as exc:
        raise PolicyError(f"{_short(url)}: not a valid URL ({exc})") from None
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        scheme = f"{parts.scheme}:" if parts.scheme else "no scheme"
        raise PolicyError(f"{_short(url)}: only http(s) URLs are allowed, not {scheme}")
    if not host:
        raise PolicyError(f"{_short(url)}: an http(s) URL needs a host")
    return _normal_host(host)


def _short(url: str, limit: int = 120) -> str:
    return url if len(url) <= limit else url[: limit - 1] + "…"


__all__ = [
    "ALLOWED_SCHEMES",
    "METADATA_ADDRESSES",
    "AddressClass",
    "AddressPolicy",
    "PolicyError",
    "PolicyPreset",
    "PolicySettings",
    "Resolver",
    "check_scheme",
    "classify",
    "host_in_domains",
    "literal_address",
    "system_resolver",
]
