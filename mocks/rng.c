/* rng.c - seeded xoshiro256** (seeded through splitmix64) and FNV-1a hashing. */
#include "mock_internal.h"

/* One splitmix64 step over *x. */
static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Rotates x left by k bits. */
static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

/* Seeds the generator deterministically from seed. */
void mock_rng_seed(mock_rng *r, uint64_t seed)
{
    uint64_t x = seed;
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
}

/* Returns the next 64 random bits. */
uint64_t mock_rng_next(mock_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* Returns a number in [0, n); 0 when n is 0. */
uint64_t mock_rng_below(mock_rng *r, uint64_t n)
{
    if (n == 0)
        return 0;
    return mock_rng_next(r) % n;
}

/* Returns 1 with probability rate_ppm / 1e6 (always draws, so sequences stay aligned). */
int mock_rng_chance(mock_rng *r, uint32_t rate_ppm)
{
    uint64_t v = mock_rng_below(r, 1000000);
    return rate_ppm > 0 && v < rate_ppm;
}

/* 64-bit FNV-1a over n bytes of s. */
uint64_t mock_hash(const char *s, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}
