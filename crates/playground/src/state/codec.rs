//! Packing text into a link: a small LZSS compressor primed with a dictionary of the scenario
//! format's own words, and base64url. Hand-written rather than a compression crate because the
//! wasm bundle is over its size budget, and scenario JSON is repetitive enough that plain LZ77
//! back-references shrink it several times over.
//!
//! Compressed format (version 1), after one format byte `1`: groups of a flag byte and up to 8
//! items, flag bit i (least significant first) telling whether item i is a literal byte (0) or a
//! back-reference (1). A back-reference is two bytes, `oooooooo oooollll`: a distance of 1–4096
//! (stored minus 1, 12 bits) and a length of 3–17 (stored minus 3, 4 bits); stored length 15
//! means a third byte follows, adding 0–255 (lengths up to 273). Distances may reach back into
//! `DICTIONARY`, which is as if it preceded the text.
//!
//! Links already shared depend on every byte of this format and of `DICTIONARY`: change either
//! only with a new format byte.

use replication_core::text;
use replication_core::text::Text;

/// Words that shared runs are made of, so even a short text finds matches from its first byte.
/// The most frequent words sit last, nearest to the text.
const DICTIONARY: &[u8] = br#"{"events":0,"scenario":{"description":"","name":"","profile":"kraft-elr","zk","hw-truncation","run_until_ms":60000,"seed":0,"config":{"min.insync.replicas":2,"acks":"all","unclean.leader.election.enable":false,"replica.lag.time.max.ms":30000,"leader.replication.throttled.rate":true,"client.rack":"},"state":{"0":{"leader":1,"leader_epoch":0,"isr":[1,2,3],"elr":[],"high_watermark":0,"logs":{"1":{"end_offset":0,"epoch":0},"records":[{"value":"","epoch":0}]}}},"placement":{"start_index":0,"replica_shift":0,"rack_aware":false},"assignment":{"0":[1,2,3],"1":[2,3,1],"2":[3,1,2]},"topics":[{"name":"orders","partitions":3,"replication.factor":3}],"brokers":[{"id":1,"rack":"a"},{"id":2,"rack":"b"},{"id":3,"rack":"c"}],"t":0,"v":1}{"actions":[{"after_events":0,"at_ms":0,"consume":{"client.rack":"a","topic":"orders"}},{"at_ms":0,"produce_rate":{"acks":"all","per_second":10,"topic":"orders","until_ms":0}},{"isolate":{"node":"controller"}},{"cut":{"from":"clients","to":1}},{"partition":{"groups":[[1],[2,3]]}},{"heal":{}},{"slow":{"latency_ms":100,"node":1}},{"fail_rack":{"rack":"a"}},{"restore_rack":{"rack":"a"}},{"elect_preferred":{"partition":0,"topic":"orders"}},{"reassign_plan":{"partitions":[{"log_dirs":["any"],"partition":0,"replicas":[1,2,3],"topic":"orders"}]}},{"set_config":{"key":"min.insync.replicas","topic":"orders","value":2}},{"reassign":{"partition":0,"replicas":[1,2,3],"topic":"orders"}},{"produce":{"count":10,"key":"k","partition":0,"topic":"orders","values":["x"]}},{"pause_fetcher":{"broker":1}},{"resume_fetcher":{"broker":1}},{"power_loss":{"broker":1}},{"shutdown":{"broker":1}},{"restart":{"broker":1}},{"after_events":0,"at_ms":0,"crash":{"broker":1}}"#;

const FORMAT: u8 = 1;
const WINDOW: usize = 4096;
const MIN_MATCH: usize = 3;
const MAX_MATCH: usize = MIN_MATCH + 15 + 255;
/// Candidates tried per position: plenty for texts of a few KB, and bounded for large ones.
const MAX_CHAIN: usize = 64;
const HASH_BITS: u32 = 13;
/// The most a link may unpack to: far beyond any real run, small enough that a crafted link
/// cannot make the page allocate without bound.
pub const MAX_UNPACKED: usize = 1 << 20;

fn hash3(b: &[u8]) -> usize {
    let v = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
    (v.wrapping_mul(2_654_435_761) >> (32 - HASH_BITS)) as usize
}

/// Compress `input` (any bytes).
pub fn compress(input: &[u8]) -> Vec<u8> {
    let mut data = Vec::with_capacity(DICTIONARY.len() + input.len());
    data.extend_from_slice(DICTIONARY);
    data.extend_from_slice(input);
    const NONE: usize = usize::MAX;
    let mut head = vec![NONE; 1 << HASH_BITS];
    let mut prev = vec![NONE; data.len()];
    let insert = |pos: usize, head: &mut [usize], prev: &mut [usize]| {
        if pos + MIN_MATCH <= data.len() {
            let h = hash3(&data[pos..]);
            prev[pos] = head[h];
            head[h] = pos;
        }
    };
    for pos in 0..DICTIONARY.len() {
        insert(pos, &mut head, &mut prev);
    }

    let mut out = vec![FORMAT];
    let mut flag_at = 0;
    let mut items = 8;
    let mut pos = DICTIONARY.len();
    while pos < data.len() {
        if items == 8 {
            flag_at = out.len();
            out.push(0);
            items = 0;
        }
        let (mut best_len, mut best_dist) = (0, 0);
        if pos + MIN_MATCH <= data.len() {
            let max = MAX_MATCH.min(data.len() - pos);
            let mut candidate = head[hash3(&data[pos..])];
            let mut tries = 0;
            while candidate != NONE && pos - candidate <= WINDOW && tries < MAX_CHAIN {
                let len = data[candidate..]
                    .iter()
                    .zip(&data[pos..pos + max])
                    .take_while(|(a, b)| a == b)
                    .count();
                if len > best_len {
                    (best_len, best_dist) = (len, pos - candidate);
                    if len == max {
                        break;
                    }
                }
                candidate = prev[candidate];
                tries += 1;
            }
        }
        if best_len >= MIN_MATCH {
            out[flag_at] |= 1 << items;
            let (d, l) = (best_dist - 1, best_len - MIN_MATCH);
            out.push((d >> 4) as u8);
            out.push(((d & 0xF) << 4) as u8 | l.min(15) as u8);
            if l >= 15 {
                out.push((l - 15) as u8);
            }
            for p in pos..pos + best_len {
                insert(p, &mut head, &mut prev);
            }
            pos += best_len;
        } else {
            out.push(data[pos]);
            insert(pos, &mut head, &mut prev);
            pos += 1;
        }
        items += 1;
    }
    out
}

/// Undo [`compress`]. A damaged input gives a message saying what is wrong, never a panic.
pub fn decompress(packed: &[u8]) -> Result<Vec<u8>, Text> {
    match packed.first() {
        None => return Err(text!("it is empty")),
        Some(&FORMAT) => {}
        Some(other) => {
            return Err(text!(
                "unknown compression format {other} (expected 1)",
                other = *other
            ))
        }
    }
    let mut out = DICTIONARY.to_vec();
    let mut i = 1;
    let byte = |i: usize| {
        packed
            .get(i)
            .copied()
            .ok_or_else(|| text!("it ends in the middle of a back-reference"))
    };
    while i < packed.len() {
        let flags = packed[i];
        i += 1;
        for bit in 0..8 {
            if i >= packed.len() {
                break;
            }
            if flags & (1 << bit) == 0 {
                out.push(packed[i]);
                i += 1;
            } else {
                let (b0, b1) = (byte(i)?, byte(i + 1)?);
                i += 2;
                let dist = (usize::from(b0) << 4 | usize::from(b1 >> 4)) + 1;
                let mut len = usize::from(b1 & 0xF) + MIN_MATCH;
                if b1 & 0xF == 15 {
                    len += usize::from(byte(i)?);
                    i += 1;
                }
                if dist > out.len() {
                    return Err(text!(
                        "a back-reference points {dist} bytes back, before the start",
                        dist
                    ));
                }
                let from = out.len() - dist;
                for k in 0..len {
                    out.push(out[from + k]);
                }
            }
            if out.len() - DICTIONARY.len() > MAX_UNPACKED {
                return Err(text!(
                    "it unpacks to more than {max} bytes",
                    max = MAX_UNPACKED
                ));
            }
        }
    }
    Ok(out.split_off(DICTIONARY.len()))
}

const BASE64URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// RFC 4648 base64url without padding: safe in a URL as is.
pub fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for k in 0..=chunk.len() {
            out.push(char::from(BASE64URL[(n >> (18 - 6 * k) & 63) as usize]));
        }
    }
    out
}

/// Undo [`base64url_encode`] (padding `=` is accepted and ignored).
pub fn base64url_decode(text: &str) -> Result<Vec<u8>, Text> {
    let text = text.trim_end_matches('=');
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for (i, c) in text.char_indices() {
        let v = match c {
            'A'..='Z' => c as u32 - 'A' as u32,
            'a'..='z' => c as u32 - 'a' as u32 + 26,
            '0'..='9' => c as u32 - '0' as u32 + 52,
            '-' => 62,
            '_' => 63,
            _ => {
                return Err(text!(
                    "character {n} ({c}) is not base64url (A–Z, a–z, 0–9, - and _)",
                    n = i + 1,
                    c = format!("{c:?}")
                ))
            }
        };
        acc = acc << 6 | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    if text.len() % 4 == 1 {
        return Err(text!(
            "its length ({len}) cannot be base64url: it was cut short",
            len = text.len()
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use replication_core::scenario::bundled::BUNDLED;

    /// A small deterministic generator (xorshift), for random inputs without a crate.
    fn random_bytes(seed: u64, len: usize, alphabet: u8) -> Vec<u8> {
        let mut x = seed.max(1);
        (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x % u64::from(alphabet)) as u8
            })
            .collect()
    }

    #[test]
    fn compression_round_trips_random_bytes() {
        for (seed, len, alphabet) in [
            (1, 0, 255),
            (2, 1, 255),
            (3, 2, 4),
            (4, 100, 255),
            (5, 5_000, 3),
            (6, 20_000, 255),
            (7, 9_000, 16),
        ] {
            let input = random_bytes(seed, len, alphabet);
            let packed = compress(&input);
            assert_eq!(
                decompress(&packed).unwrap(),
                input,
                "seed {seed}, {len} bytes"
            );
        }
        // Long runs use the extra length byte and overlapping copies.
        let zeros = vec![b'a'; 10_000];
        let packed = compress(&zeros);
        assert!(packed.len() < 200, "{} bytes", packed.len());
        assert_eq!(decompress(&packed).unwrap(), zeros);
    }

    #[test]
    fn compression_round_trips_and_shrinks_every_bundled_scenario() {
        for e in BUNDLED {
            let packed = compress(e.json.as_bytes());
            assert_eq!(decompress(&packed).unwrap(), e.json.as_bytes(), "{}", e.id);
            // Written back by the core (sorted keys, no spaces), as a shared run holds it.
            let written = replication_core::scenario::parse_scenario(e.json)
                .unwrap()
                .to_json()
                .to_string();
            let packed = compress(written.as_bytes());
            assert_eq!(decompress(&packed).unwrap(), written.as_bytes());
            assert!(
                packed.len() * 2 < written.len(),
                "{}: {} bytes packed to {}",
                e.id,
                written.len(),
                packed.len()
            );
        }
    }

    #[test]
    fn damaged_compressed_data_is_an_error_not_a_panic() {
        assert_eq!(decompress(&[]).unwrap_err().to_string(), "it is empty");
        assert!(decompress(&[9, 0])
            .unwrap_err()
            .to_string()
            .contains("format 9"));
        assert!(decompress(&[1, 1, 0xff])
            .unwrap_err()
            .to_string()
            .contains("middle of a back-reference"));
        assert!(decompress(&[1, 1, 0xff, 0xf0])
            .unwrap_err()
            .to_string()
            .contains("before the start"));
        // A bomb: a back-reference repeated far beyond the limit.
        let group = [[0xff].as_slice(), &[0, 0x0f, 0xff].repeat(8)].concat();
        let bomb = [[1].as_slice(), &group.repeat(600)].concat();
        assert!(decompress(&bomb)
            .unwrap_err()
            .to_string()
            .contains("more than"));
        // Every truncation of a real stream either decodes to a prefix or says what is wrong.
        let packed = compress(BUNDLED[0].json.as_bytes());
        for cut in 0..packed.len() {
            if let Ok(text) = decompress(&packed[..cut]) {
                assert!(BUNDLED[0].json.as_bytes().starts_with(&text));
            }
        }
    }

    #[test]
    fn base64url_round_trips_and_names_bad_characters() {
        assert_eq!(base64url_encode(b""), "");
        assert_eq!(base64url_encode(b"f"), "Zg");
        assert_eq!(base64url_encode(b"fo"), "Zm8");
        assert_eq!(base64url_encode(b"foo"), "Zm9v");
        assert_eq!(base64url_encode(&[0xfb, 0xff]), "-_8");
        for len in 0..300 {
            let bytes = random_bytes(len as u64 + 11, len, 255);
            let text = base64url_encode(&bytes);
            assert!(text
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'));
            assert_eq!(base64url_decode(&text).unwrap(), bytes);
        }
        assert_eq!(base64url_decode("Zm9v==").unwrap(), b"foo");
        let err = base64url_decode("Zm9v%20").unwrap_err().to_string();
        assert!(err.contains("character 5") && err.contains("'%'"), "{err}");
        assert!(base64url_decode("Zm9vZ")
            .unwrap_err()
            .to_string()
            .contains("cut short"));
    }
}
