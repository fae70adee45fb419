# min-version: 3.14
# Template strings (PEP 750): t-string literals build Template objects with
# Interpolation parts (BUILD_TEMPLATE / BUILD_INTERPOLATION).

name = "world"
value = 3.14159
t = t"Hello {name}!"
print(type(t).__name__, t.strings, [i.value for i in t.interpolations])
t2 = t"{value:.2f} {name!r} {value=}"
for part in t2.interpolations:
    print(part.value, part.expression, part.conversion, part.format_spec)
print(t2.strings)


def render(template):
    out = []
    for item in template:
        if isinstance(item, str):
            out.append(item)
        else:
            out.append(format(item.value, item.format_spec).upper())
    return "".join(out)


print(render(t"x={name} y={value:.1f}"))
print(render(t"plain"))
