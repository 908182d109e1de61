"""Decoding: encodings, BOMs, newline/NFC normalisation and binary sniffing."""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

import pytest

from essaylens.errors import BinaryInputError, DecodeError
from essaylens.ingest import decode_bytes, normalise, read_document
from essaylens.ingest.decode import control_ratio, sniff_magic

DATA = Path(__file__).parent / "data" / "ingest"
TEXT = "Lenin’s “April Theses” – café, naïve, Kerensky.\nSecond line.\n"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
        TEXT.encode("utf-16-le"),
        TEXT.encode("utf-16-be"),
        TEXT.encode("cp1252"),
        codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16le", "utf16be", "cp1252", "utf32le-bom"],
)
def test_decode_encodings_give_the_same_text(data):
    assert decode_bytes(data, "x") == TEXT


def test_decode_crlf_and_cr_become_newlines():
    assert decode_bytes(b"One.\r\nTwo.\rThree.\n", "x") == "One.\nTwo.\nThree.\n"


def test_decode_normalises_to_nfc():
    decomposed = unicodedata.normalize("NFD", "régime café")
    assert decomposed != "régime café"
    assert decode_bytes(decomposed.encode("utf-8"), "x") == "régime café"


def test_decode_keeps_everything_else_as_written():
    text = "  <b>Bold?</b>\t tabs   and  spaces \n\n\nend "
    assert decode_bytes(text.encode("utf-8"), "x") == text
    assert normalise(text) == text


def test_decode_mixed_utf8_with_stray_cp1252_byte():
    data = "Lenin’s return – April 1917. ".encode("utf-8") + b"It was \x93over\x94."
    assert decode_bytes(data, "x") == "Lenin’s return – April 1917. It was “over”."


@pytest.mark.parametrize(
    "data",
    [
        b"The Tsar \x81 abdicated.",  # undefined in cp1252
        b"Kerensky \x8d\x8f\x90\x9d fled.",
        # KOI8-R Russian read as cp1252 is a soup of accented letters, not text.
        "Временное правительство потеряло поддержку".encode("koi8-r"),
    ],
    ids=["undefined-byte", "several-undefined", "koi8r"],
)
def test_decode_implausible_bytes_raise_e004(data):
    with pytest.raises(DecodeError, match="^E004"):
        decode_bytes(data, "essay.txt")


@pytest.mark.parametrize(
    "data, what",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
        (b"PK\x03\x04\x14\x00", "ZIP"),
        (b"%PDF-1.7\n", "PDF"),
        (b"\x7fELF\x02\x01\x01", "ELF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00", ".doc"),
        (b"\xff\xd8\xff\xe0", "JPEG"),
    ],
)
def test_decode_known_binary_formats_raise_e002(data, what):
    with pytest.raises(BinaryInputError, match="^E002") as info:
        decode_bytes(data + b"rest of the file", "f.txt")
    assert what in str(info.value)


def test_decode_nul_bytes_raise_e002():
    data = bytes(range(256)) * 4
    with pytest.raises(BinaryInputError, match="NUL"):
        decode_bytes(data, "f.txt")


def test_decode_control_characters_raise_e002():
    data = bytes([0x01, 0x02, 0x03, 0x1B, 0x41]) * 200
    with pytest.raises(BinaryInputError, match="control"):
        decode_bytes(data, "f.txt")


def test_decode_a_few_control_characters_are_tolerated():
    text = "A long essay about the war.\x0c Page two of it, and more words here.\x1a"
    assert decode_bytes(text.encode("utf-8"), "x") == text
    assert control_ratio(text) < 0.05


def test_sniff_magic_leaves_text_alone():
    assert sniff_magic(b"The October Revolution") is None
    assert sniff_magic(b"MZ is a fine way to start a sentence") is None


@pytest.mark.parametrize(
    "name",
    ["essay_utf8.txt", "essay_utf8_bom.txt", "essay_crlf.txt", "essay_utf16le_bom.txt",
     "essay_utf16be_bom.txt", "essay_utf16le_nobom.txt"],
)
def test_decode_fixture_files_agree(name):
    expected = (DATA / "essay_utf8.txt").read_text(encoding="utf-8")
    assert read_document(DATA / name).text == expected


def test_decode_cp1252_fixture():
    text = read_document(DATA / "essay_cp1252.txt").text
    assert text.startswith("Café society")
    assert "“This shows,”" in text and "régime" in text and "–" in text


def test_decode_mixed_fixture_reads_both_parts():
    text = read_document(DATA / "essay_mixed.txt").text
    assert "army’s loyalty" in text and text.endswith("It was “over”.\n")
