"""Development plans: drafts and suggestions, the submit-agree workflow, check-ins and reviews,
versions, notifications, reminders and e-mail digests."""
