//! Hierarchical clustering of units from their distances (Ward, average and
//! complete linkage, by the Lance-Williams update, as R's `hclust`), cutting the tree
//! into groups, and the adjusted Rand index that scores a grouping against the truth.

use super::matrix::DistanceMatrix;

/// How the distance between two clusters follows from their members'.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Linkage {
    /// Ward's minimum variance on the distances (R's `ward.D2`: merges that least
    /// increase the within-cluster sum of squares; heights are distances).
    Ward,
    /// The mean distance between members (UPGMA).
    Average,
    /// The largest distance between members.
    Complete,
}

impl Linkage {
    pub fn name(self) -> &'static str {
        match self {
            Linkage::Ward => "ward",
            Linkage::Average => "average",
            Linkage::Complete => "complete",
        }
    }
}

/// A node of the tree: a unit, or the cluster made by an earlier merge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Node {
    Unit(usize),
    Merge(usize),
}

/// One step of the clustering: two nodes joined at a height.
#[derive(Clone, Debug, PartialEq)]
pub struct Merge {
    pub left: Node,
    pub right: Node,
    pub height: f64,
    /// Units under the new cluster.
    pub size: usize,
}

/// The merges that join `distances`' units into one tree, lowest first.
///
/// By the nearest-neighbour chain (Murtagh 1983): follow nearest neighbours until
/// two clusters are each other's nearest, merge them, and go on from the rest of the
/// chain. It finds the same tree as merging the closest pair every time, for the
/// linkages here (all reducible), in O(n²) time instead of O(n³), so thousands of
/// voices cluster in seconds.
pub fn cluster(distances: DistanceMatrix, linkage: Linkage) -> Vec<Merge> {
    let n = distances.len();
    // Ward works on squared distances and reports their square roots. The matrix
    // is updated in place: it is the caller's, given up (a matrix of thousands of
    // voices is tens of MB, and a copy would double it).
    let mut d = distances;
    if linkage == Linkage::Ward {
        d.map_in_place(|value| value * value);
    }
    let mut active: Vec<bool> = vec![true; n];
    let mut size: Vec<usize> = vec![1; n];
    // (cluster kept, cluster merged into it, height), in the order found.
    let mut found: Vec<(usize, usize, f64)> = Vec::with_capacity(n.saturating_sub(1));
    let mut chain: Vec<usize> = Vec::new();
    let mut remaining = n;
    while remaining > 1 {
        if chain.is_empty() {
            chain.push(active.iter().position(|&a| a).expect("an active cluster"));
        }
        loop {
            let a = *chain.last().expect("the chain is not empty");
            let previous = chain.len().checked_sub(2).map(|i| chain[i]);
            // The nearest active cluster; ties go to the previous link of the chain,
            // then to the lowest index, so that the chain cannot cycle.
            let mut best: Option<(usize, f64)> = previous.map(|p| (p, d.get(a, p)));
            for b in (0..n).filter(|&b| active[b] && b != a) {
                let distance = d.get(a, b);
                if best.is_none_or(|(_, low)| distance < low) {
                    best = Some((b, distance));
                }
            }
            let (b, _) = best.expect("another active cluster");
            if Some(b) == previous {
                break;
            }
            chain.push(b);
        }
        let a = chain.pop().expect("two links");
        let b = chain.pop().expect("two links");
        let (keep, gone) = (a.min(b), a.max(b));
        let value = d.get(keep, gone);
        let (ni, nj) = (size[keep] as f64, size[gone] as f64);
        for k in (0..n).filter(|&k| active[k] && k != keep && k != gone) {
            let nk = size[k] as f64;
            let (to_keep, to_gone) = (d.get(k, keep), d.get(k, gone));
            let updated = match linkage {
                Linkage::Ward => {
                    ((ni + nk) * to_keep + (nj + nk) * to_gone - nk * value) / (ni + nj + nk)
                }
                Linkage::Average => (ni * to_keep + nj * to_gone) / (ni + nj),
                Linkage::Complete => to_keep.max(to_gone),
            };
            d.set(k, keep, updated);
        }
        size[keep] += size[gone];
        active[gone] = false;
        remaining -= 1;
        found.push((keep, gone, value));
    }
    // In order of height (stable, so that a cluster is made before it is used),
    // each side named by the unit or the merge it stands for.
    found.sort_by(|x, y| x.2.total_cmp(&y.2));
    let mut node: Vec<Node> = (0..n).map(Node::Unit).collect();
    let mut sizes: Vec<usize> = vec![1; n];
    found
        .into_iter()
        .enumerate()
        .map(|(index, (keep, gone, value))| {
            let merge = Merge {
                left: node[keep],
                right: node[gone],
                height: match linkage {
                    Linkage::Ward => value.max(0.0).sqrt(),
                    _ => value,
                },
                size: sizes[keep] + sizes[gone],
            };
            sizes[keep] += sizes[gone];
            node[keep] = Node::Merge(index);
            merge
        })
        .collect()
}

/// The group of each of `n` units when the tree is cut into `groups` clusters
/// (groups numbered in order of their first unit).
pub fn cut(merges: &[Merge], n: usize, groups: usize) -> Vec<usize> {
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(parent: &mut [usize], mut unit: usize) -> usize {
        while parent[unit] != unit {
            parent[unit] = parent[parent[unit]];
            unit = parent[unit];
        }
        unit
    }
    // Each merge's representative unit.
    let mut representative = Vec::with_capacity(merges.len());
    let leaf = |node: Node, representative: &[usize]| match node {
        Node::Unit(unit) => unit,
        Node::Merge(merge) => representative[merge],
    };
    for (index, merge) in merges.iter().enumerate() {
        let a = leaf(merge.left, &representative);
        let b = leaf(merge.right, &representative);
        representative.push(a);
        if index < n.saturating_sub(groups) {
            let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
            parent[rb] = ra;
        }
    }
    let mut next = 0;
    let mut of_root: Vec<Option<usize>> = vec![None; n];
    (0..n)
        .map(|unit| {
            let r = root(&mut parent, unit);
            *of_root[r].get_or_insert_with(|| {
                next += 1;
                next - 1
            })
        })
        .collect()
}

/// The adjusted Rand index of two groupings of the same units (Hubert and Arabie
/// 1985): 1 for the same grouping, about 0 for chance.
pub fn adjusted_rand_index(a: &[usize], b: &[usize]) -> f64 {
    let n = a.len();
    let groups_a = a.iter().max().map_or(0, |m| m + 1);
    let groups_b = b.iter().max().map_or(0, |m| m + 1);
    let mut table = vec![vec![0u64; groups_b]; groups_a];
    for (&x, &y) in a.iter().zip(b) {
        table[x][y] += 1;
    }
    let pairs = |k: u64| (k * k.saturating_sub(1)) as f64 / 2.0;
    let index: f64 = table.iter().flatten().map(|&k| pairs(k)).sum();
    let rows: f64 = table.iter().map(|row| pairs(row.iter().sum())).sum();
    let columns: f64 = (0..groups_b)
        .map(|y| pairs(table.iter().map(|row| row[y]).sum()))
        .sum();
    let total = pairs(n as u64);
    let expected = rows * columns / total;
    let maximum = (rows + columns) / 2.0;
    if maximum == expected {
        return 1.0;
    }
    (index - expected) / (maximum - expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Four points on a line at 0, 1, 5, 7.
    fn distances() -> DistanceMatrix {
        let points = [0.0f64, 1.0, 5.0, 7.0];
        DistanceMatrix::from_fn(points.len(), |a, b| (points[a] - points[b]).abs())
    }

    #[test]
    fn linkages_merge_as_hclust_does() {
        // Checked against R: hclust(dist(c(0, 1, 5, 7)), method)$height.
        let heights = |linkage| {
            cluster(distances(), linkage)
                .iter()
                .map(|merge| (merge.height * 1e6).round() / 1e6)
                .collect::<Vec<_>>()
        };
        assert_eq!(heights(Linkage::Complete), vec![1.0, 2.0, 7.0]);
        assert_eq!(heights(Linkage::Average), vec![1.0, 2.0, 5.5]);
        // ward.D2: √(2·SS increase): {0,1} 1, {5,7} 2, then √(2·(4·((0+1+5+7)/4)² ...)).
        let ward = heights(Linkage::Ward);
        assert_eq!(&ward[..2], &[1.0, 2.0]);
        // Between-cluster term: 2·n1·n2/(n1+n2)·(mean1 − mean2)² = 2·1·(0.5 − 6)² = 60.5.
        assert_eq!(ward[2], (60.5f64.sqrt() * 1e6).round() / 1e6);
    }

    /// The chain finds the tree that merging the closest pair every time finds.
    #[test]
    fn the_chain_finds_the_closest_pair_tree() {
        let mut random = crate::random::SplitMix64(7);
        for linkage in [Linkage::Ward, Linkage::Average, Linkage::Complete] {
            for _ in 0..20 {
                let points: Vec<(f64, f64)> = (0..12)
                    .map(|_| (random.below(1000) as f64, random.below(1000) as f64))
                    .collect();
                let distances: Vec<Vec<f64>> = points
                    .iter()
                    .map(|a| {
                        points
                            .iter()
                            .map(|b| ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt())
                            .collect()
                    })
                    .collect();
                let chain: Vec<f64> = cluster(DistanceMatrix::from_rows(&distances), linkage)
                    .iter()
                    .map(|m| m.height)
                    .collect();
                let naive = closest_pair_heights(&distances, linkage);
                for (a, b) in chain.iter().zip(&naive) {
                    assert!(
                        (a - b).abs() < 1e-9,
                        "{linkage:?}: {chain:?} against {naive:?}"
                    );
                }
            }
        }
    }

    /// Merge heights by the textbook method: merge the closest pair, update.
    fn closest_pair_heights(distances: &[Vec<f64>], linkage: Linkage) -> Vec<f64> {
        let n = distances.len();
        let square = linkage == Linkage::Ward;
        let mut d: Vec<Vec<f64>> = distances
            .iter()
            .map(|row| {
                row.iter()
                    .map(|v| if square { v * v } else { *v })
                    .collect()
            })
            .collect();
        let mut active = vec![true; n];
        let mut size = vec![1.0; n];
        let mut heights = Vec::new();
        for _ in 1..n {
            let mut best = (0, 0, f64::INFINITY);
            for i in (0..n).filter(|&i| active[i]) {
                for j in (i + 1..n).filter(|&j| active[j]) {
                    if d[i][j] < best.2 {
                        best = (i, j, d[i][j]);
                    }
                }
            }
            let (i, j, value) = best;
            for k in (0..n).filter(|&k| active[k] && k != i && k != j) {
                let (ni, nj, nk) = (size[i], size[j], size[k]);
                let updated = match linkage {
                    Linkage::Ward => {
                        ((ni + nk) * d[k][i] + (nj + nk) * d[k][j] - nk * value) / (ni + nj + nk)
                    }
                    Linkage::Average => (ni * d[k][i] + nj * d[k][j]) / (ni + nj),
                    Linkage::Complete => d[k][i].max(d[k][j]),
                };
                d[k][i] = updated;
                d[i][k] = updated;
            }
            size[i] += size[j];
            active[j] = false;
            heights.push(if square { value.sqrt() } else { value });
        }
        heights.sort_by(f64::total_cmp);
        heights
    }

    #[test]
    fn cutting_and_scoring_a_tree() {
        let merges = cluster(distances(), Linkage::Average);
        assert_eq!(cut(&merges, 4, 2), vec![0, 0, 1, 1]);
        assert_eq!(cut(&merges, 4, 4), vec![0, 1, 2, 3]);
        assert_eq!(cut(&merges, 4, 1), vec![0, 0, 0, 0]);
        assert_eq!(adjusted_rand_index(&[0, 0, 1, 1], &[1, 1, 0, 0]), 1.0);
        // sklearn.metrics.adjusted_rand_score([0, 0, 1, 1], [0, 1, 0, 1]) == -0.5
        assert!((adjusted_rand_index(&[0, 0, 1, 1], &[0, 1, 0, 1]) + 0.5).abs() < 1e-12);
    }
}
