/**
 * The Python a validator's interpreter runs at boot (SDK import, host device backend, entry
 * points, editor tools) and at lockdown. Kept apart from the engine so the page can key interpreter
 * snapshots by it without loading Pyodide: a snapshot is the interpreter right after BOOT_PY.
 */
export const SDK_ROOT = "/lib/glsdk";
export const DEVICE_PATH = "/dev/glhost";
export const REQUEST_PATH = "/glhost/request";
export const RESPONSE_PATH = "/glhost/response";
export const TOOL_INPUT_PATH = "/glhost/tool-input";
export const TOOL_OUTPUT_PATH = "/glhost/tool-output";

export const BOOT_PY = `
import sys, os, struct
sys.path.insert(0, ${JSON.stringify(SDK_ROOT)})
sys.dont_write_bytecode = True

def _gl_make_backend():
    _open, _write, _read, _pack, _unpack = os.open, os.write, os.read, struct.pack, struct.unpack
    # opened by _gl_open_device once the device exists (a snapshot holds no open files), before the
    # image every execution starts from is taken, so the descriptor is part of it
    state = {"fd": None}
    def open_device():
        state["fd"] = _open(${JSON.stringify(DEVICE_PATH)}, os.O_RDWR)
    def read_exact(fd, n):
        parts = []
        while n > 0:
            chunk = _read(fd, n)
            if not chunk:
                raise RuntimeError("host channel closed")
            parts.append(chunk)
            n -= len(chunk)
        return b"".join(parts)
    def backend(request):
        fd = state["fd"]
        if fd is None:
            fd = state["fd"] = _open(${JSON.stringify(DEVICE_PATH)}, os.O_RDWR)
        _write(fd, _pack("<I", len(request)) + request)
        n = _unpack("<I", read_exact(fd, 4))[0]
        return read_exact(fd, n)
    return backend, open_device

import genlayer._host
_gl_backend, _gl_open_device = _gl_make_backend()
genlayer._host.set_backend(_gl_backend)
del _gl_backend
import genlayer._runner
_gl_execute = genlayer._runner.execute
# finds the SDK's caches once, so the interpreter image every execution starts from knows them
getattr(genlayer._runner, "_reset_caches", lambda: None)()

# \`open\` and the runner are bound now: a contract that replaces them cannot stop its response
def _gl_entry(_open=open, _execute=_gl_execute):
    with _open(${JSON.stringify(REQUEST_PATH)}, "rb") as f:
        request = f.read()
    response = _execute(request)
    with _open(${JSON.stringify(RESPONSE_PATH)}, "wb") as f:
        f.write(response)

# the only audit hook: it refuses new ones (a contract's hook could break the runner's own calls)
def _gl_no_audit_hooks(event, args):
    if event == "sys.addaudithook":
        raise RuntimeError("audit hooks are not available to contracts")
sys.addaudithook(_gl_no_audit_hooks)

def _gl_make_tools():
    import json
    tools = {}
    try:
        import genlayer._lint, genlayer._api_docs
        tools["lint"] = genlayer._lint.lint
        tools["describe_api"] = lambda _text: genlayer._api_docs.describe_api()
    except ImportError:
        pass  # a stand-in SDK (tests) without the editor helpers
    def tool_entry():
        with open(${JSON.stringify(TOOL_INPUT_PATH)}, "r", encoding="utf-8", newline="") as f:
            name, _, text = f.read().partition("\\n")
        try:
            fn = tools.get(name)
            if fn is None:
                raise LookupError(f"no editor tool {name!r} in this SDK")
            out = {"ok": fn(text)}
        except Exception as e:
            out = {"error": f"{type(e).__name__}: {e}"}
        with open(${JSON.stringify(TOOL_OUTPUT_PATH)}, "w", encoding="utf-8") as f:
            f.write(json.dumps(out))
    return tool_entry

_gl_tool_entry = _gl_make_tools()
`;

export const LOCKDOWN_PY = `
import sys, gc
def _gl_lockdown():
    bridge = ("js", "pyodide_js", "_pyodide_core")
    for name in list(sys.modules):
        if name in bridge or name.split(".")[0] in ("pyodide", "_pyodide", "pyodide_js"):
            module = sys.modules.pop(name)
            # Empty the module too, so objects still holding it (found through gc) lead nowhere.
            try:
                module.__dict__.clear()
            except Exception:
                pass
    # finders may be instances or classes; either way their module was just emptied
    sys.meta_path[:] = [f for f in sys.meta_path if "pyodide" not in type(f).__module__ and "pyodide" not in (getattr(f, "__module__", "") or "")]
    sys.path_hooks[:] = [h for h in sys.path_hooks if "pyodide" not in getattr(h, "__module__", "")]
    # No processes in wasm: the real os/posix process calls returned without running anything. The
    # SDK's os copy refuses them; refuse them in the modules too (reachable through gc/subclasses).
    import os, posix
    def refuse(name):
        def fn(*args, **kwargs):
            raise PermissionError(f"os.{name}() is not available to contracts (no file or process access)")
        fn.__name__ = name
        return fn
    for name in ("system", "popen", "fork", "forkpty", "kill", "killpg", "execv", "execve", "execl", "execle", "execlp",
                 "execlpe", "execvp", "execvpe", "spawnv", "spawnve", "spawnl", "spawnle", "spawnvp", "spawnvpe",
                 "spawnlp", "spawnlpe", "posix_spawn", "posix_spawnp", "wait", "waitpid", "wait3", "wait4"):
        for module in (os, posix):
            if hasattr(module, name):
                setattr(module, name, refuse(name))
    gc.collect()
_gl_lockdown()
del _gl_lockdown
`;
