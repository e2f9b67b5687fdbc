"""Bytes to text, as a browser would: BOM, then the HTTP header, then <meta charset>, then sniffing.

Deviation from the WHATWG algorithm, on purpose: a declared charset that the bytes plainly
contradict (declared UTF-8 but invalid; declared a legacy charset but valid multi-byte UTF-8) is
overruled by what the bytes are, because an archive wants the text the author wrote,
not the mojibake a browser would show.
"""
from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))

# WHATWG label -> the Python codec that decodes it the way browsers do.
_ALIASES = {
    "latin1": "cp1252", "latin-1": "cp1252", "iso-8859-1": "cp1252", "iso8859-1": "cp1252",
    "l1": "cp1252", "ascii": "cp1252", "us-ascii": "cp1252", "windows-1252": "cp1252",
    "iso-8859-9": "cp1254", "latin5": "cp1254",
    "shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932", "ms_kanji": "cp932",
    "windows-31j": "cp932",
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "chinese": "gb18030",
    "euc-kr": "cp949", "ks_c_5601-1987": "cp949", "korean": "cp949",
    "big5": "big5hkscs",
    "utf-16": "utf-8", "utf-16le": "utf-8", "utf-16be": "utf-8",  # a <meta> cannot really say UTF-16
    "x-user-defined": "cp1252", "unicode-1-1-utf-8": "utf-8", "utf8": "utf-8",
}

_LATIN = re.compile(r"^(cp125[0247]|iso8859[-_](?:[1-4]|9|1[03-6])|latin[-_]1|mac[-_][\w-]+)$")
_HTML_LANG = re.compile(rb"""<html[^>]*?\slang\s*=\s*["']?([a-zA-Z]{2,3})""", re.IGNORECASE)
_LATIN_BY_LANG = {**dict.fromkeys(("pl", "cs", "sk", "hu", "hr", "sl", "ro", "bs", "sr"), "cp1250"),
                  "tr": "cp1254", **dict.fromkeys(("lt", "lv", "et"), "cp1257")}
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)""", re.IGNORECASE)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_BYTES = bytes(range(0x20)).translate(None, b"\t\n\r") + b"\x7f"


def codec_for(label: str | None) -> str | None:
    """The Python codec for an encoding label, or None for a label no browser knows."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return "utf-8" if name in ("utf-16", "utf-16-le", "utf-16-be") and label in _ALIASES else name


def declared_charset(head: bytes) -> str | None:
    """The charset a page's own <meta> declares in its first 4 KiB (the WHATWG prescan reads 1 KiB;
    real pages put long <head>s first)."""
    m = _META_CHARSET.search(head[:4096])
    return codec_for(m.group(1).decode("ascii", "ignore")) if m else None


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        # A page cut mid-character at the end is still UTF-8.
        return e.start >= len(data) - 3 and e.reason == "unexpected end of data"
    return True


def _utf8_with_strays(data: bytes) -> bool:
    """UTF-8 text with a few broken sequences (a stray byte from a bad edit, a cut-and-paste): no more
    invalid sequences than valid non-ASCII characters. Decoded as UTF-8 with U+FFFD for the strays; a
    legacy-charset page mislabelled UTF-8 has almost no valid multi-byte sequences and is sniffed."""
    text = data.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd") - data.count("\ufffd".encode())
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    return 0 < invalid <= non_ascii - invalid


def detect_encoding(data: bytes, content_type: str | None = None) -> tuple[str, str]:
    """(codec, how it was decided): how = bom | header | meta | sniffed | default."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, "bom"
    declared, how = None, None
    if content_type:
        m = _HEADER_CHARSET.search(content_type)
        if m and (declared := codec_for(m.group(1))):
            how = "header"
    if declared is None and (declared := declared_charset(data)):
        how = "meta"
    if declared:
        # Non-ASCII bytes that are valid UTF-8 are UTF-8 whatever the label says (legacy multi-byte
        # text is practically never valid UTF-8); a UTF-8 label on invalid bytes is not believed.
        if declared == "utf-8" or (not data.isascii() and _is_utf8(data)):
            if _is_utf8(data):
                return "utf-8", how if declared == "utf-8" else "sniffed"
            if declared == "utf-8" and _utf8_with_strays(data):
                return "utf-8", how
        else:
            return declared, how
    if data.isascii() or _is_utf8(data):
        return "utf-8", "sniffed"
    best = from_bytes(data[:200_000]).best()
    if best is None:
        return "cp1252", "default"
    codec = codec_for(best.encoding) or "cp1252"
    if _LATIN.match(codec):
        # Latin-script legacy encodings are indistinguishable on short pages; the page's language
        # decides, and windows-1252 (the web's most common legacy encoding) is the default.
        m = _HTML_LANG.search(data[:4096])
        codec = _LATIN_BY_LANG.get(m.group(1).decode().lower() if m else "", "cp1252")
    return codec, "sniffed"


def decode_html(data: bytes | str, content_type: str | None = None) -> str:
    """Decoded text with NULs and C0 controls removed; never raises."""
    if isinstance(data, str):
        text = data
    else:
        codec, _ = detect_encoding(data, content_type)
        text = data.decode(codec, errors="replace")
        if text.startswith("\ufeff"):
            text = text[1:]
        # UTF-8 decodes a control character only from its byte, and deleting bytes is several
        # times faster than a regex over the text: most pages have none.
        if codec == "utf-8" and len(data.translate(None, _CONTROL_BYTES)) == len(data):
            return text
    return _CONTROL.sub("", text)
