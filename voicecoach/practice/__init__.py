"""The answer's life, without a UI: audio to analysis (``pipeline``, batch and ``live``), the
check of a live report against the whole recording (``checking``), and the practice session that
runs them (``session``) with its injected services and the store's protocol (``services``)."""
