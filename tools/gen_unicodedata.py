#!/usr/bin/env python3
"""gen_unicodedata.py — write src/obj/unicodedata.c from CPython 3.12 itself.

The VM's str methods (isalpha … isidentifier, upper/lower/title/casefold,
int('٣')) need the character database of the Python version they imitate.
This script must run under CPython 3.12: it asks the interpreter's own str
methods about every code point, so the tables hold exactly what 3.12 answers
(Unicode 15.0.0), including the properties 3.12 does not expose directly:

  * "cased" is probed with title(): the letter after a cased character is
    lowered, so (c + 'A').title() ends with 'a' iff c is cased;
  * "case-ignorable" is probed with the final-sigma rule of lower():
    (c + 'Σ') gives 'ς' iff c is cased and not case-ignorable, and
    ('A' + c + 'Σ') gives 'ς' iff c is case-ignorable or cased.  Only
    the cased status of characters that are not case-ignorable matters to
    that rule, so the two probes determine everything lower() needs;
  * line breaks (splitlines) with ('a' + c + 'b').splitlines().

Layout of the output: each code point maps to one record (flags, decimal
value, case mappings) through a two-level index (CPython's and everyone's
classic trie: a block number per 2**SHIFT code points, identical blocks
shared).  A record's mappings are code point deltas when every mapping is
a single character and the case fold equals the lower mapping; otherwise
(UCD_EXTCASE) they are offsets into UCD_EXT, where each entry is a length
followed by that many code points ('ß'.upper() == 'SS').

Usage: python3.12 tools/gen_unicodedata.py [-o src/obj/unicodedata.c]
"""
import sys
import unicodedata

if sys.version_info[:2] != (3, 12):
    sys.exit("gen_unicodedata.py: must run under CPython 3.12 (this is %s)"
             % sys.version.split()[0])

FLAGS = [
    ("ALPHA", str.isalpha),
    ("DECIMAL", str.isdecimal),
    ("DIGIT", str.isdigit),
    ("NUMERIC", str.isnumeric),
    ("SPACE", str.isspace),
    ("LOWER", str.islower),
    ("UPPER", str.isupper),
    # istitle() of one character is "upper or titlecase"; Lt letters are
    # never Uppercase, so titlecase is istitle and not isupper.
    ("TITLE", lambda c: c.istitle() and not c.isupper()),
    ("CASED", lambda c: (c + "A").title()[-1] == "a"),
    ("CASE_IGNORABLE", lambda c: (c + "\u03a3").lower()[-1] != "\u03c2"
        and ("A" + c + "\u03a3").lower()[-1] == "\u03c2"),
    ("XID_START", str.isidentifier),
    ("XID_CONTINUE", lambda c: ("a" + c).isidentifier()),
    ("PRINTABLE", str.isprintable),
    ("LINEBREAK", lambda c: len(("a" + c + "b").splitlines()) == 2),
]
EXTCASE = 1 << len(FLAGS)


def record(cp):
    c = chr(cp)
    flags = 0
    for i, (_, fn) in enumerate(FLAGS):
        if fn(c):
            flags |= 1 << i
    dec = unicodedata.decimal(c, -1)
    maps = (c.upper(), c.lower(), c.title(), c.casefold())
    return flags, dec, maps


def main():
    out = "src/obj/unicodedata.c"
    if len(sys.argv) == 3 and sys.argv[1] == "-o":
        out = sys.argv[2]
    elif len(sys.argv) != 1:
        sys.exit(__doc__)

    ext = [0]            # UCD_EXT; entry 0 unused so offsets are > 0
    ext_index = {}
    records = []
    record_index = {}
    per_cp = []
    for cp in range(0x110000):
        flags, dec, maps = record(cp)
        if all(len(m) == 1 for m in maps) and maps[3] == maps[1]:
            fields = tuple(ord(m) - cp for m in maps)
        else:
            flags |= EXTCASE
            fields = []
            for m in maps:
                key = tuple(ord(x) for x in m)
                if key not in ext_index:
                    ext_index[key] = len(ext)
                    ext.append(len(key))
                    ext.extend(key)
                fields.append(ext_index[key])
            fields = tuple(fields)
        rec = (fields, flags, dec if dec >= 0 else 0xff)
        if rec not in record_index:
            record_index[rec] = len(records)
            records.append(rec)
        per_cp.append(record_index[rec])

    best = None
    for shift in range(4, 11):
        size = 1 << shift
        blocks = {}
        index1 = []
        index2 = []
        for start in range(0, 0x110000, size):
            blk = tuple(per_cp[start:start + size])
            if blk not in blocks:
                blocks[blk] = len(blocks)
                index2.extend(blk)
            index1.append(blocks[blk])
        i2type = 2 if len(records) > 255 else 1
        i1type = 2 if len(blocks) > 255 else 1
        cost = len(index1) * i1type + len(index2) * i2type
        if best is None or cost < best[0]:
            best = (cost, shift, index1, index2)
    _, shift, index1, index2 = best
    write(out, shift, index1, index2, records, ext)


def c_array(ctype, name, values, per_line=12, fmt="%d"):
    lines = ["static const %s %s[%d] = {" % (ctype, name, len(values))]
    for i in range(0, len(values), per_line):
        lines.append("    " + ", ".join(fmt % v for v in values[i:i + per_line]) + ",")
    lines.append("};")
    return "\n".join(lines)


def write(path, shift, index1, index2, records, ext):
    i1t = "uint16_t" if max(index1) > 255 else "uint8_t"
    i2t = "uint16_t" if max(index2) > 255 else "uint8_t"
    flag_enum = "\n".join("    UCD_%s = 1u << %d," % (n, i) for i, (n, _) in enumerate(FLAGS))
    rec_lines = ["static const UcdRecord RECORDS[%d] = {" % len(records)]
    for fields, flags, dec in records:
        rec_lines.append("    {{%d, %d, %d, %d}, 0x%04x, %d}," % (fields + (flags, dec)))
    rec_lines.append("};")
    text = HEAD % {
        "python": sys.version.split()[0],
        "unidata": unicodedata.unidata_version,
        "nrec": len(records),
        "shift": shift,
    }
    text += "\n".join([
        "#define SHIFT %d" % shift,
        "",
        "\n".join(rec_lines),
        "",
        c_array(i1t, "INDEX1", index1, 16),
        "",
        c_array(i2t, "INDEX2", index2, 16),
        "",
        c_array("uint32_t", "EXT", ext, 8, "0x%04x"),
        "",
    ])
    text += TAIL
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    # The flag enum lives in types.h; print it so a mismatch is easy to see.
    sys.stderr.write("flags (must match types.h):\n%s\nEXTCASE = 1u << %d\n"
                     % (flag_enum, len(FLAGS)))


HEAD = """\
/* unicodedata.c — GENERATED by tools/gen_unicodedata.py; do not edit.
 *
 * The character database behind the VM's str methods, measured on
 * CPython %(python)s (Unicode %(unidata)s) by asking its own str methods
 * about every code point (see the script for the probes).
 *
 * Lookup: RECORDS[INDEX2[(INDEX1[cp >> SHIFT] << SHIFT) + (cp & MASK)]]
 * (%(nrec)d distinct records, blocks of 2**%(shift)d code points).  A record
 * holds the UCD_* flags of types.h, the decimal value (0xff: none) and the
 * upper/lower/title/casefold mappings: deltas from cp, or with UCD_EXTCASE
 * offsets into EXT, each entry a length followed by the code points.
 */
#include "config.h"

#include "pydbg/types.h"

typedef struct UcdRecord {
    int32_t map[4];          /* upper, lower, title, fold */
    uint16_t flags;
    uint8_t decimal;
} UcdRecord;

"""

TAIL = """\
#define MASK ((1u << SHIFT) - 1)

static const UcdRecord *lookup(uint32_t cp)
{
    if (cp > 0x10ffff)
        return &RECORDS[0];   /* not a code point: no properties */
    unsigned blk = INDEX1[cp >> SHIFT];
    return &RECORDS[INDEX2[(blk << SHIFT) + (cp & MASK)]];
}

unsigned ucd_flags(uint32_t cp)
{
    return lookup(cp)->flags;
}

int ucd_decimal(uint32_t cp)
{
    uint8_t d = lookup(cp)->decimal;
    return d == 0xff ? -1 : d;
}

/* which: 0 upper, 1 lower, 2 title, 3 casefold.  Writes 1..3 code points. */
static int map_case(uint32_t cp, int which, uint32_t out[3])
{
    const UcdRecord *r = lookup(cp);
    if (!(r->flags & UCD_EXTCASE)) {
        out[0] = (uint32_t)((int32_t)cp + r->map[which]);
        return 1;
    }
    const uint32_t *e = &EXT[r->map[which]];
    int n = (int)e[0];
    for (int i = 0; i < n; i++)
        out[i] = e[1 + i];
    return n;
}

int ucd_to_upper(uint32_t cp, uint32_t out[3]) { return map_case(cp, 0, out); }
int ucd_to_lower(uint32_t cp, uint32_t out[3]) { return map_case(cp, 1, out); }
int ucd_to_title(uint32_t cp, uint32_t out[3]) { return map_case(cp, 2, out); }
int ucd_to_fold(uint32_t cp, uint32_t out[3]) { return map_case(cp, 3, out); }
"""

if __name__ == "__main__":
    main()
