# min-version: 3.12
# csv: DictReader/DictWriter, files opened with newline='', excel-tab and unix dialects, a round trip; ends with an uncaught csv.Error
import csv
import io
import os

rows = [
    {"name": "Alice", "age": 30, "note": "likes, commas"},
    {"name": "Bob", "age": 25, "note": 'says "hi"'},
    {"name": "Carol", "age": None, "note": "multi\nline"},
]
with open("people.csv", "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=["name", "age", "note"])
    print(w.writeheader())
    for r in rows:
        w.writerow(r)
with open("people.csv", newline="") as f:
    print(repr(f.read()))
with open("people.csv", newline="") as f:
    rd = csv.DictReader(f)
    print(rd.fieldnames, rd.line_num)
    for rec in rd:
        print(rd.line_num, rec)
with open("people.csv", newline="") as f:
    print(list(csv.reader(f)))
os.remove("people.csv")

# DictReader details
text = "a,b,c\n1,2,3\n4,5\n6,7,8,9\n\n10,11,12\n"
dr = csv.DictReader(io.StringIO(text))
print(dr.fieldnames, list(dr), dr.line_num)
dr = csv.DictReader(io.StringIO("1,2,3\n4,5\n6,7,8,9\n"), fieldnames=["x", "y"], restkey="rest", restval="?")
print(list(dr))
dr = csv.DictReader(io.StringIO(""))
print(dr.fieldnames, list(dr))
dr = csv.DictReader(io.StringIO("k;v\n1;2\n"), delimiter=";")
print(list(dr), dr.reader.dialect.delimiter)
dr = csv.DictReader(iter(["h1\th2", "x\ty"]), dialect="excel-tab")
print(next(dr), dr.dialect)
dr.fieldnames = ["p", "q"]
print(dr.fieldnames)
dr = csv.DictReader(["a,b", "1,2"], fieldnames=iter(["u", "v"]))
print(list(dr))

# DictWriter details
s = io.StringIO()
dw = csv.DictWriter(s, fieldnames=["a", "b"], restval="R")
dw.writeheader()
dw.writerow({"a": 1})
dw.writerows([{"a": 2, "b": 3}, {"b": 4}])
print(repr(s.getvalue()))
for bad in ({"a": 1, "c": 2, "d": 3}, {"zz": 0}):
    try:
        dw.writerow(bad)
    except ValueError as e:
        print("ValueError", e)
dw2 = csv.DictWriter(s, fieldnames=["a"], extrasaction="IGNORE")
print(dw2.extrasaction, dw2.writerow({"a": 1, "z": 2}))
try:
    csv.DictWriter(s, ["a"], extrasaction="bad")
except ValueError as e:
    print("ValueError", e)
s = io.StringIO()
csv.DictWriter(s, ["x", "y"], dialect="unix").writerows([{"x": 1, "y": "two"}])
csv.DictWriter(s, ["x", "y"], delimiter="|", lineterminator="\n").writerow({"x": "a|b", "y": None})
print(repr(s.getvalue()))

# round trip through unusual content
s = io.StringIO()
data = [["", " lead", "trail ", "tab\there", "cr\rlf\n", '"', '""', ",", "\u00e9\u4e2d"], [1, 2.5, -3, True, None]]
csv.writer(s).writerows(data)
print(repr(s.getvalue()))
s.seek(0)
print(list(csv.reader(s)))
s = io.StringIO()
csv.writer(s, dialect=csv.excel_tab).writerow(["a\tb", "c"])
print(repr(s.getvalue()))

# an error nobody catches
list(csv.reader(['ok,"bad"x'], strict=True))
