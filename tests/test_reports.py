"""Reports for people: the comparison's paired statistics, and text tables that stay aligned."""

import numpy as np
import pandas as pd

from sim.experiments.runner import run_replications
from sim.inputs.scenario_file import resolve
from sim.reports.compare import design_table, paired_differences, paired_proportion_interval
from sim.reports.summary import format_summary, summarise
from sim.reports.tables import format_comparison, p_value
from sim.testing import tiny_scenario


def _runs(adopted_b: list[bool], ambition_b: list[float]) -> pd.DataFrame:
    """Two designs on the same seeds: 'a' always adopts at ambition 10, 'b' as given."""
    n = len(adopted_b)
    common = {"run": np.arange(n), "mode": "consensus", "session": 1.0}
    a = pd.DataFrame({**common, "design": "a", "adopted": True, "ambition": 10.0})
    b = pd.DataFrame({**common, "design": "b", "adopted": adopted_b, "ambition": ambition_b})
    runs = pd.concat([a, b], ignore_index=True)
    return runs.assign(
        support_share=0.5, capability_support=0.5, sessions_held=1, objectors="", yes=0
    )


def test_paired_differences_count_discordant_pairs():
    runs = _runs([True, False, False, True], [10.0, 0.0, 0.0, 12.0])
    row = paired_differences(runs).iloc[0]
    assert (row.only_versus_adopted, row.only_design_adopted) == (2, 0)
    assert row.adoption_difference == -0.5
    assert row.ambition_difference == -4.5


def test_certain_designs_keep_the_table_columns_apart():
    n = 20_000  # enough for the interval's lower end to round to 100.0 %: the widest cell
    runs = _runs([True] * n, list(np.linspace(20.0, 21.0, n)))
    runs.loc[runs["design"] == "a", "ambition"] = np.linspace(10.0, 11.0, n)
    text = format_comparison(design_table(runs), paired_differences(runs))
    row = next(line for line in text.splitlines() if line.startswith("b "))
    assert "100.0% (100.0%-100.0%) 100%/0%/0%" in row
    # ambition differs by exactly 10 in every pair: the t-test's p underflows to 0
    assert "paired t p<1e-300" in text


def test_a_design_that_never_adopts_has_no_sessions_to_adoption():
    runs = _runs([False] * 4, [0.0] * 4)
    table = design_table(runs)
    assert np.isnan(table.set_index("design").loc["b", "sessions_to_adoption"])
    row = next(
        line
        for line in format_comparison(table, paired_differences(runs)).splitlines()
        if line.startswith("b ")
    )
    assert "nan" not in row and row.endswith("        -")


def test_the_mean_adopted_text_of_each_design_is_reported_except_in_elections():
    runs = _runs([True, False, True, False], [10.0, 0.0, 12.0, 0.0])
    # 'a' adopts 20 then 40; 'b' adopts 30 twice, and its unadopted drafts (90) do not count
    runs["text_forum"] = [20.0, 40.0, 20.0, 40.0, 30.0, 90.0, 30.0, 90.0]
    table = design_table(runs).set_index("design")
    assert table["text_forum"].tolist() == [30.0, 30.0]
    never = design_table(_runs([False] * 2, [0.0] * 2).assign(text_forum=50.0))
    text = format_comparison(never, paired_differences(_runs([False] * 2, [0.0] * 2)))
    block = text.split("mean adopted text")[1].splitlines()
    assert block[1].split() == ["design", "forum"]
    assert block[3].split() == ["a", "50.0"] and block[4].split() == ["b", "-"]
    election = runs.assign(elected="USA")
    assert "text_forum" not in design_table(election)
    assert "mean adopted text" not in format_comparison(
        design_table(election), paired_differences(election)
    )


def test_the_adopted_text_leaves_out_issues_off_every_design_agenda():
    runs = _runs([True] * 2, [10.0] * 2).assign(text_forum=40.0, text_capacity=20.0)
    runs["agenda"] = ["forum", "forum", "forum", "forum capacity"]
    assert {"text_forum", "text_capacity"} <= set(design_table(runs))  # capacity: one run
    runs["agenda"] = "forum"
    table = design_table(runs)
    assert "text_forum" in table and "text_capacity" not in table
    assert "capacity" not in format_comparison(table, paired_differences(runs))


def test_p_values_read_as_people_expect():
    assert p_value(0.0) == "p<1e-300"
    assert p_value(0.04321) == "p=0.0432"
    assert p_value(1.0) == "p=1"


def test_the_same_difference_in_every_pair_is_certain_not_null():
    shifted = paired_differences(_runs([True] * 4, [15.0] * 4)).iloc[0]
    assert shifted.ambition_difference == 5.0
    assert shifted.paired_t_p == 0.0
    same = paired_differences(_runs([True] * 4, [10.0] * 4)).iloc[0]
    assert same.paired_t_p == 1.0


def test_text_tables_keep_long_names_in_their_column():
    from sim.reports.robustness import format_robustness

    table = pd.DataFrame(
        {
            "scenario": ["itu-2022-deputy-secretary-general", "gge"],
            "check": ["elected", "mode"],
            "passed": [False, True],
            "holds": ["18/18", "14/14"],
            "robust": [True, True],
            "flipped_by": ["", "resolve +20%"],
        }
    )
    lines = format_robustness(table, 0.2).splitlines()
    assert lines[2].split() == [
        "itu-2022-deputy-secretary-general",
        "elected",
        "FAIL",
        "18/18",
        "-",
    ]
    assert lines[3].index("mode") == lines[2].index("elected") == lines[0].index("check")


def test_long_design_labels_are_not_cut_off():
    # a sweep over three levers: the labels differ only after the 40th character
    runs = _runs([True] * 4, [12.0] * 4)
    long = "rule=consensus_then_vote:threshold=0.6667 sessions=2 mandate="
    runs["design"] = runs["design"].map({"a": long + "10", "b": long + "25"})
    lines = format_comparison(design_table(runs), paired_differences(runs)).splitlines()
    # too long for the column: each name on a line of its own, above its row
    assert lines[1] == long + "10" and lines[3] == long + "25"
    assert lines[0].index("runs") + len("runs") == lines[2].index(" 4 ") + 2  # right-aligned
    assert any(line.startswith(f"  {long}25 (4 pairs)") for line in lines)
    assert max(len(line) for line in lines) <= 100


def test_stances_without_a_vote_are_not_reported_as_a_vote_tally():
    # Two delegations gain, one (at the status quo) loses and objects: under consensus the
    # text falls without a vote; under majority it is voted through 2-1.
    def runs(rule):
        scenario = resolve(tiny_scenario(ideals=(60.0, 70.0, 0.0), rule=rule, sessions=1), "t")
        return scenario, run_replications(scenario, 4)

    scenario, by_consensus = runs("consensus")
    _, by_vote = runs("majority")
    assert not by_consensus["voted"].any() and by_vote["voted"].all()
    s = summarise(pd.concat([by_consensus, by_vote], ignore_index=True), scenario)
    assert s["vote_share"] == 0.5
    assert s["mean_tally"] == {"yes": 2.0, "no": 1.0, "abstain": 0.0, "absent": 0.0}
    assert s["mean_stances"] == {"support": 2.0, "object": 1.0, "accept": 0.0, "absent": 0.0}
    text = format_summary(s)
    assert "mean tally y-n-a (abs)    2-1-0 (0), 50% of runs" in text
    assert "stances sup-obj-acc (abs) 2-1-0 (0), 50% of runs" in text
    only_consensus = format_summary(summarise(by_consensus, scenario))
    assert "stances sup-obj-acc (abs) 2-1-0 (0)\n" in only_consensus
    assert "tally" not in only_consensus


def test_a_small_certain_ambition_shift_does_not_read_as_zero():
    runs = _runs([True] * 4, [9.997, 9.997, 9.997, 9.9971])
    line = format_comparison(design_table(runs), paired_differences(runs)).splitlines()[-1]
    assert "ambition -0.0030 [-0.0031, -0.0029] (paired t p=1.31e-06)" in line, line
    wide = _runs([True] * 4, [15.0, 15.0, 15.0, 15.2])
    assert "ambition +5.0 [" in format_comparison(design_table(wide), paired_differences(wide))


def test_a_camp_objecting_in_every_run_is_counted_not_cut_at_the_first_names():
    camp = " ".join(f"S{i:02d}" for i in range(40))
    runs = _runs([False] * 4, [0.0] * 4).assign(objectors=f"RUS {camp}")
    runs.loc[runs["design"] == "a", "objectors"] = "RUS"
    table = design_table(runs).set_index("design")["top_objectors"]
    assert table["a"] == "RUS 100%"
    assert table["b"] == "RUS 100%, S00 100%, S01 100% and 38 more at 100%"


def test_states_one_run_behind_the_first_names_are_counted_not_dropped():
    runs = _runs([False] * 4, [0.0] * 4).assign(objectors="ALB AND SMR USA DEU")
    runs.loc[runs.index[-1], "objectors"] = "ALB AND SMR"  # USA, DEU: one run fewer
    table = design_table(runs).set_index("design")["top_objectors"]
    assert table["b"] == "ALB 100%, AND 100%, SMR 100% and 2 more at 75%"


def test_paired_adoption_interval_covers_and_does_not_collapse():
    # no discordant pair (common random numbers): an interval, not a point
    low, high = paired_proportion_interval(25, 0, 0, 50)
    assert low < 0 < high and abs(high - 3.84 / 53.84) < 1e-3
    rng = np.random.default_rng(1)
    probs, n, covered = [0.7, 0.05, 0.15, 0.1], 60, 0
    for _ in range(400):
        both, first, second, _neither = rng.multinomial(n, probs)
        low, high = paired_proportion_interval(both, first, second, n)
        covered += low <= 0.10 <= high
    assert covered / 400 > 0.92


def test_the_comparison_reports_an_adoption_interval_within_100_columns():
    runs = _runs([True, False, False, True], [10.0, 0.0, 0.0, 12.0])
    paired = paired_differences(runs)
    low, high = paired.iloc[0]["adoption_ci"]
    assert low < -0.5 < high
    text = format_comparison(design_table(runs), paired)
    assert f"adoption -50.0% [{low:+.1%}, {high:+.1%}]" in text
    assert max(len(line) for line in text.splitlines()) <= 100


def test_a_twelve_design_report_fits_100_columns():
    from sim.reports.compare import factor_bins, format_factor_bins

    rng = np.random.default_rng(0)
    names = [f"rule=consensus_minus_k:k=5 sessions={i} mandate=25" for i in range(12)]
    one = _runs([True] * 50, [10.0] * 50)
    one = one[one["design"] == "a"]
    runs = pd.concat([one.assign(design=name) for name in names], ignore_index=True)
    runs = runs.assign(
        adopted=rng.random(len(runs)) < 0.5,
        u_x=np.tile(rng.uniform(0, 1, 50), 12),
        text_forum=40.0,
        text_capacity=20.0,
    )
    text = format_comparison(design_table(runs), paired_differences(runs))
    text += "\n" + format_factor_bins(factor_bins(runs))
    assert max(len(line) for line in text.splitlines()) <= 100
    assert "(1) 0." in text  # the bins table turned round, its columns numbered
