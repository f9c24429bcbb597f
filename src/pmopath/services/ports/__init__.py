"""The ports: the store every use case runs through, and each outside thing behind a Protocol."""
