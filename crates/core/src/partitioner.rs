//! Where a keyed record goes: Kafka's default partitioner for records with a key
//! (`BuiltInPartitioner.partitionForKey`, which `KafkaProducer` uses when no custom partitioner is
//! set and `partitioner.ignore.keys` is false; `DefaultPartitioner` did the same before 3.3).
//!
//! Unkeyed records are spread by the sticky/adaptive logic elsewhere, not here.

/// Kafka's `Utils.murmur2`: 32-bit MurmurHash2 with seed `0x9747b28c`, reading 4-byte
/// little-endian blocks. Java's `int` arithmetic wraps, so this uses wrapping `u32` operations and
/// reinterprets the bits as `i32` at the end. (Java arrays cannot exceed `i32::MAX` bytes; longer
/// input has its length truncated to 32 bits, which only matters past that size.)
pub fn murmur2(data: &[u8]) -> i32 {
    const SEED: u32 = 0x9747_b28c;
    const M: u32 = 0x5bd1_e995;
    const R: u32 = 24;

    let mut h = SEED ^ (data.len() as u32);
    let blocks = data.chunks_exact(4);
    let tail = blocks.remainder();
    for block in blocks {
        let mut k = u32::from_le_bytes([block[0], block[1], block[2], block[3]]);
        k = k.wrapping_mul(M);
        k ^= k >> R;
        k = k.wrapping_mul(M);
        h = h.wrapping_mul(M);
        h ^= k;
    }
    // Kafka's fall-through `switch (length % 4)`: XOR in the last 1-3 bytes, then mix once.
    if !tail.is_empty() {
        for (i, &byte) in tail.iter().enumerate() {
            h ^= u32::from(byte) << (8 * i);
        }
        h = h.wrapping_mul(M);
    }
    h ^= h >> 13;
    h = h.wrapping_mul(M);
    h ^= h >> 15;
    h as i32
}

/// Kafka's `Utils.toPositive`: clears the sign bit rather than taking `abs`, so `i32::MIN` maps to
/// 0 instead of overflowing.
pub fn to_positive(n: i32) -> i32 {
    n & 0x7fff_ffff
}

/// `BuiltInPartitioner.partitionForKey`: `toPositive(murmur2(key)) % numPartitions`.
///
/// Returns 0 when `partitions` is 0 (a topic always has at least one partition in Kafka, so this
/// only keeps the function total).
pub fn partition_for_key(key: &[u8], partitions: u32) -> u32 {
    let hash = to_positive(murmur2(key)).unsigned_abs();
    hash.checked_rem(partitions).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn murmur2_matches_kafkas_utils_test() {
        // Kafka clients UtilsTest.testMurmur2.
        let cases: [(&[u8], i32); 6] = [
            (b"21", -973932308),
            (b"foobar", -790332482),
            (b"a-little-bit-long-string", -985981536),
            (b"a-little-bit-longer-string", -1486304829),
            (
                b"lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8",
                -58897971,
            ),
            (b"abc", 479470107),
        ];
        for (key, want) in cases {
            assert_eq!(murmur2(key), want, "key {:?}", String::from_utf8_lossy(key));
        }
    }

    #[test]
    fn murmur2_matches_librdkafkas_java_compatible_vectors_for_every_tail_length() {
        // librdkafka src/rdmurmur2.c unittest_murmur2 ("java_murmur2_results"): covers tails of
        // 0-3 bytes and the empty key.
        let cases: [(&[u8], u32); 11] = [
            (b"kafka", 0xd067_cf64),
            (b"giberish123456789", 0x8f55_2b0c),
            (b"1234", 0x9fc9_7b14),
            (b"234", 0xe7c0_09ca),
            (b"34", 0x8739_30da),
            (b"4", 0x5a4b_5ca1),
            (b"PreAmbleWillBeRemoved,ThePrePartThatIs", 0x7842_4f1c),
            (b"reAmbleWillBeRemoved,ThePrePartThatIs", 0x4a62_b377),
            (b"eAmbleWillBeRemoved,ThePrePartThatIs", 0xe0e4_e09e),
            (b"AmbleWillBeRemoved,ThePrePartThatIs", 0x62b8_b43f),
            (b"", 0x106e_08d9),
        ];
        for (key, want) in cases {
            assert_eq!(
                murmur2(key),
                want as i32,
                "key {:?}",
                String::from_utf8_lossy(key)
            );
        }
    }

    #[test]
    fn to_positive_clears_only_the_sign_bit() {
        let cases = [
            (0, 0),
            (5, 5),
            (-1, i32::MAX),
            (i32::MIN, 0),
            (i32::MAX, i32::MAX),
        ];
        for (n, want) in cases {
            assert_eq!(to_positive(n), want, "to_positive({n})");
        }
    }

    #[test]
    fn partition_for_key_is_positive_hash_mod_partition_count() {
        // Expected values follow from the UtilsTest hashes: toPositive(-973932308) = 1173551340,
        // toPositive(-790332482) = 1357151166, and 479470107 is already positive.
        let cases: [(&[u8], u32, u32); 7] = [
            (b"21", 10, 0),
            (b"21", 7, 1173551340 % 7),
            (b"foobar", 3, 1357151166 % 3),
            (b"foobar", 12, 1357151166 % 12),
            (b"abc", 6, 479470107 % 6),
            (b"abc", 1, 0),
            (b"kafka", 100, (0xd067_cf64 & 0x7fff_ffff) % 100),
        ];
        for (key, partitions, want) in cases {
            assert_eq!(partition_for_key(key, partitions), want);
        }
    }

    #[test]
    fn partition_for_key_with_no_partitions_is_zero() {
        assert_eq!(partition_for_key(b"anything", 0), 0);
    }
}
