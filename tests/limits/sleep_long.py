# limits: --timeout ends a sleep.
import time

print("sleeping")
time.sleep(1000)
print("woke up")
