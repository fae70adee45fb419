# needs: cpython-library
# cmd (a line-oriented command interpreter) comes from the machine's CPython
# 3.12 library: class definitions, docstring help, default(), emptyline.
import cmd
import io


class Calc(cmd.Cmd):
    """A tiny calculator shell."""
    prompt = "(calc) "

    def __init__(self, out):
        super().__init__(stdout=out)
        self.total = 0

    def do_add(self, arg):
        """add N...: add the numbers to the total"""
        self.total += sum(int(x) for x in arg.split())
        print("total", self.total, file=self.stdout)

    def do_reset(self, arg):
        """reset the total"""
        self.total = 0

    def do_quit(self, arg):
        return True

    def default(self, line):
        print("what is", repr(line), file=self.stdout)


out = io.StringIO()
c = Calc(out)
for line in ["add 1 2 3", "add 4", "mul 3", "help add", "help", "reset", "add", "quit"]:
    stop = c.onecmd(line)
    print(line, "->", stop)
print(out.getvalue())
print(c.completenames("a"), c.completenames("re"), c.get_names()[:4])
c.onecmd("add x")
