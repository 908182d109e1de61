"""Domain errors for EssayLens.

Every error the library raises on purpose is an ``EssayLensError``. Messages
live here as coded templates (spaCy style) so that the CLI and the web layer
can show one clear line and choose an exit code from the class alone.
"""

from __future__ import annotations


class Messages:
    """Coded message templates. Format them with ``str.format``."""

    E001 = "E001 The input is empty: {source} holds no text."
    E002 = "E002 The input looks binary, not text: {source} ({detail})."
    E003 = "E003 The input is too large: {source} has {size} characters (limit {limit})."
    E004 = "E004 Could not decode {source}: it is not valid UTF-8, UTF-16 or cp1252."
    E005 = "E005 Could not read {source} as {kind}: {detail}"
    E006 = "E006 The PDF {source} is encrypted; export it without a password first."
    E007 = "E007 The essay in {source} does not look like English (detected: {lang}). EssayLens marks English essays only."
    E008 = "E008 No such file: {source}"
    E009 = "E009 Unsupported file type {suffix!r} for {source}. Use .txt, .md, .docx, .pdf, .html, .jsonl or .csv."
    E010 = "E010 Row {row} of {source} has no {field} field."
    E011 = "E011 Pipeline stage {stage!r} requires {missing}, which no earlier stage assigns."
    E012 = "E012 Pipeline stage {stage!r} did not return an Essay (got {got})."
    E013 = "E013 Pipeline stage {stage!r} declared it assigns {layer!r} but did not set it."
    E014 = "E014 Layer {layer!r} is already set on this essay; stages may not overwrite earlier layers."
    E015 = "E015 Layer {layer!r} has not been assigned yet."
    E016 = "E016 The text has too few words to analyse ({words}); at least {minimum} are needed."
    E020 = "E020 {path}: line {line}: {field}: {detail}"
    E021 = "E021 No topic pack named {name!r}. Known packs: {known}."
    E022 = "E022 No mark scheme named {name!r}. Known schemes: {known}."
    E023 = "E023 {path}: not valid YAML (line {line}): {detail}"
    # E600-E649: the web app (essaylens.web).
    E600 = "E600 {name!r} is too large ({size} bytes); the limit is {limit} bytes."
    E601 = "E601 Too many essays in one class set ({count}); the limit is {limit}."
    E602 = "E602 {name!r} is not a file type EssayLens reads here. Use {allowed}."
    E603 = "E603 {name!r} does not look like a {kind} file: its content does not match its name."
    E604 = "E604 The zip file {name!r} is damaged or unsafe: {detail}"
    E605 = "E605 The CSV file {name!r} has no essay text column; name a column one of: {columns}."
    E606 = "E606 The class set holds no essay EssayLens could read."
    E607 = "E607 No report with id {id!r}."
    E608 = "E608 No class set with id {id!r}."
    E609 = "E609 This EssayLens server needs its access token (header 'Authorization: Bearer TOKEN' or 'X-EssayLens-Token')."
    E610 = "E610 The server is busy ({pending} analyses waiting); try again in a minute."
    E611 = "E611 Nothing to analyse: paste an essay or choose a file."
    E612 = "E612 Content type {ctype!r} is not accepted for {name!r}."
    E613 = "E613 The request body is too large ({size} bytes); the limit is {limit} bytes."
    E614 = "E614 Wrong access token."
    # Topic packs and fact checking (E100-E149).
    E100 = "E100 {path}: {count} problem(s) in the topic pack:\n{details}"
    E101 = "E101 Could not read the topic pack {path}: {detail}"
    E102 = "E102 A topic pack named {name!r} already exists at {path}."
    E103 = "E103 Pack names use lower-case letters, digits and hyphens (got {name!r})."
    # Class sets: batch marking, similarity, Dask (E500-E549).
    E500 = "E500 {source} is not a folder, zip, CSV, JSONL or essay file."
    E501 = "E501 Could not read the zip archive {source}: {detail}"
    E503 = "E503 {source} is {size} bytes, over the {limit}-byte limit for one essay; skipped."
    E504 = "E504 Essay {essay_id} failed in the pipeline ({kind}): {detail}"
    E505 = "E505 A worker process died while analysing {essay_id} (twice); the essay was skipped."
    E506 = "E506 Could not open the results store {path}: {detail}"
    E507 = "E507 Unknown engine {engine!r}; use 'local' or 'dask'."
    E508 = "E508 Could not reach the Dask scheduler at {address}: {detail}"
    E509 = "E509 --workers must be at least 1 (got {workers})."
    E510 = "E510 {source} holds no essays."
    E511 = "E511 No such input: {source}"
    # Models: embeddings, discourse segmenter, holistic scorer (E300-E349).
    E300 = "E300 The model file {path} is missing; rebuild it with `make export-embeddings` or `make train`."
    E301 = "E301 The discourse model is missing ({path}); used the paragraph-position rules instead."
    E302 = "E302 The holistic scorer is missing ({path}); no holistic score was given."
    E303 = "E303 Training data not found: {path} (see ../shared/data/README.md)."
    # Ingest: reading files, stdin and rows (E050-E079).
    E050 = "E050 The input is too large: {source} is {size} (limit {limit} for {kind})."
    E051 = "E051 Line {row} of {source} is not valid JSON: {detail}"
    E052 = "E052 Row {row} of {source}: the {field!r} field must be text, not {got}."
    E053 = ("E053 {source} has no header row naming an id column ('essay_id', 'id', 'student_id'...) and a "
            "text column ('text', 'full_text', 'essay'...) (found: {found}).")
    E054 = "E054 Could not read {source}: {detail}"
    E055 = "E055 {source} holds {count}, not exactly one essay; analyse it as a class set (essaylens analyze or mark)."
    E056 = "E056 The folder {source} holds no essay files (.txt .md .docx .pdf .html .jsonl .csv)."
    # Report renderers: HTML, Markdown, DOCX (E400-E449).
    E400 = "E400 Could not open the Word document {source} to annotate it: {detail}"
    E401 = "E401 The Word document {source} does not hold the text this report was made from; analyse that file again."
    E402 = "E402 Unknown report format {fmt!r}; use one of: {known}."

    # Argument, marking and feedback (E200-E249)
    E200 = "E200 {path}: line {line}: {field}: unknown feature {feature!r} in rule {expr!r}. Known features: {known}."
    E201 = "E201 {path}: line {line}: {field}: cannot read the condition {expr!r}; write 'name', '!name' or 'name >= 2'."
    E202 = "E202 {path}: mark scheme {scheme!r}: {detail}"
    E203 = "E203 Unknown argument-map format {fmt!r}. Use one of: {known}."

class EssayLensError(Exception):
    """Base class for every error EssayLens raises on purpose."""

    exit_code = 1


class InputError(EssayLensError):
    """The input cannot be read or is not an essay we can analyse (exit 3)."""

    exit_code = 3


class EmptyInputError(InputError):
    """The input holds no text."""


class BinaryInputError(InputError):
    """The input is binary data."""


class TooLargeError(InputError):
    """The input exceeds the size limit."""


class DecodeError(InputError):
    """The bytes could not be decoded."""


class UnsupportedLanguageError(InputError):
    """The essay is not in English."""


class TooShortError(InputError):
    """The essay has too few words to analyse."""


class UnreadableFileError(InputError):
    """A .docx or .pdf file is damaged, or a file cannot be read at all."""


class EncryptedFileError(UnreadableFileError):
    """A PDF that needs a password."""


class UnsupportedFormatError(InputError):
    """A file type EssayLens does not read."""


class MissingInputError(InputError):
    """A path that does not exist."""


class RowError(InputError):
    """A JSONL or CSV row without a usable essay_id or text."""


class PipelineError(EssayLensError):
    """A pipeline was assembled or run against its contract."""


class KnowledgeError(EssayLensError):
    """A topic pack or mark scheme is missing or invalid (exit 2)."""

    exit_code = 2


class UsageError(EssayLensError):
    """The caller asked for something that cannot be done (exit 2)."""

    exit_code = 2
