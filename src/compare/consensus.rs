//! Trees as Newick strings (what a report draws), and the bootstrap consensus tree
//! over an MFW range (stylo's "BCT"): the clades that more than half of the
//! settings' trees share, each with the share of trees that have it (majority rule,
//! consensus strength 0.5).

use super::cluster::{Merge, Node};
use crate::hashing::FastMap;

/// A set of units, one bit each.
type Clade = Vec<u64>;

fn clade_of(units: &[usize], n: usize) -> Clade {
    let mut bits = vec![0u64; n.div_ceil(64)];
    for &unit in units {
        bits[unit / 64] |= 1 << (unit % 64);
    }
    bits
}

fn members(clade: &Clade, n: usize) -> Vec<usize> {
    (0..n)
        .filter(|&unit| clade[unit / 64] & (1 << (unit % 64)) != 0)
        .collect()
}

/// The units under each merge of a tree.
fn merge_members(merges: &[Merge]) -> Vec<Vec<usize>> {
    let mut under: Vec<Vec<usize>> = Vec::with_capacity(merges.len());
    for merge in merges {
        let mut units = Vec::new();
        for node in [merge.left, merge.right] {
            match node {
                Node::Unit(unit) => units.push(unit),
                Node::Merge(index) => units.extend(&under[index]),
            }
        }
        units.sort_unstable();
        under.push(units);
    }
    under
}

/// A name fit for Newick: quoted when it holds anything but letters, digits, `_`,
/// `-` and `.`.
fn newick_name(name: &str) -> String {
    if name
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
    {
        name.to_string()
    } else {
        format!("'{}'", name.replace('\'', "''"))
    }
}

/// The tree of `merges` in Newick format, branch lengths from the merge heights.
pub fn newick(merges: &[Merge], names: &[String]) -> String {
    fn write(node: Node, merges: &[Merge], names: &[String], parent: f64, out: &mut String) {
        match node {
            Node::Unit(unit) => {
                out.push_str(&newick_name(&names[unit]));
                out.push_str(&format!(":{}", parent.max(0.0)));
            }
            Node::Merge(index) => {
                let merge = &merges[index];
                out.push('(');
                write(merge.left, merges, names, merge.height, out);
                out.push(',');
                write(merge.right, merges, names, merge.height, out);
                out.push(')');
                out.push_str(&format!(":{}", (parent - merge.height).max(0.0)));
            }
        }
    }
    let mut out = String::new();
    match merges.len() {
        0 => {
            let leaves: Vec<String> = names.iter().map(|n| newick_name(n)).collect();
            out.push_str(&format!("({})", leaves.join(",")));
        }
        last => {
            let root = &merges[last - 1];
            out.push('(');
            write(root.left, merges, names, root.height, &mut out);
            out.push(',');
            write(root.right, merges, names, root.height, &mut out);
            out.push(')');
        }
    }
    out.push(';');
    out
}

/// A clade of the consensus tree: its units and the share of trees that have it.
#[derive(Clone, Debug, PartialEq)]
pub struct ConsensusClade {
    pub units: Vec<usize>,
    pub support: f64,
}

/// The majority-rule consensus of `trees` (each a list of merges over `n` units):
/// the clades of more than one unit and fewer than all that more than half of the
/// trees share, largest first.
pub fn consensus(trees: &[Vec<Merge>], n: usize) -> Vec<ConsensusClade> {
    let mut counts: FastMap<Clade, usize> = FastMap::default();
    for merges in trees {
        for units in merge_members(merges) {
            if units.len() < n {
                *counts.entry(clade_of(&units, n)).or_default() += 1;
            }
        }
    }
    let mut kept: Vec<ConsensusClade> = counts
        .into_iter()
        .filter(|(_, count)| 2 * count > trees.len())
        .map(|(clade, count)| ConsensusClade {
            units: members(&clade, n),
            support: count as f64 / trees.len() as f64,
        })
        .collect();
    kept.sort_by(|a, b| {
        b.units
            .len()
            .cmp(&a.units.len())
            .then(a.units.cmp(&b.units))
    });
    kept
}

/// The consensus tree in Newick format, each clade labelled with its support.
pub fn consensus_newick(clades: &[ConsensusClade], names: &[String]) -> String {
    let n = names.len();
    // A node is the whole set, a clade, or a unit; children of a clade are the
    // largest clades inside it and the units no such clade holds.
    fn write(
        units: &[usize],
        support: Option<f64>,
        clades: &[ConsensusClade],
        names: &[String],
        out: &mut String,
    ) {
        if units.len() == 1 {
            out.push_str(&newick_name(&names[units[0]]));
            return;
        }
        let inside: Vec<&ConsensusClade> = clades
            .iter()
            .filter(|c| c.units.len() < units.len() && c.units.iter().all(|u| units.contains(u)))
            .collect();
        // The maximal ones: not inside another clade inside.
        let maximal: Vec<&ConsensusClade> = inside
            .iter()
            .filter(|c| {
                !inside.iter().any(|other| {
                    other.units.len() > c.units.len()
                        && c.units.iter().all(|u| other.units.contains(u))
                })
            })
            .copied()
            .collect();
        out.push('(');
        let mut first = true;
        for clade in &maximal {
            if !first {
                out.push(',');
            }
            first = false;
            write(&clade.units, Some(clade.support), clades, names, out);
        }
        for &unit in units {
            if maximal.iter().any(|c| c.units.contains(&unit)) {
                continue;
            }
            if !first {
                out.push(',');
            }
            first = false;
            out.push_str(&newick_name(&names[unit]));
        }
        out.push(')');
        if let Some(support) = support {
            out.push_str(&format!("{support:.2}"));
        }
    }
    let mut out = String::new();
    let all: Vec<usize> = (0..n).collect();
    write(&all, None, clades, names, &mut out);
    out.push(';');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::cluster::{Linkage, cluster};
    use crate::compare::matrix::DistanceMatrix;

    fn tree(points: &[f64]) -> Vec<Merge> {
        let distances = DistanceMatrix::from_fn(points.len(), |a, b| (points[a] - points[b]).abs());
        cluster(distances, Linkage::Average)
    }

    #[test]
    fn newick_of_a_small_tree() {
        let names: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        // a and b at 1, then c at 5.5 (the mean of 5 and 6).
        let merges = tree(&[0.0, 1.0, 6.0]);
        assert_eq!(newick(&merges, &names), "((a:1,b:1):4.5,c:5.5);");
    }

    #[test]
    fn majority_rule_keeps_the_clades_most_trees_share() {
        let names: Vec<String> = ["a", "b", "c", "d"].map(String::from).to_vec();
        // Two of three trees join a with b and c with d; the third joins a with c.
        let trees = vec![
            tree(&[0.0, 1.0, 10.0, 11.0]),
            tree(&[0.0, 1.0, 10.0, 11.5]),
            tree(&[0.0, 6.0, 1.0, 20.0]),
        ];
        let clades = consensus(&trees, 4);
        let found: Vec<(Vec<usize>, String)> = clades
            .iter()
            .map(|c| (c.units.clone(), format!("{:.2}", c.support)))
            .collect();
        assert_eq!(
            found,
            vec![
                (vec![0, 1], "0.67".to_string()),
                (vec![2, 3], "0.67".to_string())
            ]
        );
        assert_eq!(consensus_newick(&clades, &names), "((a,b)0.67,(c,d)0.67);");
    }
}
