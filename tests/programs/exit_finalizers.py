# Objects still alive when the program ends: their __del__ methods run with
# the module's globals intact (a class counter, a log list), in the order
# 3.12's collector finalizes __main__'s objects (direct globals first, then
# what containers and attributes hold); unreachable cycles go first.
class Employee:
    count = 0

    def __init__(self, name):
        self.name = name
        Employee.count += 1

    def __del__(self):
        Employee.count -= 1
        print(f"{self.name} left, {Employee.count} remaining")


class Team:
    def __init__(self, *names):
        self.members = [Employee(n) for n in names]
        self.lead = Employee(names[0] + "-lead")


class Cycle:
    def __init__(self, tag):
        self.tag = tag
        self.me = self

    def __del__(self):
        print("cycle", self.tag, "collected")


boss = Employee("Boss")
staff = [Employee("Ann"), Employee("Bob")]
team = Team("Cy", "Di")
Cycle("orphan")
registry = {"temp": Employee("Temp")}
last = Employee("Last")
print("employees:", Employee.count)
