"""The one error a user sees for bad input: one line naming the file, the key and the fault."""


class InputError(Exception):
    """Bad user input (scenario, experiment, options); printed as one line, exit code 2."""

    def __init__(self, source: str, key: str, problem: str):
        self.source, self.key, self.problem = str(source), key, problem
        where = f"{self.source}: {key}" if key else self.source
        super().__init__(f"{where}: {problem}")
