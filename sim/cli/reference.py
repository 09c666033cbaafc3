"""The generated references in docs/: the command line (from the declared commands and the
parser), the scenario and experiment files (from the schema and the registries).

    python -m sim.cli.reference            # rewrite docs/cli.md, scenario-files.md, ...
    python -m sim.cli.reference --check    # exit 1 if a committed file differs
"""

import argparse
import os
import sys
from pathlib import Path

from sim.cli.commands import COMMANDS
from sim.cli.parser import DESCRIPTION, build_parser, wrap
from sim.cli.schema_docs import GENERATED, experiment_markdown, scenario_markdown

DOCS = Path(__file__).resolve().parents[2] / "docs"


def _option_rows(parser: argparse.ArgumentParser) -> list[str]:
    rows = ["| option | default | what it does |", "|---|---|---|"]
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        name = ", ".join(action.option_strings) or (action.metavar or action.dest).upper()
        if action.option_strings and action.nargs != 0:
            name += f" {action.metavar or action.dest.upper()}"
        default = action.default
        shown = "" if default in (None, False, argparse.SUPPRESS) else f"`{default}`"
        if action.dest == "workers" and action.option_strings:
            shown = "all cores"
        text = (action.help or "").replace("|", "\\|").replace("\n", " ")
        rows.append(f"| `{name}` | {shown} | {text} |")
    return rows


def cli_markdown() -> str:
    """docs/cli.md: every command, its description and options (usage lines wrapped at 100
    columns whatever the terminal)."""
    saved = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "100"
    try:
        return _cli_markdown(build_parser())
    finally:
        if saved is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = saved


def _cli_markdown(parser: argparse.ArgumentParser) -> str:
    subs = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    lines = [
        "# Command-line reference",
        "",
        GENERATED,
        "",
        DESCRIPTION.replace("\n", " "),
        "",
        "Options before the command:",
        "",
        *_option_rows(parser),
        "",
        "| command | what it does |",
        "|---|---|",
        *(f"| [`negsim {c.name}`](#negsim-{c.name}) | {c.help} |" for c in COMMANDS),
        "",
    ]
    for command in COMMANDS:
        sub = subs.choices[command.name]
        lines += [f"## negsim {command.name}", "", "```text", sub.format_usage().strip(), "```"]
        if command.description:
            lines += ["", "```text", wrap(command.description), "```"]
        lines += ["", *_option_rows(sub), ""]
    return "\n".join(lines).rstrip() + "\n"


GENERATORS = {
    "cli.md": cli_markdown,
    "scenario-files.md": scenario_markdown,
    "experiment-files.md": experiment_markdown,
}


def drifted(folder: Path = DOCS) -> list[str]:
    """The generated files in `folder` that differ from what the code generates now."""
    return [
        name
        for name, generate in GENERATORS.items()
        if not (folder / name).exists() or (folder / name).read_text() != generate()
    ]


def main(argv: list[str] | None = None) -> int:
    """Write the references (or, with --check, say which differ)."""
    parser = argparse.ArgumentParser(prog="python -m sim.cli.reference")
    parser.add_argument("--check", action="store_true", help="only report files that differ")
    parser.add_argument("--docs", default=str(DOCS), help="the docs folder (default: docs/)")
    args = parser.parse_args(argv)
    folder = Path(args.docs)
    if args.check:
        stale = drifted(folder)
        for name in stale:
            print(f"{folder / name} differs: run python -m sim.cli.reference", file=sys.stderr)
        return 1 if stale else 0
    folder.mkdir(parents=True, exist_ok=True)
    for name, generate in GENERATORS.items():
        (folder / name).write_text(generate())
        print(folder / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
