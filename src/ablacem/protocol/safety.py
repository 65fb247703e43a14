"""Safety reporting facts: the clock from awareness of a serious adverse event.

Sources
-------
- ICH E6(R2) (2016), 4.11.1: the investigator reports all serious adverse events to the sponsor
  immediately; ISO 14155:2020, 10.7 (b): without unjustified delay. This protocol makes
  "immediately" concrete as an investigator's acknowledgement within 24 hours of the moment
  staff became aware of the event.
"""

from __future__ import annotations

#: Hours allowed from awareness of a serious adverse event to its acknowledgement.
SAE_ACKNOWLEDGE_HOURS = 24


def within_clock(hours: float | None) -> bool | None:
    """Whether an acknowledgement ``hours`` after awareness met the clock; None when not acknowledged.

    Parameters
    ----------
    hours : float or None
        Hours from awareness to acknowledgement.
    """
    if hours is None or hours != hours:  # NaN: not acknowledged
        return None
    return hours <= SAE_ACKNOWLEDGE_HOURS
