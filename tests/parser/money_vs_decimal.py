#!/usr/bin/env python3
"""Money as the parser reads it against Python's decimal (stdlib only).

Generates N inputs with a fixed seed -- JSON numbers (fractions, exponents, more digits
than a double holds, out of range) and decorated strings (comma decimals, currency
symbols, blanks, and the ambiguous forms that must be errors) -- computes the expected
value with decimal (half-even to 1e-8), and runs money_check over them.
Usage: money_vs_decimal.py MONEY_CHECK DIALECT_DIR [N] [SEED]
"""
import decimal
import random
import subprocess
import sys

D = decimal.Decimal
CTX = decimal.Context(prec=2000, rounding=decimal.ROUND_HALF_EVEN, Emax=10**6, Emin=-10**6)
UNIT = D("1e-8")
MAX = D("92233720368.54775807")
MIN = D("-92233720368.54775808")


def expect(text):
    """Expected (value, rounded) of a decimal text by decimal's rules."""
    x = CTX.create_decimal(text)
    if x.is_zero():
        return "0.00000000", 0
    if x.adjusted() > 12:
        return "range", 0
    if x.adjusted() < -12:
        return "0.00000000", 1
    q = x.quantize(UNIT, context=CTX)
    if q.is_zero():
        q = abs(q)  # the money model has no negative zero
    if q > MAX or q < MIN:
        return "range", 0
    return f"{q:.8f}", int(q != x)


def digits(rng, lo, hi):
    return "".join(rng.choice("0123456789") for _ in range(rng.randint(lo, hi)))


def json_number(rng):
    sign = "-" if rng.random() < 0.3 else ""
    ip = digits(rng, 1, rng.choice([3, 8, 11, 12, 25]))
    ip = ip.lstrip("0") or "0"
    text = sign + ip
    if rng.random() < 0.75:
        text += "." + digits(rng, 1, rng.choice([2, 8, 9, 12, 20]))
    if rng.random() < 0.35:
        text += rng.choice("eE") + rng.choice(["", "+", "-"]) + str(rng.randint(0, 20))
    elif rng.random() < 0.02:
        text += "e" + rng.choice(["", "-"]) + str(rng.randint(100, 99999))
    return text


def string_case(rng):
    """A decorated money string: (json text, expected, rounded)."""
    ip = str(rng.randint(0, 99999))
    fp = digits(rng, 1, 10)
    plain = ip + "." + fp
    r = rng.random()
    if r < 0.3:
        value, rounded = expect(plain)
        return f'"{plain}"', value, rounded
    if r < 0.45:
        if len(fp) == 3:
            return f'"{ip},{fp}"', "error", 0  # "1,000": reads two ways
        value, rounded = expect(plain)
        return f'"{ip},{fp}"', value, rounded
    if r < 0.6:
        deco = rng.choice(["$%s", "%s USD", " %s ", "\u20ac%s", "%s \u20bd", "%s RUB"])
        value, rounded = expect(plain)
        return '"' + (deco % plain) + '"', value, rounded
    if r < 0.7:
        return f'"{rng.randint(1, 999)},{rng.randint(0, 999):03d}.{fp}"', "error", 0
    if r < 0.8:
        return f'"\u2212{plain}"', "error", 0
    if r < 0.9:
        return f'"{ip}e{rng.randint(1, 9)}"', "error", 0
    return f'"{ip},{rng.randint(0, 999):03d}"', "error", 0


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    tool, dialects = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 20000
    rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 20261201)
    lines = []
    for _ in range(n):
        if rng.random() < 0.6:
            text = json_number(rng)
            value, rounded = expect(text)
            lines.append(f"{text}\t{value}\t{rounded}")
        else:
            text, value, rounded = string_case(rng)
            lines.append(f"{text}\t{value}\t{rounded}")
    p = subprocess.run([tool, dialects], input="\n".join(lines) + "\n", text=True)
    return p.returncode


if __name__ == "__main__":
    sys.exit(main())
