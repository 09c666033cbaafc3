"""Every class of bad input ends in one line naming the file and key, exit 2, nothing written."""

from pathlib import Path

import pytest

import sim
from sim.cli import lookup, main

from .conftest import SCENARIOS

ROLLCALLS = Path(sim.__file__).parent / "data" / "ict_roll_calls_2018_2020.csv"

GOOD = """
[scenario]
name = "probe"
title = "Probe"
description = "a scenario for error tests"
sources = ["constructed"]

[[issue]]
name = "instrument"
low = "norms"
high = "treaty"

[[issue]]
name = "forum"
low = "PoA"
high = "OEWG"

[status_quo]
instrument = 0
forum = 50

[members]
include = ["USA", "RUS", "CHN", "FRA"]

[defaults]
position = { instrument = 10, forum = 20 }
salience = { instrument = 0.5, forum = 0.5 }

[[bloc]]
name = "P5"
resolve = 0.4

[[delegation]]
iso3 = "RUS"
position = { instrument = 90 }

[institution]
rule = { name = "consensus" }
sessions = 3
"""

RULE = 'rule = { name = "consensus" }\nsessions = 3\n'
TWO = '\n[[candidate]]\nname = "A"\niso3 = "USA"\n[[candidate]]\nname = "B"\niso3 = "RUS"\n'
DRAFT = '[zero_draft]\ninstrument = 50\nforum = 50\n[expected]\nsource = "x"\n'
ELECTION = 'rule = { name = "election" }\nsessions = 3\n' + TWO + '[expected]\nsource = "x"\n'

CASES = {
    "bad TOML": (("[scenario]", "[scenario"), "", "bad TOML"),
    "unknown key": (
        ("sessions = 3", "sessions = 3\nsesions = 4"),
        "institution.sesions",
        "unknown key",
    ),
    "missing key": (('title = "Probe"\n', ""), "scenario.title", "required key is missing"),
    "out of range": (
        ("instrument = 90 }", "instrument = 190 }"),
        "delegation[0].position.instrument",
        "less than or equal to 100",
    ),
    "negative sessions": (
        ("sessions = 3", "sessions = 0"),
        "institution.sessions",
        "greater than or equal to 1",
    ),
    "wrong type": (("sessions = 3", 'sessions = "three"'), "institution.sessions", "valid integer"),
    "unknown ISO3": (
        ('iso3 = "RUS"', 'iso3 = "RUX"'),
        "delegation[0].iso3",
        "unknown ISO3 code 'RUX'",
    ),
    "unknown member": (('"FRA"]', '"FRA", "XXX"]'), "members.include[4]", "unknown ISO3"),
    "duplicate member": (
        ('"FRA"]', '"FRA", "USA"]'),
        "members.include[4]",
        "duplicate delegation 'USA'",
    ),
    "duplicate delegation": (
        (
            '[[delegation]]\niso3 = "RUS"',
            '[[delegation]]\niso3 = "RUS"\n[[delegation]]\niso3 = "RUS"',
        ),
        "delegation[1].iso3",
        "duplicate delegation 'RUS'",
    ),
    "delegation not a member": (
        ('iso3 = "RUS"', 'iso3 = "GBR"'),
        "delegation[0].iso3",
        "not a member",
    ),
    "saliences do not add up": (
        (
            "salience = { instrument = 0.5, forum = 0.5 }",
            "salience = { instrument = 0.5, forum = 0.6 }",
        ),
        "defaults.salience",
        "add up to 1",
    ),
    "salience misses an issue": (
        ("salience = { instrument = 0.5, forum = 0.5 }", "salience = { instrument = 1.0 }"),
        "defaults.salience.forum",
        "missing",
    ),
    "unknown rule": (
        ('rule = { name = "consensus" }', 'rule = { name = "unanimity" }'),
        "institution.rule.name",
        "unknown rule 'unanimity'",
    ),
    "bad rule parameter": (
        ('rule = { name = "consensus" }', 'rule = { name = "consensus_minus_k", k = -2 }'),
        "institution.rule.k",
        "greater than or equal to 0",
    ),
    "unknown rule parameter": (
        ('rule = { name = "consensus" }', 'rule = { name = "majority", k = 2 }'),
        "institution.rule.k",
        "unknown parameter 'k' for rule 'majority' (its parameters: none)",
    ),
    "unknown bloc": (('name = "P5"', 'name = "G77"'), "bloc[0].name", "unknown bloc 'G77'"),
    "unknown issue in a position": (
        ("position = { instrument = 90 }", "position = { instrumnet = 90 }"),
        "delegation[0].position.instrumnet",
        "unknown issue",
    ),
    "status quo incomplete": (("forum = 50\n", ""), "status_quo.forum", "missing"),
    "unknown chair": (
        ("sessions = 3", 'sessions = 3\nchair = { strategy = "dictator" }'),
        "institution.chair.strategy",
        "unknown chair strategy",
    ),
    "unknown agenda issue": (
        ("sessions = 3", 'sessions = 3\nagenda = ["cyber"]'),
        "institution.agenda[0]",
        "unknown issue 'cyber'",
    ),
    "sponsor not a member": (
        (
            'include = ["USA", "RUS", "CHN", "FRA"]',
            'include = ["USA", "RUS", "CHN", "FRA"]\nsponsors = ["GBR"]',
        ),
        "members.sponsors[0]",
        "'GBR' is not a present member",
    ),
    "named vote without a resolution": (
        (
            "sessions = 3\n",
            'sessions = 3\n[expected]\nsource = "x"\nnamed_votes = { no = ["RUS"] }\n',
        ),
        "expected.named_votes",
        "needs the resolution voted on as [zero_draft]",
    ),
    "named vote of a state not taking part": (
        (
            "sessions = 3\n",
            'sessions = 3\n[zero_draft]\ninstrument = 50\nforum = 50\n[expected]\nsource = "x"\n'
            'named_votes = { no = ["RUS", "GBR"] }\n',
        ),
        "expected.named_votes.no[1]",
        "'GBR' is not a present member",
    ),
    "named votes without vote noise": (
        (
            "sessions = 3\n",
            'sessions = 3\n[zero_draft]\ninstrument = 50\nforum = 50\n[expected]\nsource = "x"\n'
            'named_votes = { no = ["RUS"] }\n',
        ),
        "noise.vote",
        "must be above 0 (or calibrated) to check named votes",
    ),
    "a state named for two votes": (
        (
            "sessions = 3\n",
            'sessions = 3\n[zero_draft]\ninstrument = 50\nforum = 50\n[expected]\nsource = "x"\n'
            'named_votes = { no = ["RUS"], yes = ["RUS"] }\n',
        ),
        "expected.named_votes.yes[0]",
        "'RUS' is named twice",
    ),
    "blank ballots outside an election": (
        ("sessions = 3\n", 'sessions = 3\n[expected]\nsource = "x"\nblank = 8\n'),
        "expected.blank",
        "blank ballots are counted in elections only",
    ),
    "election without candidates": (
        ('rule = { name = "consensus" }', 'rule = { name = "election" }'),
        "candidate",
        "1 seat(s) need at least 2 [[candidate]] (got 0)",
    ),
    "election with no more candidates than seats": (
        (RULE, 'rule = { name = "election", seats = 2 }\nsessions = 3\n' + TWO),
        "candidate",
        "2 seat(s) need at least 3 [[candidate]] (got 2)",
    ),
    "candidates outside an election": (
        ("sessions = 3\n", "sessions = 3\n" + TWO),
        "candidate",
        "only an election takes candidates (rule 'consensus')",
    ),
    "two candidates of one state": (
        (RULE, 'rule = { name = "election" }\nsessions = 3\n' + TWO.replace("RUS", "USA")),
        "candidate[1].iso3",
        "repeats 'USA'",
    ),
    "capability neither a number nor assessed": (
        ("[defaults]\n", '[defaults]\ncapability = "gdp"\n'),
        "defaults.capability",
        "expected a number or 'assessed' (got 'gdp')",
    ),
    "assessed capability without a date": (
        ("[defaults]\n", '[defaults]\ncapability = "assessed"\n'),
        "defaults.capability",
        "'assessed' needs [scenario] date",
    ),
    "vote noise neither a number nor calibrated": (
        ("sessions = 3\n", 'sessions = 3\n[noise]\nvote = "high"\n'),
        "noise.vote",
        "expected a number or 'calibrated' (got 'high')",
    ),
    "a date that is not in the calendar": (
        ('sources = ["constructed"]', 'date = "2021-13-12"\nsources = ["constructed"]'),
        "scenario.date",
        "expected a date: YYYY, YYYY-MM or YYYY-MM-DD (got '2021-13-12')",
    ),
    "nothing on the agenda": (
        ("sessions = 3\n", "sessions = 3\nagenda = []\n"),
        "institution.agenda",
        "at least 1 item",
    ),
    "an agenda issue repeated": (
        ("sessions = 3", 'sessions = 3\nagenda = ["forum", "instrument", "forum"]'),
        "institution.agenda[2]",
        "repeats 'forum'",
    ),
    "a tally count over the members": (
        (
            "sessions = 3\n",
            "sessions = 3\n" + DRAFT + "tally = { yes = 9200, no = 0, abstain = 0 }\n",
        ),
        "expected.tally.yes",
        "9200 votes, more than the 4 members",
    ),
    "a tally over the members": (
        ("sessions = 3\n", "sessions = 3\n" + DRAFT + "tally = { yes = 3, no = 1, abstain = 1 }\n"),
        "expected.tally",
        "yes + no + abstain add up to 5, more than the 4 members",
    ),
    "a candidate's votes over the members": (
        (RULE, ELECTION + "votes = { USA = 139000 }\n"),
        "expected.votes.USA",
        "139000 votes, more than the 4 members",
    ),
    "blank ballots over the members": (
        (RULE, ELECTION + "blank = 100000\n"),
        "expected.blank",
        "100000 blank ballots, more than the 4 members",
    ),
    "votes and blank ballots over the members": (
        (RULE, ELECTION + "votes = { USA = 3, RUS = 1 }\nblank = 1\n"),
        "expected.votes",
        "4 votes (1 per ballot at most) and 1 blank ballots take 5 ballots, more than the 4",
    ),
    "more elected than seats": (
        (RULE, ELECTION + 'elected = ["USA", "RUS"]\n'),
        "expected.elected",
        "name the one candidate elected (seats = 1), got 2",
    ),
    "nobody elected": (
        (RULE, ELECTION + "elected = []\n"),
        "expected.elected",
        "name the one candidate elected (seats = 1), got 0",
    ),
    "a candidate elected twice": (
        (RULE, ELECTION + 'elected = ["A", "USA"]\n'),
        "expected.elected",
        "names the candidate 'USA' twice",
    ),
    "elected outside an election": (
        ("sessions = 3\n", 'sessions = 3\n[expected]\nsource = "x"\nelected = []\n'),
        "expected.elected",
        "candidates elected are counted in elections only",
    ),
    "no position for some delegations": (
        ("position = { instrument = 10, forum = 20 }\n", ""),
        "defaults.position",
        "no position",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_scenario_is_one_clear_line(case, tmp_path, capsys):
    (old, new), key, fragment = CASES[case]
    assert old in GOOD
    path = tmp_path / "probe.toml"
    path.write_text(GOOD.replace(old, new, 1))
    out_dir = tmp_path / "results"
    code = main(["run", str(path), "--runs", "2", "--results", str(out_dir)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    assert str(path) in err and key in err and fragment in err, err
    assert not out_dir.exists()


def test_assessed_capability_outside_the_shipped_scales(tmp_path, capsys):
    path = tmp_path / "probe.toml"
    text = GOOD.replace("[defaults]\n", '[defaults]\ncapability = "assessed"\n')
    path.write_text(text.replace('sources = ["constructed"]', 'date = "2012-12"\nsources = ["x"]'))
    assert main(["run", str(path), "--results", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err
    assert "defaults.capability: no scale of assessments is shipped for 2012" in err, err


def test_the_good_probe_runs(tmp_path, capsys):
    path = tmp_path / "probe.toml"
    path.write_text(GOOD)
    assert main(["run", str(path), "--runs", "3", "--results", str(tmp_path / "r")]) == 0


@pytest.mark.parametrize(
    "argv,fragment",
    [
        (["--runs", "0"], "--runs"),
        (["--sessions", "0"], "--sessions"),
        (["--rule", "nope"], "unknown rule 'nope'"),
        (["--rule", "consensus_minus_k:k=x"], "not a number"),
        (["--rule", "majority:k=1"], "unknown parameter 'k' for rule 'majority'"),
        (["--rule", "consensus_then_vote:thresold=0.6"], "(its parameters: threshold)"),
        (["--rule", "election"], "does not fit"),
        (["--rule", "consensus_minus_k:k=1,k=2"], "--rule: k: given twice"),
        (["--rule", "consensus_minus_k:"], "--rule: a ':' or ',' without key=value after it"),
        (["--rule", "consensus_minus_k:k=1,"], "--rule: a ':' or ',' without key=value after it"),
        (["--workers", "0"], "--workers"),
        (["--scheduler", "no-port"], "no Dask scheduler answers"),
    ],
)
def test_bad_options_are_one_clear_line(argv, fragment, tmp_path, capsys):
    path = tmp_path / "probe.toml"
    path.write_text(GOOD)
    code = main(["run", str(path), "--results", str(tmp_path / "r"), *argv])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and fragment in err, err
    assert not (tmp_path / "r").exists()


def test_missing_scenario_is_one_line(tmp_path, capsys):
    code = main(["--scenarios", str(tmp_path), "run", "nowhere"])
    err = capsys.readouterr().err
    assert code == 2 and "no scenario named 'nowhere'" in err


@pytest.mark.parametrize("argv", [["run", "unga-73-27"], ["list"], ["validate"]])
def test_missing_scenarios_folder_says_where_to_look(argv, tmp_path, capsys, monkeypatch):
    # no scenarios came with the package, and none where it runs
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NEGSIM_SCENARIOS", raising=False)
    monkeypatch.setattr(lookup, "INSTALLED_SCENARIOS", tmp_path / "none")
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1, err
    assert "scenarios: " in err and "no such folder" in err and "--scenarios DIR" in err


@pytest.mark.parametrize("share", ["2", "0", "0,2", "-1", "nan", "inf"])
def test_bad_robustness_share_is_one_line(share, tmp_path, capsys):
    argv = ["--scenarios", str(SCENARIOS), "validate", "unga-73-27", "--robustness", share]
    code = main([*argv, "--out", str(tmp_path / "v")])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1, err
    assert f"--robustness: expected a share between 0 and 1 (exclusive), got '{share}'" in err
    assert not (tmp_path / "v").exists()


@pytest.mark.parametrize("twice", ["unga-73-27", str(SCENARIOS / "unga-73-27.toml")])
def test_validate_refuses_a_scenario_named_twice(twice, tmp_path, capsys):
    argv = ["--scenarios", str(SCENARIOS), "validate", "unga-73-27", twice, "--runs", "2"]
    code = main([*argv, "--out", str(tmp_path / "v")])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1, err
    assert f"{twice}: scenario named twice (each is validated once)" in err
    assert not (tmp_path / "v").exists()


@pytest.mark.parametrize("limit", ["0", "-5", "x"])
def test_a_bad_work_limit_in_the_environment_names_the_variable(
    limit, tmp_path, capsys, monkeypatch
):
    monkeypatch.setenv("NEGSIM_MAX_RUNS", limit)
    path = tmp_path / "probe.toml"
    path.write_text(GOOD)
    code = main(["run", str(path), "--runs", "2", "--results", str(tmp_path / "r")])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1, err
    assert f"NEGSIM_MAX_RUNS: expected a whole number >= 1, got '{limit}'" in err
    assert str(path) not in err and not (tmp_path / "r").exists()


LIKE = """
[scenario]
name = "probe-like"
title = "Probe like"
description = "a text like a recorded roll call"
date = "2021-12-06"
sources = ["constructed"]

[zero_draft]
like = "A/RES/75/240"

[expected]
source = "x"
"""


@pytest.mark.parametrize(
    "expected, key, problem",
    [
        (
            "tally = { yes = 100000, no = 0, abstain = 0 }",
            "expected.tally.yes",
            "more than the 193",
        ),
        ("tally = { yes = 100, no = 60, abstain = 40 }", "expected.tally", "add up to 200"),
        ("blank = 3", "expected.blank", "counted in elections only"),
        ('elected = ["USA"]', "expected.elected", "counted in elections only"),
    ],
)
def test_a_like_scenario_refuses_an_impossible_outcome(expected, key, problem, tmp_path, capsys):
    path = tmp_path / "like.toml"
    path.write_text(LIKE + expected + "\n")
    out = tmp_path / "p.csv"
    assert main(["predict", str(path), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"{path}: {key}: " in err and problem in err, err
    assert not out.exists()


@pytest.mark.parametrize(
    "argv,fragment",
    [
        (["--chunk", "0"], "--chunk"),
        (["--resume"], "name the folder to resume"),
        (["--scheduler", "no-port"], "no Dask scheduler answers"),
    ],
)
def test_bad_validate_execution_options_are_one_line(argv, fragment, tmp_path, capsys):
    argv = ["validate", "unga-73-27", "--results", str(tmp_path / "r"), *argv]
    code = main(["--scenarios", str(SCENARIOS), *argv])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and fragment in err, err
    assert not (tmp_path / "r").exists()


def _damage_manifest(folder):
    (folder / "manifest.json").write_text("{kind")
    return folder / "manifest.json", "not valid JSON"


def _damage_part(folder):
    part = min((folder / "runs.parquet").glob("part-*.parquet"))
    part.write_bytes(b"not parquet")
    return part, "damaged or replaced: its SHA-256 differs from the one in manifest.json"


def _unfinished_validation(folder):
    manifest = folder / "manifest.json"
    manifest.write_text(manifest.read_text().replace('"kind": "run"', '"kind": "validate"'))
    return folder / "expected.json", "the validation did not finish"


@pytest.mark.parametrize("damage", [_damage_manifest, _damage_part, _unfinished_validation])
def test_a_damaged_results_folder_is_one_line(damage, tmp_path, capsys):
    path = tmp_path / "probe.toml"
    path.write_text(GOOD)
    folder = tmp_path / "r"
    assert main(["run", str(path), "--runs", "2", "--quiet", "--out", str(folder)]) == 0
    culprit, fragment = damage(folder)
    capsys.readouterr()
    assert main(["plot", str(folder)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"{culprit}: " in err and fragment in err, err
    assert not (folder / "figures").exists()


@pytest.mark.parametrize("seed", ["-1", "x", "1.5"])
def test_a_seed_numpy_cannot_take_is_refused_before_anything_runs(seed, tmp_path, capsys):
    path = tmp_path / "probe.toml"
    path.write_text(GOOD)
    with pytest.raises(SystemExit) as exit_:
        main(["run", str(path), "--results", str(tmp_path / "r"), "--seed", seed])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and "argument --seed: expected a whole number >= 0" in err
    assert "Traceback" not in err and not (tmp_path / "r").exists()


@pytest.mark.parametrize(
    "command",
    [
        ["run", "{probe}", "--runs", "2", "--out", "{out}"],
        ["predict", "unga-73-27", "--out", "{out}/p.csv"],
        ["plot", "{results}", "--out", "{out}"],
    ],
)
def test_an_output_place_that_cannot_be_written_is_one_line(command, tmp_path, capsys):
    probe, results = tmp_path / "probe.toml", tmp_path / "results"
    probe.write_text(GOOD)
    assert main(["run", str(probe), "--runs", "2", "--quiet", "--out", str(results)]) == 0
    blocker = tmp_path / "a-file"
    blocker.write_text("")  # a folder cannot be made under a file, whoever runs the test
    out = blocker / "sub"
    argv = [a.format(probe=probe, results=results, out=out) for a in command]
    capsys.readouterr()
    assert main(["--scenarios", str(SCENARIOS), *argv]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(out) in err and "cannot write here" in err, err


def test_a_scenario_that_is_not_utf8_is_one_line(tmp_path, capsys):
    path = tmp_path / "latin1.toml"
    path.write_bytes(GOOD.replace("Probe", "Probé").encode("latin-1"))
    assert main(["run", str(path), "--results", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"{path}: bad TOML: 'utf-8' codec can't decode" in err, err


@pytest.mark.parametrize("mode", [[], ["--leave-one-out"]])
def test_calibrate_refuses_an_unwritable_out_before_it_fits(mode, tmp_path, capsys, monkeypatch):
    import sim.estimation.calibrate
    import sim.estimation.crossval

    def never(*args, **kwargs):
        raise AssertionError("fitted before checking --out")

    monkeypatch.setattr(sim.estimation.calibrate, "calibrate", never)
    monkeypatch.setattr(sim.estimation.crossval, "leave_one_out", never)
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    for out in (blocker / "sub" / "cal.csv", tmp_path):  # under a file; a folder
        assert main(["calibrate", str(ROLLCALLS), "--out", str(out), *mode]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and str(out) in err, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]  # nothing written


@pytest.mark.parametrize(
    "argv, message",
    [
        (["sweep", "unga-73-27", "--set", "sessions=3,0"], "--set: sessions: 0 is outside 1..1000"),
        (["sweep", "unga-73-27", "--set", "quorum=3"], "--set: quorum: unknown lever"),
        (["sweep", "unga-73-27", "--set", "rule"], "--set: rule: expected LEVER=value"),
        (["compare", "unga-73-27", "--rules", ","], "--rules: give at least one value"),
        (["compare", "unga-73-27", "--rules", "majority,unanimous"], "--rules: unknown rule"),
        (["sweep", "unga-73-27", "--set", "rule=majority,majority"], "repeats 'majority'"),
        (["compare", "unga-73-27", "--rules", "majority,consensus,majority"], "repeats"),
    ],
)
def test_a_bad_lever_on_the_command_line_names_the_option(argv, message, tmp_path, capsys):
    out = tmp_path / "r"
    assert main(["--scenarios", str(SCENARIOS), *argv, "--quiet", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and ".toml" not in err, err
    assert not out.exists()


POINTS = Path(sim.__file__).parent / "data" / "rollcall_points.toml"
FIRST_POINT = "proposal = { instrument = 55, forum = 90, capacity = 40, cybercrime = 20 }"


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("[status_quo]", "[statusquo]", "status_quo: required key is missing"),
        ('date = "2018-12-05"', 'date = "2018-12-32"', "points.A/RES/73/27.date: expected a date"),
        (FIRST_POINT, FIRST_POINT.replace(", cybercrime = 20", ""), "no value for cybercrime"),
        (FIRST_POINT, FIRST_POINT.replace("= 55", "= 155"), "proposal.instrument: input should"),
        (FIRST_POINT, FIRST_POINT.replace("cybercrime", "cyber"), "proposal: no value for cyber"),
        ('sponsor = "Russian Federation"', "", "points.A/RES/73/27.sponsor: required key"),
        ("[status_quo]", "[status_quo", "bad TOML"),
    ],
)
def test_a_bad_roll_call_points_file_is_one_line(old, new, message, tmp_path, capsys):
    text = POINTS.read_text()
    assert old in text
    points = tmp_path / "points.toml"
    points.write_text(text.replace(old, new, 1))
    out = tmp_path / "cal.csv"
    argv = ["calibrate", str(ROLLCALLS), "--points", str(points), "--out", str(out)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"{points}: " in err and message in err, err
    assert not out.exists()


@pytest.mark.parametrize("mode", [["--leave-one-out"], ["--leave-one-out", "--jitter", "5"]])
def test_leave_one_out_refuses_a_single_roll_call(mode, tmp_path, capsys):
    lines = ROLLCALLS.read_text(encoding="utf-8").splitlines()
    one = tmp_path / "one.csv"
    one.write_text("\n".join(",".join(line.split(",")[:2]) for line in lines) + "\n")
    assert main(["calibrate", str(one), *mode]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"{one}: header:" in err and "two roll calls" in err, err
