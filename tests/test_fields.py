"""A step's fields are worked out once per step and locale, on whoever's page comes
first, and hold nothing of that person's answers."""

from __future__ import annotations

from flask import Flask

from decisionaid.sample_patients import PATIENTS
from tests.conftest import Patient, make_app, page
from tests.test_step_pages import checked


def test_the_fields_made_on_one_persons_page_hold_nothing_of_their_answers() -> None:
    app: Flask = make_app()
    first = Patient(app.test_client())
    answers = PATIENTS["vitiligo"]["about_you"]
    assert first.answer("vitiligo", "about_you", answers).status_code == 302
    assert ("age", answers["age"]) in checked(
        page(first.client.get(first.url("vitiligo", "about_you")))
    )
    fields = app.extensions["field_views"][("vitiligo", "about_you", "en")]

    second = Patient(app.test_client())
    fresh = page(second.client.get(second.url("vitiligo", "about_you")))

    assert checked(fresh) == set()
    assert app.extensions["field_views"][("vitiligo", "about_you", "en")] is fields
