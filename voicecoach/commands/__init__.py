"""One module per `voicecoach` subcommand; each exposes ``register(subparsers, common)``."""
