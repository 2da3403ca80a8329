"""Fuzzing cliniclint: strategies, checks and targets shared by the CI property tests
(``tests/test_fuzz.py``) and the long campaign (``python -m tests.fuzz``)."""
