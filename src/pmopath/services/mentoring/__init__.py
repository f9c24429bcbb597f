"""Mentoring and coaching: offers to mentor, matching mentees to mentors, relationships with
goals, sessions and an end review."""
