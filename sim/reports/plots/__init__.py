"""Figures from a results folder, one module per figure. Each figure has a data function
(tested) and a plot function that takes that data and returns the Figure; `save` writes PNG and
SVG, and `sim.reports.figures.write_figures` decides which figures a folder gets."""

from sim.reports.compare import on_agenda  # noqa: F401
from sim.reports.plots.adoption import adoption_data, documented_adoption_data, plot_adoption  # noqa: F401
from sim.reports.plots.benchmark import benchmark_data, plot_benchmark  # noqa: F401
from sim.reports.plots.checks import UNITS, _label_spots, _spaced, check_data, plot_checks  # noqa: F401
from sim.reports.plots.common import (  # noqa: F401
    DESIGN_COLOUR,
    GROUP_COLOURS,
    P5,
    THIN,
    THIN_NOTE,
    context,
    end_labels,
    legend_below,
    save,
    titled,
)
from sim.reports.plots.factors import FIGURE_BINS, factor_bin_data, plot_factor_bins  # noqa: F401
from sim.reports.plots.heatmap import GRID_LEVELS, heatmap_data, plot_heatmap, swept_columns  # noqa: F401
from sim.reports.plots.moved import MOVED, moved_data, plot_moved  # noqa: F401
from sim.reports.plots.objections import MODES, objection_data, plot_objections  # noqa: F401
from sim.reports.plots.outcomes import issue_labels, outcome_data, plot_outcomes  # noqa: F401
from sim.reports.plots.policy_map import PANELS, map_axes, plot_policy_map, policy_map_data  # noqa: F401
from sim.reports.plots.robustness import BREAKS, HOLDS, MENDS, plot_robustness, robustness_data  # noqa: F401
from sim.reports.plots.sensitivity import plot_sensitivity  # noqa: F401
from sim.reports.plots.tallies import plot_tallies, tally_data  # noqa: F401
from sim.reports.plots.trajectories import PANEL_ROWS, plot_trajectories, trajectory_data  # noqa: F401
