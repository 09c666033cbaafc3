"""What each key of the scenario and experiment files means, for the generated references
(the schema checks the values; scenarios/README.md explains the mechanism at length)."""

ATTRIBUTES = {
    "position": "ideal point, 0-100 per issue (any subset of issues)",
    "salience": "how much it cares about each issue, 0-1 per issue, all issues, adding up to 1",
    "capability": "influence: weight in the compromise point, the chair's revisions and "
    "capability-weighted support (default 1: sovereign equality); in `[defaults]` also "
    '`"assessed"`: the UN scale of assessments in force on the scenario\'s date',
    "resolve": "readiness to object: objecting alone costs `objection_cost * (1 - resolve)`; "
    "1 objects to any loss and forces votes (default 0.5)",
    "flexibility": "concession under deadline pressure (default 0.5)",
    "band": "abstention band in votes: yes above it, no below minus it (default 0.02)",
    "calibrated": "start from the calibrated table (position, salience, band)",
    "name": "the UN regional group or bloc (`sim/data/blocs.toml`) the attributes apply to",
    "iso3": "the member state (ISO3)",
}

MEANINGS = {
    "": {
        "scenario": "what the scenario is and where its facts come from",
        "issue": "one entry per issue: its name and what 0 and 100 mean",
        "status_quo": "the reversion point if nothing is adopted, one value per issue",
        "zero_draft": "the text tabled in session 1 (else the chair's own proposal)",
        "members": "who takes part, who is absent, who sponsors the text",
        "defaults": "every delegation's starting attributes",
        "group": "attributes of a UN regional group (applied in file order)",
        "bloc": "attributes of a bloc (applied after the groups)",
        "delegation": "attributes of one member state (applied last)",
        "institution": "decision rule, deadline, agenda, chair and procedure costs",
        "noise": "per-run noise on positions and votes",
        "candidate": "elections only: the candidates",
        "expected": "the documented outcome, its tolerance and source",
        "experiment": "the experiment's name, base scenario, replications and seed",
        "designs": "named designs (below), crossed with the levers",
        "levers": "lever name = list of values; every combination is a design",
        "uncertainties": "uncertainty factors and how they are sampled",
    },
    "scenario": {
        "name": "identifier; names the results folder",
        "title": "a title",
        "description": "a one-line description (`negsim list`)",
        "date": "when it happened: YYYY, YYYY-MM or YYYY-MM-DD",
        "sources": "where the facts come from (at least one)",
        "notes": "modelling notes",
    },
    "members": {
        "include": '`"all"` (the 193) or a list of ISO3 codes (limited membership)',
        "absent": "ISO3 codes present in the body but absent (or not voting)",
    },
    "defaults": ATTRIBUTES,
    "group": ATTRIBUTES,
    "bloc": ATTRIBUTES,
    "delegation": ATTRIBUTES,
    "institution": {
        "rule": "the decision rule: `{ name = ..., <its parameters> }` (rules below)",
        "sessions": "number of formal sessions (the deadline)",
        "agenda": "the negotiable issues (default all); the others stay at the status quo",
        "chair": "how the chair drafts and revises the text (below)",
        "objection_cost": "cost of objecting alone, in utility units",
        "influence": "how far delegations move toward their partners each session",
    },
    "institution.chair": {
        "strategy": "how the chair drafts and revises (strategies below)",
        "iso3": "who chairs (labelled on the policy map)",
        "mandate": "the furthest (points) the chair moves from its opening text",
        "step": "the furthest a revision moves, as a share of the way to the blockers' demands",
        "summary": "before the deadline, move contested issues to a chair's summary",
    },
    "noise": {
        "position": "standard deviation (points) of the per-run jitter of ideal points",
        "vote": 'scale of the logistic vote shock, or `"calibrated"`',
    },
    "candidate": {
        "name": "the candidate",
        "iso3": "the nominating state",
        "position": "defaults to the nominating state's ideal point",
    },
    "expected": {
        "source": "where the documented outcome comes from",
        "adopted": "whether the text was adopted",
        "mode": "how: consensus, vote or none",
        "tally": "`{ yes, no, abstain }` of a recorded vote",
        "tally_tolerance": "tolerance per tally category",
        "text": "the documented text coded on the issue scales (any subset)",
        "text_tolerance": "tolerance on the text, in points",
        "chair_summary": "issues the documented outcome left to a chair's summary",
        "elected": "elections: who was elected (ISO3)",
        "votes": "elections: votes per candidate",
        "blank": "elections: blank ballots",
        "named_votes": "states the record names as voting yes, abstain or no",
    },
    "experiment": {
        "name": "identifier; names the results folder",
        "description": "what the experiment asks",
        "scenario": "the base scenario: a name, or a path beside the file",
        "replications": "runs per design and uncertainty sample",
        "seed": "master seed of the runs and the samples",
        "designs": "named designs (below), crossed with the levers",
    },
    "uncertainties": {
        "method": "factorial (a grid of levels), latin (Latin hypercube) or sobol (Saltelli)",
        "samples": "samples drawn (latin; sobol: base samples, a power of 2)",
        "factors": "factor name = levels (factorial) or [low, high] (latin, sobol)",
    },
}
