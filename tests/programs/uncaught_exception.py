# An uncaught exception: the traceback goes to stderr (source lines and
# carets from the .py beside the .pyc), stdout is flushed first, status 1.


def parse(text):
    return int(text)


def total(items):
    return sum(parse(x) for x in items)


class Account:
    def __init__(self, owner):
        self.owner = owner
        self.balance = 0

    def deposit(self, amount):
        if amount <= 0:
            raise ValueError("deposit must be positive, got %r" % (amount,))
        self.balance += amount


print(total(["1", "2", "3"]))
acct = Account("ann")
acct.deposit(5)
print(acct.owner, acct.balance)
print(total(["4", "five"]) if False else "skipped")
acct.deposit(-1)
print("not reached")
