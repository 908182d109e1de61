"""``python -m essaylens`` runs the CLI."""

from .cli import main

main()
