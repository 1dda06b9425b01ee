"""Domain errors, distinct from permission errors (django.core.exceptions.PermissionDenied)."""


class InvalidTransition(Exception):
    """The object is not in a state that allows this action."""


class InvalidInput(ValueError):
    """Input an action refuses; `field` names the form field the message belongs next to."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
