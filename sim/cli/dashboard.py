"""`negsim dashboard`: start the dashboard (a local Solara web app, `sim.dashboard.app`) on the
same scenarios folder and results folder as the other commands, print its address, and stop it
on Ctrl-C."""

import argparse
import errno
import importlib.util
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from sim.cli.lookup import find_by_name
from sim.dashboard.catalogue import CALIBRATION_ENV, FIRST_ENV, RESULTS_ENV, SCENARIOS_ENV
from sim.inputs.errors import InputError

APP = "sim.dashboard.app"
START_TIMEOUT = 120.0  # seconds for the server to answer (a first start compiles a lot)


def free_port(host: str, port: int = 0) -> int:
    """`port` if nobody listens on it at `host` now (0: any such port)."""
    if not 0 <= port <= 65535:
        raise InputError("--port", "", f"expected a port from 0 to 65535, got {port}")
    try:
        socket.getaddrinfo(host, port, socket.AF_INET, socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise InputError(
            "--host", "", f"{host!r} is not an address to serve on: {reason}"
        ) from None
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server will
        try:
            s.bind((host, port))
        except OSError as exc:  # the address is not this machine's, or the port is taken
            option = "--host" if exc.errno == errno.EADDRNOTAVAIL else "--port"
            raise InputError(option, "", f"cannot serve on {host}:{port}: {exc.strerror}") from None
        return s.getsockname()[1]


def server_command(host: str, port: int) -> list[str]:
    """The command that serves the app (Solara's production server, no browser opened)."""
    return [
        sys.executable,
        "-m",
        "solara",
        "run",
        APP,
        "--host",
        host,
        "--port",
        str(port),
        "--production",
        "--no-open",
        "--no-check-version",
        "--log-level",
        "warning",
    ]


def server_environment(scenarios: Path, results: Path, first: str, calibration) -> dict:
    """The environment of the server: the folders and the first scenario (sim.dashboard reads
    them), the calibrated table in use, and Solara's usage telemetry off (a local app for
    analysts sends nothing anywhere)."""
    env = dict(os.environ)
    env[SCENARIOS_ENV] = str(scenarios.resolve())
    env[RESULTS_ENV] = str(results.resolve())
    env[FIRST_ENV] = first
    env["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] = "False"
    # Solara warns on every page served at 127.0.0.1 over http (its cookie falls back to lax)
    quiet = "ignore:Cookies with samesite=none require https"
    env["PYTHONWARNINGS"] = ",".join(filter(None, (env.get("PYTHONWARNINGS"), quiet)))
    if calibration:
        path = Path(calibration)  # a file, resolved for the server; else a table's name
        env[CALIBRATION_ENV] = str(path.resolve()) if path.exists() else calibration
    return env


def wait_until_listening(server: subprocess.Popen, host: str, port: int, timeout: float) -> None:
    """Return once the server accepts connections; raise if it stops or takes too long."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise InputError("dashboard", "", f"the server stopped (exit code {server.returncode})")
        try:
            with socket.create_connection((host, port), timeout=1.0):
                return
        except OSError:
            time.sleep(0.3)
    raise InputError("dashboard", "", f"the server did not answer within {timeout:.0f} s")


def cmd_dashboard(args: argparse.Namespace) -> int:
    if importlib.util.find_spec("solara") is None:
        raise InputError(
            "dashboard", "", 'needs Solara: pip install "negsim[dashboard]" (or ".[dashboard]")'
        )
    folder = args.settings.scenarios
    if not folder.is_dir():
        raise InputError(folder, "", "no scenarios folder (give --scenarios DIR)")
    first = find_by_name(args.scenario, folder).stem if args.scenario else ""
    port = free_port(args.host, args.port)
    env = server_environment(folder, Path(args.results), first, args.settings.calibration)
    stop_on_signals()
    server = subprocess.Popen(server_command(args.host, port), env=env)
    try:
        wait_until_listening(server, args.host, port, START_TIMEOUT)
        print(f"negsim dashboard: http://{args.host}:{port}/  (Ctrl-C stops it)", flush=True)
        return server.wait()
    except KeyboardInterrupt:
        print("negsim dashboard: stopped", file=sys.stderr)
        return 0
    finally:
        stop(server)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def stop_on_signals() -> None:
    """Ctrl-C (SIGINT) and SIGTERM both stop the server and the command, even where SIGINT was
    ignored on the way in (a command started in the background of a script)."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupt)


def stop(server: subprocess.Popen) -> None:
    """Stop the server: politely, then for good."""
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(5)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
