// record_splitter_avx2.cpp — the container scan with AVX2 blocks (32 bytes a compare) and a
// carry-less multiply for the prefix XOR. Built with -mavx2 -mpclmul on x86-64 only; run only
// where has_avx2_scan() says the CPU has both.
#include "container_scan.hpp"

#if defined(__x86_64__) && defined(__AVX2__) && defined(__PCLMUL__)
#include <immintrin.h>

namespace guesttrack::detail {
namespace {

struct Avx2Blocks {
  static void classify(const char* p, uint64_t* quotes, uint64_t* backslashes,
                       uint64_t* brackets) noexcept {
    const __m256i quote = _mm256_set1_epi8('"'), backslash = _mm256_set1_epi8('\\'),
                  fold = _mm256_set1_epi8(0x20), open = _mm256_set1_epi8('{'),
                  close = _mm256_set1_epi8('}');
    uint64_t q = 0, b = 0, k = 0;
    for (int half = 0; half < 2; ++half) {
      __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32 * half));
      __m256i f = _mm256_or_si256(v, fold);  // '[' | 0x20 == '{', ']' | 0x20 == '}'
      __m256i bracket = _mm256_or_si256(_mm256_cmpeq_epi8(f, open), _mm256_cmpeq_epi8(f, close));
      int shift = 32 * half;
      q |= static_cast<uint64_t>(static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, quote)))) << shift;
      b |= static_cast<uint64_t>(static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, backslash)))) << shift;
      k |= static_cast<uint64_t>(static_cast<uint32_t>(_mm256_movemask_epi8(bracket))) << shift;
    }
    *quotes = q, *backslashes = b, *brackets = k;
  }
  static uint64_t prefix_xor(uint64_t x) noexcept {
    __m128i all = _mm_set1_epi8(static_cast<char>(0xFF));
    return static_cast<uint64_t>(
        _mm_cvtsi128_si64(_mm_clmulepi64_si128(_mm_set_epi64x(0, static_cast<int64_t>(x)), all, 0)));
  }
};

}  // namespace

size_t container_end_avx2(const char* data, size_t len, size_t pos) noexcept {
  return container_end_scan<Avx2Blocks>(data, len, pos);
}

}  // namespace guesttrack::detail
#endif
