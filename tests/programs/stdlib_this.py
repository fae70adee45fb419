# import this: the Zen of Python on stdout, and the module's attributes.
print('before')
import this
print('after', len(this.s), this.c, this.i, len(this.d), this.d['A'], this.d['n'])
print("".join([this.d.get(c, c) for c in this.s]).splitlines()[2])
import this
print('imported once')
