"""The follow-up domain: perspectives, org tree, calendar, roll-up, services."""
