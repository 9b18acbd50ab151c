"""Static checks of one answer template, before any RFP is filled with it.

:func:`check_template` compiles the template in the answer sandbox and walks its syntax
tree: a name or attribute the sandbox would refuse (underscored attributes such as
``__class__``, ``mro``, frame and code objects), a call to anything but a few plain text
and mapping methods, and a variable that the template context does not have
(``plan.pbm_name`` when plan.yaml has no ``pbm_name``) are each a finding on the line of
the template where they occur. Fill only meets these at render time, on the RFP that
happens to need the entry; lint meets them on every commit.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.sandbox import UNSAFE_GENERATOR_ATTRIBUTES

from rfp_assistant.library.templating import environment
from rfp_assistant.library.variables import TEMPLATE_ROOTS, ListOf, OpenMap

# Attributes the sandbox refuses that do not start with an underscore.
UNSAFE_ATTRIBUTES = frozenset(
    {"mro", "func_code", "func_globals", "cr_frame", "cr_code", "ag_code", "ag_frame"}
    | set(UNSAFE_GENERATOR_ATTRIBUTES)
)
# Methods an answer template may call: they only reshape text or read a mapping.
SAFE_METHODS = frozenset(
    {
        "capitalize",
        "endswith",
        "get",
        "items",
        "join",
        "keys",
        "lower",
        "lstrip",
        "replace",
        "rstrip",
        "split",
        "startswith",
        "strip",
        "title",
        "upper",
        "values",
    }
)
SAFE_GLOBALS = frozenset({"range"})
_UNKNOWN = object()  # a value whose shape the checker cannot know (a filter's result, a loop counter)
_INVALID = object()  # a value already reported as a finding: nothing more is said about it
_UNDEFINED = object()  # an unknown name, reported: only an unsafe attribute on it is reported too
_MACRO = object()  # a macro the template defines itself: safe to call


@dataclass(frozen=True)
class TemplateFinding:
    """One problem in a template: ``line`` is the template's own line (1-based)."""

    line: int
    message: str


def check_template(source: str, schema: dict[str, Any]) -> list[TemplateFinding]:
    """Every problem in one template, in order; an empty list when it is safe and complete.

    ``schema`` maps each root (``plan``, ``account``, ``projection``) to the shape from
    :func:`~rfp_assistant.library.variables.template_schema`; a root whose shape is None
    accepts any name below it.
    """
    try:
        tree = environment().parse(source)
        environment().compile(tree)
    except jinja2.TemplateSyntaxError as exc:
        return [TemplateFinding(exc.lineno or 1, f"does not compile: {exc.message}")]
    walker = _Walker(schema, _guarded_paths(tree))
    walker.block(tree.body)
    return walker.findings


def _guarded_paths(tree: nodes.Template) -> frozenset[str]:
    """Names the template tests with ``is defined`` (or ``is undefined``): figures a context
    has only sometimes (an age/sex factor needs an employee-level census), which the
    template itself guards, so they are not missing."""
    return frozenset(
        _path(test.node) for test in tree.find_all(nodes.Test) if test.name in ("defined", "undefined")
    )


class _Walker:
    """Walks the syntax tree, following each expression's shape through the schema."""

    def __init__(self, schema: dict[str, Any], guarded: frozenset[str] = frozenset()) -> None:
        self.schema = schema
        self.guarded = guarded
        self.scopes: list[dict[str, Any]] = [{}]
        self.findings: list[TemplateFinding] = []

    def report(self, node: nodes.Node, message: str) -> object:
        self.findings.append(TemplateFinding(node.lineno, message))
        return _INVALID

    # -- statements ---------------------------------------------------------------------

    def block(self, body: list[nodes.Node]) -> None:
        for node in body:
            self.statement(node)

    def statement(self, node: nodes.Node) -> None:
        if isinstance(node, nodes.For):
            items = self.value(node.iter)
            if node.test is not None:
                self.value(node.test)
            self.scopes.append({"loop": _UNKNOWN})
            self.bind(node.target, _item_of(items))
            self.block(node.body)
            self.scopes.pop()
            self.block(node.else_)
        elif isinstance(node, nodes.Assign):
            self.bind(node.target, self.value(node.node))
        elif isinstance(node, nodes.AssignBlock):
            self.block(node.body)
            self.bind(node.target, _UNKNOWN)
        elif isinstance(node, nodes.With):
            values = [self.value(v) for v in node.values]
            self.scopes.append({})
            for target, value in zip(node.targets, values, strict=True):
                self.bind(target, value)
            self.block(node.body)
            self.scopes.pop()
        elif isinstance(node, nodes.Macro | nodes.CallBlock):
            if isinstance(node, nodes.Macro):
                self.scopes[-1][node.name] = _MACRO
            self.scopes.append({arg.name: _UNKNOWN for arg in getattr(node, "args", [])})
            if isinstance(node, nodes.CallBlock):
                self.value(node.call)
            self.block(node.body)
            self.scopes.pop()
        elif isinstance(node, nodes.Expr):
            self.value(node)
        else:
            for child in node.iter_child_nodes():
                if isinstance(child, nodes.Expr):
                    self.value(child)
                else:
                    self.statement(child)

    def bind(self, target: nodes.Node, value: Any) -> None:
        if isinstance(target, nodes.Name):
            self.scopes[-1][target.name] = value
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                self.bind(item, _UNKNOWN)

    # -- expressions --------------------------------------------------------------------

    def value(self, node: nodes.Node) -> Any:
        """The shape of an expression's value, reporting what is wrong inside it."""
        if isinstance(node, nodes.Name):
            return self.name(node)
        if isinstance(node, nodes.Const):
            return node.value
        if isinstance(node, nodes.Getattr):
            return self.attribute(node, self.value(node.node), node.attr)
        if isinstance(node, nodes.Getitem):
            return self.item(node)
        if isinstance(node, nodes.Call):
            return self.call(node)
        if isinstance(node, nodes.Filter):
            return self.filter(node)
        for child in node.iter_child_nodes():
            self.value(child)
        return _UNKNOWN

    def is_guarded(self, node: nodes.Node) -> bool:
        """True when the template tests this name, or a name it is part of, with ``is defined``."""
        while isinstance(node, nodes.Getattr | nodes.Getitem):
            if _path(node) in self.guarded:
                return True
            node = node.node
        return False

    def is_macro(self, name: str) -> bool:
        return any(scope.get(name) is _MACRO for scope in self.scopes)

    def name(self, node: nodes.Name) -> Any:
        for scope in reversed(self.scopes):
            if node.name in scope:
                return scope[node.name]
        if node.name in TEMPLATE_ROOTS:
            shape = self.schema.get(node.name)
            return _UNKNOWN if shape is None else shape
        if node.name in SAFE_GLOBALS:
            return _UNKNOWN
        self.report(node, f"unknown variable '{node.name}' (templates see {', '.join(TEMPLATE_ROOTS)})")
        return _UNDEFINED

    def attribute(self, node: nodes.Node, owner: Any, attr: str) -> Any:
        if owner is _INVALID:
            return owner
        if attr.startswith("_") or attr in UNSAFE_ATTRIBUTES:
            return self.report(node, f"{_shown(node)} reaches '{attr}', which the sandbox refuses")
        if owner is _UNDEFINED:
            return _UNDEFINED
        if owner is _UNKNOWN:
            return owner
        if isinstance(owner, OpenMap):
            return owner.value
        if isinstance(owner, dict):
            if attr in owner:
                return owner[attr]
            if self.is_guarded(node):
                return _UNKNOWN
            return self.report(node, f"{_shown(node)} is not defined: {_missing(node, attr, owner)}")
        return self.report(node, f"{_shown(node)} is not defined: '{_path(node.node)}' has no '{attr}'")

    def item(self, node: nodes.Getitem) -> Any:
        owner = self.value(node.node)
        if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
            return self.attribute(node, owner, node.arg.value)
        if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, int):
            return owner.item if isinstance(owner, ListOf) else _UNKNOWN
        self.value(node.arg)
        return _UNKNOWN

    def call(self, node: nodes.Call) -> Any:
        for arg in (*node.args, *(k.value for k in node.kwargs), node.dyn_args, node.dyn_kwargs):
            if arg is not None:
                self.value(arg)
        target = node.node
        if isinstance(target, nodes.Getattr) and target.attr in SAFE_METHODS:
            self.value(target.node)
            return _UNKNOWN
        if isinstance(target, nodes.Name) and (target.name in SAFE_GLOBALS or self.is_macro(target.name)):
            return _UNKNOWN
        owner = self.value(target.node) if isinstance(target, nodes.Getattr) else _UNKNOWN
        if owner is _INVALID or owner is _UNDEFINED:
            return _INVALID
        return self.report(node, f"{_shown(node)} calls a function: answer templates may call only text methods")

    def filter(self, node: nodes.Filter) -> Any:
        if node.node is not None:
            self.value(node.node)
        for arg in (*node.args, *(k.value for k in node.kwargs)):
            self.value(arg)
        if node.name == "attr":
            attr = node.args[0].value if node.args and isinstance(node.args[0], nodes.Const) else None
            if not isinstance(attr, str):
                return self.report(node, "the 'attr' filter needs a fixed attribute name")
            if attr.startswith("_") or attr in UNSAFE_ATTRIBUTES:
                return self.report(node, f"'attr' filter reaches '{attr}', which the sandbox refuses")
        return _UNKNOWN


def _item_of(items: Any) -> Any:
    if items is _INVALID or items is _UNDEFINED:
        return _INVALID
    if isinstance(items, ListOf):
        return items.item if items.item is not None else _UNKNOWN
    return _UNKNOWN


def _path(node: nodes.Node) -> str:
    """The expression as a person wrote it, near enough: ``plan.pbm``, ``''.__class__``."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Const):
        return repr(node.value)
    if isinstance(node, nodes.Getattr):
        return f"{_path(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        arg = node.arg.value if isinstance(node.arg, nodes.Const) else "..."
        return f"{_path(node.node)}[{arg!r}]"
    if isinstance(node, nodes.Call):
        return f"{_path(node.node)}()"
    return "..."


def _shown(node: nodes.Node) -> str:
    return "{{ " + _path(node) + " }}"


def _missing(node: nodes.Node, attr: str, owner: dict[str, Any]) -> str:
    where = {"plan": "plan.yaml has", "account": "the account profile gives", "projection": "the projection has"}
    head = where.get(_root(node) or "", f"'{_path(node.node)}' has")  # type: ignore[attr-defined]
    close = _closest(attr, owner)
    hint = f"; did you mean '{close}'?" if close else ""
    return f"{head} no '{attr}'{hint}"


def _root(node: nodes.Node) -> str | None:
    while isinstance(node, nodes.Getattr | nodes.Getitem):
        node = node.node
    return node.name if isinstance(node, nodes.Name) else None


def _closest(word: str, owner: dict[str, Any]) -> str | None:
    """The key a person probably meant: one inside the word (``pbm`` for ``pbm_name``), or a near spelling."""
    keys = [str(k) for k in owner]
    inside = sorted(
        (k for k in keys if len(k) > 2 and (k in word or word in k)),
        key=lambda k: (not (word.startswith(k) or k.startswith(word)), -len(k)),
    )
    if inside:
        return inside[0]
    found = difflib.get_close_matches(word, keys, n=1, cutoff=0.6)
    return found[0] if found else None


def iter_template_fields(entry_item: dict[str, Any]) -> Iterator[tuple[str, str, Any, str]]:
    """The template text fields of an entry mapping, each as ``(name, text, holder, key)``:
    ``holder[key]`` is the text, so a line-aware mapping gives its line. They are answer,
    answer_brief, short_answer, each per-kind short answer (``short_answer.date``) and each
    value of a ``grid:`` (``grid row 'Year 1', column 'rate'``)."""
    for key in ("answer", "answer_brief", "short_answer"):
        value = entry_item.get(key)
        if isinstance(value, str):
            yield key, value, entry_item, key
        elif key == "short_answer" and isinstance(value, dict):
            for kind, text in value.items():
                if isinstance(text, str):
                    yield f"short_answer.{kind}", text, value, kind
    grid = entry_item.get("grid")
    rows = grid.get("rows") if isinstance(grid, dict) else None
    for row in rows if isinstance(rows, list) else ():
        if not isinstance(row, dict):
            continue
        labels = row.get("labels")
        name = labels[0] if isinstance(labels, list) and labels else "?"
        for column, text in row.items():
            if column != "labels" and isinstance(text, str):
                yield f"grid row {name!r}, column {column!r}", text, row, column
