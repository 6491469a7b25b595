"""The vitiligo answers the content tests start from, and the sheet for them."""

from __future__ import annotations

from decisionaid.content.model import Answers
from tests.content.helpers import LIBRARY, sheets_for

VITILIGO = LIBRARY.pathways["vitiligo"]
ALL_OPTIONS = [f"VIT-{n:02d}" for n in range(1, 14)]

# An adult with small segmental vitiligo on the face. It began a few years ago, has not
# changed in the last 12 months, and a steroid cream used for 6 to 12 months did not help.
STABLE_SEGMENTAL_FACE: Answers = {
    "age": "18_plus",
    "pregnancy_now": "no",
    "pregnancy_future": "no",
    "skin_type": "brown",
    "pattern": "segmental",
    "sites": ["face_neck"],
    "extent": "under_1",
    "pace": "no_change",
    "activity_signs": ["none"],
    "duration": "1_to_5_years",
    "tried": ["steroid_cream"],
    "steroid_cream_duration": "6_to_12_months",
    "steroid_cream_outcome": "no_change",
    "goal_colour_back": "very",
    "goal_stop_spread": "somewhat",
    "goal_even_tone": "not",
    "goal_avoid_side_effects": "somewhat",
    "goal_few_visits": "not",
    "goal_low_cost": "somewhat",
    "goal_quick_results": "not",
    "stem_cell_offer": "no",
}

# A teenager whose non-segmental vitiligo has spread a lot this year: many new patches,
# confetti-like spots, on the face, hands and body, over about 1 to 10 palms.
SPREADING_FAST: dict = {
    "age": "12_to_17",
    "pregnancy_now": "not_applicable",
    "pregnancy_future": "not_applicable",
    "pattern": "non_segmental",
    "sites": ["face_neck", "hands_feet", "body"],
    "extent": "1_to_10",
    "pace": "many_new",
    "activity_signs": ["confetti"],
    "duration": "under_1_year",
    "tried": ["none"],
}

PREGNANT = {"pregnancy_now": "pregnant"}
BREASTFEEDING = {"pregnancy_now": "breastfeeding"}
UNDER_12 = {"age": "under_12"}
NOTHING_TRIED = {"tried": ["none"]}

sheet_for = sheets_for(VITILIGO, STABLE_SEGMENTAL_FACE)
"""``sheet_for(**changes)``: the sheet of ``STABLE_SEGMENTAL_FACE`` with ``changes``."""
