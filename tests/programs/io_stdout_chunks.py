# sys.stdout's text layer hands its pending text to the binary buffer in
# chunks of 8192 bytes as 3.12's TextIOWrapper does: a piece that would take
# the pending text past the chunk size first pushes out what is pending, so
# sys.stdout.buffer.write() lands between those chunks (stdout is a pipe or
# a file here, not line-buffered).
import sys

w = sys.stdout.write
w("a" * 4999 + "\n")
w("b" * 2999 + "\n")
w("c" * 190 + "\n")          # 8191 bytes pending
sys.stdout.buffer.write(b"<1>\n")
w("dd\n")                    # 8194 > 8192: the 8191 go first, "dd" stays
sys.stdout.buffer.write(b"<2>\n")
w("e" * 8188 + "\n")         # 3 + 8189 = 8192: all handed on at once
sys.stdout.buffer.write(b"<3>\n")
w("g\n")
w("f" * 9000 + "\n")         # bigger than a chunk: "g" first, then it
sys.stdout.buffer.write(b"<4>\n")
print("end")
sys.stdout.buffer.write(b"<5>\n")
sys.stdout.flush()
print("after flush")
