// run_pyodide.mjs - runs a Python script under Pyodide (CPython 3.14 built
// for WebAssembly, installed by tools/pyodide-setup.sh), as
// `node tools/run_pyodide.mjs SCRIPT [ARG...]` would run `python SCRIPT ARG...`.
// Host directories are mounted into Pyodide's file system with NODEFS at the
// same absolute paths (the current directory, the repository root, the
// script's directory and the directories of path arguments), and the working directory is the current one, so
// paths in argv mean the same thing inside and out.  stdout/stderr are passed
// through byte for byte; the exit status is the script's SystemExit code (1
// for an uncaught exception).  PYTHONHASHSEED defaults to 0 (reproducible
// set order) and is passed, like every PYTHON* variable, into the
// interpreter's environment.  The package is looked up in PYDBG_PYODIDE_DIR
// (default $HOME/.cache/pydbg-pyodide).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

function die(msg) {
  process.stderr.write(`run_pyodide: ${msg}\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
if (args.length < 1) die("usage: node run_pyodide.mjs SCRIPT [ARG...]");

const pkgDir = process.env.PYDBG_PYODIDE_DIR ||
  path.join(os.homedir(), ".cache", "pydbg-pyodide");
const entry = path.join(pkgDir, "node_modules", "pyodide", "pyodide.mjs");
if (!fs.existsSync(entry))
  die(`no pyodide in ${pkgDir} (run tools/pyodide-setup.sh)`);

const script = path.resolve(args[0]);
if (!fs.existsSync(script)) die(`${args[0]}: no such file`);
const repoRoot = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cwd = process.cwd();

// Arguments naming host paths outside those get their nearest existing
// ancestor directory mounted too (e.g. `--out /tmp/x/new-dir`).
const extra = [];
for (const a of args.slice(1)) {
  if (!a.includes("/")) continue;
  let d = path.resolve(a.replace(/^--?[\w-]+=/, ""));
  while (d !== "/" && !(fs.existsSync(d) && fs.statSync(d).isDirectory()))
    d = path.dirname(d);
  if (d !== "/" && !/^\/(lib|dev|proc)(\/|$)/.test(d)) extra.push(d);
}

// Mount points: outermost directories only (a mount inside another NODEFS
// mount would be redundant), never over Pyodide's own /, /lib, /dev, /proc.
const wanted = [cwd, repoRoot, path.dirname(script), ...extra]
  .map((d) => path.resolve(d))
  .sort((a, b) => a.length - b.length);
const mounts = [];
for (const d of wanted) {
  if (mounts.some((m) => d === m || d.startsWith(m + path.sep))) continue;
  if (d === "/" || /^\/(lib|dev|proc)(\/|$)/.test(d))
    die(`cannot mount ${d} inside Pyodide; run from another directory`);
  mounts.push(d);
}

const env = { PYTHONHASHSEED: "0" };
for (const [k, v] of Object.entries(process.env))
  if (k.startsWith("PYTHON")) env[k] = v;

const { loadPyodide } = await import(pathToFileURL(entry).href);
const py = await loadPyodide({ env });
// Raw byte streams: no line batching, no added newlines.
const rawWriter = (fd) => ({
  write: (buf) => {
    fs.writeSync(fd, buf);
    return buf.length;
  },
});
py.setStdout(rawWriter(1));
py.setStderr(rawWriter(2));

for (const m of mounts) {
  py.FS.mkdirTree(m);
  py.FS.mount(py.FS.filesystems.NODEFS, { root: m }, m);
}
py.FS.chdir(cwd);

py.globals.set("_run_pyodide_argv", py.toPy([script, ...args.slice(1)]));
const status = py.runPython(`
def _run_pyodide_main(argv):
    import runpy, sys, traceback
    sys.argv = list(argv)
    sys.path.insert(0, __import__("os").path.dirname(argv[0]))
    try:
        runpy.run_path(argv[0], run_name="__main__")
    except SystemExit as e:
        if e.code is None:
            return 0
        if isinstance(e.code, int):
            return e.code
        sys.stderr.write("%s\\n" % (e.code,))
        return 1
    except BaseException:
        traceback.print_exc()
        return 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    return 0

_run_pyodide_main(_run_pyodide_argv)
`);
process.exitCode = status;
