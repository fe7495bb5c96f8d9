"""The one exception hierarchy: every user error is a SkillgapError with a one-line message."""
from __future__ import annotations

from skillgap.terminal import escape_surrogates, one_line


def yaml_problem(exc) -> str:
    """Describe a PyYAML error as "invalid YAML at line L, column C: problem"."""
    character = getattr(exc, "character", None)  # a ReaderError: a character YAML does not allow, at a position
    if isinstance(character, int):
        return (f"invalid YAML: character {exc.position + 1:,} of the file, U+{character:04X}, is a control "
                "character YAML does not allow — delete it")
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    if mark is not None:
        return f"invalid YAML at line {mark.line + 1}, column {mark.column + 1}: {problem}"
    return f"invalid YAML: {problem}"


class SkillgapError(Exception):
    """A problem the user can fix; the CLI prints its message and exits with `exit_code`."""

    exit_code = 2


class UsageError(SkillgapError):
    """Bad command-line usage or a missing folder/file the command needs."""


class InputError(SkillgapError):
    """A job-description file that cannot be read or understood."""

    def __init__(self, path, problem: str, hint: str = ""):
        self.path = escape_surrogates(str(path))  # a name that is not UTF-8 still goes into the report's JSON
        self.problem = problem
        self.hint = hint
        message = f"{one_line(self.path)}: {problem}"  # a file name may hold a newline that would forge a line
        if hint:
            message += f" — {hint}"
        super().__init__(message)


class ProfileError(SkillgapError):
    """A profile that cannot be used; `problems` lists every problem found."""

    def __init__(self, path, problems: list[str]):
        self.path = str(path)
        self.problems = list(problems)
        super().__init__("\n".join(f"{self.path}: {p}" for p in self.problems))


class TaxonomyError(SkillgapError):
    """A broken bundled or user taxonomy file."""
