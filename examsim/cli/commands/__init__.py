"""The `examsim` commands, grouped by what the candidate does: each `cmd_*` takes the parsed
arguments and returns the exit status (examsim.cli.parser wires them to their subcommands)."""
