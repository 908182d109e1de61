"""The pack stage: choose the topic pack that matches the essay.

Placeholder until the topic-pack issue lands: it assigns no pack, which puts
the later stages in their generic mode.
"""

from __future__ import annotations

from ..pipeline import stage


@stage("pack", requires=("question", "sentences"), assigns=("pack",))
def pack_stage(essay):
    essay.set("pack", None)
    return essay
