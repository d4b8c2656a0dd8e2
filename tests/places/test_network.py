"""Nothing in the places app reaches the network: loading and resolving work with
every socket connection refused."""

import socket
from typing import Any

import pytest

from bcd138.places import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    attempts: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> None:
        attempts.append(args)
        raise OSError("network access attempted in a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


def test_sockets_are_really_blocked(no_network: list[Any]) -> None:
    with pytest.raises(OSError, match="network access"):
        socket.create_connection(("example.org", 80))


def test_load_and_resolve_without_network(no_network: list[Any]) -> None:
    stats = services.places_load()
    assert stats.counts["2025"]["commune"] == 3321
    # A split legacy commune with a street part: the source package would call
    # its online geocoder here to pick the successor; we list them instead.
    split = services.address_resolve(
        "Số 7 đường ĐT602, Thôn Quan Nam, Xã Hòa Liên, Huyện Hòa Vang, Đà Nẵng"
    )
    assert split.status == "resolved"
    assert [p.code for p in split.current] == ["20197", "20194"]
    for address in [
        "12 Trần Phú, P. An Mỹ, TP Tam Kỳ, Quảng Nam",
        "phuong tam ky, da nang",
        "45 Lê Văn Sỹ, P.12, Q.3, TP HCM",
    ]:
        assert services.address_resolve(address).status == "resolved"
    assert services.address_resolve("An Mỹ").status == "ambiguous"
    assert no_network == []
