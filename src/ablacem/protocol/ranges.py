"""Item ranges and validation facts, read by forms, dataset validation and exports."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass


@dataclass(frozen=True)
class NumericRange:
    """An inclusive numeric range with a resolution.

    Attributes
    ----------
    name : str
        Field the range applies to.
    minimum, maximum : float
        Inclusive bounds.
    decimals : int
        Number of decimals allowed (0 = whole numbers).
    unit : str
        Unit, empty when dimensionless.
    """

    name: str
    minimum: float
    maximum: float
    decimals: int = 0
    unit: str = ""

    @property
    def is_integer(self) -> bool:
        """True when only whole numbers are allowed."""
        return self.decimals == 0

    def problem(self, value: float) -> str | None:
        """Why ``value`` breaks the rule, or ``None`` when it is valid (missing is valid)."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return None
        if not self.minimum <= value <= self.maximum:
            return f"{self.name} must be between {self.minimum:g} and {self.maximum:g}{self.unit_suffix}"
        # The value rounded to the declared decimals must be the value itself, up to the float's
        # own representation error (relative, so that 1e-320 is not taken for 0).
        if not math.isclose(value, round(value, self.decimals), rel_tol=1e-9, abs_tol=0.0):
            if self.decimals == 0:
                return f"{self.name} must be a whole number"
            return f"{self.name} allows at most {self.decimals} decimal(s)"
        return None

    @property
    def unit_suffix(self) -> str:
        return f" {self.unit}" if self.unit else ""


VAS = NumericRange("VAS pain", 0, 10, decimals=1)
AGE = NumericRange("age", 18, 110, unit="years")
CEMENT_ML = NumericRange("cement volume", 0, 50, decimals=1, unit="mL")
#: Above this, a cement volume is accepted but flagged for confirmation (edit check).
CEMENT_ML_PLAUSIBLE_MAX = 30.0
LESION_SIZE_MM = NumericRange("lesion size", 1, 300, decimals=1, unit="mm")
N_PROBES = NumericRange("number of probes", 1, 10)
ABLATION_MINUTES = NumericRange("ablation time", 0, 180, decimals=1, unit="min")
DURATION_MINUTES = NumericRange("procedure duration", 5, 600, unit="min")
LENGTH_OF_STAY_DAYS = NumericRange("length of stay", 0, 90, unit="days")
DOSE = NumericRange("dose", 0.001, 100000, decimals=3)
PER_DAY = NumericRange("administrations per day", 0.01, 48, decimals=2)
ECOG = NumericRange("ECOG", 0, 4)
CIRSE_GRADE = NumericRange("CIRSE grade", 1, 6)
#: Hours from awareness of a serious adverse event to its acknowledgement by an investigator.
ACK_HOURS = NumericRange("time to acknowledgement", 0, 100000, decimals=1, unit="h")
SINS_TOTAL = NumericRange("SINS total", 0, 18)
MIRELS_TOTAL = NumericRange("Mirels total", 4, 12)

QLQC30_N_ITEMS = 30
QLQC30_ITEMS: tuple[str, ...] = tuple(f"q{i}" for i in range(1, QLQC30_N_ITEMS + 1))
#: Items 1-28 take 1-4; items 29-30 (global health status) take 1-7.
QLQC30_ITEM_RANGE: dict[str, NumericRange] = {
    f"q{i}": NumericRange(f"QLQ-C30 item {i}", 1, 7 if i >= 29 else 4) for i in range(1, QLQC30_N_ITEMS + 1)
}

#: Longest text, in characters, of each kind of typed field (not clinical facts but limits that
#: keep a record readable and a database row bounded; a longer text is refused, naming the field
#: and the limit). Study, lesion, procedure and event IDs are built by the system.
STUDY_ID_MAX_CHARS = 20
ID_MAX_CHARS = 30
NAME_MAX_CHARS = 200
HOSPITAL_NUMBER_MAX_CHARS = 50
#: An email address: at most 254 characters (RFC 5321 section 4.5.3.1.3, path limit, less the brackets).
EMAIL_MAX_CHARS = 254
#: A mobile number as typed, spaces included (E.164 allows 15 digits after the +).
MOBILE_MAX_CHARS = 20
#: A free-text description (an adverse event's).
DESCRIPTION_MAX_CHARS = 2000
#: A reason: for a change, a visit not done or out of its window, an unlock, a deletion.
REASON_MAX_CHARS = 500


def text_too_long(label: str, text: str, limit: int) -> str | None:
    """The message for a text longer than ``limit`` characters, or None when it fits."""
    if text is None or len(text) <= limit:
        return None
    return f"{label} must be at most {limit} characters (this one has {len(text)})"


#: Baseline must fall within this many days before the procedure.
BASELINE_MAX_DAYS_BEFORE = 14
EARLIEST_DATE = "2000-01-01"


@dataclass(frozen=True)
class DateRule:
    """The dates a field may take: from ``earliest`` to today (never in the future).

    One declaration used by the forms (refused at entry) and by the dataset's checks (a stored
    date that breaks it is listed as a problem, never a failed export). Its message names the
    field and the rule, never the value: a date of birth identifies a patient.

    Attributes
    ----------
    label : str
        How a person names the field ("date of birth").
    earliest : datetime.date
        The earliest plausible date.
    """

    label: str
    earliest: dt.date

    @property
    def rule(self) -> str:
        """The rule in words: "must be between 1900-01-01 and today"."""
        return f"must be between {self.earliest.isoformat()} and today"

    @property
    def message(self) -> str:
        """What is said of a date that breaks the rule (the value itself is never repeated)."""
        return f"{self.label[0].upper()}{self.label[1:]} {self.rule} (check the year)"

    def problem(self, value: dt.date | None, *, today: dt.date | None = None) -> str | None:
        """:attr:`message` when ``value`` breaks the rule, else None (also for a missing value).

        ``today`` None checks only the earliest date.
        """
        if value is None:
            return None
        day = value.date() if isinstance(value, dt.datetime) else value
        if day < self.earliest or (today is not None and day > today):
            return self.message
        return None


#: Dates of birth: an enrolled adult was born in 1900 or later (no living person is older),
#: and not in the future.
BIRTH_DATE = DateRule("date of birth", dt.date(1900, 1, 1))
#: Enrolment (consent) and every other clinical date: within the study's period, from the
#: protocol's earliest plausible date to today.
ENROLMENT_DATE = DateRule("date of enrolment", dt.date.fromisoformat(EARLIEST_DATE))
