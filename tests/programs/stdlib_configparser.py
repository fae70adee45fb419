# min-version: 3.12
# configparser: read_string with DEFAULT, comments, continuation lines and empty values, get/getint/getfloat/getboolean with fallback, items, options, section proxies, the mapping protocol, set/remove, write layouts, ExtendedInterpolation, RawConfigParser.read_dict, allow_no_value, optionxform = str, inline comments and custom delimiters
import configparser, io
cfg = configparser.ConfigParser()
cfg.read_string("""
[DEFAULT]
ServerAliveInterval = 45
Compression = yes
CompressionLevel = 9
ForwardX11 = yes

[forge.example]
User = hg

[topsecret.server.example]
Port = 50022
ForwardX11 = no
# a comment
; another
path = /usr/%(user)s/x
user = bob
multi = line one
   line two

   line four
empty =
""")
print(cfg.sections())
print(cfg.defaults())
print(list(cfg['forge.example']), dict(cfg['forge.example']))
print(cfg.get('topsecret.server.example', 'path'), cfg.get('topsecret.server.example', 'path', raw=True))
print(repr(cfg.get('topsecret.server.example', 'multi')), repr(cfg['topsecret.server.example']['empty']))
print(cfg.getint('topsecret.server.example', 'port'), cfg.getboolean('forge.example', 'compression'), cfg.getfloat('DEFAULT', 'compressionlevel'))
print(cfg.get('nosuch', 'x', fallback='fb'), cfg.get('forge.example', 'nope', fallback=None), cfg.getint('forge.example', 'nope', fallback=7))
print(cfg.has_section('forge.example'), cfg.has_section('DEFAULT'), cfg.has_option('forge.example', 'USER'), cfg.has_option('forge.example', 'compression'))
print(cfg.options('forge.example'))
print(cfg.items('forge.example'))
print(list(cfg), len(cfg), 'forge.example' in cfg, 'DEFAULT' in cfg, 'x' in cfg)
print(cfg['forge.example'], cfg['forge.example'].name, cfg['forge.example'].get('user'), cfg['forge.example'].get('nope'), cfg['forge.example'].get('nope', 'd'))
print(cfg['topsecret.server.example'].getint('port'), cfg['topsecret.server.example'].getboolean('forwardx11'))
cfg.set('forge.example', 'new', 'value %% percent')
cfg['new.section'] = {'a': '1', 'b': 'two'}
cfg['new.section']['c'] = '3'
del cfg['new.section']['a']
s = io.StringIO()
cfg.write(s)
print(s.getvalue())
s = io.StringIO()
cfg.write(s, space_around_delimiters=False)
print(s.getvalue())
print(cfg.remove_option('forge.example', 'new'), cfg.remove_option('forge.example', 'new'), cfg.remove_section('new.section'), cfg.remove_section('zz'))
print(cfg.items('forge.example', vars={'extra': 'E'}))
for name, proxy in cfg.items():
    print(name, proxy)
for k, v in cfg['forge.example'].items():
    print(k, v)
e = configparser.ConfigParser(interpolation=configparser.ExtendedInterpolation())
e.read_string("""
[common]
home = /home/${user}
user = alice
[paths]
data = ${common:home}/data
cost = $$5
""")
print(e.get('paths', 'data'), e['paths']['cost'], e.get('common', 'home'))
r = configparser.RawConfigParser()
r.read_dict({'s': {'k': 1, 'p': '%(x)s'}, 'DEFAULT': {'d': 2}})
print(r.get('s', 'p'), r.get('s', 'k'), r.get('s', 'd'), r.items('s'))
c = configparser.ConfigParser(defaults={'a': 'b'}, allow_no_value=True)
c.read_string("[x]\nkey\nother = 1\n")
print(c.get('x', 'key'), c.items('x', raw=True))
s = io.StringIO(); c.write(s); print(s.getvalue())
c2 = configparser.ConfigParser()
c2.optionxform = str
c2.read_string("[S]\nCamel = 1\n")
print(c2.options('S'))
c3 = configparser.ConfigParser(inline_comment_prefixes=('#', ';'), delimiters=('=',))
c3.read_string("[a]\nx = 1 # comment\ny = a;b ; c\nz: w = q\n")
print(c3.items('a'))
