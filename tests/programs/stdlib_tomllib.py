# min-version: 3.12
# tomllib: the TOML 1.0 example documents (tables, arrays of tables, inline tables, every string kind and escape, integers in four bases, floats and special floats, offset/local date-times, dates, times), parse_float=Decimal, CRLF
import tomllib, datetime
doc = '''
# This is a TOML document
title = "TOML Example"

[owner]
name = "Tom Preston-Werner"
dob = 1979-05-27T07:32:00-08:00

[database]
enabled = true
ports = [ 8000, 8001, 8002 ]
data = [ ["delta", "phi"], [3.14] ]
temp_targets = { cpu = 79.5, case = 72.0 }

[servers]

[servers.alpha]
ip = "10.0.0.1"
role = "frontend"

[servers.beta]
ip = "10.0.0.2"
role = "backend"
'''
d = tomllib.loads(doc)
print(d)
print(d['owner']['dob'].utcoffset(), d['owner']['dob'].tzinfo)
doc2 = r'''
str1 = "I'm a string. \"You can quote me\". Name\tJos\u00E9\nLocation\tSF. \U0001F600"
str2 = """
Roses are red
Violets are blue"""
str3 = """\
       The quick brown \
       fox jumps over \
       the lazy dog.\
       """
lit1 = 'C:\Users\nodejs\templates'
q = """Here are fifteen quotation marks: ""\"""\"""\"""\"""\"."""
int1 = +99
int2 = 1_000
int3 = -17
hex1 = 0xDEAD_BEEF
oct1 = 0o755
bin1 = 0b1101_0110
flt1 = +1.0
flt2 = 3.1415
flt3 = -0.01
flt4 = 5e+22
flt5 = 6.626e-34
flt6 = 224_617.445_991_228
sf1 = inf
sf2 = -inf
sf3 = nan
odt1 = 1979-05-27T07:32:00Z
odt2 = 1979-05-27T00:32:00.999999-07:00
odt3 = 1979-05-27 07:32:00.5+05:30
ldt1 = 1979-05-27T07:32:00
ld1 = 1979-05-27
lt1 = 07:32:00
lt2 = 00:32:00.123456789
"quoted key" = 1
bare-key_1 = 2
a.b.c = 3
a.b.d = 4
site."google.com" = true
arr = [
  1,
  2, # comment
]
mixed = [1, "a", {x = 1}, [2]]
empty = []
inl = {}
[[products]]
name = "Hammer"
sku = 738594937
[[products]]
[[products]]
name = "Nail"
color = "gray"
[[fruits]]
name = "apple"
[fruits.physical]
color = "red"
[[fruits.varieties]]
name = "red delicious"
[[fruits.varieties]]
name = "granny smith"
[[fruits]]
name = "banana"
[[fruits.varieties]]
name = "plantain"
'''
d = tomllib.loads(doc2)
for k, v in d.items():
    print(k, repr(v))
doc3 = r"""
lit2 = '''
The first newline is
trimmed in raw strings.
   All other whitespace
   is preserved.
'''
q2 = ''''That,' she said, 'is still pointless.''''
q3 = '''a'''''
"""
print(tomllib.loads(doc3))
print(d['odt2'].tzinfo is tomllib.loads('x = 2000-01-01T00:00:00-07:00')['x'].tzinfo)
from decimal import Decimal
print(tomllib.loads('a = 1.5\nb = [0.1, 2e3]\nc = nan', parse_float=Decimal))
print(tomllib.loads('a = 1\r\nb = "x"\r\n'))
