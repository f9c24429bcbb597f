"""The use cases, one package per capability, each running through the ports in ``ports``.

Packages, from the bottom up (import-linter keeps this order; a package imports only those
below it, and packages on one line are independent of each other):

* ``ports``: what services need from the world (the store and its unit of work, repositories,
  readers of uploaded files, the MILP solver, documents, mail, calendars, password hashing).
  The numeric rules (readiness, expected months, path search) are not ports: they are
  ``pmopath.engine``, pure computation the services call directly.
* ``careers``: the framework and its roles, paths between them, gaps and readiness.
* ``people``: stored people, who may see whom, assessments, evidence, credentials, imports.
* ``accounts`` | ``optimiser``: sign-in, sessions and tokens | plan generation as a MILP.
* ``plans``: development plans, their workflow, reviews, versions, notifications, reminders.
* ``insight``: the pages' read models (home, team, profile, levels across the organisation).
* ``exports``: PDFs and CSV (a readiness pack shows the profile).
* ``demo``: the demo organisation, which touches every capability.

See docs/architecture.md for where a new feature's files go.
"""
