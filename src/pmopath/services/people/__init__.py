"""People: stored records, who may reach whom, assessments, evidence, held credentials, CSV
imports and data-subject requests."""
