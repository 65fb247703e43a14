"""The screens of the patient's questionnaire, in order: pain, painkillers, QLQ-C30 groups, review.

One question group per screen (issue 10): the QLQ-C30's 30 items are shown in the groups below,
which follow the questionnaire's own layout (items 1-5 without a time frame, 6-28 "during the past
week", 29-30 the global health status; EORTC QLQ-C30 version 3.0, Aaronson et al., J Natl
Cancer Inst 1993;85:365-376) cut into screens short enough for a phone.
"""

from __future__ import annotations

from dataclasses import dataclass

from ablacem.protocol.ranges import QLQC30_ITEM_RANGE, QLQC30_ITEMS

PAIN = "pain"
PAINKILLERS = "painkillers"
REVIEW = "review"

#: The QLQ-C30 item numbers of each screen.
QLQC30_GROUPS: tuple[tuple[int, ...], ...] = (
    (1, 2, 3, 4, 5),
    (6, 7, 8, 9, 10),
    (11, 12, 13, 14, 15, 16),
    (17, 18, 19, 20, 21, 22),
    (23, 24, 25, 26, 27, 28),
    (29, 30),
)


@dataclass(frozen=True)
class Step:
    """One screen: its code (in the address), kind and, for a QLQ-C30 screen, its items."""

    code: str
    kind: str
    items: tuple[str, ...] = ()


STEPS: tuple[Step, ...] = (
    Step(PAIN, PAIN, ("vas_worst", "vas_average")),
    Step(PAINKILLERS, PAINKILLERS),
    *(Step(f"qlq{n}", "qlqc30", tuple(f"q{i}" for i in group)) for n, group in enumerate(QLQC30_GROUPS, 1)),
    Step(REVIEW, REVIEW),
)
STEP_CODES: tuple[str, ...] = tuple(s.code for s in STEPS)
#: The screens that ask questions (the review is not counted in the progress).
QUESTION_STEPS: tuple[Step, ...] = tuple(s for s in STEPS if s.kind != REVIEW)

assert sorted(q for s in STEPS for q in s.items if q.startswith("q")) == sorted(QLQC30_ITEMS)


def get_step(code: str) -> Step:
    """The step with ``code``. Raises ``KeyError`` for an unknown one."""
    for step in STEPS:
        if step.code == code:
            return step
    raise KeyError(code)


def next_step(code: str) -> str | None:
    """The code of the screen after ``code`` (None after the review)."""
    i = STEP_CODES.index(code)
    return STEP_CODES[i + 1] if i + 1 < len(STEP_CODES) else None


def previous_step(code: str) -> str | None:
    """The code of the screen before ``code`` (None for the first)."""
    i = STEP_CODES.index(code)
    return STEP_CODES[i - 1] if i > 0 else None


def progress(code: str) -> tuple[int, int]:
    """``(screen number, number of question screens)`` of ``code`` (the review is last + 1)."""
    return STEP_CODES.index(code) + 1, len(QUESTION_STEPS)


def scale_of(item: str) -> tuple[int, ...]:
    """The response points of a QLQ-C30 item (1-4 or 1-7, :data:`ablacem.protocol.ranges.QLQC30_ITEM_RANGE`)."""
    rng = QLQC30_ITEM_RANGE[item]
    return tuple(range(int(rng.minimum), int(rng.maximum) + 1))
