"""Search: Chinese full-text search over what the other modules register (core.hooks)."""
