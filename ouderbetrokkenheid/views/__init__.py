"""Views of the parent-survey app, one module per page family; thin: forms validate, services write."""
