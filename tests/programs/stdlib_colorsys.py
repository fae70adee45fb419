# colorsys: the six conversions on floats and ints, round trips, edge hues.
import colorsys

colors = [(1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0), (0.2, 0.4, 0.4), (1.0, 1.0, 1.0), (0, 0, 0),
          (0.5, 0.5, 0.5), (0.9, 0.1, 0.3), (0.25, 0.75, 0.6), (255, 128, 0), (1, 1, 1), (0.3, 0.3, 0.9)]
for r, g, b in colors:
    print((r, g, b), colorsys.rgb_to_hsv(r, g, b), colorsys.rgb_to_hls(r, g, b), colorsys.rgb_to_yiq(r, g, b))
    h, s, v = colorsys.rgb_to_hsv(r, g, b)
    print('  ', colorsys.hsv_to_rgb(h, s, v), colorsys.hls_to_rgb(*colorsys.rgb_to_hls(r, g, b)),
          colorsys.yiq_to_rgb(*colorsys.rgb_to_yiq(r, g, b)))
for h in [0.0, 0.1, 1 / 6, 0.25, 1 / 3, 0.5, 2 / 3, 0.8, 0.99, 1.0, 1.5, -0.25]:
    print(h, colorsys.hsv_to_rgb(h, 0.5, 0.8), colorsys.hsv_to_rgb(h, 1, 255), colorsys.hls_to_rgb(h, 0.3, 0.6),
          colorsys.hls_to_rgb(h, 0.7, 0.6))
print(colorsys.hsv_to_rgb(0.3, 0, 7), colorsys.hls_to_rgb(0.3, 2, 0), colorsys.hsv_to_rgb(0.3, 0.0, 0.5))
print(colorsys.yiq_to_rgb(1, 1, 1), colorsys.yiq_to_rgb(-1, 0.5, -0.5), colorsys.ONE_THIRD, colorsys.TWO_THIRD)
for f in [lambda: colorsys.rgb_to_hsv(1, 2)]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
