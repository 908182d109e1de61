"""The EssayLens web app for teachers: pages, a JSON API under /api/v1, and storage.

Start it with ``essaylens serve``; build it in code with :func:`create_app`.
"""

from __future__ import annotations

__all__ = ["create_app"]


def create_app(*args, **kwargs):
    """Build the FastAPI app; see :func:`essaylens.web.app.create_app`."""
    from .app import create_app as _create_app

    return _create_app(*args, **kwargs)
