"""What happens to a document's findings after linting: inline suppressions,
fingerprints and the baseline, and fixes planned (not written)."""
