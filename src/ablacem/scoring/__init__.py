"""Clinical scoring rules, as pure functions over pandas objects (no Django, no I/O).

Modules: :mod:`qlqc30` (EORTC QLQ-C30 scores), :mod:`qlqc30_change` (change categories),
:mod:`mme` (opioid MME, OMED, WHO step), :mod:`pain_response` (bone metastases consensus),
:mod:`cirse` (complication grades), :mod:`lesion_scores` (SINS, Mirels).
"""

from . import cirse, lesion_scores, mme, pain_response, qlqc30, qlqc30_change

__all__ = ["cirse", "lesion_scores", "mme", "pain_response", "qlqc30", "qlqc30_change"]
