"""Which psoriasis treatments the sheet puts first: strong treatments need the NICE CG153
reason (the first creams were tried and were not enough), biologics also need NICE
TA146/TA350 (a conventional treatment did not work), and the scalp and special sites
have their own treatments first."""

from __future__ import annotations

import pytest

from tests.content.helpers import reasons
from tests.content.psoriasis import (
    BIOLOGIC_CASE,
    CREAMS_FAILED,
    EXTENSIVE,
    INJECTIONS,
    NOT_BIOLOGIC,
    RATED,
    SCALP_ONLY,
    STEROID_ONLY,
    STRONG,
    sheet_for,
)


def test_extensive_psoriasis_where_the_first_creams_failed_makes_light_and_tablets_often() -> None:
    sheet = sheet_for(**EXTENSIVE)
    for option_id in NOT_BIOLOGIC:
        fit = sheet.fit_of(option_id)
        assert fit.level == "often", option_id
        favour = [r for r in fit.reasons if r.effect == "favour"]
        assert favour and "nice" in favour[0].text.source.lower(), option_id
        assert "10 palms" in favour[0].text.source
        assert "scalp products you tried" in favour[0].text.source
    for option_id in INJECTIONS:  # biologics wait for a conventional treatment (TA146)
        fit = sheet.fit_of(option_id)
        assert fit.level == "may", option_id
        assert not any(reason.effect == "favour" for reason in fit.reasons)
        assert (
            "after methotrexate, ciclosporin or light treatment"
            in reasons(sheet, option_id).lower()
        )


def test_biologics_are_often_once_a_conventional_treatment_did_not_work() -> None:
    sheet = sheet_for(**BIOLOGIC_CASE)
    for option_id in RATED:
        assert sheet.fit_of(option_id).level == "often", option_id
    for option_id in INJECTIONS:
        fit = sheet.fit_of(option_id)
        [favour] = [r for r in fit.reasons if r.effect == "favour"]
        assert set(favour.cite) == {"nice-ta146", "nice-ta350"}
        assert "clinician measures how severe" in favour.text.source
        assert "after methotrexate" not in reasons(sheet, option_id).lower()


@pytest.mark.parametrize(
    "tried",
    [
        {"tried": ["light"], "light_duration": "3_to_6_months", "light_outcome": "no_change"},
        {"tried": ["ciclosporin"], "ciclosporin_duration": "under_3_months"}
        | {"ciclosporin_outcome": "side_effects"},
        {"tried": ["acitretin"], "acitretin_duration": "over_12_months"}
        | {"acitretin_outcome": "not_enough"},
    ],
)
def test_each_conventional_treatment_counts_for_biologics(tried: dict) -> None:
    answers = {**EXTENSIVE, **tried, "tried": CREAMS_FAILED["tried"] + tried["tried"]}
    assert sheet_for(**answers).fit_of("PSO-14").level == "often"
    helped = {**answers, f"{tried['tried'][0]}_outcome": "helped"}
    assert sheet_for(**helped).fit_of("PSO-14").level == "may"


def test_a_big_effect_on_daily_life_where_creams_failed_also_counts() -> None:
    sheet = sheet_for(impact="very_much", **CREAMS_FAILED)
    for option_id in NOT_BIOLOGIC:
        assert sheet.fit_of(option_id).level == "often", option_id
        assert "affects your life a lot" in reasons(sheet, option_id).lower()
    for option_id in INJECTIONS:
        assert sheet.fit_of(option_id).level == "may", option_id


def test_a_steroid_cream_alone_is_not_the_nice_first_step() -> None:
    sheet = sheet_for(extent="over_10", impact="very_much", **STEROID_ONLY)
    for option_id in STRONG:
        assert sheet.fit_of(option_id).level == "may", option_id
        assert "a steroid and a vitamin d cream" in reasons(sheet, option_id).lower()
    # Stopped for side effects counts as "cannot be used".
    stopped = {**CREAMS_FAILED, "vitamin_d_outcome": "side_effects"}
    assert sheet_for(extent="over_10", **stopped).fit_of("PSO-07").level == "often"


THICK_SCALP: dict = {
    **SCALP_ONLY,
    "scalp_scale": "thick",
    "scalp_tried": ["steroid_scalp"],
    "steroid_scalp_outcome": "not_enough",
    "impact": "very_much",
}


def test_on_the_scalp_the_first_step_is_a_steroid_and_softening_thick_scale() -> None:
    unsoftened = sheet_for(**THICK_SCALP)
    for option_id in STRONG:
        assert unsoftened.fit_of(option_id).level == "may", option_id
    assert unsoftened.fit_of("PSO-04S").level == "often"
    softened = sheet_for(**{**THICK_SCALP, "scalp_tried": ["steroid_scalp", "scale_softener"]})
    thin = sheet_for(**{**THICK_SCALP, "scalp_scale": "thin"})
    for sheet in (softened, thin):
        fit = sheet.fit_of("PSO-07")
        assert fit.level == "often"
        [favour] = [r for r in fit.reasons if r.effect == "favour"]
        assert "scalp products you tried" in favour.text.source
        assert "creams or ointments were not enough" not in favour.text.source


def test_a_cream_that_did_not_work_is_not_favoured_again() -> None:
    body = {"extent": "3_to_10"}
    assert sheet_for(**body).fit_of("PSO-01").level == "often"
    assert sheet_for(**body).fit_of("PSO-02").level == "often"
    steroid = sheet_for(**body, **STEROID_ONLY)
    assert steroid.fit_of("PSO-01").level == "may"
    assert "ask what to try next" in reasons(steroid, "PSO-01").lower()
    assert sheet_for(**body, **STEROID_ONLY, sites=["face"]).fit_of("PSO-01").level == "may"
    assert sheet_for(**body, **STEROID_ONLY, sites=["folds"]).fit_of("PSO-01").level == "may"
    vitamin_d = {"tried": ["vitamin_d"], "vitamin_d_duration": "3_to_6_months"}
    for outcome in ("no_change", "not_enough"):
        sheet = sheet_for(**body, **vitamin_d, vitamin_d_outcome=outcome)
        assert sheet.fit_of("PSO-02").level == "may"
        assert "used it long enough" in reasons(sheet, "PSO-02").lower()


def test_extensive_untreated_psoriasis_gets_the_nice_first_step() -> None:
    sheet = sheet_for(extent="over_10")
    fit = sheet.fit_of("PSO-02")
    assert fit.level == "often"
    [favour] = [r for r in fit.reasons if r.effect == "favour"]
    assert favour.cite == ("nice-cg153",)
    assert "first step" in favour.text.source
    assert sheet_for(extent="over_10", **STEROID_ONLY).fit_of("PSO-02").level == "may"


@pytest.mark.parametrize(
    "changes",
    [
        {"extent": "over_10"},  # extensive, but creams never tried
        {"impact": "very_much"},  # big impact, but creams never tried
        {"sites": ["body", "palms_soles"]},  # a special site alone
        {"sites": ["body", "nails"], **CREAMS_FAILED},  # creams failed, mild, no impact
        {**CREAMS_FAILED, "steroid_cream_outcome": "helped", "extent": "over_10"},
        {**STEROID_ONLY, "extent": "over_10"},  # only a steroid tried
        {**STEROID_ONLY, "impact": "very_much"},
    ],
)
def test_without_the_nice_reason_strong_treatments_are_at_most_may(changes: dict) -> None:
    sheet = sheet_for(**changes)
    for option_id in STRONG:
        fit = sheet.fit_of(option_id)
        assert fit.level == "may", option_id
        assert not any(reason.effect == "favour" for reason in fit.reasons)


def test_mild_untreated_scalp_psoriasis_puts_the_scalp_treatments_first() -> None:
    sheet = sheet_for(**SCALP_ONLY)
    for option_id in STRONG:
        assert sheet.fit_of(option_id).level == "may", option_id
        assert "made for that place first" in reasons(sheet, option_id).lower()
    [scalp] = [group for group in sheet.groups if group.group.id == "scalp"]
    assert [fit.option.id for fit in scalp.fits] == ["PSO-01S", "PSO-05S", "PSO-04S", "PSO-03S"]
    assert sheet.fit_of("PSO-01S").level == "often"
    assert sheet.fit_of("PSO-05S").level == "often"
    assert "66 in 100" in reasons(sheet, "PSO-05S").lower()


@pytest.mark.parametrize("sites", [["scalp"], ["nails"], ["scalp", "nails"]])
def test_light_is_never_often_for_psoriasis_only_on_the_scalp_or_nails(sites: list) -> None:
    scalp = {key: value for key, value in SCALP_ONLY.items() if key != "sites"}
    sheet = sheet_for(sites=sites, impact="very_much", **scalp, **BIOLOGIC_CASE)
    assert sheet.fit_of("PSO-06").level == "may"
    assert "only on your scalp or nails" in reasons(sheet, "PSO-06").lower()
    assert sheet.fit_of("PSO-14").level == "often"  # the NICE reason holds for the others


def test_special_sites_put_their_own_creams_first() -> None:
    assert sheet_for(sites=["face"]).fit_of("PSO-01").level == "often"
    folds = sheet_for(sites=["folds"])
    assert folds.fit_of("PSO-05").level == "often"
    assert "skin folds" in reasons(folds, "PSO-05").lower()


def test_small_areas_of_mild_disease_put_creams_first() -> None:
    sheet = sheet_for()
    assert sheet.fit_of("PSO-01").level == "often"
    assert sheet.fit_of("PSO-02").level == "often"
    for option_id in STRONG:
        assert sheet.fit_of(option_id).level == "may", option_id
        assert "cream" in reasons(sheet, option_id).lower()
