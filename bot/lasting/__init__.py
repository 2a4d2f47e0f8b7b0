"""Mentoring that lasts: a mentoring team per mentee, fit checks, outcome surveys."""
