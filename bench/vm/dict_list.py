def main():
    d = {}
    for i in range(2_000_000):
        d[i % 5000] = d.get(i % 5000, 0) + i
    lst = sorted(d.values(), reverse=True)
    words = [str(x) for x in lst]
    print(len(d), lst[0], sum(len(w) for w in words))
main()
