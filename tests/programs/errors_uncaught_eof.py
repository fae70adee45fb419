# min-version: 3.12
# input() with an empty stdin: the prompt reaches stdout, EOFError ends the
# program (status 1).
print("before input")
name = input("your name: ")
print("never", name)
