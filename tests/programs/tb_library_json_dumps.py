# needs: cpython-library
# An uncaught TypeError from json.dumps with indent: the Python encoder's
# generator frames for each level.
import datetime
import json

record = {"id": 7, "tags": ["a", "b"], "meta": {"created": datetime.date(2024, 1, 2)}}
print(json.dumps(record["tags"], indent=2))
print(json.dumps(record, indent=2))
