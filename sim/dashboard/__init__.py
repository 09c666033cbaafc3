"""The dashboard: a local Solara web app over the same scenarios, model and results folders as
the command line (`negsim dashboard`). Its pages watch one negotiation session by session
(`page_negotiation`), compare designs (`page_designs`) and predict a recorded vote
(`page_votes`); the data they show comes from `catalogue`, `session_view` and `comparison`,
which hold no Solara code."""
