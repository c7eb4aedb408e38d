//! Grouping the forms of names into persons. Each form, fullest first, joins the
//! person of the one fullest form that contains its words, when joining is safe:
//! `Stalin` and `Comrade Stalin` join `Josef Stalin`, while `Mr. Bennet` and `Mrs.
//! Bennet` stay two people and a bare `Bennet` among Jane and Elizabeth Bennet stays
//! apart. A form that joins no one names a new person.

use std::borrow::Cow;

use crate::hashing::{FastMap as HashMap, FastSet as HashSet};

use super::Person;
use super::names::{Form, title_key};
use crate::voices::{Gender, lists};

/// What the uses of one form tell.
#[derive(Default)]
pub(super) struct FormInfo {
    /// The title the book first gives the form, as written (`Mr.`): a form with
    /// one is a titled person's.
    pub(super) title: Option<String>,
    /// The gender of its title, also when the form leaves the title out.
    pub(super) gender: Option<Gender>,
    pub(super) count: usize,
    /// Uses not after a preposition: `in London Lydia was…` is a chance run of
    /// capitals, `Unlike his mentor, Vladimir Lenin, whose…` a name.
    pub(super) free_uses: usize,
}

/// Groups the forms (in order of first mention) into persons: each form joins the
/// fullest form that contains its words, when exactly one fullest form does. Gives
/// the persons and the person of each form.
pub(super) fn group(forms: &[(Form<'_>, FormInfo)]) -> (Vec<Person>, Vec<usize>) {
    let index = FormIndex::new(forms);
    let mut persons: Vec<Person> = Vec::new();
    let mut person_of_form: Vec<Option<usize>> = vec![None; forms.len()];
    // How many times the book names each person so far.
    let mut named: Vec<usize> = Vec::new();
    for position in fullest_first(forms) {
        let (form, info) = &forms[position];
        let (candidates, why) = index.candidates(form, info);
        let joined = match candidates.as_slice() {
            [only] if why == FIRST_NAME_OF => {
                titles_show_the_first_name(&index, forms, &person_of_form, *only)
                    .map(|person| (person, why))
            }
            [only] => person_of_form[*only].map(|person| (person, why)),
            _ => None,
        }
        .or_else(|| {
            title_alone(form, &persons, &named).map(|person| {
                (
                    person,
                    "the one person, or the one the book names most, with this title",
                )
            })
        });
        let written = written(form, info);
        let person = match joined {
            Some((person, why)) => {
                let joins = &mut persons[person];
                if !joins.forms.contains(&written) {
                    joins
                        .merges
                        .push(format!("“{written}” is “{}”: {why}", joins.name));
                    joins.forms.push(written);
                }
                person
            }
            None => {
                persons.push(new_person(form, info));
                named.push(0);
                persons.len() - 1
            }
        };
        named[person] += info.count;
        if let Some(gender) = form.title_gender.or(info.gender) {
            persons[person].gender = gender;
            persons[person].gender_from = "a title";
        }
        if let Some(title) = &info.title {
            persons[person].is_person = true;
            let key = title_key(title);
            if !persons[person].titles.contains(&key) {
                persons[person].titles.push(key);
            }
        }
        person_of_form[position] = Some(person);
    }
    let person_of_form = person_of_form
        .into_iter()
        .map(|person| person.expect("every form is grouped"))
        .collect();
    (persons, person_of_form)
}

/// The person of the full name `full` (`Adela Quested`) when a first name may join
/// it: the book titles the surname, for someone of the first name's gender, as that
/// person alone. `Adela` is `Adela Quested`, who is `Miss Quested` (her father is
/// `Mr. Quested`), and `Robert` is `Robert Cohn`, who is `Mr. Cohn`; but `Tom` is
/// not `Tom Gradgrind`, the father, as `Mr. Gradgrind` is someone else.
fn titles_show_the_first_name(
    index: &FormIndex<'_>,
    forms: &[(Form<'_>, FormInfo)],
    person_of_form: &[Option<usize>],
    full: usize,
) -> Option<usize> {
    let person = person_of_form[full]?;
    let (full_name, _) = &forms[full];
    let gender = lists::first_name_gender(&full_name.words[0].to_lowercase());
    let mut titled = index
        .titled_with_words(&full_name.words[1..])
        .iter()
        .filter(|&&other| forms[other].0.title_gender == gender)
        .peekable();
    (titled.peek().is_some() && titled.all(|&other| person_of_form[other] == Some(person)))
        .then_some(person)
}

/// Why a first name joins the full name it opens (`Adela` is `Adela Quested`).
const FIRST_NAME_OF: &str = "the one full name that opens with it (or the one the book \
     writes far more often), whose surname the book titles for this person alone among \
     those of the first name's gender";

/// The order in which forms are grouped: fullest forms first, so that shorter ones
/// find their person; titled forms before bare ones of the same length, so
/// `Bounderby` finds `Mr. Bounderby`; else in order of first mention.
fn fullest_first(forms: &[(Form<'_>, FormInfo)]) -> Vec<usize> {
    let mut by_length: Vec<usize> = (0..forms.len()).collect();
    by_length.sort_by_key(|&position| {
        let form = &forms[position].0;
        (
            std::cmp::Reverse(form.words.len()),
            form.title_gender.is_none(),
            position,
        )
    });
    by_length
}

/// True when `longer` has more words than `shorter`, all of them among its own, and
/// no gendered title that differs from the shorter one's.
fn contains(longer: &Form<'_>, shorter: &Form<'_>) -> bool {
    longer.words.len() > shorter.words.len()
        && shorter.words.iter().all(|word| longer.words.contains(word))
        && match (longer.title_gender, shorter.title_gender) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        }
}

/// The title-gender table: the last words the book gives titles of both genders
/// (`Mr. Bennet` and `Mrs. Bennet`, `Mr. Bingley` and `Miss Bingley`).
fn with_titles_of_both_genders<'a>(forms: &'a [(Form<'a>, FormInfo)]) -> HashSet<&'a str> {
    let mut title_genders: HashMap<&str, (bool, bool)> = HashMap::default();
    for (form, _) in forms {
        if let (Some(gender), Some(last)) = (form.title_gender, form.words.last()) {
            let seen = title_genders.entry(last.as_ref()).or_default();
            seen.0 |= gender == Gender::Male;
            seen.1 |= gender == Gender::Female;
        }
    }
    title_genders
        .into_iter()
        .filter(|(_, (male, female))| *male && *female)
        .map(|(word, _)| word)
        .collect()
}

/// The forms, and the ways grouping looks them up.
struct FormIndex<'a> {
    forms: &'a [(Form<'a>, FormInfo)],
    /// The forms with a gendered title, by their words (`Mr. Sleary` under `Sleary`).
    titled_forms: HashMap<&'a [Cow<'a, str>], Vec<usize>>,
    /// The forms that use each word.
    by_word: HashMap<&'a str, Vec<usize>>,
    /// The words the book gives titles of both genders.
    both_genders: HashSet<&'a str>,
}

impl<'a> FormIndex<'a> {
    fn new(forms: &'a [(Form<'a>, FormInfo)]) -> Self {
        let mut titled_forms: HashMap<&[Cow<'a, str>], Vec<usize>> = HashMap::default();
        for (position, (form, _)) in forms.iter().enumerate() {
            if form.title_gender.is_some() {
                titled_forms
                    .entry(form.words.as_slice())
                    .or_default()
                    .push(position);
            }
        }
        let mut by_word: HashMap<&str, Vec<usize>> = HashMap::default();
        for (position, (form, _)) in forms.iter().enumerate() {
            for word in &form.words {
                by_word.entry(word.as_ref()).or_default().push(position);
            }
        }
        FormIndex {
            forms,
            titled_forms,
            by_word,
            both_genders: with_titles_of_both_genders(forms),
        }
    }

    /// The forms that `form` may join; it joins one only when there is exactly one.
    ///
    /// Joining is only safe in some cases. A form with a gendered title stays as
    /// the book names it (Mr. and Mrs. Bennet are two people). A single word joins
    /// the one fuller form it ends (`Lenin` → `Vladimir Lenin`, not `Lenin
    /// Mausoleum`; never `Mary` → `Mary King`, as novels call people by their
    /// first names), used twice or once not after a preposition (not a chance
    /// run of capitals such as `in London Lydia`). When the book has the word with
    /// titles of both genders (Mr. and Miss Bingley), it joins the man's. A form of
    /// several words without a title joins the fullest form that contains it, or
    /// else the one form with the same words and a title.
    /// Gives the candidates and the reason a join with the only one would have.
    fn candidates(&self, form: &Form<'_>, info: &FormInfo) -> (Vec<usize>, &'static str) {
        let fullest = self.fullest_containing(form);
        if form.title_gender.is_some() {
            (
                self.for_titled_form(form, fullest),
                "the one fuller name the book gives the same title",
            )
        } else if form.words.len() == 1 {
            self.for_single_word(form, info, fullest)
        } else if fullest.is_empty() {
            // `de Griers` is `Monsieur de Griers`, as `Sleary` is `Mr. Sleary`.
            (
                self.titled(form, None),
                "the one person the book gives this name with a title",
            )
        } else {
            (fullest, "the one fullest name that contains all its words")
        }
    }

    /// The fullest forms that contain `form`: those no other form containing it
    /// contains in turn.
    fn fullest_containing(&self, form: &Form<'_>) -> Vec<usize> {
        let forms = self.forms;
        // Only forms that share its first word can contain it.
        let fuller: Vec<usize> = self
            .by_word
            .get(form.words[0].as_ref())
            .into_iter()
            .flatten()
            .copied()
            .filter(|&other| contains(&forms[other].0, form))
            .collect();
        fuller
            .iter()
            .copied()
            .filter(|&candidate| {
                !fuller
                    .iter()
                    .any(|&other| contains(&forms[other].0, &forms[candidate].0))
            })
            .collect()
    }

    /// `Mrs. Forrester` is `Mrs. Cecil Forrester` when the book gives the fuller
    /// name the same title; `Miss Quested` is `Adela Quested`, the one woman's
    /// first name the book writes before the surname. (Not `Mrs.`, which a
    /// mother shares with her daughters' surname.) `Mr. Denham` is `Ralph Denham`,
    /// the one man's first name the book writes before the surname, when the
    /// narration calls him by the bare surname ([`SURNAME_IN_NARRATION`] times):
    /// a father shares `Mr.` with his sons (`Mr. Miller` is not his son `Randolph
    /// Miller`), but the narration does not call a boy by the family's surname.
    fn for_titled_form(&self, form: &Form<'_>, fullest: Vec<usize>) -> Vec<usize> {
        let first_name_is = |fuller: &Form<'_>, gender: Gender| {
            fuller.words.len() == 2
                && lists::first_name_gender(&fuller.words[0].to_lowercase()) == Some(gender)
        };
        let surname_alone = || {
            self.bare(form.words.as_slice())
                .is_some_and(|info| info.free_uses >= SURNAME_IN_NARRATION)
        };
        fullest
            .into_iter()
            .filter(|&fuller| {
                let (fuller, fuller_info) = &self.forms[fuller];
                let same_title = fuller_info.title.as_deref().map(title_key) == form.title;
                let untitled = fuller_info.title.is_none();
                let unmarried_woman = form.title.as_deref() == Some("miss")
                    && untitled
                    && first_name_is(fuller, Gender::Female);
                let man = form.title.as_deref() == Some("mr")
                    && untitled
                    && first_name_is(fuller, Gender::Male)
                    && surname_alone();
                fuller.words.last() == form.words.last() && (same_title || unmarried_woman || man)
            })
            .collect()
    }

    /// What the uses of `words` without a title tell, if the book writes them so.
    fn bare(&self, words: &[Cow<'a, str>]) -> Option<&FormInfo> {
        self.by_word
            .get(words.first()?.as_ref())?
            .iter()
            .map(|&other| &self.forms[other])
            .find(|(other, _)| other.title_gender.is_none() && other.words == words)
            .map(|(_, info)| info)
    }

    /// The forms a single word may join, and why.
    fn for_single_word(
        &self,
        form: &Form<'_>,
        info: &FormInfo,
        fullest: Vec<usize>,
    ) -> (Vec<usize>, &'static str) {
        let word = form.words[0].as_ref();
        if self.both_genders.contains(word) {
            // Mr. and Mrs. Bounderby: the prose of novels and of the press calls
            // the man by his bare surname and the woman by her title.
            (
                self.titled(form, Some(Gender::Male)),
                "the man of the name, as the book gives it titles of both genders",
            )
        } else if let [only] = self.titled(form, None).as_slice()
            && lists::first_name_gender(&word.to_lowercase()).is_none()
            // `the General` is no `Madame General`: a title used as a name is
            // nobody's surname.
            && lists::honorific(&word.to_lowercase()).is_none()
            && (info.title.is_none() || self.forms[*only].0.title_gender == Some(Gender::Male))
            // `Mrs. Braddocks` shares her married name: the bare `Braddocks` is her
            // husband, whom the book never titles.
            && self.forms[*only].1.title.as_deref().is_none_or(|title| title_key(title) != "mrs")
        {
            // A surname alone is the one person the book gives it with a title:
            // `Sleary` is `Mr. Sleary`, not his daughter `Josephine Sleary`. (A
            // first name is not: `Tom` is not `Mr. Tom`.) A surname with a title
            // of no gender of its own is the man's (`Doctor Losberne` is `Mr.
            // Losberne`), not the woman's: `Mrs. Callendar` is the wife of `Major
            // Callendar`.
            (
                vec![*only],
                "the one person the book gives this surname with a title",
            )
        } else {
            let joins: Vec<usize> = fullest
                .into_iter()
                .filter(|&fuller| {
                    let (fuller, fuller_info) = &self.forms[fuller];
                    // `Cassandra Katharine` or `Mostyn Henry`, met once, is two
                    // names side by side (a list, a full stop lost), not Katharine's
                    // or Henry's full name: a full name that ends in a first name
                    // must be used twice.
                    let ends_in_first_name =
                        lists::first_name_gender(&word.to_lowercase()).is_some();
                    fuller.words.last().map(AsRef::as_ref) == Some(word)
                        && (fuller_info.count >= 2
                            || (!ends_in_first_name && fuller_info.free_uses >= 1))
                })
                .collect();
            if joins.is_empty() && lists::first_name_gender(&word.to_lowercase()).is_some() {
                // `Adela` is `Adela Quested` when the book's titled forms of the
                // surname are hers too (`Miss Quested`): see `group`.
                let opens = self.fullest_starting_with(word);
                return (opens, FIRST_NAME_OF);
            }
            (
                joins,
                "the one fuller name, used twice or not after a preposition, that ends with it",
            )
        }
    }

    /// The full names of two words that open with `word`: all of them, or the one
    /// the book writes [`DOMINANT`] times as often as the others together (`Robert
    /// Cohn` 56 times, `Robert Prentiss` once).
    fn fullest_starting_with(&self, word: &str) -> Vec<usize> {
        let opening: Vec<usize> = self
            .by_word
            .get(word)
            .into_iter()
            .flatten()
            .copied()
            .filter(|&other| {
                let fuller = &self.forms[other].0;
                fuller.words.len() == 2 && fuller.words[0] == word
            })
            .collect();
        let count = |form: usize| self.forms[form].1.count;
        let total: usize = opening.iter().map(|&form| count(form)).sum();
        match opening.iter().copied().max_by_key(|&form| count(form)) {
            Some(most) if count(most) >= DOMINANT * (total - count(most)) => vec![most],
            _ => opening,
        }
    }

    /// The forms with the words `words` and a gendered title (`Miss Quested`).
    fn titled_with_words(&self, words: &[Cow<'a, str>]) -> &[usize] {
        self.titled_forms.get(words).map_or(&[], Vec::as_slice)
    }

    /// The forms with the words of `form` and a gendered title: `gender`'s, or any.
    fn titled(&self, form: &Form<'_>, gender: Option<Gender>) -> Vec<usize> {
        self.titled_forms
            .get(form.words.as_slice())
            .into_iter()
            .flatten()
            .copied()
            .filter(|&other| {
                gender.is_none_or(|gender| self.forms[other].0.title_gender == Some(gender))
            })
            .collect()
    }
}

/// A new person named by `form`: with its title when the title tells people apart
/// (`Mr. Bennet`) or the name is one word (`Dr. Watson`); a name of several words
/// is a person's.
fn new_person(form: &Form<'_>, info: &FormInfo) -> Person {
    let name = match &info.title {
        Some(title) if form.title_gender.is_some() || form.words.len() == 1 => {
            format!("{title} {}", form.words.join(" "))
        }
        _ => form.words.join(" "),
    };
    Person {
        forms: vec![written(form, info)],
        name,
        gender: Gender::Unknown,
        gender_from: "",
        is_person: form.words.len() > 1,
        not_a_person: None,
        place_or_body: false,
        merges: Vec::new(),
        titles: Vec::new(),
    }
}

/// A form as the book writes it: its title (if it has one) and its words.
fn written(form: &Form<'_>, info: &FormInfo) -> String {
    match (&info.title, form.title_gender) {
        (Some(title), Some(_)) => format!("{title} {}", form.words.join(" ")),
        _ => form.words.join(" "),
    }
}

/// A title used as a name (`said Mademoiselle`) is the one person the book names
/// with that title (`Mademoiselle Reisz`), if there is exactly one, or the one it
/// names [`DOMINANT`] times as often as all the others with that title together
/// (`Mademoiselle Reisz` 45 times, `Mademoiselle Duvigne` once).
fn title_alone(form: &Form<'_>, persons: &[Person], named: &[usize]) -> Option<usize> {
    let [word] = form.words.as_slice() else {
        return None;
    };
    if form.title_gender.is_some() || lists::honorific(&word.to_lowercase()).is_none() {
        return None;
    }
    let prefix = format!("{word} ");
    let titled: Vec<usize> = (0..persons.len())
        .filter(|&person| persons[person].name.starts_with(&prefix))
        .collect();
    let &first = titled.first()?;
    if titled
        .iter()
        .all(|&person| persons[person].name == persons[first].name)
    {
        return Some(first);
    }
    let &most = titled.iter().max_by_key(|&&person| named[person])?;
    let others: usize = titled
        .iter()
        .filter(|&&person| person != most)
        .map(|&person| named[person])
        .sum();
    (named[most] >= DOMINANT * others).then_some(most)
}

/// How many times as often as all the others the book must name a person for a bare
/// title to be theirs (see [`title_alone`]), or write a full name for the first name
/// that opens it and others to be its (see `FormIndex::fullest_starting_with`).
const DOMINANT: usize = 5;

/// How many times the narration must call a man by his bare surname, not after a
/// preposition, for `Mr.` and the surname to join the one man's full name (see
/// `FormIndex::for_titled_form`).
const SURNAME_IN_NARRATION: usize = 5;

/// The one person the book gives `title` (`Doctor` for `Doctor Losberne`, who is
/// also `Mr. Losberne`), if there is exactly one: whom `the doctor` names.
pub fn the_one_titled(persons: &[Person], title: &str) -> Option<usize> {
    let key = title_key(title);
    let mut titled = persons
        .iter()
        .enumerate()
        .filter(|(_, person)| person.may_speak() && person.titles.contains(&key));
    let (person, _) = titled.next()?;
    titled.next().is_none().then_some(person)
}
