"""``python -m rfp_assistant`` runs the command line."""

from rfp_assistant.cli import main

main()
