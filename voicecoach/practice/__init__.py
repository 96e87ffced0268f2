"""The answer's life, without a UI: audio to analysis (``pipeline``, batch and ``live``), and
the check of a live report against the whole recording (``checking``)."""
