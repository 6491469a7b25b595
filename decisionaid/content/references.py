"""The checks no schema can express: ids that are unique, references between files and
within a pathway, and conditions that name a known question with a fitting answer.

Each check runs only when what it refers to has loaded, so one broken file does not make
others look broken too. Every problem is collected; none stops the others.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from decisionaid.conditions import gates_the_browser_cannot_evaluate
from decisionaid.content.model import (
    CaveatsFile,
    Condition,
    Item,
    Option,
    Pathway,
    SharedTexts,
    SourcesFile,
)
from decisionaid.content.text import Content, Gated, walk_content

# Step ids become URL segments next to these pages.
RESERVED_STEP_IDS = ("review", "sheet", "start-over")


class Checker:
    """Checks every loaded file against the others; ``problems`` lists what is wrong and
    ``resolved`` holds each pathway with its value sets filled in."""

    def __init__(
        self,
        directory: Path,
        *,
        sources: SourcesFile | None,
        caveats: CaveatsFile | None,
        shared: SharedTexts | None,
        pathways: dict[str, Pathway],
        all_pathways: bool,
    ) -> None:
        self.directory = directory
        self.problems: list[str] = []
        self.source_ids = None if sources is None else self._unique_ids(sources, "sources")
        self.caveat_ids = None if caveats is None else self._check_caveats(caveats)
        if shared is not None:
            self._check_shared(shared)
        self.all_pathways = all_pathways
        self.resolved: dict[str, Pathway] = {}
        for pathway_id, pathway in pathways.items():
            self.resolved[pathway_id] = _PathwayChecker(self, pathway).check()

    def report(self, path: str | Path, line: int, message: str) -> None:
        self.problems.append(f"{path}:{line}: {message}")

    def _unique_ids(self, sources: SourcesFile, _: str) -> set[str]:
        path = self.directory / "sources.yaml"
        return _unique(self, path, ((s.id, s.line) for s in sources.sources), "source")

    def check_cites(
        self, path: str | Path, owner: Content, cited: Iterable[str], key: str = "cite"
    ) -> None:
        """Each id in ``cited`` (``owner``'s ``key``) names a source in sources.yaml."""
        if self.source_ids is None:
            return  # sources.yaml is broken; that is reported already
        for source_id in cited:
            if source_id not in self.source_ids:
                message = f"source '{source_id}' is not in sources.yaml"
                self.report(path, owner.line_of(key), message)

    def check_every_cite(self, path: str | Path, content: Content) -> None:
        """Every ``cite`` anywhere in ``content`` names a source in sources.yaml."""
        for part in walk_content(content):
            self.check_cites(path, part, getattr(part, "cite", ()))

    def check_listed_sources(
        self, path: str | Path, owner: Content, name: str, listed: tuple[str, ...], cited: set[str]
    ) -> None:
        """Every cited source is listed in ``sources``, and every listed source is cited."""
        self.check_cites(path, owner, listed, key="sources")
        for source_id in sorted(cited - set(listed)):
            message = f"{name} cites '{source_id}' but does not list it in 'sources'"
            self.report(path, owner.line, message)
        for source_id in listed:
            if source_id not in cited:
                self.report(
                    path, owner.line, f"{name} lists source '{source_id}' but never cites it"
                )

    def _check_caveats(self, caveats: CaveatsFile) -> set[str]:
        path = self.directory / "caveats.yaml"
        _unique(self, path, ((claim.id, claim.line) for claim in caveats.claims), "claim id")
        self.check_every_cite(path, caveats)
        for caveat in caveats.caveats:
            cited = {source for point in caveat.points for source in point.cite}
            self.check_listed_sources(path, caveat, f"caveat {caveat.id}", caveat.sources, cited)
        return _unique(self, path, ((c.id, c.line) for c in caveats.caveats), "caveat")

    def _check_shared(self, shared: SharedTexts) -> None:
        path = self.directory / "shared.yaml"
        sure = shared.sure
        if any(item.type != "boolean" for item in sure.items):
            self.report(path, sure.line, "every SURE question is a yes/no (boolean) item")
        self.check_cites(path, shared.sure_test, [shared.sure_source])


class _PathwayChecker:
    """The checks inside one pathway, and its value sets resolved."""

    def __init__(self, checker: Checker, pathway: Pathway) -> None:
        self.checker = checker
        self.pathway = pathway
        self.path = pathway.path

    def report(self, owner: Content, message: str, at: str | None = None) -> None:
        """A problem with ``owner``, blamed on its key ``at`` if given."""
        self.checker.report(self.path, owner.line_of(at) if at else owner.line, message)

    def check(self) -> Pathway:
        pathway = self.pathway
        if pathway.id != Path(self.path).stem:
            self.report(pathway, f"the id '{pathway.id}' must match the file name")
        # Checks read the pathway as the engine will: with its value sets filled in.
        self.pathway = resolved = self._resolve_value_sets()
        self._check_steps(resolved)
        self._check_conditions(resolved)
        self._check_options(resolved)
        self._check_sheet_parts(resolved)
        return resolved

    # questions

    def _resolve_value_sets(self) -> Pathway:
        value_sets = {}
        for value_set in self.pathway.value_sets:
            if value_set.id in value_sets:
                self.report(value_set, f"value set '{value_set.id}' is defined twice")
            _unique(
                self.checker,
                self.path,
                ((o.code, o.line) for o in value_set.answer_options),
                "the answer code",
            )
            value_sets[value_set.id] = value_set.answer_options

        def resolve(item: Item) -> Item:
            updates: dict[str, object] = {"items": tuple(resolve(child) for child in item.items)}
            if item.answer_value_set is not None:
                options = value_sets.get(item.answer_value_set.removeprefix("#"))
                if options is None:
                    self.report(
                        item, f"value set '{item.answer_value_set}' is not defined in 'valueSets'"
                    )
                elif not item.repeats and any(option.exclusive for option in options):
                    self.report(item, "'exclusive' only applies with 'repeats'")
                else:
                    updates["answer_options"] = options
            return item.model_copy(update=updates)

        steps = tuple(resolve(step) for step in self.pathway.steps)
        return self.pathway.model_copy(update={"steps": steps})

    def _check_steps(self, pathway: Pathway) -> None:
        for step in pathway.steps:
            if step.type != "group":
                self.report(step, "each top-level item is a step and must be a group")
            if step.text is None:
                self.report(step, f"step '{step.link_id}' needs 'text', its title")
            if step.link_id in RESERVED_STEP_IDS:
                self.report(step, f"'{step.link_id}' cannot be a step id")
            if step.gate is not None:
                self.report(step, "a step cannot have 'enableWhen'; put it on its items")
        names = [(item.link_id, item.line) for item in _all_items(pathway)]
        names += [(variable.name, variable.line) for variable in pathway.variables]
        _unique(self.checker, self.path, names, "the id")
        for item in _all_items(pathway):
            _unique(
                self.checker,
                self.path,
                ((o.code, o.line) for o in item.answer_options),
                "the answer code",
            )
        self._check_tried_table(pathway)
        for link_id in pathway.priorities:
            item = pathway.items_by_id.get(link_id)
            if item is None or item.type != "choice" or item.repeats:
                self.report(pathway, f"priority '{link_id}' is not a single-choice question")

    def _check_tried_table(self, pathway: Pathway) -> None:
        table = pathway.tried_table
        if table is None:
            return
        if pathway.step(table.step) is None:
            self.report(table, f"the treatments-tried table's step '{table.step}' is not a step")
        known_sets = {f"#{value_set.id}" for value_set in pathway.value_sets}
        for column in table.columns:
            if column.answers not in known_sets:
                self.report(column, f"value set '{column.answers}' is not defined in 'valueSets'")

    # conditions

    def _check_conditions(self, pathway: Pathway) -> None:
        earlier: dict[str, bool] = {}  # variable name -> is it a score
        for variable in pathway.variables:
            for condition in (*variable.conditions, *variable.count):
                self._check_condition(condition, earlier)
            earlier[variable.name] = bool(variable.count)
        for gated in _gated(pathway):
            for condition in gated.conditions:
                self._check_condition(condition, earlier)
        # Which questions a step shows is decided in the browser too, from what it knows.
        for unknowable in gates_the_browser_cannot_evaluate(pathway.steps, pathway.variables):
            self.report(unknowable.condition, unknowable.message)

    def _check_condition(self, condition: Condition, variables: dict[str, bool]) -> None:
        if condition.variable is not None:
            if condition.variable not in variables:
                self.report(
                    condition,
                    f"unknown variable '{condition.variable}' (a variable "
                    "may use only variables defined before it)",
                )
            elif not variables[condition.variable] and (
                condition.operator not in ("=", "!=") or not isinstance(condition.answer, bool)
            ):
                self.report(condition, "a yes/no variable is tested with = or != and true or false")
            elif variables[condition.variable] and not _is_number(condition.answer):
                self.report(
                    condition, f"'{condition.variable}' is a score: compare it with a number"
                )
            return
        item = self.pathway.items_by_id.get(condition.question or "")
        if item is None or not item.is_question:
            self.report(condition, f"condition on unknown question '{condition.question}'")
            return
        problem = _answer_problem(item, condition)
        if problem:
            self.report(condition, problem)

    # options and the rest of the sheet

    def _check_options(self, pathway: Pathway) -> None:
        _unique(
            self.checker, self.path, ((g.id, g.line) for g in pathway.option_groups), "option group"
        )
        group_ids = {group.id for group in pathway.option_groups}
        _unique(self.checker, self.path, ((o.id, o.line) for o in pathway.options), "option id")
        for option in pathway.options:
            if option.group not in group_ids:
                self.report(option, f"option {option.id}: unknown group '{option.group}'")
            for link_id in (*option.serves, *option.works_against):
                if link_id not in pathway.priorities:
                    self.report(option, f"'{link_id}' is not one of the pathway's priorities")
            self.checker.check_listed_sources(
                self.path, option, f"option {option.id}", option.sources, _cited_by(option)
            )

    def _check_sheet_parts(self, pathway: Pathway) -> None:
        _unique(self.checker, self.path, ((s.id, s.line) for s in pathway.sections), "section id")
        _unique(self.checker, self.path, ((a.id, a.line) for a in pathway.alerts), "alert id")
        caveat_ids = self.checker.caveat_ids
        for section in pathway.sections:
            for caveat_id in section.caveats:
                if caveat_ids is not None and caveat_id not in caveat_ids:
                    self.report(section, f"caveat '{caveat_id}' is not in caveats.yaml")
        section_ids = {section.id for section in pathway.sections}
        for alert in pathway.alerts:
            if alert.section is not None and alert.section not in section_ids:
                message = f"alert '{alert.id}' links to unknown section '{alert.section}'"
                self.report(alert, message, at="section")
            if alert.pathway is not None and not self._pathway_exists(alert.pathway):
                self.report(alert, f"links to unknown pathway '{alert.pathway}'", at="pathway")
        self.checker.check_every_cite(self.path, pathway)

    def _pathway_exists(self, pathway_id: str) -> bool:
        # Links are checked when every pathway is loaded; one that exists but failed to
        # load has been reported already.
        if not self.checker.all_pathways:
            return True
        return (self.checker.directory / f"{pathway_id}.yaml").exists()


def _unique(
    checker: Checker, path: str | Path, keys: Iterable[tuple[str, int]], what: str
) -> set[str]:
    seen: set[str] = set()
    for key, line in keys:
        if key in seen:
            checker.report(path, line, f"{what} '{key}' is used twice")
        seen.add(key)
    return seen


def _all_items(pathway: Pathway) -> Iterator[Item]:
    for step in pathway.steps:
        yield from step.walk()


def _gated(pathway: Pathway) -> Iterator[Gated]:
    """Everything in a pathway that has an ``enableWhen``, variables aside."""
    yield from _all_items(pathway)
    yield from pathway.option_groups
    for option in pathway.options:
        yield from option.fit.rules
    yield from pathway.alerts
    for section in pathway.sections:
        yield from section.notes
    yield from pathway.questions_to_ask


def _cited_by(option: Option) -> set[str]:
    statements = [s for statement in option.statements() for s in statement.cite]
    return {*statements, *(s for rule in option.fit.rules for s in rule.cite)}


def _is_number(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _answer_problem(item: Item, condition: Condition) -> str | None:
    """What is wrong with testing ``item``'s answer this way, if anything."""
    if condition.operator == "exists":
        return None if isinstance(condition.answer, bool) else "'exists' takes true or false"
    if item.type == "choice":
        if condition.operator not in ("=", "!="):
            return f"a choice is tested with = or !=, not {condition.operator}"
        if not isinstance(condition.answer, str) or item.option(condition.answer) is None:
            return f"'{condition.answer}' is not an answer code of '{item.link_id}'"
    elif item.type == "boolean":
        if condition.operator not in ("=", "!=") or not isinstance(condition.answer, bool):
            return f"'{item.link_id}' is a yes/no question: use true or false"
    elif item.type == "integer" and not _is_number(condition.answer):
        return f"'{item.link_id}' takes a whole number"
    elif item.type == "string" and (
        condition.operator not in ("=", "!=") or not isinstance(condition.answer, str)
    ):
        return f"'{item.link_id}' is free text: test it with 'exists', = or != and a text"
    return None
