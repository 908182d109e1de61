"""Turn raw bytes into essay text: encoding detection, binary sniffing, normalisation.

Students hand in text saved by every editor there is, so decoding tries, in
order:

1. a byte-order mark: UTF-8, UTF-16 LE/BE (UTF-32 BOMs are honoured too);
2. BOM-less UTF-16, recognised by its pattern of NUL bytes (ASCII-heavy text
   saved as UTF-16 has a NUL in every other byte);
3. known binary formats (PNG, JPEG, ZIP, PDF, ELF, ...) and stray NUL bytes,
   which are rejected as binary (E002);
4. strict UTF-8;
5. UTF-8 text with some stray Windows bytes (a smart quote pasted from Word):
   when the bytes hold any valid multi-byte UTF-8 sequence, the invalid bytes
   are read as cp1252 and the rest as UTF-8;
6. cp1252 for the whole text, but only when it is plausible: Python's cp1252
   codec refuses the five undefined bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D), and a
   text whose letters are mostly non-ASCII after cp1252 decoding is some other
   encoding read wrongly, so both give E004.

After decoding, newlines are normalised (``\\r\\n`` and lone ``\\r`` become
``\\n``) and the text is put in Unicode NFC. Nothing else is changed: markup,
spacing and punctuation stay as written, because every later offset points
into this text.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from ..errors import BinaryInputError, DecodeError, Messages

#: (magic prefix, what it is). Checked before decoding any text-like input.
MAGIC_NUMBERS: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (a .docx? give it the .docx extension)"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"%PDF-", "a PDF document (give it the .pdf extension)"),
    (b"\x7fELF", "an ELF executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document (.doc); save it as .docx"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"{\\rtf", "an RTF document; save it as .docx or .txt"),
    (b"ID3", "an MP3 audio file"),
    (b"OggS", "an Ogg media file"),
    (b"RIFF", "a RIFF media file"),
    (b"\xca\xfe\xba\xbe", "a Java class or Mach-O binary"),
    (b"\xcf\xfa\xed\xfe", "a Mach-O executable"),
)

#: Bytes that cp1252 leaves undefined; their presence rules cp1252 out.
CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")

_SAMPLE = 8192
_CONTROL_OK = frozenset("\t\n\r\f\v")
_NEWLINES = re.compile(r"\r\n?")


def sniff_magic(data: bytes) -> str | None:
    """Name the binary format ``data`` starts with, if it is a known one.

    Args:
        data: the first bytes of a file (a few dozen suffice).

    Returns:
        A short description such as "a PNG image", or None.
    """
    for magic, what in MAGIC_NUMBERS:
        if data.startswith(magic):
            return what
    if data.startswith(b"MZ") and b"\x00" in data[:64]:
        return "a Windows executable"
    return None


def _bomless_utf16(data: bytes) -> str | None:
    """``"utf-16-le"``/``"utf-16-be"`` when the NUL pattern says so, else None."""
    sample = data[:_SAMPLE]
    if len(sample) < 4:
        return None
    sample = sample[: len(sample) // 2 * 2]
    even, odd = sample[0::2], sample[1::2]
    n = len(even)
    even_nul, odd_nul = even.count(0) / n, odd.count(0) / n
    # ASCII-heavy UTF-16: one byte of each pair is almost always NUL, the other
    # almost never. Binary data has NULs scattered over both positions.
    if odd_nul >= 0.4 and even_nul <= 0.02:
        return "utf-16-le"
    if even_nul >= 0.4 and odd_nul <= 0.02:
        return "utf-16-be"
    return None


def _cp1252_fallback(err: UnicodeDecodeError) -> tuple[str, int]:
    """Codec error handler: read an invalid UTF-8 byte as cp1252."""
    bad = err.object[err.start:err.end]
    if any(b in CP1252_UNDEFINED for b in bad):
        raise err
    return bytes(bad).decode("cp1252"), err.end


codecs.register_error("essaylens-cp1252", _cp1252_fallback)


def _implausible_cp1252(text: str) -> bool:
    """Whether a cp1252 reading looks like another encoding read wrongly."""
    letters = [c for c in text[:50_000] if c.isalpha()]
    if not letters:
        return False
    high = sum(ord(c) > 0x7F for c in letters)
    return high / len(letters) > 0.3


def _decode_8bit(data: bytes, source: str) -> str:
    """UTF-8, mixed UTF-8 with stray cp1252 bytes, or plausible cp1252."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        mixed = data.decode("utf-8", errors="essaylens-cp1252")
    except UnicodeDecodeError:
        raise DecodeError(Messages.E004.format(source=source)) from None
    # A valid multi-byte UTF-8 sequence almost never arises by chance in cp1252
    # text (it needs an accented capital followed by a symbol such as "Ã©"), so
    # any such sequence means UTF-8 with a few stray Windows bytes.
    if any(ord(c) > 0x7F for c in data.decode("utf-8", errors="ignore")):
        return mixed
    text = data.decode("cp1252")  # cannot fail: undefined bytes were refused above
    if _implausible_cp1252(text):
        raise DecodeError(Messages.E004.format(source=source))
    return text


def normalise(text: str) -> str:
    """Normalise newlines to ``\\n`` and the text to Unicode NFC.

    Args:
        text: decoded text.

    Returns:
        The text with ``\\r\\n``/``\\r`` replaced by ``\\n``, in NFC.
    """
    if "\r" in text:
        text = _NEWLINES.sub("\n", text)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return text


def control_ratio(text: str) -> float:
    """Share of characters that are control characters other than whitespace.

    Args:
        text: decoded text.

    Returns:
        A number in [0, 1]; 0 for an empty text.
    """
    sample = text[:_SAMPLE * 4]
    if not sample:
        return 0.0
    bad = sum(1 for c in sample if c not in _CONTROL_OK and unicodedata.category(c) == "Cc")
    return bad / len(sample)


def decode_bytes(data: bytes, source: str) -> str:
    """Decode a text file's bytes into normalised essay text.

    Args:
        data: the raw bytes.
        source: the file name or description used in error messages.

    Returns:
        The decoded text, newlines normalised and in NFC.

    Raises:
        BinaryInputError: the bytes are a known binary format, hold NUL bytes
            (outside UTF-16) or are dominated by control characters (E002).
        DecodeError: the bytes are not valid UTF-8, UTF-16 or cp1252 (E004).
    """
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(codec)
            except UnicodeDecodeError:
                if codec != "utf-8":
                    raise DecodeError(Messages.E004.format(source=source)) from None
                text = _decode_8bit(data[len(bom):], source)
            return _checked(text, source)
    what = sniff_magic(data[:64])
    if what:
        raise BinaryInputError(Messages.E002.format(source=source, detail=f"it is {what}"))
    codec = _bomless_utf16(data)
    if codec:
        try:
            return _checked(data.decode(codec), source)
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise BinaryInputError(Messages.E002.format(source=source, detail="it contains NUL bytes"))
    return _checked(_decode_8bit(data, source), source)


def _checked(text: str, source: str) -> str:
    """Normalise ``text`` and refuse it when control characters dominate."""
    if control_ratio(text) > 0.05:
        raise BinaryInputError(
            Messages.E002.format(source=source, detail="most of it is control characters, not text")
        )
    return normalise(text)
