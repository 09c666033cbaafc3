"""Reading the world: scenario files and their schema, member states and blocs, calibrated
tables, the UN voting record, settings."""
