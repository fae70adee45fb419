# getpass.getuser reads the environment first.
import getpass
import os

os.environ['LOGNAME'] = 'alice'
print(getpass.getuser())
print(issubclass(getpass.GetPassWarning, UserWarning))
