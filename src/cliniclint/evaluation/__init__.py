"""Measuring the packs: rule examples, labelled sentences and pages."""
