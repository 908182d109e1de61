"""Training and evaluation recipes for the shipped models (``make train``, ``make eval``)."""
