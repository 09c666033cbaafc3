"""The `negsim` command line: the parser and one module per command group."""

from sim.cli.parser import main

__all__ = ["main"]
