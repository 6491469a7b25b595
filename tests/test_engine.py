"""The engine: pure, the same sheet for the same answers, and the same rules for any
content. First on the small fixture pathway (scores, alerts, option groups for some people
only, notes, what each kind of fit rule does to a level), then on the real vitiligo
pathway (answers that no longer apply, what matters most first, sources numbered in the
order they are cited, a complete sheet for any answers). What the content itself gives
for given answers is tested in tests/content/."""

from __future__ import annotations

import random
import re
from pathlib import Path

from decisionaid.conditions import evaluate_variables
from decisionaid.content.loader import load_library
from decisionaid.content.model import Answers
from decisionaid.engine import OptionFit, assess_option, build_option_sheet
from decisionaid.sample_patients import NOT_SURE_AND_READY
from tests.conftest import FIXTURE_CONTENT, broken_copy
from tests.content.helpers import LIBRARY, reasons
from tests.content.vitiligo import ALL_OPTIONS, VITILIGO, sheet_for

MINI_LIBRARY = load_library(FIXTURE_CONTENT)
MINI = MINI_LIBRARY.pathways["mini"]
ADULT = {"age": "adult", "pregnant": "no", "tried": ["none"], "goal_quick": "very"}


def test_a_score_counts_the_conditions_that_hold() -> None:
    assert evaluate_variables(MINI, {"tried": ["cream", "light"]})["tried_count"] == 2
    assert evaluate_variables(MINI, {"tried": ["light"]})["tried_count"] == 1
    assert evaluate_variables(MINI, {})["tried_count"] == 0


def test_an_alert_shows_when_its_condition_holds() -> None:
    both = {**ADULT, "tried": ["cream", "light"], "cream_outcome": "helped"}
    assert [a.id for a in build_option_sheet(MINI_LIBRARY, MINI, both).alerts] == [
        "tried_both",
        "tried_light",
    ]
    assert build_option_sheet(MINI_LIBRARY, MINI, ADULT).alerts == ()


def test_a_group_for_some_people_shows_only_for_them() -> None:
    adult = build_option_sheet(MINI_LIBRARY, MINI, ADULT)
    child = build_option_sheet(MINI_LIBRARY, MINI, {**ADULT, "age": "child"})
    assert [fit.option.id for fit in adult.fits] == ["MINI-01", "MINI-02"]
    assert [fit.option.id for fit in child.fits] == ["MINI-01"]


def test_a_section_carries_the_notes_the_answers_raise() -> None:
    [adult_section] = build_option_sheet(MINI_LIBRARY, MINI, ADULT).sections
    [child_section] = build_option_sheet(MINI_LIBRARY, MINI, {**ADULT, "age": "child"}).sections
    assert adult_section.notes == ()
    assert [n.text.source for n in child_section.notes] == ["You said you are under 12."]
    assert [c.id for c in child_section.caveats] == ["CELL-01"]


def test_the_sheet_shows_alerts_sections_and_group_intros(mini_patient) -> None:
    mini_patient.answer("mini", "about", {"age": "adult", "pregnant": "no"})
    mini_patient.answer(
        "mini",
        "tried_step",
        {"tried": ["cream", "light"], "cream_outcome": "helped", "goal_quick": "very"},
    )
    mini_patient.stand("mini", NOT_SURE_AND_READY)
    html = mini_patient.client.get("/en/mini/sheet").get_data(as_text=True)
    assert 'id="alert-tried_both"' in html and "You tried 2 treatments." in html
    assert 'href="#section-stem_cells"' in html  # the alert links to its section
    assert "Only for adults." in html
    assert 'id="section-stem_cells"' in html and "Some clinics sell stem cell products." in html


def fit_of_cream(**answers: object) -> OptionFit:
    sheet = build_option_sheet(MINI_LIBRARY, MINI, {**ADULT, **answers})
    return sheet.fit_of("MINI-01")


def effects(fit: OptionFit) -> list[str]:
    return [reason.effect for reason in fit.reasons]


def test_a_reason_in_favour_makes_an_option_often_considered() -> None:
    fit = fit_of_cream(tried=["cream"], cream_outcome="helped", goal_quick="not")
    assert fit.level == "often" and effects(fit) == ["favour"]


def test_a_note_changes_nothing() -> None:
    assert fit_of_cream().level == "may"  # the default
    assert effects(fit_of_cream()) == ["note"]


def test_a_caution_caps_the_level_at_may_and_says_why() -> None:
    fit = fit_of_cream(tried=["cream"], cream_outcome="helped", pregnant="yes")
    assert fit.level == "may"
    # Cautions come before reasons in favour, and notes come last.
    assert effects(fit) == ["caution", "favour", "note"]


def test_a_caution_also_caps_an_option_that_is_often_considered_by_default(
    tmp_path: Path,
) -> None:
    folder = broken_copy(tmp_path, "      default: may\n", "      default: often\n")
    often_by_default = load_library(folder).pathways["mini"].options[0]
    answers = {**ADULT, "pregnant": "yes"}
    assert assess_option(often_by_default, answers, {}, ()).level == "may"
    assert assess_option(often_by_default, {**ADULT}, {}, ()).level == "often"


def test_a_question_to_ask_is_listed_when_its_condition_holds() -> None:
    def questions(**answers: object) -> list[str]:
        sheet = build_option_sheet(MINI_LIBRARY, MINI, {**ADULT, **answers})
        return [question.text.source for question in sheet.questions_to_ask]

    assert questions() == ["What happens if I do nothing?"]
    assert questions(pregnant="yes") == [
        "What happens if I do nothing?",
        "Is it safe in pregnancy?",
    ]


def test_a_contraindication_rules_an_option_out_and_hides_the_reasons_for_it() -> None:
    fit = fit_of_cream(age="child", tried=["cream"], cream_outcome="helped")
    assert fit.level == "not"
    # "It helped you before" would read as an argument for an option ruled out, and so
    # would a note on what it offers, or "Fits what matters to you".
    assert effects(fit) == ["contraindication"]
    assert fit.serves == ()
    assert [p.item.link_id for p in fit_of_cream().serves] == ["goal_quick"]


def test_the_sheet_says_in_words_what_each_reason_does(mini_patient) -> None:
    mini_patient.answer("mini", "about", {"age": "adult", "pregnant": "yes"})
    mini_patient.answer(
        "mini",
        "tried_step",
        {"tried": ["cream"], "cream_outcome": "helped", "goal_quick": "very"},
    )
    mini_patient.stand("mini", NOT_SURE_AND_READY)
    html = mini_patient.client.get("/en/mini/sheet").get_data(as_text=True)
    # Page 1 says, for each option to discuss, why it fits as it does.
    card = html[html.index('id="discuss-MINI-01"') : html.index('id="discuss-MINI-02"')]
    assert "May be considered" in card and "Often considered" not in card
    text = " ".join(re.sub(r"<[^>]+>", " ", card).split())
    assert "Take care: You said you are pregnant. Ask if cream A is safe for your baby." in text
    assert "Reason for: You said cream A helped you before." in text
    # A note waits for the details when a reason in favour already says why it fits.
    assert "Note: You said quick results matter to you." not in text


def test_page_one_gives_a_note_when_nothing_speaks_for_an_option(mini_patient) -> None:
    mini_patient.answer("mini", "about", {"age": "adult", "pregnant": "no"})
    mini_patient.answer("mini", "tried_step", {"tried": ["none"], "goal_quick": "very"})
    mini_patient.stand("mini", NOT_SURE_AND_READY)
    html = mini_patient.client.get("/en/mini/sheet").get_data(as_text=True)
    card = html[html.index('id="discuss-MINI-01"') : html.index('id="discuss-MINI-02"')]
    text = " ".join(re.sub(r"<[^>]+>", " ", card).split())
    assert "Note: You said quick results matter to you. Cream A takes weeks to work." in text


def test_what_matters_most_comes_first() -> None:
    priorities = sheet_for().priorities
    assert priorities[0].item.link_id == "goal_colour_back"
    assert [p.importance.code for p in priorities] == sorted(
        (p.importance.code for p in priorities), key=["very", "somewhat", "not"].index
    )
    assert not priorities[-1].matters


def test_sources_are_numbered_in_order_of_first_citation() -> None:
    sheet = sheet_for()
    assert list(sheet.source_numbers.values()) == list(range(1, len(sheet.sources) + 1))
    cited = {s for fit in sheet.fits for st in fit.option.statements() for s in st.cite}
    assert cited <= set(sheet.source_numbers)


def test_an_answer_to_a_question_that_no_longer_applies_is_ignored() -> None:
    # The pregnancy answer is left over from before the person changed their age.
    sheet = sheet_for(age="under_12", pregnancy_now="pregnant", pace="many_new")
    assert "Are you pregnant" not in " ".join(
        row.item.text.source for step in sheet.answers for row in step.rows
    )
    assert sheet.fit_of("VIT-06").level == "not"  # for the age, not the pregnancy
    assert "pregnant" not in reasons(sheet, "VIT-06")


def _random_answers(chooser: random.Random) -> Answers:
    answers: Answers = {}
    for item in VITILIGO.questions():
        codes = [option.code for option in item.answer_options]
        if item.type == "choice" and item.repeats:
            plain = [option.code for option in item.answer_options if not option.exclusive]
            answers[item.link_id] = chooser.sample(plain, chooser.randint(1, len(plain)))
        elif item.type == "choice":
            answers[item.link_id] = chooser.choice(codes)
    return answers


def test_any_combination_of_answers_gives_a_complete_sheet() -> None:
    chooser = random.Random(7)
    for _ in range(300):
        sheet = build_option_sheet(LIBRARY, VITILIGO, _random_answers(chooser))
        assert [fit.option.id for fit in sheet.fits] == ALL_OPTIONS
        for fit in sheet.fits:
            assert fit.level in ("often", "may", "not")


def test_the_engine_is_pure() -> None:
    """No Flask and no I/O in the engine or what it builds on (the content models are
    pydantic's); the same answers give the same sheet."""
    import ast

    package = Path(__file__).parent.parent / "decisionaid"
    for module in (
        "engine.py",
        "answer_summary.py",
        "stand.py",
        "glossary.py",
        "conditions.py",
        "content/model.py",
        "content/text.py",
    ):
        tree = ast.parse((package / module).read_text())
        imported = {
            name.split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for name in (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
            )
        }
        assert imported <= {
            "__future__",
            "re",
            "collections",
            "dataclasses",
            "datetime",
            "functools",
            "typing",
            "annotated_types",
            "pydantic",
            "pydantic_core",
            "decisionaid",
        }, (module, imported)
    first, second = sheet_for(), sheet_for()
    assert first == second
    # The source numbers are left out of the comparison above.
    assert first.source_numbers == second.source_numbers
