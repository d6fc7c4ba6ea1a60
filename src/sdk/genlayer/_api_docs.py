"""``describe_api()``: the contract API as data, read from this SDK at run time.

The editor builds its completions and hovers from it, so they always match what the SDK really
offers. The result is plain JSON-ready data::

    {"namespaces": {"gl": [entry], "gl.nondet": [entry], ...}, "globals": [entry]}

where an entry is ``{"name", "kind", "signature", "doc", "deprecated"}``: ``kind`` is one of ``module``,
``class``, ``function``, ``decorator``, ``type``, ``value``; ``signature`` is ``"(a, *, b=1) -> T"``
or None; ``doc`` is the first paragraph of the docstring (or None); ``deprecated`` marks the
older API names kept for old contracts.
"""

import inspect
import re
import types
import typing

__all__ = ["describe_api"]

# Namespaces whose members the editor completes after ``<path>.``.
_NAMESPACES = (
    "gl",
    "gl.nondet",
    "gl.nondet.web",
    "gl.eq_principle",
    "gl.vm",
    "gl.public",
    "gl.public.write",
    "gl.storage",
    "gl.advanced",
    "gl.evm",
    "gl.message",
    "gl.playground",
)
_DECORATOR_NAMESPACES = ("gl.public", "gl.public.write")


def _first_paragraph(doc: str | None) -> str | None:
    if not doc:
        return None
    para = inspect.cleandoc(doc).split("\n\n", 1)[0].strip()
    return " ".join(para.split()) or None


def _own(obj) -> bool:
    """Defined in this SDK (so its docstring is ours, not ``int``'s or ``NewType``'s)."""
    module = getattr(obj, "__module__", None) or getattr(type(obj), "__module__", "")
    return isinstance(module, str) and module.startswith("genlayer")


def _signature(obj) -> str | None:
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):
        return None
    text = re.sub(r"<function (\w+) at 0x[0-9a-f]+>", r"\1", str(sig))
    text = re.sub(r"ForwardRef\('([^']*)'\)", r"\1", text)
    text = re.sub(r"\bgenlayer(\.\w+)*\.(?=[A-Za-z_])", "", text)
    return text.replace("typing.", "").replace("collections.abc.", "").replace("~", "")


def _sized_int_doc(obj) -> str | None:
    from genlayer.py.types import sized_int_info

    info = sized_int_info(obj)
    if info is None:
        return None
    width, signed = info
    kind = "signed" if signed else "unsigned"
    return f"{kind} {width * 8}-bit integer for storage (an int at run time; the range is checked on write)."


def _describe(name: str, obj, *, decorator: bool = False, deprecated: bool = False) -> dict:
    doc = None
    signature = None
    if isinstance(obj, types.ModuleType):
        kind = "module"
        doc = _first_paragraph(obj.__doc__)
    elif isinstance(obj, typing.NewType):
        kind = "type"
        doc = _sized_int_doc(obj)
        if doc is None and obj.__name__ == "bigint":
            doc = "Arbitrary-size integer for storage (an int at run time)."
    elif inspect.isclass(obj):
        kind = "class"
        doc = _first_paragraph(obj.__doc__) if _own(obj) else None
        signature = _signature(obj) if _own(obj) else None
    elif callable(obj):
        kind = "decorator" if decorator else "function"
        target = obj if inspect.isroutine(obj) else type(obj).__call__
        doc = _first_paragraph(getattr(obj, "__doc__", None)) if _own(obj) else None
        if doc is None and not inspect.isroutine(obj):
            doc = _first_paragraph(getattr(target, "__doc__", None))
        signature = _signature(obj)
    else:
        kind = "value"
        doc = _first_paragraph(type(obj).__doc__) if _own(obj) else None
    if doc and doc.startswith(("Create a new", "Initialize self")):
        doc = None
    return {"name": name, "kind": kind, "signature": signature, "doc": doc, "deprecated": deprecated}


def _public_names(obj) -> list[str]:
    fields = getattr(type(obj), "_fields", None)
    if isinstance(obj, tuple) and fields:  # a NamedTuple value such as gl.message
        return list(fields)
    names = getattr(obj, "__all__", None) if isinstance(obj, types.ModuleType) else None
    if names is None:
        names = [n for n in dir(obj) if not n.startswith("_")]
    return [n for n in names if not n.startswith("_")]


def _resolve(path: str, root):
    obj = root
    for part in path.split(".")[1:]:
        obj = getattr(obj, part)
    return obj


def _old_names(path: str) -> set[str]:
    """Names of ``gl`` that only exist for old contracts (``genlayer.gl.old_names``)."""
    if path != "gl":
        return set()
    from genlayer.gl import old_names

    return set(old_names.__all__) | {"BaseContract"}


def _members(path: str, obj) -> list[dict]:
    out = []
    decorator = path in _DECORATOR_NAMESPACES
    old = _old_names(path)
    for n in _public_names(obj):
        try:
            member = getattr(obj, n)
        except Exception:
            continue
        out.append(_describe(n, member, decorator=decorator, deprecated=n in old))
    return out


def describe_api() -> dict:
    """The API the editor offers: namespaces under ``gl`` and the ``from genlayer import *`` names."""
    import genlayer
    from genlayer import gl

    namespaces: dict[str, list[dict]] = {}
    for path in _NAMESPACES:
        try:
            obj = _resolve(path, gl)
        except AttributeError:
            continue
        namespaces[path] = _members(path, obj)
    exported = [_describe(n, getattr(genlayer, n)) for n in genlayer.__all__]
    return {"namespaces": namespaces, "globals": exported}
