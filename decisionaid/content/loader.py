"""Load and validate the content files in ``questionnaires/``.

The loader reads YAML *nodes* rather than plain data so that every problem can be
reported as ``file:line: what is wrong``. Unknown keys are errors: a typo in a key would
otherwise silently drop content from a medical sheet.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from decisionaid.content.model import (
    EVIDENCE_LEVELS,
    FIT_EFFECTS,
    FIT_LEVELS,
    ITEM_TYPES,
    OPERATORS,
    OPTION_KINDS,
    SAFETY_CONCERNS,
    SAFETY_EFFECTS,
    Alert,
    AnswerOption,
    Caveat,
    Claim,
    Condition,
    ConditionalText,
    Evidence,
    Fit,
    FitRule,
    Gate,
    GlossaryEntry,
    Item,
    Library,
    Option,
    OptionGroup,
    Pathway,
    Section,
    SharedTexts,
    Source,
    Statement,
    Text,
    Variable,
)

SHARED_FILES = ("caveats.yaml", "sources.yaml", "shared.yaml")
ID_PATTERN = re.compile(r"^[a-z0-9_]+$")
# Pathway ids are URL segments (/en/stem-cells/).
PATHWAY_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
SOURCE_ID_PATTERN = re.compile(r"^[a-z0-9-]+$")
OPTION_ID_PATTERN = re.compile(r"^[A-Z]+-[0-9A-Z]+$")
# libyaml's loader composes the same nodes, line numbers included, ten times faster.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Step ids become URL segments next to these pages.
RESERVED_STEP_IDS = ("review", "sheet", "start-over")


class ContentError(Exception):
    """One or more content files are invalid; ``str()`` lists ``file:line: problem``."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class _Invalid(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


class _Fields:
    """Typed access to a YAML mapping node that rejects unknown keys."""

    _constructor = SafeConstructor()

    def __init__(self, node: yaml.Node, what: str) -> None:
        if not isinstance(node, yaml.MappingNode):
            raise _Invalid(_line(node), f"{what} must be a mapping of keys to values")
        self.node = node
        self.line = _line(node)
        self.what = what
        self._nodes: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if key in self._nodes:
                raise _Invalid(_line(key_node), f"'{key}' appears twice in {what}")
            self._nodes[key] = value_node
        self._used: set[str] = set()

    def has(self, key: str) -> bool:
        return key in self._nodes

    def node_of(self, key: str) -> yaml.Node:
        self._used.add(key)
        return self._nodes[key]

    def scalar(self, key: str, kind: type | tuple[type, ...], *, required: bool = True) -> Any:
        if key not in self._nodes:
            if required:
                raise self.missing(key)
            return None
        node = self.node_of(key)
        return scalar_value(node, kind, f"'{key}' in {self.what}")

    def text(self, key: str, context: str, role: str, *, required: bool = True) -> Text | None:
        if key not in self._nodes:
            if required:
                raise self.missing(key)
            return None
        return to_text(self.node_of(key), context, role, f"'{key}' in {self.what}")

    def sequence(self, key: str, *, required: bool = True) -> list[yaml.Node]:
        if key not in self._nodes:
            if required:
                raise self.missing(key)
            return []
        node = self.node_of(key)
        if not isinstance(node, yaml.SequenceNode):
            raise _Invalid(_line(node), f"'{key}' in {self.what} must be a list")
        return list(node.value)

    def mapping(self, key: str, what: str) -> _Fields:
        """A required nested mapping, such as an option's ``fit``."""
        if key not in self._nodes:
            raise self.missing(key)
        return _Fields(self.node_of(key), what)

    def one_of(self, key: str, allowed: tuple[str, ...], *, default: str | None = None) -> str:
        """A required (or defaulted) value that must be one of ``allowed``."""
        value = self.scalar(key, str, required=default is None) or default
        if value not in allowed:
            line = _line(self.node_of(key)) if key in self._nodes else self.line
            raise _Invalid(line, f"'{key}' in {self.what} must be one of {', '.join(allowed)}")
        return value

    def missing(self, key: str) -> _Invalid:
        """The error for a missing key, pointing at a likely misspelling of it."""
        unused = [k for k in self._nodes if k not in self._used]
        close = difflib.get_close_matches(key, unused, n=1, cutoff=0.75)
        if close:
            key_line = next(_line(k) for k, _ in self.node.value if k.value == close[0])
            return _Invalid(key_line, f"{self.what} has no '{key}' ('{close[0]}' is misspelt?)")
        return _Invalid(self.line, f"{self.what} has no '{key}'")

    def done(self) -> None:
        unknown = [key for key in self._nodes if key not in self._used]
        if unknown:
            key_line = next(_line(k) for k, _ in self.node.value if k.value == unknown[0])
            raise _Invalid(key_line, f"unknown key '{unknown[0]}' in {self.what}")


def scalar_value(node: yaml.Node, kind: type | tuple[type, ...], what: str) -> Any:
    if not isinstance(node, yaml.ScalarNode):
        raise _Invalid(_line(node), f"{what} must be a single value")
    try:
        value = _Fields._constructor.construct_object(node)
    except ConstructorError as error:
        raise _Invalid(_line(node), f"{what}: {error.problem}") from None
    kinds = kind if isinstance(kind, tuple) else (kind,)
    # bool is an int in Python; an integer field must not accept "yes".
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        names = " or ".join(_KIND_NAMES[k] for k in kinds)
        raise _Invalid(_line(node), f"{what} must be {names}, not {value!r}")
    return value


_KIND_NAMES = {
    str: "text",
    int: "a whole number",
    bool: "true or false",
    datetime.date: "a date (YYYY-MM-DD)",
}


def to_text(node: yaml.Node, context: str, role: str, what: str) -> Text:
    value = scalar_value(node, str, what)
    value = " ".join(value.split())
    if not value:
        raise _Invalid(_line(node), f"{what} is empty")
    if re.search(r"<[a-zA-Z/]", value):
        raise _Invalid(_line(node), f"{what} contains HTML; write plain text")
    return Text(context=context, source=value, role=role, line=_line(node))


def _id(fields: _Fields, key: str, pattern: re.Pattern[str], hint: str) -> str:
    value = fields.scalar(key, str)
    if not pattern.match(value):
        raise _Invalid(_line(fields.node_of(key)), f"'{value}' is not a valid {key}: {hint}")
    return value


def _unique(items: Iterable[tuple[str, int]], what: str) -> None:
    seen: set[str] = set()
    for key, line in items:
        if key in seen:
            raise _Invalid(line, f"{what} '{key}' is used twice")
        seen.add(key)


# --- sources and caveats -------------------------------------------------------------


def _one_line(value: str | None) -> str | None:
    """A folded YAML value as one line of single-spaced words."""
    return " ".join(value.split()) if value else value


def _read_sources(root: yaml.Node) -> dict[str, Source]:
    top = _Fields(root, "the sources file")
    sources: dict[str, Source] = {}
    for node in top.sequence("sources"):
        fields = _Fields(node, "a source")
        source = Source(
            id=_id(fields, "id", SOURCE_ID_PATTERN, "use lowercase letters, digits and '-'"),
            author=_one_line(fields.scalar("author", str, required=False)),
            title=_one_line(fields.scalar("title", str)),
            published=_one_line(fields.scalar("published", str, required=False)),
            year=fields.scalar("year", int),
            doi=fields.scalar("doi", str, required=False),
            url=fields.scalar("url", str, required=False),
            author_not_found=_one_line(fields.scalar("author_not_found", str, required=False)),
            line=fields.line,
        )
        if (
            source.url
            and not source.url.startswith("https://")
            and not source.url.startswith("http://")
        ):
            raise _Invalid(fields.line, f"the url of source '{source.id}' must start with http")
        fields.done()
        if source.id in sources:
            raise _Invalid(fields.line, f"source '{source.id}' is listed twice")
        sources[source.id] = source
    top.done()
    return sources


class _Refs:
    """Checks references to other files' ids: sources and caveats."""

    def __init__(self, sources: dict[str, Source], caveats: dict[str, Caveat] | None = None):
        self.sources = sources
        self.caveats = caveats or {}

    def source_ids(self, fields: _Fields, key: str, *, required: bool) -> tuple[str, ...]:
        ids = []
        for node in fields.sequence(key, required=required):
            source_id = scalar_value(node, str, f"an id in '{key}'")
            if source_id not in self.sources:
                raise _Invalid(_line(node), f"source '{source_id}' is not in sources.yaml")
            ids.append(source_id)
        return tuple(ids)


def _statement(node: yaml.Node, context: str, role: str, refs: _Refs) -> Statement:
    if isinstance(node, yaml.ScalarNode):
        return Statement(text=to_text(node, context, role, f"a statement in {context}"))
    fields = _Fields(node, f"a statement in {context}")
    statement = Statement(
        text=fields.text("text", context, role),
        cite=refs.source_ids(fields, "cite", required=False),
    )
    fields.done()
    return statement


def _statements(
    fields: _Fields, key: str, context: str, role: str, refs: _Refs
) -> tuple[Statement, ...]:
    nodes = fields.sequence(key)
    if not nodes:
        raise _Invalid(fields.line, f"'{key}' in {fields.what} is empty")
    return tuple(_statement(node, context, role, refs) for node in nodes)


def _check_citations(owner: str, line: int, sources: tuple[str, ...], cited: Iterable[str]) -> None:
    """Every cited source is listed, and every listed source is cited."""
    cited_set = set(cited)
    for source_id in sorted(cited_set - set(sources)):
        raise _Invalid(line, f"{owner} cites '{source_id}' but does not list it in 'sources'")
    for source_id in sources:
        if source_id not in cited_set:
            raise _Invalid(line, f"{owner} lists source '{source_id}' but never cites it")


def _read_claims(top: _Fields, refs: _Refs) -> tuple[Claim, ...]:
    claims = []
    for node in top.sequence("claims", required=False):
        fields = _Fields(node, "a claim")
        claim_id = _id(fields, "id", ID_PATTERN, "use lowercase letters, digits and '_'")
        context = f"claim:{claim_id}"
        claims.append(
            Claim(
                id=claim_id,
                claim=fields.text("claim", context, "what clinics claim"),
                evidence=fields.text("evidence", context, "what the evidence shows"),
                cite=refs.source_ids(fields, "cite", required=True),
            )
        )
        fields.done()
    _unique(((claim.id, claim.claim.line) for claim in claims), "claim id")
    return tuple(claims)


def _read_caveats(root: yaml.Node, refs: _Refs) -> tuple[dict[str, Caveat], tuple[Claim, ...]]:
    top = _Fields(root, "the caveats file")
    claims = _read_claims(top, refs)
    caveats: dict[str, Caveat] = {}
    for node in top.sequence("caveats"):
        fields = _Fields(node, "a caveat")
        caveat_id = _id(fields, "id", OPTION_ID_PATTERN, "like CELL-01")
        caveat = Caveat(
            id=caveat_id,
            title=fields.text("title", caveat_id, "section heading"),
            intro=fields.text("intro", caveat_id, "section introduction", required=False),
            points=_statements(fields, "points", caveat_id, "section point", refs),
            sources=refs.source_ids(fields, "sources", required=True),
        )
        fields.done()
        _check_citations(
            f"caveat {caveat_id}",
            fields.line,
            caveat.sources,
            (source for point in caveat.points for source in point.cite),
        )
        if caveat_id in caveats:
            raise _Invalid(fields.line, f"caveat '{caveat_id}' is listed twice")
        caveats[caveat_id] = caveat
    top.done()
    return caveats, claims


# --- pathways ------------------------------------------------------------------------


class _PathwayReader:
    """Builds one Pathway, checking every reference inside it."""

    def __init__(self, path: Path, refs: _Refs) -> None:
        self.path = path
        self.refs = refs
        self.value_sets: dict[str, tuple[AnswerOption, ...]] = {}
        self.items: dict[str, Item] = {}
        self.variables: dict[str, Variable] = {}
        # Conditions are checked once every item and variable is known.
        self.pending_conditions: list[tuple[Condition, int]] = []
        # Links to other pathways, checked once every pathway is loaded.
        self.pathway_links: list[tuple[str, int]] = []

    def read(self, root: yaml.Node) -> Pathway:
        top = _Fields(root, "the pathway")
        pathway_id = _id(top, "id", PATHWAY_ID_PATTERN, "use lowercase letters, digits and '-'")
        if pathway_id != self.path.stem:
            raise _Invalid(top.line, f"the id '{pathway_id}' must match the file name")
        for node in top.sequence("valueSets", required=False):
            self._value_set(node)
        steps = tuple(self._item(node, top_level=True) for node in top.sequence("item"))
        if not steps:
            raise _Invalid(top.line, "the pathway has no steps in 'item'")
        for node in top.sequence("variables", required=False):
            self._variable(node)
        reviewed = top.scalar("reviewed", datetime.date)
        next_review = top.scalar("next_review", datetime.date)
        if next_review <= reviewed:
            raise _Invalid(_line(top.node_of("next_review")), "next_review must be after reviewed")
        priorities = self._priorities(top)
        option_groups = self._option_groups(top)
        options = self._options(top, {group.id for group in option_groups}, priorities)
        sections = self._sections(top)
        pathway = Pathway(
            id=pathway_id,
            path=str(self.path),
            title=top.text("title", pathway_id, "pathway title"),
            summary=top.text("summary", pathway_id, "pathway summary"),
            version=str(top.scalar("version", (str, int, float))),
            reviewed=reviewed,
            next_review=next_review,
            condition=top.text("condition", pathway_id, "what the condition is"),
            decision=top.text("decision", pathway_id, "the decision"),
            steps=steps,
            variables=tuple(self.variables.values()),
            priorities=priorities,
            option_groups=option_groups,
            options=options,
            alerts=self._alerts(top, {section.id for section in sections}),
            sections=sections,
            questions_to_ask=self._questions_to_ask(top, pathway_id),
        )
        top.done()
        for condition, line in self.pending_conditions:
            self._check_condition(condition, line)
        return pathway

    # questions

    def _value_set(self, node: yaml.Node) -> None:
        fields = _Fields(node, "a value set")
        set_id = _id(fields, "id", ID_PATTERN, "use lowercase letters, digits and '_'")
        if set_id in self.value_sets:
            raise _Invalid(fields.line, f"value set '{set_id}' is defined twice")
        self.value_sets[set_id] = self._answer_options(fields, f"valueset:{set_id}", repeats=True)
        fields.done()

    def _answer_options(
        self, fields: _Fields, context: str, *, repeats: bool
    ) -> tuple[AnswerOption, ...]:
        options = []
        for node in fields.sequence("answerOption"):
            option_fields = _Fields(node, "an answer option")
            code = option_fields.scalar("code", str)
            if not ID_PATTERN.match(code):
                raise _Invalid(option_fields.line, f"'{code}' is not a valid code")
            exclusive = bool(option_fields.scalar("exclusive", bool, required=False))
            if exclusive and not repeats:
                raise _Invalid(option_fields.line, "'exclusive' only applies with 'repeats'")
            options.append(
                AnswerOption(
                    code=code,
                    display=option_fields.text("display", context, "answer option"),
                    exclusive=exclusive,
                )
            )
            option_fields.done()
        _unique(((o.code, o.display.line) for o in options), "the answer code")
        if not options:
            raise _Invalid(fields.line, "'answerOption' is empty")
        return tuple(options)

    def _item(self, node: yaml.Node, *, top_level: bool = False) -> Item:
        fields = _Fields(node, "an item")
        link_id = _id(fields, "linkId", ID_PATTERN, "use lowercase letters, digits and '_'")
        if link_id in self.items:
            raise _Invalid(fields.line, f"linkId '{link_id}' is used twice")
        item_type = fields.one_of("type", ITEM_TYPES)
        if top_level and item_type != "group":
            raise _Invalid(fields.line, "each top-level item is a step and must be a group")
        if top_level and link_id in RESERVED_STEP_IDS:
            raise _Invalid(fields.line, f"'{link_id}' cannot be a step id")
        fields_for_type = {
            "group": {"item"},
            "display": set(),
            "choice": {"answerOption", "answerValueSet", "repeats", "required"},
            "boolean": {"required"},
            "integer": {"required", "minValue", "maxValue"},
            "string": {"required", "maxLength"},
        }[item_type]
        for key in (
            "item",
            "answerOption",
            "answerValueSet",
            "repeats",
            "required",
            "minValue",
            "maxValue",
            "maxLength",
        ):
            if fields.has(key) and key not in fields_for_type:
                raise _Invalid(fields.line, f"a {item_type} item cannot have '{key}'")
        repeats = bool(fields.scalar("repeats", bool, required=False))
        item = Item(
            link_id=link_id,
            type=item_type,
            line=fields.line,
            text=fields.text(
                "text",
                link_id,
                self._role(item_type, top_level),
                required=item_type != "group" or top_level,
            ),
            help=fields.text("help", link_id, "help text under a question", required=False),
            required=bool(fields.scalar("required", bool, required=False)),
            repeats=repeats,
            answer_options=self._choices(fields, link_id, repeats) if item_type == "choice" else (),
            enable_when=self._gate(fields, "enableWhen", "enableBehavior"),
            max_length=fields.scalar("maxLength", int, required=False),
            min_value=fields.scalar("minValue", int, required=False),
            max_value=fields.scalar("maxValue", int, required=False),
            items=tuple(self._item(child) for child in fields.sequence("item", required=False)),
        )
        if item_type == "group" and not item.items:
            raise _Invalid(fields.line, f"group '{link_id}' has no items")
        if top_level and item.enable_when:
            raise _Invalid(fields.line, "a step cannot have 'enableWhen'; put it on its items")
        fields.done()
        self.items[link_id] = item
        return item

    @staticmethod
    def _role(item_type: str, top_level: bool) -> str:
        if top_level:
            return "step title"
        return {
            "group": "heading of a group of questions",
            "display": "text between questions",
        }.get(item_type, "question")

    def _choices(self, fields: _Fields, link_id: str, repeats: bool) -> tuple[AnswerOption, ...]:
        if fields.has("answerOption") == fields.has("answerValueSet"):
            raise _Invalid(fields.line, "a choice needs either 'answerOption' or 'answerValueSet'")
        if fields.has("answerOption"):
            return self._answer_options(fields, link_id, repeats=repeats)
        reference = fields.scalar("answerValueSet", str)
        options = self.value_sets.get(reference.removeprefix("#"))
        if not reference.startswith("#") or options is None:
            raise _Invalid(fields.line, f"value set '{reference}' is not defined in 'valueSets'")
        if not repeats and any(option.exclusive for option in options):
            raise _Invalid(fields.line, "'exclusive' only applies with 'repeats'")
        return options

    # conditions

    def _gate(self, fields: _Fields, key: str, behavior_key: str) -> Gate | None:
        nodes = fields.sequence(key, required=False)
        behavior = fields.one_of(behavior_key, ("all", "any"), default="all")
        if not nodes:
            if fields.has(behavior_key):
                raise _Invalid(fields.line, f"'{behavior_key}' without '{key}'")
            return None
        return Gate(conditions=tuple(self._condition(node) for node in nodes), behavior=behavior)

    def _condition(self, node: yaml.Node) -> Condition:
        fields = _Fields(node, "a condition")
        question = fields.scalar("question", str, required=False)
        variable = fields.scalar("variable", str, required=False)
        if (question is None) == (variable is None):
            raise _Invalid(fields.line, "a condition needs either 'question' or 'variable'")
        operator = fields.one_of("operator", OPERATORS)
        condition = Condition(
            operator=operator,
            answer=fields.scalar("answer", (str, int, bool)),
            question=question,
            variable=variable,
        )
        fields.done()
        self.pending_conditions.append((condition, fields.line))
        return condition

    def _check_condition(self, condition: Condition, line: int) -> None:
        if condition.variable is not None:
            variable = self.variables.get(condition.variable)
            if variable is None:
                raise _Invalid(line, f"unknown variable '{condition.variable}'")
            if variable.gate is not None and (
                condition.operator not in ("=", "!=") or not isinstance(condition.answer, bool)
            ):
                raise _Invalid(line, "a yes/no variable is tested with = or != and true or false")
            if variable.count and not _is_number(condition.answer):
                raise _Invalid(line, f"'{variable.name}' is a score: compare it with a number")
            return
        item = self.items.get(condition.question or "")
        if item is None or not item.is_question:
            raise _Invalid(line, f"condition on unknown question '{condition.question}'")
        self._check_answer(item, condition, line)

    @staticmethod
    def _check_answer(item: Item, condition: Condition, line: int) -> None:
        if condition.operator == "exists":
            if not isinstance(condition.answer, bool):
                raise _Invalid(line, "'exists' takes true or false")
        elif item.type == "choice":
            if condition.operator not in ("=", "!="):
                raise _Invalid(line, f"a choice is tested with = or !=, not {condition.operator}")
            if item.option(str(condition.answer)) is None:
                raise _Invalid(
                    line, f"'{condition.answer}' is not an answer code of '{item.link_id}'"
                )
        elif item.type == "boolean":
            if condition.operator not in ("=", "!=") or not isinstance(condition.answer, bool):
                raise _Invalid(line, f"'{item.link_id}' is a yes/no question: use true or false")
        elif item.type == "integer" and not _is_number(condition.answer):
            raise _Invalid(line, f"'{item.link_id}' takes a whole number")

    def _variable(self, node: yaml.Node) -> None:
        fields = _Fields(node, "a variable")
        name = _id(fields, "name", ID_PATTERN, "use lowercase letters, digits and '_'")
        if name in self.variables or name in self.items:
            raise _Invalid(fields.line, f"variable '{name}' clashes with another name")
        gate = self._gate(fields, "enableWhen", "enableBehavior")
        count = tuple(self._condition(node) for node in fields.sequence("count", required=False))
        if (gate is None) == (not count):
            raise _Invalid(fields.line, f"variable '{name}' needs either 'enableWhen' or 'count'")
        fields.done()
        self.variables[name] = Variable(name=name, gate=gate, count=count)

    # options and the rest of the sheet

    def _priorities(self, top: _Fields) -> tuple[str, ...]:
        priorities = []
        for node in top.sequence("priorities"):
            link_id = scalar_value(node, str, "a priority")
            item = self.items.get(link_id)
            if item is None or item.type != "choice" or item.repeats:
                raise _Invalid(_line(node), f"priority '{link_id}' is not a single-choice question")
            priorities.append(link_id)
        return tuple(priorities)

    def _option_groups(self, top: _Fields) -> tuple[OptionGroup, ...]:
        groups = []
        for node in top.sequence("option_groups"):
            fields = _Fields(node, "an option group")
            group_id = _id(fields, "id", ID_PATTERN, "use lowercase letters, digits and '_'")
            context = f"group:{group_id}"
            groups.append(
                OptionGroup(
                    id=group_id,
                    title=fields.text("title", context, "heading of a group of options"),
                    intro=fields.text("intro", context, "introduction to a group", required=False),
                    gate=self._gate(fields, "enableWhen", "enableBehavior"),
                )
            )
            fields.done()
        _unique(((g.id, g.title.line) for g in groups), "option group")
        return tuple(groups)

    def _options(
        self, top: _Fields, group_ids: set[str], priorities: tuple[str, ...]
    ) -> tuple[Option, ...]:
        options = tuple(
            self._option(node, group_ids, priorities) for node in top.sequence("options")
        )
        _unique(((o.id, o.line) for o in options), "option id")
        if not options:
            raise _Invalid(top.line, "the pathway has no options")
        return options

    def _option(self, node: yaml.Node, group_ids: set[str], priorities: tuple[str, ...]) -> Option:
        fields = _Fields(node, "an option")
        option_id = _id(fields, "id", OPTION_ID_PATTERN, "like VIT-04")
        fields.what = f"option {option_id}"
        group = fields.scalar("group", str)
        if group not in group_ids:
            raise _Invalid(fields.line, f"option {option_id}: unknown group '{group}'")
        refs = self.refs

        def statements(key: str, role: str) -> tuple[Statement, ...]:
            return _statements(fields, key, option_id, role, refs)

        evidence_fields = fields.mapping("evidence", f"the evidence of {option_id}")
        evidence = Evidence(
            level=evidence_fields.one_of("level", EVIDENCE_LEVELS),
            text=evidence_fields.text("text", option_id, "evidence quality"),
        )
        evidence_fields.done()
        option = Option(
            id=option_id,
            group=group,
            kind=fields.one_of("kind", OPTION_KINDS),
            line=fields.line,
            title=fields.text("title", option_id, "option name"),
            what=fields.text("what", option_id, "what the option is"),
            works=statements("works", "how well it works"),
            side_effects=statements("side_effects", "common side effects"),
            serious_risks=statements("serious_risks", "serious risks"),
            effort=statements("effort", "effort: visits, time"),
            approval=statements("approval", "approval status"),
            evidence=evidence,
            cautions=statements("cautions", "cautions"),
            sources=refs.source_ids(fields, "sources", required=True),
            fit=self._fit(fields, option_id),
            serves=self._priority_links(fields, "serves", priorities),
            works_against=self._priority_links(fields, "works_against", priorities),
            no_treatment=bool(fields.scalar("no_treatment", bool, required=False)),
        )
        fields.done()
        _check_citations(
            f"option {option_id}",
            fields.line,
            option.sources,
            [s for st in option.statements() for s in st.cite]
            + [s for rule in option.fit.rules for s in rule.cite],
        )
        return option

    def _priority_links(
        self, fields: _Fields, key: str, priorities: tuple[str, ...]
    ) -> tuple[str, ...]:
        links = []
        for node in fields.sequence(key, required=False):
            link_id = scalar_value(node, str, f"an item of '{key}'")
            if link_id not in priorities:
                raise _Invalid(_line(node), f"'{link_id}' is not one of the pathway's priorities")
            links.append(link_id)
        return tuple(links)

    def _fit(self, option_fields: _Fields, option_id: str) -> Fit:
        fields = option_fields.mapping("fit", f"the fit of {option_id}")
        default = fields.one_of("default", FIT_LEVELS)
        rules = []
        for node in fields.sequence("rules", required=False):
            rule_fields = _Fields(node, f"a fit rule of {option_id}")
            effect = rule_fields.one_of("effect", FIT_EFFECTS)
            concern = (
                rule_fields.one_of("concern", SAFETY_CONCERNS)
                if rule_fields.has("concern")
                else None
            )
            if concern and effect not in SAFETY_EFFECTS:
                raise _Invalid(
                    _line(rule_fields.node_of("concern")),
                    f"a rule about '{concern}' is a safety rule: its effect must be "
                    "'contraindication' or 'caution', never a note or a reason in favour",
                )
            gate = self._gate(rule_fields, "enableWhen", "enableBehavior")
            if gate is None:
                raise _Invalid(rule_fields.line, "a fit rule needs 'enableWhen'")
            rules.append(
                FitRule(
                    effect=effect,
                    gate=gate,
                    reason=rule_fields.text("reason", option_id, "why an option may fit"),
                    cite=self.refs.source_ids(rule_fields, "cite", required=False),
                    concern=concern,
                )
            )
            rule_fields.done()
        fields.done()
        return Fit(default=default, rules=tuple(rules))

    def _conditional_text(self, node: yaml.Node, context: str, role: str) -> ConditionalText:
        if isinstance(node, yaml.ScalarNode):
            return ConditionalText(text=to_text(node, context, role, f"a text in {context}"))
        fields = _Fields(node, f"a text in {context}")
        text = ConditionalText(
            text=fields.text("text", context, role),
            cite=self.refs.source_ids(fields, "cite", required=False),
            gate=self._gate(fields, "enableWhen", "enableBehavior"),
        )
        fields.done()
        return text

    def _sections(self, top: _Fields) -> tuple[Section, ...]:
        sections = []
        for node in top.sequence("sections", required=False):
            fields = _Fields(node, "a section")
            section_id = _id(fields, "id", ID_PATTERN, "use lowercase letters, digits and '_'")
            if section_id in {section.id for section in sections}:
                raise _Invalid(fields.line, f"section id '{section_id}' is used twice")
            context = f"section:{section_id}"
            caveat_ids = []
            for caveat_node in fields.sequence("caveats", required=False):
                caveat_id = scalar_value(caveat_node, str, "a caveat id")
                if caveat_id not in self.refs.caveats:
                    message = f"caveat '{caveat_id}' is not in caveats.yaml"
                    raise _Invalid(_line(caveat_node), message)
                caveat_ids.append(caveat_id)
            notes = tuple(
                self._conditional_text(note, context, "note from the person's answers")
                for note in fields.sequence("notes", required=False)
            )
            if not caveat_ids and not notes and not fields.has("claims"):
                raise _Invalid(fields.line, f"section '{section_id}' has no caveats and no notes")
            sections.append(
                Section(
                    id=section_id,
                    title=fields.text("title", context, "section heading"),
                    intro=fields.text("intro", context, "section introduction", required=False),
                    notes=notes,
                    caveats=tuple(caveat_ids),
                    claims=bool(fields.scalar("claims", bool, required=False)),
                )
            )
            fields.done()
        return tuple(sections)

    def _alerts(self, top: _Fields, section_ids: set[str]) -> tuple[Alert, ...]:
        alerts = []
        for node in top.sequence("alerts", required=False):
            fields = _Fields(node, "an alert")
            alert_id = _id(fields, "id", ID_PATTERN, "use lowercase letters, digits and '_'")
            if alert_id in {alert.id for alert in alerts}:
                raise _Invalid(fields.line, f"alert id '{alert_id}' is used twice")
            context = f"alert:{alert_id}"
            section = fields.scalar("section", str, required=False)
            if section is not None and section not in section_ids:
                message = f"alert '{alert_id}' links to unknown section '{section}'"
                raise _Invalid(_line(fields.node_of("section")), message)
            pathway = fields.scalar("pathway", str, required=False)
            if pathway is not None:
                self.pathway_links.append((pathway, _line(fields.node_of("pathway"))))
            alerts.append(
                Alert(
                    id=alert_id,
                    title=fields.text("title", context, "alert heading"),
                    text=fields.text("text", context, "alert text"),
                    gate=self._gate(fields, "enableWhen", "enableBehavior"),
                    cite=self.refs.source_ids(fields, "cite", required=False),
                    section=section,
                    pathway=pathway,
                )
            )
            fields.done()
        return tuple(alerts)

    def _questions_to_ask(self, top: _Fields, pathway_id: str) -> tuple[ConditionalText, ...]:
        context = f"{pathway_id}:questions"
        return tuple(
            self._conditional_text(node, context, "question for the clinician")
            for node in top.sequence("questions_to_ask")
        )


def _is_number(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# --- texts every sheet shares ----------------------------------------------------------


def _read_shared(path: Path, root: yaml.Node, refs: _Refs) -> SharedTexts:
    top = _Fields(root, "the shared file")
    context = "sheet"
    sure_fields = top.mapping("sure", "'sure'")
    reader = _PathwayReader(path, refs)
    sure = reader._item(sure_fields.node_of("item"), top_level=True)
    for condition, line in reader.pending_conditions:
        reader._check_condition(condition, line)
    if any(item.type != "boolean" for item in sure.items):
        raise _Invalid(sure.line, "every SURE question is a yes/no (boolean) item")
    sure_source = sure_fields.scalar("source", str)
    if sure_source not in refs.sources:
        line = _line(sure_fields.node_of("source"))
        raise _Invalid(line, f"source '{sure_source}' is not in sources.yaml")
    low_score = sure_fields.mapping("low_score", "'low_score'")
    shared = SharedTexts(
        made_by=top.text("made_by", context, "who made the sheet"),
        funding=top.text("funding", context, "who paid for it"),
        update_policy=top.text("update_policy", context, "when the sheet is updated"),
        sure_intro=sure_fields.text("intro", "sure", "introduction to the SURE test"),
        sure=sure,
        sure_source=sure_source,
        low_score_title=low_score.text("title", "sure", "heading when the SURE score is low"),
        low_score_points=tuple(
            to_text(node, "sure", "what to do next", "a point of 'low_score'")
            for node in low_score.sequence("points")
        ),
        glossary=tuple(_glossary_entry(node) for node in top.sequence("glossary")),
    )
    low_score.done()
    sure_fields.done()
    top.done()
    return shared


def _glossary_entry(node: yaml.Node) -> GlossaryEntry:
    fields = _Fields(node, "a glossary entry")
    term = fields.text("term", "glossary", "a word explained in the glossary")
    matches = [scalar_value(n, str, "a word in 'matches'") for n in fields.sequence("matches")]
    entry = GlossaryEntry(
        term=term,
        meaning=fields.text("meaning", "glossary", "what the word means"),
        matches=tuple(match.lower() for match in matches),
    )
    fields.done()
    return entry


# --- files ---------------------------------------------------------------------------


def _compose(path: Path) -> yaml.Node:
    try:
        with path.open(encoding="utf-8") as stream:
            root = yaml.compose(stream, Loader=YAML_LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        raise _Invalid(line, f"not valid YAML: {error.problem or error.context}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise _Invalid(1, f"cannot be read: {error}") from None
    if root is None:
        raise _Invalid(1, "the file is empty")
    return root


def _read(path: Path, read: Callable[[yaml.Node], Any], problems: list[str]) -> Any:
    try:
        return read(_compose(path))
    except _Invalid as invalid:
        problems.append(f"{path}:{invalid.line}: {invalid.message}")
        return None


def pathway_files(directory: Path) -> list[Path]:
    return sorted(
        path
        for path in directory.glob("*.yaml")
        if path.name not in SHARED_FILES and not path.name.startswith("_")
    )


def load_library(directory: Path, only: Iterable[str] | None = None) -> Library:
    """Load the content files in ``directory``; raise ContentError listing every bad file.

    ``only`` names the pathways to load (by id); by default every pathway file is loaded.
    """
    problems: list[str] = []
    sources = _read(directory / "sources.yaml", _read_sources, problems) or {}
    refs = _Refs(sources)
    caveats, claims = _read(
        directory / "caveats.yaml", lambda root: _read_caveats(root, refs), problems
    ) or ({}, ())
    refs.caveats = caveats
    shared_path = directory / "shared.yaml"
    shared = _read(shared_path, lambda root: _read_shared(shared_path, root, refs), problems)
    wanted = None if only is None else set(only)
    pathways = {}
    links: list[tuple[Path, str, int]] = []
    for path in pathway_files(directory):
        if wanted is not None and path.stem not in wanted:
            continue
        reader = _PathwayReader(path, refs)
        pathway = _read(path, reader.read, problems)
        if pathway is not None:
            pathways[pathway.id] = pathway
            links += [(path, target, line) for target, line in reader.pathway_links]
    if only is None:
        for path, target, line in links:
            # A target that exists but failed to load has been reported already.
            if target not in pathways and not (directory / f"{target}.yaml").exists():
                problems.append(f"{path}:{line}: links to unknown pathway '{target}'")
    if only is None and not pathways and not problems:
        problems.append(f"{directory}: no pathway files found")
    if problems:
        raise ContentError(problems)
    return Library(
        pathways=pathways,
        caveats=caveats,
        sources=sources,
        claims=claims,
        shared=shared,
        directory=str(directory),
    )
