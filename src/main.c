/* main.c — argv → mode → front end.
 *
 * GNU conventions: --help and --version print to stdout and exit 0; an
 * unknown option prints a usage line to stderr and exits 2.  Each mode takes
 * one FILE; all work happens in the module the mode names.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pydbg/base.h"
#include "src/cli/cli.h"
#include "src/native/pyprefix.h"

static const char usage_line[] =
    "Usage: pydbg [OPTION]... FILE.pyc|FILE.py [ARG]...\n"
    "  or:  pydbg [OPTION]... --dis|--info FILE.pyc...\n"
    "  or:  pydbg [OPTION]... --run|--trace FILE.pyc [ARG]...\n";

static void usage_error(const char *fmt, const char *arg)
{
    fputs("pydbg: ", stderr);
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    fputs(usage_line, stderr);
    fputs("Try 'pydbg --help' for more information.\n", stderr);
    exit(2);
}

static void print_help(void)
{
    fputs(usage_line, stdout);
    fputs(
        "Load, inspect and disassemble CPython bytecode files of any version\n"
        "(2.7 and 3.0-3.14; the version is taken from the file's magic number).\n"
        "\n"
        "With no mode, debug the program: a gdb-style session stopped before its\n"
        "first instruction (see `help` inside; FILE.py is compiled first).\n"
        "\n"
        "Debugger options:\n"
        "  -x, --command=FILE      run the debugger commands in FILE (repeatable)\n"
        "  -ex, --eval-command=CMD run one debugger command (repeatable; in order with -x)\n"
        "      --batch             exit after the commands, with the program's exit\n"
        "                          status; a failing command ends the script (status 1)\n"
        "  -nx, --nx               do not read ~/.pydbginit and ./.pydbginit\n"
        "      --tui               full screen (ncurses): source, bytecode, value stack,\n"
        "                          variables, call stack and the program's output in\n"
        "                          panes; F10/F11/F5 or n/s/c step and continue, `?`\n"
        "                          lists the keys; every debugger command works\n"
        "      --python=PATH       the interpreter that compiles FILE.py (default python3)\n"
        "\n"
        "Modes:\n"
        "      --dis FILE...       print what that Python version's dis.dis() prints\n"
        "                          for the file's module code object\n"
        "      --info FILE...      print the header and every co_* attribute of every\n"
        "                          code object in the file\n"
        "      --dump-lines FILE...\n"
        "                          print the decoded line and exception tables of every\n"
        "                          code object (co_lines, findlinestarts, co_positions)\n"
        "      --dump-line-events FILE...\n"
        "                          print, per code object, every instruction where that\n"
        "                          version's sys.settrace can report a 'line' event\n"
        "      --run FILE [ARG]... run the program in pydbg's own virtual machine, as\n"
        "                          `python FILE ARG...` of the file's version would\n"
        "      --trace FILE [ARG]...\n"
        "                          --run, printing each line as it executes exactly as\n"
        "                          `python3.12 -m trace --trace FILE.py ARG...` does\n"
        "\n"
        "Options:\n"
        "      --ignore-dir=DIR    with --trace: do not trace the modules under DIR\n"
        "                          (repeatable), as trace's --ignore-dir\n"
        "      --bytecode-version=X.Y  FILE is a bare marshalled code object without a\n"
        "                          .pyc header, compiled by Python X.Y\n"
        "      --show-caches       with --dis on 3.11+: list inline CACHE entries\n"
        "      --show-offsets      with --dis on 3.13+: show the offset column\n"
        "      --max-steps=N       stop the program after N bytecode instructions\n"
        "      --timeout=S         stop the program after S seconds (a decimal number);\n"
        "                          a program stopped by either prints one line on\n"
        "                          stderr after its output and exits with status 124\n"
        "  -h, --help              display this help and exit\n"
        "  -V, --version           output version information and exit\n"
        "\n"
        "With several FILEs, each one's output is headed by a line '==> FILE <=='.\n"
        "\n"
        "Exit status: 0 on success, 2 for bad usage or a file pydbg cannot read.\n"
        "\n"
        "Report bugs to: " PACKAGE_BUGREPORT "\n",
        stdout);
}

static void print_version(void)
{
    fputs(PACKAGE_NAME " " PACKAGE_VERSION "\n", stdout);
    /* Where `--run` finds the standard modules pydbg does not implement
     * itself (doc/design.md): the machine's CPython 3.12 library. */
    if (pyprefix_has_library())
        printf("CPython 3.12 library: %s/lib/python3.12\n", pyprefix_find());
    else
        fputs("CPython 3.12 library: none found (only pydbg's own modules)\n", stdout);
    fputs("Copyright (C) 2026 the pydbg authors.\n"
          "License: MIT <https://opensource.org/licenses/MIT>.\n"
          "This is free software: you are free to change and redistribute it.\n"
          "There is NO WARRANTY, to the extent permitted by law.\n",
          stdout);
}

enum { OPT_DIS = 256, OPT_INFO, OPT_DUMP_LINES, OPT_DUMP_EVENTS, OPT_RUN, OPT_BCVER, OPT_CACHES, OPT_OFFSETS };

enum { OPT_MAX_STEPS = 500, OPT_TIMEOUT };

/* --max-steps=N: a positive decimal integer. */
static unsigned long long parse_max_steps(const char *s)
{
    char *end;
    errno = 0;
    unsigned long long n = strtoull(s, &end, 10);
    if (!(*s >= '0' && *s <= '9') || *end || errno || n == 0)
        usage_error("invalid --max-steps '%s' (expected a positive integer)", s);
    return n;
}

/* --timeout=S: a positive number of seconds (fractions allowed). */
static double parse_timeout(const char *s)
{
    char *end;
    errno = 0;
    double t = strtod(s, &end);
    if (!((*s >= '0' && *s <= '9') || *s == '.') || *end || errno || !(t > 0 && t <= 1e8))
        usage_error("invalid --timeout '%s' (expected a positive number of seconds)", s);
    return t;
}

enum { OPT_BATCH = 300, OPT_NX, OPT_PYTHON, OPT_EVAL };

/* gdb spells some long options with one dash (-ex, -nx, -batch): give them
 * their two-dash names before getopt sees them (only before FILE). */
static void gdb_style_options(int argc, char **argv)
{
    for (int i = 1; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "-ex") == 0)
            argv[i++] = "--eval-command";   /* its argument may not start with '-' */
        else if (strcmp(argv[i], "-x") == 0 || strcmp(argv[i], "--command") == 0 ||
                 strcmp(argv[i], "--eval-command") == 0 || strcmp(argv[i], "--python") == 0 ||
                 strcmp(argv[i], "--bytecode-version") == 0)
            i++;
        else if (strcmp(argv[i], "-nx") == 0)
            argv[i] = "--nx";
        else if (strcmp(argv[i], "-batch") == 0)
            argv[i] = "--batch";
        else if (strcmp(argv[i], "--") == 0)
            break;
    }
}
enum { OPT_CHECK_STACK = 400 };   /* hidden: tests/stack.test (doc/design.md) */

enum { OPT_TRACE = 450 };
enum { OPT_TUI = 460 };
enum { OPT_IGNORE_DIR = 470 };

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"dis", no_argument, NULL, OPT_DIS},
        {"info", no_argument, NULL, OPT_INFO},
        {"dump-lines", no_argument, NULL, OPT_DUMP_LINES},
        {"dump-line-events", no_argument, NULL, OPT_DUMP_EVENTS},
        {"run", no_argument, NULL, OPT_RUN},
        {"trace", no_argument, NULL, OPT_TRACE},
        {"check-stack", optional_argument, NULL, OPT_CHECK_STACK},
        {"bytecode-version", required_argument, NULL, OPT_BCVER},
        {"show-caches", no_argument, NULL, OPT_CACHES},
        {"show-offsets", no_argument, NULL, OPT_OFFSETS},
        {"max-steps", required_argument, NULL, OPT_MAX_STEPS},
        {"timeout", required_argument, NULL, OPT_TIMEOUT},
        {"command", required_argument, NULL, 'x'},
        {"eval-command", required_argument, NULL, OPT_EVAL},
        {"batch", no_argument, NULL, OPT_BATCH},
        {"nx", no_argument, NULL, OPT_NX},
        {"python", required_argument, NULL, OPT_PYTHON},
        {"tui", no_argument, NULL, OPT_TUI},
        {"ignore-dir", required_argument, NULL, OPT_IGNORE_DIR},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    CliOptions o = {0};
    int mode = 0, c;
    DebugOptions dbo = {0};
    gdb_style_options(argc, argv);
    const char *stack_table = NULL;   /* --check-stack=TABLE */
    static const char **ignore_dirs;  /* --ignore-dir DIR..., for --trace (kept to exit) */
    static size_t nignore;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+hVx:", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_DIS:
        case OPT_INFO:
        case OPT_DUMP_LINES:
        case OPT_DUMP_EVENTS:
        case OPT_RUN:
        case OPT_TRACE:
        case OPT_CHECK_STACK:
            if (c == OPT_CHECK_STACK)
                stack_table = optarg;
            if (mode && mode != c)
                usage_error("%s", "only one of --dis, --info, --dump-lines, --dump-line-events, --run and --trace may be given");
            mode = c;
            break;
        case OPT_BCVER:
            o.force_ver = pyc_version_parse(optarg);
            if (!o.force_ver)
                usage_error("unknown Python version '%s' for --bytecode-version "
                            "(expected 2.7 or 3.0 ... 3.14)", optarg);
            break;
        case OPT_CACHES: o.show_caches = 1; break;
        case OPT_OFFSETS: o.show_offsets = 1; break;
        case OPT_MAX_STEPS: o.max_steps = parse_max_steps(optarg); break;
        case OPT_TIMEOUT: o.timeout = parse_timeout(optarg); break;
        case 'x':
        case OPT_EVAL:
            dbo.sources = xrealloc(dbo.sources, (dbo.nsources + 1) * sizeof *dbo.sources);
            dbo.sources[dbo.nsources].is_file = c == 'x';
            dbo.sources[dbo.nsources++].text = optarg;
            break;
        case OPT_BATCH: dbo.batch = true; break;
        case OPT_NX: dbo.nx = true; break;
        case OPT_PYTHON: dbo.python = optarg; break;
        case OPT_TUI: dbo.tui = true; break;
        case OPT_IGNORE_DIR:
            ignore_dirs = xrealloc(ignore_dirs, (nignore + 2) * sizeof *ignore_dirs);
            ignore_dirs[nignore++] = optarg;
            ignore_dirs[nignore] = NULL;
            o.ignore_dirs = ignore_dirs;
            break;
        case 'h': print_help(); return 0;
        case 'V': print_version(); return 0;
        default:
            if (optopt)
                usage_error("invalid option -- '%c'", (char[]){(char)optopt, 0});
            usage_error("unrecognized option '%s'", argv[optind - 1]);
        }
    }
    if (optind >= argc)
        usage_error("%s", "missing FILE operand");
    if (mode == OPT_RUN)   /* everything after FILE belongs to the program */
        return cli_run(argv[optind], &o, argc - optind, argv + optind);
    if (mode == OPT_TRACE)
        return cli_trace(argv[optind], &o, argc - optind, argv + optind);
    if (mode == OPT_CHECK_STACK)
        return cli_check_stack(argv[optind], stack_table, &o, argc - optind, argv + optind);
    int (*each)(const char *, const CliOptions *) = NULL;
    switch (mode) {
    case OPT_DIS: each = cli_dis; break;
    case OPT_INFO: each = cli_info; break;
    case OPT_DUMP_LINES: each = cli_dump_lines; break;
    case OPT_DUMP_EVENTS: each = cli_dump_line_events; break;
    default: {
        /* The debugger: everything after FILE belongs to the program. */
        dbo.max_steps = o.max_steps;
        dbo.timeout = o.timeout;
        int st = cli_debug(argv[optind], &dbo, argc - optind, argv + optind);
        free(dbo.sources);
        return st;
    }
    }
    /* Several files: each block is headed `==> FILE <==` as head(1) does;
     * the status is 2 when any file failed. */
    int status = 0, nfiles = argc - optind;
    for (int i = optind; i < argc; i++) {
        if (nfiles > 1) {
            printf("%s==> %s <==\n", i > optind ? "\n" : "", argv[i]);
            fflush(stdout);
        }
        if (each(argv[i], &o) != 0)
            status = 2;
    }
    return status;
}
