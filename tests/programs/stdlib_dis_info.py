# dis.code_info / show_code / pretty_flags / findlinestarts /
# get_instructions / Bytecode / opname / opmap, and the opcode module.
import dis
import opcode

def f(a, b, *args, c=3, **kw):
    x = a + b
    def inner():
        return x
    return inner

def g(n):
    for i in range(n):
        yield i * i

async def h():
    return 1

def simple(x):
    y = x * 2
    if y > 3:
        return y
    return -y

print(dis.code_info(simple))
print(dis.code_info(g))
dis.show_code(simple)
info = dis.code_info(f).splitlines()
print("\n".join(l for l in info if "code object" not in l))
print(dis.pretty_flags(3), "|", dis.pretty_flags(0x20 | 0x40), "|", dis.pretty_flags(0x1000000 | 1))
print(dis.pretty_flags(h.__code__.co_flags))
print(sorted(dis.COMPILER_FLAG_NAMES.items()))
print(list(dis.findlinestarts(simple.__code__)))
print(list(dis.findlinestarts(g.__code__)))
for ins in dis.get_instructions(simple):
    print(ins)
for ins in dis.get_instructions(g):
    print(ins.opname, ins.opcode, ins.arg, repr(ins.argval), repr(ins.argrepr), ins.offset,
          ins.starts_line, ins.is_jump_target, tuple(ins.positions))
first = next(iter(dis.get_instructions(simple, first_line=100)))
print(first.starts_line)
print(dis.Instruction._fields)
print(dis.Positions._fields)
bc = dis.Bytecode(simple)
print([i.opname for i in bc])
print(bc.first_line == simple.__code__.co_firstlineno, bc.codeobj is simple.__code__)
print(bc.dis())
print(dis.Bytecode(simple, current_offset=8).dis())
print(bc.info() == dis.code_info(simple))
print(repr(dis.Bytecode(simple)).startswith("Bytecode(<function simple at"))
print(len(dis.opname), dis.opname[100], dis.opname[1], dis.opname[3], dis.opname[256])
print(len(dis.opmap), dis.opmap["LOAD_CONST"], dis.opmap["RETURN_VALUE"], dis.opmap["JUMP"])
print(dis.hasconst, dis.hasname, dis.hasjrel, dis.haslocal, dis.hascompare, dis.hasfree)
print(dis.cmp_op, dis.HAVE_ARGUMENT, dis.EXTENDED_ARG)
print(opcode.opname == dis.opname, opcode.opmap == dis.opmap, opcode.cmp_op)
print(opcode.hasjabs, opcode.hasexc, opcode.hasarg[:5], len(opcode.hasarg))
for name in ["LOAD_FAST", "STORE_FAST", "CALL", "BINARY_OP", "COMPARE_OP", "FOR_ITER"]:
    print(name, opcode.opmap[name], opcode.opmap[name] in opcode.hasarg)
try:
    dis.code_info(1)
except TypeError as e:
    print("TypeError:", e)
