def main():
    a, b = 0, 1
    for _ in range(150_000):
        a, b = b, a + b
    print(a.bit_length(), a % 1_000_000_007)
    print(pow(3, 10**18, 10**9 + 7), (7 ** 200_000) % 10**12)
main()
