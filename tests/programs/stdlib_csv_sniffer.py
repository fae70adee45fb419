# min-version: 3.12
# csv.Sniffer: sniff (quote/delimiter regexes, frequency consistency, preferred delimiters, delimiters=), has_header, the sniffed dialect class
import csv, io
s = csv.Sniffer()
print(s.preferred)
samples = [
    'name,age,city\r\nAlice,30,"New York, NY"\r\nBob,25,Paris\r\n',
    "a;b;c\n1;2;3\n4;5;6\n",
    "x\ty\tz\n1\t2\t3\n",
    "'a' 'b'\n'c' 'd'\n",
    'one|two|three\nfour|five|six\n',
    "a, b, c\n1, 2, 3\n",
    '"x","y"\n"1","2"\n',
    "single\ncolumn\nonly\n",
    "a:b:c\nd:e:f\ng:h:i\n",
    "id,name\n1,\"He said \"\"hi\"\"\"\n2,x\n",
]
for sample in samples:
    try:
        d = s.sniff(sample)
        print(repr(d.delimiter), repr(d.quotechar), d.doublequote, d.skipinitialspace, repr(d.lineterminator), d.quoting, d._name)
        print(list(csv.reader(io.StringIO(sample), d))[:2])
    except csv.Error as e:
        print("Error", e)
    try:
        print("header:", s.has_header(sample))
    except csv.Error as e:
        print("Error", e)
print(s.sniff("a;b,c;d\ne;f,g;h", delimiters=";").delimiter)
try:
    s.sniff("")
except csv.Error as e:
    print("Error", e)
print(s.has_header("name,value\nx,1\ny,2\nz,3\n"), s.has_header("1,2\n3,4\n5,6\n"))
print(type(s.sniff("a,b\nc,d")).__name__, s.sniff("a,b\nc,d").__qualname__, issubclass(s.sniff("a,b"), csv.Dialect))
print("Sniffer" in csv.__all__)
