"""``gl.Event``: typed events (logs) emitted by a contract.

::

    class Transfer(gl.Event):
        def __init__(self, to: Address, amount: int, /, **blob): ...

    Transfer(to, amount, memo="hi").emit()

Positional-only parameters are the INDEXED fields. Their names are SORTED and the positional
values are assigned to the sorted names in order (as GenLayer does). ``**blob`` carries the
non-indexed fields. ``name`` (default: the class name) can be overridden with a class attribute.
``signature`` is ``Name(indexed,names)``; topic 0 is its keccak256, each further topic is the
calldata of an indexed value right-padded to 32 bytes (or its keccak256 when longer).
"""

import inspect
import typing

from genlayer import _context
from genlayer.py import calldata
from genlayer.py.keccak import keccak256

__all__ = ["Event", "emit_raw_event", "EVENT_MAX_TOPICS"]

EVENT_MAX_TOPICS = 4


def _topic_of(value: typing.Any) -> bytes:
    data = calldata.encode(value)
    if len(data) <= 32:
        return data + bytes(32 - len(data))
    return keccak256(data)


def emit_raw_event(topics: typing.Sequence[bytes], blob: typing.Mapping[str, typing.Any]) -> None:
    """Emit an event with ready-made ``topics`` (at most 4, each 32 bytes) and a ``blob`` map."""
    topics = [bytes(t) for t in topics]
    if len(topics) > EVENT_MAX_TOPICS:
        raise ValueError(f"at most {EVENT_MAX_TOPICS} topics are allowed, got {len(topics)}")
    for t in topics:
        if len(t) != 32:
            raise ValueError(f"each topic must be 32 bytes, got {len(t)}")
    blob = dict(blob)
    calldata.encode(blob)  # fail here, inside the contract, if it is not encodable
    _context.execution().emit("EmitEvent", {"topics": topics, "blob": blob})


def _indexed_names(cls) -> tuple[str, ...]:
    init = cls.__dict__.get("__init__")
    if init is None:
        return getattr(cls, "indexed", ())
    sig = inspect.signature(init)
    params = list(sig.parameters.values())[1:]
    names = []
    for p in params:
        if p.kind is p.POSITIONAL_ONLY:
            names.append(p.name)
        elif p.kind is p.VAR_KEYWORD:
            pass
        else:
            raise TypeError(
                f"event {cls.__name__}: only positional-only (indexed) parameters and **blob are allowed, got {p}"
            )
    if len(names) > EVENT_MAX_TOPICS - 1:
        raise TypeError(f"event {cls.__name__}: at most {EVENT_MAX_TOPICS - 1} indexed fields are allowed")
    return tuple(sorted(names))


class Event:
    """Base class of contract events (see the module documentation)."""

    name: typing.ClassVar[str] = "Event"
    signature: typing.ClassVar[str] = "Event()"
    indexed: typing.ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        indexed = _indexed_names(cls)
        cls.indexed = indexed
        if "name" not in cls.__dict__:
            cls.name = cls.__name__
        cls.signature = f"{cls.name}({','.join(indexed)})"
        if "__init__" in cls.__dict__:
            cls.__init__ = Event.__init__

    def __init__(self, *args, **blob):
        cls = type(self)
        if len(args) != len(cls.indexed):
            raise TypeError(
                f"indexed fields mismatch, expected {cls.indexed!r}, but got {len(args)} positional arguments"
            )
        self.indexed_fields = dict(zip(cls.indexed, args))
        self.blob = blob

    @property
    def topics(self) -> list[bytes]:
        cls = type(self)
        return [keccak256(cls.signature.encode("utf-8"))] + [_topic_of(self.indexed_fields[n]) for n in cls.indexed]

    def emit(self) -> None:
        """Send the event (an ``EmitEvent`` effect of the current execution)."""
        emit_raw_event(self.topics, {**self.blob, **self.indexed_fields})

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={v!r}" for k, v in {**self.indexed_fields, **self.blob}.items())
        return f"{type(self).__name__}({fields})"
