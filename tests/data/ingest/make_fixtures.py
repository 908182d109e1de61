"""Rebuild the small ingest fixtures in this folder (run from the repo root).

    python tests/data/ingest/make_fixtures.py

Every essay here is written for the project. The files exercise encodings and
bad input; Word and PDF files are built by ``tests/ingest_builders.py`` at test
time instead, so no binary office file is committed.
"""

from __future__ import annotations

import codecs
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent

ESSAY = (
    "Priya Patel\n"
    "History\n"
    "Why did the Provisional Government fall in 1917?\n"
    "The Provisional Government fell because it kept Russia in the war. "
    "Soldiers deserted in their thousands and prices in Petrograd rose every month. "
    "This shows that the government had lost the army’s loyalty long before October.\n"
    "In addition, the Kornilov affair made Kerensky arm the Red Guards, which suggests "
    "that he weakened himself in trying to survive.\n"
)

FRENCH = (
    "Pourquoi le gouvernement provisoire est-il tombé en 1917 ?\n"
    "Le gouvernement provisoire est tombé parce qu'il a maintenu la Russie dans la guerre. "
    "Les soldats ont déserté par milliers et les prix ont augmenté chaque mois à Petrograd. "
    "Cela montre que le gouvernement avait perdu la loyauté de l'armée bien avant octobre.\n"
)

#: English, but full of Russian names and a French and a Russian quotation.
ENGLISH_WITH_QUOTES = (
    "Kerensky, Kornilov and Milyukov all misjudged the Petrograd Soviet. "
    "The slogan «Вся власть Советам» meant that the Soviet should rule alone. "
    "A French observer wrote that Russia was « un pays sans gouvernement » by September. "
    "This shows that even foreigners could see how weak Kerensky had become.\n"
)

CP1252_ESSAY = (
    "Café society in Petrograd ignored the war – until the bread queues grew. "
    "“This shows,” wrote one historian, “that the régime had lost the city.”\n"
)


def build(dest: Path = HERE) -> None:
    """Write every fixture into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "essay_utf8.txt").write_bytes(ESSAY.encode("utf-8"))
    (dest / "essay_utf8_bom.txt").write_bytes(codecs.BOM_UTF8 + ESSAY.encode("utf-8"))
    (dest / "essay_crlf.txt").write_bytes(ESSAY.replace("\n", "\r\n").encode("utf-8"))
    (dest / "essay_utf16le_bom.txt").write_bytes(codecs.BOM_UTF16_LE + ESSAY.encode("utf-16-le"))
    (dest / "essay_utf16be_bom.txt").write_bytes(codecs.BOM_UTF16_BE + ESSAY.encode("utf-16-be"))
    (dest / "essay_utf16le_nobom.txt").write_bytes(ESSAY.encode("utf-16-le"))
    (dest / "essay_cp1252.txt").write_bytes(CP1252_ESSAY.encode("cp1252"))
    # Mostly UTF-8 with one Windows smart quote pasted in.
    (dest / "essay_mixed.txt").write_bytes(ESSAY.encode("utf-8") + "It was “over”.\n".encode("cp1252"))
    # Not UTF-8, and 0x81/0x9D are undefined in cp1252: no encoding fits.
    (dest / "invalid_utf8.txt").write_bytes(b"The Tsar \x81\x9d abdicated \xff\xfe\xfd in March 1917 \x90.\n")
    (dest / "french.txt").write_bytes(FRENCH.encode("utf-8"))
    (dest / "english_quotes.txt").write_bytes(ENGLISH_WITH_QUOTES.encode("utf-8"))
    (dest / "empty.txt").write_bytes(b"")
    (dest / "whitespace.txt").write_bytes(b"  \n\t\r\n   \n")
    (dest / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06")
    (dest / "corrupt.docx").write_bytes(b"PK\x03\x04\x14\x00\x00\x00\x08\x00this is not really a zip archive")
    (dest / "script.txt").write_bytes(
        ("<script>alert('marked')</script> The Bolsheviks took the Winter Palace on 25 October 1917, "
         "and <b>this</b> shows how weak the government was.\n").encode("utf-8")
    )
    (dest / "essay.md").write_bytes(
        (
            "# Why did the Provisional Government fall?\n\n"
            "*Priya Patel*, **History**\n\n"
            "The government **kept Russia in the war**, and _soldiers_ deserted.\n"
            "See [the timeline](https://example.org/timeline) and `Order No. 1`.\n\n"
            "> Peace, land and bread.\n\n"
            "- Desertion\n- Inflation\n\n"
            "1. First, the war.\n\n"
            "---\n\n"
            "This shows that 2 * 3 * 4 is not emphasis and snake_case_name stays.\n"
        ).encode("utf-8")
    )
    (dest / "essay.html").write_bytes(
        (
            "<!DOCTYPE html><html><head><title>Ignored title</title>"
            "<style>p { color: red }</style><script>document.write('bad')</script></head>"
            "<body><h1>Why did the Provisional Government fall?</h1>"
            "<p>The government   kept Russia\n in the war &amp; soldiers deserted.</p>"
            "<p>This shows that it had lost the army&#8217;s loyalty.<br>Prices rose too.</p>"
            "<!-- a comment --><ul><li>Desertion</li><li>Inflation</li></ul>"
            "<pre>  kept   as written</pre>"
            "<script>alert('never run')</script></body></html>"
        ).encode("utf-8")
    )
    rows = [
        {"essay_id": "r1", "text": ESSAY},
        {"essay_id": "r2"},
        {"essay_id": "r3", "text": FRENCH},
        {"essay_id": "r4", "text": "   "},
        {"text": ESSAY},
        {"essay_id": 5, "text": ESSAY.replace("Priya Patel", "Tom Ward")},
    ]
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    lines.insert(3, "{not json")
    (dest / "rows.jsonl").write_bytes(("\n".join(lines) + "\n\n").encode("utf-8"))


if __name__ == "__main__":
    build()
