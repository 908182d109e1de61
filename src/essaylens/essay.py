"""The ``Essay`` container that flows through every pipeline stage.

An essay is one immutable text. Everything a stage learns about it is stored as
a named *layer* (paragraphs, sentences, tokens, entities, discourse, ...), and
every position in a layer is a character span into that one text, header
included. Layers are write-once: a stage adds what it declares in ``assigns``
and never rewrites what an earlier stage set.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator

from .errors import Messages, PipelineError


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` with an optional label."""

    start: int
    end: int
    label: str = ""

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: "Span") -> bool:
        """Whether the two spans share at least one character."""
        return self.start < other.end and other.start < self.end

    def contains(self, other: "Span") -> bool:
        """Whether ``other`` lies wholly inside this span."""
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True, slots=True)
class Token:
    """One token: its span plus the linguistic attributes later stages use."""

    start: int
    end: int
    text: str
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int
    is_stop: bool
    like_num: bool
    ent_type: str = ""


@dataclass(frozen=True, slots=True)
class Header:
    """Lines above the essay body: author, subject and title, as spans."""

    author: Span | None = None
    subject: Span | None = None
    title: Span | None = None
    body_start: int = 0


@dataclass(slots=True)
class Essay:
    """One essay: immutable text plus write-once annotation layers.

    Args:
        text: the full text as read, header included.
        essay_id: an identifier (input row id or file stem).
        source: where the text came from (a path, ``"<stdin>"``, a row).
        fmt: the input format the text was read from (``txt``, ``docx``...).
    """

    text: str
    essay_id: str = "essay"
    source: str = ""
    fmt: str = "txt"
    _layers: dict[str, Any] = field(default_factory=dict, repr=False)
    timings: dict[str, float] = field(default_factory=dict, repr=False)

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "text" and hasattr(self, "text"):
            raise AttributeError("Essay.text is immutable")
        object.__setattr__(self, name, value)

    # -- layers ---------------------------------------------------------
    def set(self, layer: str, value: Any) -> None:
        """Assign a layer once; a second assignment is a contract breach."""
        if layer in self._layers:
            raise PipelineError(Messages.E014.format(layer=layer))
        self._layers[layer] = value

    def get(self, layer: str, default: Any = None) -> Any:
        """The layer's value, or ``default`` when no stage assigned it."""
        return self._layers.get(layer, default)

    def has(self, layer: str) -> bool:
        """Whether the layer has been assigned."""
        return layer in self._layers

    def __getitem__(self, layer: str) -> Any:
        try:
            return self._layers[layer]
        except KeyError:
            raise PipelineError(Messages.E015.format(layer=layer)) from None

    def __getattr__(self, name: str) -> Any:
        # Layers read as attributes (essay.sentences); only called on a miss.
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self._layers[name]
        except KeyError:
            raise AttributeError(f"Essay has no layer {name!r} yet") from None

    @property
    def layers(self) -> tuple[str, ...]:
        """Names of the layers assigned so far, in assignment order."""
        return tuple(self._layers)

    # -- convenience ----------------------------------------------------
    def span_text(self, span: Span | tuple[int, int]) -> str:
        """The text a span covers."""
        start, end = (span.start, span.end) if isinstance(span, Span) else span
        return self.text[start:end]

    def sentences_in(self, span: Span) -> Iterator[Span]:
        """Sentences that lie inside ``span``."""
        for sent in self.get("sentences", ()):
            if span.contains(sent):
                yield sent

    @property
    def header(self) -> Header:
        return self.get("header", Header())

    @property
    def body_start(self) -> int:
        return self.header.body_start
