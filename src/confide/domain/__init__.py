"""Entities, value objects and pure rules. Imports the standard library only."""
