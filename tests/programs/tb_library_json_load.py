# needs: cpython-library
# An uncaught JSONDecodeError from json.load: load's extra frame.
import io
import json

good = io.StringIO('{"a": [1, 2]}')
print(json.load(good))
bad = io.StringIO('{"a": [1, 2}')
print(json.load(bad))
