// Worker thread for sdk-in-pyodide.test.ts: loads Pyodide with a roomy stack, copies the SDK and
// test data into its file system, runs every Python test and posts {"module.test": error | ""}.
import { parentPort, workerData } from "node:worker_threads";
import { loadPyodide } from "pyodide";

const { files, tests } = workerData;
const py = await loadPyodide({
  env: { PYTHONHASHSEED: "0", TZ: "UTC", GL_TESTDATA: "/testdata" },
  stdout: () => {},
  stderr: () => {},
});
for (const [path, bytes] of Object.entries(files)) {
  py.FS.mkdirTree(path.slice(0, path.lastIndexOf("/")));
  py.FS.writeFile(path, bytes);
}
py.runPython(`
import sys, importlib, traceback
sys.path.insert(0, "/sdk")
sys.path.insert(0, "/sdk/tests")
def _run_test(module_name, fn_name):
    try:
        getattr(importlib.import_module(module_name), fn_name)()
        return ""
    except BaseException as e:
        return "".join(traceback.format_exception(e))[-4000:]
`);
const runTest = py.globals.get("_run_test");
const results = {};
for (const [moduleName, name] of tests) {
  try {
    results[`${moduleName}.${name}`] = runTest(moduleName, name);
  } catch (e) {
    results[`${moduleName}.${name}`] = `interpreter failure: ${e}`;
  }
}
parentPort.postMessage(results);
