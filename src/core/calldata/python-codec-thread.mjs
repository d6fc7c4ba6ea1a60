// Worker thread for cross-language.test.ts: our SDK's calldata codec in Pyodide. Each request is a
// batch of length-prefixed inputs; each answer item is the Python re-encoding of the decoded value
// (status 0) or the exception type that rejected it (status 1).
import { parentPort, workerData } from "node:worker_threads";
import { loadPyodide } from "pyodide";

const py = await loadPyodide({ env: { PYTHONHASHSEED: "0" } });
for (const [path, source] of Object.entries(workerData.sdkFiles)) {
  py.FS.mkdirTree(path.slice(0, path.lastIndexOf("/")));
  py.FS.writeFile(path, source);
}
py.runPython(`
import sys, struct
sys.path.insert(0, "/sdk")
from genlayer.py import calldata

def _roundtrip_batch():
    data = open("/batch.in", "rb").read()
    out = bytearray()
    at = 0
    while at < len(data):
        (n,) = struct.unpack_from("<I", data, at)
        item = data[at + 4 : at + 4 + n]
        at += 4 + n
        try:
            res = calldata.encode(calldata.decode(item))
            out += b"\\x00" + struct.pack("<I", len(res)) + res
        except Exception as e:
            msg = type(e).__name__.encode()
            out += b"\\x01" + struct.pack("<I", len(msg)) + msg
    open("/batch.out", "wb").write(bytes(out))
`);
const roundtrip = py.globals.get("_roundtrip_batch");
parentPort.on("message", (blob) => {
  py.FS.writeFile("/batch.in", blob);
  roundtrip();
  parentPort.postMessage(py.FS.readFile("/batch.out"));
});
parentPort.postMessage("ready");
