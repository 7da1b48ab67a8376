"""A page's bytes as text, for Korean news sites as they are.

Many Korean news sites still serve EUC-KR, and most of those that say EUC-KR
send CP949 (Microsoft's superset, also called UHC): the 8,822 syllables that
EUC-KR lacks, such as 똠, 햏 or 샾, arrive as CP949 codes that Python's
``euc_kr`` codec refuses. So every Korean legacy name is read as CP949.

The order is the browsers' (WHATWG "encoding sniffing"): a byte order mark,
the Content-Type header, then ``<meta charset>`` or ``http-equiv`` in the page,
then a guess (charset-normalizer). Sites also declare one encoding and send
another, so each declaration is tried strictly and the next one taken when the
bytes are not valid in it; a header saying ISO-8859-1 (a web server's default,
which Korean pages under an old Apache still get) is believed last, since
Latin-1 decodes any bytes at all. When nothing fits, the first declaration is
used with replacement characters.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator

import charset_normalizer

# Names that mean Korean in the legacy encodings, all read as CP949.
_KOREAN = {
    "euc-kr",
    "euc_kr",
    "euckr",
    "ks_c_5601-1987",
    "ks_c_5601",
    "ksc5601",
    "ksc_5601",
    "korean",
    "csksc56011987",
    "iso-ir-149",
    "windows-949",
    "x-windows-949",
    "ms949",
    "uhc",
    "cp949",
}
# Names for Latin-1, read as windows-1252 (the browsers' reading of them).
_LATIN = {"latin_1", "iso8859-1", "iso-8859-1", "ascii", "us-ascii", "cp1252", "windows-1252"}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.I)
PRESCAN_BYTES = 16 * 1024  # browsers look at 1,024; Korean pages often put it later
GUESS_BYTES = 64 * 1024


def python_codec(name: str | None) -> str | None:
    """The Python codec for a charset name as pages write it, or None if unknown."""
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    if name in _KOREAN:
        return "cp949"
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    if codec == "euc_kr":
        return "cp949"
    if codec in _LATIN:
        return "cp1252"
    return codec


def meta_charset(body: bytes) -> str | None:
    """The charset the page names in its first bytes (``<meta charset>`` or the
    ``http-equiv`` Content-Type), as a Python codec."""
    found = _META_CHARSET.search(body[:PRESCAN_BYTES])
    if found is None:
        return None
    codec = python_codec(found.group(1).decode("ascii", "replace"))
    # An ASCII-compatible page cannot be UTF-16: a page saying so is UTF-8 (WHATWG).
    return "utf-8" if codec is not None and codec.startswith("utf_16") else codec


def guessed_charset(body: bytes) -> str | None:
    best = charset_normalizer.from_bytes(body[:GUESS_BYTES]).best()
    return python_codec(best.encoding) if best is not None else None


def charset_of(body: bytes, declared: str | None = None) -> str:
    """The Python codec the page's bytes are read with (``declared``: the
    Content-Type header's charset)."""
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return codec
    first = None
    for codec in _candidates(body, python_codec(declared)):
        first = first or codec
        try:
            body.decode(codec)
        except UnicodeDecodeError:
            continue
        return codec
    return first or "utf-8"


def _candidates(body: bytes, header: str | None) -> Iterator[str]:
    """The charsets to try, in order; the guess is made only when it is needed."""
    weak = header == "cp1252"
    if header and not weak:
        yield header
    for codec in (meta_charset(body), guessed_charset(body)):
        if codec:
            yield codec
    if header and weak:
        yield header
    yield "utf-8"


def decode_html(body: bytes, declared: str | None = None) -> str:
    """The page as text: the first charset its bytes are valid in, in the order above."""
    return body.decode(charset_of(body, declared), errors="replace")
