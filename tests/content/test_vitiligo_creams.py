"""Who the vitiligo creams fit: a steroid cream (VIT-04), tacrolimus or pimecrolimus
(VIT-05) and ruxolitinib cream (VIT-06), for adults and for children."""

from __future__ import annotations

import pytest

from tests.content.helpers import effects, option, reasons
from tests.content.vitiligo import NOTHING_TRIED, UNDER_12, VITILIGO, sheet_for

# ------------------------------------------------------------------ ruxolitinib (VIT-06)


@pytest.mark.parametrize("extent", ["11_to_50", "over_50"])
def test_more_than_10_palms_makes_ruxolitinib_may_and_says_the_limit_is_per_treatment(
    extent: str,
) -> None:
    sheet = sheet_for(extent=extent, pattern="non_segmental")
    fit = sheet.fit_of("VIT-06")
    assert fit.level == "may"
    assert "caution" in effects(sheet, "VIT-06")
    text = reasons(sheet, "VIT-06")
    assert "at one time" in text
    assert "not a limit on how much vitiligo you have" in text
    statements = " ".join(s.text.source for s in fit.option.statements())
    assert "how much skin you treat at one time" in statements


def test_non_segmental_vitiligo_on_the_face_makes_ruxolitinib_often_considered() -> None:
    assert sheet_for(pattern="non_segmental").fit_of("VIT-06").level == "often"


def test_under_12_ruxolitinib_is_not_approved_and_no_reason_argues_for_it() -> None:
    sheet = sheet_for(**UNDER_12, pattern="non_segmental")
    assert sheet.fit_of("VIT-06").level == "not"
    text = reasons(sheet, "VIT-06")
    assert "approved only for people aged 12 and over" in text
    assert "This is what the cream is approved for" not in text


def test_ruxolitinib_large_area_reason_says_have_patches() -> None:
    text = reasons(sheet_for(pattern="non_segmental", extent="11_to_50"), "VIT-06")
    assert "more than 10 palms of your skin have patches" in text
    assert "skin has patches" not in text


def test_ruxolitinib_approval_says_where_the_nhs_offers_it() -> None:
    approval = " ".join(s.text.source for s in option(VITILIGO, "VIT-06").approval)
    assert "NICE recommended it in February 2026" in approval
    assert "aged 12 and over" in approval
    assert "Scottish Medicines Consortium did not recommend it" in approval
    assert "May 2024" in approval


# -------------------------------------------------------- tacrolimus or pimecrolimus (VIT-05)


def test_the_face_makes_tacrolimus_often_considered_but_not_for_a_child() -> None:
    assert sheet_for().fit_of("VIT-05").level == "often"
    sheet = sheet_for(**UNDER_12)
    assert sheet.fit_of("VIT-05").level == "may"
    assert "under 2" in reasons(sheet, "VIT-05")


@pytest.mark.parametrize(
    ("age", "figure"),
    [("under_12", "47 in 100 children"), ("12_to_17", "47 in 100 children"), ("18_plus", "58")],
)
def test_the_tacrolimus_face_reason_gives_the_childrens_figure_to_a_child(
    age: str, figure: str
) -> None:
    text = reasons(sheet_for(age=age, pregnancy_now="not_applicable"), "VIT-05")
    assert figure in text
    assert ("58 in 100" in text) == (age == "18_plus")


# ------------------------------------------------- a child with patches on the face only

CHILD_FACE = {**UNDER_12, **NOTHING_TRIED, "sites": ["face_neck"]}


@pytest.mark.parametrize("extent", ["under_1", "1_to_10"])
def test_a_child_with_face_only_patches_gets_a_note_not_a_favour_for_steroid_cream(
    extent: str,
) -> None:
    sheet = sheet_for(**CHILD_FACE, extent=extent)
    assert sheet.fit_of("VIT-04").level == "may"
    assert "favour" not in effects(sheet, "VIT-04")
    text = reasons(sheet, "VIT-04")
    assert "You said you are under 12 and your patches are only on your face or neck" in text
    assert "47 in 100 children" in text
    assert "kept away from the eyes" in text
    # Both creams are then "May be considered" for this child.
    assert sheet.fit_of("VIT-05").level == "may"
    # Patches elsewhere too, or an adult: the favour stays.
    assert sheet_for(**{**CHILD_FACE, "sites": ["face_neck", "body"]}, extent=extent).fit_of(
        "VIT-04"
    ).level == ("often")
    assert sheet_for(**NOTHING_TRIED, extent=extent).fit_of("VIT-04").level == "often"
