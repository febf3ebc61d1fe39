"""A frame as the embedded engine read it: how sure the engine is of it and the counts it refused."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bangwo.domain.frames import Frame


@dataclass
class Reading(Frame):
    """A frame plus ``confidence`` (0..1, calibrated: the chance its domain is right) and
    ``refused``: counts or sums said in a form no order can take (``-3张``, ``1e9杯``), as said.

    A refused count is left out of the slots; the conversation says so and asks for the number again.
    """

    confidence: float = 1.0
    refused: tuple[str, ...] = ()
    raw: float = field(default=1.0, compare=False)  # the weigher's uncalibrated probability (for calibrating)
    threshold: float = field(default=0.0, compare=False)  # the engine's routing threshold when it read this

    def to_json(self) -> dict[str, Any]:
        """The contract's frame object plus ``confidence`` (and ``refused`` when a count was refused)."""
        data = {**super().to_json(), "confidence": round(self.confidence, 3)}
        if self.refused:
            data["refused"] = list(self.refused)
        return data


def confidence_of(frame: Frame) -> float:
    """The engine's confidence in a frame; frames from elsewhere (the planner, a test) count as sure."""
    return frame.confidence if isinstance(frame, Reading) else 1.0


def confident(frame: Frame) -> bool:
    """The engine's reading is sure enough to act on (at or above the threshold it was read with)."""
    return not isinstance(frame, Reading) or frame.confidence >= frame.threshold
