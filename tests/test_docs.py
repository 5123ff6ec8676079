"""The README is checked like code: its first lines are the two newcomer commands, every `xxgk`
sub-command is documented, and the Makefile targets it names exist."""

from __future__ import annotations

import re

from tests.conftest import REPO
from xxgk.cli import build_parser


def readme() -> str:
    return (REPO / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_exactly_two_commands():
    first_block = readme().split("```", 2)[1]
    commands = [line.split("#")[0].strip() for line in first_block.splitlines() if line.strip()]
    assert commands == ["make run", "make test"]


def test_every_cli_command_is_documented():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name in sub.choices:
        assert f"`xxgk {name}" in readme(), f"xxgk {name} is not in the README's command table"


def test_makefile_has_the_targets_the_readme_names():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    for target in set(re.findall(r"\bmake ([a-z-]+)", readme())):
        assert re.search(rf"^{re.escape(target)}:", makefile, re.M), f"make {target} is not a Makefile target"


def test_ci_runs_the_readme_test_command():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci, re.M)
