# needs: cpython-library
# An uncaught KeyError from string.Template.substitute.
from string import Template

letter = Template("Dear $name,\nyour order $order ships on $day.")
print(letter.safe_substitute(name="Ada"))
print(letter.substitute(name="Ada", order=42))
