"""The dashboard app (`solara run sim.dashboard.app`; `negsim dashboard` starts it): three
pages under tabs in the app bar; each page's choices are in the sidebar."""

import solara
import solara.lab

from sim.dashboard.page_designs import CompareDesigns
from sim.dashboard.page_negotiation import Negotiation
from sim.dashboard.page_votes import PredictVote

PAGES = (
    ("One negotiation", Negotiation),
    ("Compare designs", CompareDesigns),
    ("Predict a vote", PredictVote),
)
page = solara.reactive(0)


@solara.component
def Page():
    """The tabs and the page chosen."""
    solara.Title("negsim dashboard")
    with solara.AppBar():
        with solara.lab.Tabs(value=page, align="center", dark=True):
            for label, _ in PAGES:
                solara.lab.Tab(label)
    PAGES[page.value][1]()
