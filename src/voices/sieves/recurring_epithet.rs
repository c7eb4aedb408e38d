//! Sieve 12, `recurring_epithet`: an epithet the book gives one character again and
//! again (`the child` for Randolph in *Daisy Miller*, `the girl` for Nancy in
//! *Oliver Twist*) stands for that character wherever the turn itself cannot tell.

use crate::hashing::FastMap as HashMap;

use super::ranked_turn::who_may_be;
use super::tags::Subject;
use super::{Decision, Sieve, Speaker, StandsFor, State, stands_for_someone, unresolved_tag};
use crate::voices::Quote;

/// How many tags must give an epithet before the book is taken to use it for one
/// character.
const RECURRING: usize = 3;
/// The least share of the epithet's tags that must point to its character: the
/// tags resolved to them count whole, the unresolved ones by the ranker's
/// probability for them.
const SHARE: f64 = 0.5;

/// The character a recurring epithet stands for, with the share of its tags that
/// point to them and how many tags give it.
#[derive(Clone, Copy)]
pub(super) struct Recurring {
    person: usize,
    share: f64,
    tags: usize,
}

/// Sieve 12: a tag whose subject is an epithet (`said the child`) that no earlier
/// sieve resolved is spoken by the one character the book's tags with that
/// epithet point to: at least [`RECURRING`] tags give it, and the character holds
/// at least [`SHARE`] of them and twice what anyone else does.
pub(super) struct RecurringEpithet;

impl Sieve for RecurringEpithet {
    fn name(&self) -> &'static str {
        "recurring_epithet"
    }

    fn revisits_unresolved(&self) -> bool {
        true
    }

    fn decide(&self, state: &mut State, quotes: &[Quote], index: usize) -> Option<Decision> {
        let Some(Speaker::Unresolved(epithet, _)) = &state.speakers[index] else {
            return None;
        };
        let key = epithet.to_lowercase();
        if state.recurring_epithets.is_none() {
            state.recurring_epithets = Some(recurring_epithets(state, quotes));
        }
        let Recurring {
            person,
            share,
            tags,
        } = *state.recurring_epithets.as_ref()?.get(&key)?;
        let name = &state.people.persons[person].name;
        let tag = unresolved_tag(&quotes[index]);
        Some(
            Decision::speaker(
                Speaker::Person(person),
                share as f32,
                format!(
                    "{tag} ({key} = {name}, to whom {:.0}% of the book's {tags} tags `{key}` point)",
                    100.0 * share
                ),
            )
            .in_situation("recurring"),
        )
    }
}

/// The epithet of a tag (`the child`), lower case, when the tag's subject is one.
fn epithet_of_tag(state: &State, index: usize) -> Option<String> {
    let tag = state.tags[index].adjacent.as_ref()?;
    let Subject::Described { name, .. } = &tag.subject else {
        return None;
    };
    matches!(
        stands_for_someone(name),
        Some(StandsFor::Epithet { after_the: true })
    )
    .then(|| name.to_lowercase())
}

/// Every epithet the book's tags give often enough to one character, and that
/// character. A tag the sieves resolved to a person votes for them whole; an
/// unresolved one spreads its vote over those who may be the epithet there, by the
/// ranker's probability.
fn recurring_epithets(state: &State, quotes: &[Quote]) -> HashMap<String, Recurring> {
    let mut votes: HashMap<String, (usize, HashMap<usize, f64>)> = HashMap::default();
    for index in 0..quotes.len() {
        let Some(epithet) = epithet_of_tag(state, index) else {
            continue;
        };
        let ballot: Vec<(usize, f64)> = match &state.speakers[index] {
            Some(Speaker::Person(person)) => vec![(*person, 1.0)],
            Some(Speaker::Unresolved(_, gender)) => {
                who_may_be(state, quotes, index, *gender, &epithet)
            }
            _ => continue,
        };
        let (tags, people) = votes.entry(epithet).or_default();
        *tags += 1;
        for (person, vote) in ballot {
            *people.entry(person).or_default() += vote;
        }
    }
    votes
        .into_iter()
        .filter_map(|(epithet, (tags, people))| {
            let mut ranked: Vec<(usize, f64)> = people.into_iter().collect();
            ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            let (person, best) = *ranked.first()?;
            let second = ranked.get(1).map_or(0.0, |&(_, vote)| vote);
            let share = best / tags as f64;
            (tags >= RECURRING && share >= SHARE && best >= 2.0 * second).then_some((
                epithet,
                Recurring {
                    person,
                    share,
                    tags,
                },
            ))
        })
        .collect()
}
