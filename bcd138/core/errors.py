"""The one application error type.

Services raise `DomainError` for a user's mistake or a broken business rule; the
API turns it into a 4xx JSON body, views into a form error, commands into
`CommandError`. Nothing a user can type should end in a 500.
"""


class DomainError(Exception):
    def __init__(self, message: str, code: str = "invalid", status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status

    def __str__(self) -> str:
        return str(self.message)
