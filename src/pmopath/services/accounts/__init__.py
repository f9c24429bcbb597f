"""Accounts: adding and changing them, sign-in with throttling, sessions, API tokens, admin."""
