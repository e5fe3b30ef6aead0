"""`python -m kg` runs the CLI."""
from .cli import main

raise SystemExit(main())
