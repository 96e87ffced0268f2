"""Text shared by the CLI and the UI: the report on one answer and the mock interview's report."""
