"""The composition root: the one place that turns settings into adapters and hands them to the
services. Nothing else reads the environment or builds an adapter.

* ``container``: this process's adapters (the MILP solver, PDFs, calendars, mail, password
  hashing, file readers), each built on first use from the settings, read once.
* ``database``: opening a store (creating and migrating the database on first use), backups.
* ``web``: what one server process holds (pools, the secret, the current framework).
* ``secret_key``: the policy for the key that signs CSRF tokens.
* ``files``: the files the CLI and the Python API name: frameworks, assessments, CSVs, schemas.

Import the module you need (``from pmopath.bootstrap.database import open_store``): each loads
only what it uses, so a command that needs no database never loads SQLAlchemy.
"""
