# needs: cpython-library
# csv.DictWriter with a row holding a key the header lacks: csv.py's frames.
import csv
import io
import traceback

out = io.StringIO()
writer = csv.DictWriter(out, fieldnames=["name", "age"])
writer.writeheader()
writer.writerow({"name": "Ada", "age": 36})
try:
    writer.writerows([{"name": "Bob", "age": 7}, {"name": "Cy", "email": "c@x"}])
except ValueError:
    print(traceback.format_exc())
print(out.getvalue(), end="")
writer.writerow({"name": "Dee", "age": 50, "city": "Oslo"})
