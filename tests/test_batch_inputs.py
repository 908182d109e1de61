"""Class-set inputs: folders, zips, CSV and JSONL, in a stable order, with failures recorded."""

from __future__ import annotations

import json
import zipfile

import pytest

from essaylens.batch import iter_inputs
from essaylens.errors import InputError
from essaylens.ingest import Document, InputFailure

ESSAY = "Maya Patel\nHistory\nWhy did the Tsar fall?\nThe war went badly and bread ran short in Petrograd.\n"


def _ids(items):
    return [(type(i).__name__, i.essay_id) for i in items]


def test_batch_inputs_folder_sorted_hidden_skipped(tmp_path):
    (tmp_path / "b.txt").write_text(ESSAY)
    (tmp_path / "a.md").write_text(ESSAY)
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x01")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").write_text(ESSAY)
    (tmp_path / "notes.xyz").write_text("x")
    items = list(iter_inputs(tmp_path))
    assert _ids(items) == [("Document", "a"), ("Document", "b"), ("InputFailure", "notes"), ("Document", "sub/c")]
    assert "E009" in str(items[2].error)


def test_batch_inputs_zip(tmp_path):
    z = tmp_path / "set.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("class/b.txt", ESSAY)
        zf.writestr("class/a.txt", ESSAY.encode("utf-16"))
        zf.writestr("__MACOSX/class/._a.txt", b"junk")
        zf.writestr("class/empty.txt", "")
    items = list(iter_inputs(z))
    assert _ids(items)[:2] == [("Document", "class/a"), ("Document", "class/b")]
    assert items[0].text == ESSAY and items[0].source.endswith("set.zip:class/a.txt")
    assert isinstance(items[2], InputFailure) and items[2].essay_id == "class/empty"


def test_batch_inputs_zipped_rows_read_as_the_same_file_on_disk(tmp_path):
    lines = [json.dumps({"id": "r1", "full_text": ESSAY}), "{not json", json.dumps({"essay_id": "r3"})]
    rows = "\n".join(lines) + "\n"
    (tmp_path / "rows.jsonl").write_text(rows)
    z = tmp_path / "set.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("class/rows.jsonl", rows)
    on_disk, zipped = list(iter_inputs(tmp_path / "rows.jsonl")), list(iter_inputs(z))
    assert _ids(zipped) == _ids(on_disk) == [("Document", "r1"), ("InputFailure", "rows-2"), ("InputFailure", "r3")]
    assert zipped[0].text == on_disk[0].text
    # Same checks and messages; the zip member, not a temporary copy, is named.
    assert [str(i.error)[:4] for i in zipped[1:]] == [str(i.error)[:4] for i in on_disk[1:]] == ["E051", "E010"]
    assert zipped[0].source == f"{z}:class/rows.jsonl:1" and f"{z}:class/rows.jsonl" in str(zipped[2].error)


def test_batch_inputs_zipped_csv_without_columns_is_one_failure_not_the_set(tmp_path):
    z = tmp_path / "set.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("a.txt", ESSAY)
        zf.writestr("marks.csv", "candidate,score\nkim,3\n")
        zf.writestr("b.txt", ESSAY)
    items = list(iter_inputs(z))
    assert _ids(items) == [("Document", "a"), ("Document", "b"), ("InputFailure", "marks")]
    assert str(items[2].error).startswith("E053")


def test_batch_inputs_bad_zip(tmp_path):
    z = tmp_path / "bad.zip"
    z.write_bytes(b"not a zip at all")
    with pytest.raises(InputError, match="E501"):
        list(iter_inputs(z))


def test_batch_inputs_jsonl_rows(tmp_path):
    p = tmp_path / "set.jsonl"
    p.write_text("\n".join([
        json.dumps({"essay_id": "s1", "text": ESSAY}),
        "{not json",
        json.dumps({"essay_id": "s2"}),
        json.dumps({"essay_id": "s1", "text": ESSAY + "More."}),
        "",
        json.dumps({"text": ESSAY}),
    ]) + "\n")
    items = list(iter_inputs(p))
    kinds = [k for k, _ in _ids(items)]
    # Bad JSON, a row without text and a row without an id are recorded, not fatal.
    assert kinds == ["Document", "InputFailure", "InputFailure", "Document", "InputFailure"]
    # Duplicate ids are made unique.
    assert [i.essay_id for i in items if isinstance(i, Document)][:2] == ["s1", "s1-2"]
    assert len({i.essay_id for i in items}) == 5
    assert items[1].error.exit_code == 3 and items[2].error.exit_code == 3


def test_batch_inputs_csv_rows(tmp_path):
    p = tmp_path / "set.csv"
    p.write_text('Essay_ID,Text\nx1,"' + ESSAY.replace('"', '""') + '"\nx2,"Second, with a comma: ' + ESSAY + '"\n',
                 encoding="cp1252")
    items = list(iter_inputs(p))
    assert _ids(items) == [("Document", "x1"), ("Document", "x2")]
    assert isinstance(items[0], Document) and items[0].text == ESSAY
    assert "set.csv#" in items[1].source


def test_batch_inputs_missing_and_unknown(tmp_path):
    with pytest.raises(InputError, match="E511"):
        iter_inputs(tmp_path / "nope")
    (tmp_path / "x.bin").write_bytes(b"\x00")
    with pytest.raises(InputError, match="E500"):
        iter_inputs(tmp_path / "x.bin")
