"""What the web app can tell about topic packs and mark schemes.

The pack and scheme loaders belong to other parts of EssayLens; this module
only reads them, and it degrades to an empty list (with a note) when a loader
is missing or a file fails to validate, so a broken pack never takes the web
app down with it.
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

log = logging.getLogger(__name__)


def _module(name: str):
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def _plain(value: Any) -> Any:
    """A pydantic model, dataclass or path as plain JSON-able data."""
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if hasattr(value, "__dataclass_fields__"):
        return {k: _plain(getattr(value, k)) for k in value.__dataclass_fields__}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def _name_of(item: Any) -> str:
    if isinstance(item, str):
        return item
    for attr in ("id", "name"):
        if getattr(item, attr, None):
            return str(getattr(item, attr))
    return str(item)


def list_packs(dirs: tuple[str, ...] = ()) -> list[dict]:
    """Every topic pack with a short summary.

    Args:
        dirs: extra pack folders.

    Returns:
        Dicts with id, title, period, questions (texts), counts and error (None when it loads).
    """
    loader = _module("essaylens.packs.loader")
    if loader is None or not hasattr(loader, "list_packs"):
        return []
    out = []
    for info in loader.list_packs(dirs):
        name = _name_of(info)
        row = {"id": name, "title": name, "period": "", "questions": [], "counts": {}, "error": None,
               "builtin": bool(getattr(info, "builtin", False))}
        try:
            pack = loader.load_pack(name, dirs)
        except Exception as err:  # a broken pack is listed with its problem, never fatal
            row["error"] = str(err).splitlines()[0][:300]
            out.append(row)
            continue
        row["title"] = getattr(pack, "title", name)
        period = getattr(pack, "period", None)
        if period is not None:
            row["period"] = f"{getattr(period, 'start', '')} to {getattr(period, 'end', '')}"
        row["questions"] = [q.text for q in getattr(pack, "questions", [])]
        row["counts"] = {k: len(getattr(pack, k, []) or []) for k in
                         ("entities", "timeline", "facts", "misconceptions", "evidence", "historiography", "sources")}
        out.append(row)
    return out


def pack_detail(name: str, dirs: tuple[str, ...] = ()) -> dict | None:
    """One pack as plain data, or None when there is no such pack.

    Raises:
        KnowledgeError: the pack exists but does not validate.
    """
    loader = _module("essaylens.packs.loader")
    if loader is None:
        return None
    if name not in {_name_of(i) for i in loader.list_packs(dirs)}:
        return None
    return _plain(loader.load_pack(name, dirs))


def _scheme_loader():
    for mod in ("essaylens.marking.loader", "essaylens.marking.schemes", "essaylens.marking"):
        m = _module(mod)
        if m is not None and hasattr(m, "list_schemes"):
            return m
    return None


def _scheme_summary(scheme: Any, name: str) -> dict:
    data = _plain(scheme) if scheme is not None else {}
    if not isinstance(data, dict):
        data = {}
    criteria = data.get("criteria") or data.get("levels") or data.get("bands") or []
    total = data.get("max") or data.get("total") or data.get("max_total")
    if total is None and criteria and all(isinstance(c, dict) and isinstance(c.get("max"), (int, float))
                                          for c in criteria):
        total = sum(c["max"] for c in criteria)
    return {"id": data.get("id") or name, "title": data.get("title") or data.get("name") or name,
            "description": data.get("description") or data.get("summary") or "",
            "max": total, "parts": len(criteria), "error": None}


def list_schemes(dirs: tuple[str, ...] = ()) -> list[dict]:
    """Every mark scheme with a short summary (empty when marking has no loader yet).

    Args:
        dirs: extra scheme folders.

    Returns:
        Dicts with id, title, description, max, parts and error.
    """
    loader = _scheme_loader()
    if loader is None:
        return []
    out = []
    try:
        items = loader.list_schemes(dirs) if dirs else loader.list_schemes()
    except Exception as err:
        log.warning("cannot list mark schemes: %s", err)
        return []
    for info in items:
        name = _name_of(info)
        try:
            out.append(_scheme_summary(_load_scheme(loader, name, dirs), name))
        except Exception as err:
            out.append({"id": name, "title": name, "description": "", "max": None, "parts": 0,
                        "error": str(err).splitlines()[0][:300]})
    return out


def _load_scheme(loader, name: str, dirs: tuple[str, ...]):
    fn = getattr(loader, "load_scheme", None) or getattr(loader, "get_scheme", None)
    if fn is None:
        return None
    return fn(name, dirs) if dirs else fn(name)


def scheme_detail(name: str, dirs: tuple[str, ...] = ()) -> dict | None:
    """One mark scheme as plain data, or None when there is no such scheme."""
    loader = _scheme_loader()
    if loader is None:
        return None
    if name not in {_name_of(i) for i in (loader.list_schemes(dirs) if dirs else loader.list_schemes())}:
        return None
    data = _plain(_load_scheme(loader, name, dirs))
    return data if isinstance(data, dict) else {"id": name}
