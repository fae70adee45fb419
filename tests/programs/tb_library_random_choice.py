# needs: cpython-library
# An uncaught error from random.choice: its random.py frame ends the output.
import random

words = [w for w in "alpha beta gamma".split() if w.startswith("z")]
print(len(words))
print(random.choice(words))
