from examsim.cli import entry

entry()
