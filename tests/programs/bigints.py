# py2: yes
# Big and negative integers: constants that need long encodings, arithmetic,
# bit operations and conversions.

small = 7
neg = -7
big = 2 ** 100
huge = 123456789012345678901234567890123456789
neg_huge = -98765432109876543210987654321
edge31 = 2147483647
edge32 = 4294967296
edge63 = 9223372036854775807
edge64 = -9223372036854775808
print(str(big))
print(str(huge * neg_huge))
print(str(edge31 + 1))
print(str(edge32 - 1))
print(str(edge63 + 1))
print(str(edge64 - 1))
print(str(divmod(huge, 97)))
print(str(divmod(-17, 5)))
print(str(-17 // 5) + " " + str(-17 % 5))
print(str(big >> 90) + " " + str(1 << 70))
print(str(huge & 0xFFFF) + " " + str(huge | 1) + " " + str(huge ^ big))
print(str(~big))
print(hex(255) + " " + oct(8 * 8) + " " + bin(10))
print(str(int("-123456789012345678901234567890")))
print(str(int("ff", 16)) + " " + str(int("777", 8)))
print(str(pow(3, 200, 1000007)))
print(str(abs(neg) + abs(neg_huge)))
x = 1
for i in range(1, 30):
    x *= i
print(str(x))
print(str(sum(range(10 ** 6))))
print(str(2 ** 64 - 1 == 18446744073709551615))
print(str(len(str(3 ** 1000))))
