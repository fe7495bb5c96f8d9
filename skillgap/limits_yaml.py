"""Read the user's YAML files (profile, taxonomy.yaml) within limits: size, depth and what aliases expand to.

A 1 KB "billion laughs" document (aliases of aliases) expands to billions of values when anything
walks it: PyYAML shares the nodes, but str(), repr() and every loop over them do not. Deep nesting
makes the composer recurse until it fails. Both are refused while the document is composed, before
any value is built.
"""
from __future__ import annotations

import os
import reprlib
import stat
from pathlib import Path

import yaml

MAX_BYTES = 1024 * 1024
# Scalars, lists and mappings a document may hold once every alias is expanded: a profile of a
# thousand skills with evidence holds about 5,000; a taxonomy.yaml of 10,000 aliases about 20,000.
MAX_VALUES = 200_000
MAX_DEPTH = 50


class YAMLLimitError(yaml.YAMLError):
    """A document over MAX_VALUES or MAX_DEPTH; its text is the whole problem (no value is shown)."""


class YAMLValueError(yaml.MarkedYAMLError):
    """A value its tag, or its look, cannot make: month 13 of "2024-13-01", "!!int ''", "!!bool maybe"."""


# What a tag asks a value to be, in the words of the message.
_TAG_MEANS = {"tag:yaml.org,2002:timestamp": "a date like 2024-05-01", "tag:yaml.org,2002:int": "a whole number",
              "tag:yaml.org,2002:float": "a number", "tag:yaml.org,2002:bool": "true or false"}
_SHOWN = reprlib.Repr()
_SHOWN.maxstring = 40  # repr() also escapes control characters, which never reach the terminal raw


class LimitedLoader(yaml.SafeLoader):
    """A safe loader that refuses documents too large or too deep once aliases are expanded."""

    def __init__(self, stream) -> None:
        super().__init__(stream)
        self._values: dict[int, int] = {}  # id(node) → values it holds, aliases expanded
        self._depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            node = self.anchors.get(event.anchor)
            if node is not None and id(node) not in self._values:  # still being composed: the alias is inside it
                raise YAMLLimitError(f"an alias refers to the value that contains it (line {event.start_mark.line + 1})")
            return super().compose_node(parent, index)
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise YAMLLimitError(f"nested more than {MAX_DEPTH} levels deep (line {self.peek_event().start_mark.line + 1})")
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        children = node.value if isinstance(node, yaml.SequenceNode) else \
            [part for pair in node.value for part in pair] if isinstance(node, yaml.MappingNode) else []
        values = self._values[id(node)] = 1 + sum(self._values[id(child)] for child in children)
        if values > MAX_VALUES:
            raise YAMLLimitError(f"holds more than {MAX_VALUES:,} values, counting what its '*' aliases repeat "
                                 f"(line {node.start_mark.line + 1}) — write fewer values, or them out instead of aliases")
        return node

    def construct_object(self, node, deep=False):
        # PyYAML's constructors fail on such values with ValueError, IndexError, KeyError or AttributeError.
        try:
            return super().construct_object(node, deep)
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, AttributeError, IndexError, KeyError, OverflowError):
            means = _TAG_MEANS.get(node.tag, f"what its tag {node.tag} says")
            shown = _SHOWN.repr(node.value) if isinstance(node, yaml.ScalarNode) else "this value"
            raise YAMLValueError(problem=f"{shown} cannot be read as {means}", problem_mark=node.start_mark) from None

    def construct_yaml_int(self, node):
        try:
            return super().construct_yaml_int(node)
        except ValueError:
            if len(node.value) <= 4300:  # "!!int abc": construct_object says what is wrong
                raise
            # Python refuses to read integers of more than 4,300 digits
            raise YAMLLimitError(f"a number too long to read (line {node.start_mark.line + 1})") from None


LimitedLoader.add_constructor("tag:yaml.org,2002:int", LimitedLoader.construct_yaml_int)


def read_yaml_bytes(path: Path, max_bytes: int = MAX_BYTES) -> bytes:
    """Return a YAML file's bytes, refusing what is not a regular file or is over `max_bytes`.

    Raises OSError for unreadable files and ValueError (with the problem as its text) for the rest.
    """
    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        raise ValueError("not a regular file (a device, pipe or socket is never read)")
    with open(path, "rb") as handle:
        data = handle.read(max_bytes + 1)  # /proc files and growing files report a size that lies
    if len(data) > max_bytes:
        raise ValueError(f"file is too large (over {max_bytes // 1024:,} KB) for a skillgap YAML file")
    return data
