//! Nearest neighbours and authorship attribution.
//!
//! A unit of unknown author goes to the nearest author, two ways: the author whose
//! centroid (the mean of that author's units in the distance's space) is nearest,
//! and the author of the nearest single unit. As in stylo's `classify()`, z-scores
//! are taken over the units of known author only (the training set), so that the
//! units to attribute do not shape the space they are attributed in: on the
//! Federalist Papers this is what gives all 12 disputed papers to Madison at every
//! setting from 100 to 1,000 words, where z-scores over all the papers lose one or
//! two at 100, 200, 300 and 500 (`benches/stylometry.rs`). Leave-one-out on the
//! known units says how far to trust either way: each known unit in turn is
//! attributed as if unknown, in a space and against centroids made without it. A
//! unit outside the standardization has its z-scores capped at the largest the
//! known units could have ([`FrequencyTable::z_scores`]): without the cap, a word
//! the unit alone uses much (a character's name, at a few thousand MFW) gets a huge
//! z-score and decides the cosine by itself; on the British novels, leave-one-out
//! fell from 100% to 67% at 5,000 words for that reason alone.

use rayon::prelude::*;

use super::distance::Distance;
use super::matrix::DistanceMatrix;
use super::table::FrequencyTable;
use super::units::Unit;

/// The nearest other unit of each unit: (index, distance).
pub fn nearest_neighbours(distances: &DistanceMatrix) -> Vec<Option<(usize, f64)>> {
    (0..distances.len())
        .map(|unit| {
            distances
                .row(unit)
                .enumerate()
                .filter(|&(other, _)| other != unit)
                .min_by(|a, b| a.1.total_cmp(&b.1))
        })
        .collect()
}

/// Where an unknown unit goes.
#[derive(Clone, Debug, PartialEq)]
pub struct Attribution {
    pub unit: usize,
    /// The author of the nearest centroid, and the distance to it.
    pub by_centroid: (String, f64),
    /// The runner-up author and its centroid's distance (the margin of the choice).
    pub runner_up: Option<(String, f64)>,
    /// The author of the nearest unit of known author, that unit and the distance.
    pub by_nearest_unit: (String, usize, f64),
}

/// The authors of the known units, in order of first appearance.
pub fn authors(units: &[Unit]) -> Vec<String> {
    let mut authors: Vec<String> = Vec::new();
    for author in units.iter().filter_map(|unit| unit.author.as_ref()) {
        if !authors.contains(author) {
            authors.push(author.clone());
        }
    }
    authors
}

/// The centroid of the known units of `author` in `space`, leaving out `without`.
fn centroid(
    space: &[Vec<f64>],
    units: &[Unit],
    author: &str,
    without: Option<usize>,
) -> Option<Vec<f64>> {
    let members: Vec<&Vec<f64>> = units
        .iter()
        .zip(space)
        .enumerate()
        .filter(|(index, (unit, _))| {
            unit.author.as_deref() == Some(author) && Some(*index) != without
        })
        .map(|(_, (_, point))| point)
        .collect();
    let first = members.first()?;
    let mut mean = vec![0.0; first.len()];
    for point in &members {
        for (sum, value) in mean.iter_mut().zip(point.iter()) {
            *sum += value;
        }
    }
    for sum in &mut mean {
        *sum /= members.len() as f64;
    }
    Some(mean)
}

/// Attributes unit `unit` (as if its author were unknown) among the known units
/// other than itself.
fn attribute_one(
    space: &[Vec<f64>],
    units: &[Unit],
    authors: &[String],
    distance: Distance,
    unit: usize,
) -> Option<Attribution> {
    let mut by_author: Vec<(String, f64)> = authors
        .iter()
        .filter_map(|author| {
            let centre = centroid(space, units, author, Some(unit))?;
            Some((author.clone(), distance.between(&space[unit], &centre)))
        })
        .collect();
    by_author.sort_by(|a, b| a.1.total_cmp(&b.1));
    let mut ranked = by_author.into_iter();
    let by_centroid = ranked.next()?;
    let runner_up = ranked.next();
    let (nearest, nearest_distance) = units
        .iter()
        .enumerate()
        .filter(|(other, candidate)| *other != unit && candidate.author.is_some())
        .map(|(other, _)| (other, distance.between(&space[unit], &space[other])))
        .min_by(|a, b| a.1.total_cmp(&b.1))?;
    Some(Attribution {
        unit,
        by_centroid,
        runner_up,
        by_nearest_unit: (
            units[nearest].author.clone().unwrap_or_default(),
            nearest,
            nearest_distance,
        ),
    })
}

/// Which units are of known author.
fn known(units: &[Unit]) -> Vec<bool> {
    units.iter().map(|unit| unit.author.is_some()).collect()
}

/// The attribution of every unit of unknown author.
pub fn attribute(table: &FrequencyTable, units: &[Unit], distance: Distance) -> Vec<Attribution> {
    let authors = authors(units);
    if authors.len() < 2 {
        return Vec::new();
    }
    let space = distance.space(table, Some(&known(units)));
    let space = &space;
    (0..units.len())
        .into_par_iter()
        .filter(|&unit| units[unit].author.is_none())
        .filter_map(|unit| attribute_one(space, units, &authors, distance, unit))
        .collect()
}

/// Leave-one-out accuracy on the units of known author.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LeaveOneOut {
    /// Units whose author has at least one other unit (the others cannot be right).
    pub units: usize,
    pub right_by_centroid: usize,
    pub right_by_nearest_unit: usize,
}

impl LeaveOneOut {
    pub fn centroid_accuracy(&self) -> Option<f64> {
        (self.units > 0).then(|| self.right_by_centroid as f64 / self.units as f64)
    }

    pub fn nearest_unit_accuracy(&self) -> Option<f64> {
        (self.units > 0).then(|| self.right_by_nearest_unit as f64 / self.units as f64)
    }
}

/// Attributes each known unit as if unknown, against the others, in a space
/// standardized without it.
pub fn leave_one_out(table: &FrequencyTable, units: &[Unit], distance: Distance) -> LeaveOneOut {
    let authors = authors(units);
    let mut result = LeaveOneOut::default();
    if authors.len() < 2 {
        return result;
    }
    let reference = known(units);
    // Each unit in parallel, each with a table of its own: the settings are
    // compared one after the other, so this is where a corpus with authors uses
    // every core.
    let rights: Vec<(bool, bool)> = (0..units.len())
        .into_par_iter()
        .filter_map(|index| {
            let author = units[index].author.as_ref()?;
            let others = units
                .iter()
                .enumerate()
                .filter(|(other, candidate)| {
                    *other != index && candidate.author.as_ref() == Some(author)
                })
                .count();
            if others == 0 {
                return None;
            }
            let mut without = reference.clone();
            without[index] = false;
            let space = distance.space(table, Some(&without));
            let attribution = attribute_one(&space, units, &authors, distance, index)?;
            Some((
                &attribution.by_centroid.0 == author,
                &attribution.by_nearest_unit.0 == author,
            ))
        })
        .collect();
    result.units = rights.len();
    result.right_by_centroid = rights.iter().filter(|(centroid, _)| *centroid).count();
    result.right_by_nearest_unit = rights.iter().filter(|(_, nearest)| *nearest).count();
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(name: &str, author: Option<&str>) -> Unit {
        Unit {
            name: name.to_string(),
            author: author.map(str::to_string),
            counts: Vec::new(),
            words: 0,
            sequence: Vec::new(),
        }
    }

    #[test]
    fn the_unknown_unit_goes_to_the_nearest_centroid() {
        let units = [
            unit("a1", Some("A")),
            unit("a2", Some("A")),
            unit("b1", Some("B")),
            unit("b2", Some("B")),
            unit("x", None),
        ];
        // A near 0, B near 10; x at 4 is nearer A's centroid (1) than B's (10), and
        // its nearest single unit is a2 (at 2).
        let table = FrequencyTable {
            words: vec!["the".to_string()],
            rows: vec![vec![0.0], vec![2.0], vec![9.0], vec![11.0], vec![4.0]],
        };
        let found = attribute(&table, &units, Distance::Manhattan);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].by_centroid, ("A".to_string(), 3.0));
        assert_eq!(found[0].runner_up, Some(("B".to_string(), 6.0)));
        assert_eq!(found[0].by_nearest_unit, ("A".to_string(), 1, 2.0));
        let loo = leave_one_out(&table, &units, Distance::Manhattan);
        assert_eq!(loo.units, 4);
        assert_eq!(loo.centroid_accuracy(), Some(1.0));
        assert_eq!(
            nearest_neighbours(&DistanceMatrix::from_rows(&[
                vec![0.0, 1.0, 3.0],
                vec![1.0, 0.0, 1.5],
                vec![3.0, 1.5, 0.0]
            ])),
            vec![Some((1, 1.0)), Some((0, 1.0)), Some((1, 1.5))]
        );
    }
}
