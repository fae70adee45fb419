# needs: cpython-library
# An uncaught error from random.sample with a set population.
import random

random.seed(3)
deck = {"hearts", "spades"}
hand = random.sample(sorted(deck), 2)
print(sorted(hand))
hand = random.sample(deck, 1)
