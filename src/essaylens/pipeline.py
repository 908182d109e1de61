"""A pipeline of named stages, each ``Essay -> Essay``.

Stages declare the layers they ``requires`` and ``assigns``. The pipeline
checks the order when it is built (every requirement is assigned by an earlier
stage) and checks each stage's output when it runs (it returned an Essay and
set what it promised), so a broken stage fails loudly and early.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable, Iterable

from .errors import Messages, PipelineError
from .essay import Essay

StageFunc = Callable[[Essay], Essay]

#: Layers that exist before any stage runs: the text and the run's settings.
BASE_LAYERS = frozenset({"text", "settings"})


@dataclass(frozen=True)
class Stage:
    """One named step of the pipeline."""

    name: str
    func: StageFunc
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()

    def without(self, *names: str) -> "Pipeline":
        """The same pipeline minus the named stages, whose layers count as given."""
        dropped = [s for s in self.stages if s.name in names]
        given = set(self.given).union(*(s.assigns for s in dropped))
        return Pipeline([s for s in self.stages if s.name not in names], given)

    def __call__(self, essay: Essay) -> Essay:
        return self.func(essay)


def stage(name: str, *, requires: Iterable[str] = (), assigns: Iterable[str] = ()):
    """Decorator turning ``func(essay) -> essay`` into a :class:`Stage`."""

    def wrap(func: StageFunc) -> Stage:
        return Stage(name, func, tuple(requires), tuple(assigns))

    return wrap


class Pipeline:
    """An ordered, validated sequence of stages.

    Args:
        stages: the stages in run order.
        given: layers already present on the essays it will receive.

    Raises:
        PipelineError: when a stage requires a layer no earlier stage assigns.
    """

    def __init__(self, stages: Iterable[Stage], given: Iterable[str] = BASE_LAYERS):
        self.stages = tuple(stages)
        self.given = frozenset(given)
        self.validate()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.stages)

    def validate(self) -> None:
        """Check that each stage's requirements are met by earlier stages."""
        available = set(self.given)
        for st in self.stages:
            missing = [r for r in st.requires if r not in available]
            if missing:
                raise PipelineError(Messages.E011.format(stage=st.name, missing=", ".join(missing)))
            available.update(st.assigns)

    def without(self, *names: str) -> "Pipeline":
        """The same pipeline minus the named stages, whose layers count as given."""
        dropped = [s for s in self.stages if s.name in names]
        given = set(self.given).union(*(s.assigns for s in dropped))
        return Pipeline([s for s in self.stages if s.name not in names], given)

    def __call__(self, essay: Essay) -> Essay:
        for st in self.stages:
            t0 = time.perf_counter()
            out = st(essay)
            if not isinstance(out, Essay):
                raise PipelineError(Messages.E012.format(stage=st.name, got=type(out).__name__))
            for layer in st.assigns:
                if not out.has(layer):
                    raise PipelineError(Messages.E013.format(stage=st.name, layer=layer))
            out.timings[st.name] = time.perf_counter() - t0
            essay = out
        return essay
