"""Who is on the other end of a connection: the client address, and which proxies to believe.

Failure limits are keyed on the client's address, so the address must be one the client cannot
choose. Behind a reverse proxy every connection comes from the proxy, and the real client is in
``X-Forwarded-For`` -- a header anyone can also send. It is believed only when the connection
comes from an address listed as a trusted proxy (``oylama serve --forwarded-allow-ips``): the
header is read from the right (the hop the trusted proxy appended) leftwards, skipping trusted
proxies, and the first address that is not one is the client. Without trusted proxies the
header is ignored and the peer address is the client.

(Uvicorn's own ``proxy_headers`` trusts ``127.0.0.1`` by default; the service's servers turn it
off, so that this module is the one place that decides.)
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from oylama.errors import InputError

#: What a connection without a peer address (a test transport, a Unix socket) is called.
UNKNOWN: Final = "unknown"

_Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [v6]:port
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # v4:port
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class TrustedProxies:
    """The networks whose ``X-Forwarded-For`` is believed (``everyone``: any peer's)."""

    networks: tuple[_Network, ...] = ()
    everyone: bool = False

    @classmethod
    def parse(cls, spec: str | Sequence[str] | None) -> TrustedProxies:
        """From ``--forwarded-allow-ips``: comma-separated addresses or CIDR networks, or
        ``*``; :class:`InputError` naming a bad item."""
        if spec is None:
            return cls()
        items: Iterable[str] = spec.split(",") if isinstance(spec, str) else spec
        networks: list[_Network] = []
        everyone = False
        for raw in items:
            item = raw.strip()
            if not item:
                continue
            if item == "*":
                everyone = True
                continue
            try:
                networks.append(ipaddress.ip_network(item, strict=False))
            except ValueError:
                raise InputError(
                    f"--forwarded-allow-ips: {item!r} is not an IP address or network"
                ) from None
        return cls(tuple(networks), everyone)

    def trusts(self, address: str) -> bool:
        if self.everyone:
            return True
        ip = _address(address)
        return ip is not None and any(ip in n for n in self.networks)

    def client(self, peer: str | None, forwarded_for: Sequence[str]) -> str:
        """The client address of a connection from ``peer`` carrying these header values."""
        if peer is None:
            return UNKNOWN
        if not forwarded_for or not self.trusts(peer):
            return peer
        hops = [h.strip() for value in forwarded_for for h in value.split(",")]
        client = peer
        for hop in reversed(hops):
            ip = _address(hop)
            if ip is None:  # garbage from further left cannot be believed
                break
            client = str(ip)
            if not self.trusts(client):
                break
        return client


def address_key(address: str) -> str:
    """What an address is counted as: itself, or its ``/64`` for IPv6."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address[:64]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def scope_client(scope: object, proxies: TrustedProxies) -> str:
    """The client address of an ASGI ``scope`` (a dict with ``client`` and ``headers``)."""
    assert isinstance(scope, dict)
    peer_pair = scope.get("client")
    peer = str(peer_pair[0]) if peer_pair else None
    forwarded = [
        v.decode("latin-1") for k, v in scope.get("headers", ()) if k == b"x-forwarded-for"
    ]
    return proxies.client(peer, forwarded)
