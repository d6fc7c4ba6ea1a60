"""Tiny test runner (no pytest): imports every ``test_*.py`` next to this file and runs each
top-level ``test_*`` function. Prints ``PASS name`` / ``FAIL name: error`` and a summary line;
exits with status 1 if anything failed. Usage: ``cd src/sdk && python3 tests/run.py [filter]``.
"""

import importlib.util
import os
import sys
import traceback


def _load(path: str):
    name = os.path.splitext(os.path.basename(path))[0]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(folder: str, name_filter: str = "", verbose_errors: bool = True) -> int:
    sdk_root = os.path.dirname(folder)
    if sdk_root not in sys.path:
        sys.path.insert(0, sdk_root)
    passed = failed = 0
    for fname in sorted(os.listdir(folder)):
        if not (fname.startswith("test_") and fname.endswith(".py")):
            continue
        mod_name = fname[:-3]
        try:
            module = _load(os.path.join(folder, fname))
        except Exception as e:  # a module that does not import counts as one failure
            failed += 1
            print(f"FAIL {mod_name}: import failed: {type(e).__name__}: {e}")
            if verbose_errors:
                traceback.print_exc()
            continue
        for attr in list(vars(module)):
            fn = getattr(module, attr)
            if not (attr.startswith("test_") and callable(fn)):
                continue
            full = f"{mod_name}.{attr}"
            if name_filter and name_filter not in full:
                continue
            try:
                fn()
            except Exception as e:
                failed += 1
                msg = str(e) or repr(e)
                print(f"FAIL {full}: {type(e).__name__}: {msg[:2000]}")
                if verbose_errors:
                    traceback.print_exc()
            else:
                passed += 1
                print(f"PASS {full}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    sys.exit(run(here, sys.argv[1] if len(sys.argv) > 1 else ""))
