"""Stakeholder feedback by link: requests to named people, single-use expiring links, responses
shown aggregated and unattributed from a threshold, reminders, withdrawal, responses as evidence."""
