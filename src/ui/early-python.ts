/**
 * Imported first by main.tsx, so it runs before the app's other modules: validator Workers start
 * loading, the interpreter compiles and its snapshot is found (or made) while React, the editor
 * and the workspace load. Four workers: the app's pool (up to 3) and the editor's.
 */
import { startPythonEarly } from "../../workers/browser/browser-runtime";

startPythonEarly(4);
