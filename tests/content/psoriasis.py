"""The psoriasis answers the content tests start from, and the sheet for them."""

from __future__ import annotations

from decisionaid.sample_patients import flat
from tests.content.helpers import LIBRARY, sheets_for

PSORIASIS = LIBRARY.pathways["psoriasis"]
TABLETS = ["PSO-07", "PSO-08", "PSO-09", "PSO-10", "PSO-11", "PSO-15"]
INJECTIONS = ["PSO-12", "PSO-13", "PSO-14"]
STRONG = ["PSO-06", *TABLETS, *INJECTIONS]
# Icotrokinra is never rated above "may" while its label's warnings are not in the fact
# base: the strong options that a reason in favour can make "often".
NEW_AND_UNCHECKED = "PSO-15"
RATED = [option_id for option_id in STRONG if option_id != NEW_AND_UNCHECKED]

# An adult man with small, mild plaques on the body only, no joint symptoms.
MILD: dict = {
    "age": "18_plus",
    "skin_type": "tans_easily",
    "pregnancy_now": "not_applicable",
    "pregnancy_future": "not_applicable",
    "other_conditions": ["none"],
    "extent": "under_3",
    "sites": ["body"],
    "itch": "a_little",
    "impact": "a_little",
    "psa_diagnosed": "no",
    "pest_swollen_joint": "no",
    "pest_arthritis": "no",
    "pest_nail_pits": "no",
    "pest_heel_pain": "no",
    "pest_swollen_digit": "no",
    "tried": ["none"],
    **{key: value for key, value in flat("psoriasis").items() if key.startswith("goal_")},
    "stem_cell_offer": "no",
}
# Only a steroid cream was tried: the NICE first step is not done yet.
STEROID_ONLY: dict = {
    "tried": ["steroid_cream"],
    "steroid_cream_duration": "3_to_6_months",
    "steroid_cream_outcome": "not_enough",
}
# The NICE first step on the body: a steroid and vitamin D, both not enough.
CREAMS_FAILED: dict = {
    "tried": ["steroid_cream", "vitamin_d"],
    "steroid_cream_duration": "3_to_6_months",
    "steroid_cream_outcome": "not_enough",
    "vitamin_d_duration": "3_to_6_months",
    "vitamin_d_outcome": "not_enough",
}
# More than 10 palms, and the first creams were not enough: NICE CG153 holds.
EXTENSIVE: dict = {"extent": "over_10", **CREAMS_FAILED}
# ... and methotrexate did not help enough either: NICE TA146/TA350 holds too.
METHOTREXATE_FAILED: dict = {
    "tried": ["steroid_cream", "vitamin_d", "methotrexate"],
    "methotrexate_duration": "3_to_6_months",
    "methotrexate_outcome": "not_enough",
}
BIOLOGIC_CASE: dict = {**EXTENSIVE, **METHOTREXATE_FAILED}
NOT_BIOLOGIC = ["PSO-06", *(t for t in TABLETS if t != NEW_AND_UNCHECKED)]
SCALP_ONLY: dict = {
    "sites": ["scalp"],
    "scalp_scale": "thin",
    "hair_type": "straight_wavy",
    "hair_washing": "most_days",
    "scalp_tried": ["none"],
}
WOMAN: dict = {"pregnancy_now": "no", "pregnancy_future": "no"}

sheet_for = sheets_for(PSORIASIS, MILD)
"""``sheet_for(**changes)``: the sheet of ``MILD`` with ``changes``."""
