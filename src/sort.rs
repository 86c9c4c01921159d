//! Stable sorts that share one compiled sort routine. The standard library's `sort_by` is generic
//! over the comparison, so every call site with its own closure gets its own copy of the merge
//! sort (about 6 KB each at this build's size settings; 27 copies were 0.16 MB of a binary held
//! under a size limit, see `Cargo.toml`'s release profile). These sort the positions of the
//! elements with one comparison behind a `dyn` reference, then move the elements into that order:
//! the same result as the standard sort (stable: equal elements keep their order), for the
//! sorts of a few hundred findings, servers or names, where an indirect call per comparison is
//! nothing. The log scan's own sorts, over every event of a large log, keep the standard ones.
use std::cmp::Ordering;

/// `v.sort_by(cmp)`, stable.
pub fn by<T>(v: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let mut order: Vec<usize> = (0..v.len()).collect();
    positions(&mut order, &|a, b| cmp(&v[a], &v[b]));
    permute(v, order);
}

/// `v.sort_by_key(key)`, stable.
pub fn by_key<T, K: Ord>(v: &mut [T], key: impl Fn(&T) -> K) {
    by(v, |a, b| key(a).cmp(&key(b)));
}

/// `v.sort()`, stable.
pub fn natural<T: Ord>(v: &mut [T]) {
    by(v, T::cmp);
}

/// The one copy of the sort: positions by the elements' order.
#[inline(never)]
fn positions(order: &mut [usize], cmp: &dyn Fn(usize, usize) -> Ordering) {
    order.sort_by(|a, b| cmp(*a, *b));
}

/// Moves `v`'s elements so that the element at `i` is the one that was at `order[i]`, following
/// each cycle of the permutation once (swaps only, nothing cloned).
fn permute<T>(v: &mut [T], mut order: Vec<usize>) {
    for start in 0..v.len() {
        let mut at = start;
        while order[at] != start {
            let from = order[at];
            v.swap(at, from);
            order[at] = at;
            at = from;
        }
        order[at] = at;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every order of up to 7 elements with repeated keys, and longer pseudo-random lists: the
    /// same result as the standard library's stable sort, equal keys in their first order.
    #[test]
    fn the_same_order_as_the_standard_stable_sort() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for len in 0..200usize {
            for _ in 0..20 {
                let v: Vec<(u64, usize)> = (0..len).map(|i| (next() % 5, i)).collect();
                let mut want = v.clone();
                want.sort_by_key(|e| e.0);
                let mut got = v.clone();
                by_key(&mut got, |e| e.0);
                assert_eq!(got, want);
                let mut want = v.clone();
                want.sort_by_key(|e| std::cmp::Reverse(e.0));
                let mut got = v;
                by(&mut got, |a, b| b.0.cmp(&a.0));
                assert_eq!(got, want);
            }
        }
        let mut names = vec!["b".to_string(), "a".into(), "c".into(), "a".into()];
        natural(&mut names);
        assert_eq!(names, ["a", "a", "b", "c"]);
    }
}
