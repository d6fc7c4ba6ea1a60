"""``Lazy[T]``: a value computed on the first ``.get()``; and ``lazy_api``, which gives a function a
``.lazy(...)`` twin that returns a ``Lazy`` instead of the value."""

import functools
import typing

__all__ = ["Lazy", "lazy_api"]

T = typing.TypeVar("T")

_UNSET: typing.Any = object()


class Lazy(typing.Generic[T]):
    """Evaluates its function once, on the first ``get()``; later calls give the same value (or
    raise the same exception)."""

    __slots__ = ("_fn", "_value", "_exc")

    def __init__(self, fn: typing.Callable[[], T]):
        self._fn = fn
        self._value: typing.Any = _UNSET
        self._exc: BaseException | None = None

    def get(self) -> T:
        if self._exc is not None:
            raise self._exc
        if self._value is _UNSET:
            fn, self._fn = self._fn, None
            try:
                self._value = fn()
            except Exception as e:
                self._exc = e
                raise
        return self._value

    def __repr__(self) -> str:
        state = "pending" if self._value is _UNSET and self._exc is None else "ready"
        return f"<Lazy {state}>"


def lazy_api(fn):
    """Decorator: ``fn(...)`` as usual, and ``fn.lazy(...)`` returning ``Lazy`` of the same call."""

    @functools.wraps(fn)
    def lazy(*args, **kwargs):
        return Lazy(lambda: fn(*args, **kwargs))

    lazy.__name__ = fn.__name__ + ".lazy"
    lazy.__qualname__ = fn.__qualname__ + ".lazy"
    fn.lazy = lazy
    return fn
