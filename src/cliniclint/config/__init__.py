"""A project's configuration: files, their schema and values."""
