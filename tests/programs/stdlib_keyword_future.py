from __future__ import annotations
# min-version: 3.12
# keyword (3.12 lists) and __future__ (_Feature objects, flags; the annotations import).
import keyword, __future__
print(keyword.kwlist, keyword.softkwlist, keyword.__all__, keyword.iskeyword('if'), keyword.iskeyword('x'), keyword.issoftkeyword('match'))
try: keyword.iskeyword([])
except TypeError as e: print(e)
print(__future__.all_feature_names, __future__.__all__)
for n in __future__.all_feature_names:
    f = getattr(__future__, n); print(n, repr(f), f.optional, f.mandatory, f.compiler_flag, f.getOptionalRelease(), f.getMandatoryRelease())
print(__future__.CO_NESTED, __future__.CO_FUTURE_ANNOTATIONS, type(__future__.annotations), annotations.compiler_flag, type(annotations).__name__, sorted(vars(annotations)))
def f(x: int) -> str: pass
print(f.__annotations__)
