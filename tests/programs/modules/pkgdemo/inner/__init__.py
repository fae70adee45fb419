from .. import CONST as parent_const
from ..leaf import leaf_value
from . import deep
