"""Static checks for the editor: ``lint(code) -> [diagnostic]``. Pure AST, nothing is executed.

Each diagnostic is ``{"line", "column", "endLine", "endColumn", "severity", "message"}`` with
1-based lines and columns (Monaco's convention); ``severity`` is ``"error"`` or ``"warning"``.

Checks: syntax errors, the runner header (``genlayer._header.lint_header``), storage annotations
the SDK can not store (``int``, ``list[...]``, ``dict[...]``) on ``gl.Contract`` subclasses and
``@allow_storage`` classes, and non-deterministic calls (``gl.nondet.*``, ``gl.exec_prompt``,
``gl.get_webpage``) written directly in a method body instead of inside a function handed to
``gl.eq_principle.*`` / ``gl.vm.run_nondet*`` (approximated lexically: any nested ``def`` or
``lambda`` counts as such a function).
"""

import ast
import bisect
import re

from genlayer._header import lint_header

__all__ = ["lint"]

FILENAME = "/contract.py"

_STORAGE_FIXES = {
    "int": "use bigint or a sized integer (u256, i64, ...)",
    "list": "use DynArray[...]",
    "List": "use DynArray[...]",
    "dict": "use TreeMap[...]",
    "Dict": "use TreeMap[...]",
    "set": "sets can not be stored: use TreeMap[key, bool]",
    "Set": "sets can not be stored: use TreeMap[key, bool]",
}
_NONDET_PREFIXES = ("gl.nondet.",)
_NONDET_NAMES = ("gl.exec_prompt", "gl.get_webpage", "gl.exec_prompt.lazy", "gl.get_webpage.lazy")
# Lines that may hold a non-deterministic call: statements elsewhere are not searched (speed).
_NONDET_TEXT = re.compile(r"\bgl\s*\.\s*(?:nondet|exec_prompt|get_webpage)\b")
_NONDET_MESSAGE = (
    "non-deterministic call outside a non-deterministic block: "
    "wrap it in a function passed to gl.eq_principle.* or gl.vm.run_nondet"
)


def _diag(node_or_line, severity: str, message: str) -> dict:
    if isinstance(node_or_line, int):
        return {"line": node_or_line, "column": 1, "endLine": node_or_line, "endColumn": 1000,
                "severity": severity, "message": message}
    n = node_or_line
    line = n.lineno
    end_line = getattr(n, "end_lineno", None) or line
    column = n.col_offset + 1
    end_column = (getattr(n, "end_col_offset", None) or n.col_offset) + 1
    return {"line": line, "column": column, "endLine": end_line, "endColumn": max(end_column, column + 1),
            "severity": severity, "message": message}


def _dotted(node) -> str | None:
    """``gl.nondet.web.get`` for the expression ``gl.nondet.web.get``; None for anything else."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def _syntax_error(e: SyntaxError) -> dict:
    line = e.lineno or 1
    column = e.offset or 1
    end_line = getattr(e, "end_lineno", None) or line
    end_column = getattr(e, "end_offset", None) or column + 1
    if end_line == line and end_column <= column:
        end_column = column + 1
    return {"line": line, "column": column, "endLine": end_line, "endColumn": end_column,
            "severity": "error", "message": f"SyntaxError: {e.msg}"}


def _is_contract_class(cls: ast.ClassDef) -> bool:
    for base in cls.bases:
        name = _dotted(base)
        if name in ("gl.Contract", "gl.BaseContract", "Contract", "genlayer.gl.Contract"):
            return True
    return any(_dotted(d) in ("gl.contract", "contract") for d in cls.decorator_list)


def _is_storage_class(cls: ast.ClassDef) -> bool:
    for d in cls.decorator_list:
        target = d.func if isinstance(d, ast.Call) else d
        if _dotted(target) in ("allow_storage", "gl.allow_storage", "genlayer.allow_storage"):
            return True
    return False


_SEALED = ("ConfidentialField", "ConfidentialMapping")
_SEALED_PLACE = "can only be a field of the contract class"


def _annotation_problems(ann, contract_field: bool = False) -> list[tuple[ast.AST, str]]:
    """Unsupported types anywhere inside an annotation (``TreeMap[str, list[int]]`` included).
    ``gl.ConfidentialField`` / ``gl.ConfidentialMapping`` hold calldata values (``int``, ``list``
    and ``dict`` are fine inside them) and may only be whole fields of the contract class."""
    if isinstance(ann, ast.Constant) and isinstance(ann.value, str):
        try:
            inner = ast.parse(ann.value, mode="eval").body
        except SyntaxError:
            return []
        return [(ann, msg) for _, msg in _annotation_problems(inner, contract_field)]
    found: list[tuple[ast.AST, str]] = []
    whole = ann.value if isinstance(ann, ast.Subscript) else ann
    sealed = (_dotted(whole) or "").rsplit(".", 1)[-1]
    if sealed in _SEALED:
        return [] if contract_field else [(ann, f"{sealed} {_SEALED_PLACE}")]
    if isinstance(ann, ast.Subscript):
        head = _dotted(ann.value)
        short = head.rsplit(".", 1)[-1] if head else None
        if short in ("list", "List", "dict", "Dict", "set", "Set"):
            found.append((ann, f"unsupported storage type {short}[...]: {_STORAGE_FIXES[short]}"))
            return found
        elts = ann.slice.elts if isinstance(ann.slice, ast.Tuple) else [ann.slice]
        for e in elts:
            found.extend(_annotation_problems(e))
        return found
    name = _dotted(ann)
    if name in _STORAGE_FIXES:
        found.append((ann, f"unsupported storage type {name}: {_STORAGE_FIXES[name]}"))
    return found


def _classes(tree: ast.Module) -> list[ast.ClassDef]:
    """Classes at module level, in ``if``/``try`` blocks there, and nested in other classes."""
    found: list[ast.ClassDef] = []
    stack = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.ClassDef):
            found.append(node)
            stack.extend(node.body)
        elif isinstance(node, (ast.If, ast.Try)):
            stack.extend(node.body + node.orelse + getattr(node, "finalbody", []))
            for handler in getattr(node, "handlers", []):
                stack.extend(handler.body)
    found.sort(key=lambda c: c.lineno)
    return found


def _storage_checks(classes: list[ast.ClassDef], out: list[dict]) -> None:
    for cls in classes:
        if not (_is_contract_class(cls) or _is_storage_class(cls)):
            continue
        for stmt in cls.body:
            if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                for node, msg in _annotation_problems(stmt.annotation, _is_contract_class(cls)):
                    out.append(_diag(node, "error", f"field {stmt.target.id!r}: {msg}"))


def _is_nondet_call(call: ast.Call) -> bool:
    name = _dotted(call.func)
    if name is None:
        return False
    return name.startswith(_NONDET_PREFIXES) or name in _NONDET_NAMES


def _is_public(fn) -> bool:
    for d in fn.decorator_list:
        target = d.func if isinstance(d, ast.Call) else d
        name = _dotted(target) or ""
        if name.startswith("gl.public"):
            return True
    return False


def _calls_outside_nested_functions(body: list, lines: list[int]) -> list[ast.Call]:
    """Non-deterministic calls in ``body`` that are not inside a nested def or lambda; only
    statements spanning one of ``lines`` (sorted) are searched."""
    found: list[ast.Call] = []
    stack = list(reversed(body))
    while stack:
        node = stack.pop()
        if isinstance(node, ast.stmt):
            i = bisect.bisect_left(lines, node.lineno)
            if i == len(lines) or lines[i] > (node.end_lineno or node.lineno):
                continue
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            # decorators and default values are evaluated in the method itself
            extra = list(getattr(node, "decorator_list", [])) + list(node.args.defaults)
            extra += [d for d in node.args.kw_defaults if d is not None]
            stack.extend(extra)
            continue
        if isinstance(node, ast.ClassDef):
            continue
        if isinstance(node, ast.Call) and _is_nondet_call(node):
            found.append(node)
        stack.extend(ast.iter_child_nodes(node))
    return found


def _nondet_checks(code: str, tree: ast.Module, classes: list[ast.ClassDef], out: list[dict]) -> None:
    lines = sorted({code.count("\n", 0, m.start()) + 1 for m in _NONDET_TEXT.finditer(code)})
    if not lines:
        return
    # module-level statements run when the contract is loaded, never in a non-deterministic block
    for call in _calls_outside_nested_functions(tree.body, lines):
        out.append(_diag(call.func, "error", _NONDET_MESSAGE))
    for cls in classes:
        if not _is_contract_class(cls):
            continue
        for fn in cls.body:
            if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            # a public method always runs deterministically; a private helper might be called
            # from inside a non-deterministic block, so it only gets a warning
            severity = "error" if _is_public(fn) or fn.name == "__init__" else "warning"
            for call in _calls_outside_nested_functions(fn.body, lines):
                out.append(_diag(call.func, severity, _NONDET_MESSAGE))


def lint(code: str) -> list[dict]:
    """Diagnostics for a contract's source, sorted by position (see the module docstring)."""
    out: list[dict] = []
    for warning in lint_header(code):
        out.append(_diag(1, "warning", warning))
    try:
        tree = compile(code, FILENAME, "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError as e:
        out.append(_syntax_error(e))
        tree = None
    except ValueError as e:  # e.g. source with NUL bytes
        out.append(_diag(1, "error", f"can not parse: {e}"))
        tree = None
    if tree is not None:
        classes = _classes(tree)
        _storage_checks(classes, out)
        _nondet_checks(code, tree, classes, out)
    out.sort(key=lambda d: (d["line"], d["column"]))
    return out
