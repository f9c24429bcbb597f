"""The demo organisation, seeded into an empty store for a first look."""
