"""The command line: click commands, thin over the run service."""
