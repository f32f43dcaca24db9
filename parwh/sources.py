"""Who published a statement: the registrable domain of its source address.

Independent witnesses are counted by registrable domain (public-suffix aware: vietnamnet.vn and
dantoctongiao.vietnamnet.vn are one publisher, two blogspot.com blogs are two). The Public Suffix List
is the one bundled with `publicsuffixlist`, so nothing is fetched. The build (models/intermediate/
int_observations__parsed.py) and ingest both call registrable_domain(); seeds/reference/ref_sources.csv
says what each domain is.
"""

from __future__ import annotations

import csv
import ipaddress
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from publicsuffixlist import PublicSuffixList

REGISTER = "seeds/reference/ref_sources.csv"


@lru_cache(maxsize=1)
def _public_suffixes() -> PublicSuffixList:
    return PublicSuffixList()  # the list bundled with the package; never downloaded


def source_host(url: str) -> str:
    return (urlsplit(url.strip()).hostname or "").lower().rstrip(".")


def registrable_domain(url: str) -> str:
    """'https://en.vietnamplus.vn/x' -> 'vietnamplus.vn'; a bare IP address is its own publisher."""
    host = source_host(url)
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return _public_suffixes().privatesuffix(host) or host


def registered_kinds(project: Path) -> dict[str, str]:
    """source_domain -> source_kind, from the register (read again whenever the file changes)."""
    register = project / REGISTER
    return _read_register(register, register.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _read_register(register: Path, _mtime_ns: int) -> dict[str, str]:
    with register.open(encoding="utf-8", newline="") as handle:
        return {row["source_domain"]: row["source_kind"] for row in csv.DictReader(handle)}
