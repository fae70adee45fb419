#!/usr/bin/env python3
"""gen_unicodedata_mod.py — write src/native/unicodedata_tables.c, the data
behind the `unicodedata` module (src/native/mod_unicodedata.c).

Must run under CPython 3.12: every property is read from that
interpreter's own unicodedata module (Unicode 15.0.0), so the tables say
exactly what 3.12 says.  The only input that CPython cannot enumerate is
the list of name aliases and named sequences (lookup() accepts them but
nothing lists them); their candidate names come from the Unicode 15.0.0
files of Debian's unicode-data package (/usr/share/unicode), and each is
kept only with the value CPython's lookup() returns for it.

Tables written:
  * property records (category, bidirectional, combining, mirrored,
    east_asian_width, decimal, digit, numeric) behind a two-level index;
  * decomposition mappings (tag + code points) behind a second index;
  * canonical composition pairs (first, second -> primary composite),
    derived from the pair decompositions whose composite survives NFC
    (that leaves out the composition exclusions and non-starter
    decompositions without a separate list);
  * character names, each a list of word numbers into a lexicon, most
    frequent words one byte, the rest two; located through the 64-code-
    point blocks that hold names (a bit mask per block).  Names made of a
    prefix and the code point in hex (CJK UNIFIED IDEOGRAPH-4E00 …) are
    stored as ranges, Hangul syllables as their jamo short names.

Usage: python3.12 tools/gen_unicodedata_mod.py [-o src/native/unicodedata_tables.c]
"""
import os
import re
import sys
import unicodedata as U

if sys.version_info[:2] != (3, 12):
    sys.exit("gen_unicodedata_mod.py: must run under CPython 3.12 (this is %s)"
             % sys.version.split()[0])

UNIDIR = "/usr/share/unicode"
NCP = 0x110000
SBASE, LCOUNT, VCOUNT, TCOUNT = 0xAC00, 19, 21, 28
NCOUNT = VCOUNT * TCOUNT
SCOUNT = LCOUNT * NCOUNT


def best_two_level(per_cp, limit):
    best = None
    for shift in range(3, 12):
        size = 1 << shift
        blocks = {}
        index1, index2 = [], []
        for start in range(0, limit, size):
            blk = tuple(per_cp[start:start + size])
            if len(blk) < size:
                blk = blk + (0,) * (size - len(blk))
            if blk not in blocks:
                blocks[blk] = len(blocks)
                index2.extend(blk)
            index1.append(blocks[blk])
        w1 = 1 if len(blocks) <= 256 else 2
        w2 = 1 if max(index2) <= 255 else 2
        cost = len(index1) * w1 + len(index2) * w2
        if best is None or cost < best[0]:
            best = (cost, shift, index1, index2)
    return best[1:]


def ctype(values):
    m = max(values)
    return "uint8_t" if m <= 255 else "uint16_t" if m <= 65535 else "uint32_t"


def c_array(name, values, per_line=20, typ=None):
    typ = typ or ctype(values)
    lines = ["static const %s %s[%d] = {" % (typ, name, len(values))]
    for i in range(0, len(values), per_line):
        lines.append(",".join("%d" % v for v in values[i:i + per_line]) + ",")
    lines.append("};")
    return "\n".join(lines)


def c_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    out = "src/native/unicodedata_tables.c"
    if len(sys.argv) == 3 and sys.argv[1] == "-o":
        out = sys.argv[2]
    elif len(sys.argv) != 1:
        sys.exit(__doc__)
    parts = []

    # ---- properties
    cats, bidis, eaws, nums = [], [], [], []

    def idx(lst, v):
        if v not in lst:
            lst.append(v)
        return lst.index(v)
    for v in ("Cn",):
        idx(cats, v)
    idx(bidis, "")
    idx(eaws, "N")
    idx(nums, None)
    records, rec_index, per_cp = [], {}, []
    for cp in range(NCP):
        c = chr(cp)
        num = U.numeric(c, None)
        rec = (idx(cats, U.category(c)), idx(bidis, U.bidirectional(c)), U.combining(c),
               U.mirrored(c) | (idx(eaws, U.east_asian_width(c)) << 1),
               U.decimal(c, 255), U.digit(c, 255), idx(nums, num))
        if rec not in rec_index:
            rec_index[rec] = len(records)
            records.append(rec)
        per_cp.append(rec_index[rec])
    shift, index1, index2 = best_two_level(per_cp, NCP)
    parts.append("#define PROP_SHIFT %d" % shift)
    parts.append("static const char *const CATEGORY_NAMES[] = {%s};"
                 % ", ".join(c_string(x) for x in cats))
    parts.append("static const char *const BIDI_NAMES[] = {%s};"
                 % ", ".join(c_string(x) for x in bidis))
    parts.append("static const char *const EAW_NAMES[] = {%s};"
                 % ", ".join(c_string(x) for x in eaws))
    parts.append("static const double NUMERIC_VALUES[] = {0.0, %s};"
                 % ", ".join(repr(float(x)) for x in nums[1:]))
    parts.append("static const UcdProp PROP_RECORDS[%d] = {\n%s\n};" % (
        len(records), "\n".join("{%d,%d,%d,%d,%d,%d,%d}," % r for r in records)))
    parts.append(c_array("PROP_INDEX1", index1))
    parts.append(c_array("PROP_INDEX2", index2))

    # ---- decompositions (Hangul syllables are algorithmic: CPython's
    # decomposition() gives '' for them)
    tags = [""]
    decomp_data = [0]
    decomp_seen = {}
    per_cp = []
    for cp in range(NCP):
        d = U.decomposition(chr(cp))
        if not d:
            per_cp.append(0)
            continue
        fields = d.split()
        tag = ""
        if fields[0].startswith("<"):
            tag = fields.pop(0)
        cps = tuple(int(x, 16) for x in fields)
        key = (tag, cps)
        if key not in decomp_seen:
            decomp_seen[key] = len(decomp_data)
            decomp_data.append((idx(tags, tag) << 8) | len(cps))
            decomp_data.extend(cps)
        per_cp.append(decomp_seen[key])
    limit = max(i for i, v in enumerate(per_cp) if v) + 1
    shift, index1, index2 = best_two_level(per_cp, limit)
    parts.append("#define DECOMP_SHIFT %d\n#define DECOMP_LIMIT 0x%X" % (shift, limit))
    parts.append("static const char *const DECOMP_TAGS[] = {%s};"
                 % ", ".join(c_string(x) for x in tags))
    parts.append(c_array("DECOMP_DATA", decomp_data, typ="uint32_t"))
    parts.append(c_array("DECOMP_INDEX1", index1))
    parts.append(c_array("DECOMP_INDEX2", index2))

    # ---- composition pairs
    pairs = []
    for cp in range(NCP):
        if SBASE <= cp < SBASE + SCOUNT:
            continue
        d = U.decomposition(chr(cp))
        if not d or d.startswith("<"):
            continue
        f = [int(x, 16) for x in d.split()]
        if len(f) == 2 and U.normalize("NFC", chr(cp)) == chr(cp):
            pairs.append((f[0], f[1], cp))
    pairs.sort()
    parts.append("static const uint32_t COMPOSE_PAIRS[%d][3] = {\n%s\n};" % (
        len(pairs), "\n".join("{%d,%d,%d}," % p for p in pairs)))

    # ---- names
    hangul_l = [U.name(chr(SBASE + l * NCOUNT))[16:-1] for l in range(LCOUNT)]
    hangul_v = [U.name(chr(SBASE + v * TCOUNT))[17:] for v in range(VCOUNT)]
    hangul_t = [U.name(chr(SBASE + t))[18:] for t in range(TCOUNT)]
    assert U.name(chr(SBASE)) == "HANGUL SYLLABLE GA"
    for cp in range(SBASE, SBASE + SCOUNT):
        s = cp - SBASE
        assert U.name(chr(cp)) == "HANGUL SYLLABLE " + hangul_l[s // NCOUNT] + \
            hangul_v[(s % NCOUNT) // TCOUNT] + hangul_t[s % TCOUNT]
    ranges = []       # [first, last, prefix, width]
    named = {}
    hexname = re.compile(r"^(.*-)([0-9A-F]{4,6})$")
    for cp in range(NCP):
        if SBASE <= cp < SBASE + SCOUNT:
            continue
        n = U.name(chr(cp), None)
        if n is None:
            continue
        m = hexname.match(n)
        if m and int(m.group(2), 16) == cp and m.group(1) != "":
            pre, width = m.group(1), len(m.group(2))
            if ranges and ranges[-1][2] == pre and ranges[-1][1] == cp - 1 and ranges[-1][3] == width:
                ranges[-1][1] = cp
            else:
                ranges.append([cp, cp, pre, width])
            continue
        named[cp] = n
    # Ranges of a single code point stay ordinary names.
    for r in [r for r in ranges if r[0] == r[1]]:
        named[r[0]] = r[2] + "%0*X" % (r[3], r[0])
        ranges.remove(r)
    words = {}
    for n in named.values():
        for w in n.split(" "):
            words[w] = words.get(w, 0) + 1
    lexicon = sorted(words, key=lambda w: (-words[w], w))
    k = 1
    while (256 - k) + k * 256 < len(lexicon):
        k += 1
    nsingle = 256 - k
    wnum = {w: i for i, w in enumerate(lexicon)}

    def encode(n):
        b = []
        for w in n.split(" "):
            i = wnum[w]
            if i < nsingle:
                b.append(i)
            else:
                i -= nsingle
                b.extend((nsingle + (i >> 8), i & 255))
        return b
    lex_offsets, lex_text = [], []
    pos = 0
    for w in lexicon:
        lex_offsets.append(pos)
        lex_text.append(w)
        pos += len(w) + 1
    lex_offsets.append(pos)
    book = []
    blocks = []        # (block number, offset, mask)
    for cp in sorted(named):
        blk = cp >> 6
        if not blocks or blocks[-1][0] != blk:
            blocks.append([blk, len(book), 0])
        blocks[-1][2] |= 1 << (cp & 63)
        e = encode(named[cp])
        assert len(e) < 256
        book.append(len(e))
        book.extend(e)
    parts.append("#define NAME_SINGLE %d" % nsingle)
    text = "\0".join(lex_text) + "\0"
    chunks = []
    for i in range(0, len(lexicon), 12):
        # "\\000": a shorter octal escape could swallow a word's leading digit
        chunks.append(c_string("\0".join(lexicon[i:i + 12]) + "\0").replace("\0", "\\000"))
    parts.append("static const char LEXICON[%d] =\n%s;" % (len(text) + 1, "\n".join(chunks)))
    parts.append(c_array("LEXICON_OFFSETS", lex_offsets, 12, "uint32_t"))
    parts.append(c_array("NAME_BOOK", book, 24))
    parts.append("#define NAME_NBLOCKS %d" % len(blocks))
    parts.append(c_array("NAME_BLOCK_IDS", [b[0] for b in blocks], 16))
    parts.append(c_array("NAME_BLOCK_OFFSETS", [b[1] for b in blocks], 12, "uint32_t"))
    parts.append("static const uint64_t NAME_BLOCK_MASKS[%d] = {\n%s\n};" % (
        len(blocks), "\n".join(",".join("0x%xu" % b[2] for b in blocks[i:i + 6]) + ","
                               for i in range(0, len(blocks), 6))))
    parts.append("static const NameRange NAME_RANGES[%d] = {\n%s\n};" % (
        len(ranges), "\n".join("{0x%X,0x%X,%s,%d}," % (a, b, c_string(p), w)
                               for a, b, p, w in ranges)))
    parts.append("static const char *const HANGUL_L[%d] = {%s};" % (
        LCOUNT, ",".join(c_string(x) for x in hangul_l)))
    parts.append("static const char *const HANGUL_V[%d] = {%s};" % (
        VCOUNT, ",".join(c_string(x) for x in hangul_v)))
    parts.append("static const char *const HANGUL_T[%d] = {%s};" % (
        TCOUNT, ",".join(c_string(x) for x in hangul_t)))

    # ---- aliases and named sequences, checked against CPython's lookup()
    for f in ("NameAliases.txt", "NamedSequences.txt"):
        if not os.path.exists(os.path.join(UNIDIR, f)):
            sys.exit("gen_unicodedata_mod.py: %s/%s missing (apt-get install unicode-data)"
                     % (UNIDIR, f))
    aliases = []
    with open(UNIDIR + "/NameAliases.txt", encoding="utf-8") as f:
        for line in f:
            line = line.split("#")[0].strip()
            if not line:
                continue
            cp, name, _ = line.split(";")
            try:
                v = U.lookup(name)
            except KeyError:
                continue
            assert v == chr(int(cp, 16)), name
            aliases.append((name, [int(cp, 16)]))
    nseq = 0
    with open(UNIDIR + "/NamedSequences.txt", encoding="utf-8") as f:
        for line in f:
            line = line.split("#")[0].strip()
            if not line:
                continue
            name, seq = line.split(";")
            seq = [int(x, 16) for x in seq.split()]
            try:
                v = U.lookup(name)
            except KeyError:
                continue
            assert v == "".join(map(chr, seq)), name
            aliases.append((name, seq))
            nseq += 1
    parts.append("static const NameAlias NAME_ALIASES[%d] = {\n%s\n};" % (
        len(aliases), "\n".join("{%s,%d,{%s}}," % (c_string(n), len(s), ",".join(map(str, s)))
                               for n, s in aliases)))
    text = HEAD % {"python": sys.version.split()[0], "unidata": U.unidata_version,
                   "nnames": len(named), "nlex": len(lexicon), "nalias": len(aliases) - nseq,
                   "nseq": nseq}
    text += "\n\n".join(parts) + "\n"
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    sys.stderr.write("%s: %d bytes, %d prop records, %d names, %d words, %d ranges\n"
                     % (out, len(text), len(records), len(named), len(lexicon), len(ranges)))


HEAD = """\
/* unicodedata_tables.c — GENERATED by tools/gen_unicodedata_mod.py; do not edit.
 *
 * The Unicode %(unidata)s character database as CPython %(python)s's
 * unicodedata module reports it, included by src/native/mod_unicodedata.c
 * (which defines UcdProp, NameRange and NameAlias).  %(nnames)d stored
 * names over a lexicon of %(nlex)d words; %(nalias)d aliases and %(nseq)d
 * named sequences.
 */

"""

if __name__ == "__main__":
    main()
