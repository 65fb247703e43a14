"""Row labels for error messages."""

from __future__ import annotations

import numpy as np
import pandas as pd


def row_label(index: pd.Index, mask_or_position) -> object:
    """The index label (as a plain Python value) of a position, or of the first True of a mask."""
    position = int(np.flatnonzero(np.asarray(mask_or_position))[0]) if np.ndim(mask_or_position) else mask_or_position
    return index[position : position + 1].tolist()[0]
