#!/usr/bin/env python3.12
"""gen_tbframes.py - writes src/native/tbframes_gen.h and tbframes_gen.c, the
traceback entries (tbframe.h's TbLine) of standard-library Python code that
pydbg runs natively, as CPython 3.12 shows them.

Each case below runs one library call that raises under the running
python3.12; the traceback entries that lie in its standard-library
directory (or in code the library compiles as "<string>", or in a frozen
module) are matched, outermost first, with the case's labels.  An entry
keeps the function's co_name, co_qualname and co_firstlineno, the line,
that source line, and what the carets cover: the columns of the failing
instruction (co_positions() at tb_lasti), NULL when CPython prints no
carets (the mark would cover the whole line and has no anchors), and a
trailing newline on a mark whose expression goes on to later lines.
Entries with the same label must agree; each library file becomes one
TbFile (tbgen_<file>) and each label one index into it (TBG_<FILE>_<LABEL>).

Usage: python3.12 tools/gen_tbframes.py [OUTDIR]   (default: src/native)
"""
import linecache
import os
import sys
import sysconfig
import traceback

STDLIB = sysconfig.get_paths()['stdlib'] + '/'

# (code that raises, labels of the library frames outermost first[, labels
# of the library frames of its __context__, the exception it was handling])
CASES = [
    # ---- random ----
    ("random.choice([])", ["CHOICE_EMPTY"]),
    ("random.choice(None)", ["CHOICE_LEN"]),
    ("random.choice({1, 2})", ["CHOICE_GETITEM"]),
    ("random.randint(1, 'x')", ["RANDINT_ADD"]),
    ("random.randrange(1, None, 2)", ["RANDRANGE_MISSING_STOP"]),
    ("random.randint(10, 1)", ["RANDINT_CALL", "RANDRANGE_EMPTY_RANGE"]),
    ("random.randint(1.5, 3)", ["RANDINT_CALL", "RANDRANGE_INDEX_START"]),
    ("random.randrange(0)", ["RANDRANGE_EMPTY_ONE"]),
    ("random.randrange(1.5)", ["RANDRANGE_INDEX_START"]),
    ("random.randrange(1, 2.5)", ["RANDRANGE_INDEX_STOP"]),
    ("random.randrange(1, 10, 1.5)", ["RANDRANGE_INDEX_STEP"]),
    ("random.randrange(1, 10, 0)", ["RANDRANGE_ZERO_STEP"]),
    ("random.randrange(10, 1, 2)", ["RANDRANGE_EMPTY_STEP"]),
    ("random.sample([1, 2], 3)", ["SAMPLE_K"]),
    ("random.sample({1, 2}, 1)", ["SAMPLE_POPULATION"]),
    ("random.sample([1, 2], 1, counts=[1])", ["SAMPLE_COUNTS_LEN"]),
    ("random.sample([1, 2], 1, counts=[0, 0])", ["SAMPLE_COUNTS_TOTAL"]),
    ("random.shuffle(None)", ["SHUFFLE_LEN"]),
    ("random.choices([], k=1)", ["CHOICES_EMPTY"]),
    ("random.choices([1, 2], weights=[1])", ["CHOICES_WEIGHTS_LEN"]),
    ("random.choices([1], [1], cum_weights=[1])", ["CHOICES_BOTH"]),
    ("random.choices([1], [0])", ["CHOICES_ZERO_TOTAL"]),
    ("random.uniform('a', 1)", ["UNIFORM_ARITH"]),
    ("random.gauss('a')", ["GAUSS_ARITH"]),
    ("random.gauss(0, 'a')", ["GAUSS_MUL"]),
    ("random.seed([1])", ["SEED_TYPE"]),
    ("random.Random([1])", ["INIT_SEED", "SEED_TYPE"]),
    # ---- statistics ----
    ("statistics.mean([])", ["MEAN_EMPTY"]),
    ("statistics.fmean([])", ["FMEAN_EMPTY"]),
    ("statistics.median([])", ["MEDIAN_EMPTY"]),
    ("statistics.median_low([])", ["MEDIAN_LOW_EMPTY"]),
    ("statistics.median_high([])", ["MEDIAN_HIGH_EMPTY"]),
    ("statistics.median_grouped([])", ["MEDIAN_GROUPED_EMPTY"]),
    ("statistics.median([1, 'a'])", ["MEDIAN_SORT"]),
    ("statistics.median_low([1, 'a'])", ["MEDIAN_LOW_SORT"]),
    ("statistics.median_high([1, 'a'])", ["MEDIAN_HIGH_SORT"]),
    ("statistics.median_grouped([1, 'a'])", ["MEDIAN_GROUPED_SORT"]),
    ("statistics.mode([])", ["MODE_EMPTY"]),
    ("statistics.stdev([1])", ["STDEV_SHORT"]),
    ("statistics.variance([1])", ["VARIANCE_SHORT"]),
    ("statistics.pstdev([])", ["PSTDEV_EMPTY"]),
    ("statistics.pvariance([])", ["PVARIANCE_EMPTY"]),
    ("statistics.quantiles([1])", ["QUANTILES_SHORT"]),
    ("statistics.quantiles([1, 2], n=0)", ["QUANTILES_N"]),
    ("statistics.quantiles([1, 2], method='x')", ["QUANTILES_METHOD"]),
    ("statistics.harmonic_mean([])", ["HARMONIC_MEAN_EMPTY"]),
    ("statistics.harmonic_mean([-1])", ["HARMONIC_MEAN_NEGATIVE"]),
    ("statistics.harmonic_mean([1, -2])",
     ["HARMONIC_MEAN_SUM", "SUM_VALUES", "HARMONIC_MEAN_GENEXPR", "FAIL_NEG"]),
    ("statistics.geometric_mean([])", ["GEOMETRIC_MEAN_EMPTY"]),
    ("statistics.harmonic_mean([1, 2], weights=[1])", ["HARMONIC_MEAN_WEIGHTS"]),
    ("statistics.fmean([1, 2], weights=[1])", ["FMEAN_WEIGHTS_LEN"], ["FMEAN_SUMPROD"]),
    ("statistics.fmean([1, 2], weights=[0, 0])", ["FMEAN_WEIGHTS_ZERO"]),
    ("statistics.correlation([1], [2])", ["CORRELATION_SHORT"]),
    ("statistics.correlation([1, 2], [2])", ["CORRELATION_LENGTHS"]),
    ("statistics.correlation([1, 2], [3, 4], method='x')", ["CORRELATION_METHOD"]),
    ("statistics.correlation([1, 1], [2, 3])", ["CORRELATION_CONSTANT"], ["CORRELATION_DIVIDE"]),
    ("statistics.covariance([1], [2])", ["COVARIANCE_SHORT"]),
    ("statistics.covariance([1, 2], [1])", ["COVARIANCE_LENGTHS"]),
    ("statistics.linear_regression([1], [2])", ["LINEAR_REGRESSION_SHORT"]),
    ("statistics.linear_regression([1, 2], [2])", ["LINEAR_REGRESSION_LENGTHS"]),
    ("statistics.linear_regression([1, 1], [2, 3])", ["LINEAR_REGRESSION_CONSTANT"],
     ["LINEAR_REGRESSION_DIVIDE"]),
    ("statistics.NormalDist(0, -1)", ["NORMALDIST_SIGMA"]),
    ("statistics.NormalDist.from_samples([1])", ["FROM_SAMPLES_MEAN_STDEV", "MEAN_STDEV_SHORT"]),
    # ---- json ----
    ("json.loads('')", ["LOADS_DECODE", "DECODE_RAW", "RAW_DECODE_NO_VALUE"]),
    ("json.loads('{\"a\" 1}')", ["LOADS_DECODE", "DECODE_RAW", "RAW_DECODE_SCAN"]),
    ("json.loads('1 2')", ["LOADS_DECODE", "DECODE_EXTRA"]),
    ("json.loads(1)", ["LOADS_TYPE"]),
    ("json.load(io.StringIO(''))", ["LOAD_LOADS", "LOADS_DECODE", "DECODE_RAW", "RAW_DECODE_NO_VALUE"]),
    ("json.loads('', object_hook=len)", ["LOADS_CLS_DECODE", "DECODE_RAW", "RAW_DECODE_NO_VALUE"]),
    ("json.dumps(object())", ["DUMPS_ENCODE", "ENCODE_ONE_SHOT", "ITERENCODE_C", "DEFAULT_RAISE"]),
    ("json.dumps(object(), sort_keys=True)",
     ["DUMPS_CLS_ENCODE", "ENCODE_ONE_SHOT", "ITERENCODE_C", "DEFAULT_RAISE"]),
    ("json.dumps([object()], indent=2)",
     ["DUMPS_CLS_ENCODE", "ENCODE_LIST", "ITERENCODE_TOP_LIST", "ITERENCODE_LIST_CHUNKS",
      "ITERENCODE_DEFAULT", "DEFAULT_RAISE"]),
    ("json.dumps({'a': object()}, indent=2)",
     ["DUMPS_CLS_ENCODE", "ENCODE_LIST", "ITERENCODE_TOP_DICT", "ITERENCODE_DICT_CHUNKS",
      "ITERENCODE_DEFAULT", "DEFAULT_RAISE"]),
    ("json.dumps(object(), indent=2)",
     ["DUMPS_CLS_ENCODE", "ENCODE_LIST", "ITERENCODE_DEFAULT", "DEFAULT_RAISE"]),
    ("json.dumps({(1, 2): 1}, indent=2)",
     ["DUMPS_CLS_ENCODE", "ENCODE_LIST", "ITERENCODE_TOP_DICT", "ITERENCODE_DICT_KEY"]),
    ("a = []; a.append(a); json.dumps(a, indent=2)",
     ["DUMPS_CLS_ENCODE", "ENCODE_LIST", "ITERENCODE_TOP_LIST", "ITERENCODE_LIST_CHUNKS",
      "ITERENCODE_LIST_CIRCULAR"]),
    ("a = {}; a['x'] = a; json.dumps(a, indent=2)",
     ["DUMPS_CLS_ENCODE", "ENCODE_LIST", "ITERENCODE_TOP_DICT", "ITERENCODE_DICT_CHUNKS",
      "ITERENCODE_DICT_CIRCULAR"]),
    ("json.dump(object(), io.StringIO())", ["DUMP_ITER", "ITERENCODE_DEFAULT", "DEFAULT_RAISE"]),
    ("json.dump(1, object())", ["DUMP_WRITE"]),
    ("json.dumps({float('nan'): 1}, allow_nan=False, indent=2)",
     ["DUMPS_CLS_ENCODE", "ENCODE_LIST", "ITERENCODE_TOP_DICT", "ITERENCODE_DICT_KEY_FLOAT",
      "FLOATSTR_NAN"]),
    ("json.dumps({1: 1, 'a': 2}, sort_keys=True, indent=2)",
     ["DUMPS_CLS_ENCODE", "ENCODE_LIST", "ITERENCODE_TOP_DICT", "ITERENCODE_DICT_SORT"]),
    ("json.dumps(object(), indent=2, default=lambda o: float('nan'), allow_nan=False)",
     ["DUMPS_CLS_ENCODE", "ENCODE_LIST", "ITERENCODE_DEFAULT_RECURSE", "ITERENCODE_FLOAT",
      "FLOATSTR_NAN"]),
    ("json.dumps(object(), indent=2, default=lambda o: o)",
     ["DUMPS_CLS_ENCODE", "ENCODE_LIST", "ITERENCODE_DEFAULT_RECURSE", "ITERENCODE_CIRCULAR"]),
    ("json.loads('\\ufeff1')", ["LOADS_BOM"]),
    ("json.loads('1', foo=1)", ["LOADS_CLS"]),
    ("json.load(1)", ["LOAD_READ"]),
    ("json.dumps(float('nan'), allow_nan=False)",
     ["DUMPS_CLS_ENCODE", "ENCODE_ONE_SHOT", "ITERENCODE_C"]),
    ("json.dumps(float('nan'), allow_nan=False, indent=2)",
     ["DUMPS_CLS_ENCODE", "ENCODE_LIST", "ITERENCODE_FLOAT", "FLOATSTR_NAN"]),
    ("json.dumps([float('nan')], allow_nan=False, indent=2)",
     ["DUMPS_CLS_ENCODE", "ENCODE_LIST", "ITERENCODE_TOP_LIST", "ITERENCODE_LIST_FLOAT",
      "FLOATSTR_NAN"]),
    ("json.dumps({'a': float('nan')}, allow_nan=False, indent=2)",
     ["DUMPS_CLS_ENCODE", "ENCODE_LIST", "ITERENCODE_TOP_DICT", "ITERENCODE_DICT_FLOAT",
      "FLOATSTR_NAN"]),
    # ---- enum ----
    ("class Color(enum.Enum):\n    R = 1\nColor(5)", ["CALL_NEW", "NEW_RAISE"]),
    ("class Color(enum.Enum):\n    R = 1\nColor['B']", ["GETITEM"]),
    ("@enum.unique\nclass C(enum.Enum):\n    A = 1\n    B = 1", ["UNIQUE_DUPLICATES"]),
    ("class F(enum.Flag):\n    A = 1\nF(8)", ["CALL_NEW", "NEW_RAISE_EXC", "NEW_MISSING", "FLAG_MISSING"]),
    ("class M(enum.Enum):\n    A = 1\n    @classmethod\n    def _missing_(cls, v):\n        raise KeyError(v)\nM(3)",
     ["CALL_NEW", "NEW_RAISE_EXC", "NEW_MISSING"]),
    # ---- fractions ----
    ("fractions.Fraction(1, 0)", ["NEW_ZERO_DENOMINATOR"]),
    ("fractions.Fraction('x')", ["NEW_INVALID_LITERAL"]),
    ("fractions.Fraction([])", ["NEW_ONE_TYPE"]),
    ("fractions.Fraction(1, 1.5)", ["NEW_TWO_TYPES"]),
    ("fractions.Fraction(float('inf'))", ["NEW_AS_INTEGER_RATIO"]),
    ("fractions.Fraction(1, 2) / 0", ["FORWARD_INT", "DIV_ZERO"]),
    ("fractions.Fraction(1, 2) / fractions.Fraction(0)", ["FORWARD_FRACTION", "DIV_ZERO"]),
    ("1 / fractions.Fraction(0)", ["REVERSE_RATIONAL", "DIV_ZERO"]),
    ("fractions.Fraction(1, 2) // 0", ["FORWARD_INT", "FLOORDIV_ZERO"]),
    ("fractions.Fraction(1, 2) % 0", ["FORWARD_INT", "MOD_ZERO"]),
    ("divmod(fractions.Fraction(1, 2), 0)", ["FORWARD_INT", "DIVMOD_ZERO"]),
    ("fractions.Fraction(1, 2) / 0.0", ["FORWARD_FLOAT"]),
    ("fractions.Fraction(1, 2) / 0j", ["FORWARD_COMPLEX"]),
    ("1.0 / fractions.Fraction(0)", ["REVERSE_REAL"]),
    ("1j / fractions.Fraction(0)", ["REVERSE_COMPLEX"]),
    ("fractions.Fraction(0) ** -1", ["POW_ZERO"]),
    ("fractions.Fraction(1, 2).limit_denominator(0)", ["LIMIT_DENOMINATOR"]),
    # ---- datetime.strptime ----
    ("datetime.datetime.strptime('x', '%Y')", ["STRPTIME_DATETIME", "STRPTIME_NO_MATCH"]),
    ("datetime.datetime.strptime('2020x', '%Y')", ["STRPTIME_DATETIME", "STRPTIME_UNCONVERTED"]),
    ("datetime.datetime.strptime('2020', '%Q')", ["STRPTIME_DATETIME", "STRPTIME_BAD_DIRECTIVE"]),
    ("datetime.datetime.strptime('2020', '%')", ["STRPTIME_DATETIME", "STRPTIME_STRAY_PERCENT"]),
    ("time.strptime('x', '%Y')", ["STRPTIME_TIME", "STRPTIME_NO_MATCH"]),
    ("time.strptime(5, '%Y')", ["STRPTIME_TIME", "STRPTIME_TYPE"]),
    ("datetime.datetime.strptime('2023-02-30', '%Y-%m-%d')", ["STRPTIME_DATETIME", "STRPTIME_JULIAN"]),
    # ---- string.Template ----
    ("string.Template('$a').substitute()", ["SUBSTITUTE_SUB", "SUBSTITUTE_KEY"]),
    ("string.Template('$').substitute()", ["SUBSTITUTE_SUB", "SUBSTITUTE_INVALID", "INVALID_RAISE"]),
    ("class X:\n    def __str__(self):\n        raise RuntimeError\nstring.Template('$a').substitute(a=X())",
     ["SUBSTITUTE_SUB", "SUBSTITUTE_STR"]),
    ("string.Template('$a').safe_substitute(5)", ["SAFE_SUBSTITUTE_SUB", "SAFE_SUBSTITUTE_KEY"]),
    ("class X:\n    def __str__(self):\n        raise RuntimeError\nstring.Template('$a').safe_substitute(a=X())",
     ["SAFE_SUBSTITUTE_SUB", "SAFE_SUBSTITUTE_STR"]),
    # ---- base64 ----
    ("base64.b64decode('abc')", ["B64DECODE_A2B"]),
    ("base64.b64encode('text')", ["B64ENCODE_B2A"]),
    ("base64.standard_b64decode('abc')", ["STANDARD_B64DECODE", "B64DECODE_A2B"]),
    ("base64.urlsafe_b64decode('abc')", ["URLSAFE_B64DECODE", "B64DECODE_A2B"]),
    ("base64.standard_b64encode('text')", ["STANDARD_B64ENCODE", "B64ENCODE_B2A"]),
    ("base64.urlsafe_b64encode('text')", ["URLSAFE_B64ENCODE", "B64ENCODE_B2A"]),
    ("base64.b16decode('zz')", ["B16DECODE_DIGIT"]),
    # ---- dataclasses' generated methods (file "<string>") ----
    ("@dataclasses.dataclass(frozen=True)\nclass P:\n    x: int = 0\nP().x = 1", ["FROZEN_SETATTR"]),
    ("@dataclasses.dataclass(frozen=True)\nclass P:\n    x: int = 0\ndel P().x", ["FROZEN_DELATTR"]),
    # ---- shlex ----
    ("shlex.split('a \"b')", ["SPLIT_LIST", "NEXT_GET_TOKEN", "GET_TOKEN_READ", "READ_TOKEN_QUOTE"]),
    ("shlex.split('a\\\\')", ["SPLIT_LIST", "NEXT_GET_TOKEN", "GET_TOKEN_READ", "READ_TOKEN_ESCAPE"]),
    ("shlex.split(None)", ["SPLIT_NONE"]),
    ("shlex.shlex('\"a').get_token()", ["GET_TOKEN_READ", "READ_TOKEN_QUOTE"]),
    # ---- textwrap ----
    ("textwrap.wrap('abc', width=0)", ["WRAP_WRAP", "WRAPPER_WRAP_CHUNKS", "WRAP_CHUNKS_WIDTH"]),
    ("textwrap.fill('abc', width=0)", ["FILL_FILL", "WRAPPER_FILL_WRAP", "WRAPPER_WRAP_CHUNKS",
                                       "WRAP_CHUNKS_WIDTH"]),
    ("textwrap.shorten('hello world', width=3)",
     ["SHORTEN_FILL", "WRAPPER_FILL_WRAP", "WRAPPER_WRAP_CHUNKS", "WRAP_CHUNKS_PLACEHOLDER"]),
    # ---- os, os.path (frozen modules: "<frozen os>", no source) ----
    ("os.environ['PYDBG_NO_SUCH_VARIABLE']", ["ENVIRON_GETITEM"]),
    ("del os.environ['PYDBG_NO_SUCH_VARIABLE']", ["ENVIRON_DELITEM"]),
    ("os.makedirs('/')", ["MAKEDIRS_MKDIR"]),
    ("os.makedirs('/proc/pydbg-none/leaf')", ["MAKEDIRS_RECURSE", "MAKEDIRS_MKDIR"]),
    ("os.path.getsize('/pydbg-none')", ["GETSIZE_STAT"]),
    ("os.path.join(None)", ["JOIN_FSPATH"]),
    ("os.path.join('a', None)", ["JOIN_CHECK", "CHECK_ARG_TYPES_RAISE"]),
    # ---- calendar ----
    ("calendar.monthrange(2024, 13)", ["MONTHRANGE_MONTH"]),
    ("calendar.month_name[13]", ["LOCALIZED_MONTH_GETITEM"]),
    ("calendar.day_name[7]", ["LOCALIZED_DAY_GETITEM"]),
    ("calendar.weekday(2024, 2, 30)", ["WEEKDAY_DATE"]),
    # ---- collections.Counter ----
    ("collections.Counter(5)", ["COUNTER_INIT_UPDATE", "COUNTER_UPDATE_COUNT"]),
    # ---- asyncio: the main task's exception re-raised by future.result() ----
    ("async def main():\n    raise ValueError(1)\nasyncio.run(main())",
     ["RUN_RUNNER", "RUNNER_RUN", "RUN_UNTIL_COMPLETE_RESULT"]),
    ("async def main():\n    raise ValueError(1)\nwith asyncio.Runner() as r:\n    r.run(main())",
     ["RUNNER_RUN", "RUN_UNTIL_COMPLETE_RESULT"]),
    ("async def main():\n    raise ValueError(1)\nasyncio.new_event_loop().run_until_complete(main())",
     ["RUN_UNTIL_COMPLETE_RESULT"]),
    ("async def w():\n    raise ValueError(1)\nasync def main():\n    async with asyncio.TaskGroup() as tg:\n"
     "        tg.create_task(w())\nasyncio.run(main())",
     ["RUN_RUNNER", "RUNNER_RUN", "RUN_UNTIL_COMPLETE_RESULT", "AEXIT_GROUP"]),
    ("async def main():\n    await asyncio.wait_for(asyncio.sleep(1), 0.01)\nasyncio.run(main())",
     ["RUN_RUNNER", "RUNNER_RUN", "RUN_UNTIL_COMPLETE_RESULT", "WAIT_FOR_ASYNC_WITH", "TIMEOUT_AEXIT"],
     ["WAIT_FOR_AWAIT", "SLEEP_AWAIT"]),
    ("async def w():\n    raise ValueError(1)\nasync def main():\n    await asyncio.wait_for(w(), 1)\n"
     "asyncio.run(main())", ["RUN_RUNNER", "RUNNER_RUN", "RUN_UNTIL_COMPLETE_RESULT", "WAIT_FOR_AWAIT"]),
    ("async def w():\n    raise ValueError(1)\nasync def main():\n    await asyncio.wait_for(w(), None)\n"
     "asyncio.run(main())", ["RUN_RUNNER", "RUNNER_RUN", "RUN_UNTIL_COMPLETE_RESULT", "WAIT_FOR_AWAIT"]),
    ("async def main():\n    async with asyncio.timeout(0.01):\n        await asyncio.sleep(1)\n"
     "asyncio.run(main())", ["RUN_RUNNER", "RUNNER_RUN", "RUN_UNTIL_COMPLETE_RESULT", "TIMEOUT_AEXIT"],
     ["SLEEP_AWAIT"]),
    ("async def main():\n    asyncio.Queue().get_nowait()\nasyncio.run(main())",
     ["RUN_RUNNER", "RUNNER_RUN", "RUN_UNTIL_COMPLETE_RESULT", "QUEUE_GET_NOWAIT_EMPTY"]),
    ("async def main():\n    q = asyncio.Queue(1)\n    q.put_nowait(1)\n    q.put_nowait(2)\nasyncio.run(main())",
     ["RUN_RUNNER", "RUNNER_RUN", "RUN_UNTIL_COMPLETE_RESULT", "QUEUE_PUT_NOWAIT_FULL"]),
    ("async def w():\n    raise ValueError(1)\nasync def main():\n    for f in asyncio.as_completed([w()]):\n"
     "        await f\nasyncio.run(main())",
     ["RUN_RUNNER", "RUNNER_RUN", "RUN_UNTIL_COMPLETE_RESULT", "WAIT_FOR_ONE_RESULT"]),
    # ---- threading: what a thread's target raises, as excepthook gets it ----
    ("caught = []\nthreading.excepthook = lambda a: caught.append(a.exc_value)\n"
     "t = threading.Thread(target=lambda: 1 / 0)\nt.start()\nt.join()\nraise caught[0]",
     ["BOOTSTRAP_INNER_RUN", "THREAD_RUN_TARGET"]),
    ("caught = []\nthreading.excepthook = lambda a: caught.append(a.exc_value)\n"
     "t = threading.Timer(0, lambda: 1 / 0)\nt.start()\nt.join()\nraise caught[0]",
     ["BOOTSTRAP_INNER_RUN", "TIMER_RUN_FUNCTION"]),
    # ---- concurrent.futures: the worker's exception re-raised by result() ----
    ("with concurrent.futures.ThreadPoolExecutor(1) as ex:\n    f = ex.submit(lambda: 1 / 0)\nf.result()",
     ["RESULT_GET", "GET_RESULT_RAISE", "WORKITEM_RUN"]),
    ("ev = threading.Event()\nthreading.Timer(0.05, ev.set).start()\n"
     "with concurrent.futures.ThreadPoolExecutor(1) as ex:\n"
     "    f = ex.submit(lambda: (ev.wait(), 1 / 0))\n    f.result()",
     ["RESULT_WAIT_GET", "GET_RESULT_RAISE", "WORKITEM_RUN"]),
    # ---- functools: user errors passing through its Python wrappers ----
    ("class C:\n    @functools.cached_property\n    def v(self):\n        return 1 / 0\nC().v",
     ["CACHED_PROPERTY_GET"]),
    ("@functools.singledispatch\ndef show(x):\n    raise NotImplementedError\nshow(1)",
     ["SINGLEDISPATCH_WRAPPER"]),
    ("@functools.singledispatch\ndef show(x):\n    pass\nshow()", ["SINGLEDISPATCH_NO_ARGS"]),
    ("class C:\n    @functools.singledispatchmethod\n    def f(self, x):\n        raise NotImplementedError\n"
     "C().f(1)", ["SINGLEDISPATCHMETHOD_METHOD"]),
    # ---- logging: a message that does not format, as handleError gets it ----
    ("caught = []\nh = logging.StreamHandler(io.StringIO())\n"
     "h.handleError = lambda rec: caught.append(sys.exc_info()[1])\n"
     "log = logging.getLogger('gen_tbframes')\nlog.addHandler(h)\nlog.propagate = False\n"
     "log.warning('%d items', 'x')\nraise caught[0]",
     ["STREAMHANDLER_EMIT_FORMAT", "HANDLER_FORMAT", "FORMATTER_FORMAT_GETMESSAGE", "GETMESSAGE_FORMAT"]),
    # ---- csv.DictWriter ----
    ("w = csv.DictWriter(io.StringIO(), fieldnames=['a'])\nw.writerow({'a': 1, 'b': 2})",
     ["WRITEROW_DICT_TO_LIST", "DICT_TO_LIST_RAISE"]),
    ("w = csv.DictWriter(io.StringIO(), fieldnames=['a'])\nw.writerows([{'a': 1, 'b': 2}])",
     ["WRITEROWS_MAP", "DICT_TO_LIST_RAISE"]),
    # ---- dataclasses' module functions ----
    ("dataclasses.asdict(5)", ["ASDICT_TYPE"]),
    ("dataclasses.astuple(5)", ["ASTUPLE_TYPE"]),
    ("dataclasses.fields(5)", ["FIELDS_TYPE"]),
    ("dataclasses.replace(5)", ["REPLACE_TYPE"]),
    ("@dataclasses.dataclass\nclass P:\n    x: int = dataclasses.field(default=0, init=False)\n"
     "dataclasses.replace(P(), x=1)", ["REPLACE_INIT_FALSE"]),
    ("@dataclasses.dataclass\nclass P:\n    x: int = 0\n    def __post_init__(self):\n"
     "        raise ValueError\ndataclasses.replace(P.__new__(P), x=1)", ["REPLACE_CALL", "INIT_LINE_4"]),
    # ---- typing.Protocol without @runtime_checkable ----
    ("class P(typing.Protocol):\n    def f(self): ...\nisinstance(1, P)", ["PROTOCOL_INSTANCECHECK"]),
    ("class P(typing.Protocol):\n    def f(self): ...\nissubclass(int, P)", ["PROTOCOL_SUBCLASSCHECK"]),
    # ---- collections.namedtuple ----
    ("collections.namedtuple('P', 'a 1b')", ["NAMEDTUPLE_IDENTIFIER"]),
    ("collections.namedtuple('P', 'a def')", ["NAMEDTUPLE_KEYWORD"]),
    ("collections.namedtuple('P', 'a _b')", ["NAMEDTUPLE_UNDERSCORE"]),
    ("collections.namedtuple('P', 'a a')", ["NAMEDTUPLE_DUPLICATE"]),
    ("collections.namedtuple('P', 'a b', defaults=[1, 2, 3])", ["NAMEDTUPLE_DEFAULTS"]),
    ("collections.namedtuple('P', 5)", ["NAMEDTUPLE_FIELDS"]),
    ("collections.namedtuple('P', 'a')._make([1, 2])", ["NAMEDTUPLE_MAKE"]),
    ("collections.namedtuple('P', 'a')(1)._replace(b=2)", ["NAMEDTUPLE_REPLACE"]),
]

# dataclasses' generated __init__: one line per assigned field after its
# `def` (line 2), then __post_init__'s call: line 3 + n for n assignments.
# First in the table, so that their indices are consecutive (mod_dataclasses.c
# relies on it and checks it).
INIT_LINES = 40
CASES[:0] = [("@dataclasses.dataclass\nclass P:\n" + "".join(f"    f{i}: int = 0\n" for i in range(n))
             + "    def __post_init__(self):\n        raise ValueError\nP()", [f"INIT_LINE_{3 + n}"])
            for n in range(INIT_LINES)]

IMPORTS = ("import random, statistics, json, io, enum, fractions, datetime, time, string, collections, "
           "base64, dataclasses, shlex, textwrap, os, calendar, asyncio, threading, "
           "concurrent.futures, functools, logging, sys, csv, typing\n")

# Code that dataclasses generates is compiled as "<string>"; its frames keep
# that name (no source, no carets), as do those of the frozen modules
# ("<frozen os>").
GENERATED = ("<string>", "__create_fn__.")
FROZEN = "<frozen "


def c_str(s):
    out = '"'
    for ch in s:
        if ch in '\\"':
            out += '\\' + ch
        elif ch == '\n':
            out += '\\n'
        elif ' ' <= ch <= '~':
            out += ch
        else:
            out += ''.join('\\%03o' % b for b in ch.encode())
            out += '""'     # an octal escape must not run into what follows
    return out + '"'


def char_offset(line, byte_col):
    return len(line.encode()[:byte_col].decode(errors='replace'))


def has_anchors(segment):
    try:
        return traceback._extract_caret_anchors_from_line_segment(segment) is not None
    except Exception:
        return False


def entry_of(frame, lasti, lineno):
    code = frame.f_code
    positions = list(code.co_positions())[lasti // 2]
    line, end_line, col, end_col = positions
    text = linecache.getline(code.co_filename, lineno).rstrip('\n')
    mark = None
    if text and None not in (line, end_line, col, end_col):
        start = char_offset(text, col)
        stripped = len(text) - len(text.lstrip())
        if end_line != line:
            end = len(text.rstrip())
            if not (start == stripped and end == len(text)):
                mark = text[start:end] + '\n'
        else:
            end = char_offset(text, end_col)
            segment = text[start:end]
            if not (start == stripped and end == len(text)) or has_anchors(segment):
                mark = segment
        if mark is not None and text.find(mark.rstrip('\n')) != start:
            sys.exit(f"gen_tbframes: mark {mark!r} is not first found at column {start} of {text!r}")
    return (code.co_name, code.co_qualname, code.co_firstlineno, lineno, text, mark)


def file_key(tail):
    if tail == GENERATED[0]:
        return 'dataclasses_generated'
    if tail.startswith(FROZEN):
        return 'frozen_' + tail[len(FROZEN):-1]
    base = tail[:-3].replace('/__init__', '').replace('/_', '/').replace('/', '_').lstrip('_')
    return base


def run_case(src):
    try:
        exec(compile(IMPORTS + src, '<case>', 'exec'), {})
    except Exception as e:
        return e
    return None


def main():
    outdir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), '..', 'src', 'native')
    files = {}          # tail -> {label: entry}, in order of first use
    for src, *label_lists in CASES:
        exc = run_case(src)
        if exc is None:
            sys.exit(f"gen_tbframes: {src!r} raised nothing")
        for labels in label_lists:
            if exc is None:
                sys.exit(f"gen_tbframes: {src!r} has no __context__")
            collect(files, src, exc.__traceback__, labels)
            exc = exc.__context__
    write(files, outdir)


def collect(files, src, tb, labels):
    """Match the library entries of traceback `tb` with `labels`."""
    entries = []
    t = tb
    while t is not None:
        fn = t.tb_frame.f_code.co_filename
        if fn.startswith(STDLIB):
            entries.append((fn[len(STDLIB):], entry_of(t.tb_frame, t.tb_lasti, t.tb_lineno)))
        elif (fn == GENERATED[0] and t.tb_frame.f_code.co_qualname.startswith(GENERATED[1])
              or fn.startswith(FROZEN)):
            entries.append((fn, entry_of(t.tb_frame, t.tb_lasti, t.tb_lineno)))
        t = t.tb_next
    if len(entries) != len(labels):
        sys.exit(f"gen_tbframes: {src!r} has {len(entries)} library frames, "
                 f"{len(labels)} labels: {[e[1][1] + ':' + str(e[1][3]) for e in entries]}")
    for (tail, entry), label in zip(entries, labels):
        table = files.setdefault(tail, {})
        if label in table and table[label] != entry:
            sys.exit(f"gen_tbframes: label {label} of {tail} names two entries:\n"
                     f"  {table[label]}\n  {entry}")
        table[label] = entry


def write(files, outdir):
    version = '.'.join(map(str, sys.version_info[:3]))
    banner = (f"/* Generated by tools/gen_tbframes.py under CPython {version} — do not edit.\n"
              f" * Traceback entries of standard-library Python code that pydbg runs\n"
              f" * natively (tbframe.h): one TbFile per library file, one index per entry. */\n")
    h = [banner, "#ifndef PYDBG_NATIVE_TBFRAMES_GEN_H\n#define PYDBG_NATIVE_TBFRAMES_GEN_H\n\n",
         '#include "src/native/tbframe.h"\n\n']
    c = [banner, '#include "config.h"\n\n#include "src/native/tbframes_gen.h"\n']
    for tail in sorted(files):
        key = file_key(tail)
        table = files[tail]
        prefix = 'TBG_' + key.upper() + '_'
        h.append(f"/* {tail} */\nenum {{\n")
        for label in table:
            h.append(f"    {prefix}{label},\n")
        h.append(f"    {prefix}_COUNT\n}};\nextern TbFile tbgen_{key};\n\n")
        c.append(f"\n/* {tail} */\nstatic const TbLine {key}_lines[{prefix}_COUNT] = {{\n")
        for label, (func, qual, first, line, text, mark) in table.items():
            c.append(f"    [{prefix}{label}] = {{{c_str(func)}, {c_str(qual)}, {first}, {line},\n"
                     f"        {c_str(text)},\n"
                     f"        {c_str(mark) if mark is not None else 'NULL'}}},\n")
        c.append(f"}};\nTbFile tbgen_{key} = {{{c_str(tail)}, {key}_lines, {prefix}_COUNT, NULL}};\n")
    h.append("#endif\n")
    with open(os.path.join(outdir, 'tbframes_gen.h'), 'w') as f:
        f.write(''.join(h))
    with open(os.path.join(outdir, 'tbframes_gen.c'), 'w') as f:
        f.write(''.join(c))


if __name__ == '__main__':
    main()
