"""Settings that shape one analysis run (pack, scheme, options).

They are stored on each essay as the ``settings`` layer so that every stage
reads the same choices, and they hash to a stable key for result caches.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Settings:
    """Choices for one run.

    Args:
        pack: a topic pack name, ``"auto"`` to pick by content, or ``"none"``.
        scheme: mark scheme names to apply; empty means the defaults.
        pack_dirs: extra folders holding user packs.
        scheme_dirs: extra folders holding user mark schemes.
        view: ``"teacher"`` (every comment) or ``"student"`` (top five).
    """

    pack: str = "auto"
    scheme: tuple[str, ...] = ()
    pack_dirs: tuple[str, ...] = ()
    scheme_dirs: tuple[str, ...] = ()
    view: str = "teacher"
    extra: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    def key(self) -> str:
        """A stable hash of the settings, for caches and resumable batches."""
        from . import __version__

        blob = json.dumps({"v": __version__, **asdict(self)}, sort_keys=True)
        return hashlib.sha256(blob.encode()).hexdigest()[:16]
