"""One complete, realistic patient per pathway, step by step, as a browser would post it,
and a walk through the app as them: for the tests, the benchmarks and a translator's
preview (``flask --app wsgi i18n preview LOCALE``)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from decisionaid.locales import SOURCE_LOCALE

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


NOT_SURE_AND_READY = {
    "leaning": "not_sure",
    "sure_sure": "yes",
    "sure_understanding": "yes",
    "sure_risk_benefit": "yes",
    "sure_encouragement": "yes",
}
"""Where a sample patient stands unless told otherwise: not sure yet, and yes to every
SURE question."""


class WalkError(RuntimeError):
    """The app did not take a sample patient where a person would have gone."""


class SamplePatient:
    """A client of the app (Flask's test client) that fills in a pathway the way a person
    would: it opens each page, reads its CSRF token and posts the form."""

    def __init__(self, client: FlaskClient, locale: str = SOURCE_LOCALE) -> None:
        self.client = client
        self.locale = locale

    def url(self, pathway: str, page: str = "") -> str:
        return f"/{self.locale}/{pathway}/{page}"

    def token(self, path: str) -> str:
        page = self.client.get(path)
        match = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True))
        if not match:
            raise WalkError(f"no CSRF token on {path} ({page.status_code})")
        return match.group(1)

    def answer(self, pathway: str, step: str, answers: dict[str, str | list[str]]) -> TestResponse:
        return self.post(self.url(pathway, step), answers)

    def complete(self, pathway: str, stand: dict | None = NOT_SURE_AND_READY) -> None:
        """Answer every step of ``pathway`` as its sample patient does, checking that each
        step leads to the next and the last to the review, and then say where they stand
        (with ``stand=None``, not yet)."""
        steps = PATIENTS[pathway]
        names = [*steps, "review"]
        for step, following in itertools.pairwise(names):
            self._expect(self.answer(pathway, step, steps[step]), self.url(pathway, following))
        if stand is not None:
            self._expect(self.stand(pathway, stand), self.url(pathway, "sheet"))

    def stand(self, pathway: str, answers: dict) -> TestResponse:
        """Post the "where you stand" step."""
        return self.post(self.url(pathway, "where-you-stand"), answers)

    def post(self, path: str, data: dict | None = None, *, from_page: str | None = None):
        """Post to ``path`` with the CSRF token of ``from_page`` (the page with the form)."""
        token = self.token(from_page or path)
        return self.client.post(path, data={"csrf_token": token, **(data or {})})

    @staticmethod
    def _expect(response: TestResponse, location: str) -> None:
        if response.status_code != 302 or response.headers["Location"] != location:
            page = response.get_data(as_text=True)[:3000]
            raise WalkError(f"expected a redirect to {location}, got {response.status}:\n{page}")


def check_sample_patients(pathways: Sequence[str]) -> None:
    """Refuse pathways that have no sample patient to walk them."""
    if unknown := [pathway for pathway in pathways if pathway not in PATIENTS]:
        raise WalkError(f"no sample patient for the pathway {', '.join(map(repr, unknown))}")


def write_preview(
    app: Flask, locale: str, folder: Path, pathways: Sequence[str] = ()
) -> Iterator[Path]:
    """What a translator checks before a locale ships: each pathway's sheet for its sample
    patient (the two pages, and with all the details), its handout and its paper
    questionnaire, as the app serves them in ``locale``, on the locale's paper. Only the
    ``pathways`` named, if any. Each needs its sample patient in ``PATIENTS``."""
    pathways = pathways or list(app.extensions["content"].pathways)
    check_sample_patients(pathways)
    folder.mkdir(parents=True, exist_ok=True)
    paper = app.extensions["locale_info"][locale].default_paper
    for pathway in pathways:
        patient = SamplePatient(app.test_client(), locale)
        patient.complete(pathway)
        for path in (
            patient.url(pathway, f"sheet.pdf?paper={paper}"),
            patient.url(pathway, f"sheet.pdf?paper={paper}&details=all"),
            f"/{locale}/clinician/{pathway}/handout.pdf?paper={paper}",
            f"/{locale}/clinician/{pathway}/questionnaire.pdf?paper={paper}",
        ):
            response = patient.client.get(path)
            if response.status_code != 200:
                raise WalkError(f"{path}: {response.status}")
            kind = "sheet" if "sheet.pdf" in path else path.rsplit("/", 1)[1].split(".")[0]
            details = "-details" if "details=all" in path else ""
            target = folder / f"{pathway}-{kind}{details}-{paper}.pdf"
            target.write_bytes(response.data)
            yield target
