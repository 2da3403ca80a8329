"""Language data: the word tables of each language the engine reads."""
