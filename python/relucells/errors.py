"""The exceptions of relucells.

Every function of the C library that can fail returns a status and a
one-line message naming the place of the fault (``net.nnet:12: expected 50
weights, found 49``).  The binding raises that message, unchanged, as an
exception whose class follows the status:

==================  ===================  ==================================
status              exception            also an instance of
==================  ===================  ==================================
RC_ERR_IO           FileError            OSError
RC_ERR_PARSE        ParseError           ValueError
RC_ERR_NOMEM        OutOfMemoryError     MemoryError
RC_ERR_ARG          ArgumentError        ValueError
RC_ERR_LP           LPError
RC_ERR_LIMIT        LimitError
RC_ERR_NUMERIC      NumericError         ArithmeticError
RC_ERR_STOPPED      StoppedError
==================  ===================  ==================================

All derive from :class:`Error`.  A limit (``max_regions``, ``time_limit``)
or a stop leaves a partial, correct result: :class:`LimitError` and
:class:`StoppedError` carry it in their ``result`` attribute: the partial
:class:`Partition` (also ``partition``; ``None`` for a stream, whose
regions have already been handed over), :class:`Path` (the break points
found, in order) or :class:`PathStats` (the paths finished).
"""

__all__ = [
    "Error", "FileError", "ParseError", "OutOfMemoryError", "ArgumentError",
    "LPError", "LimitError", "NumericError", "StoppedError",
]

# The library's status codes (relucells/status.h).
RC_OK = 0
RC_ERR_IO = -1
RC_ERR_PARSE = -2
RC_ERR_NOMEM = -3
RC_ERR_ARG = -4
RC_ERR_LP = -5
RC_ERR_LIMIT = -6
RC_ERR_NUMERIC = -7
RC_ERR_STOPPED = -8


class Error(Exception):
    """An error reported by librelucells.

    ``str(e)`` is the library's one-line message; ``e.status`` its status
    code (a negative ``RC_ERR_*`` value of relucells/status.h).
    """

    status = None

    def __init__(self, message, status=None):
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status

    def __str__(self):
        return self.message


class FileError(Error, OSError):
    """A file could not be opened, read or written (RC_ERR_IO)."""
    status = RC_ERR_IO


class ParseError(Error, ValueError):
    """Malformed input; the message names the file and line or ONNX node
    (RC_ERR_PARSE)."""
    status = RC_ERR_PARSE


class OutOfMemoryError(Error, MemoryError):
    """An allocation failed or a size is too large (RC_ERR_NOMEM)."""
    status = RC_ERR_NOMEM


class ArgumentError(Error, ValueError):
    """An argument is out of range or inconsistent (RC_ERR_ARG)."""
    status = RC_ERR_ARG


class LPError(Error):
    """The LP solver failed (RC_ERR_LP)."""
    status = RC_ERR_LP


class LimitError(Error):
    """A limit (``max_regions``, ``max_breakpoints`` or ``time_limit``) was
    reached (RC_ERR_LIMIT).

    ``result`` holds the partial result, complete and correct as far as it
    goes, with ``complete`` False: the partition of :meth:`Net.enumerate`
    (also in ``partition``), the path of :meth:`Net.path`, the statistics
    of :meth:`Net.paths`.
    """
    status = RC_ERR_LIMIT

    def __init__(self, message, status=None, partition=None, result=None):
        super().__init__(message, status)
        self.partition = partition
        self.result = result if result is not None else partition


class NumericError(Error, ArithmeticError):
    """The computation became numerically unreliable (RC_ERR_NUMERIC)."""
    status = RC_ERR_NUMERIC


class StoppedError(Error):
    """The computation was stopped on request (RC_ERR_STOPPED);
    ``result`` (and for an enumeration ``partition``) holds the partial
    result as for :class:`LimitError`."""
    status = RC_ERR_STOPPED

    def __init__(self, message, status=None, partition=None, result=None):
        super().__init__(message, status)
        self.partition = partition
        self.result = result if result is not None else partition


_BY_STATUS = {
    RC_ERR_IO: FileError,
    RC_ERR_PARSE: ParseError,
    RC_ERR_NOMEM: OutOfMemoryError,
    RC_ERR_ARG: ArgumentError,
    RC_ERR_LP: LPError,
    RC_ERR_LIMIT: LimitError,
    RC_ERR_NUMERIC: NumericError,
    RC_ERR_STOPPED: StoppedError,
}


def error_for(status, message):
    """The exception for a library status and message."""
    return _BY_STATUS.get(status, Error)(message, status)
