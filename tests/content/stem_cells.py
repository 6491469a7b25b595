"""The answers of people considering stem cell treatment that the content tests start
from, and the sheet for them."""

from __future__ import annotations

from decisionaid.sample_patients import flat
from tests.content.helpers import LIBRARY, sheets_for

STEM_CELLS = LIBRARY.pathways["stem-cells"]
# Someone with lupus offered cord cells by a private clinic, with no claims noted.
BASE = {
    **flat("stem-cells"),
    "condition": "lupus",
    "cell_source": ["cord"],
    "how_given": ["infusion"],
    "trial_offer": "no",
    "clinic_said": ["none"],
    "cost": "not_told",
}
BASE.pop("pay_when")
BASE.pop("price")
# An adult with MS offered a blood stem cell transplant by a hospital, at no charge.
TRANSPLANT = {
    **BASE,
    "condition": "multiple_sclerosis",
    "offer": "hospital",
    "cell_source": ["blood_stem_cell_transplant"],
    "trial_offer": "no",
    "cost": "no",
}

sheet_for = sheets_for(STEM_CELLS, BASE)
"""``sheet_for(**changes)``: the sheet of ``BASE`` with ``changes``."""
