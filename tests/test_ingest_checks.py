"""Bad input: each case in issue 2's list raises the right error alone and is recorded in a batch."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from essaylens.errors import (
    BinaryInputError,
    DecodeError,
    EmptyInputError,
    EncryptedFileError,
    InputError,
    MissingInputError,
    TooLargeError,
    TooShortError,
    UnreadableFileError,
    UnsupportedFormatError,
    UnsupportedLanguageError,
)
from essaylens.ingest import MAX_CHARS, Document, InputFailure, check_text, iter_documents, read_document, read_stdin
from essaylens.ingest.language import detect_non_english
from ingest_builders import encrypt_pdf, make_docx, make_pdf

DATA = Path(__file__).parent / "data" / "ingest"
ESSAY = ("Sam James\nHistory\nWas the October Revolution a coup?\n"
         "The Bolsheviks seized the Winter Palace with very few men. "
         "This shows that the rising was planned by a small party, not made by the masses.\n")


@pytest.fixture(scope="module")
def bad_dir(tmp_path_factory) -> Path:
    """Every bad input of issue 2, plus two good essays, in one folder."""
    d = tmp_path_factory.mktemp("bad")
    for name in ("empty.txt", "whitespace.txt", "image.txt", "invalid_utf8.txt", "corrupt.docx", "french.txt"):
        (d / name).write_bytes((DATA / name).read_bytes())
    (d / "huge.txt").write_bytes(b"The war went on and on. " * (10 * (1 << 20) // 24 + 1))
    pdf = make_pdf(d / "plain.pdf", [["Sam James", "History", "The Bolsheviks seized power in October 1917 "
                                      "with the help of the Red Guards."]])
    encrypt_pdf(pdf, d / "locked.pdf")
    pdf.unlink()
    (d / "good.txt").write_text(ESSAY, encoding="utf-8")
    make_docx(d / "good.docx", ESSAY.strip().split("\n"))
    return d


BAD = [
    ("empty.txt", EmptyInputError, "E001"),
    ("whitespace.txt", EmptyInputError, "E001"),
    ("image.txt", BinaryInputError, "E002"),
    ("huge.txt", TooLargeError, "E050"),
    ("invalid_utf8.txt", DecodeError, "E004"),
    ("corrupt.docx", UnreadableFileError, "E005"),
    ("locked.pdf", EncryptedFileError, "E006"),
    ("french.txt", UnsupportedLanguageError, "E007"),
]


@pytest.mark.parametrize("name, error, code", BAD, ids=[b[0] for b in BAD])
def test_check_bad_input_raises_coded_error(bad_dir, name, error, code):
    with pytest.raises(error) as info:
        read_document(bad_dir / name)
    message = str(info.value)
    assert message.startswith(code) and name in message
    assert "\n" not in message and info.value.exit_code == 3


def test_check_batch_records_each_failure_and_reads_the_rest(bad_dir):
    paths = sorted(bad_dir.iterdir())
    items = list(iter_documents(paths))
    assert len(items) == len(paths)
    read = sorted(i.essay_id for i in items if isinstance(i, Document))
    assert read == ["good", "good"]
    failed = {Path(i.source).name: i for i in items if isinstance(i, InputFailure)}
    for name, error, code in BAD:
        assert isinstance(failed[name].error, error) and str(failed[name].error).startswith(code)
        assert failed[name].essay_id == Path(name).stem


def test_check_folder_batch_matches_file_batch(bad_dir):
    by_folder = [(type(i).__name__, i.source) for i in iter_documents([bad_dir])]
    by_files = [(type(i).__name__, i.source) for i in iter_documents(sorted(bad_dir.iterdir()))]
    assert by_folder == by_files


def test_check_huge_file_fails_before_reading(bad_dir, monkeypatch):
    def no_reading(*args, **kwargs):
        raise AssertionError("the file was opened")

    monkeypatch.setattr("builtins.open", no_reading)
    with pytest.raises(TooLargeError, match="10.0 MB"):
        read_document(bad_dir / "huge.txt")


def test_check_huge_stdin_reads_only_up_to_the_limit():
    class Endless(io.RawIOBase):
        served = 0

        def readable(self):
            return True

        def readinto(self, buf):
            buf[:] = b"a" * len(buf)
            self.served += len(buf)
            return len(buf)

    stream = Endless()
    with pytest.raises(TooLargeError, match="^E050"):
        read_stdin(io.BufferedReader(stream))
    assert stream.served < 2 << 20  # read just past the 800 KB text limit, not the stream


def test_check_text_too_large_e003():
    with pytest.raises(TooLargeError, match="^E003"):
        check_text("word " * (MAX_CHARS // 5 + 1), "row 3")


def test_check_text_too_few_words_e016():
    with pytest.raises(TooShortError, match="^E016"):
        check_text("Lenin won in 1917.", "x")
    assert check_text("Lenin won in October 1917.", "x")


@pytest.mark.parametrize("text", ["", " ", "\n\n\t", "\u00a0\u2003"])
def test_check_text_empty_e001(text):
    with pytest.raises(EmptyInputError, match="^E001"):
        check_text(text, "x")


def test_check_text_nul_in_a_row_is_binary():
    with pytest.raises(BinaryInputError, match="^E002"):
        check_text("A real essay about the war\x00 with a NUL byte inside it.", "x")


def test_check_missing_and_unsupported_files(tmp_path):
    with pytest.raises(MissingInputError, match="^E008"):
        read_document(tmp_path / "nope.txt")
    (tmp_path / "essay.rtf").write_text(ESSAY, encoding="utf-8")
    with pytest.raises(UnsupportedFormatError, match="^E009"):
        read_document(tmp_path / "essay.rtf")
    items = list(iter_documents([tmp_path / "nope.txt", tmp_path / "essay.rtf", tmp_path / "empty"]))
    assert all(isinstance(i, InputFailure) and isinstance(i.error, InputError) for i in items)


def test_check_empty_folder_is_one_failure(tmp_path):
    (item,) = list(iter_documents([tmp_path]))
    assert isinstance(item, InputFailure) and str(item.error).startswith("E056")


def test_check_pdf_without_user_password_is_read(tmp_path):
    pdf = make_pdf(tmp_path / "p.pdf", [["Sam James", "The Bolsheviks seized power in October 1917."]])
    locked = encrypt_pdf(pdf, tmp_path / "perm.pdf", user_password="")
    assert read_document(locked).text == "Sam James\nThe Bolsheviks seized power in October 1917."


def test_check_corrupt_pdf_e005(tmp_path):
    p = tmp_path / "broken.pdf"
    p.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage without xref or trailer")
    with pytest.raises(UnreadableFileError, match="^E005"):
        read_document(p)


# ---------------------------------------------------------------- language

ENGLISH = [
    "Lenin won in October 1917.",
    "Kerensky fled Petrograd; Trotsky and Lenin took power.",
    ESSAY,
    (DATA / "english_quotes.txt").read_text(encoding="utf-8"),
    "Sam James\nHistory\nThe slogan was 'Peace, Land and Bread' (Мир, земля, хлеб). The Bolsheviks used it "
    "well, and this shows that they understood what the peasants and soldiers wanted most in 1917.",
    "Der Untergang des Zaren, or the fall of the Tsar, as Müller calls it, came in March 1917 when the "
    "garrison of Petrograd joined the strikers and the Duma formed a Provisional Government.",
]
FOREIGN = [
    ("Der Zar dankte im März ab. Danach verlor die Provisorische Regierung die Unterstützung der Soldaten "
     "und der Arbeiter in der Hauptstadt.", "German"),
    ("Después de la abdicación del zar, el gobierno provisional perdió el apoyo de los soldados y de los "
     "obreros de la capital.", "Spanish"),
    ("Na de troonsafstand van de tsaar verloor de voorlopige regering de steun van de soldaten en de "
     "arbeiders in de hoofdstad.", "Dutch"),
    ("После отречения царя Временное правительство потеряло поддержку солдат и рабочих столицы.", "Russian"),
    ("沙皇退位后，临时政府失去了首都士兵和工人的支持。布尔什维克在十月夺取了政权。", "Chinese"),
]


@pytest.mark.parametrize("text", ENGLISH)
def test_language_accepts_english(text):
    assert detect_non_english(text) is None
    assert check_text(text, "x") == text


@pytest.mark.parametrize("text, lang", FOREIGN, ids=[f[1] for f in FOREIGN])
def test_language_refuses_other_languages(text, lang):
    assert detect_non_english(text) == lang
    with pytest.raises(UnsupportedLanguageError, match=lang):
        check_text(text, "x")


def test_language_is_deterministic():
    text = "Lenin Trotsky Kerensky Kornilov Kamenev Zinoviev Bukharin Stalin Sverdlov Dzerzhinsky Rykov"
    assert len({detect_non_english(text) for _ in range(5)}) == 1


def test_language_all_persuade_essays_are_english(shared_dir):
    """No English essay of the PERSUADE corpus is refused (reads ~38 MB, a few seconds)."""
    import json

    path = shared_dir / "data" / "persuade_essays.jsonl"
    if not path.is_file():
        pytest.skip("persuade_essays.jsonl is absent")
    refused = []
    with open(path, encoding="utf-8") as handle:
        for n, line in enumerate(handle):
            if n % 5:
                continue  # every fifth essay keeps the test quick
            row = json.loads(line)
            if detect_non_english(row["text"]):
                refused.append(row["essay_id"])
    assert refused == []
