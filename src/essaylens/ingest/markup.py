"""Plain text from Markdown and HTML essays.

Both readers keep what a reader of the rendered page would see and drop the
markup, so that the analysis reads the essay, not its formatting. Every later
character offset points into the text produced here.

Markdown: headings, emphasis, inline code, links and images (their text or alt
text is kept), block quotes, bullets, horizontal rules, fenced-code fences,
reference definitions, table rules and backslash escapes are removed; numbered
list markers are kept ("1. ") because they read naturally. Line structure is
kept, so paragraphs stay paragraphs.

HTML: parsed with the standard library's ``html.parser``, which only tokenises
and never runs anything. Scripts, styles, templates, ``<head>`` and comments
are dropped; block elements (``p``, ``div``, ``h1``-``h6``, ``li``, ``br``,
``tr``, ...) end a line, and a blank line separates paragraphs; inline
whitespace collapses as a browser would collapse it, except inside ``pre``.
Character references are resolved.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# --------------------------------------------------------------------- Markdown

_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_ATX = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+\s*)?$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_RULE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_QUOTE = re.compile(r"^\s{0,3}(?:>\s?)+")
_BULLET = re.compile(r"^(\s*)[-*+]\s+(?:\[[ xX]\]\s+)?")
_REFDEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+.*$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\[[^\]]*\])")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_CODE = re.compile(r"(`+)(.+?)\1")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EM_STAR = re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])")
_EM_UNDER = re.compile(r"(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])")
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>|~])")
_HIDE = 0xE000
_UNHIDE = re.compile("[\ue000-\ue07f]")


def _inline(line: str) -> str:
    """Remove inline Markdown markup from one line."""
    # Escaped characters hide in the private-use area until the markup is gone.
    line = _ESCAPE.sub(lambda m: chr(_HIDE + ord(m.group(1))), line)
    line = _IMAGE.sub(r"\1", line)
    line = _LINK.sub(r"\1", line)
    line = _AUTOLINK.sub(r"\1", line)
    line = _CODE.sub(lambda m: m.group(2).strip(), line)
    for _ in range(2):  # nested emphasis such as ***word***
        line = _STRONG.sub(r"\2", line)
        line = _EM_STAR.sub(r"\1", line)
        line = _EM_UNDER.sub(r"\1", line)
    line = _STRIKE.sub(r"\1", line)
    return _UNHIDE.sub(lambda m: chr(ord(m.group(0)) - _HIDE), line)


def markdown_to_text(source: str) -> str:
    """Strip Markdown markup, keeping the words and the line structure.

    Args:
        source: Markdown text (already decoded and normalised).

    Returns:
        Readable plain text.
    """
    out: list[str] = []
    in_fence = False
    lines = source.split("\n")
    for line in lines:
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            out.append(line)
            continue
        if _SETEXT.match(line) and out and out[-1].strip():
            continue  # the underline of a setext heading
        if _RULE.match(line) or _REFDEF.match(line) or ("|" in line and _TABLE_RULE.match(line)):
            continue
        m = _ATX.match(line)
        if m:
            line = m.group(1)
        line = _QUOTE.sub("", line)
        line = _BULLET.sub(r"\1", line)
        stripped = line.strip()
        if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
            cells = [c.strip() for c in stripped[1:-1].split("|")]
            line = "\t".join(cells)
        out.append(_inline(line).rstrip())
    # Removed lines (rules, fences) must not leave gaps wider than a paragraph break.
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out))


# ------------------------------------------------------------------------- HTML

_SKIP = frozenset({"script", "style", "template", "head", "noscript", "svg", "math", "iframe", "object", "title"})
_BLOCK = frozenset({
    "p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "blockquote",
    "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead",
    "tbody", "tfoot", "tr", "figure", "figcaption", "pre", "address", "hr", "form", "fieldset",
    "details", "summary", "caption", "body", "html",
})
_PARAGRAPH = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "ul", "ol"})
_CELL = frozenset({"td", "th"})
_LINE_MARK, _PARA_MARK = "\x01", "\x02"
_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "track", "wbr"})


class _TextExtractor(HTMLParser):
    """Collects visible text with line and paragraph breaks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.pre_depth = 0

    def _break(self, blank: bool) -> None:
        # Markers, not newlines: adjacent block boundaries merge into one break.
        self.parts.append(_PARA_MARK if blank else _LINE_MARK)

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIP:
            self.skip_depth += 1
            return
        if self.skip_depth:
            return
        if tag == "br":
            self.parts.append("\n")  # an explicit line break always counts
        elif tag in _BLOCK:
            self._break(tag in _PARAGRAPH)
        elif tag in _CELL:
            self.parts.append("\t")
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt:
                self.parts.append(alt)
        if tag == "pre":
            self.pre_depth += 1

    def handle_startendtag(self, tag: str, attrs) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip_depth = max(0, self.skip_depth - 1)
            return
        if self.skip_depth:
            return
        if tag in _BLOCK:
            self._break(tag in _PARAGRAPH)
        if tag == "pre":
            self.pre_depth = max(0, self.pre_depth - 1)

    def handle_data(self, data: str) -> None:
        if self.skip_depth or not data:
            return
        if self.pre_depth:
            self.parts.append("\x00PRE" + data + "\x00")
        else:
            self.parts.append(re.sub(r"\s+", " ", data))


def _merge_breaks(match: re.Match) -> str:
    run = match.group(0)
    if _PARA_MARK in run:
        return "\n\n"
    return "\n" * max(1, min(2, run.count("\n")))


def _tidy(raw: str) -> str:
    """Turn the break markers into newlines and collapse spaces as a browser does."""
    pieces = re.split(r"\x00PRE(.*?)\x00", raw, flags=re.DOTALL)
    out = []
    for i, piece in enumerate(pieces):
        if i % 2:
            out.append(piece)  # preformatted: as written
            continue
        piece = re.sub(r"[ \t]*[\n\x01\x02][\s\x01\x02]*", _merge_breaks, piece)
        piece = re.sub(r" {2,}", " ", piece)
        out.append(piece)
    text = "".join(out)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def html_to_text(source: str) -> str:
    """Visible text of an HTML document, with paragraph breaks kept.

    Args:
        source: the HTML (already decoded). Nothing in it is executed.

    Returns:
        Plain text: one line per block, a blank line between paragraphs.
    """
    parser = _TextExtractor()
    # NUL and the two break markers are removed from the source first, so they
    # are free to mark preformatted runs and breaks.
    parser.feed(re.sub(r"[\x00-\x02]", "", source))
    parser.close()
    return _tidy("".join(parser.parts))


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML file declares in a ``<meta>`` tag, if any.

    Args:
        data: the raw bytes of an HTML file.

    Returns:
        The declared charset name, lower-cased, or None.
    """
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii").lower() if m else None
