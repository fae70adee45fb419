# min-version: 3.12
# shlex: split (posix, comments, errors), quote, join, the shlex lexer class (punctuation_chars, push_token, lineno)
import shlex
for s in ['ls -l "my file" \'single q\' a\\ b', 'echo "a \\"quoted\\" word" # comment', "a'b'c \"d\"e", 'x=1 y="2 3"', "",
          "  spaced   out  ", "tab\there", 'end\\', '"unclosed', "it's"]:
    try:
        print(repr(s), shlex.split(s))
    except ValueError as e:
        print(repr(s), "ValueError", e)
print(shlex.split("a # b c", comments=True), shlex.split("a 'b c'", posix=False))
for s in ["", "simple", "has space", "it's", "$HOME", "a\"b", "ok-._/:@%+=,", "é"]:
    print(repr(shlex.quote(s)))
print(shlex.join(["ls", "-l", "my file", "it's"]))
lex = shlex.shlex("a=b; c && d", punctuation_chars=True)
print(list(lex))
lex = shlex.shlex("foo(bar, 'baz qux') + 1")
print(list(lex), lex.lineno)
lex = shlex.shlex("one two\nthree", posix=True)
print(lex.get_token(), lex.get_token(), lex.lineno, lex.get_token(), lex.get_token(), lex.lineno)
lex = shlex.shlex("x y")
lex.push_token("pushed")
print(lex.get_token(), lex.get_token(), lex.error_leader())
try:
    shlex.split(None)
except ValueError as e:
    print(e)
