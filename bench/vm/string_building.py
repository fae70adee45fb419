def main():
    parts = []
    for i in range(1_500_000):
        parts.append(f"{i}:{i * 2};")
    s = "".join(parts)
    print(len(s), s.count("9"), s[:20].upper())
main()
