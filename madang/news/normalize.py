"""Links as keys: two addresses of the same article give the same key.

``link_key`` turns an http(s) address into a key without a scheme: the host lower-cased
(IDN hosts in punycode) without ``www.``, ``m.``, ``mobile.`` or ``amp.`` and with the
mobile hosts of link_rules.toml named as their desktop host; the path with its
percent-encoding normalised, dot segments resolved, empty segments, ``amp`` segments,
``.amp`` suffixes, ``index.html`` and the trailing slash dropped; the query without
tracking parameters (link_rules.toml) nor AMP switches, sorted; no fragment, no user,
no default port. A page of Google's AMP cache (``*.cdn.ampproject.org/c/s/...``) or
viewer (``google.com/amp/s/...``) is keyed as the page it copies.

Naver and Daum have rules of their own (``_portal_key``), because their articles
have many addresses whose paths differ, not only their hosts: every Naver article
address, old (``read.nhn?oid=..&aid=..``), new (``n.news.naver.com/mnews/article/<oid>/<aid>``),
entertainment, sports or finance, becomes ``news.naver.com/article/<oid>/<aid>``; the
press code and the article number are all that pick a Naver article, the section
(``sid``), the mode and the ranking are not. Every Daum article address becomes
``v.daum.net/v/<id>``.

``canonical_alias`` is the key of the canonical address a page names (the preview
reads it), kept beside the link's own key: a press's mobile page whose path differs
from the desktop one names the desktop page. Only a page of the same site, or of a
news portal, may name it (see there why). ``publisher`` says who wrote the article a
key stands for, where the key tells.
"""

from __future__ import annotations

import ipaddress
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit

import idna

RULES = Path(__file__).with_name("link_rules.toml")

_DEFAULT_PORTS = {"http": 80, "https": 443}
_HOST_PREFIXES = ("www.", "m.", "mobile.", "amp.")
_HOST_RE = re.compile(r"[a-z0-9_-]+(?:\.[a-z0-9_-]+)*")
_INDEX_PAGES = frozenset({"index.html", "index.htm", "index.php"})
_AMP_SUFFIX_RE = re.compile(r"\.amp(?=\.html?$|$)", re.IGNORECASE)
# Parameters that switch a page to its AMP form, with the values that do it (None: any).
_AMP_PARAMS: dict[str, str | None] = {"amp": None, "outputtype": "amp", "output": "amp"}
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_ESCAPE_RE = re.compile(r"%([0-9A-Fa-f]{2})")
_LONE_PERCENT_RE = re.compile(r"%(?![0-9A-Fa-f]{2})")
_PATH_SAFE = "/:@!$&'()*+,;=%"
_QUERY_SAFE = "/:@!$'()*,;"

# AMP caches and viewers: the host they answer on, and the path before the copied address.
_AMP_CACHE_RE = re.compile(r"/[cv]/(s/)?([^/?#]+)(/[^?#]*)?")
_AMP_VIEWER_RE = re.compile(r"/amp/(s/)?([^/?#]+)(/[^?#]*)?")
_GOOGLE_RE = re.compile(r"(?:www\.)?google\.[a-z.]+")

_NAVER_PATH_RE = re.compile(r"/article/(\d{3})/(\d{10})/?$")
_NAVER_READ_RE = re.compile(r"(?:read|news|news_read)(?:\.nhn|\.naver)?", re.IGNORECASE)
_DAUM_HOST_RE = re.compile(r"(?:[a-z]+\.)?v\.(?:media\.)?daum\.net")
_DAUM_PATH_RE = re.compile(r"/v/([A-Za-z0-9]+)/?$")
_NAVER_KEY_RE = re.compile(r"news\.naver\.com/article/(\d{3})/\d{10}")

# Second-level labels under a country code that the public registers under (co.kr, or.jp,
# com.au): the site of www.hani.co.kr is hani.co.kr, not co.kr.
_SECOND_LEVEL = frozenset(
    {"co", "or", "go", "ne", "re", "pe", "ac", "mil", "com", "net", "org", "gov", "edu"}
)


@dataclass(frozen=True)
class Rules:
    params: frozenset[str]
    prefixes: tuple[str, ...]
    site_params: dict[str, frozenset[str]]
    hosts: dict[str, str]
    portals: frozenset[str]


@cache
def rules() -> Rules:
    with RULES.open("rb") as data:
        raw = tomllib.load(data)
    tracking = raw["tracking"]
    return Rules(
        params=frozenset(name.lower() for name in tracking["params"]),
        prefixes=tuple(prefix.lower() for prefix in tracking["prefixes"]),
        site_params={
            site: frozenset(name.lower() for name in names)
            for site, names in tracking["sites"].items()
        },
        hosts=dict(raw["hosts"]),
        portals=frozenset(raw["portals"]["sites"]),
    )


def link_key(url: str) -> str | None:
    """The key of an http(s) address, or None for anything else."""
    parts = _parts(url)
    if parts is None:
        return None
    host, path, query = parts
    portal = _portal_key(host, path, query)
    if portal is not None:
        return portal
    key = host + _path(path)
    query = _query(host, query)
    return f"{key}?{query}" if query else key


def canonical_alias(page_url: str, canonical_url: str) -> str | None:
    """The key of the canonical address a page names, when it is worth keeping.

    None when it is the page's own key, or when it names another site and the page is
    not a portal's: otherwise a page of anyone's could claim to be a story that has not
    been posted yet, and the first real link to that story would be taken for its copy.
    """
    page = link_key(page_url)
    alias = link_key(urljoin(page_url, canonical_url.strip()))
    if page is None or alias is None or alias == page:
        return None
    page_site = site_of(page)
    if page_site != site_of(alias) and page_site not in rules().portals:
        return None
    return alias


def site_of(key: str) -> str:
    """The registered domain of a key's host (hani.co.kr for news.hani.co.kr/...)."""
    host = key.split("/", 1)[0]
    if host.startswith("["):
        return host.split("]", 1)[0] + "]"
    host = host.split(":", 1)[0]
    labels = host.split(".")
    if labels[-1].isdigit():
        return host
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def publisher(key: str) -> str | None:
    """Who wrote the article a key stands for: its site, or Naver's press code; None for
    the other portals, whose addresses do not say which press wrote the article."""
    naver = _NAVER_KEY_RE.fullmatch(key)
    if naver:
        return f"naver:{naver[1]}"
    site = site_of(key)
    return None if site in rules().portals else site


def _parts(url: str, unwrapped: bool = False) -> tuple[str, str, str] | None:
    """Host (with a port other than the default), path and query; None if not http(s)."""
    if not isinstance(url, str):
        return None
    try:
        split = urlsplit(url.strip())
        scheme = split.scheme.lower()
        if scheme not in _DEFAULT_PORTS or not split.hostname:
            return None
        port = split.port
    except ValueError:  # a port that is not a number, brackets that do not close
        return None
    if not unwrapped:
        copied = _amp_original(split.hostname, split.path, split.query)
        if copied is not None:
            return _parts(copied, unwrapped=True)
    host = _host(split.hostname)
    if host is None:
        return None
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    return host, split.path, split.query


def _amp_original(hostname: str, path: str, query: str) -> str | None:
    """The address an AMP cache or viewer page copies, or None for any other page."""
    if hostname.endswith(".cdn.ampproject.org"):
        match = _AMP_CACHE_RE.match(path)
    elif _GOOGLE_RE.fullmatch(hostname):
        match = _AMP_VIEWER_RE.match(path)
    else:
        return None
    if match is None:
        return None
    scheme = "https" if match[1] else "http"
    return f"{scheme}://{match[2]}{match[3] or ''}" + (f"?{query}" if query else "")


def _host(name: str) -> str | None:
    name = name.rstrip(".")
    if ":" in name:
        try:
            return f"[{ipaddress.IPv6Address(name).compressed}]"
        except ValueError:
            return None
    try:
        if not name.isascii():
            name = idna.encode(name, uts46=True).decode("ascii")
        elif "xn--" in name:
            idna.decode(name)  # punycode that decodes to nothing is no host
    except idna.IDNAError:
        return None
    if not _HOST_RE.fullmatch(name):
        return None
    stripped = True
    while stripped:
        stripped = False
        for prefix in _HOST_PREFIXES:
            rest = name.removeprefix(prefix)
            if rest != name and "." in rest:
                name, stripped = rest, True
    return rules().hosts.get(name, name)


def _portal_key(host: str, path: str, query: str) -> str | None:
    if host == "naver.com" or host.endswith(".naver.com"):
        match = _NAVER_PATH_RE.search(path)
        if match:
            return f"news.naver.com/article/{match[1]}/{match[2]}"
        if _NAVER_READ_RE.fullmatch(path.rstrip("/").rsplit("/", 1)[-1]):
            params = {name.lower(): value for name, value in parse_qsl(query)}
            office = params.get("oid") or params.get("office_id") or ""
            article = params.get("aid") or params.get("article_id") or ""
            if re.fullmatch(r"\d{3}", office) and re.fullmatch(r"\d{10}", article):
                return f"news.naver.com/article/{office}/{article}"
    if _DAUM_HOST_RE.fullmatch(host):
        match = _DAUM_PATH_RE.match(path)
        if match:
            return f"v.daum.net/v/{match[1]}"
    return None


def _percent(text: str, safe: str) -> str:
    """One spelling for each address: unreserved characters undone from their escapes,
    the other escapes in upper case, anything else outside ``safe`` escaped (UTF-8)."""
    text = _LONE_PERCENT_RE.sub("%25", text)

    def fix(escape: re.Match[str]) -> str:
        char = chr(int(escape[1], 16))
        return char if char in _UNRESERVED else "%" + escape[1].upper()

    return quote(_ESCAPE_RE.sub(fix, text), safe=safe)


def _path(path: str) -> str:
    segments: list[str] = []
    for segment in _percent(path, _PATH_SAFE).split("/"):
        if segment in ("", "."):
            continue
        if segment == "..":
            if segments:
                segments.pop()
            continue
        if segment.lower() == "amp":
            continue
        segments.append(segment)
    if segments and segments[-1].lower() in _INDEX_PAGES:
        segments.pop()
    if segments:
        segments[-1] = _AMP_SUFFIX_RE.sub("", segments[-1])
        if not segments[-1]:
            segments.pop()
    return "/" + "/".join(segments)


def _query(host: str, query: str) -> str:
    host = host.split(":", 1)[0] if not host.startswith("[") else host
    site_noise: set[str] = set()
    for site, names in rules().site_params.items():
        if host == site or host.endswith("." + site):
            site_noise |= names
    kept = sorted(
        (name, value)
        for name, value in parse_qsl(query, keep_blank_values=True, errors="replace")
        if not _is_noise(name.lower(), value, site_noise)
    )
    return urlencode(kept, quote_via=quote, safe=_QUERY_SAFE)


def _is_noise(name: str, value: str, site_noise: set[str]) -> bool:
    the_rules = rules()
    if name in the_rules.params or name in site_noise:
        return True
    if name.startswith(the_rules.prefixes):
        return True
    if name in _AMP_PARAMS:
        wanted = _AMP_PARAMS[name]
        return wanted is None or value.lower() == wanted
    return False
