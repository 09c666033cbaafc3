"""The `negsim` command line. `main(argv)` returns the exit code (tests call it in-process).

The parser is built from the declared commands (`sim.cli.commands`); bad input ends with
one line on stderr and exit code 2, and nothing is written.
"""

import argparse
import os
import sys
import textwrap

from sim.cli.commands import COMMANDS
from sim.cli.lookup import scenarios_dir
from sim.cli.options import CALIBRATION_HELP, SCENARIOS_HELP, add_options
from sim.experiments.results import versions
from sim.inputs.calibrated import calibration_name
from sim.inputs.errors import InputError, Interrupted, WorkersLost
from sim.inputs.settings import Settings

DESCRIPTION = """\
Simulate UN consensus negotiations on ICT security: 193 delegations, a chair, sessions and a
decision rule. Scenarios are TOML files (see scenarios/README.md)."""


def version_line() -> str:
    """`negsim X (python Y, mesa Z, ...)`: what a results manifest records, in one line."""
    found = versions()
    own = found.pop("negsim")
    return f"negsim {own} (" + ", ".join(f"{k} {v}" for k, v in found.items()) + ")"


def wrap(text: str, width: int = 98) -> str:
    """A description within `width` columns: its lines are filled, indented ones (examples,
    tables) kept as written.

    >>> wrap("a b c d", 3)
    'a b\\nc d'
    """
    lines = []
    for line in text.splitlines():
        lines += [line] if line.startswith(" ") or not line else textwrap.wrap(line, width)
    return "\n".join(lines)


class Parser(argparse.ArgumentParser):
    """argparse, but a bad option is one line on stderr (no usage block), exit code 2."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The whole parser, from the declared commands (no abbreviated options)."""
    parser = Parser(
        prog="negsim",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,
    )
    parser.add_argument("--scenarios", metavar="DIR", help=SCENARIOS_HELP)
    parser.add_argument("--calibration", metavar="FILE", help=CALIBRATION_HELP)
    parser.add_argument(
        "--version",
        action="version",
        version=version_line(),
        help="the versions of negsim and of the packages that shape its numbers",
    )
    parser.commands = {}  # each command's own parser, for its own error messages
    sub = parser.add_subparsers(
        dest="command",
        required=True,
        metavar="COMMAND",
        help="what to do (negsim COMMAND --help explains each)",
    )
    for command in COMMANDS:
        p = parser.commands[command.name] = sub.add_parser(
            command.name,
            help=command.help,
            description=wrap(command.description) or None,
            formatter_class=argparse.RawDescriptionHelpFormatter,
            allow_abbrev=False,
        )
        add_options(p, command.options)
        # Also after the command (`negsim validate --scenarios DIR`); SUPPRESS keeps a value
        # given before it.
        if command.reads_scenarios:
            p.add_argument(
                "--scenarios", metavar="DIR", default=argparse.SUPPRESS, help=SCENARIOS_HELP
            )
        if command.takes_calibration:
            p.add_argument(
                "--calibration", metavar="FILE", default=argparse.SUPPRESS, help=CALIBRATION_HELP
            )
        p.set_defaults(command_declared=command)
    return parser


PATH_OPTIONS = ("out", "results", "scenarios", "calibration", "points", "record")


def _no_empty_paths(args: argparse.Namespace) -> None:
    """An empty path option (`--out ""`) would quietly mean the current folder: refuse it."""
    for name in PATH_OPTIONS:
        value = getattr(args, name, None)
        if value is not None and not str(value).strip():
            raise InputError(f"--{name}", "", "is empty; name a file or folder")


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `negsim` console command."""
    parser = build_parser()
    if not (sys.argv[1:] if argv is None else argv):  # bare `negsim`: what it can do
        parser.print_help()
        return 2
    args, unknown = parser.parse_known_args(argv)
    if unknown:  # named by the command's parser: 'see negsim predict --help'
        parser.commands[args.command].error(f"unrecognized arguments: {' '.join(unknown)}")
    try:
        _no_empty_paths(args)
        args.settings = Settings(scenarios_dir(args), args.calibration).checked()
        code = args.command_declared.function()(args)
        if args.calibration:
            where = calibration_name(args.calibration)
            print(f"negsim: calibrated positions from {where}", file=sys.stderr)
        return code
    except InputError as exc:
        print(f"negsim: error: {exc}", file=sys.stderr)
        return 2
    except Interrupted as exc:
        print(f"negsim: {exc}", file=sys.stderr)
        return 130
    except WorkersLost as exc:
        print(f"negsim: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("negsim: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and the like
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
