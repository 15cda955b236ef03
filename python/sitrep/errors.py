"""The exceptions of sitrep: one class per typed error code of the C++ libraries (sitrep/status.h).

Every class derives from Error, whose ``code`` is the code's name (``"invalid_argument"``, ...) and
``message`` the library's message; the classes also derive from the built-in exception that reads
the same (ValueError, LookupError, OSError, TimeoutError), so ``except ValueError`` works too.
"""


class Error(Exception):
    """A failed sitrep call: ``code`` (str) and ``message`` (str)."""

    code = "error"

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message

    def __str__(self):
        return self.message

    def __repr__(self):
        return f"{type(self).__name__}(code={self.code!r}, message={self.message!r})"


class InvalidArgumentError(Error, ValueError):
    """A bad query, option or value given by the caller (code ``invalid_argument``)."""


class ParseError(Error, ValueError):
    """Bad input data: an article record, a date (code ``parse_error``)."""


class NotFoundError(Error, LookupError):
    """A missing index, article or entity (code ``not_found``)."""


class StorageError(Error, OSError):
    """A read or write failure (code ``io_error``)."""


class IndexUnusableError(Error):
    """The index cannot be used: another schema, corruption, another writer's lock (code ``index_error``)."""


class LimitExceededError(Error):
    """A configured bound was hit: query length, clauses, page depth (code ``limit_exceeded``)."""


class TimeBudgetError(Error, TimeoutError):
    """The search took longer than its time budget and was stopped (code ``time_budget``)."""


_BY_CODE = {
    "invalid_argument": InvalidArgumentError,
    "parse_error": ParseError,
    "not_found": NotFoundError,
    "io_error": StorageError,
    "index_error": IndexUnusableError,
    "limit_exceeded": LimitExceededError,
    "time_budget": TimeBudgetError,
}


def error_class(code):
    """The exception class of an error code's name (Error for a code it does not know)."""
    return _BY_CODE.get(code, Error)
