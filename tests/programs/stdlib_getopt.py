# min-version: 3.12
# getopt: getopt and gnu_getopt, short and long options, unique prefixes, GetoptError messages and attributes
import getopt
for args, so, lo in [(["-a", "1", "-bc", "x", "rest"], "a:bc", []),
                     (["--alpha=3", "--beta", "file", "-a", "2"], "a:b", ["alpha=", "beta"]),
                     (["-a"], "a:", []), (["-z"], "a", []), (["--al", "v"], "", ["alpha="]),
                     (["--a"], "", ["alpha", "apple"]), (["--beta=1"], "", ["beta"]),
                     (["--nope"], "", ["beta"]), (["--", "-a"], "a", []), (["-", "-a"], "a", []),
                     (["-avalue"], "a:", []), (["--alpha"], "", "alpha=")]:
    try:
        print(getopt.getopt(args, so, lo))
    except getopt.GetoptError as e:
        print("GetoptError", e, repr(e.msg), repr(e.opt), e.args)
print(getopt.gnu_getopt(["file", "-a", "1", "more", "--beta", "--", "-x"], "a:", ["beta"]))
print(getopt.gnu_getopt(["file", "-a", "1"], "+a:", []))
print(getopt.error is getopt.GetoptError, getopt.GetoptError("m").opt, str(getopt.GetoptError("m", "o")))
