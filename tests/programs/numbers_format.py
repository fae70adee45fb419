# min-version: 3.12
# The format-spec mini-language for numbers: format(), str.format() and
# f-strings with fill, align, sign, z, #, 0, width, grouping, precision and
# every presentation type, for int, bool, float and complex, and the
# ValueErrors of bad specs.


def fmt(v, spec):
    try:
        return repr(format(v, spec))
    except Exception as e:
        return "! %s: %s" % (type(e).__name__, e)


ints = [0, 7, -7, 255, 1234567, -9876543210, 2**64, True]
int_specs = ["", "d", "b", "o", "x", "X", "c", "n", "#b", "#o", "#x", "#X", "+d", " d",
             "10", "<10", "^10", "=10", "*^11", "010", "08,", "010,", "012_", "_b", "_x",
             "#_x", "#010x", "#012_b", "+#x", ",", "_", "e", "f", ".2f", "%", "g", "10.2%",
             "020,.2f", ".2", "z", ",c", "_n", "+c", "#c", "q", "dd", ".", "0=8", "0<8",
             "x<8", "^+9", "\u2605^10", "\u0661\u0660"]
for v in ints:
    for s in int_specs:
        print("int", repr(v), repr(s), fmt(v, s))

floats = [0.0, -0.0, 1.5, -2.5, 0.1, 1234.5678, 1e16, 1e-5, 123456789.0, 1e22,
          5e-324, float("inf"), float("-inf"), float("nan"), 9.995, 0.0001234, 100.0]
float_specs = ["", "e", "E", "f", "F", "g", "G", "n", "%", ".0e", ".3e", ".0f", ".2f",
               ".0g", ".1g", ".3g", ".10g", ".0", ".1", ".3", ".17", "#", "#.0f", "#.0e",
               "#g", "#.3g", "#.0", "+", " ", "+.2f", "10", "<10", "^10", "=10", "*>12",
               "012", "012.3f", "015,.2f", "020,", ",", "_", ",.2f", "_.3e", ".2%", "z",
               "z.2f", "z.0f", "z,", ".3n", "d", "x", "+#010.3", "=+12.3f", "#.2g", "08.3%"]
for v in floats:
    for s in float_specs:
        print("float", repr(v), repr(s), fmt(v, s))

cplx = [0j, 1j, 1 + 2j, -1.5 - 2.5j, complex(0.0, -0.0), complex(-0.0, 0.0),
        complex(1e16, 1e-5), complex(float("inf"), float("nan"))]
cplx_specs = ["", "e", "f", "g", ".2f", ".3", "+", " ", "20", "<20", "^20", "*^25", ",",
              "_.2f", "n", "#", "#.0f", "z", "z.1f", "010", "=20", "d", "%", "E", "G"]
for v in cplx:
    for s in cplx_specs:
        print("complex", repr(v), repr(s), fmt(v, s))

print("-- str.format and f-strings")
x = 1234.5
n = 42
print("{:>10}|{:<10}|{:^10}|".format(n, n, n))
print("{0:{1}{2}}|".format(x, "*^", 12))
print(f"{x:,.2f}|{n:#x}|{n:08b}|{-n:+d}|{x:e}|{x!r:>10}|{n:{'>'}{6}}")
width, prec = 12, 3
print(f"{x:{width}.{prec}f}|{x:.{prec}}|{2**70:,}|{True:d}|{True}|{False:>6}")
print("%5.2f|%-6d|%x|%e|%g" % (x, n, n, x, x))
for bad in ["{:,c}", "{:=s}", "{:z}", "{:.}", "{:99999999999999999999d}"]:
    try:
        print(bad.format(65))
    except Exception as e:
        print(bad, "!", type(e).__name__, e)
