"""One complete, realistic patient per pathway, step by step, as a browser would post it."""

from __future__ import annotations

PATIENTS: dict[str, dict[str, dict[str, str | list[str]]]] = {
    "vitiligo": {
        "about_you": {
            "age": "18_plus",
            "pregnancy_now": "no",
            "pregnancy_future": "yes",
            "skin_type": "burns_then_tans",
        },
        "your_vitiligo": {
            "pattern": "non_segmental",
            "sites": ["face_neck", "hands_feet"],
            "extent": "1_to_10",
            "pace": "few_new",
            "activity_signs": ["confetti"],
            "duration": "1_to_5_years",
        },
        "treatments_tried": {
            "tried": ["steroid_cream", "other"],
            "steroid_cream_duration": "3_to_6_months",
            "steroid_cream_outcome": "side_effects",
            "other_name": "Coconut oil",
            "other_duration": "under_3_months",
            "other_outcome": "no_change",
        },
        "what_matters": {
            "goal_colour_back": "very",
            "goal_stop_spread": "very",
            "goal_even_tone": "not",
            "goal_avoid_side_effects": "somewhat",
            "goal_few_visits": "somewhat",
            "goal_low_cost": "not",
            "goal_quick_results": "somewhat",
            "stem_cell_offer": "yes",
        },
    },
    "psoriasis": {
        "about_you": {
            "age": "18_plus",
            "skin_type": "tans_easily",
            "pregnancy_now": "no",
            "pregnancy_future": "yes",
            "other_conditions": ["alcohol"],
        },
        "your_psoriasis": {
            "extent": "3_to_10",
            "sites": ["scalp", "nails", "body"],
            "scalp_scale": "thick",
            "hair_type": "curly_coily",
            "hair_washing": "weekly_or_less",
            "scalp_tried": ["tar_shampoo"],
            "tar_shampoo_outcome": "not_enough",
            "itch": "a_lot",
            "impact": "a_lot",
        },
        "your_joints": {
            "psa_diagnosed": "no",
            "pest_swollen_joint": "yes",
            "pest_arthritis": "no",
            "pest_nail_pits": "yes",
            "pest_heel_pain": "yes",
            "pest_swollen_digit": "no",
        },
        "treatments_tried": {
            "tried": ["steroid_cream", "biologic"],
            "steroid_cream_duration": "over_12_months",
            "steroid_cream_outcome": "not_enough",
            "biologic_name": "Adalimumab",
            "biologic_duration": "6_to_12_months",
            "biologic_outcome": "side_effects",
        },
        "what_matters": {
            "goal_clear_skin": "very",
            "goal_avoid_side_effects": "somewhat",
            "goal_few_visits": "very",
            "goal_no_blood_tests": "somewhat",
            "goal_tablets": "not",
            "goal_pregnancy": "very",
            "goal_low_cost": "somewhat",
            "stem_cell_offer": "no",
        },
    },
    "stem-cells": {
        "about_you": {"condition": "vitiligo", "age": "18_plus", "pregnancy": ["no"]},
        "the_offer": {
            "offer": "private_clinic",
            "cell_source": ["cord", "secretome"],
            "how_given": ["microneedling"],
            "trial_offer": "called_trial",
        },
        "told_and_cost": {
            "clinic_said": ["cure", "testimonials"],
            "cost": "yes",
            "price": "4000 dollars",
            "pay_when": "up_front",
        },
        "what_matters": {
            "goal_proven": "very",
            "goal_avoid_serious_risks": "very",
            "goal_low_cost": "somewhat",
            "goal_try_new": "somewhat",
        },
    },
}


def flat(pathway: str) -> dict[str, str | list[str]]:
    """The patient's answers as one mapping, as the engine receives them."""
    answers: dict[str, str | list[str]] = {}
    for step in PATIENTS[pathway].values():
        answers.update(step)
    return answers
