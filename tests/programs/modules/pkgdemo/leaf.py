print("pkgdemo.leaf runs, package =", __package__)
leaf_value = "leaf"
