"""The dashboard: a local Solara web app over the same scenarios, model and results folders as
the command line (`negsim dashboard`). Its pages watch one negotiation session by session
(`negotiation`), compare designs (`designs`) and predict a recorded vote (`votes`); the pure
data functions live in `catalogue`, `session_view` and `comparison`, the Solara components in
`app` and the `page_*` modules."""
