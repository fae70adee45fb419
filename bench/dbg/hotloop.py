# A hot loop with a conditional breakpoint that is never true (bench/dbg_bench.sh).
def work(n):
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


print(work(3000000))
