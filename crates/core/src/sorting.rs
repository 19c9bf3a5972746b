//! One small sort for the whole bundle. `slice::sort*` instantiates its quicksort, heapsort and
//! small-sort networks for every element type and comparator: 2.5 to 5 KB of wasm per call
//! site, about 38 KB of the browser bundle's wasm before gzip. The lists sorted here are short (brokers, racks,
//! plan entries, actions, in-flight messages), so a plain heapsort, a few hundred bytes per
//! instance and still O(n log n), does. It is not stable: every call site sorts by a total
//! order (unique keys) or equal elements that are indistinguishable.

/// Sort `v` so that no element is less than the one before it, by `less`.
pub fn sort_by<T>(v: &mut [T], mut less: impl FnMut(&T, &T) -> bool) {
    // Move `v[root]` down the max-heap `v[..end]` to its place.
    let mut sift_down = |v: &mut [T], mut root: usize, end: usize| loop {
        let mut child = 2 * root + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && less(&v[child], &v[child + 1]) {
            child += 1;
        }
        if !less(&v[root], &v[child]) {
            return;
        }
        v.swap(root, child);
        root = child;
    };
    let n = v.len();
    for root in (0..n / 2).rev() {
        sift_down(v, root, n);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift_down(v, 0, end);
    }
}

/// Sort `v` by a key, smallest first.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a) < key(b));
}

/// Sort `v`, smallest first.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, |a, b| a < b);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_library() {
        let mut x: u64 = 11;
        for len in [0usize, 1, 2, 3, 7, 16, 100, 1_000] {
            let mut v: Vec<u64> = (0..len)
                .map(|_| {
                    x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
                    (x >> 40) % 50
                })
                .collect();
            let mut expected = v.clone();
            expected.sort();
            sort(&mut v);
            assert_eq!(v, expected, "length {len}");
            sort_by_key(&mut v, |&n| std::cmp::Reverse(n));
            expected.reverse();
            assert_eq!(v, expected, "length {len}, reversed");
        }
    }
}
